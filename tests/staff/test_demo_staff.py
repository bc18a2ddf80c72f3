"""The demo's police staff matters: several stages, each reached through the procedure's services."""

from datetime import date

import pytest

from cases.models import CaseSubject
from demo.staff import MATTERS, demo_staff_create
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_has_police_staff_matters_at_every_stage_under_both_policy_versions():
    for role in ("investigator", "appropriate_authority", "hearings_officer"):
        UserFactory(role=role)
    for _ in MATTERS:
        PersonFactory(person_type="staff", rank_or_grade="Staff grade 4")
    assert demo_staff_create(today=date(2026, 6, 17)) == len(MATTERS)
    subjects = CaseSubject.objects.filter(person__person_type="staff")
    stages = set(subjects.values_list("stage", flat=True))
    assert {"received", "under_investigation", "awaiting_decision", "referred", "outcome_recorded",
            "under_appeal", "closed"} <= stages  # fmt: skip
    versions = {d.rule_version.version for s in subjects for d in s.staff_decisions.all()}
    assert versions == {"force-2020", "force-2025"}
    assert not subjects.filter(forum__in=["meeting", "hearing", "accelerated_hearing"]).exists()
