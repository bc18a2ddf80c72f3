"""The nightly link job over 1,000,000 entity links: `python -m bench.link_job`.

Generates in its own database (bench/_setup.py; BENCH_DATABASE_NAME to choose another) 100,000
people, 400,000 entities and 1,000,000 links (COPY), 2% of the people subjects of intelligence and
1% subjects of conduct matters, with no finished run before: every link is new, the worst case.
Then times the whole job: collection from every source (link_run_start), then every chunk's
set-based alert statement, with 1 worker process and with --workers processes claiming chunks
(SKIP LOCKED) at once. Target (issue 14): under 60 s. The last line is JSON.
"""

import argparse
import io
import json
import multiprocessing
import random
import time

from bench._setup import django_for_bench

PEOPLE = 100_000
ENTITIES = 400_000
LINKS = 1_000_000

GENERATE = [
    "SET session_replication_role = replica",
    """TRUNCATE counter_corruption_linkalert_other_people, counter_corruption_linkalert,
       counter_corruption_linkchunk, counter_corruption_linkrun, counter_corruption_entitylink,
       counter_corruption_intelentity, counter_corruption_intelsubject, counter_corruption_intellog,
       counter_corruption_entity, cases_casesubject, cases_case, workforce_person, workforce_orgunit CASCADE""",
    """INSERT INTO workforce_orgunit (public_id, name, kind, parent_id)
       SELECT gen_random_uuid(), 'Command ' || g, 'command', NULL FROM generate_series(1, 10) g""",
    """INSERT INTO workforce_orgunit (public_id, name, kind, parent_id)
       SELECT gen_random_uuid(), 'Unit ' || g, 'unit', (SELECT min(id) FROM workforce_orgunit) + (g % 10)
       FROM generate_series(1, 200) g""",
    f"""INSERT INTO workforce_person (public_id, staff_number, person_type, surname, forenames, previous_surnames,
         date_of_birth, gender, ethnicity_id, rank_or_grade, command_id, unit_id, line_manager_id, start_date, end_date,
         is_leaver, left_recorded_on, postcode, created_at, updated_at)
       SELECT gen_random_uuid(), 'LB' || g, 'officer', 'SURNAME' || (g % 20000), 'ALEX', '{{}}',
              date '1965-01-01' + (g % 14000), 'M', NULL, 'PC', u.parent_id, u.id, NULL,
              date '1995-01-01' + (g % 10000), NULL, false, NULL, '', now(), now()
       FROM generate_series(1, {PEOPLE}) g
       JOIN workforce_orgunit u ON u.id = (SELECT min(id) FROM workforce_orgunit WHERE kind = 'unit') + (g % 200)""",
    f"""INSERT INTO counter_corruption_entity (public_id, kind, key, display, attributes, is_nominal, created_at)
       SELECT gen_random_uuid(), k.kind, k.kind || '-' || g, k.kind || ' ' || g, '{{}}', g % 500 = 0, now()
       FROM generate_series(1, {ENTITIES}) g
       JOIN (VALUES (0, 'person'), (1, 'address'), (2, 'phone'), (3, 'vehicle'), (4, 'business'), (5, 'email'))
            AS k(n, kind) ON k.n = g % 6""",
    """INSERT INTO counter_corruption_intellog (public_id, reference, status, received_on, source_type,
         source_evaluation, intelligence_assessment, handling_code, handling_conditions, legacy_grading,
         handling_level, original_text, sanitised_text, at_risk, report_id, recorded_by_id, created_at, updated_at,
         outcome, outcome_reason, tasking)
       VALUES (gen_random_uuid(), 'INT-BENCH-1', 'assessed', current_date, 'internal', 'B', '2', 'P', '', '',
               'unit', 'bench', 'bench', 'none', NULL, NULL, now(), now(), '', '', '')""",
    """INSERT INTO counter_corruption_intelsubject (log_id, person_id)
       SELECT (SELECT id FROM counter_corruption_intellog), id FROM workforce_person WHERE id % 50 = 0""",
    """INSERT INTO cases_case (public_id, reference, summary, source, intermediary_reference, received_date, status,
         is_restricted, investigator_id, investigator_appointed_on, public_interest, created_by_id, created_at,
         updated_at, severity_weight)
       VALUES (gen_random_uuid(), 'LB-1', 'bench', 'conduct_matter', '', current_date, 'open', false, NULL, NULL,
               false, NULL, now(), now(), 1)""",
    """INSERT INTO cases_casesubject (public_id, case_id, person_id, stage, severity, likely_forum, forum,
         case_to_answer, closure_reason, finalised_on, left_while_under_investigation, suspended, restricted_duties)
       SELECT gen_random_uuid(), (SELECT id FROM cases_case), id, 'assessed', '', '', '', NULL, '', NULL, false,
              false, false
       FROM workforce_person WHERE id % 100 = 7""",
]


