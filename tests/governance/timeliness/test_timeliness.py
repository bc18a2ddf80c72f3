"""Timeliness: known answers through the real refresh, need-to-know in the drill-down, published
suppression, permissions and bad input."""

from datetime import date, timedelta

import pytest

from accounts.choices import Role
from audit.models import AccessEvent
from cases.models import CaseSubject, ConflictDeclaration, Reg19Report
from governance.models_timeliness import TimelinessChunk, TimelinessRun
from governance.timeliness import board_figures, timeliness_refresh_now, timeliness_summary
from tests.conftest import quick_sign_in
from tests.factories import CaseFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

RECEIVED = date(2025, 1, 6)
AS_OF = date(2026, 6, 30)
ALL = {"case_type": None, "command_id": None, "unit_id": None, "severity": None, "year_received": None}


def _closed_subject(*, assessed_after: int, finalised_after: int, restricted=False, severity="misconduct"):
    case = CaseFactory(received_date=RECEIVED, is_restricted=restricted)
    return CaseSubject.objects.create(
        case=case,
        person=PersonFactory(),
        stage="closed",
        severity=severity,
        closure_reason="no_case_to_answer",
        severity_date=RECEIVED + timedelta(days=assessed_after),
        finalised_on=RECEIVED + timedelta(days=finalised_after),
    )


@pytest.fixture
def matters():
    """Five finished matters (assessment 10..50 days, end to end 100..500 days), two open ones
    awaiting assessment (received 100 and 500 days before AS_OF), reg 19 clocks met, missed, overdue."""
    subjects = [_closed_subject(assessed_after=10 * i, finalised_after=100 * i) for i in range(1, 6)]
    for age in (100, 500):
        case = CaseFactory(received_date=AS_OF - timedelta(days=age))
        CaseSubject.objects.create(case=case, person=PersonFactory(), stage="received")
    common = {"attention_date": RECEIVED, "progress": "synthetic"}
    Reg19Report.objects.create(
        case=subjects[0].case, period_number=1, due_on=date(2026, 1, 6), submitted_on=date(2026, 1, 5), **common
    )
    Reg19Report.objects.create(
        case=subjects[1].case, period_number=1, due_on=date(2026, 1, 6), submitted_on=date(2026, 1, 9), **common
    )
    open_case = CaseSubject.objects.filter(stage="received").first().case
    Reg19Report.objects.create(case=open_case, period_number=1, due_on=date(2026, 3, 1), **common)
    return subjects


def test_refresh_computes_medians_90th_percentiles_ages_and_clocks_from_business_dates(matters):
    run = timeliness_refresh_now(as_of=AS_OF)
    assert run.finished_at is not None and run.total_chunks == TimelinessChunk.objects.filter(run=run).count()
    summary = timeliness_summary(filters=ALL, published=False)
    stages = {s["stage"]: s for s in summary["stages"]}
    assert stages["assessment"] == {**stages["assessment"], "n": 5, "median": 30.0, "p90": 46.0}
    assert stages["end_to_end"]["n"] == 5 and stages["end_to_end"]["median"] == 300.0
    assert stages["end_to_end"]["p90"] == 460.0
    assert stages["investigation"]["n"] == 0  # imported history without report dates: not invented
    open_stages = {s["stage"]: s for s in summary["open_stages"]}
    assert open_stages["assessment"]["n"] == 2 and open_stages["assessment"]["median"] == 300.0
    bands = {b["band"]: b["n"] for b in summary["bands"]}
    assert bands["91-180 days"] == 1 and bands["0-90 days"] == 0
    assert bands["over 400 days"] == 1 and sum(bands.values()) == 2
    reg19 = next(c for c in summary["clocks"] if c["clock"] == "reg19")
    assert (reg19["met"], reg19["missed"], reg19["open_overdue"]) == (1, 1, 1)


def test_filters_slice_the_figures_by_severity_and_year(matters):
    _closed_subject(assessed_after=7, finalised_after=70, severity="gross_misconduct")
    timeliness_refresh_now(as_of=AS_OF)
    gross = timeliness_summary(filters={**ALL, "severity": "gross_misconduct"}, published=False)
    assert {s["stage"]: s["n"] for s in gross["stages"]}["assessment"] == 1
    assert {s["stage"]: s["median"] for s in gross["stages"]}["assessment"] == 7.0
    year = timeliness_summary(filters={**ALL, "year_received": 2024}, published=False)
    assert all(s["n"] == 0 for s in year["stages"])


