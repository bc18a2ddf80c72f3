"""Disparity refresh at national scale and dashboard speed: `python -m bench.disparity_refresh`.

Generates (in the bench database, set-based SQL) 250,000 people in 12 commands and 480 units with
about 1,000,000 allegations over 8 years, then measures:
- a full refresh: every unit (force, commands, units), window (12, 36), population (officers,
  staff, both), source (all and each) and stage, with durations and the adjusted panel;
- the dashboard page (server time through the Django test client, signed in as an analyst) for
  300 random slices and views: median and p95.
Targets (issue 5): refresh < 60 s; dashboard page < 300 ms. Pass --keep to reuse the data.
"""

import argparse
import json
import random
import statistics
import time
from datetime import date

from bench._setup import django_for_bench

CUTOFF = date(2026, 10, 31)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", action="store_true", help="reuse the data of an earlier run")
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    django_for_bench()
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import User
    from oversight.models import DisparityRefresh, DisparityResult
    from oversight.refresh import disparities_refresh
    from oversight.simulate import simulate

    if not args.keep or not DisparityResult.objects.exists():
        t0 = time.perf_counter()
        info = simulate(
            people=250_000,
            commands=12,
            units_per_command=40,
            cutoff=CUTOFF,
            years=8,
            base={"s1": 0.2},
            allegations_per_matter=2.8,
            multipliers={"s1": {"black": 1.3}},
        )
        print(f"generated {info} in {time.perf_counter() - t0:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("SELECT (SELECT count(*) FROM workforce_person), (SELECT count(*) FROM cases_allegation)")
        people, allegations = cursor.fetchone()
    print(f"people {people:,}  allegations {allegations:,}")
    DisparityRefresh.objects.filter(status="running").update(status="failed")

    t0 = time.perf_counter()
    refresh = disparities_refresh(cutoff=CUTOFF)
    refresh_s = time.perf_counter() - t0
    rows = DisparityResult.objects.filter(refresh=refresh).count()
    print(
        f"full refresh: {refresh_s:.1f} s; {rows:,} snapshot rows, {refresh.tests:,} tests, "
        f"{refresh.flags} FLAG, {refresh.watches} WATCH; phases {refresh.timings}"
    )

    analyst, _ = User.objects.get_or_create(username="bench-analyst")
    analyst.groups.add(Group.objects.get(name="analyst"))
    device = TOTPDevice.objects.filter(user=analyst).first() or TOTPDevice.objects.create(
        user=analyst, name="b", confirmed=True
    )
    client = Client()
    client.force_login(analyst, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    from workforce.models import OrgUnit

    units = ["force"] + [f"{u.kind}:{u.public_id}" for u in OrgUnit.objects.all()]
    sources = ["all", "public_complaint", "conduct_matter", "reporting_line", "screening", "monitoring"]
    rng = random.Random(5)
    client.get("/disparities/")  # warm
    timings = []
    for _ in range(args.requests):
        params = {
            "unit": rng.choice(units[:20] + units),
            "window": rng.choice([12, 36]),
            "population": rng.choice(["all", "officer", "staff"]),
            "source": rng.choice(sources),
            "view": rng.choice(["conditional", "cumulative"]),
        }
        t = time.perf_counter()
        response = client.get("/disparities/", params)
        timings.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, response.status_code
    timings.sort()
    median = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"dashboard page over {len(timings)} random slices: median {median:.0f} ms, p95 {p95:.0f} ms")
    print(
        json.dumps(
            {
                "people": people,
                "allegations": allegations,
                "refresh_s": round(refresh_s, 1),
                "snapshot_rows": rows,
                "tests": refresh.tests,
                "phases": refresh.timings,
                "dashboard_median_ms": round(median, 1),
                "dashboard_p95_ms": round(p95, 1),
                "targets": {"refresh_s": 60, "dashboard_ms": 300},
            }
        )
    )


if __name__ == "__main__":
    main()
