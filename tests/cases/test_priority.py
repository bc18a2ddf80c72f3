from datetime import date, timedelta

import pytest

from cases.intervention import intervention_flags_raise
from cases.models import CasePriority, InterventionFlag, PriorityWeight, ScoringRun, StageTransition
from cases.priority import priority_score_cases
from cases.services import cases_allocate, iopc_referral_record, severity_assess, subject_restriction_record
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 26)


def _score(case):
    priority_score_cases(case_ids=[case.pk], today=TODAY)
    return CasePriority.objects.get(case=case)


def _codes(priority):
    return {c["code"]: c["points"] for c in priority.components}


def test_components_are_stored_with_the_score_and_explain_it(people, matter):
    case, subject = matter(category="sexual_misconduct", received=TODAY - timedelta(days=400), victim_vulnerable=True)
    severity_assess(
        actor=people["authority"], subject=subject, severity="gross_misconduct", likely_forum="hearing", rationale="x"
    )
    subject.refresh_from_db()
    subject_restriction_record(
        actor=people["authority"], subject=subject, suspended=True, restricted_duties=False, reason="Risk"
    )
    iopc_referral_record(
        actor=people["authority"], case=case, referred=True, grounds=[], rationale="Mandatory", referred_on=TODAY
    )
    priority = _score(case)
    codes = _codes(priority)
    assert codes == {
        "severity_gross": 30,
        "category": 30,
        "vulnerable_victim": 15,
        "iopc": 10,
        "suspended": 10,
        "twelve_months": 12,
    }
    assert priority.score == sum(codes.values()) == 107
    assert all(c["label"] and c["detail"] for c in priority.components)
    assert priority.components[0]["points"] >= priority.components[-1]["points"]


def test_gross_misconduct_outranks_misconduct_and_serious_categories_outrank_minor(people, matter):
    gross, s1 = matter(category="corruption")
    minor, s2 = matter(category="neglect_of_duty")
    severity_assess(
        actor=people["authority"], subject=s1, severity="gross_misconduct", likely_forum="hearing", rationale="x"
    )
    severity_assess(actor=people["authority"], subject=s2, severity="misconduct", likely_forum="meeting", rationale="x")
    assert _score(gross).score > _score(minor).score


def test_repeat_subjects_score_for_prior_allegations_capped(people, matter):
    person = PersonFactory()
    for days in (900, 600, 300, 200, 100, 50):
        matter(person=person, received=TODAY - timedelta(days=days))
    latest, _ = matter(person=person, received=TODAY - timedelta(days=10))
    codes = _codes(_score(latest))
    # 3-year window: the 5 matters within 1095 days before; 4 points each, capped at 20
    assert codes["repeat_subject"] == 20
    first, _ = matter(person=PersonFactory(), received=TODAY - timedelta(days=10))
    assert "repeat_subject" not in _codes(_score(first))


def test_every_change_records_a_rescore_request_in_the_same_transaction(people, matter):
    case, subject = matter()
    assert CasePriority.objects.get(case=case).requested_at is not None
    priority_score_cases(case_ids=[case.pk])
    assert CasePriority.objects.get(case=case).requested_at is None
    severity_assess(
        actor=people["authority"], subject=subject, severity="misconduct", likely_forum="meeting", rationale="x"
    )
    assert CasePriority.objects.get(case=case).requested_at is not None


def test_changing_a_weight_starts_a_rescore_of_every_open_case(people, matter, django_capture_on_commit_callbacks):
    matter()
    with django_capture_on_commit_callbacks(execute=True):
        weight = PriorityWeight.objects.get(code="severity_unassessed")
        weight.weight = 50
        weight.save()
    run = ScoringRun.objects.latest("started_at")
    assert run.total_cases == 1 and "weights changed" in run.reason
    chunk = run.chunks.get()
    from cases.tasks import score_chunk

    score_chunk(chunk.id)
    assert run.chunks.get().done_at is not None
    assert CasePriority.objects.get(case_id=chunk.case_ids[0]).score >= 50


def test_allocation_needs_a_reason_and_is_in_history(people, matter):
    cases = [matter()[0] for _ in range(3)]
    supervisor = UserFactory(role="supervisor")
    with pytest.raises(Exception, match="Give the reasons"):
        cases_allocate(actor=supervisor, cases=cases, investigator=people["investigator"], reason=" ")
    cases_allocate(actor=supervisor, cases=cases, investigator=people["investigator"], reason="Balance the workload")
    for case in cases:
        case.refresh_from_db()
        assert case.investigator == people["investigator"]
        step = StageTransition.objects.get(case=case, event="investigator_appointed", subject=None)
        assert (step.actor, step.reason) == (supervisor, "Balance the workload")
        event = case.events.filter(pgh_label="update").latest("pgh_id")
        assert event.investigator_id == people["investigator"].pk
        assert event.pgh_context.metadata["reason"] == "Balance the workload"


def test_early_intervention_rules_fire_on_the_right_people_only(people, matter):
    frequent = PersonFactory()
    for days in (20, 100, 200):
        matter(person=frequent, received=TODAY - timedelta(days=days), category="discreditable_conduct")
    twice_same_standard = PersonFactory()
    for days in (30, 400):
        matter(person=twice_same_standard, received=TODAY - timedelta(days=days))
    old_history = PersonFactory()
    for days in (500, 600, 700):
        matter(person=old_history, received=TODAY - timedelta(days=days))
    matter(person=PersonFactory(), received=TODAY - timedelta(days=5))

    assert intervention_flags_raise(today=TODAY) >= 2
    flagged = {(f.person_id, f.rule_id) for f in InterventionFlag.objects.all()}
    assert (frequent.pk, "allegations_in_window") in flagged
    assert (twice_same_standard.pk, "repeated_standard") in flagged
    assert (twice_same_standard.pk, "allegations_in_window") not in flagged
    assert not any(p == old_history.pk for p, r in flagged if r == "allegations_in_window")
    flag = InterventionFlag.objects.get(person=frequent, rule_id="allegations_in_window")
    assert flag.evidence["allegations"] == 3 and len(flag.evidence["cases"]) == 3
    # idempotent while a flag is open
    assert intervention_flags_raise(today=TODAY) == 0


