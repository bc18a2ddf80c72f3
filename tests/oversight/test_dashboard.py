"""The analysts' pages: dashboard toggles, drill-down (logged), flag review, exports with
disclosure control, funnel plots; and the special-measure second look on a case."""

import csv
import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from audit.models import AccessEvent
from oversight.disclosure import recoverable_cells
from oversight.models import DisparityFlag, DisparityResult, FlagReview, SecondLook
from oversight.refresh import disparities_refresh
from oversight.simulate import simulate
from tests.conftest import quick_sign_in
from tests.factories import PersonFactory, UserFactory

CUTOFF = date(2026, 10, 31)
pytestmark = pytest.mark.django_db
GROUP_CODES = {"White": "white", "Asian": "asian", "Black": "black", "Mixed": "mixed", "Other": "other"}
GROUP_CODES |= {"Not stated": "not_stated", "Total": "TOTAL"}


@pytest.fixture
def refreshed(django_capture_on_commit_callbacks):
    simulate(people=6_000, commands=2, units_per_command=2, cutoff=CUTOFF, multipliers={"s1": {"black": 2.5}}, seed=0.5)
    analyst = UserFactory(role="analyst")
    with django_capture_on_commit_callbacks(execute=True):
        refresh = disparities_refresh(cutoff=CUTOFF)
    return refresh, analyst, quick_sign_in(analyst)


def test_dashboard_shows_charts_table_and_toggles(refreshed):
    refresh, _, client = refreshed
    page = client.get("/disparities/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<svg") == 2 and "0.80-1.25" in html
    assert 'data-testid="results-table"' in html and "Insufficient data" not in html.split("results-table")[0]
    assert "Whole force" in html and 'data-testid="adjusted-table"' in html and 'data-testid="durations-table"' in html
    unit = DisparityResult.objects.filter(refresh=refresh, level="unit").select_related("unit").first().unit
    for query in (
        {"unit": f"unit:{unit.public_id}", "window": 36, "population": "officer", "source": "public_complaint"},
        {"unit": f"command:{unit.parent.public_id}", "view": "cumulative"},
    ):
        page = client.get("/disparities/", query)
        assert page.status_code == 200
    assert unit.name in client.get("/disparities/", {"unit": f"unit:{unit.public_id}"}).content.decode()
    # nonsense in every toggle: field errors and the defaults, never a 500
    page = client.get("/disparities/", {"unit": "unit:zzz", "window": "7", "population": "x", "view": "<b>"})
    assert page.status_code == 200 and "govuk-error-message" in page.content.decode()


def test_drilldown_lists_the_matters_behind_a_number_and_is_logged(refreshed):
    refresh, analyst, client = refreshed
    result = DisparityResult.objects.get(
        refresh=refresh,
        level="force",
        window_months=12,
        population="all",
        source="all",
        stage="s1_system",
        group="black",
    )
    before = AccessEvent.objects.filter(actor=analyst).count()
    page = client.get(f"/disparities/results/{result.id}/events/")
    assert page.status_code == 200
    rows = page.content.decode().count('href="/cases/SIM-')
    assert rows >= result.events  # every person counted has at least one matter
    assert AccessEvent.objects.filter(actor=analyst, object_type="disparity_drilldown").count() == before + 1
    assert client.get(f"/disparities/results/{result.id}/n/").status_code == 404  # headcount is people, not cases
    assert client.get(f"/disparities/results/{result.id}/other/").status_code == 404


def test_flag_review_workflow_needs_a_note_and_follows_the_states(refreshed):
    _, analyst, client = refreshed
    flag = DisparityFlag.objects.filter(group="black", stage="s1_system", level="force").first()
    assert flag is not None and flag.status == "new"
    url = f"/disparities/flags/{flag.public_id}/"
    assert client.get("/disparities/flags/").status_code == 200
    page = client.post(url, {"to_status": "under_review", "note": "  "})
    assert page.status_code == 400 and "Enter" in page.content.decode() or "required" in page.content.decode()
    assert (
        client.post(url, {"to_status": "actioned", "note": "skip"}).status_code == 400
    )  # new -> actioned is not allowed
    response = client.post(
        url, {"to_status": "under_review", "note": "Pulled the 48 matters; reviewing referral sources"}
    )
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.status == "under_review"
    review = FlagReview.objects.get(flag=flag)
    assert review.by == analyst and review.from_status == "new" and "referral sources" in review.note
    assert "referral sources" in client.get(url).content.decode()


def _published_from_csv(text):
    rows = [r for r in csv.reader(io.StringIO(text)) if r and not r[0].startswith("#")]
    header, body = rows[0], rows[1:]
    tables = {}
    for row in body:
        record = dict(zip(header, row, strict=True))
        value = {k: (None if record[k] == "[c]" else int(record[k])) for k in ("n", "events")}
        tables.setdefault(record["stage"], {})[GROUP_CODES[record["group"]]] = value
    return tables


