"""PND screening end to end: `python -m bench.screening [--big]`.

In the bench database: a 50,000-person workforce (set-based SQL), a run and its request, then a
synthetic PND response of about 80,000 candidates (the employee's own record for 60% of people,
often with a variation of name or date of birth, and decoys sharing a name or a date of birth),
imported, resolved and raised in one process, timed. With --big, a second response of 2,000,000
candidates is processed and the peak memory of the process reported.
Targets (issue 6): 80,000 candidates under 60 s; 2,000,000 under 15 minutes with memory under 1 GB.
"""

import argparse
import json
import random
import resource
import tempfile
import time
from pathlib import Path

from bench._setup import django_for_bench

NICK = {"WILLIAM": "BILL", "ROBERT": "BOB", "JAMES": "JIM", "ELIZABETH": "LIZ", "MARGARET": "PEGGY", "RICHARD": "DICK"}
FORENAMES = [
    "WILLIAM",
    "ROBERT",
    "JAMES",
    "ELIZABETH",
    "MARGARET",
    "RICHARD",
    "PRIYA",
    "AMARA",
    "CHIDI",
    "ZOE",
    "MOHAMMED",
    "ANNA",
]
SURNAMES = [
    "SMITH",
    "JONES",
    "KHAN",
    "PATEL",
    "BROWN",
    "OKAFOR",
    "NOWAK",
    "O'NEILL",
    "SMITH-JONES",
    "MÜLLER",
    "TAYLOR",
    "BEGUM",
]
CATEGORIES = [
    "arrest",
    "charge",
    "conviction",
    "witness",
    "crime_victim",
    "stop_search",
    "domestic_abuse",
    "intelligence",
]


def _sql_array(values):
    return "ARRAY[" + ",".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


GENERATE = [
    "SET session_replication_role = replica",
    "TRUNCATE vetting_screeninghit, vetting_screeningcandidate, vetting_screeningchunk, vetting_screeningrequestrow, vetting_screeningrun CASCADE",
    """TRUNCATE workforce_person, workforce_orgunit CASCADE""",
    """INSERT INTO workforce_orgunit (public_id, name, kind, parent_id) VALUES (gen_random_uuid(), 'Bench Command', 'command', NULL)""",
    """INSERT INTO workforce_orgunit (public_id, name, kind, parent_id)
       SELECT gen_random_uuid(), 'Bench Unit', 'unit', id FROM workforce_orgunit WHERE name = 'Bench Command'""",
    f"""INSERT INTO workforce_person (public_id, staff_number, person_type, surname, forenames, previous_surnames,
         date_of_birth, gender, ethnicity_id, rank_or_grade, command_id, unit_id, line_manager_id, start_date, end_date,
         is_leaver, left_recorded_on, postcode, created_at, updated_at)
       SELECT gen_random_uuid(), 'SC' || g, 'officer',
              ({_sql_array(SURNAMES)})[1 + g % {len(SURNAMES)}] || CASE WHEN g % 5 = 0 THEN '' ELSE chr(65 + g % 26) || chr(65 + (g / 26) % 26) END,
              ({_sql_array(FORENAMES)})[1 + (g / 7) % {len(FORENAMES)}], '{{}}',
              date '1960-01-01' + (g * 37) % 15000, CASE WHEN g % 2 = 0 THEN 'F' ELSE 'M' END, NULL, 'PC',
              (SELECT id FROM workforce_orgunit WHERE kind = 'command'), (SELECT id FROM workforce_orgunit WHERE kind = 'unit'),
              NULL, date '2010-01-01', NULL, false, NULL, 'SE' || (g % 28) || ' ' || (g % 9) || 'AB', now(), now()
       FROM generate_series(1, 50000) g""",
    "SET session_replication_role = DEFAULT",
    "ANALYZE",
]


