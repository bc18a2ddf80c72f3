"""The monitoring rules' known people beyond the workforce: declared and undeclared associations,
complainants in the searcher's own conduct matters; peer volume as evidence; the sweep."""

from datetime import date

import pytest
from django.utils import timezone

from cases.models import Allegation, AllegationCategory
from counter_corruption.models import Entity, EntityLink
from counter_corruption.models.monitoring import AuditImport, RulesChunk, RulesRun
from counter_corruption.monitoring_rules import rules_chunk_run, rules_run_start, rules_runs_sweep
from integrity.models import NotifiableAssociation
from tests.counter_corruption.monitoring.test_monitoring_rules import alerts, event, run
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return PersonFactory(surname="HARGREAVES", forenames="JAMES", postcode="AB1 2CD")


def test_declared_association(officer):
    NotifiableAssociation.objects.create(
        person=officer,
        declared_on=date(2026, 1, 5),
        associate_name="Dean Marlowe",
        associate_date_of_birth=date(1980, 4, 4),
        relationship="friend",
        how_known="school",
        their_record="none",
    )
    event(officer, surname="MARLOWE", forenames="Dean", dob=date(1980, 4, 4))
    other = PersonFactory()
    event(other, surname="MARLOWE", forenames="Dean", dob=date(1980, 4, 4))  # not their associate
    run()
    (alert,) = alerts("association")
    assert alert.searcher == officer and "declared association Dean Marlowe" in alert.reasons[0]


def test_undeclared_association_from_link_analysis(officer):
    entity = Entity.objects.create(kind="person", key="CROWE|RUSSELL|1975-06-01", display="Russell Crowe")
    EntityLink.objects.create(entity=entity, person=officer, source_kind="intelligence", source_id="x")
    event(officer, surname="Crowe", forenames="R", dob=date(1975, 6, 1))
    run()
    (alert,) = alerts("association")
    assert "not declared" in alert.reasons[0]


def test_complainant_in_own_conduct_matter(officer):
    case = CaseFactory(subjects=[officer])
    Allegation.objects.create(
        case=case,
        subject=case.case_subjects.get(),
        category=AllegationCategory.objects.get(code="violence"),
        description="x",
        complainant_name="Priya Chandrasekar",
    )
    event(officer, surname="Chandrasekar", forenames="Priya", dob=date(1991, 1, 1), postcode="N1 1AA")
    run()
    (alert,) = alerts("self_subject_complainant")
    assert alert.score >= 85


def test_volume_is_evidence_not_an_alert(officer):
    peers = [PersonFactory(unit=officer.unit) for _ in range(4)]
    for peer in peers:
        for i in range(10):
            event(peer, surname=f"Person{i}", forenames="Al", occurrence=f"J{peer.id}-{i}")
    for i in range(60):
        event(officer, surname=f"Someone{i}", forenames="Al", occurrence=f"K{i}")
    event(officer, surname="Hargreaves", forenames="Lily", postcode="AB1 2CD")
    run()
    (alert,) = alerts()
    assert alert.rule_id == "family"
    assert any(r.startswith("Far more person searches than others") for r in alert.reasons)


def test_sweep_reenqueues_stale_chunks_and_finishes_a_done_run(officer):
    event(officer, surname="Hargreaves", forenames="Lily", postcode="AB1 2CD")
    started = rules_run_start(audit_import_id=AuditImport.objects.get().id)
    RulesChunk.objects.filter(run=started).update(enqueued_at=None)
    assert rules_runs_sweep() == 1
    (chunk,) = RulesChunk.objects.filter(run=started)
    RulesChunk.objects.filter(id=chunk.id).update(done_at=timezone.now())  # done, the finish lost
    rules_runs_sweep()
    assert RulesRun.objects.get(id=started.id).finished_at is not None
    assert rules_chunk_run(chunk.id) == 0  # claimed once
    assert rules_run_start(audit_import_id=AuditImport.objects.get().id) == started  # an import's run once
