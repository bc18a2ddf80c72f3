"""At a phone's width (390 px) every queue and list reads down the page: no sideways scrolling
(the MOJ responsive table turns rows into cards), the header fits, and axe-core finds nothing
serious. One walk per role, with a screenshot of each page."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.choices import Role
from cases.models import AllegationCategory, Case, Standard
from cases.priority import priority_score_cases
from cases.services import allegation_add, case_open, subject_add
from counter_corruption.priority import queue_open_sources, queue_score
from tests.counter_corruption.queue.helpers import make_log
from tests.e2e.conftest import assert_accessible, browser_page, browser_sign_in, screenshot
from tests.factories import PASSWORD, PersonFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

PAGES = {
    Role.INVESTIGATOR: ["/", "/cases/", "/notifications/"],
    Role.SUPERVISOR: ["/", "/queues/", "/queues/flags/", "/queues/suspension/", "/cases/", "/performance/"],
    Role.VETTING_OFFICER: ["/vetting/screening/hits/", "/vetting/clearances/", "/vetting/screening/"],
    Role.REPORTING_OFFICER: ["/reporting/"],
    Role.ANALYST: ["/disparities/flags/"],
    Role.COUNTER_CORRUPTION: ["/counter-corruption/queue/", "/counter-corruption/intelligence/"],
    Role.AUDITOR: ["/audit/?object=&username="],
    Role.INTEGRITY_APPROVER: ["/integrity/"],
}


def _world(supervisor, investigator):
    category = AllegationCategory.objects.get(code="violence")
    for n in range(3):
        case = case_open(
            actor=supervisor,
            source="public_complaint",
            received_date=date(2026, 9, 1) + timedelta(days=n),
            summary=f"Pushed a member of the public outside the Northgate shopping centre ({n})",
        )
        subject = subject_add(actor=supervisor, case=case, person=PersonFactory())
        allegation_add(
            actor=supervisor,
            subject=subject,
            category=category,
            standards=[Standard.objects.get(number=4)],
            description="d",
        )
        if n:
            case.investigator = investigator
            case.save(update_fields=["investigator"])
    priority_score_cases(case_ids=list(Case.objects.values_list("id", flat=True)))
    today = timezone.localdate()
    make_log(
        received_on=today - timedelta(days=9), themes=["apsp"], subjects=[PersonFactory()], source="A", assessment="2"
    )
    make_log(received_on=today - timedelta(days=2), themes=["vulnerability"], subjects=[PersonFactory()], legacy="E4/3")
    log_ids, alert_ids = queue_open_sources()
    queue_score(log_ids=log_ids, alert_ids=alert_ids)


def test_every_list_fits_a_phone_for_each_role(browser, live_server):
    supervisor = UserFactory(role=Role.SUPERVISOR, first_name="Sam", last_name="Supervisor")
    investigator = UserFactory(role=Role.INVESTIGATOR, first_name="Ivy", last_name="Investigator")
    _world(supervisor, investigator)
    users = {Role.SUPERVISOR: supervisor, Role.INVESTIGATOR: investigator}
    too_wide = []
    for role, paths in PAGES.items():
        user = users.get(role) or UserFactory(role=role)
        with browser_page(browser, width=PHONE["width"]) as page:
            page.set_viewport_size(PHONE)
            browser_sign_in(page, live_server.url, user, PASSWORD)
            for path in paths:
                response = page.goto(f"{live_server.url}{path}")
                assert response.status == 200, (role, path, response.status)
                assert page.locator("main").count() == 1, path
                width = page.evaluate("document.documentElement.scrollWidth")
                name = f"mobile-{role}-{path.split('?')[0].strip('/').replace('/', '-') or 'home'}"
                screenshot(page, name)
                if width > PHONE["width"] + 1:
                    too_wide.append(f"{role} {path}: {width}px")
                assert_accessible(page, name)
            assert page.csp_violations == []
    assert not too_wide, too_wide
