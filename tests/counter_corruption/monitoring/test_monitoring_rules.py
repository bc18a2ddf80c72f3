"""The monitoring rules on hand-made events: each rule, the benign coincidences that must not
alert, one alert per searcher/rule/month, scores and reasons, and the export."""

import csv
import itertools
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection

from counter_corruption.models.monitoring import (
    AlertStatus,
    AuditImport,
    MonitoringAlert,
    MonitoringRule,
    WatchListEntry,
)
from counter_corruption.monitoring_keys import EVENTS_TABLE, ensure_partitions, forename_key, postcode_key, surname_key
from counter_corruption.monitoring_rules import rules_run_start, rules_run_to_completion
from tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db
_ids = itertools.count(1)
DAY = datetime(2026, 10, 3, 14, 0, tzinfo=UTC)


def event(searcher, *, surname="", forenames="", dob=None, postcode="", occurrence="", ref="", at=DAY, imp=1):
    """Insert one audit event as the import would store it."""
    ensure_partitions([at])
    n = next(_ids)
    imp = _import(imp)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {EVENTS_TABLE} (occurred_at, audit_import_id, line, system, event_id, staff_number, "
            "searcher_id, action, query_type, result_surname, result_forenames, result_dob, result_postcode, "
            "result_ref, occurrence_ref, surname_key, forename_key, postcode_key) "
            "VALUES (%s, %s, %s, 'PND', %s, %s, %s, 'search', 'person', %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
            [
                at,
                imp,
                n,
                f"E{n}",
                searcher.staff_number,
                searcher.id,
                surname,
                forenames,
                dob,
                postcode,
                ref,
                occurrence,
                surname_key(surname),
                forename_key(forenames),
                postcode_key(postcode),
            ],
        )
        return cursor.fetchone()[0]


def _import(number):
    """The AuditImport standing for extract ``number`` of a test."""
    return AuditImport.objects.get_or_create(filename=f"extract-{number}.csv", defaults={"path": "/tmp/x"})[0].id


def run(imp=1):
    return rules_run_to_completion(rules_run_start(audit_import_id=_import(imp)))


def alerts(rule=None):
    qs = MonitoringAlert.objects.all()
    return list(qs.filter(rule_id=rule) if rule else qs)


@pytest.fixture
def officer():
    return PersonFactory(surname="HARGREAVES", forenames="JAMES", previous_surnames=["OKONJO"], postcode="AB1 2CD")


def test_family_at_home_postcode_alerts_with_plain_reasons(officer):
    for _ in range(3):
        event(officer, surname="Hargreaves", forenames="Lily", dob=date(2001, 5, 6), postcode="ab12cd")
    event(officer, surname="Okonjo", forenames="Ada", dob=date(1950, 1, 2), postcode="AB1 2CD")
    finished = run()
    (alert,) = alerts("family")
    assert alert.events_count == 4 and finished.alerts_raised == 2  # and repeat: Lily three times
    assert alert.reasons[0].startswith("Searched a person at their own home postcode with their surname (4 times")
    assert alert.score > MonitoringRule.objects.get(code="family").weight


def test_family_surname_elsewhere_and_shared_job_do_not_alert(officer):
    other = PersonFactory()
    event(officer, surname="Hargreaves", forenames="Lily", postcode="ZZ9 9ZZ")  # another postcode
    event(officer, surname="Hargreaves", forenames="Lily", postcode="AB1 2CD", occurrence="JOB1")
    event(other, surname="Smith", forenames="Bob", occurrence="JOB1")  # others worked JOB1: a real job
    run()
    assert alerts() == []


def test_weak_event_joins_an_alert_raised_by_a_strong_one(officer):
    other = PersonFactory()
    event(other, surname="Smith", forenames="Bob", occurrence="JOB1")
    event(officer, surname="Hargreaves", forenames="Lily", postcode="AB1 2CD", occurrence="JOB1")
    event(officer, surname="Hargreaves", forenames="Tom", postcode="AB1 2CD")
    run()
    (alert,) = alerts("family")
    assert alert.events_count == 2
    assert alert.reasons[-1] == "1 on a job other officers also worked on (weaker evidence)"


def test_colleague_without_shared_job_alerts_and_with_one_does_not(officer):
    colleague = PersonFactory(surname="WINTERBOTTOM", forenames="ELIZABETH", date_of_birth=date(1990, 7, 8))
    event(colleague, surname="Nobody", forenames="Al", occurrence="JOB7")
    event(officer, surname="Winterbottom", forenames="Elizabeth", dob=date(1990, 7, 8), occurrence="JOB7")
    run()
    assert alerts("colleague") == []
    event(officer, surname="Winterbottom", forenames="Liz", dob=date(1990, 8, 7), imp=2)  # nickname, dob swapped
    run(imp=2)
    (alert,) = alerts("colleague")
    assert alert.events_count == 1 and "Winterbottom" in alert.reasons[0]


