"""Every page for every role on real data (issue 12, part 2).

For each demo data set (two seeds, two "today" dates, one a month-end; the clock frozen at that
date) and each demo account, plus an anonymous visitor: start at the home page (the administrator
also at the Django admin; the visitor at the public portal), follow every same-site link and open
every form, bounded per route; then each route again with bad query strings and identifiers
(see crawler.py). Then every GET endpoint of the OpenAPI schema. Any 5xx (or exception) fails,
naming role, URL, exception and the line in our code; so does a filter that, given a partial
query string, answers "This field is required." instead of using its defaults.

Per role it prints pages, filter choices, bad-query probes, API calls and time; the URLs visited
with their status are written to test-artifacts/crawl/."""

import json
import logging
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import User
from demo.management.commands.seed_demo import DEMO_ACCOUNTS
from tests.conftest import quick_sign_in
from tests.crawl.crawler import ApiCrawler, Crawler

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "crawl"
ROLES = [username for _role, username, _first, _last in DEMO_ACCOUNTS]
# Where each crawl starts: the home page; the administrator also has the Django admin (not linked
# from the service's pages); the public reporting portal and sign-in pages need no account.
STARTS = {"admin": ["/", "/admin/"], "anonymous": ["/report/", "/sign-in/", "/"]}


@pytest.fixture(autouse=True)
def _quiet(caplog):
    """The failures are listed by the test itself; Django's request log would repeat each one."""
    caplog.set_level(logging.CRITICAL, logger="django.request")


def _client(username):
    if username == "anonymous":
        return Client()
    return quick_sign_in(User.objects.get(username=username))


def _report(capsys, demo, role, what, result, seconds, cpu):
    name = f"seed{demo['seed']}-{demo['today']}-{role}-{'api' if result.api_calls else 'pages'}.txt"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / name).write_text("\n".join(result.log) + "\n")
    line = (
        f"crawl seed {demo['seed']} today {demo['today']} ({demo['seconds']:.0f} s to seed) {role:>12}: "
        f"{what} {seconds:5.1f} s ({time.process_time() - cpu:.1f} s CPU here); "
        f"{result.statuses['total']} requests, {len(result.failures)} x 5xx"
    )
    with capsys.disabled():
        print("\n" + line, flush=True)


def _fail_on(result, role):
    if result.failures:
        listing = "\n  ".join(str(f) for f in result.failures)
        pytest.fail(f"{len(result.failures)} x 5xx (or required-field errors) for {role}:\n  {listing}", pytrace=False)


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_every_page_for_role(demo, role, db, capsys):
    client = _client(role)
    if role != "anonymous":
        home = client.get("/")
        assert home.status_code == 200, f"{role} is not signed in: {home.status_code} {home.get('Location')}"
    started, cpu = time.perf_counter(), time.process_time()
    crawler = Crawler(client, probed=demo["probed_pages"])
    result = crawler.crawl(*STARTS.get(role, ["/"]))
    crawler.probe()
    _report(
        capsys,
        demo,
        role,
        f"{result.pages} pages ({len(result.routes)} routes), {result.choices} filter choices, "
        f"{result.probes} bad-query probes,",
        result,
        time.perf_counter() - started,
        cpu,
    )
    _fail_on(result, role)


@pytest.mark.parametrize("role", ROLES)
def test_every_api_endpoint_for_role(demo, role, db, capsys):
    client = _client(role)
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200, response.content[:300]
    schema = json.loads(response.content)
    crawler = Crawler(client)
    ApiCrawler(client, schema, crawler, probed=demo["probed_api"]).run()
    result = crawler.result
    _report(
        capsys,
        demo,
        role,
        f"{result.api_calls} API calls ({len(result.not_filled)} details with no item to open),",
        result,
        time.perf_counter() - started,
        cpu,
    )
    _fail_on(result, role)
