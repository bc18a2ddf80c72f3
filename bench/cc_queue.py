"""The counter-corruption queue at scale: `python -m bench.cc_queue`.

Adds (in the bench database; only its own rows, references BQ-..., so other benches' data stay)
50,000 intelligence logs across themes, gradings and people at risk, about people of the workforce
(20,000 made if the database has fewer), and 5,000 link alerts, written with the ORM's bulk
inserts (so new fields with defaults keep it working). Then measures:
- the full re-score of the queue in one process (``queue_score`` in chunks of 2,000), items a second;
- the first page of the queue with random filters (page and API), server time in-process through
  the test client, median and p95, for a unit member in conflict with some of the subjects.
Pass --keep to reuse the data of an earlier run; --logs N to change the size.
"""

import argparse
import json
import random
import statistics
import time
from datetime import timedelta

from bench._setup import django_for_bench

PREFIX = "BQ-"


def generate(logs: int, alerts: int, seed: int = 14) -> None:
    from django.db import transaction
    from django.utils import timezone

    from counter_corruption.models import Entity, IntelLog, IntelSubject, LinkAlert, Theme, UnitQueueItem
    from workforce.models import OrgUnit, Person

    rng = random.Random(seed)
    today = timezone.localdate()
    with transaction.atomic():
        UnitQueueItem.objects.filter(log__reference__startswith=PREFIX).delete()
        UnitQueueItem.objects.filter(alert__entity__key__startswith=PREFIX).delete()
        LinkAlert.objects.filter(entity__key__startswith=PREFIX).delete()
        Entity.objects.filter(key__startswith=PREFIX).delete()
        IntelLog.objects.filter(reference__startswith=PREFIX).delete()
    people = list(Person.objects.values_list("id", flat=True)[:50000])
    if len(people) < 20000:
        command = OrgUnit.objects.create(name="Bench CC command", kind="command")
        unit = OrgUnit.objects.create(name="Bench CC unit", kind="unit", parent=command)
        Person.objects.bulk_create(
            [
                Person(
                    staff_number=f"CQ{n:06d}",
                    person_type="officer",
                    surname=f"BENCH{n}",
                    forenames="ALEX",
                    date_of_birth=today - timedelta(days=9000 + n % 9000),
                    rank_or_grade="PC",
                    unit=unit,
                    command=command,
                    start_date=today - timedelta(days=4000),
                )
                for n in range(20000 - len(people))
            ],  # fmt: skip
            batch_size=5000,
        )
        people = list(Person.objects.values_list("id", flat=True)[:50000])
    themes = list(Theme.objects.values_list("code", flat=True))
    statuses = ["received", "assessed", "tasked", "tasked", "operation", "closed"]
    risks = ["none"] * 6 + ["adult", "adult", "vulnerable_adult", "child"]
    rows = []
    for n in range(logs):
        graded = rng.random()
        rows.append(
            IntelLog(
                reference=f"{PREFIX}{n:07d}",
                status=rng.choice(statuses),
                received_on=today - timedelta(days=rng.randint(0, 900)),
                source_type="internal",
                source_evaluation=rng.choice("ABC") if graded < 0.8 else "",
                intelligence_assessment=rng.choice("12345") if graded < 0.8 else "",
                handling_code="P" if graded < 0.8 else "",
                legacy_grading=f"{rng.choice('ABCDE')}{rng.randint(1, 5)}/{rng.randint(1, 5)}" if graded > 0.9 else "",
                handling_level="named" if rng.random() < 0.05 else "unit",
                original_text="bench",
                at_risk=rng.choice(risks),
            )
        )
    IntelLog.objects.bulk_create(rows, batch_size=5000)
    ids = list(IntelLog.objects.filter(reference__startswith=PREFIX).values_list("id", flat=True))
    through = IntelLog.themes.through
    through.objects.bulk_create(
        [through(intellog_id=i, theme_id=t) for i in ids for t in rng.sample(themes, rng.randint(1, 3))],
        batch_size=10000,
    )
    IntelSubject.objects.bulk_create(
        [IntelSubject(log_id=i, person_id=p) for i in ids for p in rng.sample(people, rng.randint(1, 2))],
        batch_size=10000,
    )
    entities = Entity.objects.bulk_create(
        [
            Entity(kind="person", key=f"{PREFIX}{n}", display=f"BENCH NOMINAL {n}", is_nominal=rng.random() < 0.3)
            for n in range(alerts)
        ],  # fmt: skip
        batch_size=5000,
    )
    made = LinkAlert.objects.bulk_create(
        [LinkAlert(person_id=rng.choice(people), entity=e, reasons=["bench"]) for e in entities], batch_size=5000
    )
    others = LinkAlert.other_people.through
    others.objects.bulk_create(
        [others(linkalert_id=a.id, person_id=p) for a in made for p in rng.sample(people, rng.randint(1, 3))],
        batch_size=10000,
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", action="store_true", help="reuse the data of an earlier run")
    parser.add_argument("--logs", type=int, default=50000)
    parser.add_argument("--alerts", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    django_for_bench()
    from django.contrib.auth.models import Group
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import User
    from cases.models import ConflictDeclaration
    from counter_corruption.models import IntelLog, IntelSubject, Theme
    from counter_corruption.priority import queue_open_sources, queue_score

    if not args.keep or not IntelLog.objects.filter(reference__startswith=PREFIX).exists():
        t0 = time.perf_counter()
        generate(args.logs, args.alerts)
        print(f"generated in {time.perf_counter() - t0:.0f} s")
    log_ids, alert_ids = queue_open_sources()
    t0 = time.perf_counter()
    for i in range(0, len(log_ids), 2000):
        queue_score(log_ids=log_ids[i : i + 2000])
    for i in range(0, len(alert_ids), 2000):
        queue_score(alert_ids=alert_ids[i : i + 2000])
    rescore_s = time.perf_counter() - t0
    scored = len(log_ids) + len(alert_ids)
    print(f"full re-score: {scored} items in {rescore_s:.1f} s ({scored / rescore_s:.0f} items/s)")

    officer, _ = User.objects.get_or_create(username="bench-cc-officer")
    officer.groups.add(Group.objects.get(name="counter_corruption"))
    device, _ = TOTPDevice.objects.get_or_create(user=officer, name="bench", defaults={"confirmed": True})
    # some conflicts, as a real member has: ten subjects declared
    for person_id in IntelSubject.objects.values_list("person_id", flat=True).distinct()[:10]:
        ConflictDeclaration.objects.get_or_create(user=officer, person_id=person_id, defaults={"reason": "bench"})
    client = Client()
    client.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    rng = random.Random(7)
    themes = list(Theme.objects.values_list("code", flat=True))
    choices = {
        "kind": ["", "log", "alert"],
        "theme": ["", "", *themes],
        "status": ["", "", "received", "tasked", "open"],
        "overdue": ["", "", "true", "false"],
        "page": ["", "", "", "2", "5"],
    }
    results = {}
    for path in ("/counter-corruption/queue/", "/api/counter-corruption/queue/"):
        times = []
        for n in range(args.requests):
            params = {k: rng.choice(v) for k, v in choices.items()}
            params = {k: v for k, v in params.items() if v}
            t0 = time.perf_counter()
            response = client.get(path, params)
            elapsed = (time.perf_counter() - t0) * 1000
            assert response.status_code in (200, 404), (path, params, response.status_code)  # API: a page past the end
            if n >= 5:  # warm-up
                times.append(elapsed)
        times.sort()
        results[path] = {
            "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
        }
        print(f"{path}: median {results[path]['median_ms']} ms, p95 {results[path]['p95_ms']} ms")
    print(json.dumps({"items_scored": scored, "rescore_s": round(rescore_s, 1), "pages": results}))


if __name__ == "__main__":
    main()
