"""The analysts' pages on data shaped like the demo's: a small workforce whose three years of
history come in through the history import (demo.history.history_csv, as `make demo` does),
so some groups have nobody at the later stages and the adjusted panel has rows with no crude row."""

from datetime import date

import pytest

from cases.history import history_import
from cases.models import Case, CaseAccessGrant
from demo.history import history_csv
from oversight.models import DisparityFlag, DisparityResult, SecondLook
from oversight.refresh import disparities_refresh
from tests.conftest import quick_sign_in
from tests.factories import CommandFactory, UnitFactory, UserFactory
from workforce.models import Person

pytestmark = pytest.mark.django_db
TODAY = date(2026, 10, 31)
# a demo-like mix: mostly White, few Mixed and Other (so later stages are empty for them)
MIX = [("W1", "white")] * 14 + [("A1", "asian")] * 3 + [("B1", "black")] * 2 + [("M1", "mixed"), ("O9", "other")]


def demo_workforce(size=420):
    units = [UnitFactory(name=f"Demo unit {i}", parent=CommandFactory(name=f"Demo command {i % 2}")) for i in range(3)]
    people = []
    for i in range(size):
        code, _ = MIX[i % len(MIX)]
        unit = units[i % len(units)]
        people.append(
            Person(
                staff_number=f"DM{i:05d}",
                person_type="officer" if i % 3 else "staff",
                surname=f"DEMO{i}",
                forenames="SAM",
                date_of_birth=date(1970 + i % 30, 1 + i % 12, 1 + i % 28),
                gender="F" if i % 2 else "M",
                ethnicity_id=code,
                rank_or_grade="PC" if i % 3 else "C",
                unit=unit,
                command=unit.parent,
                start_date=date(2005 + i % 15, 4, 1),
                end_date=date(2025, 6, 30) if i % 40 == 7 else None,
                is_leaver=i % 40 == 7,
            )
        )
    Person.objects.bulk_create(people)
    return Person.objects.values_list("staff_number", "ethnicity__group", "start_date", "end_date")


@pytest.fixture
def demo(django_capture_on_commit_callbacks):
    data = history_csv(demo_workforce(), today=TODAY, rate=0.25, seed=7)
    result = history_import(actor=None, data=data, filename="demo-history.csv")
    assert result.errors == [] and result.created > 100
    with django_capture_on_commit_callbacks(execute=True):
        refresh = disparities_refresh(cutoff=TODAY)
    analyst = UserFactory(role="analyst")
    return refresh, analyst, quick_sign_in(analyst)


def _force_flag(refresh):
    """A flag on the dashboard's default view (raised by hand if the small data raised none)."""
    flag = DisparityFlag.objects.filter(level="force", window_months=12, population="all", source="all").first()
    if flag is None:
        result = DisparityResult.objects.filter(
            refresh=refresh, level="force", window_months=12, population="all", source="all", group="black"
        ).first()
        fields = ("level", "unit", "window_months", "population", "source", "stage", "group")
        flag = DisparityFlag.objects.create(
            **{f: getattr(result, f) for f in fields}, first_result=result, latest_result=result
        )
    return flag


def test_the_default_dashboard_and_a_flags_dashboard_link_open_on_demo_shaped_data(demo):
    refresh, _, client = demo
    page = client.get("/disparities/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="adjusted-table"' in html and 'data-testid="results-table"' in html
    flag = _force_flag(refresh)
    flag_page = client.get(f"/disparities/flags/{flag.public_id}/")
    assert flag_page.status_code == 200
    link = flag_page.content.decode().split('href="/disparities/?')[1].split('"')[0].replace("&amp;", "&")
    assert client.get(f"/disparities/?{link}").status_code == 200
    for query in ("window=36", "population=staff", "view=cumulative", "window=36&population=officer"):
        assert client.get(f"/disparities/?{query}").status_code == 200


@pytest.mark.parametrize("query", ["window=36", "population=staff", "source=public_complaint&window=36"])
def test_a_partial_query_string_uses_the_defaults_for_the_missing_filters(demo, query):
    _, _, client = demo
    page = client.get(f"/disparities/?{query}")
    html = page.content.decode()
    assert page.status_code == 200
    assert "This field is required" not in html and "govuk-error-message" not in html
    title = html.split('data-testid="slice-title">')[1].split("</h2>")[0]
    assert title.startswith("Whole force")
    if "window=36" in query:
        assert "36 months" in title
    else:
        assert "12 months" in title


def test_second_looks_on_a_flag_name_only_cases_the_analyst_can_open(demo):
    refresh, analyst, client = demo
    flag = _force_flag(refresh)
    open_case, hidden_case = Case.objects.filter(reference__startswith="LEG-").order_by("id")[:2]
    Case.objects.filter(id=hidden_case.id).update(is_restricted=True)
    decider = UserFactory(role="appropriate_authority")
    for case in (open_case, hidden_case):
        SecondLook.objects.create(
            subject=case.case_subjects.first(), kind="severity", flag=flag, decision_summary="x", decided_by=decider
        )
    html = client.get(f"/disparities/flags/{flag.public_id}/").content.decode()
    assert open_case.reference in html
    assert hidden_case.reference not in html
    assert "1 second look on a matter you cannot open" in html
    CaseAccessGrant.objects.create(case=hidden_case, user=analyst, reason="named on the access list")
    assert hidden_case.reference in client.get(f"/disparities/flags/{flag.public_id}/").content.decode()


def test_the_slice_and_compare_forms_fill_missing_filters_with_their_defaults():
    from oversight.forms import CompareForm, SliceForm

    form = SliceForm({"window": "36"})
    assert form.is_valid(), form.errors
    assert form.slice()["window"] == 36 and form.slice()["level"] == "force" and form.slice()["source"] == "all"
    bad = SliceForm({"window": "7"})
    assert not bad.is_valid() and list(bad.errors) == ["window"] and bad.slice()["window"] == 12
    compare = CompareForm({"group": "asian"})
    assert compare.is_valid(), compare.errors
    assert compare.values()["stage"] == "s1_system" and compare.values()["window"] == 12
