"""Entity resolution: every spelling of one phone, vehicle, e-mail, business, address or outside
person comes to one key; a name without a date of birth is never merged with a dated one."""

import pytest

from counter_corruption.links import entity_resolve
from counter_corruption.links_resolve import entity_key, person_match
from counter_corruption.models import Entity

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "raw", ["07700 900123", "07700900123", "+44 7700 900123", "+44 (0)7700 900123", "0044 7700 900123", "447700900123",
            "07700-900-123", "(07700) 900 123"],
)  # fmt: skip
def test_every_way_of_writing_a_uk_mobile_is_one_phone(raw):
    assert entity_key("phone", raw) == ("07700900123", "07700 900123")


def test_a_number_that_is_too_short_is_not_a_phone():
    assert entity_key("phone", "0770 090") is None


def test_a_number_abroad_keeps_its_country_code():
    assert entity_key("phone", "+33 6 12 34 56 78")[0] == "+33612345678"


@pytest.mark.parametrize("raw", ["AB12 CDE", "ab12cde", " AB12-CDE ", "ab 12 cde"])
def test_a_registration_is_upper_case_without_spaces(raw):
    assert entity_key("vehicle", raw) == ("AB12CDE", "AB12 CDE")


def test_e_mail_and_business_normalise():
    assert entity_key("email", " Dean.Marsh@Example.COM ")[0] == "dean.marsh@example.com"
    assert entity_key("business", "Marsh & Sons Ltd")[0] == entity_key("business", "MARSH AND SONS LIMITED")[0]


def test_an_address_is_its_postcode_and_house_number():
    one = entity_key("address", "14 Larch Road, Leeds LS6 2QT")[0]
    assert one == "LS62QT|14"
    assert entity_key("address", "14, larch rd, ls62qt")[0] == one
    assert entity_key("address", "16 Larch Road, Leeds LS6 2QT")[0] != one


@pytest.mark.parametrize("raw", ["Robert Marsh", "MARSH, Robert", "Mr Bob Marsh", "bobby marsh", "Rob MARSH"])
def test_nicknames_titles_and_surname_first_are_one_person(raw):
    assert (
        entity_key("person", raw, {"date_of_birth": "1984-03-02"})[0]
        == entity_key("person", "Robert Marsh", {"date_of_birth": "1984-03-02"})[0]
    )


def test_a_date_of_birth_with_a_typo_resolves_to_the_person_already_known():
    known = entity_resolve(kind="person", raw="Kieran Ashdown", attributes={"date_of_birth": "1986-07-19"})
    for born in ("1986-07-18", "1987-07-19", "19/07/1986", "1986-07-19"):
        same = entity_resolve(kind="person", raw="ASHDOWN, Kieran", attributes={"date_of_birth": born})
        assert same.id == known.id, born
    assert Entity.objects.filter(kind="person").count() == 1


def test_day_and_month_swapped_is_the_same_person():
    known = entity_resolve(kind="person", raw="Dean Marsh", attributes={"date_of_birth": "1984-03-02"})
    assert entity_resolve(kind="person", raw="Dean Marsh", attributes={"date_of_birth": "1984-02-03"}).id == known.id


def test_a_different_person_of_the_same_name_stays_apart():
    known = entity_resolve(kind="person", raw="Dean Marsh", attributes={"date_of_birth": "1984-03-02"})
    other = entity_resolve(kind="person", raw="Dean Marsh", attributes={"date_of_birth": "1961-11-27"})
    assert other.id != known.id


def test_a_name_without_a_date_of_birth_is_never_merged_with_a_dated_one():
    known = entity_resolve(kind="person", raw="Dean Marsh", attributes={"date_of_birth": "1984-03-02"})
    assert entity_resolve(kind="person", raw="Dean Marsh").id != known.id
    details = {"forename": "DEAN", "surname": "MARSH", "sound": "M62", "date_of_birth": ""}
    assert person_match(details, [(known.key, known.attributes)]) is None
