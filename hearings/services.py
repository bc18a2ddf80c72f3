"""Proceedings: scheduling, panels, outcomes validated against the reg 42 table, appeals,
barred and advisory list referrals."""

from __future__ import annotations

import hashlib
from datetime import date, time

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases import lifecycle
from cases.choices import ClosureReason, SubjectStage
from cases.dismissals import notice_deemed_served_on as deemed_served_on
from cases.models import CaseSubject
from core.working_days import add_working_days

from . import dismissals
from .choices import AppealBody, Appellant, Finding, ListKind, NoticeMethod, Outcome, ProceedingStatus, RuleCondition
from .models import (
    Appeal,
    ListReferral,
    OutcomeRule,
    PanelMember,
    PanelRole,
    Proceeding,
    ProceedingOutcome,
    WarningPeriod,
)

OUTCOME_NOTICE_WORKING_DAYS = 5
BARRED_LIST_REVIEW_YEARS = 5
# How far ahead a meeting or hearing can sensibly be fixed: further than this is a typing slip.
SCHEDULE_HORIZON_YEARS = 2


def live_final_written_warning(*, person, on: date) -> bool:
    """Is a final written warning live for this person on this date?"""
    return ProceedingOutcome.objects.filter(
        proceeding__subject__person=person,
        outcome=Outcome.FINAL_WRITTEN_WARNING,
        decided_on__lte=on,
        warning_expires_on__gt=on,
    ).exists()


def outcomes_allowed(*, proceeding: Proceeding, finding: str, on: date) -> list[str]:
    """The outcomes the reg 42 table (data) allows for this forum, finding and person."""
    rules = OutcomeRule.objects.filter(active=True, finding=finding, forum__in=[proceeding.forum, ""])
    live = None
    allowed = []
    for rule in rules:
        if rule.condition == RuleCondition.LIVE_FWW_OR_SEVERAL_MATTERS:
            if live is None:
                live = live_final_written_warning(person=proceeding.subject.person, on=on)
            if not (live or proceeding.several_unconnected_matters):
                continue
        allowed.append(rule.outcome)
    return allowed


def proceeding_schedule(
    *,
    actor,
    subject: CaseSubject,
    scheduled_for: date,
    scheduled_time: time | None = None,
    venue: str = "",
    panel: list[tuple[str, str]] = (),
    several_unconnected_matters: bool = False,
) -> Proceeding:

    def guard():
        if subject.stage != SubjectStage.REFERRED:
            raise ValidationError("Proceedings are scheduled once the subject has been referred to them.")
        if subject.proceedings.filter(status=ProceedingStatus.SCHEDULED).exists():
            raise lifecycle.already(
                case=subject.case,
                subject=subject,
                event="proceeding_scheduled",
                what=f"The {subject.get_forum_display().lower()}",
            )

    guard()
    received = subject.case.received_date
    horizon = timezone.localdate() + relativedelta(years=SCHEDULE_HORIZON_YEARS)
    if scheduled_for < received:
        raise ValidationError(
            {"scheduled_for": f"The date cannot be before the matter came to attention ({received:%-d %B %Y})."}
        )
    if scheduled_for > horizon:
        raise ValidationError(
            {
                "scheduled_for": f"The date cannot be more than {SCHEDULE_HORIZON_YEARS} years ahead ({horizon:%-d %B %Y})."
            }
        )
    roles = {r.code: r for r in PanelRole.objects.all()}
    for code, _name in panel:
        if code not in roles:
            raise ValidationError({"panel": f"Unknown panel role '{code}'."})
        if subject.forum not in roles[code].forums.split(","):
            raise ValidationError({"panel": f"A {roles[code].label} does not sit on a {subject.get_forum_display()}."})
    missing = [
        r.label
        for r in roles.values()
        if r.required and subject.forum in r.forums.split(",") and r.code not in {c for c, _ in panel}
    ]
    if missing:
        raise ValidationError({"panel": f"The panel needs: {', '.join(missing)}."})
    with lifecycle.step(
        actor=actor,
        case=subject.case,
        subject=subject,
        reason=f"{subject.get_forum_display()} scheduled",
        event="proceeding_scheduled",
        guard=guard,
    ) as step:
        proceeding = Proceeding.objects.create(
            subject=subject,
            forum=subject.forum,
            scheduled_for=scheduled_for,
            scheduled_time=scheduled_time,
            venue=venue,
            several_unconnected_matters=several_unconnected_matters,
        )
        PanelMember.objects.bulk_create([PanelMember(proceeding=proceeding, role=roles[c], name=n) for c, n in panel])
        step.log(subject)
    return proceeding


