from datetime import date
from decimal import Decimal

import pytest

from accounts.choices import Role
from integrity.models import BusinessInterestCategory, CircumstanceKind
from integrity.registers import ASSOCIATIONS, BUSINESS_INTERESTS, CHANGES, GIFTS
from integrity.services import entry_declare
from tests.conftest import quick_sign_in
from tests.factories import PersonFactory, UserFactory


@pytest.fixture
def chain():
    """superintendent <- inspector <- sergeant <- constable (line management)."""
    supt = PersonFactory(rank_or_grade="SUPT")
    insp = PersonFactory(rank_or_grade="INSP", line_manager=supt)
    sgt = PersonFactory(rank_or_grade="PS", line_manager=insp)
    pc = PersonFactory(rank_or_grade="PC", line_manager=sgt)
    return {"supt": supt, "insp": insp, "sgt": sgt, "pc": pc}


def staff_user(person=None, role=None):
    user = UserFactory(role=role)
    user.person = person or PersonFactory()
    user.save()
    return user


@pytest.fixture
def approver():
    return staff_user(role=Role.INTEGRITY_APPROVER)


def business_data(**overrides):
    data = {
        "category": BusinessInterestCategory.objects.get(code="directorship"),
        "business_name": "Marsh Logistics Ltd",
        "business_address": "4 Quay Street, Bristol BS1 4AB",
        "activity": "Non-executive director, two board meetings a month",
        "hours_per_week": Decimal("2.0"),
        "payment": "£300 a month",
        "conflict_statement": "The company holds no contracts with the force.",
    }
    return data | overrides


def declare_business(user, **overrides):
    return entry_declare(actor=user, register=BUSINESS_INTERESTS, data=business_data(**overrides))


def declare_association(user):
    return entry_declare(
        actor=user, register=ASSOCIATIONS,
        data={"associate_name": "Dean Marsh", "associate_date_of_birth": date(1984, 3, 2),
              "associate_address": "12 Elm Road, Bristol BS5 6TT", "relationship": "friend",
              "how_known": "School friend; we meet monthly.", "their_record": "Convicted of burglary in 2019."},
    )  # fmt: skip


def declare_gift(user, value="120.00", accepted=True):
    return entry_declare(
        actor=user, register=GIFTS,
        data={"offered_by": "Harbour Hotel (manager)", "description": "Dinner for two", "estimated_value": Decimal(value),
              "offered_on": date(2026, 11, 2), "accepted": accepted, "reason": "Thanks for a talk to staff."},
    )  # fmt: skip


def declare_change(user, kind="financial_difficulty"):
    return entry_declare(
        actor=user, register=CHANGES,
        data={"kind": CircumstanceKind.objects.get(code=kind), "changed_on": date(2026, 10, 1),
              "details": "A county court judgment for £4,200."},
    )  # fmt: skip


@pytest.fixture
def signed_in():
    return quick_sign_in