def test_published_figures_suppress_small_counts_and_withhold_small_medians(matters):
    timeliness_refresh_now(as_of=AS_OF)
    summary = timeliness_summary(filters=ALL, published=True)
    stages = {s["stage"]: s for s in summary["stages"]}
    assert stages["assessment"]["n"] == 5 and stages["assessment"]["median"] == 30.0
    open_stages = {s["stage"]: s for s in summary["open_stages"]}
    assert open_stages["assessment"]["n"] is None and open_stages["assessment"]["median"] is None
    assert all(b["n"] in (0, None) for b in summary["bands"])
    reg19 = next(c for c in summary["clocks"] if c["clock"] == "reg19")
    assert reg19["met"] is None and reg19["missed"] is None


def test_board_figures_have_the_contract_shape(matters):
    timeliness_refresh_now(as_of=AS_OF)
    figures = board_figures(as_of=AS_OF)
    assert set(figures) == {"stages", "open_ageing", "clocks", "finalised_12m"}
    row = next(s for s in figures["stages"] if s["case_type"] == "conduct" and s["stage"] == "assessment")
    assert set(row) == {"case_type", "stage", "label", "n", "median", "p90"} and row["n"] == 5
    assert [b["band"] for b in figures["open_ageing"]][-1] == "over 400 days"
    assert set(figures["clocks"][0]) == {"clock", "label", "met", "missed", "open_overdue"}
    # finalised between 2025-06-30 and 2026-06-30: 200, 300, 400, 500 days after 6 Jan 2025
    assert figures["finalised_12m"]["n"] == 4 and figures["finalised_12m"]["median_days"] == 350.0


def test_a_second_run_replaces_the_first_and_a_chunk_delivered_twice_does_nothing(matters):
    from governance.timeliness import timeliness_chunk_build

    first = timeliness_refresh_now(as_of=AS_OF)
    second = timeliness_refresh_now(as_of=AS_OF)
    assert not TimelinessRun.objects.filter(id=first.id).exists()
    chunk = TimelinessChunk.objects.filter(run=second).first()
    assert timeliness_chunk_build(chunk_id=chunk.id) is False
    assert timeliness_summary(filters=ALL, published=False)["stages"][0]["n"] == 5


def test_drill_down_lists_only_matters_the_reader_may_open_and_logs_the_view(matters):
    restricted = _closed_subject(assessed_after=5, finalised_after=50, restricted=True)
    conflicted = matters[0]
    analyst = UserFactory(role=Role.ANALYST)
    ConflictDeclaration.objects.create(user=analyst, case=conflicted.case, reason="synthetic")
    timeliness_refresh_now(as_of=AS_OF)
    client = quick_sign_in(analyst)
    page = client.get("/governance/timeliness/")
    assert page.status_code == 200 and "<svg" in page.content.decode()
    assert page.context["summary"]["stages"][0]["n"] == 6  # counted
    response = client.get("/governance/timeliness/matters/?stage=assessment&status=finished")
    assert response.status_code == 200
    text = response.content.decode()
    assert restricted.case.reference not in text and conflicted.case.reference not in text
    assert sum(m.case.reference in text for m in matters[1:]) == 4
    assert "not listed" in text
    assert AccessEvent.objects.filter(actor=analyst, action="view", object_type="timeliness_matters").count() == 1


@pytest.mark.parametrize("role", [Role.ANALYST, Role.SUPERVISOR, Role.APPROPRIATE_AUTHORITY, Role.OVERSIGHT_READER])
def test_readers_see_the_page(role, matters):
    timeliness_refresh_now(as_of=AS_OF)
    client = quick_sign_in(UserFactory(role=role))
    assert client.get("/governance/timeliness/").status_code == 200


@pytest.mark.parametrize("role", [Role.INVESTIGATOR, Role.VETTING_OFFICER, None])
def test_everyone_else_gets_404(role):
    client = quick_sign_in(UserFactory(role=role))
    assert client.get("/governance/timeliness/").status_code == 404
    assert client.get("/governance/timeliness/matters/?stage=assessment").status_code == 404


def test_the_oversight_reader_has_no_drill_down_and_no_refresh(matters):
    timeliness_refresh_now(as_of=AS_OF)
    client = quick_sign_in(UserFactory(role=Role.OVERSIGHT_READER))
    page = client.get("/governance/timeliness/")
    text = page.content.decode()
    assert "/governance/timeliness/matters/" not in text and "[c]" in text
    assert client.get("/governance/timeliness/matters/?stage=assessment").status_code == 404
    assert client.post("/governance/timeliness/refresh/").status_code == 404


