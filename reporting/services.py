"""Every write to the reporting line: one transaction each, with history context and, where
sensitive data is read, an access event."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pghistory
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.choices import REPORT_TRIAGERS, REPORTER_IDENTITY_READERS
from audit.choices import AccessAction
from audit.services import access_event_record

from . import attachments
from .models import (
    Channel,
    ClosureReason,
    InternalNote,
    MessageDirection,
    MessageKind,
    ReminderKind,
    Report,
    ReportAttachment,
    ReporterIdentity,
    ReportMessage,
    ReportPersonLink,
    ReportReminder,
    ReportStatus,
)

# Unambiguous characters (no 0/O, 1/I/L): easy to copy from a screen or read over the phone.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECEIPT_LENGTH = 20  # 20 characters from 31: about 99 bits from the operating system's CSPRNG


class AlreadySubmitted(Exception):
    """The same form was sent twice: the first one made the report."""


def _random(alphabet: str, length: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


def normalise_receipt(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def format_receipt(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def receipt_hash(salt: str, code: str) -> str:
    return hashlib.sha256(f"{salt}:{normalise_receipt(code)}".encode()).hexdigest()


def new_reference() -> str:
    return "RPT-" + _random(REFERENCE_ALPHABET, 4) + "-" + _random(REFERENCE_ALPHABET, 4)


def normalise_reference(reference: str) -> str:
    cleaned = "".join(ch for ch in reference.upper() if ch.isalnum())
    if cleaned.startswith("RPT"):
        cleaned = cleaned[3:]
    return f"RPT-{cleaned[:4]}-{cleaned[4:8]}" if len(cleaned) == 8 else reference.strip().upper()


def due_dates(received: datetime) -> tuple[date, date]:
    day = timezone.localtime(received).date()
    return (
        day + timedelta(days=settings.REPORT_ACKNOWLEDGE_DAYS),
        day + relativedelta(months=settings.REPORT_FEEDBACK_MONTHS),
    )


def _store_files(report: Report, uploads: list, message: ReportMessage | None = None) -> list[ReportAttachment]:
    stored = []
    for upload in uploads:
        checked = attachments.check_upload(upload)
        path = attachments.store(upload, checked)
        stored.append(
            ReportAttachment.objects.create(
                report=report,
                message=message,
                name=checked.name,
                size=checked.size,
                sha256=checked.sha256,
                content_type=checked.content_type,
                kind=checked.kind,
                path=path,
            )
        )
    return stored


@dataclass
class Submitted:
    report: Report
    receipt: str  # shown once to the reporter; never stored


def report_submit(
    *,
    submission_token,
    what_happened: str,
    when_happened: str = "",
    where_happened: str = "",
    people_described: str = "",
    how_known: str = "",
    how_known_detail: str = "",
    ongoing: bool | None = None,
    identity: dict | None = None,
    uploads: list | None = None,
) -> Submitted:
    """A report from the portal. Returns the reference and the receipt code (shown once)."""
    if Report.objects.filter(submission_token=submission_token).exists():
        raise AlreadySubmitted()
    receipt = _random(RECEIPT_ALPHABET, RECEIPT_LENGTH)
    salt = secrets.token_hex(16)
    now = timezone.now()
    acknowledge_due, feedback_due = due_dates(now)
    for _attempt in range(5):
        try:
            with transaction.atomic(), pghistory.context(reason="report sent on the public portal"):
                report = Report.objects.create(
                    reference=new_reference(),
                    channel=Channel.PORTAL,
                    submission_token=submission_token,
                    received_at=now,
                    what_happened=what_happened,
                    when_happened=when_happened,
                    where_happened=where_happened,
                    people_described=people_described,
                    how_known=how_known,
                    how_known_detail=how_known_detail,
                    ongoing=ongoing,
                    anonymous=not identity,
                    receipt_salt=salt,
                    receipt_hash=receipt_hash(salt, receipt),
                    acknowledge_due_on=acknowledge_due,
                    feedback_due_on=feedback_due,
                )
                if identity:
                    ReporterIdentity.objects.create(report=report, **identity)
                _store_files(report, uploads or [])
            return Submitted(report=report, receipt=format_receipt(receipt))
        except IntegrityError:
            if Report.objects.filter(submission_token=submission_token).exists():
                raise AlreadySubmitted() from None
            # a reference collision (one in ~850 billion): draw again
    raise RuntimeError("could not allocate a report reference")


def receipt_check(*, reference: str, receipt: str) -> Report | None:
    """The report these credentials open, or None (constant-time comparison of the hashes)."""
    report = Report.objects.filter(reference=normalise_reference(reference), channel=Channel.PORTAL).first()
    if report is None or not report.receipt_hash:
        # Same work either way, so timing does not reveal whether a reference exists.
        hmac.compare_digest(receipt_hash("x" * 32, receipt), "0" * 64)
        return None
    if hmac.compare_digest(receipt_hash(report.receipt_salt, receipt), report.receipt_hash):
        return report
    return None


def reporter_message_add(*, report: Report, body: str, uploads: list | None = None) -> ReportMessage:
    if report.status == ReportStatus.CLOSED and not report.can_message_reporter:
        raise ValidationError("This report is closed.")
    with transaction.atomic(), pghistory.context(reason="reporter added information on the portal"):
        message = ReportMessage.objects.create(
            report=report, direction=MessageDirection.FROM_REPORTER, kind=MessageKind.REPORTER, body=body
        )
        _store_files(report, uploads or [], message=message)
        Report.objects.filter(pk=report.pk).update(reporter_updated_at=timezone.now())
    return message


# ------------------------------------------------------------------ inside: triage


def _require(text: str, field: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: f"Enter {what}."})
    return text


def _require_triager(actor) -> None:
    if not actor.has_role(*REPORT_TRIAGERS):
        raise ValidationError("Only reporting line officers and supervisors triage reports.")


def team_message_send(*, actor, report: Report, kind: str, body: str) -> ReportMessage:
    """A message the reporter reads when they come back with their receipt code."""
    _require_triager(actor)
    body = _require(body, "body", "the message to the reporter")
    if not report.can_message_reporter:
        raise ValidationError(
            {
                "body": f"This report came through {report.intermediary}: reply through them, quoting "
                f"their reference {report.intermediary_reference}."
            }
        )
    if kind not in (MessageKind.ACKNOWLEDGEMENT, MessageKind.UPDATE, MessageKind.FEEDBACK):
        raise ValidationError({"kind": "Choose what kind of message this is."})
    now = timezone.now()
    with transaction.atomic(), pghistory.context(reason=f"message to reporter ({kind})"):
        report = Report.objects.select_for_update().get(pk=report.pk)
        message = ReportMessage.objects.create(
            report=report, direction=MessageDirection.TO_REPORTER, kind=kind, body=body, author=actor
        )
        fields = ["reporter_updated_at"]
        report.reporter_updated_at = None
        if report.acknowledged_at is None:
            report.acknowledged_at = now
            fields.append("acknowledged_at")
        if kind == MessageKind.FEEDBACK and report.feedback_given_at is None:
            report.feedback_given_at = now
            fields.append("feedback_given_at")
        if report.status == ReportStatus.RECEIVED:
            report.status = ReportStatus.ASSESSING
            fields.append("status")
        report.save(update_fields=fields)
    return message


def report_acknowledge(*, actor, report: Report) -> Report:
    """Intermediary reports are acknowledged to the intermediary outside the system: record it."""
    _require_triager(actor)
    with transaction.atomic(), pghistory.context(reason="report acknowledged"):
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.acknowledged_at is None:
            report.acknowledged_at = timezone.now()
        if report.status == ReportStatus.RECEIVED:
            report.status = ReportStatus.ASSESSING
        report.save(update_fields=["acknowledged_at", "status"])
    return report


def internal_note_add(*, actor, report: Report, body: str) -> InternalNote:
    _require_triager(actor)
    body = _require(body, "body", "the note")
    with transaction.atomic(), pghistory.context(reason="internal note"):
        note = InternalNote.objects.create(report=report, author=actor, body=body)
        Report.objects.filter(pk=report.pk).update(reporter_updated_at=None)
    return note


def report_person_link(*, actor, report: Report, person, reason: str) -> ReportPersonLink:
    _require_triager(actor)
    reason = _require(reason, "reason", "why this person is linked to the report")
    if report.person_links.filter(person=person).exists():
        raise ValidationError({"person": f"{person.display_name} is already linked to this report."})
    with transaction.atomic(), pghistory.context(reason=reason):
        return ReportPersonLink.objects.create(report=report, person=person, reason=reason, linked_by=actor)


def report_person_unlink(*, actor, link: ReportPersonLink, reason: str) -> None:
    _require_triager(actor)
    reason = _require(reason, "reason", "why the link is removed")
    with transaction.atomic(), pghistory.context(reason=reason):
        link.delete()


def report_conduct_matter_create(*, actor, report: Report, summary: str, reason: str):
    """A conduct matter (source: reporting line) with every linked person as a subject."""
    from cases.choices import Source
    from cases.services import case_open, subject_add

    _require_triager(actor)
    summary = _require(summary, "summary", "a summary for the conduct matter")
    reason = _require(reason, "reason", "why a conduct matter is opened")
    with transaction.atomic(), pghistory.context(reason=reason):
        report = Report.objects.select_for_update().get(pk=report.pk)
        # checked after the lock: a report closed or referred a moment ago is refused
        if not report.is_open:
            raise ValidationError("This report is already closed or referred: reload the page to see it.")
        case = case_open(
            actor=actor,
            source=Source.REPORTING_LINE,
            received_date=timezone.localtime(report.received_at).date(),
            summary=summary[:300],
            intermediary_reference=(report.intermediary_reference or report.reference)[:80],
        )
        for link in report.person_links.select_related("person"):
            subject_add(actor=actor, case=case, person=link.person)
        report.case = case
        report.status = ReportStatus.REFERRED
        if report.acknowledged_at is None:
            report.acknowledged_at = timezone.now()
        report.save(update_fields=["case", "status", "acknowledged_at"])
    return case


def report_close(*, actor, report: Report, reason: str, note: str) -> Report:
    _require_triager(actor)
    if reason not in ClosureReason.values:
        raise ValidationError({"reason": "Choose why the report is closed."})
    note = _require(note, "note", "a note explaining the closure")
    with transaction.atomic(), pghistory.context(reason=f"closed: {reason}"):
        report = Report.objects.select_for_update().get(pk=report.pk)
        # checked after the lock: a report closed or referred a moment ago is refused
        if not report.is_open:
            raise ValidationError("This report is already closed or referred: reload the page to see it.")
        report.status = ReportStatus.CLOSED
        report.closure_reason = reason
        report.closure_note = note
        report.closed_at = timezone.now()
        report.save(update_fields=["status", "closure_reason", "closure_note", "closed_at"])
    return report


def report_assign(*, actor, report: Report, user) -> Report:
    _require_triager(actor)
    if user is not None and not user.has_role(*REPORT_TRIAGERS):
        raise ValidationError({"user": "Reports can only be assigned to a reporting line officer or supervisor."})
    with transaction.atomic(), pghistory.context(reason="report assigned"):
        report.assigned_to = user
        report.save(update_fields=["assigned_to"])
    return report


def identity_reveal(*, actor, report: Report, purpose: str, request=None) -> ReporterIdentity | None:
    """The reporter's contact details, for a permitted role, with the purpose recorded."""
    if not actor.has_role(*REPORTER_IDENTITY_READERS):
        raise ValidationError("Your role may not see a reporter's identity.")
    purpose = _require(purpose, "purpose", "why you need the reporter's contact details")
    identity = ReporterIdentity.objects.filter(report=report).first()
    access_event_record(
        actor=actor,
        action=AccessAction.VIEW,
        object_type="reporter_identity",
        object_id=str(report.public_id),
        object_label=report.reference,
        purpose=purpose,
        request=request,
    )
    return identity


