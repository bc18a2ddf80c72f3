"""Vetting withdrawal (Police (Vetting) Regulations 2025, SI 2025/502) as its own case type: the
rule as data with its commencement, every step with who and why, the refusals, need-to-know, the
deadlines, the notices, the conduct hook and the API."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.choices import Role
from audit.models import AccessEvent
from cases.extensions import vetting_referral
from cases.lifecycle import StepConflict
from core.working_days import add_working_days
from law.models import RuleVersion
from tests.conftest import quick_sign_in
from tests.factories import CaseFactory, PersonFactory, UserFactory
from vetting import withdrawal_services as svc
from vetting.clearance_services import clearance_apply, clearance_decide
from vetting.models import ClearanceState, WithdrawalCase, WithdrawalEvent, WithdrawalStage
from vetting.withdrawal_rules import deadlines, next_deadline

pytestmark = pytest.mark.django_db

RECEIVED = date(2026, 9, 1)
S = WithdrawalStage


@pytest.fixture
def officer():
    return UserFactory(role=Role.VETTING_OFFICER, first_name="Vera", last_name="Vetter")


@pytest.fixture
def authority():
    return UserFactory(role=Role.APPROPRIATE_AUTHORITY, first_name="Alan", last_name="Authority")


def _granted_clearance(person, actor):
    from vetting.models import ClearanceLevel

    clearance = clearance_apply(
        actor=actor, person=person, level=ClearanceLevel.objects.get(code="RV"), applied_on=date(2020, 1, 6)
    )
    clearance_decide(
        actor=actor, clearance=clearance, to_state="granted", rationale="Checks clear", decided_on=date(2020, 2, 3)
    )
    return clearance


def _start(actor, person=None, received_on=RECEIVED, source="intelligence"):
    person = person or PersonFactory()
    return svc.withdrawal_start(
        actor=actor, person=person, source=source, information="Associating with a known drug supplier",
        reason="Intelligence graded reliable", received_on=received_on,
    )  # fmt: skip


def _walk_to(case, stage, actor, assessor):
    """Take the case through the steps up to `stage` (dates spaced by the time limits)."""
    order = [S.DUTY_RECORDED, S.ASSESSMENT_REQUIRED, S.ASSESSOR_APPOINTED, S.INTERVIEWED, S.WITHDRAWN, S.DISMISSED,
             S.INTERNAL_APPEAL, S.APPEAL_DISMISSED, S.TRIBUNAL_APPEAL]  # fmt: skip
    start = order.index(case.stage) + 1 if case.stage in order else 0
    for target in order[start:]:
        if case.stage == stage:
            return case
        if target == S.DUTY_RECORDED:
            svc.duty_record(actor=actor, case=case, declaration="not_declared", reason="Never declared the association")
        elif target == S.ASSESSMENT_REQUIRED:
            svc.severity_assess(
                actor=actor, case=case, outcome="withdrawal_assessment", reasons="Could reasonably result in withdrawal",
                assessed_on=date(2026, 9, 3),
            )  # fmt: skip
        elif target == S.ASSESSOR_APPOINTED:
            svc.assessor_appoint(
                actor=actor, case=case, assessor=assessor, reason="Experienced, no prior involvement",
                appointed_on=date(2026, 9, 7), interview_planned_on=date(2026, 9, 21),
            )  # fmt: skip
        elif target == S.INTERVIEWED:
            svc.interview_record(
                actor=actor, case=case, interview_on=date(2026, 9, 21), summary="Accepted the association",
                police_friend="PS Fred Friend", lawyer="Ms L Lawyer",
            )  # fmt: skip
        elif target == S.WITHDRAWN:
            svc.decision_record(
                actor=actor, case=case, outcome="withdraw", reasons="Unmanageable risk of corruption",
                decided_on=date(2026, 10, 1),
            )  # fmt: skip
        elif target == S.DISMISSED:
            svc.dismissal_record(actor=actor, case=case, reason="Cannot hold clearance", dismissed_on=date(2026, 10, 2))
        elif target == S.INTERNAL_APPEAL:
            svc.appeal_lodge(actor=actor, case=case, grounds="Decision irrational", lodged_on=date(2026, 10, 9))
        elif target == S.APPEAL_DISMISSED:
            svc.appeal_decide(
                actor=actor,
                case=case,
                result="dismissed",
                reasons="Decision open to the authority",
                decided_on=date(2026, 10, 30),
            )
        elif target == S.TRIBUNAL_APPEAL:
            svc.appeal_lodge(actor=actor, case=case, grounds="Panel erred", lodged_on=date(2026, 11, 6))
    assert case.stage == stage
    return case


# ---------------------------------------------------------------- the rule as data, per version


@pytest.mark.parametrize(
    "received_on, expected",
    [
        (date(2025, 5, 13), None),  # before commencement: no version applies; refused
        (date(2025, 5, 14), "si-2025-502"),  # the day the regulations came into force
        (date(2026, 9, 1), "si-2025-502"),
    ],
)
def test_the_rule_version_is_chosen_by_the_date_the_information_was_received(officer, received_on, expected):
    person = PersonFactory()
    if expected is None:
        with pytest.raises(ValidationError) as refused:
            _start(officer, person, received_on=received_on)
        assert "14 May 2025" in str(refused.value) and "received_on" in refused.value.message_dict
        assert not WithdrawalCase.objects.filter(person=person).exists()
        return
    case = _start(officer, person, received_on=received_on)
    assert case.rule_version.version == expected
    assert case.rule_version.instrument == "SI 2025/502" and case.rule_version.applies_by == "attention_date"


def test_the_rule_is_data_an_administrator_can_change(officer):
    version = RuleVersion.objects.get(rule="vetting_withdrawal", version="si-2025-502")
    version.params["time_limits"]["internal_appeal"]["working_days"] = 20
    version.save()
    case = _walk_to(_start(officer), S.DISMISSED, officer, UserFactory(role=Role.VETTING_OFFICER))
    appeal_due = next(d for d in deadlines(case) if d.key == "internal_appeal")
    assert appeal_due.due_on == add_working_days(date(2026, 10, 2), 20)


def test_without_a_commenced_version_nothing_can_start(officer):
    RuleVersion.objects.filter(rule="vetting_withdrawal").update(commences_on=None)
    with pytest.raises(ValidationError, match="not in force"):
        _start(officer)


# ---------------------------------------------------------------- the steps


def test_from_information_to_tribunal_every_step_records_who_and_why(officer, authority):
    person = PersonFactory()
    clearance = _granted_clearance(person, officer)
    case = _start(officer, person)
    assert case.reference.startswith("VW-2026-") and case.stage == S.RECEIVED
    svc.suspension_decide(
        actor=authority, case=case, decision="suspend", reasons="Risk to the public", decided_on=date(2026, 9, 2)
    )
    assert case.suspended
    assessor = UserFactory(role=Role.VETTING_OFFICER, first_name="Asa", last_name="Assessor")
    _walk_to(case, S.ASSESSOR_APPOINTED, officer, assessor)
    svc.withheld_add(
        actor=officer, case=case, description="Source report 4 of 5", ground="crime",
        reasons="Disclosure would identify a covert source",
    )  # fmt: skip
    _walk_to(case, S.WITHDRAWN, officer, assessor)
    case.refresh_from_db()
    assert not case.suspended  # the assessment concluded (reg 13(5)(b))
    clearance.refresh_from_db()
    assert clearance.state == ClearanceState.WITHDRAWN and case.clearance_id == clearance.id
    assert clearance.decisions.last().rationale.startswith(f"Vetting withdrawal {case.reference}")
    clearance_page = quick_sign_in(officer).get(reverse("vetting:clearance", args=[clearance.public_id]))
    assert case.reference.encode() in clearance_page.content  # the withdrawn clearance links to its case
    _walk_to(case, S.TRIBUNAL_APPEAL, officer, assessor)
    svc.appeal_decide(
        actor=authority, case=case, result="dismissed", reasons="No error of law", decided_on=date(2026, 11, 27)
    )
    assert case.stage == S.CLOSED
    titles = list(WithdrawalEvent.objects.filter(case=case).order_by("at", "id").values_list("title", flat=True))
    assert titles[0] == "Information received" and "Dismissed without notice" in titles
    assert all(e.actor_id and e.reason for e in case.timeline.all())
    assert {n.kind for n in case.notices.all()} == {"assessment", "decision", "dismissal", "appeal"}
    assert all(bytes(n.pdf).startswith(b"%PDF") for n in case.notices.all())
    # history (pghistory) carries the reason of each change of the case row
    from vetting.models import WithdrawalCaseEvent

    reasons = [
        e.pgh_context.metadata.get("reason") for e in WithdrawalCaseEvent.objects.filter(pgh_obj=case) if e.pgh_context
    ]
    assert "Cannot hold clearance" in reasons and "Unmanageable risk of corruption" in reasons


def test_an_allowed_appeal_reinstates_the_clearance(officer):
    person = PersonFactory()
    clearance = _granted_clearance(person, officer)
    case = _walk_to(_start(officer, person), S.INTERNAL_APPEAL, officer, UserFactory(role=Role.VETTING_OFFICER))
    svc.appeal_decide(
        actor=officer, case=case, result="allowed", reasons="Information was wrong", decided_on=date(2026, 10, 30)
    )
    clearance.refresh_from_db()
    assert case.stage == S.CLOSED and clearance.state == ClearanceState.GRANTED


def test_no_withdrawal_assessment_closes_the_case_and_ends_the_suspension(officer):
    case = _start(officer)
    svc.suspension_decide(actor=officer, case=case, decision="suspend", reasons="Risk", decided_on=date(2026, 9, 2))
    svc.duty_record(
        actor=officer, case=case, declaration="declared", declared_on=date(2026, 9, 1), reason="Declared it"
    )
    svc.severity_assess(
        actor=officer, case=case, outcome="no_assessment", reasons="Minor and historic", assessed_on=date(2026, 9, 3)
    )
    case.refresh_from_db()
    assert case.stage == S.CLOSED and not case.suspended
    assert case.suspensions.last().decision == "end"


def test_a_decision_not_to_withdraw_closes_the_case(officer):
    case = _walk_to(_start(officer), S.INTERVIEWED, officer, UserFactory(role=Role.VETTING_OFFICER))
    svc.decision_record(
        actor=officer, case=case, outcome="retain", reasons="Risk can be managed", decided_on=date(2026, 10, 1)
    )
    assert case.stage == S.CLOSED and case.notices.filter(kind="decision").exists()


def test_resignation_during_the_process_is_recorded_with_an_advisory_list_referral_and_blocks_dismissal(officer):
    case = _walk_to(_start(officer), S.INTERVIEWED, officer, UserFactory(role=Role.VETTING_OFFICER))
    svc.leaving_record(actor=officer, case=case, how="resigned", left_on=date(2026, 9, 25), reason="Resignation letter")
    case.refresh_from_db()
    assert case.left_how == "resigned" and case.advisory_list_referred_on is not None
    svc.decision_record(
        actor=officer, case=case, outcome="withdraw", reasons="Unsuitable", decided_on=date(2026, 10, 1)
    )
    assert "dismissal" not in svc.available_steps(case)
    with pytest.raises(ValidationError, match="former officer cannot be dismissed"):
        svc.dismissal_record(actor=officer, case=case, reason="x", dismissed_on=date(2026, 10, 2))


# ---------------------------------------------------------------- refusals


def test_steps_out_of_order_are_refused_with_the_reason(officer):
    case = _start(officer)
    with pytest.raises(ValidationError, match="not possible while the case is 'Information received'"):
        svc.dismissal_record(actor=officer, case=case, reason="Too early", dismissed_on=date(2026, 9, 2))
    with pytest.raises(ValidationError, match="not possible while the case is 'Information received'"):
        svc.decision_record(actor=officer, case=case, outcome="withdraw", reasons="Too early")
    assert case.stage == S.RECEIVED and case.timeline.count() == 1


def test_dates_in_the_future_and_reasons_missing_are_refused(officer):
    case = _start(officer)
    with pytest.raises(ValidationError) as refused:
        svc.duty_record(actor=officer, case=case, declaration="declared", declared_on=date(2099, 1, 1), reason="x")
    assert "declared_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        svc.duty_record(actor=officer, case=case, declaration="not_declared", reason=" ")
    assert "reason" in refused.value.message_dict


def test_the_interview_needs_the_notice_period(officer):
    case = _walk_to(_start(officer), S.ASSESSOR_APPOINTED, officer, UserFactory(role=Role.VETTING_OFFICER))
    with pytest.raises(ValidationError) as refused:
        svc.interview_record(actor=officer, case=case, interview_on=date(2026, 9, 9), summary="Too soon")
    assert "interview_on" in refused.value.message_dict and "5 working days" in str(refused.value)


def test_a_late_appeal_needs_reasons(officer):
    case = _walk_to(_start(officer), S.DISMISSED, officer, UserFactory(role=Role.VETTING_OFFICER))
    with pytest.raises(ValidationError) as refused:
        svc.appeal_lodge(actor=officer, case=case, grounds="Late", lodged_on=date(2026, 11, 20))
    assert "late_reasons" in refused.value.message_dict
    svc.appeal_lodge(actor=officer, case=case, grounds="Late", lodged_on=date(2026, 11, 20), late_reasons="In hospital")
    assert case.stage == S.INTERNAL_APPEAL


def test_police_staff_are_not_under_the_vetting_regulations(officer):
    with pytest.raises(ValidationError, match="not a police officer"):
        _start(officer, PersonFactory(person_type="staff"))


def test_one_open_withdrawal_per_officer(officer):
    person = PersonFactory()
    first = _start(officer, person)
    with pytest.raises(ValidationError, match=first.reference):
        _start(officer, person)


def test_a_step_on_a_stale_page_is_a_conflict_naming_who_acted(officer):
    case = _start(officer)
    stale = WithdrawalCase.objects.get(pk=case.pk)
    other = UserFactory(role=Role.APPROPRIATE_AUTHORITY, first_name="Olive", last_name="Other")
    svc.duty_record(actor=other, case=case, declaration="not_declared", reason="First")
    with pytest.raises(StepConflict, match="Olive Other"):
        svc.duty_record(actor=officer, case=stale, declaration="not_declared", reason="Second")


def test_nobody_decides_about_themselves_or_their_chain(officer):
    manager = PersonFactory()
    me = UserFactory(role=Role.VETTING_OFFICER, person=PersonFactory(line_manager=manager))
    with pytest.raises(ValidationError, match="line-management chain"):
        _start(me, manager)


# ---------------------------------------------------------------- from conduct and screening


def test_a_no_case_to_answer_in_conduct_does_not_block_a_vetting_referral(authority):
    person = PersonFactory()
    conduct = CaseFactory(subjects=[person], received_date=date(2026, 8, 1))
    subject = conduct.case_subjects.get()
    type(subject).objects.filter(pk=subject.pk).update(case_to_answer=False, stage="closed")
    subject.refresh_from_db()
    case = vetting_referral(subject, authority, "Same information goes to suitability to hold clearance")
    assert case.source == "conduct_matter" and case.source_case == conduct and case.person == person
    assert case.rule_version.version == "si-2025-502"


def test_the_conduct_page_offers_start_vetting_withdrawal_to_its_deciders_only(authority):
    conduct = CaseFactory(subjects=[PersonFactory()], received_date=date(2026, 8, 1))
    subject = conduct.case_subjects.get()
    url = reverse("cases:detail", args=[conduct.reference])
    client = quick_sign_in(authority)
    assert b'data-testid="start-vetting-withdrawal"' in client.get(url).content
    assert b"start-vetting-withdrawal" not in quick_sign_in(UserFactory(role=Role.INVESTIGATOR)).get(url).content
    start = reverse("vetting:withdrawal-new") + f"?subject={subject.public_id}"
    assert client.get(start).status_code == 200
    response = client.post(start, {"reason": "Honesty in doubt: suitability to hold clearance"})
    case = WithdrawalCase.objects.get(person=subject.person)
    assert response.status_code == 302 and case.source_case == conduct
    assert conduct.reference in case.information


def test_a_screening_hit_starts_a_case_and_is_closed_with_the_reference(officer):
    from vetting.models import ScreeningCandidate, ScreeningHit, ScreeningRun

    person = PersonFactory()
    run = ScreeningRun.objects.create()
    candidate = ScreeningCandidate.objects.create(
        run=run, line=1, request_ref="R1", pnd_person_id="P", person=person, decision="match", score=99
    )
    hit = ScreeningHit.objects.create(
        run=run, candidate=candidate, person=person, pnd_person_id="P", record_id="PND-R-9", content_hash="1" * 64,
        category="arrest", grade="review",
    )  # fmt: skip
    client = quick_sign_in(officer)
    page = client.get(reverse("vetting:hit", args=[hit.public_id]))
    assert b"Start vetting withdrawal" in page.content
    url = reverse("vetting:withdrawal-new") + f"?hit={hit.public_id}"
    response = client.post(
        url, {"received_on": "2026-11-02", "information": "Arrest for ABH", "reason": "Undeclared arrest"}
    )
    case = WithdrawalCase.objects.get(person=person)
    assert response.status_code == 302 and case.source == "screening_hit" and case.source_hit == hit
    hit.refresh_from_db()
    assert hit.status == "closed" and case.reference in hit.outcome_reason


# ---------------------------------------------------------------- need-to-know, pages, deadlines


def test_only_vetting_officers_and_the_authority_see_a_case_and_never_the_subject_or_their_chain(officer):
    manager = PersonFactory()
    person = PersonFactory(line_manager=manager)
    case = _start(officer, person)
    url = reverse("vetting:withdrawal", args=[case.public_id])
    api = f"/api/vetting/withdrawals/{case.public_id}/"
    for role in (Role.VETTING_OFFICER, Role.APPROPRIATE_AUTHORITY):
        client = quick_sign_in(UserFactory(role=role))
        assert client.get(url).status_code == 200 and client.get(api).status_code == 200
    for user in (
        UserFactory(role=Role.INVESTIGATOR),
        UserFactory(role=Role.SUPERVISOR),
        UserFactory(role=Role.VETTING_OFFICER, person=person),
        UserFactory(role=Role.APPROPRIATE_AUTHORITY, person=manager),
    ):
        client = quick_sign_in(user)
        assert client.get(url).status_code == 404 and client.get(api).status_code == 404
        assert case.reference.encode() not in client.get(reverse("vetting:withdrawals")).content


def test_every_view_writes_an_access_event(officer):
    case = _walk_to(_start(officer), S.ASSESSOR_APPOINTED, officer, UserFactory(role=Role.VETTING_OFFICER))
    notice = case.notices.get()
    client = quick_sign_in(officer)
    for url, action in (
        (reverse("vetting:withdrawal", args=[case.public_id]), "view"),
        (reverse("vetting:withdrawals"), "view"),
        (reverse("vetting:withdrawal-step", args=[case.public_id, "interview"]), "view"),
        (reverse("vetting:withdrawal-notice", args=[case.public_id, notice.public_id]), "print"),
        ("/api/vetting/withdrawals/", "view"),
    ):
        before = AccessEvent.objects.filter(actor=officer).count()
        response = client.get(url)
        assert response.status_code == 200, url
        assert AccessEvent.objects.filter(actor=officer).count() == before + 1, url
        assert AccessEvent.objects.filter(actor=officer).order_by("-seq").first().action == action


def test_deadlines_are_on_the_case_page_and_in_the_queue(officer):
    case = _walk_to(_start(officer), S.DISMISSED, officer, UserFactory(role=Role.VETTING_OFFICER))
    due = next_deadline(case)
    assert due.key == "internal_appeal" and due.due_on == add_working_days(date(2026, 10, 2), 10)
    client = quick_sign_in(officer)
    page = client.get(reverse("vetting:withdrawal", args=[case.public_id])).content.decode()
    assert "Appeal to the internal panel" in page and "Rules applied" in page
    queue = client.get(reverse("vetting:withdrawals")).content.decode()
    assert case.reference in queue and f"{due.due_on:%-d %b %Y}" in queue


def test_the_step_page_shows_a_refusal_on_the_form(officer):
    case = _walk_to(_start(officer), S.ASSESSOR_APPOINTED, officer, UserFactory(role=Role.VETTING_OFFICER))
    client = quick_sign_in(officer)
    url = reverse("vetting:withdrawal-step", args=[case.public_id, "interview"])
    response = client.post(url, {"interview_on": "2026-09-08", "summary": "Too soon", "seen_stage": case.stage})
    assert response.status_code == 400 and b"5 working days" in response.content
    case.refresh_from_db()
    assert case.stage == S.ASSESSOR_APPOINTED


# ---------------------------------------------------------------- API


def test_the_api_starts_a_case_and_takes_steps_with_400_and_409(officer):
    person = PersonFactory()
    client = quick_sign_in(officer)
    started = client.post(
        "/api/vetting/withdrawals/",
        {"staff_number": person.staff_number, "source": "declaration", "received_on": "2026-10-05",
         "information": "Declared a debt", "reason": "Financial vulnerability"},
        content_type="application/json",
    )  # fmt: skip
    assert started.status_code == 201, started.content
    case_id = started.json()["id"]
    assert started.json()["rule_version"] == "si-2025-502" and started.json()["allowed_steps"][0] == "duty"
    too_early = client.post(
        f"/api/vetting/withdrawals/{case_id}/steps/dismissal/", {"reason": "x"}, content_type="application/json"
    )
    assert too_early.status_code == 400 and "not possible while the case is" in str(too_early.json())
    bad = client.post(
        f"/api/vetting/withdrawals/{case_id}/steps/duty/", {"declaration": "maybe"}, content_type="application/json"
    )
    assert bad.status_code == 400 and set(bad.json()) >= {"declaration", "reason"}
    ok = client.post(
        f"/api/vetting/withdrawals/{case_id}/steps/duty/",
        {"declaration": "declared", "declared_on": "2026-10-05", "reason": "Self-declared", "seen_stage": "received"},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["stage"] == "duty_recorded"
    stale = client.post(
        f"/api/vetting/withdrawals/{case_id}/steps/severity/",
        {"outcome": "no_assessment", "reasons": "x", "seen_stage": "received"},
        content_type="application/json",
    )
    assert stale.status_code == 409 and "already recorded" in str(stale.json())
    before = client.post(
        "/api/vetting/withdrawals/",
        {"staff_number": PersonFactory().staff_number, "source": "other", "received_on": "2025-05-01",
         "information": "Old", "reason": "Old"},
        content_type="application/json",
    )  # fmt: skip
    assert before.status_code == 400 and "received_on" in before.json()
    odd = client.post(
        "/api/vetting/withdrawals/", {"staff_number": "0", "received_on": [None, None]}, content_type="application/json"
    )
    assert odd.status_code == 400 and odd.json()["received_on"] == ["Give a single value."]
    assert client.post("/api/vetting/withdrawals/", [1, 2], content_type="application/json").status_code == 400
    assert (
        quick_sign_in(UserFactory(role=Role.INVESTIGATOR)).get(f"/api/vetting/withdrawals/{case_id}/").status_code
        == 404
    )


def test_the_demo_makes_its_withdrawal_cases_even_after_a_conduct_referral_started_one():
    """The full demo's dismissals data refers a conduct matter under the Vetting Regulations first
    (a withdrawal case from a conduct matter): the demo's own cases at every stage are still made."""
    from demo.withdrawal import demo_withdrawals_create

    vetting = UserFactory(role=Role.VETTING_OFFICER, username="vetting")
    UserFactory(role=Role.APPROPRIATE_AUTHORITY, username="authority")
    for _ in range(10):
        PersonFactory(person_type="officer")
    svc.withdrawal_start(
        actor=vetting, person=PersonFactory(person_type="officer"), source="conduct_matter",
        information="Referred at severity assessment", reason="reg 14(2)(aa)", received_on=date(2026, 9, 1),
    )  # fmt: skip
    made = demo_withdrawals_create(seed=1, today=date(2026, 12, 1))
    assert made >= 5
    assert WithdrawalCase.objects.exclude(source="conduct_matter").count() == made
    assert demo_withdrawals_create(seed=1, today=date(2026, 12, 1)) == 0  # once only
