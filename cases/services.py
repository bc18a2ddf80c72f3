"""Every write to a conduct matter. Keyword-only, one transaction, history with who and why,
and each lifecycle step on the case timeline. Rules the regulations set raise ValidationError
with a message a person can act on (the UI shows it; the API answers 400)."""

from __future__ import annotations

import hashlib
from datetime import date

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.working_days import add_working_days

from . import dismissals, lifecycle
from .choices import ClosureReason, DecisionRoute, Forum, Severity, SubjectStage
from .extensions import decision_recorded
from .models import (
    REGULATIONS,
    Allegation,
    Case,
    CaseAccessGrant,
    CaseSubject,
    CaseToAnswerDecision,
    CustodyEntry,
    DiaryEntry,
    EvidenceItem,
    InvestigationAction,
    InvestigationReport,
    IopcGround,
    IopcReferral,
    ReflectiveReview,
    Reg17Notice,
    Reg19Report,
    SeverityAssessment,
    StageTransition,
)

REG18_RESPONSE_WORKING_DAYS = 10
MAX_EVIDENCE_BYTES = 50 * 1024 * 1024


# The lifecycle machinery lives in cases.lifecycle (public, shared with hearings and the case
# types to come). These aliases keep older call sites working; new code uses cases.lifecycle.
_Step = lifecycle.step
_move = lifecycle.move
_require_reason = lifecycle.require_reason
_case_status_refresh = lifecycle.case_status_refresh


