"""Every write to a performance case. Keyword-only, one transaction per step (performance.lifecycle),
history with who and why, a timeline entry, and the rule version applied on every decision row.

Refusals a person can cause raise ValidationError keyed by the form field where there is one
(pages show it on the field; the API answers 400 with the reasons, 409 when someone acted first).
"""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.choices import Role
from cases.lifecycle import require_not_future, require_reason
from core.working_days import add_working_days
from law.rules import MatterDates, version_for
from workforce.choices import PersonType
from workforce.models import Person
from workforce.synthetic import RANK_ORDER

from .choices import (
    ENDING_OUTCOMES,
    AppealResult,
    Assessment,
    MeetingOutcome,
    MeetingStage,
    PerformanceKind,
    PerformanceState,
)
from .lifecycle import move, step
from .models import (
    PerformanceAppeal,
    PerformanceCase,
    PerformanceEvent,
    PerformanceMeeting,
    PeriodAssessment,
    PeriodExtension,
)
from .reference import RULE
from .selectors import may_open_case_about, performance_cases_visible_to

S = PerformanceState
NOTICE_OUTCOMES = (MeetingOutcome.WRITTEN_IMPROVEMENT_NOTICE, MeetingOutcome.FINAL_WRITTEN_IMPROVEMENT_NOTICE,
                   MeetingOutcome.EXTEND_FINAL_NOTICE)  # fmt: skip
ABOVE_SCOPE = RANK_ORDER.get("CSUPT", 6)  # the Regulations do not apply above chief superintendent


def _today() -> date:
    return timezone.localdate()


def rule_version_for(attention_date: date):
    return version_for(RULE, MatterDates(attention_date=attention_date))


def _require_may_act(actor, case: PerformanceCase) -> None:
    if actor is None:
        return
    if not performance_cases_visible_to(user=actor).filter(pk=case.pk).exists():
        raise ValidationError("You cannot act on this case: it is outside your line management or you are in conflict.")


def _not_far_ahead(value: date, field: str) -> None:
    """A meeting is fixed weeks ahead, not years: a date over a year away is a typing mistake."""
    if value > _today() + relativedelta(years=1):
        raise ValidationError({field: "A meeting cannot be fixed more than a year ahead."})


def _date(value, field: str, what: str) -> date:
    if value is None:
        raise ValidationError({field: f"Enter {what}."})
    require_not_future(value, field, what.capitalize())
    return value


# ----------------------------------------------------------------- reads used by pages and API


def _meetings(case: PerformanceCase) -> list[PerformanceMeeting]:
    # .all(): the queue prefetches meetings and appeals, so a page of cases costs no query per row
    return list(case.meetings.all())


def stage_key(case: PerformanceCase, stage: str) -> str:
    """Which outcome list of the rule version a meeting at this stage uses."""
    params = case.params
    if stage == MeetingStage.FIRST:
        return "first"
    if case.kind == PerformanceKind.GROSS_INCOMPETENCE and stage == params.get("gross_incompetence_stage"):
        return "gross_incompetence"
    had_final_notice = any(m.outcome == MeetingOutcome.FINAL_WRITTEN_IMPROVEMENT_NOTICE for m in _meetings(case))
    if stage == params.get("final_stage") and (had_final_notice or stage == "third"):
        return "final"
    return "second"


def outcomes_for(case: PerformanceCase, stage: str) -> list[str]:
    return list(case.params.get("outcomes", {}).get(stage_key(case, stage), []))


def open_meeting(case: PerformanceCase) -> PerformanceMeeting | None:
    waiting = [m for m in _meetings(case) if not m.outcome]
    return max(waiting, key=lambda m: (m.notice_given_on, m.id)) if waiting else None


def last_held_meeting(case: PerformanceCase) -> PerformanceMeeting | None:
    held = [m for m in _meetings(case) if m.outcome]
    return max(held, key=lambda m: (m.meeting_on, m.id)) if held else None


def pending_appeals(case: PerformanceCase) -> list[PerformanceAppeal]:
    return [a for a in case.appeals.all() if not a.result]


def appealed(case: PerformanceCase, meeting: PerformanceMeeting) -> bool:
    return any(a.meeting_id == meeting.id for a in case.appeals.all())


