"""The intelligence services: recording (also from a report), entity resolution, 3x5x2 grading,
sanitising, tasking, operation and outcomes; every write in history with who and why."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.choices import Role
from cases.models import CaseAccessGrant
from cases.selectors import cases_visible_to
from counter_corruption.entity_keys import EntityKeyError, entity_key
from counter_corruption.intel_services import (
    EntityInput,
    intel_classify,
    intel_grade,
    intel_grant_revoke,
    intel_log_record_from_report,
    intel_operation_develop,
    intel_outcome_record,
    intel_task,
)
from counter_corruption.models import Entity, IntelLog
from tests.factories import PersonFactory, UserFactory

from .conftest import assessed, record

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "kind, raw, attributes, key",
    [
        ("phone", "+44 7700 900123", {}, "07700900123"),
        ("phone", "07700-900 123", {}, "07700900123"),
        ("vehicle", "ab12 cde", {}, "AB12CDE"),
        ("person", "Dean  Marsh", {"date_of_birth": "1984-03-02"}, "MARSH|DEAN|1984-03-02"),
        ("address", "12 Mill Street, Leeds LS1 1AA", {}, "LS11AA|12"),
        ("business", "Blue Lantern Leisure Ltd.", {}, "BLUE LANTERN LEISURE"),
    ],
)
def test_entity_keys_normalise_the_same_thing_written_differently(kind, raw, attributes, key):
    assert entity_key(kind, raw, attributes)[0] == key


def test_an_entity_with_no_usable_key_is_refused():
    with pytest.raises(EntityKeyError):
        entity_key("phone", "call me")
    with pytest.raises(EntityKeyError):
        entity_key("address", "Somewhere in Leeds")


def test_recording_resolves_entities_to_one_row_per_normalised_key(officer):
    first = record(officer, [PersonFactory()], entities=[EntityInput(kind="phone", raw="07700 900123")])
    second = record(
        officer, [PersonFactory()], entities=[EntityInput(kind="phone", raw="+44 (0)7700-900123".replace("(0)", ""))]
    )
    assert Entity.objects.filter(kind="phone").count() == 1
    assert first.entity_mentions.get().entity == second.entity_mentions.get().entity
    assert first.reference.startswith("INT-2026-") and first.status == "received"


def test_a_unit_member_cannot_record_intelligence_about_their_own_line_manager(officer):
    manager = PersonFactory()
    member = UserFactory(role=Role.COUNTER_CORRUPTION, person=PersonFactory(line_manager=manager))
    with pytest.raises(ValidationError) as refused:
        record(member, [manager])
    assert "subjects" in refused.value.message_dict
    assert not IntelLog.objects.exists()


def test_only_the_unit_records_intelligence():
    with pytest.raises(ValidationError):
        record(UserFactory(role=Role.INVESTIGATOR), [PersonFactory()])


def test_handling_code_c_requires_its_conditions_and_grades_must_be_3x5x2(officer):
    log = record(officer, [PersonFactory()])
    with pytest.raises(ValidationError) as refused:
        intel_grade(actor=officer, log=log, source_evaluation="E", intelligence_assessment="6",
                    handling_code="C", reason="")  # fmt: skip
    assert set(refused.value.message_dict) == {
        "source_evaluation", "intelligence_assessment", "handling_conditions", "reason",
    }  # fmt: skip
    intel_grade(actor=officer, log=log, source_evaluation="A", intelligence_assessment="1", handling_code="C",
                handling_conditions="Not to be shared with the subject's BCU", reason="reliable CHIS")  # fmt: skip
    log.refresh_from_db()
    assert log.grading == "A1C" and log.status == "received"  # not yet sanitised


def test_a_legacy_grading_is_kept_as_imported(officer):
    log = record(officer, [PersonFactory()], legacy_grading="B2/4")
    assert log.grading == "B2/4"


def test_a_log_cannot_be_tasked_before_it_is_sanitised_and_a_passed_review_shows_as_overdue(officer):
    log = record(officer, [PersonFactory()])
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="Grade"):
        intel_task(actor=officer, log=log, owner=officer, tasking="Audit PNC use", review_on=today + timedelta(days=28),
                   reason="corroborate")  # fmt: skip
    log = assessed(officer, [PersonFactory()])
    assert log.status == "assessed"
    outsider = UserFactory(role=Role.INVESTIGATOR)
    with pytest.raises(ValidationError) as refused:
        intel_task(actor=officer, log=log, owner=outsider, tasking="x", review_on=today + timedelta(days=1), reason="x")
    assert "owner" in refused.value.message_dict
    log = intel_task(actor=officer, log=log, owner=officer, tasking="Audit PNC use", reason="corroborate",
                     review_on=today + timedelta(days=14), tasked_on=today - timedelta(days=30))  # fmt: skip
    assert log.status == "tasked" and not log.review_overdue(today)
    assert log.review_overdue(today + timedelta(days=15))


def test_recording_from_a_report_links_it_and_takes_its_text_and_linked_people(officer):
    from reporting.models import Report, ReportPersonLink

    person = PersonFactory()
    report = Report.objects.create(
        reference="RPT-TEST-0001", received_at=timezone.now() - timedelta(days=2), what_happened="Takes cash",
        where_happened="Mill Street", acknowledge_due_on=date(2026, 11, 8), feedback_due_on=date(2027, 2, 1),
    )  # fmt: skip
    ReportPersonLink.objects.create(report=report, person=person, reason="named", linked_by=officer)
    log = intel_log_record_from_report(actor=officer, report_reference=report.reference)
    assert log.report == report and log.source_type == "reporting_line"
    assert "Takes cash" in log.original_text and "Where: Mill Street" in log.original_text
    assert [s.person for s in log.subjects.all()] == [person]
    with pytest.raises(ValidationError):
        intel_log_record_from_report(actor=officer, report_reference="RPT-NONE-0000")


def test_an_operation_is_a_restricted_case_only_the_named_unit_members_see(officer):
    colleague = UserFactory(role=Role.COUNTER_CORRUPTION)
    bystander = UserFactory(role=Role.COUNTER_CORRUPTION)
    log = assessed(officer, [PersonFactory()])
    log = intel_operation_develop(actor=officer, log=log, name="KESTREL", members=[colleague], reason="pattern")
    case = log.operation
    assert log.status == "operation" and case.is_restricted and case.source == "intelligence"
    assert set(CaseAccessGrant.objects.filter(case=case).values_list("user", flat=True)) == {officer.pk, colleague.pk}
    assert cases_visible_to(user=colleague).filter(pk=case.pk).exists()
    assert not cases_visible_to(user=bystander).filter(pk=case.pk).exists()
    assert not cases_visible_to(user=UserFactory(role=Role.INVESTIGATOR)).filter(pk=case.pk).exists()


def test_outcomes_need_reasons_and_a_conduct_matter_needs_the_sanitised_text(officer):
    log = record(officer, [PersonFactory()])
    intel_grade(actor=officer, log=log, source_evaluation="C", intelligence_assessment="4", handling_code="P",
                reason="unreliable")  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        intel_outcome_record(actor=officer, log=log, outcome="conduct", reason="x")
    assert "outcome" in refused.value.message_dict
    with pytest.raises(ValidationError):
        intel_outcome_record(actor=officer, log=log, outcome="nfa", reason=" ")
    log = intel_outcome_record(actor=officer, log=log, outcome="nfa", reason="Not corroborated after audit")
    assert log.status == "closed" and log.outcome == "nfa" and log.case is None
    with pytest.raises(ValidationError, match="closed"):
        intel_outcome_record(actor=officer, log=log, outcome="management", reason="again")


def test_every_write_is_in_history_with_who_and_why(officer):
    import pghistory.models

    log = assessed(officer, [PersonFactory()])
    intel_classify(actor=officer, log=log, themes=["disclosure"], at_risk="vulnerable_adult", handling_level="named",
                   reason="restricted: source protection")  # fmt: skip
    events = pghistory.models.Events.objects.references(log).filter(pgh_model="counter_corruption.IntelLogEvent")
    contexts = [e.pgh_context for e in events if e.pgh_context]
    assert any(c.get("reason") == "restricted: source protection" and c.get("user") == officer.pk for c in contexts)
    assert any(c.get("reason", "").startswith("untested source") for c in contexts)


def test_a_named_log_keeps_at_least_one_named_person(officer):
    log = record(officer, [PersonFactory()], handling_level="named")
    with pytest.raises(ValidationError):
        intel_grant_revoke(actor=officer, log=log, user=officer, reason="leaving")
