"""A person's integrity history at national scale: `python -m bench.integrity_history`.

Reuses the national-scale workforce and conduct matters of `bench.queues` (250,000 people, about
600,000 matters with 1,000,000 allegations; generated here the same way when the bench database has
none), adds the other sources at scale with set-based SQL (200,000 intelligence logs, 100,000
screening hits, 50,000 reporting-line reports naming people, early-intervention flags, link
alerts), then gives one officer exactly 200 records across every source and measures the history
page (server time, the Django view through the test client, access event included) and its API
for a counter-corruption officer: median and p95, and the number of queries per page.
Target (issue 14): p95 under 200 ms. Pass --keep to reuse the data of an earlier run.
"""

import argparse
import json
import statistics
import time

from bench._setup import django_for_bench

TARGET_PERSON = "NBIH0001"
# the target officer's 200 records
ALLEGATIONS, INTELLIGENCE, HITS, REPORTS, FLAGS, ALERTS = 110, 40, 20, 15, 5, 10

BACKGROUND = [
    "SET session_replication_role = replica",
    """TRUNCATE counter_corruption_intelsubject, counter_corruption_intellog_themes, counter_corruption_intellog,
       counter_corruption_linkalert_other_people, counter_corruption_linkalert, counter_corruption_entity,
       vetting_screeninghit, vetting_screeningcandidate, vetting_screeningrun, reporting_reportpersonlink,
       reporting_report, cases_interventionflag CASCADE""",
    """INSERT INTO counter_corruption_intellog (public_id, reference, status, received_on, source_type, source_evaluation,
         intelligence_assessment, handling_code, handling_conditions, legacy_grading, handling_level, original_text,
         sanitised_text, at_risk, created_at, updated_at, outcome, outcome_reason, tasking)
       SELECT gen_random_uuid(), 'INT-B-' || g, 'assessed', current_date - (g % 3000),
              (ARRAY['internal','public','partner','reporting_line','monitoring','screening','anonymous'])[1 + g % 7],
              (ARRAY['A','B','C'])[1 + g % 3], (1 + g % 5)::text, 'P', '', '',
              CASE WHEN g % 10 = 0 THEN 'named' ELSE 'unit' END,
              'bench original text ' || g, 'bench sanitised text ' || g, 'none', now(), now(), '', '', ''
       FROM generate_series(1, 200000) g""",
    """INSERT INTO counter_corruption_intelsubject (log_id, person_id)
       SELECT l.id, p0 + floor(random() * 250000)::int
       FROM counter_corruption_intellog l, (SELECT min(id) AS p0 FROM workforce_person) p""",
    """INSERT INTO counter_corruption_intellog_themes (intellog_id, theme_id)
       SELECT l.id, (ARRAY['apsp','misuse_systems','vulnerability','theft_fraud','infiltration','drugs','disclosure',
                           'domestic_abuse','inappropriate_association'])[1 + l.id % 9]
       FROM counter_corruption_intellog l""",
    """INSERT INTO vetting_screeningrun (public_id, status, trigger, created_at, people, response_path, response_name,
         lines_total, chunks_total, thresholds, error)
       VALUES (gen_random_uuid(), 'complete', 'manual', now(), 250000, '', '', 100000, 1, '{}', '')""",
    """INSERT INTO vetting_screeningcandidate (line, request_ref, pnd_person_id, decision, score, reasons, records, person_id,
         run_id)
       SELECT g, 'B' || g, 'PND-B-' || g, 'match', 99, '[]', '[]', p0 + floor(random() * 250000)::int,
              (SELECT max(id) FROM vetting_screeningrun)
       FROM generate_series(1, 100000) g, (SELECT min(id) AS p0 FROM workforce_person) p""",
    """INSERT INTO vetting_screeninghit (public_id, pnd_person_id, record_id, content_hash, changed, category, offence_group,
         record_date, force_code, summary, grade, status, outcome_reason, raised_at, candidate_id, person_id, run_id)
       SELECT gen_random_uuid(), c.pnd_person_id, 'R-' || c.id, md5(c.id::text), false,
              (ARRAY['arrest','charge','caution','intelligence','associate_of_nominal','crime_victim'])[1 + c.id % 6], '',
              current_date - (c.id % 3000)::int, '01', '', 'review', 'new', '', now(), c.id, c.person_id, c.run_id
       FROM vetting_screeningcandidate c""",
    """INSERT INTO reporting_report (public_id, reference, channel, intermediary, intermediary_reference, received_at,
         what_happened, when_happened, where_happened, people_described, how_known, how_known_detail, anonymous,
         receipt_salt, receipt_hash, status, acknowledge_due_on, feedback_due_on, closure_reason, closure_note)
       SELECT gen_random_uuid(), 'RPT-B-' || g, 'portal', '', '', now() - (g % 3000) * interval '1 day', 'bench', '', '', '',
              '', '', true, '', '', 'received', current_date, current_date, '', ''
       FROM generate_series(1, 50000) g""",
    """INSERT INTO reporting_reportpersonlink (report_id, person_id, reason, linked_by_id, linked_at)
       SELECT r.id, p0 + floor(random() * 250000)::int, 'named', (SELECT min(id) FROM accounts_user), now()
       FROM reporting_report r, (SELECT min(id) AS p0 FROM workforce_person) p""",
    "SET session_replication_role = DEFAULT",
    "ANALYZE",
]


