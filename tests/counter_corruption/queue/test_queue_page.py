"""The unit's queue page and API: members only, highest score first, each item explained,
filters, conflicts applied before the page is cut, and every list read logged."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.choices import Role
from audit.models import AccessEvent
from cases.models import ConflictDeclaration
from counter_corruption.models import IntelGrant, UnitQueueItem
from counter_corruption.priority import queue_score
from tests.conftest import quick_sign_in
from tests.counter_corruption.queue.helpers import make_alert, make_log
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def scored(*sources):
    queue_score(
        log_ids=[s.id for s in sources if hasattr(s, "reference")],
        alert_ids=[s.id for s in sources if not hasattr(s, "reference")],
    )
    return sources


@pytest.fixture
def officer():
    return UserFactory(role=Role.COUNTER_CORRUPTION, person=PersonFactory())


def api_references(client, **params):
    response = client.get("/api/counter-corruption/queue/", params)
    assert response.status_code == 200, response.content[:300]
    return [row["reference"] for row in response.json()["results"]]


@pytest.mark.parametrize("role", [None, Role.SUPERVISOR, Role.APPROPRIATE_AUTHORITY, Role.INTEGRITY_APPROVER])
def test_anyone_outside_the_unit_gets_404_from_the_page_and_the_api(role):
    scored(make_log(received_on=TODAY, themes=["apsp"]))
    client = quick_sign_in(UserFactory(role=role))
    assert client.get("/counter-corruption/queue/").status_code == 404
    assert client.get("/api/counter-corruption/queue/").status_code == 404


def test_the_queue_is_in_score_order_with_each_items_reasons(officer):
    child = make_log(received_on=TODAY, themes=["apsp"], at_risk="child", source="A", assessment="1")
    debt = make_log(received_on=TODAY, themes=["vulnerability"], source="C", assessment="4")
    alert = make_alert(person=PersonFactory(), others=[PersonFactory()], nominal=True)
    scored(child, debt, alert)
    client = quick_sign_in(officer)
    references = api_references(client)
    assert references[0] == child.reference and references[-1] == debt.reference
    assert len(references) == 3
    page = client.get("/counter-corruption/queue/")
    html = page.content.decode()
    assert html.index(child.reference) < html.index(debt.reference)
    assert f'href="/counter-corruption/intelligence/{child.public_id}/"' in html
    assert "Why this score" in html
    assert "A child is at risk: <strong>+50</strong>" in html
    assert "the log records a child at risk" in html
    assert "The entity is a criminal nominal" in html
    rows = page.context["rows"]
    assert [r.score for r in rows] == sorted((r.score for r in rows), reverse=True)
    row = client.get("/api/counter-corruption/queue/").json()["results"][0]
    assert row["kind"] == "log" and row["id"] == str(child.public_id)
    assert row["url"] == f"/counter-corruption/intelligence/{child.public_id}/"
    assert sum(c["points"] for c in row["components"]) == row["score"]
    assert "Synthetic intelligence text" not in str(row)  # never the text


def test_items_about_people_in_conflict_with_the_viewer_are_neither_shown_nor_counted(officer):
    manager = PersonFactory()
    officer.person.line_manager = manager
    officer.person.save()
    report = PersonFactory(line_manager=officer.person)
    declared = PersonFactory()
    ConflictDeclaration.objects.create(user=officer, person=declared, reason="my brother-in-law")
    about_manager = make_log(received_on=TODAY, themes=["apsp"], subjects=[manager])
    about_report = make_log(received_on=TODAY, themes=["apsp"], subjects=[report])
    about_self = make_log(received_on=TODAY, themes=["apsp"], subjects=[officer.person])
    alert_declared = make_alert(person=PersonFactory(), others=[declared], nominal=True)
    alert_about_report = make_alert(person=report, nominal=True)
    visible = make_log(received_on=TODAY, themes=["drugs"], subjects=[PersonFactory()])
    named_only = make_log(received_on=TODAY, themes=["apsp"], handling_level="named")
    scored(about_manager, about_report, about_self, alert_declared, alert_about_report, visible, named_only)
    client = quick_sign_in(officer)
    assert api_references(client) == [visible.reference]
    page = client.get("/counter-corruption/queue/", {"page": "1"})
    assert [r.source for r in page.context["rows"]] == [visible]
    assert not page.context["page"].has_next  # the hidden ones do not make a page
    # a colleague with no conflict sees all but the named-people log; named, they see that too
    colleague = UserFactory(role=Role.COUNTER_CORRUPTION)
    assert len(api_references(quick_sign_in(colleague))) == 6
    IntelGrant.objects.create(log=named_only, user=colleague, reason="case officer")
    assert named_only.reference in api_references(quick_sign_in(colleague))


def test_the_filters_narrow_the_queue_on_the_page_and_in_the_api(officer):
    apsp = make_log(received_on=TODAY, themes=["apsp"])
    late = make_log(received_on=TODAY - timedelta(days=60), themes=["drugs"], status="assessed")
    alert = make_alert(person=PersonFactory())
    scored(apsp, late, alert)
    owner = UserFactory(role=Role.COUNTER_CORRUPTION)
    UnitQueueItem.objects.filter(log=late).update(owner=owner)  # as a tasking decision sets it
    client = quick_sign_in(officer)
    alert_label = f"{alert.person.staff_number} / {alert.entity.display}"
    assert api_references(client, kind="alert") == [alert_label]
    assert api_references(client, theme="apsp") == [apsp.reference]
    assert api_references(client, overdue="true") == [late.reference]
    assert late.reference not in api_references(client, overdue="false")
    assert api_references(client, status="assessed") == [late.reference]
    assert api_references(client, owner=owner.username) == [late.reference]
    page = client.get("/counter-corruption/queue/", {"theme": "apsp"})
    assert [r.source for r in page.context["rows"]] == [apsp]


def test_bad_filters_are_a_400_with_reasons_in_the_api_and_field_errors_on_the_page(officer):
    client = quick_sign_in(officer)
    response = client.get("/api/counter-corruption/queue/", {"kind": "everything", "theme": "nope"})
    assert response.status_code == 400
    assert set(response.json()) >= {"kind", "theme"}
    page = client.get("/counter-corruption/queue/", {"kind": "everything", "page": "x"})
    assert page.status_code == 200
    assert "Select a valid choice" in page.content.decode()
    assert client.get("/api/counter-corruption/queue/", {"page": "9"}).status_code == 404


def test_pages_are_cut_without_counting_and_follow_on(officer):
    logs = [make_log(received_on=TODAY - timedelta(days=7 * i), themes=["apsp"]) for i in range(27)]
    scored(*logs)
    client = quick_sign_in(officer)
    first = client.get("/counter-corruption/queue/")
    assert len(first.context["rows"]) == 25 and first.context["page"].has_next
    second = client.get("/counter-corruption/queue/", {"page": "2"})
    assert len(second.context["rows"]) == 2 and not second.context["page"].has_next
    assert 'rel="prev"' in second.content.decode()


def test_a_list_read_is_an_access_event_naming_what_was_shown(officer):
    log = make_log(received_on=TODAY, themes=["apsp"])
    alert = make_alert(person=PersonFactory())
    scored(log, alert)
    client = quick_sign_in(officer)
    client.get("/counter-corruption/queue/", {"kind": "log"})
    event = AccessEvent.objects.filter(actor=officer).latest("id")
    assert event.object_type == "counter_corruption_queue_item_list"
    assert log.reference in event.object_label
    assert "kind=log" in event.purpose and "1 shown" in event.purpose
    client.get("/api/counter-corruption/queue/")
    event = AccessEvent.objects.filter(actor=officer).latest("id")
    assert f"link alert {alert.person.staff_number}" in event.object_label and log.reference in event.object_label


def test_the_menu_entry_counter_corruption_is_the_units_home(officer):
    response = quick_sign_in(officer).get("/counter-corruption/queue/")
    entries = {i["label"]: i for i in response.context["navigation"]}
    assert entries["Counter-corruption"]["url"] == "/counter-corruption/queue/"
    assert entries["Counter-corruption"]["active"]
    staff = quick_sign_in(UserFactory(role=None)).get("/")
    assert "Counter-corruption" not in [i["label"] for i in staff.context["navigation"]]


def test_a_received_date_in_the_future_or_past_never_breaks_the_page(officer):
    scored(make_log(received_on=date(2001, 1, 1)), make_log(received_on=TODAY + timedelta(days=3)))
    assert quick_sign_in(officer).get("/counter-corruption/queue/").status_code == 200
