"""The oversight reader's pages (the local policing body): the right records, nothing that identifies
a subject beyond what would be published, counts 1-4 suppressed, read only, every view logged, and
404 for everyone else."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.choices import Role
from audit.models import AccessEvent
from governance.selectors_oversight import pseudonymous_reference, published_count
from oversight.models import DisparityRefresh, DisparityResult
from tests.conftest import quick_sign_in
from tests.factories import UnitFactory, UserFactory

from .world import SECRETS, oversight_world

pytestmark = pytest.mark.django_db

PAGES = ["/governance/oversight/", "/governance/oversight/suspensions/", "/governance/oversight/hearings/"]


@pytest.fixture
def world():
    return oversight_world(today=timezone.localdate())


@pytest.fixture
def reader():
    return UserFactory(role=Role.OVERSIGHT_READER)


def _text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _nothing_identifying(text: str, world) -> None:
    for secret in SECRETS:
        assert secret not in text, secret
    for case in world["cases"]:
        assert case.reference not in text, case.reference


def test_suspensions_show_rank_dates_and_reviews_under_a_reference_of_their_own(world, reader):
    text = _text(quick_sign_in(reader).get("/governance/oversight/suspensions/"))
    standing, ended = world["standing"], world["ended"]
    assert pseudonymous_reference(standing) in text and pseudonymous_reference(ended) in text
    assert text.count('data-testid="suspension"') == 2  # not the restricted matter, not restricted duties
    assert "PS" in text and "INSP" in text and "CH SUPT" not in text and "DC<" not in text
    assert "Late" in text and "On time" in text  # the second review was held 3 days after it was due
    assert "Overdue" in text  # the next review (4 weeks after the last) is past
    assert f"No: ended {ended.ended_on:%-d %b %Y}" in text
    # suspended 120 days and lifted 30 days ago with no review: 3 four-weekly reviews were missed
    assert "3 missed" in text
    _nothing_identifying(text, world)


def test_hearings_to_come_show_date_venue_rank_and_category_but_no_outcome(world, reader):
    text = _text(quick_sign_in(reader).get("/governance/oversight/hearings/"))
    assert text.count('data-testid="hearing"') == 2  # the hearing to come and the one recorded early
    assert "Hearing Room 1, Headquarters" in text and "10:00" in text
    assert "Violence or use of force" in text and "Dishonesty" in text
    assert "Not proven" not in text and "No action" not in text  # never before the event
    assert "After the hearing" in text
    assert "Misconduct meeting" not in text  # meetings are private
    assert "fewer than 5" in text  # the hearing with an anonymity direction, counted and suppressed
    _nothing_identifying(text, world)


def test_hearings_held_show_the_finding_and_outcome_once_recorded(world, reader):
    text = _text(quick_sign_in(reader).get("/governance/oversight/hearings/?when=past"))
    assert text.count('data-testid="hearing"') == 2
    assert "Conference Suite, Northgate Police Station" in text and "Accelerated misconduct hearing" in text
    assert "Gross misconduct proven: Dismissal without notice" in text
    assert "Outcome not yet recorded" in text and "Corruption" in text
    _nothing_identifying(text, world)


def test_the_home_page_counts_are_published_counts_and_link_every_page(world, reader):
    response = quick_sign_in(reader).get("/governance/oversight/")
    text = _text(response)
    counts = response.context["counts"]
    # one standing suspension, one late review, two hearings each way, no reg 19 report: 1-4 suppressed
    assert counts == {
        "suspended_now": None,
        "late_reviews": None,
        "hearings_upcoming": None,
        "hearings_past": None,
        "reg19_reports": 0,
    }
    assert text.count("[c]") >= 4
    for href in ("/disparities/reg19/", "/disparities/statistics/", PAGES[1], PAGES[2]):
        assert f'href="{href}' in text, href
    assert "<form" not in text.split('id="main-content"')[-1].split("</main>")[0]  # read only
    _nothing_identifying(text, world)


def test_published_count_suppresses_one_to_four_only():
    assert [published_count(n) for n in (0, 1, 4, 5, 12)] == [0, None, None, 5, 12]


def test_every_page_writes_a_view_access_event_with_what_was_shown(world, reader):
    client = quick_sign_in(reader)
    for url in PAGES:
        client.get(url)
    events = {e.object_type: e for e in AccessEvent.objects.filter(actor=reader, action="view")}
    assert {"oversight_home", "oversight_suspensions", "oversight_hearings"} <= set(events)
    assert pseudonymous_reference(world["standing"]) in events["oversight_suspensions"].object_label
    assert f"{world['upcoming'].scheduled_for:%Y-%m-%d}" in events["oversight_hearings"].object_label
    assert "suspended_now=c" in events["oversight_home"].object_label


@pytest.mark.parametrize("role", [r for r in Role if r != Role.OVERSIGHT_READER] + [None])
def test_everyone_but_the_oversight_reader_gets_404(role):
    client = quick_sign_in(UserFactory(role=role))
    for url in PAGES:
        assert client.get(url).status_code == 404, (role, url)


def test_the_oversight_reader_has_one_navigation_entry_and_a_work_list(world, reader):
    home = quick_sign_in(reader).get("/")
    labels = [item["label"] for item in home.context["navigation"]]
    assert "Oversight" in labels and "Statistics" not in labels and "12-month reports" not in labels
    # the home page is their work: the 12-month reports not yet read (the counts are on Oversight)
    assert [section.key for section in home.context["sections"]] == ["oversight-reports"]


# ------------------------------------------------------------------ disparity: force and command only


@pytest.fixture
def command_and_unit():
    unit = UnitFactory()
    command = unit.parent
    refresh = DisparityRefresh.objects.create(
        data_cutoff="2026-10-31", method_version="disparity-1.0", rule={}, trigger="command", status="complete"
    )
    common = {"refresh": refresh, "window_months": 12, "population": "all", "source": "all", "stage": "s1_system"}
    DisparityResult.objects.create(**common, level="force", group="white", n=900, events=120, headcount=900)
    DisparityResult.objects.create(
        **common, level="command", unit=command, group="white", n=400, events=61, headcount=400
    )
    DisparityResult.objects.create(**common, level="unit", unit=unit, group="white", n=40, events=17, headcount=40)
    return command, unit


def test_the_oversight_reader_may_choose_force_or_command_but_not_a_unit(command_and_unit, reader):
    command, unit = command_and_unit
    client = quick_sign_in(reader)
    page = client.get(f"/disparities/statistics/?unit=command:{command.public_id}")
    assert ">61<" in _text(page) and "— " + unit.name not in page.content.decode()  # no unit in the choices
    refused = client.get(f"/disparities/statistics/?unit=unit:{unit.public_id}")
    text = _text(refused)
    assert "figures for units below a command are not published" in text
    assert ">17<" not in text and ">120<" in text  # the whole force instead
    assert "/disparities/flags" not in text and "drilldown" not in text
    assert client.get(f"/disparities/export.csv?unit=command:{command.public_id}").status_code == 200
    export = client.get(f"/disparities/export.csv?unit=unit:{unit.public_id}")
    assert export.status_code == 400 and b"not published" in export.content


def test_the_analyst_still_chooses_units(command_and_unit):
    _command, unit = command_and_unit
    client = quick_sign_in(UserFactory(role=Role.ANALYST))
    text = _text(client.get(f"/disparities/statistics/?unit=unit:{unit.public_id}"))
    assert ">17<" in text and "not published" not in text
    assert client.get(f"/disparities/export.csv?unit=unit:{unit.public_id}").status_code == 200


def test_only_suspensions_ended_within_a_year_are_listed(world, reader):
    world["ended"].ended_on = timezone.localdate() - timedelta(days=400)
    world["ended"].save(update_fields=["ended_on"])
    text = _text(quick_sign_in(reader).get("/governance/oversight/suspensions/"))
    assert pseudonymous_reference(world["ended"]) not in text


def test_the_lists_take_the_same_queries_for_more_rows(world, reader):
    """No query per row: a second world doubles the rows, not the queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = quick_sign_in(reader)

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = PAGES[1:] + ["/governance/oversight/hearings/?when=past"]
    client.get(PAGES[0])  # the session's first request loads what later ones find cached
    before = [queries(url) for url in urls]
    oversight_world(today=timezone.localdate(), tag="B")
    assert [queries(url) for url in urls] == before
