"""Suspension as a decision with reasons: the 2020 rules (reg 11 as first made, with the 2024 policy)
for conduct before 13 July 2026, the 2026 rules (regs 11, 11B, 11C) for conduct on or after it."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import AllegationCategory, CasePriority, PriorityWeight, StageTransition, Standard
from cases.priority import priority_score_cases
from cases.queues import queue_cases
from cases.services import allegation_add, case_open, severity_assess, subject_add
from cases.suspension import (
    criminal_event_record,
    deadlines_for,
    next_review_due,
    rule_version_for,
    suspension_decide,
    suspension_lift,
    suspension_review,
    suspension_rows,
)
from cases.suspension_models import ListedOffence, SuspensionDecision
from core.working_days import add_working_days
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
BEFORE = date(2026, 5, 4)  # conduct before 13 July 2026: the 2020 rules
AFTER = date(2026, 7, 20)  # conduct on or after 13 July 2026: the 2026 rules
VERSIONS = [pytest.param(BEFORE, "2020", 4, id="2020-conduct-before-13-July-2026"),
            pytest.param(AFTER, "2026", 12, id="2026-conduct-from-13-July-2026")]  # fmt: skip


@pytest.fixture
def subject_for(people):
    """subject_for(conduct_date, gross=False) -> a subject whose allegation happened on that date."""

    def make(conduct: date, gross: bool = False, assessed_on: date | None = None):
        actor = people["investigator"]
        case = case_open(actor=actor, source="conduct_matter", received_date=conduct, summary="Alleged assault at home")
        subject = subject_add(actor=actor, case=case, person=PersonFactory(rank_or_grade="PC"))
        allegation_add(
            actor=actor,
            subject=subject,
            category=AllegationCategory.objects.get(code="violence"),
            standards=list(Standard.objects.filter(number__in=[4, 9])),
            description="Assaulted a partner at home.",
            incident_date=conduct,
        )
        if gross:
            severity_assess(
                actor=people["authority"],
                subject=subject,
                severity="gross_misconduct",
                likely_forum="hearing",
                rationale="Criminal allegation of violence",
                assessed_on=assessed_on or TODAY,
            )
        subject.refresh_from_db()
        return subject

    return make


def _event(people, subject, kind="criminal_investigation", offence=None, known_on=None, occurred_on=None):
    known_on = known_on or TODAY
    event = criminal_event_record(
        actor=people["authority"],
        subject=subject,
        kind=kind,
        offence=ListedOffence.objects.get(code=offence) if offence else None,
        offence_description="" if offence else "Common assault",
        occurred_on=occurred_on or known_on,
        known_on=known_on,
        reason="Notified by the investigating team",
    )
    subject.refresh_from_db()
    return event


def _decide(people, subject, outcome="suspend", **kwargs):
    kwargs.setdefault("reasons", "Decided on the facts known")
    if outcome == "suspend":
        kwargs.setdefault("public_interest", True)
        kwargs.setdefault("restricted_duties_considered", "No post away from the public is available")
    decision = suspension_decide(actor=people["authority"], subject=subject, outcome=outcome, **kwargs)
    subject.refresh_from_db()
    return decision


# ------------------------------------------------------------------ the version applied


@pytest.mark.parametrize(("conduct", "version", "weeks"), VERSIONS)
def test_the_version_follows_the_conduct_date_and_sets_the_review_interval(
    people, subject_for, conduct, version, weeks
):
    subject = subject_for(conduct)
    decided = TODAY - timedelta(days=3)
    decision = _decide(people, subject, decided_on=decided)
    assert rule_version_for(subject).version == version
    assert decision.rule_version.version == version
    assert next_review_due(decision) == decided + timedelta(weeks=weeks)
    assert [d.kind for d in deadlines_for(subject)] == ["review"]


@pytest.mark.parametrize(("conduct", "version", "weeks"), VERSIONS)
def test_reg_11B_decision_is_due_within_3_working_days_only_under_the_2026_rules(
    people, subject_for, conduct, version, weeks
):
    assessed = TODAY - timedelta(days=10)
    subject = subject_for(conduct, gross=True, assessed_on=assessed)
    known = TODAY - timedelta(days=6)
    _event(people, subject, known_on=known)
    (deadline,) = deadlines_for(subject)
    assert deadline.kind == "decision"
    if version == "2026":
        # the clock runs from the later of the gross misconduct assessment and learning of the investigation
        assert deadline.due_on == add_working_days(known, 3)
    else:
        assert deadline.due_on is None


def test_no_reg_11B_clock_when_the_conduct_is_not_assessed_as_gross_misconduct(people, subject_for):
    subject = subject_for(AFTER)
    _event(people, subject)
    (deadline,) = deadlines_for(subject)
    assert (deadline.kind, deadline.due_on) == ("decision", None)


def test_a_decision_made_after_the_3_working_days_is_recorded_late_and_shown_late_in_the_queue(people, subject_for):
    known = TODAY - timedelta(days=14)
    subject = subject_for(AFTER, gross=True, assessed_on=known)
    event = _event(people, subject, known_on=known)
    decision = _decide(people, subject, outcome="restricted_duties", reasons="Restricted duties will do: no contact")
    assert decision.trigger == event
    assert decision.due_on == add_working_days(known, 3)
    assert decision.late_by > 0
    timeline = StageTransition.objects.filter(subject=subject, event="suspension_decided").get()
    assert "working day(s) after it was due" in timeline.reason
    (row,) = suspension_rows(cases=subject.case.__class__.objects.all(), today=TODAY)
    assert row["late_decision"] == decision
    assert subject.restricted_duties and not subject.suspended


def test_a_decision_made_in_time_is_not_late(people, subject_for):
    subject = subject_for(AFTER, gross=True, assessed_on=TODAY - timedelta(days=1))
    _event(people, subject, known_on=TODAY - timedelta(days=1))
    decision = _decide(people, subject)
    assert decision.due_on and decision.late_by == 0
    assert deadlines_for(subject)[0].kind == "review"  # the decision is no longer due


# ------------------------------------------------------------------ refusals


@pytest.mark.parametrize(("conduct", "version", "weeks"), VERSIONS)
def test_suspension_needs_a_ground_and_restricted_duties_considered_first(people, subject_for, conduct, version, weeks):
    subject = subject_for(conduct)
    with pytest.raises(ValidationError) as refused:
        suspension_decide(actor=people["authority"], subject=subject, outcome="suspend", reasons="Serious")
    assert set(refused.value.message_dict) == {"investigation_prejudiced", "restricted_duties_considered"}
    assert not SuspensionDecision.objects.exists()


@pytest.mark.parametrize(("conduct", "version", "weeks"), VERSIONS)
def test_a_ground_met_makes_suspension_a_duty_only_under_the_2026_rules(people, subject_for, conduct, version, weeks):
    subject = subject_for(conduct)
    attempt = dict(outcome="neither", investigation_prejudiced=True, reasons="Low risk of interference")
    if version == "2026":
        with pytest.raises(ValidationError, match="suspension is a duty"):
            _decide(people, subject, **attempt)
        # restricted duties considered first: they will do
        assert _decide(people, subject, outcome="restricted_duties", investigation_prejudiced=True).outcome
    else:
        assert _decide(people, subject, **attempt).outcome == "neither"


@pytest.mark.parametrize(("conduct", "version", "weeks"), VERSIONS)
def test_charge_for_a_listed_offence_mandatory_in_2026_presumed_by_the_2024_policy_before(
    people, subject_for, conduct, version, weeks
):
    subject = subject_for(conduct)
    _event(people, subject, kind="charge", offence="controlling_behaviour")
    with pytest.raises(ValidationError) as refused:
        _decide(people, subject, outcome="neither")
    if version == "2026":
        assert "suspension is mandatory" in refused.value.message_dict["outcome"][0]
        with pytest.raises(ValidationError, match="suspension is mandatory"):
            _decide(people, subject, outcome="neither", exceptional_circumstances="Charge about to be dropped")
    else:
        assert "2024 policy presumes suspension" in refused.value.message_dict["exceptional_circumstances"][0]
        decision = _decide(people, subject, outcome="neither", exceptional_circumstances="CPS reviewing; no contact")
        assert decision.exceptional_circumstances
    # suspension itself needs no further ground: the presumption supplies it
    assert _decide(people, subject, outcome="suspend", restricted_duties_considered="").outcome == "suspend"


@pytest.mark.parametrize(("conduct", "version", "weeks"), VERSIONS)
def test_arrest_for_a_listed_offence_presumes_suspension_only_under_the_2026_rules(
    people, subject_for, conduct, version, weeks
):
    subject = subject_for(conduct)
    _event(people, subject, kind="arrest", offence="sexual_assault")
    if version == "2026":
        with pytest.raises(ValidationError) as refused:
            _decide(people, subject, outcome="restricted_duties")
        assert "presumption is not rebutted" in refused.value.message_dict["exceptional_circumstances"][0]
        decision = _decide(
            people, subject, outcome="restricted_duties", exceptional_circumstances="Released: complainant retracted"
        )
    else:
        decision = _decide(people, subject, outcome="restricted_duties")
    assert decision.outcome == "restricted_duties" and subject.restricted_duties


def test_only_one_suspension_stands_at_a_time(people, subject_for):
    subject = subject_for(AFTER)
    _decide(people, subject)
    with pytest.raises(ValidationError, match="already suspended"):
        _decide(people, subject)


def test_a_decision_cannot_be_dated_in_the_future_or_made_without_reasons(people, subject_for):
    subject = subject_for(AFTER)
    with pytest.raises(ValidationError, match="future"):
        _decide(people, subject, decided_on=TODAY + timedelta(days=1))
    with pytest.raises(ValidationError, match="Give the reasons"):
        _decide(people, subject, reasons=" ")


# ------------------------------------------------------------------ reviews and lifting


@pytest.mark.parametrize(("conduct", "version", "weeks"), VERSIONS)
def test_review_continue_then_convert_to_restricted_duties_then_lift(people, subject_for, conduct, version, weeks):
    subject = subject_for(conduct)
    decided = TODAY - timedelta(weeks=weeks, days=5)
    decision = _decide(people, subject, decided_on=decided)
    assert subject.suspended
    (review_due,) = deadlines_for(subject)
    assert review_due.overdue(TODAY)
    first = suspension_review(
        actor=people["authority"], subject=subject, outcome="continue", reasons="Investigation continuing"
    )
    assert first.was_late and first.due_on == decided + timedelta(weeks=weeks)
    assert next_review_due(decision) == TODAY + timedelta(weeks=weeks)
    subject.refresh_from_db()
    convert = suspension_review(actor=people["authority"], subject=subject, outcome="convert", reasons="Witnesses seen")
    subject.refresh_from_db()
    decision.refresh_from_db()
    assert decision.ended_on == TODAY
    assert convert.resulting_decision.outcome == "restricted_duties"
    assert (subject.suspended, subject.restricted_duties) == (False, True)
    suspension_lift(actor=people["authority"], subject=subject, reasons="No further action by the CPS")
    subject.refresh_from_db()
    assert (subject.suspended, subject.restricted_duties) == (False, False)
    events = list(
        StageTransition.objects.filter(subject=subject, event__startswith="suspension").values_list("event", flat=True)
    )
    assert sorted(events) == ["suspension_decided", "suspension_lifted", "suspension_reviewed", "suspension_reviewed"]
    # the history keeps every change with its reason
    assert SuspensionDecision.pgh_event_model.objects.filter(pgh_obj=decision).count() >= 2


def test_a_suspension_after_a_listed_charge_cannot_be_lifted_under_the_2026_rules(people, subject_for):
    subject = subject_for(AFTER)
    _event(people, subject, kind="charge", offence="rape")
    _decide(people, subject)
    with pytest.raises(ValidationError, match="continues while the charge stands"):
        suspension_lift(actor=people["authority"], subject=subject, reasons="Long enough")
    with pytest.raises(ValidationError, match="continues while the charge stands"):
        suspension_review(actor=people["authority"], subject=subject, outcome="lift", reasons="Long enough")
    assert subject.suspended


def test_nothing_to_review_or_lift_without_a_standing_suspension(people, subject_for):
    subject = subject_for(AFTER)
    with pytest.raises(ValidationError, match="no suspension to review"):
        suspension_review(actor=people["authority"], subject=subject, outcome="continue", reasons="x")
    with pytest.raises(ValidationError, match="nothing to lift"):
        suspension_lift(actor=people["authority"], subject=subject, reasons="x")


# ------------------------------------------------------------------ priority and queues


def test_an_overdue_review_adds_time_pressure_to_the_priority_and_puts_the_case_at_risk(people, subject_for):
    subject = subject_for(AFTER)
    _decide(people, subject, decided_on=AFTER + timedelta(days=1))  # 12 weeks passed before today
    priority_score_cases(case_ids=[subject.case_id], today=TODAY)
    priority = CasePriority.objects.get(case=subject.case)
    parts = {c["code"]: c for c in priority.components}
    weight = PriorityWeight.objects.get(code="suspension_deadline").weight
    assert parts["suspension_deadline"]["points"] == weight
    assert "suspension review overdue since" in parts["suspension_deadline"]["detail"]
    assert priority.at_risk
    assert subject.case in queue_cases(user=people["authority"], queue="at-risk")


def test_the_weight_is_data_a_change_of_it_changes_the_score(people, subject_for):
    subject = subject_for(AFTER, gross=True, assessed_on=TODAY - timedelta(days=1))
    _event(people, subject, known_on=TODAY - timedelta(days=1))
    priority_score_cases(case_ids=[subject.case_id], today=TODAY)
    before = {c["code"]: c["points"] for c in CasePriority.objects.get(case=subject.case).components}
    PriorityWeight.objects.filter(code="suspension_deadline").update(weight=40)
    priority_score_cases(case_ids=[subject.case_id], today=TODAY)
    after = {c["code"]: c["points"] for c in CasePriority.objects.get(case=subject.case).components}
    assert before["suspension_deadline"] == 7  # half of 14: due within 5 working days
    assert after["suspension_deadline"] == 20


def test_the_queue_lists_overdue_first(people, subject_for):
    overdue = subject_for(AFTER)
    _decide(people, overdue, decided_on=AFTER + timedelta(days=1))
    fresh = subject_for(AFTER)
    _decide(people, fresh)
    rows = suspension_rows(cases=overdue.case.__class__.objects.all(), today=TODAY)
    assert [r["subject"] for r in rows] == [overdue, fresh]
    assert [r["overdue"] for r in rows] == [True, False]