def test_peer_percentile_rule_compares_within_rank_and_unit(people, matter):
    from tests.factories import UnitFactory

    unit = UnitFactory(name="Peer Unit")
    peers = [PersonFactory(unit=unit, rank_or_grade="PC") for _ in range(30)]
    outlier = peers[0]
    for days in (10, 40, 70):
        matter(person=outlier, received=TODAY - timedelta(days=days))
    matter(person=peers[1], received=TODAY - timedelta(days=15))
    intervention_flags_raise(today=TODAY)
    peer_flags = InterventionFlag.objects.filter(rule_id="peer_percentile")
    assert [f.person_id for f in peer_flags] == [outlier.pk]
    assert peer_flags[0].evidence["peers"] == 30


def test_workload_counts_open_cases_weighted_by_severity(people, matter):
    from cases.services import investigator_workload

    gross, s1 = matter()
    plain, _ = matter()
    severity_assess(
        actor=people["authority"], subject=s1, severity="gross_misconduct", likely_forum="hearing", rationale="x"
    )
    cases_allocate(
        actor=people["authority"], cases=[gross, plain], investigator=people["investigator"], reason="Allocate"
    )
    row = next(r for r in investigator_workload() if r["username"] == people["investigator"].username)
    assert (row["open_cases"], row["weighted"]) == (2, 4)


def test_a_batch_mixing_scored_and_zero_score_cases_is_stored(people, matter):
    from cases.models import Case

    scored, subject = matter(category="corruption")
    closed, closed_subject = matter()
    severity_assess(
        actor=people["authority"], subject=closed_subject, severity="no_further_action", likely_forum="", rationale="x"
    )
    assert Case.objects.get(pk=closed.pk).status == "closed"
    assert priority_score_cases(case_ids=[scored.pk, closed.pk], today=TODAY) == 2
    assert CasePriority.objects.get(case=closed).score == 0 and not CasePriority.objects.get(case=closed).is_open
    assert CasePriority.objects.get(case=scored).score > 0


def test_a_supervisor_never_sees_an_intervention_flag_about_themselves_or_their_managers(people, matter):
    from tests.conftest import quick_sign_in

    manager = PersonFactory()
    me = PersonFactory(line_manager=manager)
    for person in (me, manager):
        for days in (20, 100, 200):
            matter(person=person, received=TODAY - timedelta(days=days))
    other = PersonFactory()
    for days in (20, 100, 200):
        matter(person=other, received=TODAY - timedelta(days=days))
    intervention_flags_raise(today=TODAY)
    supervisor = UserFactory(role="supervisor", person=me)
    client = quick_sign_in(supervisor)
    listed = {f["staff_number"] for f in client.get("/api/intervention-flags/").json()["results"]}
    assert other.staff_number in listed and me.staff_number not in listed and manager.staff_number not in listed
    hidden = InterventionFlag.objects.filter(person=manager).first()
    assert client.get(f"/queues/flags/{hidden.public_id}/").status_code == 404


def test_queue_stage_and_severity_filters_read_the_scored_row(people, matter):
    from tests.conftest import quick_sign_in

    assessed, subject = matter()
    received, _ = matter()
    severity_assess(
        actor=people["authority"], subject=subject, severity="gross_misconduct", likely_forum="hearing", rationale="x"
    )
    priority_score_cases(case_ids=[assessed.pk, received.pk])
    client = quick_sign_in(UserFactory(role="supervisor"))
    refs = lambda **q: [c["reference"] for c in client.get("/api/queues/", {"queue": "all", **q}).json()["results"]]  # noqa: E731
    assert refs(stage="received") == [received.reference]
    assert refs(stage="assessed") == [assessed.reference]
    assert refs(severity="gross_misconduct") == [assessed.reference]


def test_the_queue_csv_export_is_logged_as_a_disclosure(people, matter):
    from audit.models import AccessEvent
    from tests.conftest import quick_sign_in

    case, _ = matter()
    priority_score_cases(case_ids=[case.pk])
    supervisor = UserFactory(role="supervisor")
    response = quick_sign_in(supervisor).get("/queues/all/export.csv")
    assert response["Content-Type"] == "text/csv" and case.reference in response.content.decode()
    event = AccessEvent.objects.get(action="export", actor=supervisor)
    assert event.object_type == "queue" and "1 cases" in event.object_label


def test_an_administrator_can_change_a_priority_weight_in_the_admin(people):
    from tests.conftest import quick_sign_in

    admin = UserFactory(role="administrator")
    admin.is_staff = True
    admin.save()
    client = quick_sign_in(admin)
    assert client.get("/admin/cases/priorityweight/").status_code == 200
    response = client.post(
        "/admin/cases/priorityweight/iopc/change/",
        {"code": "iopc", "label": "Referred to the IOPC", "weight": "25", "parameter": ""},
    )
    assert response.status_code == 302
    weight = PriorityWeight.objects.get(code="iopc")
    assert weight.weight == 25 and weight.events.filter(pgh_label="update").exists()
