"""Query counts of the case list page and API are pinned and do not grow with page size.

Each list read writes one access event (audit.access.log_list_read: 4-5 queries, the chain
head locked once), never one per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.choices import Role
from cases.models import AllegationCategory, Standard
from cases.services import allegation_add, case_open, subject_add
from tests.conftest import quick_sign_in
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def _cases(n, actor):
    category = AllegationCategory.objects.get(code="violence")
    standard = Standard.objects.get(number=4)
    for _ in range(n):
        case = case_open(
            actor=actor, source="public_complaint", received_date=__import__("datetime").date(2026, 1, 5), summary="x"
        )
        for _ in range(2):
            subject = subject_add(actor=actor, case=case, person=PersonFactory())
            allegation_add(actor=actor, subject=subject, category=category, standards=[standard], description="d")


@pytest.fixture(autouse=True)
def _chain_started(db):
    """The access log's first event creates its chain head: start it so every count is steady."""
    from audit.models import AccessChainHead

    AccessChainHead.objects.get_or_create(id=1)


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


# the pages: one query more for the unread count beside "Notifications" in the menu (issue 17)
@pytest.mark.parametrize("url,pinned", [("/cases/", 21), ("/api/cases/", 19)])
def test_case_list_queries_are_pinned_and_flat(url, pinned):
    user = UserFactory(role=Role.SUPERVISOR)
    client = quick_sign_in(user)
    _cases(3, user)
    few = _count(client, url)
    _cases(12, user)
    many = _count(client, url)
    assert few == many, f"{url}: {few} queries for 3 cases, {many} for 15"
    assert many <= pinned, f"{url}: {many} queries (pinned at {pinned})"


# /queues/all/: one query more for the police staff procedure's deadlines under each case (hearings.staff),
# one for the unread notifications count in the menu
@pytest.mark.parametrize("url,pinned", [("/queues/all/", 25), ("/api/queues/?queue=all", 19)])
def test_queue_queries_are_pinned_and_flat(url, pinned):
    from cases.models import Case
    from cases.priority import priority_score_cases

    user = UserFactory(role=Role.SUPERVISOR)
    client = quick_sign_in(user)
    _cases(3, user)
    priority_score_cases(case_ids=list(Case.objects.values_list("id", flat=True)))
    few = _count(client, url)
    _cases(30, user)
    priority_score_cases(case_ids=list(Case.objects.values_list("id", flat=True)))
    many = _count(client, url)
    assert few == many, f"{url}: {few} queries for 3 cases, {many} for 33"
    assert many <= pinned, f"{url}: {many} queries (pinned at {pinned})"
