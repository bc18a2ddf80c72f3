"""Shoulder (collar) numbers: an optional column of the HR extract, shown on the person, and found by
the search box and the workforce filter as people write them ("PC 4471"), with need-to-know."""

from datetime import date

import pytest
from django.utils import timezone

from cases.models import CaseAccessGrant
from reporting.models import Report
from tests.conftest import quick_sign_in
from tests.factories import CaseFactory, PersonFactory, UserFactory
from workday.search import search
from workforce.models import Person, PersonEvent
from workforce.services import workforce_import
from workforce.shoulder import shoulder_number_in
from workforce.synthetic import generate_people, people_to_csv

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 26)


def run(data: bytes):
    return workforce_import(actor=None, data=data, filename="hr.csv", today=TODAY)


def _without_column(data: bytes) -> bytes:
    """The same file as a feed without the optional column (the shared format's own columns)."""
    return b"\n".join(line.rsplit(b",", 1)[0] for line in data.split(b"\n") if line) + b"\n"


@pytest.mark.parametrize(
    ("term", "number"),
    [
        ("PC 4471", "4471"),
        ("pc4471", "4471"),
        ("4471", "4471"),
        ("4471 cw", "4471CW"),
        ("PCSO 7012", "7012"),
        ("DS. 212", "212"),
        ("collar no. 4471", "4471"),
        ("Holloway", None),
        ("PC Holloway", None),
        ("PSD-2026-00101", None),
        ("excessive force", None),
    ],
)
def test_a_search_term_names_a_shoulder_number_as_people_write_it(term, number):
    assert shoulder_number_in(term) == number


def test_the_column_imports_as_worn_and_a_bad_number_loses_only_its_row():
    people = generate_people(40, seed=11)
    wearers = [p for p in people if p["shoulder_number"]]
    assert len(wearers) > 10  # constables, sergeants, PCSOs and specials wear one
    assert all(not p["shoulder_number"] for p in people if p["rank_or_grade"] in ("INSP", "CI", "B", "C", "D"))
    wearers[0]["shoulder_number"] = "4471 cw"
    wearers[1]["shoulder_number"] = "44-71!"
    result = run(people_to_csv(people))
    assert result.created == 39
    [error] = result.errors
    assert error.staff_number == wearers[1]["staff_number"] and error.line == people.index(wearers[1]) + 2
    assert "shoulder_number '44-71!' must be 1-6 digits" in error.reason
    assert Person.objects.get(staff_number=wearers[0]["staff_number"]).shoulder_number == "4471CW"


def test_a_feed_without_the_column_keeps_the_numbers_and_a_changed_number_is_in_history():
    people = generate_people(30, seed=12)
    data = people_to_csv(people)
    run(data)
    wearer = next(p for p in people if p["shoulder_number"])
    again = run(_without_column(data))  # the shared format's columns only: nothing changes
    assert (again.created, again.updated, again.unchanged) == (0, 0, 30) and again.errors == []
    assert Person.objects.get(staff_number=wearer["staff_number"]).shoulder_number == wearer["shoulder_number"]
    wearer["shoulder_number"] = "999XY"
    changed = run(people_to_csv(people))
    assert (changed.updated, changed.unchanged) == (1, 29)
    person = Person.objects.get(staff_number=wearer["staff_number"])
    assert person.shoulder_number == "999XY"
    assert PersonEvent.objects.filter(pgh_obj=person, pgh_label="update").latest("pgh_id").shoulder_number == "999XY"


def test_a_header_with_an_unknown_column_is_still_refused():
    data = people_to_csv(generate_people(3, seed=13)).replace(b"shoulder_number", b"collar", 1)
    from workforce.services import WorkforceFileRefused

    with pytest.raises(WorkforceFileRefused, match="unexpected collar"):
        run(data)


@pytest.fixture
def wearers():
    constable = PersonFactory(surname="HOLLOWAY", forenames="JANE", rank_or_grade="PC", shoulder_number="4471CW")
    namesake = PersonFactory(surname="OKAFOR", forenames="SAM", rank_or_grade="PC", shoulder_number="4471NE")
    other = PersonFactory(surname="REED", forenames="LEE", rank_or_grade="PC", shoulder_number="44712")
    open_case = CaseFactory(reference="PSD-2026-00201", summary="Licensing tip-offs", subjects=[constable])
    restricted = CaseFactory(
        reference="PSD-2026-00202", summary="Covert operation", is_restricted=True, subjects=[namesake]
    )
    Report.objects.create(
        reference="RPT-SHLD-0001",
        received_at=timezone.now(),
        what_happened="PC 4471 takes cash from the owner of the Crown and Anchor.",
        people_described="PC 4471, licensing team",
        acknowledge_due_on=date(2026, 1, 10),
        feedback_due_on=date(2026, 2, 10),
    )
    return {"constable": constable, "namesake": namesake, "other": other, "open": open_case, "restricted": restricted}


def _refs(groups, kind):
    group = next((g for g in groups if g.kind == kind), None)
    return ({r.reference for r in group.results}, group.count) if group else None


def test_the_search_box_finds_the_wearers_their_matters_and_the_reports_naming_the_number(wearers):
    supervisor = UserFactory(role="supervisor")  # reads matters, reports and the workforce
    groups = search(supervisor, "PC 4471")
    people, _ = _refs(groups, "people")
    assert people == {wearers["constable"].staff_number, wearers["namesake"].staff_number}  # not 44712
    # the restricted matter about the namesake is neither shown nor counted
    assert _refs(groups, "cases") == ({"PSD-2026-00201"}, 1)
    assert _refs(groups, "reports") == ({"RPT-SHLD-0001"}, 1)  # written in the report's text
    assert _refs(search(supervisor, "4471cw"), "people") == ({wearers["constable"].staff_number}, 1)
    CaseAccessGrant.objects.create(case=wearers["restricted"], user=supervisor, reason="named on the operation")
    assert _refs(search(supervisor, "4471"), "cases") == ({"PSD-2026-00201", "PSD-2026-00202"}, 2)


def test_the_people_result_shows_the_number_and_the_workforce_filter_and_api_find_it(wearers):
    client = quick_sign_in(UserFactory(role="supervisor"))
    page = client.get("/search/", {"q": "PC 4471", "kind": "people"})
    assert page.status_code == 200 and "PC 4471CW" in page.content.decode()
    listing = client.get("/workforce/", {"q": "pc 4471"})
    html = listing.content.decode()
    assert listing.status_code == 200 and "Jane Holloway" in html and "Sam Okafor" in html and "Lee Reed" not in html
    person = client.get(f"/workforce/people/{wearers['constable'].public_id}/")
    assert 'data-testid="shoulder-number">4471CW<' in person.content.decode()
    data = client.get(f"/api/workforce/people/{wearers['constable'].public_id}/").json()
    assert data["shoulder_number"] == "4471CW"


def test_the_upload_page_lists_the_columns_with_the_optional_one():
    client = quick_sign_in(UserFactory(role="administrator"))
    page = client.get("/workforce/imports/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<code>staff_number</code>: required" in html and "<code>postcode</code>: optional" in html
    assert "<code>shoulder_number</code>: optional, may be left out of the file" in html