def _next_reference(year: int) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        # one advisory lock per year keeps references gapless under concurrent intake
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('case-reference'), %s)", [year])
    last = (
        Case.objects.filter(reference__startswith=f"PSD-{year}-")
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"PSD-{year}-{number:05d}"


# ------------------------------------------------------------------ intake


def case_open(
    *,
    actor,
    source: str,
    received_date: date,
    summary: str,
    intermediary_reference: str = "",
    is_restricted: bool = False,
) -> Case:
    if received_date > timezone.localdate():
        raise ValidationError({"received_date": "The date the matter came to attention cannot be in the future."})
    with transaction.atomic():
        case = Case(
            reference=_next_reference(received_date.year if received_date.year >= 2000 else timezone.localdate().year),
            summary=summary,
            source=source,
            received_date=received_date,
            intermediary_reference=intermediary_reference,
            is_restricted=is_restricted,
            created_by=actor,
        )
        with lifecycle.step(actor=actor, case=case, reason="matter recorded", event="matter_recorded") as step:
            case.save()
            step.log()
    return case


def subject_add(*, actor, case: Case, person) -> CaseSubject:
    def guard():
        if case.case_subjects.filter(person=person).exists():
            raise ValidationError({"person": f"{person.display_name} is already a subject of {case.reference}."})

    with lifecycle.step(actor=actor, case=case, reason="subject added", event="subject_added", guard=guard) as step:
        subject = CaseSubject.objects.create(case=case, person=person)
        step.log(subject, "", subject.stage)
    return subject


def allegation_add(
    *,
    actor,
    subject: CaseSubject,
    category,
    standards: list,
    description: str,
    incident_date: date | None = None,
    incident_place: str = "",
    complainant_name: str = "",
    victim_vulnerable: bool = False,
    death_or_serious_injury: bool = False,
    aggravated_by_discrimination: bool = False,
) -> Allegation:
    if not standards:
        raise ValidationError({"standards": "Choose at least one Standard of Professional Behaviour."})
    if incident_date and incident_date > timezone.localdate():
        raise ValidationError({"incident_date": "The incident date cannot be in the future."})

    def guard():
        if subject.stage == SubjectStage.CLOSED:
            raise ValidationError("This subject's matter is finalised; record a new matter instead.")
        twin = subject.allegations.filter(category=category, description=description).first()
        if twin is not None:
            raise lifecycle.already(
                case=subject.case, subject=subject, event="allegation_recorded", what="This allegation"
            )

    with lifecycle.step(
        actor=actor,
        case=subject.case,
        subject=subject,
        reason="allegation recorded",
        event="allegation_recorded",
        guard=guard,
    ) as step:
        allegation = Allegation.objects.create(
            case=subject.case,
            subject=subject,
            category=category,
            description=description,
            incident_date=incident_date,
            incident_place=incident_place,
            complainant_name=complainant_name,
            victim_vulnerable=victim_vulnerable,
            death_or_serious_injury=death_or_serious_injury,
            aggravated_by_discrimination=aggravated_by_discrimination,
        )
        allegation.standards.set(standards)
        step.log(subject)
    return allegation


def matter_intake(
    *, actor, source, received_date, summary, person, intermediary_reference="", is_restricted=False, **allegation
):
    """The intake form in one step: the matter, its first subject and allegation."""
    with transaction.atomic():
        case = case_open(
            actor=actor,
            source=source,
            received_date=received_date,
            summary=summary,
            intermediary_reference=intermediary_reference,
            is_restricted=is_restricted,
        )
        subject = subject_add(actor=actor, case=case, person=person)
        allegation_add(actor=actor, subject=subject, **allegation)
    return case


def case_access_grant(*, actor, case: Case, user, reason: str) -> CaseAccessGrant:
    """Name a person on a restricted matter's access list (with why)."""
    lifecycle.require_reason(reason, "reason")
    if not case.is_restricted:
        raise ValidationError("Only a restricted matter has an access list.")
    with transaction.atomic(), pghistory.context(user=getattr(actor, "pk", None), reason=reason):
        grant, _ = CaseAccessGrant.objects.get_or_create(
            case=case, user=user, defaults={"granted_by": actor, "reason": reason[:300]}
        )
    return grant


# ------------------------------------------------------------------ IOPC


def iopc_grounds_prompted(*, case: Case) -> list[IopcGround]:
    """The mandatory referral grounds the recorded allegations match."""
    grounds = []
    allegations = list(case.allegations.select_related("subject__person"))
    chief_ranks = {"COMMANDER", "DAC", "AC", "DC", "COMMISSIONER", "CC", "DCC", "ACC"}
    for ground in IopcGround.objects.filter(active=True):
        for allegation in allegations:
            facts = {
                "death_or_serious_injury": allegation.death_or_serious_injury,
                "aggravated_by_discrimination": allegation.aggravated_by_discrimination,
                "subject_is_chief_officer": allegation.subject.person.rank_or_grade in chief_ranks,
            }
            if allegation.category_id in ground.categories or any(facts.get(f) for f in ground.facts):
                grounds.append(ground)
                break
    return grounds


def iopc_referral_record(
    *,
    actor,
    case: Case,
    referred: bool,
    grounds: list,
    rationale: str,
    referred_on: date | None,
    iopc_reference: str = "",
) -> IopcReferral:
    lifecycle.require_reason(rationale)
    prompted = iopc_grounds_prompted(case=case)
    if prompted and not referred:
        # Not referring where a mandatory ground applies needs the reasons on record.
        if len(rationale.strip()) < 40:
            raise ValidationError(
                {
                    "rationale": "A mandatory referral ground applies ("
                    + "; ".join(g.label for g in prompted)
                    + "). Explain fully why the matter is not being referred."
                }
            )
    if referred and not referred_on:
        raise ValidationError({"referred_on": "Enter the date of referral."})
    lifecycle.require_not_future(referred_on, "referred_on", "The date of referral")
    with lifecycle.step(actor=actor, case=case, reason=rationale, event="iopc_referral_recorded") as step:
        referral, _ = IopcReferral.objects.update_or_create(
            case=case,
            defaults={
                "referred": referred,
                "rationale": rationale,
                "referred_on": referred_on,
                "iopc_reference": iopc_reference,
                "recorded_by": actor,
            },
        )
        referral.grounds.set(grounds)
        step.log()
    return referral


def iopc_mode_record(*, actor, case: Case, mode: str, decided_on: date) -> IopcReferral:
    lifecycle.require_not_future(decided_on, "mode_decided_on", "The date of the IOPC's decision")
    with lifecycle.step(actor=actor, case=case, reason=f"IOPC decided: {mode}", event="iopc_mode_recorded") as step:
        referral = IopcReferral.objects.filter(case=case, referred=True).first()
        if referral is None:
            raise ValidationError("Record the referral to the IOPC before its decision on the mode of investigation.")
        referral.mode, referral.mode_decided_on = mode, decided_on
        referral.save(update_fields=["mode", "mode_decided_on"])
        step.log()
    return referral


# ------------------------------------------------------------------ severity (reg 14)


def severity_assess(
    *, actor, subject: CaseSubject, severity: str, likely_forum: str, rationale: str, assessed_on: date | None = None
) -> SeverityAssessment:
    lifecycle.require_reason(rationale)
    assessed_on = assessed_on or timezone.localdate()
    lifecycle.require_not_future(assessed_on, "assessed_on", "The date of assessment")
    if severity in (Severity.MISCONDUCT, Severity.GROSS_MISCONDUCT) and not likely_forum:
        raise ValidationError({"likely_forum": "Say which form the proceedings would likely take."})
    if severity == Severity.GROSS_MISCONDUCT and likely_forum == Forum.MEETING:
        raise ValidationError({"likely_forum": "Gross misconduct is dealt with at a hearing, not a meeting."})
    if severity == Severity.MISCONDUCT and likely_forum == Forum.ACCELERATED_HEARING:
        raise ValidationError({"likely_forum": "An accelerated hearing is only for gross misconduct."})
    if severity not in (Severity.MISCONDUCT, Severity.GROSS_MISCONDUCT):
        likely_forum = ""
    dismissals.severity_check(subject=subject, severity=severity)  # indictable-only conviction (SI 2025/558)
    event = "severity_reassessed" if subject.severity else "severity_assessed"

    def guard():
        # one person's double submission: the same assessment again is refused, not recorded twice
        latest = subject.severity_assessments.order_by("-created_at", "-id").first()
        if latest and (latest.severity, latest.likely_forum, latest.rationale.strip()) == (
            severity,
            likely_forum,
            rationale.strip(),
        ):
            raise lifecycle.already_done(by=latest.assessed_by, at=latest.created_at, what="This severity assessment")

    with lifecycle.step(
        actor=actor, case=subject.case, subject=subject, reason=rationale, event=event, guard=guard
    ) as step:
        before = lifecycle.move(step, subject, "assess", severity)
        subject.severity, subject.likely_forum = severity, likely_forum
        if subject.stage == SubjectStage.CLOSED:
            subject.closure_reason, subject.finalised_on = ClosureReason.NFA_AT_ASSESSMENT, assessed_on
        if subject.stage == SubjectStage.RPRP:
            ReflectiveReview.objects.get_or_create(subject=subject)
        subject.save()
        assessment = SeverityAssessment.objects.create(
            subject=subject,
            severity=severity,
            likely_forum=likely_forum,
            rationale=rationale,
            assessed_on=assessed_on,
            assessed_by=actor,
        )
        step.log(subject, before, subject.stage)
        decision_recorded.send(
            sender=CaseSubject,
            actor=actor,
            subject=subject,
            kind="severity",
            summary=f"Severity assessed: {Severity(severity).label}",
        )
        lifecycle.case_status_refresh(subject.case)
    return assessment


# ------------------------------------------------------------------ investigation


def investigator_appoint(*, actor, case: Case, investigator, reason: str, appointed_on: date | None = None) -> Case:
    lifecycle.require_reason(reason, "reason")
    if not investigator.has_role("investigator"):
        raise ValidationError(
            {"investigator": f"{investigator.get_full_name() or investigator.username} is not an investigator."}
        )
    from .selectors import cases_visible_to

    if not cases_visible_to(user=investigator).filter(pk=case.pk).exists():
        raise ValidationError(
            {"investigator": "That investigator may not see this case (a conflict of interest or a restriction)."}
        )
    seen = case.investigator_id

    def guard():
        # the appointment the person saw is still the one standing: else someone appointed first
        if Case.objects.filter(pk=case.pk).values_list("investigator_id", flat=True).get() != seen:
            raise lifecycle.already(
                case=case, event="investigator_appointed", what="An appointment of the investigator"
            )

    with lifecycle.step(actor=actor, case=case, reason=reason, event="investigator_appointed", guard=guard) as step:
        case.investigator, case.investigator_appointed_on = investigator, appointed_on or timezone.localdate()
        case.save(update_fields=["investigator", "investigator_appointed_on", "updated_at"])
        step.log()
        assessed = case.case_subjects.filter(stage=SubjectStage.ASSESSED).select_related("person")
        for subject in assessed.select_for_update(of=("self",)):
            before = lifecycle.move(step, subject, "start_investigation")
            subject.save()
            step.log(subject, before, subject.stage)
    return case


def reg17_notice_serve(*, actor, subject: CaseSubject, served_on: date, method: str = "in_person") -> Reg17Notice:
    """Serve the written notice of investigation. The procedure follows the subject's person type:
    officers get the regulation 17 notice (police friend, reg 18 response); police staff get the
    police staff misconduct procedure's notice (trade union representative or work colleague)."""
    from .documents import reg17_notice_pdf, staff_notice_pdf

    case = subject.case
    procedure = lifecycle.procedure_for(subject.person)
    regulations = procedure.code == REGULATIONS
    if not regulations:  # the force's policy version for this matter: its stages and response window
        from .staff_procedure import notice_procedure

        procedure = notice_procedure(subject, procedure)
    what = "A regulation 17 notice" if regulations else "A notice of misconduct investigation"

    def guard():
        if subject.stage != SubjectStage.UNDER_INVESTIGATION:
            raise ValidationError(
                f"{what} is served once the matter is under investigation; it is '{SubjectStage(subject.stage).label}'."
            )
        twin = subject.reg17_notices.filter(served_on=served_on).select_related("served_by").first()
        if twin is not None:
            raise lifecycle.already_done(
                by=twin.served_by, at=twin.created_at, what=f"{what} served on {served_on:%d %B %Y}"
            )

    guard()
    if served_on > timezone.localdate():
        raise ValidationError({"served_on": "The date of service cannot be in the future."})
    # the response window runs from the day the notice counts as served (e-mail: the deemed day)
    deemed, _ = dismissals.notice_deemed_served_on(subject=subject, sent_on=served_on, method=method)
    due = add_working_days(deemed, procedure.response_working_days)
    investigator = case.investigator
    investigator_name = (investigator.get_full_name() or investigator.username) if investigator else "to be appointed"
    if regulations:
        pdf = reg17_notice_pdf(
            subject=subject, served_on=served_on, response_due_on=due, investigator_name=investigator_name
        )
    else:
        pdf = staff_notice_pdf(
            subject=subject,
            procedure=procedure,
            served_on=served_on,
            response_due_on=due,
            investigator_name=investigator_name,
        )
    with lifecycle.step(
        actor=actor,
        case=case,
        subject=subject,
        reason="regulation 17 notice served" if regulations else f"notice served under the {procedure.name}",
        event="reg17_notice_served" if regulations else "staff_misconduct_notice_served",
        guard=guard,
    ) as step:
        notice = Reg17Notice.objects.create(
            subject=subject,
            procedure=procedure.code,
            served_on=served_on,
            method=method,
            deemed_served_on=deemed,
            response_due_on=due,
            pdf=pdf,
            sha256=hashlib.sha256(pdf).hexdigest(),
            served_by=actor,
        )
        step.log(subject)
    return notice


def reg18_response_record(*, actor, subject: CaseSubject, received_on: date) -> Reg17Notice:
    """The subject's written account (reg 18, or under the police staff procedure) has come in."""
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "The date received cannot be in the future."})

    def guard():
        if not subject.reg17_notices.filter(response_received_on__isnull=True).exists():
            raise lifecycle.already(
                case=subject.case, subject=subject, event="written_response_received", what="The response"
            )

    with lifecycle.step(
        actor=actor,
        case=subject.case,
        subject=subject,
        reason="written response received",
        event="written_response_received",
        guard=guard,
    ) as step:
        notice = subject.reg17_notices.filter(response_received_on__isnull=True).order_by("-served_on").first()
        if received_on < notice.served_on:
            raise ValidationError({"received_on": "The response cannot be received before the notice was served."})
        notice.response_received_on = received_on
        notice.save(update_fields=["response_received_on"])
        step.log(subject)
    return notice


