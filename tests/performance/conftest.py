from datetime import date

import pytest

from accounts.choices import Role
from tests.factories import PersonFactory, UserFactory

BEFORE = date(2025, 5, 27)  # came to attention the day before SI 2025/558 commenced
AFTER = date(2025, 5, 28)  # on the day it commenced


@pytest.fixture
def chain():
    """An inspector over a sergeant over a constable; users for the sergeant (line manager), the
    inspector, the constable themself, and the appropriate authority."""
    inspector = PersonFactory(rank_or_grade="INSP", surname="INSPECTOR")
    sergeant = PersonFactory(rank_or_grade="PS", line_manager=inspector, surname="SERGEANT")
    officer = PersonFactory(rank_or_grade="PC", line_manager=sergeant, surname="CONSTABLE")
    return {
        "inspector": inspector,
        "sergeant": sergeant,
        "officer": officer,
        "line_manager": UserFactory(role=Role.SUPERVISOR, person=sergeant, first_name="Sam", last_name="Sergeant"),
        "second_line": UserFactory(role=Role.SUPERVISOR, person=inspector, first_name="Ivy", last_name="Inspector"),
        "officer_user": UserFactory(role=Role.SUPERVISOR, person=officer),
        "authority": UserFactory(role=Role.APPROPRIATE_AUTHORITY, person=PersonFactory(rank_or_grade="SUPT")),
    }