def next_stage(case: PerformanceCase) -> str:
    """The stage the next meeting would be at after an improvement period that failed."""
    if case.state == S.FIRST_IMPROVEMENT:
        return MeetingStage.SECOND
    return MeetingStage(case.params.get("final_stage", "third"))


def appeal_to(case: PerformanceCase, stage: str) -> str:
    return case.params.get("appeal_to", {}).get(stage, "the appeal manager")


def deadlines(case: PerformanceCase, today: date | None = None) -> list[dict]:
    """What is due on the case, earliest first: meeting, end of the specified period (review),
    appeal window, notice validity."""
    today = today or _today()
    items = []
    meeting = open_meeting(case)
    if meeting and meeting.meeting_on:
        items.append({"what": f"{meeting.get_stage_display()}", "due": meeting.meeting_on})
    if case.state in (S.FIRST_IMPROVEMENT, S.SECOND_IMPROVEMENT) and case.period_ends_on:
        items.append({"what": "End of the specified period: assess the improvement", "due": case.period_ends_on})
    held = last_held_meeting(case)
    if held and held.appeal_due_on and held.outcome not in ("", MeetingOutcome.NO_FURTHER_ACTION):
        if not appealed(case, held) and held.appeal_due_on >= today:
            items.append({"what": f"Appeal window ({appeal_to(case, held.stage)})", "due": held.appeal_due_on})
    if case.state in (S.FIRST_IMPROVEMENT, S.SECOND_IMPROVEMENT) and case.notice_valid_until:
        items.append({"what": "Improvement notice valid until", "due": case.notice_valid_until})
    for appeal in pending_appeals(case):
        items.append({"what": f"Appeal to {appeal.heard_by}: awaiting a decision", "due": appeal.lodged_on})
    for item in items:
        item["overdue"] = item["due"] < today and "valid until" not in item["what"]
    return sorted(items, key=lambda i: i["due"])


# ----------------------------------------------------------------- opening a case


def performance_case_open(
    *,
    actor,
    officer: Person,
    kind: str,
    concerns: str,
    attention_date: date,
    line_manager: Person | None = None,
) -> PerformanceCase:
    """Open a case about an officer. The rule version is chosen from the date the matter came to
    the line manager's attention."""
    concerns = (concerns or "").strip()
    if not concerns:
        raise ValidationError({"concerns": "Say what is unsatisfactory: the officer must be told at the meeting."})
    attention_date = _date(attention_date, "attention_date", "the date it came to your attention")
    if kind not in PerformanceKind.values:
        raise ValidationError({"kind": "Choose unsatisfactory performance, attendance or gross incompetence."})
    if officer.person_type != PersonType.OFFICER:
        raise ValidationError(
            {
                "staff_number": f"{officer.display_name} is not a police officer: the Performance Regulations apply to officers only."
            }
        )
    if RANK_ORDER.get(officer.rank_or_grade, 0) > ABOVE_SCOPE:
        raise ValidationError(
            {
                "staff_number": "The Performance Regulations do not apply to officers above the rank of chief superintendent."
            }
        )
    if officer.is_leaver:
        raise ValidationError({"staff_number": f"{officer.display_name} has left the force."})
    if actor is not None and not may_open_case_about(user=actor, person=officer):
        raise ValidationError(
            {"staff_number": "You can open a case only about an officer in your line management (the appropriate "
             "authority: anyone you are not in conflict with)."}
        )  # fmt: skip
    existing = PerformanceCase.objects.filter(officer=officer).exclude(state=S.CLOSED).first()
    if existing is not None:
        raise ValidationError(
            {"staff_number": f"{officer.display_name} already has an open performance case: {existing.reference}."}
        )
    version = rule_version_for(attention_date)
    reason = f"Case opened: {PerformanceKind(kind).label.lower()}"
    with transaction.atomic():
        case = PerformanceCase.objects.create(
            reference=f"TMP-{uuid4().hex[:12]}",
            officer=officer,
            line_manager=line_manager or officer.line_manager,
            kind=kind,
            concerns=concerns,
            attention_date=attention_date,
            rule_version=version,
            created_by=actor,
        )
        case.reference = f"PERF-{attention_date.year}-{case.pk:05d}"
        PerformanceCase.objects.filter(pk=case.pk).update(reference=case.reference)
        PerformanceEvent.objects.create(
            case=case, event="case_opened", to_state=case.state, actor=actor,
            reason=f"{reason}. Rules applied: {version.title if version else 'none'}.",
        )  # fmt: skip
    return case