def _variant(rng, surname, forenames, dob):
    kind = rng.random()
    if kind < 0.5:
        return surname, forenames, dob
    if kind < 0.65:
        return surname.title(), NICK.get(forenames, forenames), dob
    if kind < 0.8:
        d = dob.split("-")
        return surname, forenames, f"{d[0]}-{d[2]}-{d[1]}" if int(d[2]) <= 12 else dob
    if kind < 0.9:
        return surname, forenames[0], dob
    return surname[:-1] + surname[-1:].lower(), forenames, dob


def write_response(path: Path, rows: list[list[str]], candidates: int, seed: int = 1) -> int:
    rng = random.Random(seed)
    written = 0
    with path.open("w") as out:
        while written < candidates:
            ref, surname, forenames, _, dob, gender, postcode = rows[rng.randrange(len(rows))]
            true = rng.random() < 0.6
            if true:
                s, f, d = _variant(rng, surname, forenames, dob)
            elif rng.random() < 0.5:
                s, f, d = surname, forenames, f"{1940 + rng.randrange(60)}-0{1 + rng.randrange(9)}-1{rng.randrange(9)}"
            else:
                s, f, d = rng.choice(SURNAMES) + "X", rng.choice(FORENAMES), dob
            records = [
                {"record_id": f"PND-R-{written}-{k}", "force_code": "01", "category": rng.choice(CATEGORIES),
                 "offence_group": "", "date": f"2026-0{1 + rng.randrange(9)}-1{rng.randrange(9)}", "summary": "record"}
                for k in range(rng.randrange(3))
            ]  # fmt: skip
            out.write(
                json.dumps(
                    {
                        "request_ref": ref,
                        "pnd_person_id": f"PND-{written}",
                        "names": [{"surname": s, "forenames": f, "type": "primary"}],
                        "dates_of_birth": [d],
                        "gender": gender,
                        "postcodes": [postcode] if rng.random() < 0.5 else [],
                        "records": records,
                    }
                )  # fmt: skip
                + "\n"
            )
            written += 1
    return written


def run_once(run, rows, candidates, label):
    from vetting.models import ScreeningCandidate, ScreeningHit
    from vetting.services import response_attach, run_progress, run_to_completion

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "response.jsonl"
        write_response(path, rows, candidates)
        t0 = time.perf_counter()
        run = run_to_completion(response_attach(run=run, source=path, filename=path.name))
        elapsed = time.perf_counter() - t0
    p = run_progress(run)
    stored = ScreeningCandidate.objects.filter(run=run).count()
    hits = ScreeningHit.objects.filter(run=run).count()
    print(
        f"{label}: {candidates:,} candidates imported, resolved and raised in {elapsed:.1f} s "
        f"({candidates / elapsed:,.0f}/s); {p['matches']:,} matches, {p['possibles']:,} possible, {hits:,} new hits; "
        f"{stored:,} rows stored"
    )
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--big", action="store_true", help="also the 2,000,000-candidate response")
    args = parser.parse_args()
    django_for_bench()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        for statement in GENERATE:
            cursor.execute(statement)
    from vetting.services import request_csv_rows, screening_run_create

    run = screening_run_create(trigger="command")
    rows = list(request_csv_rows(run))[1:]
    print(f"workforce of {len(rows):,} and its request in {time.perf_counter() - t0:.1f} s")
    small = run_once(run, rows, 80_000, "80,000-candidate response")
    figures = {"people": len(rows), "candidates_80k_s": round(small, 1), "target_80k_s": 60}
    if args.big:
        run = screening_run_create(trigger="command")
        rows = list(request_csv_rows(run))[1:]
        big = run_once(run, rows, 2_000_000, "2,000,000-candidate response")
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory of this process: {peak_mb:.0f} MB")
        figures.update(
            {
                "candidates_2m_s": round(big, 1),
                "peak_memory_mb": round(peak_mb),
                "target_2m_s": 900,
                "target_memory_mb": 1024,
            }
        )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