def _may_see_case(user, case: Case) -> bool:
    from .selectors import cases_visible_to

    return cases_visible_to(user=user).filter(pk=case.pk).exists()


def action_record(
    *, actor, case: Case, kind: str, description: str, due_on=None, completed_on=None, owner=None
) -> InvestigationAction:
    """Log an action; `owner` (None = the case's investigator) must be someone who may see the case."""
    lifecycle.require_not_future(completed_on, "completed_on", "The date the action was completed")
    if not (description or "").strip():
        raise ValidationError({"description": "Describe the action."})
    if owner is not None and not _may_see_case(owner, case):
        raise ValidationError({"owner": f"{owner.get_full_name() or owner.username} may not see this matter."})
    with lifecycle.step(actor=actor, case=case, reason="action logged", event="action_logged"):
        return InvestigationAction.objects.create(
            case=case,
            kind=kind,
            description=description,
            due_on=due_on,
            completed_on=completed_on,
            completed_by=actor if completed_on else None,
            completed_recorded_at=timezone.now() if completed_on else None,
            owner=owner,
            recorded_by=actor,
        )


def action_complete(*, actor, action: InvestigationAction, completed_on: date | None = None) -> InvestigationAction:
    """Mark an action done (today unless a date is given); a second press is refused, naming who did it."""
    completed_on = completed_on or timezone.localdate()
    lifecycle.require_not_future(completed_on, "completed_on", "The date the action was completed")
    with transaction.atomic(), pghistory.context(user=actor.pk, reason="action done", event="action_done"):
        # no select_related: a row that waited for the lock is re-read, but a join's columns come from
        # the snapshot before (the winner's name would be missing); completed_by is read after the lock
        locked = InvestigationAction.objects.select_for_update().get(pk=action.pk)
        if locked.completed_on is not None:
            raise lifecycle.already_done(by=locked.completed_by, at=locked.completed_on, what="This action")
        locked.completed_on, locked.completed_by, locked.completed_recorded_at = completed_on, actor, timezone.now()
        locked.save(update_fields=["completed_on", "completed_by", "completed_recorded_at"])
    action.completed_on, action.completed_by = locked.completed_on, locked.completed_by
    return locked