def managers_appoint(
    *, actor, case: PerformanceCase, appeal_manager: Person | None, senior_manager: Person | None, reason: str = ""
) -> PerformanceCase:
    """The appropriate authority appoints the appeal manager (senior to the line manager) and the
    senior manager (at least as senior as the appeal manager)."""
    if actor is not None and not actor.has_role(Role.APPROPRIATE_AUTHORITY):
        raise ValidationError("Only the appropriate authority appoints the appeal manager and the senior manager.")
    _require_may_act(actor, case)

    def rank(person):
        return RANK_ORDER.get(person.rank_or_grade, 0)

    line_rank = rank(case.line_manager) if case.line_manager else rank(case.officer)
    for field, person in (("appeal_manager", appeal_manager), ("senior_manager", senior_manager)):
        if person is not None and person.pk in (case.officer_id, case.line_manager_id):
            raise ValidationError({field: "Must be someone other than the officer and their line manager."})
    if appeal_manager is not None and rank(appeal_manager) <= line_rank:
        raise ValidationError({"appeal_manager": "The appeal manager must be of a rank above the line manager's."})
    if senior_manager is not None and appeal_manager is not None and rank(senior_manager) < rank(appeal_manager):
        raise ValidationError(
            {"senior_manager": "The senior manager must be at least as senior as the appeal manager."}
        )
    reason = reason or "Appeal manager and senior manager appointed"
    with step(actor=actor, case=case, reason=reason, event="managers_appointed") as current:
        current.case.appeal_manager = appeal_manager
        current.case.senior_manager = senior_manager
        current.case.save(update_fields=["appeal_manager", "senior_manager", "updated_at"])
        names = ", ".join(
            f"{label}: {p.display_name} ({p.rank_or_grade})"
            for label, p in (("appeal manager", appeal_manager), ("senior manager", senior_manager))
            if p is not None
        )
        current.log(reason=f"{reason}. {names}")
    return case


# ----------------------------------------------------------------- meetings


def _period_defaults(case: PerformanceCase, given_on: date, period_ends_on: date | None, reasons: str):
    params = case.params
    months = params.get("specified_period_months", 3)
    default_end = given_on + relativedelta(months=months)
    period_ends_on = period_ends_on or default_end
    latest = given_on + relativedelta(months=params.get("specified_period_max_months", 12))
    if period_ends_on <= given_on:
        raise ValidationError({"period_ends_on": "The specified period must end after the meeting."})
    if period_ends_on > latest:
        raise ValidationError(
            {"period_ends_on": f"The specified period cannot end after {latest:%d %B %Y} (12 months from the notice)."}
        )
    if period_ends_on > default_end and len(reasons.strip()) < 20:
        raise ValidationError(
            {"reasons": f"A period longer than {months} months needs reasons: say why more time is appropriate."}
        )
    return period_ends_on, given_on + relativedelta(months=params.get("notice_valid_months", 12))


def first_stage_notice_give(
    *, actor, case: PerformanceCase, notice_given_on: date, meeting_on: date, reason: str = ""
) -> PerformanceMeeting:
    """Give the officer notice of a first-stage meeting (optional: the meeting can be recorded straight away)."""
    _require_may_act(actor, case)
    notice_given_on = _date(notice_given_on, "notice_given_on", "the date the notice was given")
    if meeting_on is None or meeting_on < notice_given_on:
        raise ValidationError({"meeting_on": "The meeting cannot be before the notice."})
    if notice_given_on < case.attention_date:
        raise ValidationError({"notice_given_on": "The notice cannot be before the matter came to attention."})
    _not_far_ahead(meeting_on, "meeting_on")
    reason = reason or "Notice of first-stage meeting given"
    with step(actor=actor, case=case, reason=reason, event="first_stage_notice_given") as current:
        before = move(current, "arrange_first_stage")
        current.case.save()
        meeting = PerformanceMeeting.objects.create(
            case=current.case, stage=MeetingStage.FIRST, notice_given_on=notice_given_on, meeting_on=meeting_on,
            rule_version=current.case.rule_version, decided_by=actor,
        )  # fmt: skip
        current.log(before)
    return meeting


