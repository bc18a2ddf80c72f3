"""Any page number on any list, page or API, answers a page or a 404: never a 500.

Django's Paginator.get_page gives the last page for a page past the end (and the first for one
that is not a number); DRF's page-number pagination answers 404 "Invalid page.". The project's
own count-free pagination (the queues) behaves the same way, through one helper.
"""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.choices import Role
from cases.models import AllegationCategory, Case, Standard
from cases.priority import priority_score_cases
from cases.services import allegation_add, case_open, subject_add
from tests.conftest import quick_sign_in
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

BAD_PAGES = ["99999999999999999999", "-1", "2.5", "9" * 5000]  # past any end, below 1, not whole, too long


def _list_urls(resolver=None, prefix=""):
    """Every served URL that takes no argument (the lists and the pages without an object)."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
        if isinstance(pattern, URLResolver):
            if route.startswith(("admin/", "report/")):
                continue
            yield from _list_urls(pattern, route)
        elif isinstance(pattern, URLPattern) and not pattern.pattern.regex.groups:
            if "<" in route or "(" in route or "\\" in route or "." in route:
                continue
            yield "/" + route


def _cases(n, actor):
    category = AllegationCategory.objects.get(code="violence")
    standard = Standard.objects.get(number=4)
    for _ in range(n):
        case = case_open(actor=actor, source="public_complaint", received_date=date(2026, 1, 5), summary="x")
        subject = subject_add(actor=actor, case=case, person=PersonFactory())
        allegation_add(actor=actor, subject=subject, category=category, standards=[standard], description="d")
    priority_score_cases(case_ids=list(Case.objects.values_list("id", flat=True)))


def test_no_page_number_on_any_list_answers_a_server_error():
    user = UserFactory(role=None)
    user.groups.set(Group.objects.all())
    client = quick_sign_in(user)
    _cases(3, user)
    urls = sorted(set(_list_urls()) | {"/queues/all/", "/queues/at-risk/", "/queues/unallocated/"})
    assert {"/cases/", "/queues/all/", "/api/queues/", "/api/cases/", "/workforce/", "/audit/"} <= set(urls)
    failures = []
    for url in urls:
        if url.startswith(("/api/schema/", "/api/docs/", "/sign-")):  # no lists there
            continue
        for page in BAD_PAGES:
            for query in ({"page": page}, {"page_size": page}) if url.startswith("/api/") else ({"page": page},):
                if url == "/audit/":
                    query["username"] = "x"  # the audit list only pages a search
                try:
                    with transaction.atomic():  # a failed query must not end the test's transaction
                        status = client.get(url, query).status_code
                except Exception as exc:  # what the server would answer with a 500
                    status = f"500 {type(exc).__name__}: {str(exc)[:80]}"
                if not isinstance(status, int) or status >= 500:
                    failures.append(f"GET {url}?{query} -> {status}")
    assert failures == [], "\n".join(failures)


def test_a_page_past_the_end_of_a_queue_shows_its_last_page_and_the_api_answers_404():
    supervisor = UserFactory(role=Role.SUPERVISOR)
    client = quick_sign_in(supervisor)
    _cases(27, supervisor)  # two pages of 25
    last = client.get("/queues/all/", {"page": "99999999999999999999"})
    assert last.status_code == 200
    assert last.content.count(b'data-testid="queue-row"') == 2
    assert b"(page 2)" in last.content and b"Next page" not in last.content
    assert client.get("/queues/all/", {"page": "-3"}).content.count(b'data-testid="queue-row"') == 25
    api = client.get("/api/queues/", {"queue": "all", "page": "99999999999999999999"})
    assert api.status_code == 404 and "page" in api.json()["detail"].lower()
    assert client.get("/api/queues/", {"queue": "all", "page": "abc"}).status_code == 404
    assert len(client.get("/api/queues/", {"queue": "all", "page": "2"}).json()["results"]) == 2
    # DRF's own pagination (the case list) behaves the same way
    assert client.get("/api/cases/", {"page": "99999999999999999999"}).status_code == 404
    assert client.get("/api/cases/", {"page": "last"}).json()["count"] == 27
