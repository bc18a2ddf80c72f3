"""The registers on a person's integrity history (core.timeline) and in the link analysis
(core.entities), each through the registers' own need-to-know."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from integrity.entities import entity_mentions
from integrity.history import history_entries

from .conftest import declare_association, declare_business, declare_change, declare_gift, staff_user

pytestmark = pytest.mark.django_db


def test_history_entries_carry_themes_and_respect_need_to_know(approver):
    declarer = staff_user()
    association, debt = declare_association(declarer), declare_change(declarer)
    declare_business(declarer)
    entries = {e.reference: e for e in history_entries(user=approver, person=declarer.person)}
    assert len(entries) == 3
    assert entries[association.reference].themes == ("inappropriate_association",)
    assert entries[debt.reference].themes == ("vulnerability",)
    assert entries[debt.reference].happened_on == date(2026, 10, 1)
    assert entries[debt.reference].url.endswith(f"/integrity/changes/{debt.public_id}/")
    assert history_entries(user=staff_user(), person=declarer.person) == []  # a colleague sees nothing
    assert len(history_entries(user=declarer, person=declarer.person)) == 3  # their own


def test_entity_mentions_offer_outside_people_addresses_and_businesses_never_gift_givers():
    declarer = staff_user()
    association, interest, gift = declare_association(declarer), declare_business(declarer), declare_gift(declarer)
    mentions = list(entity_mentions())
    seen = {(m.kind, m.raw, m.source_id) for m in mentions}
    assert ("person", "Dean Marsh", str(association.public_id)) in seen
    assert ("address", "12 Elm Road, Bristol BS5 6TT", str(association.public_id)) in seen
    assert ("business", "Marsh Logistics Ltd", str(interest.public_id)) in seen
    # who offered a gift is free text ("a grateful victim's family"): never resolved into a link
    assert str(gift.public_id) not in {m.source_id for m in mentions}
    assert {m.source_kind for m in mentions} == {"register"} and {m.person_id for m in mentions} == {declarer.person_id}
    dean = next(m for m in mentions if m.raw == "Dean Marsh")
    assert dean.attributes == {"date_of_birth": "1984-03-02"}
    assert list(entity_mentions(since=timezone.now() + timedelta(minutes=1))) == []