def _record_outcome(
    current, meeting, *, outcome, meeting_on, conducted_by, improvement_required, period_ends_on, reasons
):
    case = current.case
    meeting.meeting_on = meeting_on
    meeting.conducted_by = conducted_by
    meeting.outcome = outcome
    meeting.reasons = reasons
    meeting.decided_by = current.actor
    meeting.rule_version = case.rule_version
    if outcome in NOTICE_OUTCOMES:
        if not (improvement_required or "").strip():
            raise ValidationError({"improvement_required": "Say what improvement is required in the specified period."})
        meeting.improvement_required = improvement_required.strip()
        meeting.period_ends_on, meeting.notice_valid_until = _period_defaults(case, meeting_on, period_ends_on, reasons)
        case.period_ends_on, case.notice_valid_until = meeting.period_ends_on, meeting.notice_valid_until
    else:
        case.period_ends_on = None
    if outcome != MeetingOutcome.NO_FURTHER_ACTION:
        final = meeting.stage == case.params.get("final_stage")
        days = case.params.get("tribunal_appeal_working_days" if final else "appeal_working_days", 7)
        meeting.appeal_due_on = add_working_days(meeting_on, days)
    meeting.save()
    if outcome in ENDING_OUTCOMES:
        case.outcome = outcome
        case.closed_on = meeting_on
    case.save()


def first_stage_meeting_record(
    *,
    actor,
    case: PerformanceCase,
    meeting_on: date,
    outcome: str,
    reasons: str,
    improvement_required: str = "",
    period_ends_on: date | None = None,
    notice_given_on: date | None = None,
    conducted_by: str = "",
) -> PerformanceMeeting:
    """The first-stage meeting and its outcome (no further action, or a written improvement notice
    with the improvement required and the specified period: 3 months unless reasons say otherwise)."""
    _require_may_act(actor, case)
    require_reason(reasons, "reasons")
    meeting_on = _date(meeting_on, "meeting_on", "the meeting date")
    if outcome not in outcomes_for(case, MeetingStage.FIRST):
        raise ValidationError(
            {"outcome": "A first-stage meeting ends in no further action or a written improvement notice."}
        )
    if meeting_on < case.attention_date:
        raise ValidationError(
            {
                "meeting_on": f"The meeting cannot be before the matter came to attention ({case.attention_date:%d %B %Y})."
            }
        )
    notice_given_on = notice_given_on or meeting_on
    if notice_given_on > meeting_on:
        raise ValidationError({"notice_given_on": "The notice must be given before the meeting."})
    label = MeetingOutcome(outcome).label.lower()
    with step(actor=actor, case=case, reason=reasons, event="first_stage_meeting_held") as current:
        meeting = open_meeting(current.case) if current.case.state == S.FIRST_STAGE else None
        before = move(current, "hold_first_stage", outcome)
        if meeting is None:
            meeting = PerformanceMeeting(case=current.case, stage=MeetingStage.FIRST, notice_given_on=notice_given_on)
        _record_outcome(
            current, meeting, outcome=outcome, meeting_on=meeting_on,
            conducted_by=conducted_by or _name(actor), improvement_required=improvement_required,
            period_ends_on=period_ends_on, reasons=reasons,
        )  # fmt: skip
        current.log(before, reason=f"First-stage meeting: {label}. {reasons}")
    return meeting