def test_namesake_colleague_with_other_dob_is_not_matched(officer):
    PersonFactory(surname="WINTERBOTTOM", forenames="ELIZABETH", date_of_birth=date(1990, 7, 8))
    event(officer, surname="Winterbottom", forenames="Elizabeth", dob=date(1963, 2, 21))
    run()
    assert alerts() == []


def test_colleague_name_without_dob_or_with_a_one_digit_slip_alone_is_weak(officer):
    elsewhere = UnitFactory(name="North BCU")  # not the searcher's unit, and not at their home
    PersonFactory(surname="WINTERBOTTOM", forenames="ELIZABETH", date_of_birth=date(1990, 7, 8), unit=elsewhere)
    event(officer, surname="Winterbottom", forenames="E")  # "WINTERBOTTOM E*": anyone of that name
    event(officer, surname="Winterbottom", forenames="Elizabeth", dob=date(1990, 7, 9))
    run()
    assert alerts() == []


def test_self_by_previous_surname_and_one_digit_dob(officer):
    event(officer, surname="Okonjo", forenames="Jim", dob=date(1985, 3, 15))
    run()
    assert [a.rule_id for a in alerts()] == ["self"]


def test_public_figure_and_namesake(officer):
    WatchListEntry.objects.create(surname="STARLING", forenames="MARCUS", date_of_birth=date(1970, 1, 1), category="x")
    event(officer, surname="Starling", forenames="Marcus", dob=date(1970, 1, 1))
    event(officer, surname="Starling", forenames="Marcus", dob=date(1999, 9, 9), imp=1)
    run()
    (alert,) = alerts("public_figure")
    assert alert.events_count == 1


def test_repeat_searches_without_occurrence(officer):
    for _ in range(3):
        event(officer, surname="Random", forenames="Rita", ref="P123")
    event(officer, surname="Random", forenames="Other", ref="P999")
    run()
    (alert,) = alerts("repeat")
    assert alert.events_count == 3


def test_one_alert_per_month_later_extract_adds_and_nfa_reopens(officer):
    event(officer, surname="Hargreaves", forenames="Lily", postcode="AB1 2CD", imp=1)
    run(imp=1)
    (alert,) = alerts("family")
    alert.status = AlertStatus.NO_FURTHER_ACTION
    alert.save()
    event(officer, surname="Hargreaves", forenames="Lily", postcode="AB1 2CD", imp=2, at=DAY + timedelta(days=1))
    run(imp=2)
    (alert,) = alerts("family")
    assert alert.events_count == 2 and alert.status == AlertStatus.OPEN
    alert.status = AlertStatus.MANAGEMENT_ACTION
    alert.save()
    event(officer, surname="Hargreaves", forenames="Lily", postcode="AB1 2CD", imp=3, at=DAY + timedelta(days=2))
    run(imp=3)
    (alert,) = alerts("family")
    assert alert.status == AlertStatus.MANAGEMENT_ACTION and alert.events_count == 3
    assert alert.reasons[-1] == "1 events after the decision"
    event(officer, surname="Hargreaves", forenames="Lily", postcode="AB1 2CD", imp=4, at=DAY + timedelta(days=40))
    run(imp=4)
    assert len(alerts("family")) == 2


def test_disabled_rule_does_not_run(officer):
    MonitoringRule.objects.filter(code="family").update(enabled=False)
    event(officer, surname="Hargreaves", forenames="Lily", postcode="AB1 2CD")
    run()
    assert alerts() == []


def test_import_completed_and_export_columns(officer, tmp_path):
    AuditImport.objects.create(filename="extract-1.csv", path="/tmp/x.csv", status="resolving")
    event(officer, surname="Hargreaves", forenames="Lily", postcode="AB1 2CD")
    event(officer, surname="Hargreaves", forenames="Tom", postcode="AB1 2CD")
    run()
    imp = AuditImport.objects.get(filename="extract-1.csv")
    assert imp.status == "complete" and imp.finished_at
    target = tmp_path / "alerts.csv"
    call_command("export_monitoring_alerts", str(target))
    rows = list(csv.DictReader(target.open()))
    assert list(rows[0]) == ["system", "event_id", "staff_number", "alert_id", "rule", "score", "reasons"]
    assert (
        len(rows) == 2 and {r["rule"] for r in rows} == {"family"} and rows[0]["staff_number"] == officer.staff_number
    )
    assert rows[0]["alert_id"] == str(alerts()[0].public_id)
    assert rows[0]["reasons"].split(";")[0].startswith("Searched a person at their own home postcode")