def generate_background():
    from django.db import connection

    with connection.cursor() as cursor:
        for statement in BACKGROUND:
            t0 = time.perf_counter()
            cursor.execute(statement)
            print(f"  {time.perf_counter() - t0:6.1f} s  {' '.join(statement.split())[:80]}")


def target_person_create():
    """One officer with exactly 200 records across every source (about half imported history)."""
    import datetime
    import uuid

    from django.db import connection

    from cases.models import Allegation, AllegationCategory, Case, CaseSubject, InterventionFlag, InterventionRule
    from counter_corruption.models import Entity, IntelLog, IntelSubject, LinkAlert, Theme
    from reporting.models import Report, ReportPersonLink
    from vetting.models import ScreeningCandidate, ScreeningHit, ScreeningRun
    from workforce.models import Person

    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
    template = Person.objects.order_by("id").first()
    person = Person.objects.create(
        staff_number=TARGET_PERSON, person_type="officer", surname="BENCHMARK", forenames="TWO HUNDRED",
        date_of_birth=datetime.date(1980, 1, 1), gender="F", rank_or_grade="PC", command_id=template.command_id,
        unit_id=template.unit_id, start_date=datetime.date(2005, 1, 1),
    )  # fmt: skip
    today = datetime.date.today()
    categories = list(AllegationCategory.objects.values_list("code", flat=True))
    for i in range(ALLEGATIONS):
        received = today - datetime.timedelta(days=30 * i + 5)
        imported = i % 2 == 0
        case = Case.objects.create(
            reference=f"{'LEG' if imported else 'BIH'}-{i:05d}", summary="bench", received_date=received,
            from_history_import=imported, status="closed",
        )  # fmt: skip
        subject = CaseSubject.objects.create(case=case, person=person, stage="closed", severity="misconduct")
        Allegation.objects.create(
            case=case, subject=subject, category_id=categories[i % len(categories)], description="bench",
            incident_date=received,
        )  # fmt: skip
    themes = list(Theme.objects.values_list("code", flat=True))
    for i in range(INTELLIGENCE):
        log = IntelLog.objects.create(
            reference=f"INT-BIH-{i:05d}", received_on=today - datetime.timedelta(days=60 * i), source_type="internal",
            source_evaluation="B", intelligence_assessment="2", handling_code="P", original_text="bench original",
            sanitised_text="bench sanitised", status="assessed",
        )  # fmt: skip
        log.themes.set([themes[i % len(themes)], themes[(i + 3) % len(themes)]])
        IntelSubject.objects.create(log=log, person=person)
    run = ScreeningRun.objects.order_by("-id").first() or ScreeningRun.objects.create()
    for i in range(HITS):
        candidate = ScreeningCandidate.objects.create(
            run=run, line=10**6 + i, request_ref=f"BIH{i}", pnd_person_id="PND-BIH", person=person, decision="match",
            score=99,
        )  # fmt: skip
        ScreeningHit.objects.create(
            run=run, candidate=candidate, person=person, pnd_person_id="PND-BIH", record_id=f"BIH-{i}",
            content_hash=uuid.uuid4().hex, category=["arrest", "fraud", "associate_of_nominal", "drug_offences"][i % 4],
            grade="review", record_date=today - datetime.timedelta(days=90 * i),
        )  # fmt: skip
    from accounts.models import User

    linker = User.objects.order_by("id").first()
    for i in range(REPORTS):
        report = Report.objects.create(
            reference=f"RPT-BIH-{i:04d}", received_at=f"{today - datetime.timedelta(days=100 * i)}T10:00Z",
            what_happened="bench", acknowledge_due_on=today, feedback_due_on=today,
        )  # fmt: skip
        ReportPersonLink.objects.create(report=report, person=person, reason="named", linked_by=linker)
    rules = list(InterventionRule.objects.all())
    for i in range(FLAGS):
        InterventionFlag.objects.create(
            person=person, rule=rules[i % len(rules)], evidence={"allegations": 3}, status="closed"
        )
    for i in range(ALERTS):
        entity = Entity.objects.create(kind="phone", key=f"0770090{i:04d}", display=f"07700 90{i:04d}")
        LinkAlert.objects.create(person=person, entity=entity)
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("ANALYZE")
    return person


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", action="store_true", help="reuse the data of an earlier run")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    django_for_bench()
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import User
    from cases.models import Case
    from counter_corruption.models import IntelLog
    from workforce.models import Person

    if not args.keep or Case.objects.count() < 100_000:
        from bench.queues import generate

        print("generating national-scale people and conduct matters (bench.queues)")
        t0 = time.perf_counter()
        generate()
        print(f"generated in {time.perf_counter() - t0:.0f} s")
    if (
        not args.keep
        or IntelLog.objects.count() < 100_000
        or not Person.objects.filter(staff_number=TARGET_PERSON).exists()
    ):
        print("generating the other sources at scale")
        generate_background()
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
            cursor.execute(
                "DELETE FROM cases_allegation WHERE case_id IN (SELECT id FROM cases_case WHERE reference LIKE 'BIH-%%' "
                "OR reference LIKE 'LEG-%%')"
            )
            cursor.execute(
                "DELETE FROM cases_casesubject WHERE case_id IN (SELECT id FROM cases_case WHERE reference LIKE 'BIH-%%' "
                "OR reference LIKE 'LEG-%%')"
            )
            cursor.execute("DELETE FROM cases_case WHERE reference LIKE 'BIH-%%' OR reference LIKE 'LEG-%%'")
            cursor.execute(
                "UPDATE accounts_user SET person_id = NULL WHERE person_id IN (SELECT id FROM workforce_person WHERE staff_number = %s)",
                [TARGET_PERSON],
            )
            cursor.execute("DELETE FROM workforce_person WHERE staff_number = %s", [TARGET_PERSON])
            cursor.execute("SET session_replication_role = DEFAULT")
        target_person_create()
    person = Person.objects.get(staff_number=TARGET_PERSON)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM workforce_person), (SELECT count(*) FROM cases_allegation), "
            "(SELECT count(*) FROM counter_corruption_intellog), (SELECT count(*) FROM vetting_screeninghit), "
            "(SELECT count(*) FROM reporting_reportpersonlink)"
        )
        people, allegations, logs, hits, report_links = cursor.fetchone()
    print(
        f"people {people:,}  allegations {allegations:,}  intelligence logs {logs:,}  screening hits {hits:,}  "
        f"report links {report_links:,}"
    )

    # the viewer: a counter-corruption officer with a place in the workforce (so the conflict rules run)
    viewer, _ = User.objects.get_or_create(username="bench-cc")
    viewer.groups.add(Group.objects.get(name="counter_corruption"))
    viewer.person = Person.objects.exclude(pk=person.pk).order_by("id")[1000]
    viewer.save()
    device = TOTPDevice.objects.filter(user=viewer).first() or TOTPDevice.objects.create(
        user=viewer, name="b", confirmed=True
    )
    client = Client()
    client.force_login(viewer, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    page_url = f"/counter-corruption/people/{person.public_id}/history/"
    api_url = f"/api/counter-corruption/people/{person.public_id}/history/"
    data = client.get(api_url).json()
    records = data["total"]
    print(f"records on the history: {records} {data['counts_by_kind']}")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page_url).status_code == 200
    page_queries = len(queries)
    print(f"queries per page: {page_queries}")

    def measure(url, label):
        timings = []
        for n in range(args.requests + 10):
            t0 = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - t0) * 1000
            assert response.status_code == 200, response.status_code
            if n >= 10:  # warm-up
                timings.append(elapsed)
        timings.sort()
        median = statistics.median(timings)
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(f"{label}, {len(timings)} requests: median {median:.1f} ms, p95 {p95:.1f} ms, max {timings[-1]:.1f} ms")
        return median, p95

    page_median, page_p95 = measure(page_url, "history page")
    api_median, api_p95 = measure(api_url, "history API")
    print(
        json.dumps(
            {
                "benchmark": "integrity_history",
                "people": people,
                "allegations": allegations,
                "intelligence_logs": logs,
                "screening_hits": hits,
                "report_links": report_links,
                "records_on_history": records,
                "queries_per_page": page_queries,
                "page_median_ms": round(page_median, 1),
                "page_p95_ms": round(page_p95, 1),
                "api_median_ms": round(api_median, 1),
                "api_p95_ms": round(api_p95, 1),
                "targets": {"p95_ms": 200},
                "meets_targets": page_p95 < 200 and api_p95 < 200,
            }
        )
    )


if __name__ == "__main__":
    main()