def action_reopen(*, actor, action: InvestigationAction, reason: str) -> InvestigationAction:
    """Undo "done": the action is open again; the reason is kept in its history."""
    lifecycle.require_reason(reason, "reason")
    with transaction.atomic(), pghistory.context(user=actor.pk, reason=reason.strip(), event="action_reopened"):
        locked = InvestigationAction.objects.select_for_update().get(pk=action.pk)
        if locked.completed_on is None:
            raise lifecycle.StepConflict("This action is already open. Reload the page to see it.")
        locked.completed_on, locked.completed_by, locked.completed_recorded_at = None, None, None
        locked.reminded_at = None  # reminded again if it falls due once more
        locked.save(update_fields=["completed_on", "completed_by", "completed_recorded_at", "reminded_at"])
    return locked


def diary_entry_add(*, actor, case: Case, happened_on: date, text: str) -> DiaryEntry:
    """A diary entry on a matter the author may see, dated the day it happened (not in the future)."""
    if not (text or "").strip():
        raise ValidationError({"text": "Write what happened."})
    lifecycle.require_not_future(happened_on, "happened_on", "The date it happened")
    if not _may_see_case(actor, case):
        raise ValidationError({"case": "You may not see this matter."})
    with transaction.atomic(), pghistory.context(user=actor.pk, reason="diary entry", event="diary_entry_added"):
        return DiaryEntry.objects.create(case=case, author=actor, happened_on=happened_on, text=text.strip())


