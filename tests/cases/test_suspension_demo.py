import pytest
from django.utils import timezone

from cases.models import Case
from cases.suspension import suspension_rows
from demo.suspension import demo_suspension_create
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_late_decision_overdue_reviews_and_both_versions():
    today = timezone.localdate()
    UserFactory(role="appropriate_authority")
    for _ in range(5):
        PersonFactory()
    assert demo_suspension_create(today=today) == 5
    assert demo_suspension_create(today=today) == 0  # once only
    rows = suspension_rows(cases=Case.objects.all(), today=today)
    assert len(rows) == 5
    assert sum(1 for r in rows if r["late_decision"]) == 1
    assert sum(1 for r in rows if r["overdue"]) >= 2
    assert {r["version"].version for r in rows} == {"2020", "2026"}
