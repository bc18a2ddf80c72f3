from datetime import date

import pytest

from accounts.choices import Role
from cases.models import AllegationCategory, Standard
from cases.services import allegation_add, case_open, investigator_appoint, subject_add
from tests.factories import PersonFactory, UserFactory


@pytest.fixture
def investigator(db):
    return UserFactory(role=Role.INVESTIGATOR, first_name="Dana", last_name="Reyes")


@pytest.fixture
def supervisor(db):
    return UserFactory(role=Role.SUPERVISOR, first_name="Sam", last_name="Okafor")


@pytest.fixture
def matter(investigator, supervisor):
    """An open matter about a PC, investigated by `investigator` (received 2 March 2026)."""

    def make(received=date(2026, 3, 2), person=None, incident=date(2026, 2, 27)):
        case = case_open(
            actor=investigator, source="conduct_matter", received_date=received, summary="Misuse of police systems"
        )
        subject = subject_add(actor=investigator, case=case, person=person or PersonFactory(rank_or_grade="PC"))
        allegation_add(
            actor=investigator,
            subject=subject,
            category=AllegationCategory.objects.get(code="data_misuse"),
            standards=[Standard.objects.get(number=6)],
            description="Searched the records of a neighbour",
            incident_date=incident,
        )
        investigator_appoint(actor=supervisor, case=case, investigator=investigator, reason="Capacity")
        return case

    return make