def test_bad_filter_values_give_field_errors_not_500(matters):
    timeliness_refresh_now(as_of=AS_OF)
    client = quick_sign_in(UserFactory(role=Role.ANALYST))
    page = client.get("/governance/timeliness/?case_type=nonsense&where=unit:not-a-uuid&year=abc&severity=x")
    assert page.status_code == 200
    errors = page.context["form"].errors
    assert {"case_type", "where", "year", "severity"} <= set(errors)
    drill = client.get("/governance/timeliness/matters/?stage=nope&status=maybe&page=zz")
    assert drill.status_code == 200 and "stage" in drill.context["form"].errors


def test_the_analyst_refresh_button_records_a_run(matters):
    client = quick_sign_in(UserFactory(role=Role.ANALYST))
    response = client.post("/governance/timeliness/refresh/")
    assert response.status_code == 302
    run = TimelinessRun.objects.get()
    assert run.chunks.count() == run.total_chunks >= 1


def test_the_sweeper_sends_again_a_chunk_a_dead_worker_took_and_the_last_chunk_sends_the_aggregation(matters):
    from django.utils import timezone

    from governance.timeliness import timeliness_run_start
    from governance.timeliness_tasks import timeliness_chunk, timeliness_finish, timeliness_sweep
    from infra.models import OutboxMessage

    run = timeliness_run_start(reason="test", as_of=AS_OF)
    chunk = TimelinessChunk.objects.get(run=run)
    OutboxMessage.objects.filter(task=timeliness_chunk.name).update(started_at=timezone.now())  # taken, then lost
    TimelinessChunk.objects.filter(id=chunk.id).update(enqueued_at=timezone.now() - timedelta(hours=1))
    assert timeliness_sweep(older_than_seconds=60)["chunks"] == 1
    assert OutboxMessage.objects.filter(task=timeliness_chunk.name, started_at__isnull=True).count() == 1
    timeliness_chunk(chunk.id)  # the task body, as a worker runs it
    assert OutboxMessage.objects.filter(task=timeliness_finish.name, args=[run.id]).exists()
    assert timeliness_finish(run.id) is True
    run.refresh_from_db()
    assert run.finished_at is not None
    assert timeliness_summary(filters=ALL, published=False)["stages"][0]["n"] == 5


def test_a_native_matter_counts_each_stage_from_its_own_records_and_the_outcome_notice_clock():
    from cases.models import CaseToAnswerDecision, InvestigationReport, SeverityAssessment
    from hearings.models import Proceeding, ProceedingOutcome

    officer = UserFactory(role=Role.APPROPRIATE_AUTHORITY)
    case = CaseFactory(received_date=date(2025, 3, 3))
    subject = CaseSubject.objects.create(
        case=case, person=PersonFactory(), stage="outcome_recorded", severity="gross_misconduct"
    )
    SeverityAssessment.objects.create(
        subject=subject, severity="gross_misconduct", rationale="x", assessed_on=date(2025, 3, 13), assessed_by=officer
    )
    InvestigationReport.objects.create(case=case, summary="x", submitted_on=date(2025, 9, 9), submitted_by=officer)
    CaseToAnswerDecision.objects.create(
        subject=subject,
        case_to_answer=True,
        route="hearing",
        rationale="x",
        decided_on=date(2025, 10, 9),
        decided_by=officer,
    )
    proceeding = Proceeding.objects.create(subject=subject, forum="hearing")
    ProceedingOutcome.objects.create(
        proceeding=proceeding, finding="misconduct", outcome="written_warning", reasons="x",
        decided_on=date(2026, 1, 7), notice_due_on=date(2026, 1, 14), notice_given_on=date(2026, 1, 16),
    )  # fmt: skip
    timeliness_refresh_now(as_of=AS_OF)
    summary = timeliness_summary(filters={**ALL, "case_type": "conduct"}, published=False)
    medians = {s["stage"]: s["median"] for s in summary["stages"]}
    assert medians["assessment"] == 10.0 and medians["investigation"] == 180.0
    assert medians["decision"] == 30.0 and medians["proceedings"] == 90.0
    open_stages = {s["stage"]: s for s in summary["open_stages"]}
    assert (
        open_stages["finalisation"]["n"] == 1
        and open_stages["finalisation"]["median"] == (AS_OF - date(2026, 1, 7)).days
    )
    notice = next(c for c in summary["clocks"] if c["clock"] == "outcome_notice")
    assert (notice["met"], notice["missed"]) == (0, 1)
