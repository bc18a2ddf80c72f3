"""The demo data set, seeded into the test database as if today were another date, with the
clock frozen at that date for the seeding and for the crawl (pages then behave as on that day)."""

import io
import time
from datetime import date, datetime
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from accounts.models import User
from cases.models import Case
from tests.conftest import quick_sign_in

# Two demo data sets: another seed, another "today" (one mid-month, one the last day of a 31-day
# month), small enough to seed in well under a minute each. The second has a stronger built-in
# disparity so that the refresh raises FLAGs (their pages and links are crawled too).
COMBINATIONS = [
    {"seed": 1, "today": date(2026, 6, 17), "people": 400},
    {"seed": 2, "today": date(2026, 8, 31), "people": 800, "disparity": 2.5},
]
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module", params=COMBINATIONS, ids=lambda c: f"seed{c['seed']}-{c['today']}")
def demo(request, django_db_setup, django_db_blocker):
    """Seed the demo (seed, today) in one transaction, rolled back when the module's tests for it
    are done; every test inside gets its own savepoint through the `db` fixture."""
    options = dict(request.param)
    seed, today = options["seed"], options["today"]
    moment = datetime.combine(today, clock(10, 30), tzinfo=ZoneInfo(settings.TIME_ZONE))
    with django_db_blocker.unblock(), time_machine.travel(moment, tick=False):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            started = time.perf_counter()
            out = io.StringIO()
            # seed_demo is for demo mode (it may refuse otherwise); ten demo accounts: 7 s of PBKDF2
            # with the real hasher, so a fast one for the seeding
            with override_settings(DEMO_MODE=True, PASSWORD_HASHERS=FAST_HASHER):
                call_command("seed_demo", **options, stdout=out)
            # someone has read a matter, so the access log has an entry to list and open
            case = Case.objects.filter(status="open").order_by("received_date").first()
            quick_sign_in(User.objects.get(username="supervisor")).get(f"/cases/{case.reference}/")
            artifacts = Path(settings.BASE_DIR) / "test-artifacts" / "crawl"
            artifacts.mkdir(parents=True, exist_ok=True)
            (artifacts / f"seed{seed}-{today}-seed_demo.txt").write_text(out.getvalue())
            yield {
                "seed": seed,
                "today": today,
                "seconds": time.perf_counter() - started,
                "log": out.getvalue(),
                # routes and API lists already tried with bad query strings (by any role)
                "probed_pages": set(),
                "probed_api": set(),
            }
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
