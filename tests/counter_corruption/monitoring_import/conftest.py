"""Fixtures of the audit-extract import tests.

The rules run (counter_corruption.monitoring_rules, another part of issue 15) is replaced here by a
stand-in that marks the import complete, so these tests specify the import alone."""

import pytest
from django.utils import timezone

from accounts.choices import Role
from tests.factories import PersonFactory, UserFactory

HEADER = (
    "system,event_id,occurred_at,staff_number,action,query_type,query_text,result_surname,"
    "result_forenames,result_dob,result_postcode,result_ref,occurrence_ref,reason_text"
)


def row(event_id, *, system="PND", at="2026-10-03T23:41:07+01:00", staff="S100001", action="search",
        query_type="person", surname="Smith", forenames="John Paul", dob="1980-02-03", postcode="sw1a 1aa",
        query_text="SMITH J*", occurrence="", reason=""):  # fmt: skip
    return ",".join(
        [system, str(event_id), at, staff, action, query_type, query_text, surname, forenames, dob, postcode,
         f"REF{event_id}", occurrence, reason]
    )  # fmt: skip


def extract(tmp_path, rows, *, name="extract.csv", header=HEADER):
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def rules_stand_in(monkeypatch, settings, tmp_path):
    """The rules part is not on this branch: its start marks the import complete."""
    from counter_corruption import monitoring_rules
    from counter_corruption.models import AuditImport

    def rules_run_start(*, audit_import_id=None, months=None, reason="import"):
        AuditImport.objects.filter(id=audit_import_id).update(status="complete", finished_at=timezone.now())

    monkeypatch.setattr(monitoring_rules, "rules_run_start", rules_run_start)
    settings.MONITORING_DIR = str(tmp_path / "store")
    settings.MONITORING_RETENTION_MONTHS = 0


@pytest.fixture
def searcher():
    return PersonFactory(staff_number="S100001")


@pytest.fixture
def member():
    return UserFactory(role=Role.COUNTER_CORRUPTION, person=PersonFactory())
