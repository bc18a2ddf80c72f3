"""Workforce import at Met scale: `python -m bench.workforce_import [--people 50000]`.

Target (issue 2): 50,000 people imported in under 60 seconds; importing again changes nothing;
a file with 10 bad rows imports the rest and reports exactly those 10 with line numbers.
"""

import argparse
import json
import time

from bench._setup import django_for_bench, reset_workforce


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=50_000)
    args = parser.parse_args()
    django_for_bench()
    from workforce.models import Person, PersonEvent
    from workforce.services import workforce_import
    from workforce.synthetic import generate_people, people_to_csv

    reset_workforce()
    people = generate_people(args.people, seed=50)
    data = people_to_csv(people)
    print(f"file: {args.people} people, {len(data) / 1e6:.1f} MB")

    t0 = time.perf_counter()
    first = workforce_import(actor=None, data=data, filename="bench.csv")
    first_s = time.perf_counter() - t0
    print(
        f"first import:  {first_s:6.1f} s  {args.people / first_s:8.0f} rows/s  created={first.created} bad={len(first.errors)}"
    )

    events = PersonEvent.objects.count()
    t0 = time.perf_counter()
    second = workforce_import(actor=None, data=data, filename="bench.csv")
    second_s = time.perf_counter() - t0
    unchanged = second.created == second.updated == second.leavers == 0 and PersonEvent.objects.count() == events
    print(
        f"re-import:     {second_s:6.1f} s  {args.people / second_s:8.0f} rows/s  unchanged={second.unchanged} changed_nothing={unchanged}"
    )

    reset_workforce()
    bad_lines = sorted({(i * 4999) % args.people for i in range(1, 11)})
    for i in bad_lines:
        people[i]["date_of_birth"] = "31/02/1980"
    t0 = time.perf_counter()
    third = workforce_import(actor=None, data=people_to_csv(people), filename="bench-bad.csv")
    third_s = time.perf_counter() - t0
    reported = sorted(e.line for e in third.errors)
    exact = reported == [i + 2 for i in bad_lines]
    print(f"10 bad rows:   {third_s:6.1f} s  created={third.created} reported lines={reported} exact={exact}")
    print(
        json.dumps(
            {
                "benchmark": "workforce_import",
                "people": args.people,
                "first_import_seconds": round(first_s, 2),
                "rows_per_second": round(args.people / first_s),
                "reimport_seconds": round(second_s, 2),
                "reimport_changed_nothing": unchanged,
                "bad_rows_reported_exactly": exact,
                "bad_rows_run_created": third.created,
                "target_first_import_seconds": 60,
                "meets_target": first_s < 60 and unchanged and exact,
                "people_in_db": Person.objects.count(),
            }
        )
    )


if __name__ == "__main__":
    main()