def action_reminders_send(*, today: date | None = None, batch_size: int = 500) -> int:
    """Remind each open action's owner (the investigator when none is named) once, when it falls
    due within settings.ACTION_REMINDER_DAYS working days. Only owners who may see the matter are
    told. Batches walk the primary key (one query each), are claimed with SKIP LOCKED, and marked
    reminded in the same transaction, so two runs never remind twice."""
    from django.conf import settings
    from django.urls import reverse

    from notifications.services import notify

    from .selectors import cases_visible_to

    today = today or timezone.localdate()
    horizon = add_working_days(today, settings.ACTION_REMINDER_DAYS)
    pending = InvestigationAction.objects.filter(
        completed_on__isnull=True, reminded_at__isnull=True, due_on__gte=today, due_on__lte=horizon, case__status="open"
    ).order_by("pk")
    sent, last_pk = 0, 0
    while True:
        with transaction.atomic(), pghistory.context(reason="action reminder sent"):
            batch = list(
                pending.filter(pk__gt=last_pk)
                .select_related("case", "owner", "case__investigator")
                .select_for_update(of=("self",), skip_locked=True)[:batch_size]
            )
            if not batch:
                break
            last_pk = batch[-1].pk
            by_owner: dict = {}
            for action in batch:
                owner = action.owner or action.case.investigator
                if owner is not None and owner.is_active:
                    by_owner.setdefault(owner, []).append(action)
            reminded = []
            for owner, actions in by_owner.items():
                visible = set(
                    cases_visible_to(user=owner)
                    .filter(pk__in={a.case_id for a in actions})
                    .values_list("pk", flat=True)
                )
                for action in actions:
                    if action.case_id not in visible:
                        continue
                    notify(
                        [owner],
                        f"Action due {action.due_on:%-d %b %Y} on {action.case.reference}",
                        body=action.description[:500],
                        url=reverse("cases:detail", args=[action.case.reference]) + "#action-log",
                        record_kind="action",
                        record_id=action.id,
                        needs_action=True,
                    )
                    reminded.append(action.pk)
            InvestigationAction.objects.filter(pk__in=reminded).update(reminded_at=timezone.now())
            sent += len(reminded)
    return sent


def evidence_add(*, actor, case: Case, exhibit_reference: str, description: str, upload) -> EvidenceItem:
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError({"upload": "The file must be smaller than 50 MB."})

    def guard():
        if case.evidence.filter(exhibit_reference=exhibit_reference).exists():
            raise ValidationError({"exhibit_reference": f"Exhibit {exhibit_reference} already exists on this case."})

    guard()
    content = upload.read()
    digest = hashlib.sha256(content).hexdigest()
    with lifecycle.step(
        actor=actor, case=case, reason="evidence received", event="evidence_received", guard=guard
    ) as step:
        item = EvidenceItem.objects.create(
            case=case,
            exhibit_reference=exhibit_reference,
            description=description,
            filename=upload.name[:255],
            content_type=(getattr(upload, "content_type", "") or "application/octet-stream")[:100],
            size=len(content),
            content=content,
            sha256=digest,
            received_by=actor,
        )
        CustodyEntry.objects.create(evidence=item, action="received and sealed", by=actor, sha256_verified=True)
        step.log()
    return item


def evidence_custody_record(*, actor, item: EvidenceItem, action: str, note: str = "") -> CustodyEntry:
    """Record a handling of an exhibit, re-checking its SHA-256."""
    verified = hashlib.sha256(bytes(item.content)).hexdigest() == item.sha256
    with lifecycle.step(actor=actor, case=item.case, reason=action, event="custody_recorded"):
        return CustodyEntry.objects.create(evidence=item, action=action, by=actor, note=note, sha256_verified=verified)