def later_stage_meeting_record(
    *,
    actor,
    case: PerformanceCase,
    meeting_on: date,
    outcome: str,
    reasons: str,
    improvement_required: str = "",
    period_ends_on: date | None = None,
    conducted_by: str = "",
) -> PerformanceMeeting:
    """The second-stage (or, under the 2020 rules, third-stage) meeting and its outcome."""
    _require_may_act(actor, case)
    require_reason(reasons, "reasons")
    meeting_on = _date(meeting_on, "meeting_on", "the meeting date")

    def guard(locked):
        if locked.state not in (S.SECOND_STAGE, S.THIRD_STAGE) or open_meeting(locked) is None:
            raise ValidationError("No second- or third-stage meeting is arranged on this case.")

    require_may_conduct_later_stage(actor, case)
    with step(actor=actor, case=case, reason=reasons, event="meeting_held", guard=guard) as current:
        meeting = open_meeting(current.case)
        allowed = outcomes_for(current.case, meeting.stage)
        if outcome not in allowed:
            names = "; ".join(MeetingOutcome(o).label.lower() for o in allowed)
            raise ValidationError(
                {"outcome": f"At this {meeting.get_stage_display().lower()} the outcome can be: {names}."}
            )
        if meeting_on < meeting.notice_given_on:
            raise ValidationError({"meeting_on": "The meeting cannot be before its notice."})
        if outcome == MeetingOutcome.DISMISSAL and len(reasons.strip()) < 20:
            raise ValidationError({"reasons": "Dismissal needs written reasons the officer can read and appeal."})
        current.event = f"{meeting.stage}_stage_meeting_held"
        before = move(current, "hold_later_stage", outcome)
        _record_outcome(
            current, meeting, outcome=outcome, meeting_on=meeting_on,
            conducted_by=conducted_by or _name(actor), improvement_required=improvement_required,
            period_ends_on=period_ends_on, reasons=reasons,
        )  # fmt: skip
        current.log(before, reason=f"{meeting.get_stage_display()}: {MeetingOutcome(outcome).label.lower()}. {reasons}")
    return meeting


def may_conduct_later_stage(actor, case: PerformanceCase) -> bool:
    try:
        require_may_conduct_later_stage(actor, case)
    except ValidationError:
        return False
    return True


def require_may_conduct_later_stage(actor, case: PerformanceCase) -> None:
    """The line manager holds the first stage only: a later meeting is conducted by someone more
    senior (2020: the second line manager, then a panel; 2025: the senior manager). Where a
    senior manager is appointed, only they (or the appropriate authority) record it."""
    if actor is None or actor.has_role(Role.APPROPRIATE_AUTHORITY):
        return
    by = case.params.get("meeting_by", {}).get(open_meeting(case).stage if open_meeting(case) else "second", "")
    if actor.person_id and actor.person_id == case.line_manager_id:
        raise ValidationError(f"The line manager holds the first stage only: this meeting is conducted by the {by}.")
    if case.senior_manager_id and by == "senior manager" and actor.person_id != case.senior_manager_id:
        raise ValidationError(
            f"Only the senior manager ({case.senior_manager.display_name}) or the appropriate authority records this meeting."
        )


def gross_incompetence_refer(
    *, actor, case: PerformanceCase, notice_given_on: date, meeting_on: date, reason: str
) -> PerformanceMeeting:
    """Gross incompetence goes straight to the last stage: a third-stage meeting (2020) or a
    second-stage meeting (2025)."""
    if actor is not None and not actor.has_role(Role.APPROPRIATE_AUTHORITY):
        raise ValidationError("Only the appropriate authority refers gross incompetence to a meeting.")
    _require_may_act(actor, case)
    require_reason(reason, "reason")
    notice_given_on = _date(notice_given_on, "notice_given_on", "the date the notice was given")
    if meeting_on is None or meeting_on < notice_given_on:
        raise ValidationError({"meeting_on": "The meeting cannot be before the notice."})
    _not_far_ahead(meeting_on, "meeting_on")
    stage = case.params.get("gross_incompetence_stage", "third")
    method = "refer_gross_incompetence_third" if stage == "third" else "refer_gross_incompetence_second"
    with step(actor=actor, case=case, reason=reason, event="gross_incompetence_referred") as current:
        before = move(current, method)
        current.case.save()
        meeting = PerformanceMeeting.objects.create(
            case=current.case, stage=stage, notice_given_on=notice_given_on, meeting_on=meeting_on,
            rule_version=current.case.rule_version, decided_by=actor,
        )  # fmt: skip
        current.log(before)
    return meeting


# ----------------------------------------------------------------- improvement period


