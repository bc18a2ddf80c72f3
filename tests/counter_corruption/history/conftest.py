"""A person with one record from every source, some of them hidden from the viewers, and the
viewers: a counter-corruption officer and an appropriate authority."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.choices import Role
from cases.models import (
    Allegation,
    AllegationCategory,
    CaseSubject,
    ConflictDeclaration,
    InterventionFlag,
    InterventionRule,
)
from counter_corruption.choices import HandlingLevel, SourceType
from counter_corruption.models import Entity, IntelLog, IntelSubject, LinkAlert, Theme
from performance.models import PerformanceCase
from reporting.models import Report, ReportPersonLink
from tests.factories import CaseFactory, PersonFactory, UserFactory
from vetting.models import ClearanceDecision, ScreeningCandidate, ScreeningHit, ScreeningRun
from vetting.models.clearances import Clearance


def allegation(person, *, reference, category="discreditable_conduct", on=date(2024, 3, 1), **case_fields):
    case = CaseFactory(reference=reference, received_date=on, **case_fields)
    subject = CaseSubject.objects.create(case=case, person=person)
    return Allegation.objects.create(
        case=case, subject=subject, category=AllegationCategory.objects.get(code=category),
        description="synthetic", incident_date=on,
    )  # fmt: skip


def intel_log(person, *, reference, level=HandlingLevel.UNIT, on=date(2025, 6, 1), themes=("drugs",), **fields):
    log = IntelLog.objects.create(
        reference=reference, received_on=on, source_type=SourceType.INTERNAL, handling_level=level,
        original_text=f"ORIGINAL {reference}", sanitised_text=f"SANITISED {reference}",
        source_evaluation="B", intelligence_assessment="2", handling_code="P", **fields,
    )  # fmt: skip
    log.themes.set(Theme.objects.filter(code__in=themes))
    IntelSubject.objects.create(log=log, person=person)
    return log


@pytest.fixture
def world(db):
    person = PersonFactory(surname="HISTORIA", forenames="DANA")
    cc = UserFactory(role=Role.COUNTER_CORRUPTION, username="cc")
    aa = UserFactory(role=Role.APPROPRIATE_AUTHORITY, username="aa")
    native = allegation(person, reference="PSD-2025-00001", category="data_misuse", on=date(2025, 2, 3))
    imported = allegation(
        person, reference="LEG-2020-0007", on=date(2020, 5, 6), from_history_import=True, category="dishonesty"
    )
    restricted = allegation(person, reference="PSD-2025-00002", on=date(2025, 3, 3), is_restricted=True)
    conflicted = allegation(person, reference="PSD-2025-00003", on=date(2025, 4, 4))
    for user in (cc, aa):
        ConflictDeclaration.objects.create(user=user, case=conflicted.case, reason="Witness")
    rule, _ = InterventionRule.objects.get_or_create(
        code="allegations_in_window", defaults={"label": "3 or more allegations in 12 months", "threshold": 3}
    )
    flag = InterventionFlag.objects.create(person=person, rule=rule, evidence={"allegations": 3})
    run = ScreeningRun.objects.create()
    candidate = ScreeningCandidate.objects.create(
        run=run, line=1, request_ref="R1", pnd_person_id="P", person=person, decision="match", score=99
    )
    hit = ScreeningHit.objects.create(
        run=run, candidate=candidate, person=person, pnd_person_id="P", record_id="PND-R-1", content_hash="1" * 64,
        category="associate_of_nominal", grade="review", record_date=date(2023, 8, 9),
    )  # fmt: skip
    clearance = Clearance.objects.create(person=person, level_id="RV", applied_on=date(2019, 1, 5))
    decision = ClearanceDecision.objects.create(
        clearance=clearance, to_state="applied", rationale="Application", decided_on=date(2019, 1, 5)
    )
    report = Report.objects.create(
        reference="RPT-HIST-0001", received_at=timezone.now(), what_happened="REPORTER WORDS",
        acknowledge_due_on=date(2026, 1, 1), feedback_due_on=date(2026, 4, 1),
    )  # fmt: skip
    ReportPersonLink.objects.create(report=report, person=person, reason="named", linked_by=UserFactory())
    performance = PerformanceCase.objects.create(
        reference="PERF-2026-00009", officer=person, kind="performance", concerns="Late files",
        attention_date=date(2026, 1, 5),
    )  # fmt: skip
    unit_log = intel_log(person, reference="INT-2025-00001")
    named_only = intel_log(person, reference="INT-2025-00002", level=HandlingLevel.NAMED, themes=("apsp",))
    entity = Entity.objects.create(kind="phone", key="07700900001", display="07700 900001", is_nominal=True)
    alert = LinkAlert.objects.create(person=person, entity=entity)
    return {
        "person": person, "cc": cc, "aa": aa, "native": native, "imported": imported, "restricted": restricted,
        "conflicted": conflicted, "flag": flag, "hit": hit, "decision": decision, "report": report,
        "performance": performance, "unit_log": unit_log, "named_only": named_only, "alert": alert,
    }  # fmt: skip


def add_role(user, role):
    user.groups.add(Group.objects.get(name=role))
