"""The demo performance cases are made through the services and every page of them answers."""

import pytest

from accounts.choices import Role
from demo.performance import demo_performance_seed
from performance.choices import PerformanceState
from performance.models import PerformanceCase
from tests.conftest import quick_sign_in
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
S = PerformanceState


def test_demo_cases_cover_both_rule_versions_and_every_page_answers():
    sergeant = PersonFactory(rank_or_grade="PS")
    for _ in range(4):
        PersonFactory(rank_or_grade="PC", line_manager=sergeant)
    elsewhere = PersonFactory(rank_or_grade="PS")
    for _ in range(3):
        PersonFactory(rank_or_grade="PC", line_manager=elsewhere)
    supervisor = UserFactory(username="supervisor", role=Role.SUPERVISOR, person=sergeant)
    authority = UserFactory(
        username="authority", role=Role.APPROPRIATE_AUTHORITY, person=PersonFactory(rank_or_grade="SUPT")
    )
    assert "6 cases" in demo_performance_seed()
    cases = PerformanceCase.objects.all()
    assert {c.rule_version.version for c in cases} == {"2020", "si-2025-558"}
    assert {c.state for c in cases} >= {S.THIRD_STAGE, S.FIRST_IMPROVEMENT, S.OPENED, S.SECOND_STAGE, S.CLOSED}
    assert "already present" in demo_performance_seed()
    for user, expected in ((supervisor, 4), (authority, 6)):
        client = quick_sign_in(user)
        queue = client.get("/performance/")
        assert queue.status_code == 200 and len(queue.context["rows"]) == expected - (1 if user is authority else 0)
        for case in cases:
            page = client.get(f"/performance/{case.reference}/")
            assert page.status_code in (200, 404)
            if page.status_code == 200:
                for step in page.context["steps"]:
                    assert client.get(f"/performance/{case.reference}/{step['slug']}/").status_code == 200, step
    overdue = quick_sign_in(supervisor).get("/performance/").context["rows"][0]
    assert overdue.overdue and "specified period" in overdue.next_due["what"]


def test_a_demo_supervisor_without_reports_is_given_constables_to_line_manage():
    supervisor = UserFactory(username="supervisor", role=Role.SUPERVISOR, person=PersonFactory(rank_or_grade="PS"))
    UserFactory(username="authority", role=Role.APPROPRIATE_AUTHORITY, person=PersonFactory(rank_or_grade="SUPT"))
    for _ in range(8):
        PersonFactory(rank_or_grade="PC")
    demo_performance_seed()
    assert len(quick_sign_in(supervisor).get("/performance/").context["rows"]) == 4
