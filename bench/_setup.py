"""Benchmarks run against their own database (misconduct_bench) on the configured or embedded
PostgreSQL, migrated on first use, so they never touch demo or production data."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_DB = os.environ.get("BENCH_DATABASE_NAME", "misconduct_bench")


def django_for_bench():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "misconduct.settings")
    os.environ.setdefault("TESTING", "1")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    from misconduct import embedded

    if not os.environ.get("DATABASE_URL"):
        embedded.ensure_postgres(BENCH_DB)
    else:
        import dj_database_url
        import psycopg

        cfg = dj_database_url.parse(os.environ["DATABASE_URL"])
        with psycopg.connect(
            host=cfg["HOST"] or cfg["OPTIONS"].get("host"),
            port=cfg["PORT"] or None,
            user=cfg["USER"],
            password=cfg["PASSWORD"] or None,
            dbname="postgres",  # the bench database may not exist yet, nor the one named in the URL
            autocommit=True,
        ) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname=%s", [BENCH_DB]).fetchone():
                conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    os.environ["DATABASE_NAME"] = BENCH_DB
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def reset_workforce():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE workforce_person, workforce_personevent, workforce_orgunit, workforce_orgunitevent, "
            "cases_case, cases_casesubject, cases_casesubjectevent, cases_caseevent, cases_caseaccessgrant, "
            "cases_conflictdeclaration, pghistory_context CASCADE"
        )