def outcome_record(
    *,
    actor,
    proceeding: Proceeding,
    finding: str,
    outcome: str,
    reasons: str,
    decided_on: date | None = None,
    warning_months: int | None = None,
    exceptional_circumstances: str = "",
) -> ProceedingOutcome:
    lifecycle.require_reason(reasons, "reasons")
    decided_on = decided_on or timezone.localdate()
    subject = proceeding.subject

    def guard():
        if Proceeding.objects.filter(pk=proceeding.pk).exclude(status=ProceedingStatus.SCHEDULED).exists():
            raise lifecycle.already(
                case=subject.case, subject=subject, event="outcome_recorded", what="The outcome of this proceeding"
            )

    guard()
    today = timezone.localdate()
    if proceeding.scheduled_for and decided_on < proceeding.scheduled_for:
        raise ValidationError(
            {
                "decided_on": f"The outcome cannot be dated before the {proceeding.get_forum_display().lower()} "
                f"({proceeding.scheduled_for:%d %B %Y}): enter the date the decision was given."
            }
        )
    if decided_on > today:
        raise ValidationError({"decided_on": "The outcome cannot be dated in the future."})
    allowed = outcomes_allowed(proceeding=proceeding, finding=finding, on=decided_on)
    if outcome not in allowed:
        names = ", ".join(Outcome(o).label.lower() for o in allowed) or "none"
        extra = ""
        if outcome in (Outcome.REDUCTION_IN_RANK, Outcome.DISMISSAL_WITHOUT_NOTICE) and finding == Finding.MISCONDUCT:
            extra = " Reduction in rank or dismissal for misconduct needs a live final written warning or several unconnected matters."
        raise ValidationError(
            {
                "outcome": f"A {proceeding.get_forum_display().lower()} finding {Finding(finding).label.lower()} "
                f"cannot give {Outcome(outcome).label.lower()}. Allowed: {names}.{extra}"
            }
        )
    if outcome == Outcome.REDUCTION_IN_RANK and subject.person.person_type != "officer":
        raise ValidationError({"outcome": "Reduction in rank applies to police officers only."})
    rule_version, exceptional_circumstances = dismissals.outcome_check(  # presumption of dismissal (SI 2025/558)
        proceeding=proceeding,
        finding=finding,
        outcome=outcome,
        exceptional_circumstances=exceptional_circumstances,
        decided_on=decided_on,
    )
    expires = None
    if outcome in (Outcome.WRITTEN_WARNING, Outcome.FINAL_WRITTEN_WARNING):
        period = (
            warning_months or WarningPeriod.objects.filter(outcome=outcome).values_list("months", flat=True).first()
        )
        if period:
            expires = decided_on + relativedelta(months=period)
    with lifecycle.step(
        actor=actor, case=subject.case, subject=subject, reason=reasons, event="outcome_recorded", guard=guard
    ) as step:
        result = ProceedingOutcome.objects.create(
            proceeding=proceeding,
            finding=finding,
            outcome=outcome,
            reasons=reasons,
            exceptional_circumstances=exceptional_circumstances,
            rule_version=rule_version,
            decided_on=decided_on,
            notice_due_on=add_working_days(decided_on, OUTCOME_NOTICE_WORKING_DAYS),
            warning_expires_on=expires,
            recorded_by=actor,
        )
        proceeding.status = ProceedingStatus.HELD
        proceeding.save(update_fields=["status"])
        before = lifecycle.move(step, subject, "record_outcome", outcome)
        subject.save()
        if outcome == Outcome.DISMISSAL_WITHOUT_NOTICE:
            list_referral_make(
                actor=actor,
                subject=subject,
                kind=ListKind.BARRED,
                reason="Dismissed without notice",
                referred_on=decided_on,
            )
        if subject.stage == SubjectStage.RPRP:
            from cases.models import ReflectiveReview

            ReflectiveReview.objects.get_or_create(subject=subject)
        step.log(subject, before, subject.stage)
    return result