def period_assess(
    *, actor, case: PerformanceCase, result: str, assessed_on: date, reasons: str, next_meeting_on: date | None = None
) -> PeriodAssessment:
    """At the end of the specified period: improved (the case ends) or not (notice of the next meeting)."""
    _require_may_act(actor, case)
    require_reason(reasons, "reasons")
    assessed_on = _date(assessed_on, "assessed_on", "the assessment date")
    if result not in Assessment.values:
        raise ValidationError({"result": "Choose whether the improvement was sufficient."})

    def guard(locked):
        if locked.state not in (S.FIRST_IMPROVEMENT, S.SECOND_IMPROVEMENT):
            raise ValidationError("No improvement period is running on this case.")
        if locked.period_ends_on and assessed_on < locked.period_ends_on:
            raise ValidationError(
                {
                    "assessed_on": f"The specified period runs until {locked.period_ends_on:%d %B %Y}: assess it after that date."
                }
            )

    with step(actor=actor, case=case, reason=reasons, event="improvement_assessed", guard=guard) as current:
        meeting = last_held_meeting(current.case)
        if result == Assessment.IMPROVED:
            before = move(current, "improved")
            current.case.closed_on = assessed_on
            current.case.outcome = meeting.outcome if meeting else ""
        else:
            if next_meeting_on is None or next_meeting_on < assessed_on:
                raise ValidationError(
                    {"next_meeting_on": "Give the date of the next meeting (not before the assessment)."}
                )
            _not_far_ahead(next_meeting_on, "next_meeting_on")
            stage = next_stage(current.case)
            method = {
                MeetingStage.SECOND: "require_second_stage"
                if current.case.state == S.FIRST_IMPROVEMENT
                else "require_final_second_stage",
                MeetingStage.THIRD: "require_third_stage",
            }[stage]
            before = move(current, method)
            PerformanceMeeting.objects.create(
                case=current.case, stage=stage, notice_given_on=assessed_on, meeting_on=next_meeting_on,
                rule_version=current.case.rule_version, decided_by=actor,
            )  # fmt: skip
        current.case.period_ends_on = None if result == Assessment.IMPROVED else current.case.period_ends_on
        current.case.save()
        assessment = PeriodAssessment.objects.create(
            case=current.case, meeting=meeting, result=result, assessed_on=assessed_on, reasons=reasons,
            decided_by=actor, rule_version=current.case.rule_version,
        )  # fmt: skip
        current.log(before, reason=f"{Assessment(result).label}. {reasons}")
    return assessment


def period_extend(*, actor, case: PerformanceCase, to_date: date, reasons: str) -> PeriodExtension:
    """Extend the specified period (never beyond 12 months from the notice)."""
    _require_may_act(actor, case)
    require_reason(reasons, "reasons")
    if to_date is None:
        raise ValidationError({"to_date": "Enter the new end of the specified period."})

    def guard(locked):
        if locked.state not in (S.FIRST_IMPROVEMENT, S.SECOND_IMPROVEMENT):
            raise ValidationError("No improvement period is running on this case.")
        if to_date <= locked.period_ends_on:
            raise ValidationError(
                {"to_date": f"An extension must end after the current end, {locked.period_ends_on:%d %B %Y}."}
            )

    with step(actor=actor, case=case, reason=reasons, event="specified_period_extended", guard=guard) as current:
        meeting = last_held_meeting(current.case)
        latest = meeting.meeting_on + relativedelta(months=current.case.params.get("specified_period_max_months", 12))
        if to_date > latest:
            raise ValidationError(
                {
                    "to_date": f"The specified period cannot be extended beyond {latest:%d %B %Y} (12 months from the notice)."
                }
            )
        extension = PeriodExtension.objects.create(
            case=current.case, meeting=meeting, from_date=current.case.period_ends_on, to_date=to_date,
            reasons=reasons, decided_by=actor, decided_on=_today(), rule_version=current.case.rule_version,
        )  # fmt: skip
        current.case.period_ends_on = to_date
        meeting.period_ends_on = to_date
        meeting.save(update_fields=["period_ends_on"])
        current.case.save()
        current.log(
            reason=f"Specified period extended from {extension.from_date:%d %B %Y} to {to_date:%d %B %Y}. {reasons}"
        )
    return extension


