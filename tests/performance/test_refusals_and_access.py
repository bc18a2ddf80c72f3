"""What a person cannot do, and who may see a performance case."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from accounts.choices import Role
from audit.models import AccessEvent
from performance import services
from performance.choices import AppealResult, Assessment, MeetingOutcome, PerformanceKind, PerformanceState
from performance.selectors import performance_cases_visible_to
from tests.conftest import quick_sign_in
from tests.factories import PersonFactory, UserFactory

from .conftest import AFTER

pytestmark = pytest.mark.django_db
S = PerformanceState


@pytest.fixture
def case(chain):
    return services.performance_case_open(
        actor=chain["line_manager"], officer=chain["officer"], kind=PerformanceKind.ATTENDANCE,
        concerns="Eleven unplanned absences in six months.", attention_date=AFTER,
    )  # fmt: skip


def _win(chain, case, **overrides):
    data = dict(
        actor=chain["line_manager"], case=case, meeting_on=date(2025, 6, 2), outcome=MeetingOutcome.WRITTEN_IMPROVEMENT_NOTICE,
        improvement_required="No more than one unplanned absence a month.", reasons="Absences not explained.",
    )  # fmt: skip
    data.update(overrides)
    return services.first_stage_meeting_record(**data)


def _refused(call, field=None):
    with pytest.raises(ValidationError) as refused:
        call()
    if field:
        assert field in refused.value.message_dict, refused.value
    return refused.value


def test_a_line_manager_cannot_open_a_case_about_someone_outside_their_line_management(chain):
    stranger = PersonFactory()
    _refused(
        lambda: services.performance_case_open(
            actor=chain["line_manager"], officer=stranger, kind="performance", concerns="x", attention_date=AFTER
        ),
        "staff_number",
    )


def test_only_officers_up_to_chief_superintendent_are_in_scope(chain):
    staff = PersonFactory(person_type="staff", line_manager=chain["sergeant"])
    commander = PersonFactory(rank_or_grade="COMMANDER")
    for person in (staff, commander):
        _refused(
            lambda person=person: services.performance_case_open(
                actor=chain["authority"], officer=person, kind="performance", concerns="x", attention_date=AFTER
            ),
            "staff_number",
        )


def test_one_open_case_per_officer_and_no_future_dates(chain, case):
    _refused(
        lambda: services.performance_case_open(
            actor=chain["authority"], officer=chain["officer"], kind="performance", concerns="x", attention_date=AFTER
        ),
        "staff_number",
    )
    _refused(lambda: _win(chain, case, meeting_on=date(2099, 1, 1)), "meeting_on")
    _refused(lambda: _win(chain, case, meeting_on=date(2025, 5, 1)), "meeting_on")  # before it came to attention


def test_a_written_improvement_notice_needs_the_improvement_and_a_longer_period_needs_reasons(chain, case):
    _refused(lambda: _win(chain, case, improvement_required=""), "improvement_required")
    _refused(lambda: _win(chain, case, period_ends_on=date(2025, 12, 2), reasons="Too short."), "reasons")
    _refused(lambda: _win(chain, case, period_ends_on=date(2026, 7, 1)), "period_ends_on")


def test_the_period_is_assessed_only_after_it_ends_and_extended_only_within_12_months(chain, case):
    _win(chain, case)
    case.refresh_from_db()
    _refused(
        lambda: services.period_assess(
            actor=chain["line_manager"],
            case=case,
            result=Assessment.IMPROVED,
            assessed_on=date(2025, 8, 1),
            reasons="ok",
        ),
        "assessed_on",
    )
    _refused(
        lambda: services.period_extend(actor=chain["line_manager"], case=case, to_date=date(2026, 7, 1), reasons="ill"),
        "to_date",
    )
    services.period_extend(
        actor=chain["line_manager"], case=case, to_date=date(2025, 10, 2), reasons="Two weeks of sick leave."
    )
    case.refresh_from_db()
    assert case.period_ends_on == date(2025, 10, 2)
    assert case.timeline.filter(event="specified_period_extended", actor=chain["line_manager"]).exists()


def test_a_late_appeal_is_refused_and_the_manager_who_held_the_meeting_cannot_decide_it(chain, case):
    _win(chain, case)
    case.refresh_from_db()
    _refused(
        lambda: services.appeal_lodge(actor=chain["line_manager"], case=case, lodged_on=date(2025, 6, 12), grounds="x"),
        "lodged_on",
    )
    appeal = services.appeal_lodge(
        actor=chain["line_manager"], case=case, lodged_on=date(2025, 6, 11), grounds="Sick notes ignored."
    )
    _refused(
        lambda: services.appeal_decide(
            actor=chain["line_manager"], appeal=appeal, result=AppealResult.UPHELD, reasons="x"
        )
    )
    services.appeal_decide(
        actor=chain["second_line"], appeal=appeal, result=AppealResult.REVERSED, reasons="Sick notes were valid."
    )
    case.refresh_from_db()
    assert case.state == S.CLOSED


def test_the_appeal_manager_is_senior_to_the_line_manager(chain, case):
    peer = PersonFactory(rank_or_grade="PS")
    _refused(
        lambda: services.managers_appoint(
            actor=chain["authority"], case=case, appeal_manager=peer, senior_manager=None
        ),
        "appeal_manager",
    )
    _refused(
        lambda: services.managers_appoint(
            actor=chain["line_manager"], case=case, appeal_manager=chain["inspector"], senior_manager=None
        )
    )
    services.managers_appoint(
        actor=chain["authority"],
        case=case,
        appeal_manager=chain["inspector"],
        senior_manager=PersonFactory(rank_or_grade="CI"),
    )
    case.refresh_from_db()
    assert case.appeal_manager == chain["inspector"]


def test_a_step_on_a_stale_case_is_a_conflict_naming_who_acted(chain, case):
    stale = type(case).objects.get(pk=case.pk)
    _win(chain, case)
    error = _refused(lambda: _win(chain, stale))
    assert error.code == "conflict" or any(e.code == "conflict" for e in error.error_list)
    assert "Sam Sergeant" in str(error)


def test_need_to_know_line_management_chain_and_the_authority_only(chain, case):
    visible = lambda user: set(performance_cases_visible_to(user=user).values_list("pk", flat=True))  # noqa: E731
    assert case.pk in visible(chain["line_manager"])
    assert case.pk in visible(chain["second_line"])  # further up the chain
    assert case.pk in visible(chain["authority"])
    assert case.pk not in visible(chain["officer_user"])  # never their own
    assert case.pk not in visible(UserFactory(role=Role.SUPERVISOR, person=PersonFactory()))  # another team
    assert case.pk not in visible(UserFactory(role=Role.INVESTIGATOR))  # not a performance role
    # a case about the line manager is never visible to the officer who reports to them
    above = services.performance_case_open(
        actor=chain["authority"], officer=chain["sergeant"], kind="performance", concerns="x", attention_date=AFTER
    )
    assert above.pk not in visible(chain["officer_user"])
    assert above.pk in visible(chain["second_line"])


def test_pages_answer_404_outside_need_to_know_and_log_each_read(chain, case):
    url = f"/performance/{case.reference}/"
    assert quick_sign_in(chain["officer_user"]).get(url).status_code == 404
    client = quick_sign_in(chain["line_manager"])
    assert client.get(url).status_code == 200
    assert AccessEvent.objects.filter(
        actor=chain["line_manager"], object_type="performance_case", object_label=case.reference
    ).exists()
    client.get("/performance/")
    assert AccessEvent.objects.filter(actor=chain["line_manager"], object_type="performance_case_list").exists()


def test_a_line_manager_opens_a_case_and_records_the_first_stage_meeting_in_two_pages(chain):
    client = quick_sign_in(chain["line_manager"])
    response = client.post(
        "/performance/new/",
        {"staff_number": chain["officer"].staff_number, "kind": "performance", "attention_date": "2025-06-01",
         "concerns": "Missed three court warnings."},
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"].endswith("/first-stage/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page.context["form"].fields["outcome"].initial == MeetingOutcome.WRITTEN_IMPROVEMENT_NOTICE
    response = client.post(
        response["Location"],
        {"meeting_on": "2025-06-02", "outcome": "written_improvement_notice",
         "improvement_required": "Answer every warning.", "reasons": "Accepted; no mitigation."},
    )  # fmt: skip
    assert response.status_code == 302
    case = chain["officer"].performance_cases.get()
    assert case.state == S.FIRST_IMPROVEMENT and case.period_ends_on == date(2025, 9, 2)
    meeting = case.meetings.get()
    for document in ("meeting-notice", "improvement-notice", "outcome"):
        pdf = client.get(f"/performance/{case.reference}/meetings/{meeting.public_id}/{document}.pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF"), document
    assert AccessEvent.objects.filter(actor=chain["line_manager"], action="print").count() == 3
    # a bad form: the field error on the page, 400, nothing written
    response = client.post(f"/performance/{case.reference}/extend/", {"to_date": "2027-01-01", "reasons": "x"})
    assert response.status_code == 400 and "12 months" in response.content.decode()


def test_the_line_manager_holds_the_first_stage_only(chain, case):
    _win(chain, case)
    case.refresh_from_db()
    services.period_assess(
        actor=chain["line_manager"], case=case, result=Assessment.NOT_IMPROVED, assessed_on=date(2025, 9, 3),
        reasons="No better.", next_meeting_on=date(2025, 9, 10),
    )  # fmt: skip
    case.refresh_from_db()
    record = dict(
        case=case,
        meeting_on=date(2025, 9, 10),
        outcome=MeetingOutcome.DISMISSAL,
        reasons="No improvement at all in the period.",
    )
    error = _refused(lambda: services.later_stage_meeting_record(actor=chain["line_manager"], **record))
    assert "senior manager" in str(error)
    services.managers_appoint(
        actor=chain["authority"],
        case=case,
        appeal_manager=chain["inspector"],
        senior_manager=PersonFactory(rank_or_grade="CI"),
    )
    case.refresh_from_db()
    _refused(lambda: services.later_stage_meeting_record(actor=chain["second_line"], **record))  # not the appointee
    services.later_stage_meeting_record(actor=chain["authority"], **record)
    case.refresh_from_db()
    assert case.state == S.CLOSED


def test_every_step_is_in_the_history_with_actor_and_reason(chain, case):
    from performance.models import PerformanceCaseEvent

    _win(chain, case)
    change = PerformanceCaseEvent.objects.filter(pgh_obj=case, pgh_label="update").order_by("-pgh_id").first()
    assert change.state == S.FIRST_IMPROVEMENT
    assert change.pgh_context.metadata["user"] == chain["line_manager"].pk
    assert change.pgh_context.metadata["reason"] == "Absences not explained."
    entry = case.timeline.order_by("-id").first()
    assert (entry.actor, entry.from_state, entry.to_state) == (chain["line_manager"], S.OPENED, S.FIRST_IMPROVEMENT)


def test_the_queue_costs_the_same_queries_for_two_cases_as_for_six(chain):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = quick_sign_in(chain["authority"])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/performance/").status_code == 200
        # pghistory's context statements vary with the history written, not with the rows shown
        return len([q for q in captured.captured_queries if "pghistory.context" not in q["sql"]])

    def another(n):
        officer = PersonFactory(line_manager=chain["sergeant"])
        case = services.performance_case_open(
            actor=chain["authority"], officer=officer, kind="performance", concerns="Late files.", attention_date=AFTER
        )
        _win(chain, case)

    for n in range(2):
        another(n)
    two = queries()
    for n in range(4):
        another(n)
    assert queries() == two
