"""The planted cluster is found by the link alerts, whatever the seed and the date."""

from datetime import date

import pytest

from counter_corruption.models import Entity, LinkAlert
from demo.links import demo_links_create
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("seed", "today"), [(1, date(2026, 12, 1)), (2, date(2027, 3, 15))])
def test_three_officers_around_one_nominal_are_each_alerted(seed, today):
    PersonFactory.create_batch(12)
    made = demo_links_create(seed=seed, today=today)
    nominal = Entity.objects.get(kind="person", is_nominal=True)
    assert nominal.display == "Kieran Ashdown (born 1986-07-19)"
    alerted = set(LinkAlert.objects.filter(entity=nominal).values_list("person__staff_number", flat=True))
    assert alerted == set(made["staff_numbers"])
    assert {link.source_kind for link in nominal.links.all()} == {"intelligence", "screening"}
    # a second seeding changes nothing
    demo_links_create(seed=seed, today=today)
    assert LinkAlert.objects.filter(entity=nominal).count() == 3
