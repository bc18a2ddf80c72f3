from datetime import date

import pytest

from cases.models import AllegationCategory, Standard
from cases.services import allegation_add, case_open, subject_add
from tests.factories import PersonFactory, UserFactory


@pytest.fixture
def people(db):
    return {
        "investigator": UserFactory(role="investigator", first_name="Ivy", last_name="Investigator"),
        "authority": UserFactory(role="appropriate_authority", first_name="Ada", last_name="Authority"),
        "hearings": UserFactory(role="hearings_officer"),
    }


@pytest.fixture
def matter(people):
    """A matter with one subject (a PC) and one allegation, as recorded at intake."""

    def make(category="data_misuse", person=None, received=date(2026, 3, 2), **allegation):
        actor = people["investigator"]
        case = case_open(
            actor=actor, source="conduct_matter", received_date=received, summary="Alleged misuse of police systems"
        )
        subject = subject_add(actor=actor, case=case, person=person or PersonFactory(rank_or_grade="PC"))
        allegation_add(
            actor=actor,
            subject=subject,
            category=AllegationCategory.objects.get(code=category),
            standards=list(Standard.objects.filter(number__in=[1, 7])),
            description="Searched police systems for a former partner's address without a policing purpose.",
            incident_date=date(2026, 2, 20),
            incident_place="Central West BCU",
            **allegation,
        )
        return case, subject

    return make