# ------------------------------------------------------------------ reminders


def _triagers():
    from accounts.models import User

    return list(User.objects.filter(is_active=True, groups__name__in=list(REPORT_TRIAGERS)).distinct())


def reminders_send(*, today: date | None = None) -> int:
    """Acknowledge within 7 days, feedback within 3 months: remind before, and again when late.

    Each reminder is sent once per report (a unique row), so the daily task can run again safely.
    """
    from notifications.services import notify

    today = today or timezone.localdate()
    open_reports = Report.objects.select_related("assigned_to").filter(
        status__in=[ReportStatus.RECEIVED, ReportStatus.ASSESSING, ReportStatus.REFERRED]
    )
    wanted: list[tuple[Report, str, str]] = []
    for report in open_reports.filter(acknowledged_at__isnull=True):
        if today > report.acknowledge_due_on:
            wanted.append((report, ReminderKind.ACKNOWLEDGE_OVERDUE, "acknowledgement is overdue"))
        elif today >= report.acknowledge_due_on - timedelta(days=2):
            wanted.append((report, ReminderKind.ACKNOWLEDGE_SOON, "acknowledge it by"))
    for report in open_reports.filter(feedback_given_at__isnull=True, channel=Channel.PORTAL):
        if today > report.feedback_due_on:
            wanted.append((report, ReminderKind.FEEDBACK_OVERDUE, "feedback to the reporter is overdue"))
        elif today >= report.feedback_due_on - timedelta(days=14):
            wanted.append((report, ReminderKind.FEEDBACK_SOON, "give the reporter feedback by"))
    if not wanted:
        return 0
    everyone = _triagers()
    # A reminder names its report: only to people who may see it (reports_visible_to: conflicts).
    from .selectors import reports_visible_to

    wanted_ids = [report.id for report, _kind, _phrase in wanted]
    readers = {user.pk: user for user in everyone}
    readers.update({r.assigned_to_id: r.assigned_to for r, _k, _p in wanted if r.assigned_to_id})
    may_see = {
        pk: set(reports_visible_to(user=user).filter(id__in=wanted_ids).values_list("id", flat=True))
        for pk, user in readers.items()
    }
    sent = 0
    for report, kind, phrase in wanted:
        assignee = report.assigned_to
        if assignee is not None and assignee.is_active and report.id in may_see[assignee.pk]:
            recipients = [assignee]
        else:
            recipients = [user for user in everyone if report.id in may_see[user.pk]]
        if not recipients:
            continue
        due = report.acknowledge_due_on if kind.startswith("acknowledge") else report.feedback_due_on
        subject = f"Report {report.reference}: {phrase}" + ("" if "overdue" in phrase else f" {due:%-d %B %Y}")
        with transaction.atomic():
            _reminder, created = ReportReminder.objects.get_or_create(
                report=report, kind=kind, defaults={"recipients": len(recipients)}
            )
            if not created:
                continue
            notify(
                recipients,
                subject,
                f"Received {timezone.localtime(report.received_at):%-d %B %Y}; due {due:%-d %B %Y}.",
                reverse("reporting:report", args=[report.reference]),
                record_kind="report",
                record_id=report.public_id,
                needs_action=True,
            )
        sent += 1
    return sent
