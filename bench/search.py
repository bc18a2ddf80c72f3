"""The search box at national scale: `python -m bench.search`.

Uses the data of `bench.queues` (250,000 people, about 600,000 cases, 1,000,000 allegations),
generating it when absent (or always, without --keep), then gives the matters and allegations
varied synthetic wording and adds 50,000 reporting-line reports, so free-text searches have
realistic selectivity. Measures the search page (`/search/?q=`, server time: the Django view
called in-process through the test client, so the access event each search writes is included)
for a mix of queries (case reference, report reference, staff number, shoulder number, surname,
full name, free text) by users of different roles. Target (issue 17): p95 < 200 ms.
The database is BENCH_DATABASE_NAME (default misconduct_bench, shared with bench.queues).
"""

import argparse
import json
import random
import statistics
import time

from bench._setup import django_for_bench

VERBS = [
    "assault", "theft", "harassment", "bullying", "dishonesty", "neglect", "misuse", "intimidation",
    "corruption", "racism", "threats", "stalking", "fraud", "bribery", "leak",
]  # fmt: skip
OBJECTS = [
    "detainee", "colleague", "complainant", "witness", "motorist", "shopkeeper", "student", "neighbour",
    "partner", "informant", "victim", "suspect",
]  # fmt: skip
PLACES = [
    "custody suite", "station car park", "high street", "nightclub", "football ground", "train station",
    "hospital", "school", "retail park", "canal towpath", "market square", "bus depot",
]  # fmt: skip
MARKER = "search-bench-v1"


def _array(words):
    return "ARRAY[" + ",".join(f"'{w}'" for w in words) + "]"


EXTRAS = [
    "SET session_replication_role = replica",
    f"""UPDATE cases_case SET summary = 'Alleged ' || ({_array(VERBS)})[1 + id % {len(VERBS)}] || ' of a '
         || ({_array(OBJECTS)})[1 + (id / 7) % {len(OBJECTS)}] || ' near the '
         || ({_array(PLACES)})[1 + (id / 91) % {len(PLACES)}] || ', ward ' || (id % 4000)
       WHERE summary = 'bench matter'""",
    f"""UPDATE cases_allegation SET description = 'The officer is said to have ' ||
         ({_array(VERBS)})[1 + (id / 3) % {len(VERBS)}] || ' involving a '
         || ({_array(OBJECTS)})[1 + (id / 11) % {len(OBJECTS)}] || ', incident log ' || (id % 90000)
       WHERE id % 2 = 0 AND description = 'bench'""",
    # 1 in 50 matters restricted: hidden from everyone not granted
    "UPDATE cases_case SET is_restricted = true WHERE id % 50 = 0",
    "DELETE FROM reporting_report WHERE reference LIKE 'RPT-B%'",
    f"""INSERT INTO reporting_report (public_id, reference, channel, intermediary, intermediary_reference,
         received_at, what_happened, when_happened, where_happened, people_described, how_known, how_known_detail,
         anonymous, receipt_salt, receipt_hash, status, acknowledge_due_on, feedback_due_on, closure_reason, closure_note)
       SELECT gen_random_uuid(), 'RPT-B' || g || '-' || lpad((g % 10000)::text, 4, '0'),
              'portal', '', '', now() - (g || ' minutes')::interval,
              'I saw an officer commit ' || ({_array(VERBS)})[1 + g % {len(VERBS)}] || ' against a '
                || ({_array(OBJECTS)})[1 + (g / 5) % {len(OBJECTS)}] || '. It happens most weeks.',
              'Most weeks', 'The ' || ({_array(PLACES)})[1 + (g / 13) % {len(PLACES)}],
              'PC ' || (1000 + g % 9000) || ', response team', 'saw', '', true, '', '',
              (ARRAY['received','assessing','closed'])[1 + g % 3], current_date, current_date + 90, '', ''
       FROM generate_series(1, 50000) g""",
    "SET session_replication_role = DEFAULT",
    # what autovacuum does after bulk changes: statistics, the GIN pending lists merged
    "VACUUM ANALYZE cases_case",
    "VACUUM ANALYZE cases_allegation",
    "VACUUM ANALYZE reporting_report",
    "VACUUM ANALYZE workforce_person",
]


def add_search_extras():
    from django.db import connection

    with connection.cursor() as cursor:
        for statement in EXTRAS:
            t0 = time.perf_counter()
            cursor.execute(statement)
            print(f"  {time.perf_counter() - t0:6.1f} s  {' '.join(statement.split())[:80]}")
        cursor.execute("COMMENT ON TABLE reporting_report IS %s", [MARKER])


def has_extras() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT obj_description('reporting_report'::regclass)")
        return cursor.fetchone()[0] == MARKER