def custody_movement_record(
    *,
    actor,
    item: EvidenceItem,
    happened_at,
    from_location: str,
    to_location: str,
    purpose: str,
    note: str = "",
) -> CustodyEntry:
    """A movement of an exhibit after it was received (when, from where to where, why), dated as
    entered; the row records who wrote it and when. The exhibit's SHA-256 is re-checked."""
    errors = {}
    if happened_at and happened_at > timezone.now():
        errors["happened_on"] = "The date of the movement cannot be in the future."
    for field, value, label in (
        ("from_location", from_location, "Say where it was moved from."),
        ("to_location", to_location, "Say where it was moved to."),
        ("purpose", purpose, "Say why it was moved."),
    ):
        if not (value or "").strip():
            errors[field] = label
    if errors:
        raise ValidationError(errors)
    verified = hashlib.sha256(bytes(item.content)).hexdigest() == item.sha256
    with lifecycle.step(actor=actor, case=item.case, reason=purpose, event="custody_recorded"):
        return CustodyEntry.objects.create(
            evidence=item,
            action="moved",
            by=actor,
            note=note,
            sha256_verified=verified,
            happened_at=happened_at,
            from_location=from_location.strip(),
            to_location=to_location.strip(),
            purpose=purpose.strip(),
        )


def investigation_report_submit(
    *, actor, case: Case, summary: str, submitted_on: date | None = None, proceed_reason: str = ""
) -> InvestigationReport:
    """Submit the report (reg 21). While a subject's response window (reg 18) is still open and no
    response is recorded, the report goes ahead only on a recorded decision to proceed, with its
    reason; the response deadline stays on the case until it passes or the response is recorded."""
    lifecycle.require_reason(summary, "summary")
    submitted_on = submitted_on or timezone.localdate()
    if submitted_on > timezone.localdate():
        raise ValidationError({"submitted_on": "The report cannot be dated in the future."})
    proceed_reason = (proceed_reason or "").strip()
    open_windows: list[Reg17Notice] = []
    subjects: list[CaseSubject] = []

    def under_investigation():
        # read after the case lock: the subjects as they stand now, each then locked
        subjects[:] = case.case_subjects.filter(stage=SubjectStage.UNDER_INVESTIGATION).select_related("person")
        return subjects

    def guard():
        if not subjects:
            if case.reports.exists():
                raise lifecycle.already(
                    case=case, event="investigation_report_submitted", what="The investigation report"
                )
            raise ValidationError("No subject of this case is under investigation.")
        unserved = [s.person.display_name for s in subjects if not s.reg17_notices.exists()]
        if unserved:
            raise ValidationError(f"Serve the regulation 17 notice first on: {', '.join(unserved)}.")
        open_windows[:] = Reg17Notice.objects.filter(
            subject__in=subjects, response_received_on__isnull=True, response_due_on__gte=submitted_on
        ).select_related("subject__person")
        if open_windows and not proceed_reason:
            waiting = "; ".join(
                f"{n.subject.person.display_name} until {n.response_due_on:%d %B %Y}" for n in open_windows
            )
            raise ValidationError(
                {
                    "proceed_reason": "The response window is still open ("
                    + waiting
                    + "): the subject may still send a written account (regulation 18). Wait until it closes, "
                    "record the response, or give the reason for proceeding now."
                }
            )

    with lifecycle.step(
        actor=actor,
        case=case,
        reason="investigation report submitted",
        event="investigation_report_submitted",
        subjects=under_investigation,
        guard=guard,
    ) as step:
        report = InvestigationReport.objects.create(
            case=case,
            summary=summary,
            submitted_on=submitted_on,
            submitted_by=actor,
            proceed_reason=proceed_reason if open_windows else "",
        )
        for notice in open_windows:
            step.log(
                notice.subject,
                event="proceeded_before_response_window_closed",
                reason=f"{notice.response_label} due {notice.response_due_on:%d %B %Y}: {proceed_reason}",
            )
        for subject in subjects:
            before = lifecycle.move(step, subject, "finish_investigation")
            subject.save()
            step.log(subject, before, subject.stage)
    return report


# ------------------------------------------------------------------ decision


