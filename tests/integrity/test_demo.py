"""The demo registers: for seeds 1 and 2 and different 'today' dates, ~150 business interests in
every state with 20 overdue reviews in the approver's queue, and the demo member of staff's own."""

from datetime import date

import pytest

from accounts.choices import Role
from demo.registers import demo_registers_create
from integrity.choices import EntryStatus
from integrity.models import BusinessInterest, CircumstanceChange, GiftHospitality, NotifiableAssociation
from integrity.selectors import overdue_reviews
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("seed", "today"), [(1, date(2026, 12, 1)), (2, date(2027, 3, 15))])
def test_demo_registers_fill_every_state_with_overdue_reviews(seed, today):
    PersonFactory.create_batch(40)
    approver = UserFactory(username="approver", role=Role.INTEGRITY_APPROVER)
    staff = UserFactory(username="staff")
    staff.person = PersonFactory()
    staff.save()
    made = demo_registers_create(seed=seed, today=today)
    assert 140 <= made["business_interests"] <= 160 and made["reminders"] == 20
    statuses = set(BusinessInterest.objects.values_list("status", flat=True))
    assert statuses == {EntryStatus.AWAITING, EntryStatus.DECIDED, EntryStatus.REVIEW_DUE}
    assert set(BusinessInterest.objects.exclude(decision="").values_list("decision", flat=True)) == {
        "approved", "conditions", "refused",
    }  # fmt: skip
    assert overdue_reviews(user=approver, today=today).count() == 20
    assert (
        NotifiableAssociation.objects.count() and GiftHospitality.objects.count() and CircumstanceChange.objects.count()
    )
    assert BusinessInterest.objects.filter(person=staff.person).count() == 1
    assert GiftHospitality.objects.filter(person=staff.person).count() == 1
    assert demo_registers_create(seed=seed, today=today)["business_interests"] == 0  # once only