def _client(user):
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(
        user=user, name="b", confirmed=True
    )
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", action="store_true", help="reuse the data of an earlier run")
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args()
    django_for_bench()
    from django.contrib.auth.models import Group
    from django.db import connection

    from accounts.models import User
    from bench.queues import generate
    from cases.models import Case, ConflictDeclaration
    from workforce.models import Person

    if not args.keep or Case.objects.count() < 100_000:
        print("generating national-scale data (bench.queues)")
        t0 = time.perf_counter()
        generate()
        print(f"generated in {time.perf_counter() - t0:.0f} s")
    if not args.keep or not has_extras():
        print("adding varied wording and reporting-line reports")
        t0 = time.perf_counter()
        add_search_extras()
        print(f"added in {time.perf_counter() - t0:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM workforce_person), (SELECT count(*) FROM cases_case), "
            "(SELECT count(*) FROM cases_allegation), (SELECT count(*) FROM reporting_report), "
            "(SELECT count(*) FROM cases_case WHERE is_restricted)"
        )
        people, cases, allegations, reports, restricted = cursor.fetchone()
    print(
        f"people {people:,}  cases {cases:,} ({restricted:,} restricted)  allegations {allegations:,}  reports {reports:,}"
    )

    roles = ["supervisor", "investigator", "reporting_officer", "vetting_officer", "counter_corruption"]
    clients = {}
    first_person = Person.objects.order_by("id").values_list("id", flat=True).first()
    for i, role in enumerate(roles):
        user, _ = User.objects.get_or_create(username=f"bench-search-{role}")
        user.groups.add(Group.objects.get(name=role))
        # each user is someone in the workforce with a declared conflict: the selectors' work is real
        user.person_id = first_person + 1000 + i
        user.save(update_fields=["person"])
        if not ConflictDeclaration.objects.filter(user=user).exists():
            ConflictDeclaration.objects.create(user=user, person_id=first_person + 2000 + i, reason="bench")
        clients[role] = _client(user)

    rng = random.Random(17)
    queries = {
        "case reference": lambda: f"B-{rng.randint(1, 600000)}",
        "report reference": lambda: f"RPT-B{rng.randint(1, 50000)}-",
        "staff number": lambda: f"NB{rng.randint(1, 250000)}",
        "shoulder number": lambda: rng.choice(["PC ", "", "pc"]) + str(rng.randint(1, 9999)),
        "surname": lambda: f"surname{rng.randint(0, 19999)}",
        "full name": lambda: f"Alex Surname{rng.randint(0, 19999)}",
        "free text": lambda: rng.choice(
            [
                rng.choice(VERBS),
                f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}",
                f'"{rng.choice(PLACES)}"',
                f"ward {rng.randint(0, 3999)}",
                f"{rng.choice(VERBS)} -{rng.choice(OBJECTS)}",
                f"PC {rng.randint(1000, 9999)}",
            ]
        ),
    }
    timings, by_kind, by_role, slow = [], {}, {}, []
    for n in range(args.requests + 20):
        kind = rng.choice(sorted(queries))
        role = rng.choice(roles)
        q = queries[kind]()
        t0 = time.perf_counter()
        response = clients[role].get("/search/", {"q": q})
        elapsed = (time.perf_counter() - t0) * 1000
        assert response.status_code == 200, (response.status_code, q)
        if n >= 20:  # warm-up
            timings.append(elapsed)
            by_kind.setdefault(kind, []).append(elapsed)
            by_role.setdefault(role, []).append(elapsed)
            slow.append((elapsed, role, q))

    def p95(values):
        values = sorted(values)
        return values[max(0, int(len(values) * 0.95) - 1)]

    median, overall = statistics.median(timings), p95(timings)
    print(
        f"search page, {len(timings)} requests: median {median:.1f} ms, p95 {overall:.1f} ms, max {max(timings):.1f} ms"
    )
    for label, values in sorted(by_kind.items()):
        print(f"  {label:18} n={len(values):3}  median {statistics.median(values):6.1f} ms  p95 {p95(values):6.1f} ms")
    for label, values in sorted(by_role.items()):
        print(f"  {label:18} n={len(values):3}  median {statistics.median(values):6.1f} ms  p95 {p95(values):6.1f} ms")
    for elapsed, role, q in sorted(slow, reverse=True)[:5]:
        print(f"  slowest: {elapsed:.0f} ms  {role} {q!r}")
    print(
        json.dumps(
            {
                "benchmark": "search",
                "people": people,
                "cases": cases,
                "allegations": allegations,
                "reports": reports,
                "requests": len(timings),
                "search_median_ms": round(median, 1),
                "search_p95_ms": round(overall, 1),
                "p95_ms_by_query": {k: round(p95(v), 1) for k, v in sorted(by_kind.items())},
                "p95_ms_by_role": {k: round(p95(v), 1) for k, v in sorted(by_role.items())},
                "targets": {"p95_ms": 200},
                "meets_targets": overall < 200,
            }
        )
    )


if __name__ == "__main__":
    main()
