from datetime import date

import pytest

from cases import services
from cases.models import AllegationCategory, CaseSubject, Standard
from cases.services import allegation_add, case_open, subject_add
from tests.factories import PersonFactory, UserFactory

# A matter on each side of 28 May 2025 (SI 2025/558 reg 64: the date it came to attention decides)
BEFORE = date(2025, 3, 3)
AFTER = date(2025, 7, 1)
SIDES = [
    pytest.param(BEFORE, "2020", id="came-to-attention-before-28-May-2025"),
    pytest.param(AFTER, "si-2025-558", id="after"),
]


@pytest.fixture
def people(db):
    return {
        "investigator": UserFactory(role="investigator", first_name="Ivy", last_name="Investigator"),
        "authority": UserFactory(role="appropriate_authority", first_name="Ada", last_name="Authority"),
        "hearings": UserFactory(role="hearings_officer", first_name="Hal", last_name="Hearings"),
    }


@pytest.fixture
def matter(people):
    def make(received, rank="PC", incident=None, person_type="officer"):
        actor = people["investigator"]
        case = case_open(actor=actor, source="conduct_matter", received_date=received, summary="Assault off duty")
        subject = subject_add(actor=actor, case=case, person=PersonFactory(rank_or_grade=rank, person_type=person_type))
        allegation_add(
            actor=actor,
            subject=subject,
            category=AllegationCategory.objects.get(code="data_misuse"),
            standards=list(Standard.objects.filter(number__in=[1, 7])),
            description="Synthetic allegation for the dismissals tests.",
            incident_date=incident or received,
            incident_place="Central West BCU",
        )
        return case, CaseSubject.objects.get(pk=subject.pk)

    return make


@pytest.fixture
def awaiting_decision(people, matter):
    """A gross misconduct matter whose investigation report is in: the case-to-answer decision is next."""

    def make(received, rank="PC"):
        case, subject = matter(received, rank=rank)
        aa, inv = people["authority"], people["investigator"]
        services.severity_assess(
            actor=aa, subject=subject, severity="gross_misconduct", likely_forum="hearing", rationale="Serious"
        )
        services.investigator_appoint(actor=aa, case=case, investigator=inv, reason="Free")
        subject = CaseSubject.objects.get(pk=subject.pk)
        services.reg17_notice_serve(actor=inv, subject=subject, served_on=received)
        services.investigation_report_submit(actor=inv, case=case, summary="Findings")
        return case, CaseSubject.objects.get(pk=subject.pk)

    return make


@pytest.fixture
def referred(people, awaiting_decision):
    """Referred to a misconduct hearing for gross misconduct."""

    def make(received, rank="PC", forum="hearing"):
        case, subject = awaiting_decision(received, rank=rank)
        services.case_to_answer_decide(
            actor=people["authority"], subject=subject, case_to_answer=True, route=forum, rationale="Case to answer"
        )
        return case, CaseSubject.objects.get(pk=subject.pk)

    return make