# Working days the subject has to give notice of appeal, "beginning with the first working day
# after the day" the outcome notice is supplied (so counted from the day after the (deemed) service):
# Police Appeals Tribunals Rules 2020 rule 9 (hearings: 10); an appeal from a misconduct meeting,
# Police (Conduct) Regulations 2020 reg 45 (7). Checked for issue 13: both right.
APPEAL_NOTICE_WORKING_DAYS = {AppealBody.POLICE_APPEALS_TRIBUNAL: 10, AppealBody.INTERNAL: 7}


def outcome_notice_give(
    *, actor, outcome: ProceedingOutcome, given_on: date, method: str = NoticeMethod.IN_PERSON
) -> ProceedingOutcome:
    """Produce the written outcome notice (finding, outcome, reasons, appeal rights) and record
    that it was given to the subject: when, and how."""
    from cases.documents import outcome_notice_pdf

    proceeding = outcome.proceeding
    subject = proceeding.subject
    if method not in NoticeMethod.values:
        raise ValidationError({"method": "Say how the notice was given."})
    if given_on < outcome.decided_on:
        raise ValidationError(
            {"given_on": f"The notice cannot be given before the outcome was decided ({outcome.decided_on:%d %B %Y})."}
        )
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": "The date the notice was given cannot be in the future."})

    def guard():
        if ProceedingOutcome.objects.filter(pk=outcome.pk, notice_given_on__isnull=False).exists():
            raise lifecycle.already(
                case=subject.case, subject=subject, event="outcome_notified", what="Service of the outcome notice"
            )

    if not lifecycle.follows_regulations(subject.person):
        body, days = "appeal manager under the police staff misconduct procedure", 10
    else:
        expected = AppealBody.INTERNAL if proceeding.forum == "meeting" else AppealBody.POLICE_APPEALS_TRIBUNAL
        body, days = AppealBody(expected).label, APPEAL_NOTICE_WORKING_DAYS[expected]
    # the appeal window runs from the day the notice counts as served (e-mail: the deemed day)
    deemed, _ = deemed_served_on(subject=subject, sent_on=given_on, method=method)
    appeal_due = add_working_days(deemed, days)
    pdf = outcome_notice_pdf(
        outcome=outcome,
        appeal_body=body,
        appeal_days=days,
        given_on=given_on,
        deemed_served_on=deemed,
        appeal_due_on=appeal_due,
    )
    with lifecycle.step(
        actor=actor,
        case=subject.case,
        subject=subject,
        reason=f"outcome notice given ({NoticeMethod(method).label.lower()})",
        event="outcome_notified",
        guard=guard,
    ) as step:
        outcome.notice_given_on, outcome.notice_method, outcome.notice_given_by = given_on, method, actor
        outcome.notice_pdf, outcome.notice_sha256 = pdf, hashlib.sha256(pdf).hexdigest()
        outcome.notice_deemed_served_on, outcome.appeal_due_on = deemed, appeal_due
        outcome.save(
            update_fields=[
                "notice_given_on",
                "notice_method",
                "notice_given_by",
                "notice_pdf",
                "notice_sha256",
                "notice_deemed_served_on",
                "appeal_due_on",
            ]
        )
        step.log(subject)
    return outcome