def generate() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in GENERATE:
            cursor.execute(sql)
        cursor.execute("SELECT min(id) FROM workforce_person")
        p0 = cursor.fetchone()[0]
        cursor.execute("SELECT min(id) FROM counter_corruption_entity")
        e0 = cursor.fetchone()[0]
        rng = random.Random(14)
        sources = ["intelligence", "screening", "register", "conduct", "report"]
        buffer = io.StringIO()
        for n in range(LINKS):
            # most entities are seen against one to three people; a few hubs (a busy address) many more
            entity = e0 + (rng.randrange(2_000) if n % 100 == 0 else rng.randrange(ENTITIES))
            buffer.write(
                f"{entity}\t{p0 + rng.randrange(PEOPLE)}\t{sources[n % 5]}\tB-{n}\tbench\t2026-11-{1 + n % 28:02d}\t"
                "2026-12-01 03:00:00+00\n"
            )
        buffer.seek(0)
        with cursor.connection.cursor().copy(
            "COPY counter_corruption_entitylink (entity_id, person_id, source_kind, source_id, relationship, seen_on, "
            "recorded_at) FROM STDIN"
        ) as copy:
            while chunk := buffer.read(1 << 20):
                copy.write(chunk)
        cursor.execute("SET session_replication_role = DEFAULT")
        for table in ("counter_corruption_entitylink", "counter_corruption_entity", "workforce_person",
                      "counter_corruption_intelsubject", "cases_casesubject"):  # fmt: skip
            cursor.execute(f"VACUUM ANALYZE {table}")


def reset_run() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE counter_corruption_linkalert_other_people, counter_corruption_linkalert, "
            "counter_corruption_linkalertdecision, counter_corruption_linkchunk, counter_corruption_linkrun CASCADE"
        )


def _worker(chunk_ids: list[int]) -> int:
    from counter_corruption.links import link_chunk_check

    return sum(link_chunk_check(chunk_id=c) for c in chunk_ids)


def timed_run(workers: int) -> dict:
    from counter_corruption.links import link_run_finish_if_done, link_run_start
    from counter_corruption.models import LinkRun

    reset_run()
    t0 = time.perf_counter()
    run = link_run_start(reason="bench", enqueue=False)
    collected = time.perf_counter() - t0
    chunk_ids = list(run.chunks.order_by("number").values_list("id", flat=True))
    if workers == 1:
        from counter_corruption.links import link_chunk_check

        for chunk_id in chunk_ids:
            link_chunk_check(chunk_id=chunk_id)
    else:
        # every worker is offered every chunk, as the broker would redeliver: SKIP LOCKED and the
        # done mark share them out, and none is done twice
        from django.db import connection

        connection.close()  # each forked worker opens its own
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            pool.map(_worker, [chunk_ids[i::workers] + chunk_ids for i in range(workers)])
    link_run_finish_if_done(run_id=run.id)
    total = time.perf_counter() - t0
    run = LinkRun.objects.get(id=run.id)
    return {
        "workers": workers,
        "links_checked": run.to_link_id - run.from_link_id,
        "chunks": len(chunk_ids),
        "alerts": run.alerts_raised,
        "collect_s": round(collected, 2),
        "total_s": round(total, 2),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", action="store_true", help="reuse the links generated by an earlier run")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    django_for_bench()
    from django.db import connection

    from counter_corruption.models import EntityLink

    if not args.keep or EntityLink.objects.count() < LINKS:
        t0 = time.perf_counter()
        generate()
        print(
            f"generated {LINKS:,} links over {ENTITIES:,} entities and {PEOPLE:,} people in {time.perf_counter() - t0:.1f} s"
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM counter_corruption_entitylink), (SELECT count(*) FROM counter_corruption_entity), "
            "(SELECT count(DISTINCT person_id) FROM counter_corruption_intelsubject), "
            "(SELECT count(DISTINCT person_id) FROM cases_casesubject)"
        )
        links, entities, intel, conduct = cursor.fetchone()
    print(f"links {links:,}  entities {entities:,}  subjects of intelligence {intel:,}  of conduct matters {conduct:,}")
    results = []
    for workers in sorted({1, args.workers}):
        result = timed_run(workers)
        results.append(result)
        print(
            f"link job, {result['workers']} worker(s): {result['links_checked']:,} new links in {result['chunks']} chunks, "
            f"{result['alerts']:,} alerts, collection {result['collect_s']} s, total {result['total_s']} s"
        )
    best = min(r["total_s"] for r in results)
    print(json.dumps({"bench": "link_job", "links": links, "runs": results, "best_s": best, "target_s": 60,
                      "pass": best < 60}))  # fmt: skip


if __name__ == "__main__":
    main()