def test_exports_suppress_small_counts_so_that_none_can_be_recovered(refreshed):
    refresh, analyst, client = refreshed
    # a small unit's slice by one source: plenty of counts from 1 to 4
    results = DisparityResult.objects.filter(
        refresh=refresh, level="unit", window_months=12, population="staff", source="conduct_matter"
    ).select_related("unit")
    unit = results.first().unit
    query = {"unit": f"unit:{unit.public_id}", "window": 12, "population": "staff", "source": "conduct_matter"}
    response = client.get("/disparities/export.csv", query)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    published = _published_from_csv(response.content.decode())
    by_stage = {}
    for r in results.filter(unit=unit):
        by_stage.setdefault(r.get_stage_display(), {})[r.group] = (r.events, r.n)
    suppressed = 0
    for stage, table in published.items():
        original = by_stage[stage]
        for group, cell in table.items():
            if group == "TOTAL":
                continue
            for key, value in cell.items():
                true = original[group][0 if key == "events" else 1]
                if value is None:
                    suppressed += 1
                else:
                    assert value == true and not 1 <= value <= 4, (stage, group, key, value)
        recovered = recoverable_cells(table, original)
        # only a zero non-events cell may be pinned, when everyone at the stage had the event
        assert all(key[1] == "non_events" for key in recovered), (stage, recovered)
    assert suppressed > 0, "the slice was meant to contain small counts"
    assert AccessEvent.objects.filter(actor=analyst, object_type="disparity_export").exists()
    xlsx = client.get("/disparities/export.xlsx", query)
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    pdf = client.get("/disparities/export.pdf", query)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get("/disparities/export.doc").status_code == 404


def test_commands_are_compared_with_a_funnel_plot(refreshed):
    _, _, client = refreshed
    page = client.get("/disparities/compare/", {"stage": "s1_system", "group": "black", "window": 36})
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and "99.8%" in html and "Sim Command 01" in html


def test_a_decision_under_an_active_flag_prompts_a_recorded_second_look(refreshed):
    from cases.models import AllegationCategory, Standard
    from cases.services import allegation_add, case_open, severity_assess, subject_add

    refresh, _, _ = refreshed
    result = DisparityResult.objects.filter(refresh=refresh, level="force", stage="s2_gross", group="black").first()
    flag = DisparityFlag.objects.create(
        level="force",
        window_months=12,
        population="all",
        source="all",
        stage="s2_gross",
        group="black",
        first_result=result,
        latest_result=result,
    )
    aa = UserFactory(role="appropriate_authority")
    black = PersonFactory(ethnicity_id="B1")
    white = PersonFactory(ethnicity_id="W1")
    case = case_open(actor=aa, source="public_complaint", received_date=date(2026, 10, 1), summary="x")
    subjects = [subject_add(actor=aa, case=case, person=p) for p in (black, white)]
    for subject in subjects:
        allegation_add(
            actor=aa,
            subject=subject,
            category=AllegationCategory.objects.get(code="violence"),
            standards=[Standard.objects.get(number=4)],
            description="d",
        )
        severity_assess(
            actor=aa, subject=subject, severity="gross_misconduct", likely_forum="hearing", rationale="CCTV"
        )
    look = SecondLook.objects.get()
    assert look.subject == subjects[0] and look.flag == flag and look.kind == "severity"  # the White subject: none
    page = quick_sign_in(aa).get(f"/cases/{case.reference}/")
    assert 'data-testid="second-look-prompt"' in page.content.decode()
    from oversight.second_look import second_look_record

    with pytest.raises(ValidationError):
        second_look_record(actor=aa, look=look, outcome="confirmed", note="own decision")
    other = UserFactory(role="appropriate_authority")
    response = quick_sign_in(other).post(f"/disparities/second-looks/{look.public_id}/", {"outcome": "", "note": ""})
    assert response.status_code == 400
    response = quick_sign_in(other).post(
        f"/disparities/second-looks/{look.public_id}/", {"outcome": "confirmed", "note": "Footage supports gross"}
    )
    assert response.status_code == 302
    look.refresh_from_db()
    assert look.outcome == "confirmed" and look.reviewed_by == other
    assert 'data-testid="second-look-prompt"' not in quick_sign_in(aa).get(f"/cases/{case.reference}/").content.decode()


def test_notifications_page_lists_and_marks_read(refreshed):
    refresh, analyst, client = refreshed
    page = client.get("/notifications/?show=all")
    assert page.status_code == 200 and "New disparity flag" in page.content.decode()
    client.post("/notifications/read-all/")
    assert not analyst.notifications.filter(read_at__isnull=True).exists()


def test_the_api_gives_analysts_the_snapshot_and_flag_review_with_400_on_bad_input(refreshed):
    refresh, analyst, client = refreshed
    rows = client.get("/api/disparities/results/", {"level": "force", "stage": "s1_system", "window_months": 12})
    assert rows.status_code == 200
    body = rows.json()
    assert body["count"] > 0 and all(r["level"] == "force" for r in body["results"])
    flags = client.get("/api/disparities/flags/", {"status": "new"}).json()["results"]
    assert flags
    url = f"/api/disparities/flags/{flags[0]['id']}/review/"
    bad = client.post(url, {"to_status": "actioned", "note": "x"}, content_type="application/json")
    assert bad.status_code == 400 and "to_status" in bad.json()
    assert client.post(url, {"to_status": "nonsense"}, content_type="application/json").status_code == 400
    good = client.post(url, {"to_status": "under_review", "note": "looking"}, content_type="application/json")
    assert good.status_code == 200 and good.json()["status"] == "under_review"
    investigator = quick_sign_in(UserFactory(role="investigator"))
    assert investigator.get("/api/disparities/results/").status_code == 404
