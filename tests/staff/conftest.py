from datetime import date, timedelta

import pytest

from cases import services
from cases.models import AllegationCategory, CaseSubject, Standard
from core.working_days import add_working_days
from tests.factories import PersonFactory, UserFactory


@pytest.fixture
def people(db):
    return {
        "investigator": UserFactory(role="investigator", first_name="Ivy", last_name="Investigator"),
        "authority": UserFactory(role="appropriate_authority", first_name="Ada", last_name="Authority"),
        "hearings": UserFactory(role="hearings_officer", first_name="Hal", last_name="Hearings"),
        "supervisor": UserFactory(role="supervisor", first_name="Sue", last_name="Supervisor"),
    }


def fresh(subject) -> CaseSubject:
    return CaseSubject.objects.select_related("person", "case").get(pk=subject.pk)


@pytest.fixture
def matter(people):
    """A matter about one person (police staff unless told), as recorded at intake."""

    def make(*, received=date(2026, 3, 2), person_type="staff", grade="Staff grade 5"):
        actor = people["investigator"]
        case = services.case_open(
            actor=actor, source="conduct_matter", received_date=received, summary="Alleged misuse of police systems"
        )
        person = PersonFactory(person_type=person_type, rank_or_grade=grade)
        subject = services.subject_add(actor=actor, case=case, person=person)
        services.allegation_add(
            actor=actor,
            subject=subject,
            category=AllegationCategory.objects.get(code="data_misuse"),
            standards=list(Standard.objects.filter(number__in=[1, 7])),
            description="Searched force systems for a neighbour's address without a business reason.",
            incident_date=received - timedelta(days=10),
            incident_place="Control room",
        )
        return case, fresh(subject)

    return make


@pytest.fixture
def referred(people, matter):
    """A police staff matter taken through assessment, investigation and the decision to a hearing."""
    from hearings.staff import services as staff

    def make(*, received=date(2026, 3, 2), severity="misconduct"):
        case, subject = matter(received=received)
        aa, inv = people["authority"], people["investigator"]
        staff.staff_assess(
            actor=aa, subject=subject, severity=severity, rationale="Deliberate searches", assessed_on=received
        )
        services.investigator_appoint(actor=aa, case=case, investigator=inv, reason="Free", appointed_on=received)
        subject = fresh(subject)
        served = received + timedelta(days=1)
        services.reg17_notice_serve(actor=inv, subject=subject, served_on=served)
        services.reg18_response_record(actor=inv, subject=fresh(subject), received_on=add_working_days(served, 3))
        services.investigation_report_submit(
            actor=inv, case=case, summary="The audit shows 14 searches.", submitted_on=add_working_days(served, 20)
        )
        staff.staff_decide(
            actor=aa,
            subject=fresh(subject),
            decision="hearing",
            reasons="The searches are admitted; a hearing is needed.",
            decided_on=add_working_days(served, 22),
        )
        return case, fresh(subject)

    return make