def appeal_lodge(
    *, actor, subject: CaseSubject, body: str, lodged_on: date, grounds: str, appellant: str = Appellant.SUBJECT
) -> Appeal:
    lifecycle.require_reason(grounds, "grounds")
    lifecycle.require_not_future(lodged_on, "lodged_on", "The date the appeal was lodged")
    rule_version = dismissals.appeal_check(subject=subject, appellant=appellant, body=body)  # CPA 2026
    expected = AppealBody.INTERNAL if subject.forum == "meeting" else AppealBody.POLICE_APPEALS_TRIBUNAL
    if body != expected:
        raise ValidationError(
            {
                "body": f"An appeal from a {subject.get_forum_display().lower()} goes to the {AppealBody(expected).label}."
            }
        )
    with lifecycle.step(actor=actor, case=subject.case, subject=subject, reason=grounds, event="appeal_lodged") as step:
        before = lifecycle.move(step, subject, "lodge_appeal")
        subject.save()
        appeal = Appeal.objects.create(
            subject=subject,
            body=body,
            lodged_on=lodged_on,
            grounds=grounds,
            appellant=appellant,
            rule_version=rule_version,
        )
        step.log(subject, before, subject.stage)
    return appeal


def appeal_decide(*, actor, appeal: Appeal, result: str, decided_on: date, reasons: str) -> Appeal:
    lifecycle.require_reason(reasons, "reasons")
    lifecycle.require_not_future(decided_on, "decided_on", "The date of the appeal decision")
    subject = appeal.subject

    def guard():
        if Appeal.objects.filter(pk=appeal.pk).exclude(result="").exists():
            raise lifecycle.already(
                case=subject.case, subject=subject, event="appeal_decided", what="The appeal decision"
            )

    guard()
    with lifecycle.step(
        actor=actor, case=subject.case, subject=subject, reason=reasons, event="appeal_decided", guard=guard
    ) as step:
        appeal.result, appeal.decided_on, appeal.result_reasons = result, decided_on, reasons
        appeal.save()
        before = lifecycle.move(step, subject, "finalise")
        subject.closure_reason, subject.finalised_on = ClosureReason.APPEAL_DECIDED, decided_on
        subject.save()
        step.log(subject, before, subject.stage)
        lifecycle.case_status_refresh(subject.case)
    return appeal


def outcome_finalise(*, actor, subject: CaseSubject, reason: str) -> CaseSubject:
    """No appeal within the window (or appeal rights waived): the outcome is final."""
    lifecycle.require_reason(reason, "reason")

    def guard():
        if subject.stage != SubjectStage.OUTCOME_RECORDED:
            raise ValidationError("Only a recorded outcome awaiting the appeal window can be finalised.")

    guard()
    with lifecycle.step(
        actor=actor, case=subject.case, subject=subject, reason=reason, event="outcome_finalised", guard=guard
    ) as step:
        before = lifecycle.move(step, subject, "finalise")
        subject.closure_reason, subject.finalised_on = ClosureReason.OUTCOME_FINAL, timezone.localdate()
        subject.save()
        step.log(subject, before, subject.stage)
        lifecycle.case_status_refresh(subject.case)
    return subject


def list_referral_make(*, actor, subject: CaseSubject, kind: str, reason: str, referred_on: date) -> ListReferral:
    review = referred_on + relativedelta(years=BARRED_LIST_REVIEW_YEARS) if kind == ListKind.BARRED else None
    with transaction.atomic():
        referral, _ = ListReferral.objects.get_or_create(
            subject=subject,
            kind=kind,
            defaults={"reason": reason, "referred_on": referred_on, "review_due_on": review, "recorded_by": actor},
        )
    return referral


def subject_left_force(*, actor, subject: CaseSubject, left_on: date, reason: str) -> CaseSubject:
    """A subject resigned or retired while under investigation: advisory list referral."""
    lifecycle.require_reason(reason, "reason")
    lifecycle.require_not_future(left_on, "left_on", "The date they left")

    def guard():
        if subject.stage == SubjectStage.CLOSED:
            raise ValidationError("This subject's matter is already finalised.")
        if subject.left_while_under_investigation:
            raise lifecycle.already(
                case=subject.case, subject=subject, event="subject_left_force", what="That the subject left the force"
            )

    guard()
    with lifecycle.step(
        actor=actor, case=subject.case, subject=subject, reason=reason, event="subject_left_force", guard=guard
    ) as step:
        subject.left_while_under_investigation = True
        subject.save(update_fields=["left_while_under_investigation"])
        list_referral_make(actor=actor, subject=subject, kind=ListKind.ADVISORY, reason=reason, referred_on=left_on)
        step.log(subject)
    return subject