# ----------------------------------------------------------------- appeals


def appeal_lodge(*, actor, case: PerformanceCase, lodged_on: date, grounds: str) -> PerformanceAppeal:
    """The officer's appeal against the last meeting's finding or outcome, within the window."""
    _require_may_act(actor, case)
    require_reason(grounds, "grounds")
    lodged_on = _date(lodged_on, "lodged_on", "the date the appeal was received")
    with step(actor=actor, case=case, reason=grounds, event="appeal_lodged") as current:
        meeting = last_held_meeting(current.case)
        if meeting is None or meeting.outcome in ("", MeetingOutcome.NO_FURTHER_ACTION):
            raise ValidationError("There is no finding to appeal against on this case.")
        if appealed(current.case, meeting):
            raise ValidationError("An appeal against this meeting was already lodged.")
        if lodged_on < meeting.meeting_on:
            raise ValidationError({"lodged_on": "An appeal cannot be lodged before the meeting."})
        if meeting.appeal_due_on and lodged_on > meeting.appeal_due_on:
            raise ValidationError(
                {"lodged_on": f"Out of time: the appeal window closed on {meeting.appeal_due_on:%d %B %Y}."}
            )
        appeal = PerformanceAppeal.objects.create(
            case=current.case, meeting=meeting, heard_by=appeal_to(current.case, meeting.stage), lodged_on=lodged_on,
            grounds=grounds, rule_version=current.case.rule_version,
        )  # fmt: skip
        current.log(
            reason=f"Appeal to the {appeal.heard_by} against the {meeting.get_stage_display().lower()}. {grounds}"
        )
    return appeal


def appeal_decide(
    *, actor, appeal: PerformanceAppeal, result: str, reasons: str, decided_on: date | None = None
) -> PerformanceAppeal:
    """The appeal manager's (or senior manager's, or tribunal's) decision. The manager who held the
    meeting never decides the appeal."""
    case = appeal.case
    _require_may_act(actor, case)
    require_reason(reasons, "reasons")
    decided_on = _date(decided_on or _today(), "decided_on", "the decision date")
    if result not in AppealResult.values:
        raise ValidationError({"result": "Choose the result of the appeal."})
    if actor is not None:
        if appeal.meeting.decided_by_id == actor.pk or (actor.person_id and actor.person_id == case.line_manager_id):
            raise ValidationError("The manager who held the meeting cannot decide the appeal: the appeal manager does.")
        if (
            not actor.has_role(Role.APPROPRIATE_AUTHORITY)
            and case.appeal_manager_id
            and actor.person_id != case.appeal_manager_id
        ):
            raise ValidationError(
                f"Only the appeal manager ({case.appeal_manager.display_name}) or the appropriate authority records this decision."
            )
    with step(actor=actor, case=case, reason=reasons, event="appeal_decided") as current:
        locked = PerformanceAppeal.objects.select_for_update().get(pk=appeal.pk)
        if locked.result:
            raise ValidationError("This appeal was already decided.")
        locked.result, locked.reasons, locked.decided_on, locked.decided_by = result, reasons, decided_on, actor
        locked.rule_version = current.case.rule_version
        locked.save()
        before = ""
        if result == AppealResult.REVERSED:
            before = move(current, "reverse_on_appeal")
            current.case.period_ends_on = None
            current.case.outcome = MeetingOutcome.NO_FURTHER_ACTION
            current.case.closed_on = decided_on
            current.case.save()
        current.log(before, reason=f"Appeal {AppealResult(result).label.lower()}. {reasons}")
    return locked


def performance_case_withdraw(*, actor, case: PerformanceCase, reason: str) -> PerformanceCase:
    """End a case without an outcome (the officer left, or the matter is dealt with otherwise)."""
    _require_may_act(actor, case)
    require_reason(reason, "reason")
    with step(actor=actor, case=case, reason=reason, event="case_withdrawn") as current:
        if current.case.state == S.CLOSED:
            raise ValidationError("The case is already closed.")
        before = move(current, "withdraw")
        current.case.closed_on = _today()
        current.case.save()
        current.log(before)
    return case


def _name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username