def case_to_answer_decide(
    *,
    actor,
    subject: CaseSubject,
    case_to_answer: bool,
    route: str,
    rationale: str,
    decided_on: date | None = None,
    former_officer_forum: str = "",
    former_officer_reasons: str = "",
) -> CaseToAnswerDecision:
    lifecycle.require_reason(rationale)
    decided_on = decided_on or timezone.localdate()
    lifecycle.require_not_future(decided_on, "decided_on", "The date of the decision")
    proceedings = (DecisionRoute.MEETING, DecisionRoute.HEARING, DecisionRoute.ACCELERATED_HEARING)
    if case_to_answer and route not in (*proceedings, DecisionRoute.RPRP):
        raise ValidationError(
            {"route": "With a case to answer, refer to a meeting, hearing, accelerated hearing or RPRP."}
        )
    if not case_to_answer and route in proceedings:
        raise ValidationError(
            {"route": "With no case to answer there are no misconduct proceedings: choose RPRP or no further action."}
        )
    if route == DecisionRoute.MEETING and subject.severity == Severity.GROSS_MISCONDUCT:
        raise ValidationError(
            {"route": "Gross misconduct goes to a hearing; reassess severity first if it is now misconduct."}
        )
    if route == DecisionRoute.ACCELERATED_HEARING and subject.severity != Severity.GROSS_MISCONDUCT:
        raise ValidationError({"route": "An accelerated hearing is only for gross misconduct."})
    former_officer = dismissals.former_officer_forum_check(  # SI 2025/558: accelerated hearing presumed
        subject=subject,
        case_to_answer=case_to_answer,
        route=route,
        decided_on=decided_on,
        forum_route=former_officer_forum,
        reasons=former_officer_reasons,
    )
    with lifecycle.step(
        actor=actor, case=subject.case, subject=subject, reason=rationale, event="case_to_answer_decided"
    ) as step:
        before = lifecycle.move(step, subject, "decide", route)
        subject.case_to_answer = case_to_answer
        if route in proceedings:
            subject.forum = route
        if subject.stage == SubjectStage.CLOSED:
            subject.closure_reason = (
                ClosureReason.NO_CASE_TO_ANSWER if not case_to_answer else ClosureReason.NFA_AFTER_DECISION
            )
            subject.finalised_on = decided_on
        if subject.stage == SubjectStage.RPRP:
            ReflectiveReview.objects.get_or_create(subject=subject)
        subject.save()
        decision = CaseToAnswerDecision.objects.create(
            subject=subject,
            case_to_answer=case_to_answer,
            route=route,
            rationale=rationale,
            decided_on=decided_on,
            decided_by=actor,
        )
        dismissals.former_officer_forum_record(
            actor=actor, subject=subject, decided=former_officer, decided_on=decided_on, reasons=former_officer_reasons
        )
        step.log(subject, before, subject.stage)
        decision_recorded.send(
            sender=CaseSubject,
            actor=actor,
            subject=subject,
            kind="case_to_answer",
            summary=f"{'Case' if case_to_answer else 'No case'} to answer: {DecisionRoute(route).label}",
        )
        lifecycle.case_status_refresh(subject.case)
    return decision


def rprp_complete(
    *, actor, subject: CaseSubject, summary: str, actions: str, lessons: str, review_date: date | None
) -> ReflectiveReview:
    lifecycle.require_reason(summary, "summary")
    with lifecycle.step(
        actor=actor, case=subject.case, subject=subject, reason="reflective review completed", event="rprp_completed"
    ) as step:
        before = lifecycle.move(step, subject, "finalise")
        review, _ = ReflectiveReview.objects.get_or_create(subject=subject)
        review.summary, review.actions, review.lessons, review.review_date = summary, actions, lessons, review_date
        review.completed_on = timezone.localdate()
        review.save()
        subject.closure_reason, subject.finalised_on = ClosureReason.RPRP_COMPLETE, review.completed_on
        subject.save()
        step.log(subject, before, subject.stage)
        lifecycle.case_status_refresh(subject.case)
    return review


# ------------------------------------------------------------------ timeliness (reg 19)


def reg19_period_due(*, case: Case, today: date) -> tuple[int, date] | None:
    """The reg 19 report period due by `today` with no draft yet: 12 months, then every 6."""
    from dateutil.relativedelta import relativedelta

    if case.status != "open":
        return None
    from .staff_procedure import staff_person_types

    subjects = case.case_subjects.all()
    if subjects.exists() and not subjects.exclude(person__person_type__in=staff_person_types()).exists():
        return None  # only police staff: the force's procedure, not the regulations (no reg 19 report)
    months = 12
    period = 1
    latest = None
    while case.received_date + relativedelta(months=months) <= today:
        latest = (period, case.received_date + relativedelta(months=months))
        months += 6
        period += 1
    if latest is None or case.reg19_reports.filter(period_number=latest[0]).exists():
        return None
    return latest


def reg19_draft(*, case: Case, period_number: int, due_on: date) -> Reg19Report:
    """Draft the report from the case; the appropriate authority completes and submits it."""
    notice = Reg17Notice.objects.filter(subject__case=case).order_by("served_on").first()
    subjects = list(case.case_subjects.select_related("person"))
    progress_lines = [f"{s.person.display_name}: {SubjectStage(s.stage).label}" for s in subjects]
    actions = list(case.actions.order_by("-recorded_at")[:5])
    open_actions = [a for a in case.actions.filter(completed_on__isnull=True).order_by("due_on")[:10]]
    with transaction.atomic(), pghistory.context(reason="reg 19 report drafted automatically"):
        report, _ = Reg19Report.objects.get_or_create(
            case=case,
            period_number=period_number,
            defaults={
                "due_on": due_on,
                "attention_date": case.received_date,
                "reg17_notice_date": notice.served_on if notice else None,
                "progress": "\n".join(
                    progress_lines + [f"Recent: {a.get_kind_display()}: {a.description}" for a in actions]
                ),
                "reasons_for_delay": "",
                "planned_steps": "\n".join(
                    f"{a.get_kind_display()}: {a.description}" + (f" (by {a.due_on:%d %b %Y})" if a.due_on else "")
                    for a in open_actions
                ),
            },
        )
        StageTransition.objects.get_or_create(
            case=case, event=f"reg19_report_{period_number}_drafted", defaults={"reason": f"due {due_on:%d %B %Y}"}
        )
    return report


