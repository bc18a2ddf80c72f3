"""Who may open a person's integrity history (page and API), the person finder, and the access
events every view and every search writes."""

import pytest
from django.urls import reverse

from accounts.choices import Role
from audit.models import AccessEvent
from cases.models import ConflictDeclaration
from tests.conftest import quick_sign_in
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def _page(person):
    return reverse("counter_corruption:person-history", args=[person.public_id])


def _api(person):
    return f"/api/counter-corruption/people/{person.public_id}/history/"


def _events(user, **filters):
    return AccessEvent.objects.filter(actor=user, **filters)


def test_the_page_shows_the_timeline_summary_and_theme_chart_and_is_logged(world):
    client = quick_sign_in(world["cc"])
    response = client.get(_page(world["person"]))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="timeline"' in body and "LEG-2020-0007" in body and "Imported history" in body
    assert "PSD-2025-00002" not in body and "PSD-2025-00003" not in body  # restricted, conflicted
    # the chart is server-side SVG with its table beside it
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in body and 'data-testid="theme-chart"' in body
    assert "Records by corruption theme and year" in body and "Theft and fraud (1)" in body
    assert '<td class="govuk-table__cell govuk-table__cell--numeric" data-kind="allegation">2</td>' in body
    event = _events(world["cc"], object_type="person", object_id=str(world["person"].public_id)).get()
    assert event.purpose == "integrity history" and event.object_label == world["person"].staff_number


def test_the_kind_filter_on_the_page(world):
    client = quick_sign_in(world["cc"])
    body = client.get(_page(world["person"]) + "?kind=intelligence").content.decode()
    assert 'data-kind="intelligence"' in body and '<div class="moj-timeline__item" data-kind="allegation">' not in body


def test_the_api_answers_the_same_content_as_json_and_is_logged(world):
    client = quick_sign_in(world["cc"])
    data = client.get(_api(world["person"])).json()
    assert data["person"]["staff_number"] == world["person"].staff_number
    assert data["total"] == 8 and data["counts_by_kind"]["allegation"] == 2
    assert data["counts_by_theme"]["theft_fraud"] == {"2020": 1}
    references = {entry["reference"] for entry in data["entries"]}
    assert "LEG-2020-0007" in references and "PSD-2025-00002" not in references
    assert _events(world["cc"], object_type="person", purpose="integrity history (API)").count() == 1
    only = client.get(_api(world["person"]) + "?kind=allegation").json()
    assert {entry["kind"] for entry in only["entries"]} == {"allegation"} and only["total"] == 8


def test_a_person_may_not_open_their_own_history(world):
    world["cc"].person = world["person"]
    world["cc"].save()
    client = quick_sign_in(world["cc"])
    assert client.get(_page(world["person"])).status_code == 404
    assert client.get(_api(world["person"])).status_code == 404
    assert not _events(world["cc"], object_type="person").exists()


@pytest.mark.parametrize("relation", ["their line manager", "someone they manage", "a declared conflict"])
def test_nobody_opens_the_history_of_someone_in_conflict_with_them(world, relation):
    viewer = world["cc"]
    me = PersonFactory()
    person = world["person"]
    if relation == "their line manager":
        me.line_manager = person
        me.save()
    elif relation == "someone they manage":
        middle = PersonFactory(line_manager=me)
        person.line_manager = middle  # managed through someone else
        person.save()
    else:
        ConflictDeclaration.objects.create(user=viewer, person=person, reason="Family")
    viewer.person = me
    viewer.save()
    client = quick_sign_in(viewer)
    assert client.get(_page(person)).status_code == 404
    assert client.get(_api(person)).status_code == 404
    # nor is the person found by the finder
    assert (
        person.staff_number not in client.get(reverse("counter_corruption:people"), {"q": "HISTORIA"}).content.decode()
    )


@pytest.mark.parametrize(
    "role", [None, Role.INVESTIGATOR, Role.SUPERVISOR, Role.REPORTING_OFFICER, Role.ANALYST, Role.INTEGRITY_APPROVER]
)
def test_roles_outside_the_history_readers_get_404(world, role):
    client = quick_sign_in(UserFactory(role=role))
    assert client.get(_page(world["person"])).status_code == 404
    assert client.get(_api(world["person"])).status_code == 404
    assert client.get(reverse("counter_corruption:people"), {"q": "HISTORIA"}).status_code == 404


def test_an_unknown_person_is_404(world):
    client = quick_sign_in(world["cc"])
    assert client.get(f"/counter-corruption/people/{world['cc'].pk:032x}/history/").status_code == 404


def test_searching_for_a_person_is_logged_with_the_search_term(world):
    client = quick_sign_in(world["cc"])
    response = client.get(reverse("counter_corruption:people"), {"q": "historia"})
    assert response.status_code == 200
    assert _page(world["person"]) in response.content.decode()
    event = _events(world["cc"], object_type="person_list").get()
    assert "historia" in event.purpose and event.object_label == world["person"].staff_number
    # a search that finds nobody is still a search for a name: logged too
    client.get(reverse("counter_corruption:people"), {"q": "NOBODY-BY-THIS-NAME"})
    assert _events(world["cc"], object_type="person_list", purpose__contains="NOBODY-BY-THIS-NAME").count() == 1
    # by staff number
    body = client.get(reverse("counter_corruption:people"), {"q": world["person"].staff_number}).content.decode()
    assert _page(world["person"]) in body


def test_an_empty_or_too_short_search_shows_an_error_and_is_not_a_search(world):
    client = quick_sign_in(world["cc"])
    for term, message in (("", "Enter a name or a staff number"), ("x", "Enter at least 2 characters")):
        response = client.get(reverse("counter_corruption:people"), {"q": term})
        assert response.status_code == 200 and f"Name or staff number: {message}" in response.content.decode()
    assert not _events(world["cc"], object_type="person_list").exists()
    assert "Name or staff number: Enter" not in client.get(reverse("counter_corruption:people")).content.decode()


def test_the_workforce_person_page_links_to_the_history_for_its_readers(world):
    aa_page = quick_sign_in(world["aa"]).get(reverse("workforce:person", args=[world["person"].public_id]))
    assert _page(world["person"]) in aa_page.content.decode()
    investigator = UserFactory(role=Role.INVESTIGATOR)
    other_page = quick_sign_in(investigator).get(reverse("workforce:person", args=[world["person"].public_id]))
    assert other_page.status_code == 200 and _page(world["person"]) not in other_page.content.decode()