def reg19_report_submit(
    *,
    actor,
    report: Reg19Report,
    progress: str,
    reasons_for_delay: str,
    planned_steps: str,
    expected_completion: date,
    expected_report_date: date,
) -> Reg19Report:
    for name, value in (
        ("progress", progress),
        ("reasons_for_delay", reasons_for_delay),
        ("planned_steps", planned_steps),
    ):
        if not value.strip():
            raise ValidationError({name: "Complete every part of the report before submitting it."})

    def guard():
        done = Reg19Report.objects.filter(pk=report.pk, submitted_on__isnull=False).select_related("submitted_by")
        if done:
            raise lifecycle.already_done(
                by=done[0].submitted_by, at=done[0].submitted_on, what=f"Regulation 19 report {report.period_number}"
            )

    with lifecycle.step(
        actor=actor, case=report.case, reason="reg 19 report submitted", event="reg19_report_submitted", guard=guard
    ) as step:
        report.progress, report.reasons_for_delay, report.planned_steps = progress, reasons_for_delay, planned_steps
        report.expected_completion, report.expected_report_date = expected_completion, expected_report_date
        report.submitted_on, report.submitted_by = timezone.localdate(), actor
        report.save()
        step.log()
    return report


def reg19_drafts_make(*, today: date | None = None) -> int:
    """Scheduled: draft every reg 19 report that has fallen due. Idempotent."""
    today = today or timezone.localdate()
    made = 0
    cutoff = (
        today.replace(year=today.year - 1)
        if not (today.month == 2 and today.day == 29)
        else today.replace(year=today.year - 1, day=28)
    )
    for case in Case.objects.filter(status="open", received_date__lte=cutoff).iterator(chunk_size=500):
        due = reg19_period_due(case=case, today=today)
        if due:
            reg19_draft(case=case, period_number=due[0], due_on=due[1])
            made += 1
    return made


# ------------------------------------------------------------------ allocation and workload


def cases_allocate(*, actor, cases: list[Case], investigator, reason: str) -> list[Case]:
    """Allocate (or reallocate) several cases at once; all or nothing, each with the reason."""
    lifecycle.require_reason(reason, "reason")
    with transaction.atomic():
        for case in sorted(cases, key=lambda c: c.pk):  # one lock order: two allocations never deadlock
            if case.status != "open":
                raise ValidationError(f"{case.reference} is finalised and cannot be allocated.")
            investigator_appoint(actor=actor, case=case, investigator=investigator, reason=reason)
    return cases


def investigator_workload() -> list[dict]:
    """Open cases per investigator, weighted by severity (gross 3, misconduct 2, other 1)."""
    from django.db import connection

    from accounts.models import User

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT investigator_id, count(*), sum(severity_weight) FROM cases_case
            WHERE status = 'open' AND investigator_id IS NOT NULL GROUP BY investigator_id
            """
        )
        loads = {row[0]: (row[1], row[2]) for row in cursor.fetchall()}
    rows = []
    for user in User.objects.filter(groups__name="investigator", is_active=True).only(
        "id", "username", "first_name", "last_name"
    ):
        cases, weighted = loads.get(user.id, (0, 0))
        rows.append(
            {
                "user_id": user.id,
                "username": user.username,
                "name": user.get_full_name() or user.username,
                "open_cases": cases,
                "weighted": weighted,
            }
        )
    return sorted(rows, key=lambda r: (-r["weighted"], r["username"]))


def subject_restriction_record(
    *, actor, subject: CaseSubject, suspended: bool, restricted_duties: bool, reason: str
) -> CaseSubject:
    lifecycle.require_reason(reason, "reason")
    with lifecycle.step(
        actor=actor, case=subject.case, subject=subject, reason=reason, event="suspension_or_restriction_recorded"
    ) as step:
        subject.suspended, subject.restricted_duties = suspended, restricted_duties
        subject.save(update_fields=["suspended", "restricted_duties"])
        step.log(subject)
    return subject


def case_public_interest_record(*, actor, case: Case, public_interest: bool, reason: str) -> Case:
    lifecycle.require_reason(reason, "reason")
    with lifecycle.step(actor=actor, case=case, reason=reason, event="public_interest_recorded") as step:
        case.public_interest = public_interest
        case.save(update_fields=["public_interest", "updated_at"])
        step.log()
    return case
