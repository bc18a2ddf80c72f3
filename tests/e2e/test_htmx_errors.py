"""htmx answers with 400/409/422 carry the form with its errors: the page must show them."""

from datetime import date

import pytest
from playwright.sync_api import expect

from accounts.choices import Role
from cases.models import AllegationCategory, Case, Standard
from cases.priority import priority_score_cases
from cases.services import allegation_add, case_open, subject_add
from tests.e2e.conftest import browser_sign_in, screenshot
from tests.factories import PASSWORD, PersonFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_allocating_without_a_reason_shows_the_refusal_at_the_reason_field(page, live_server):
    supervisor = UserFactory(role=Role.SUPERVISOR)
    investigator = UserFactory(role=Role.INVESTIGATOR, first_name="Ivy", last_name="Investigator")
    case = case_open(actor=supervisor, source="public_complaint", received_date=date(2026, 9, 1), summary="x")
    subject = subject_add(actor=supervisor, case=case, person=PersonFactory())
    allegation_add(
        actor=supervisor,
        subject=subject,
        category=AllegationCategory.objects.get(code="violence"),
        standards=[Standard.objects.get(number=4)],
        description="d",
    )
    priority_score_cases(case_ids=[case.id])

    browser_sign_in(page, live_server.url, supervisor, PASSWORD)
    page.goto(f"{live_server.url}/queues/")
    page.locator("input[name=cases]").first.check()
    page.select_option("#allocate-investigator", str(investigator.pk))
    page.click("[data-testid=allocate]")
    error = page.locator("#allocate-reason-error")
    error.wait_for(state="visible", timeout=5000)
    assert "Give the reasons" in error.inner_text()
    expect(page.locator("#queue-body .govuk-error-summary")).to_be_visible()
    assert page.url.endswith("/queues/")  # swapped in place by htmx, not a page load
    screenshot(page, "queue-allocation-refused")
    assert Case.objects.get().investigator is None
    # then a reason: allocated, and the error is gone
    page.fill("#allocate-reason", "Available this week")
    page.click("[data-testid=allocate]")
    page.wait_for_selector("[data-testid=allocation-done]")
    expect(page.locator("#allocate-reason-error")).to_have_count(0)
    assert Case.objects.get().investigator == investigator
    assert page.csp_violations == []


def test_a_server_error_behind_htmx_is_told_to_the_user(page, live_server):
    supervisor = UserFactory(role=Role.SUPERVISOR)
    browser_sign_in(page, live_server.url, supervisor, PASSWORD)
    page.goto(f"{live_server.url}/queues/")
    # the allocation endpoint failing with an answer htmx does not swap (a server error)
    page.route("**/queues/allocate/**", lambda route: route.fulfill(status=500, body="boom"))
    page.click("[data-testid=allocate]")
    banner = page.locator("[data-testid=htmx-error]")
    banner.wait_for(state="visible", timeout=5000)
    assert "could not be completed" in banner.inner_text()
    assert page.csp_violations == []


def test_a_400_without_the_form_is_not_swapped_but_told(page, live_server):
    supervisor = UserFactory(role=Role.SUPERVISOR)
    browser_sign_in(page, live_server.url, supervisor, PASSWORD)
    page.goto(f"{live_server.url}/queues/")
    expect(page.locator("[data-testid=queue-table]")).to_have_count(1)
    # a refusal that does not bring the form back (a proxy's or the framework's bare "Bad Request")
    page.route("**/queues/allocate/**", lambda route: route.fulfill(status=400, body="<h1>Bad Request (400)</h1>"))
    page.click("[data-testid=allocate]")
    banner = page.locator("[data-testid=htmx-error]")
    expect(banner).to_be_visible()
    assert "refused what was sent (400)" in banner.inner_text()
    expect(page.locator("[data-testid=queue-table]")).to_have_count(1)  # the queue is still there
    assert "Bad Request" not in page.locator("main").inner_text()
    screenshot(page, "htmx-400-told")
    # the next request hides the message again (here: the real answer, the form with its errors)
    page.unroute("**/queues/allocate/**")
    page.click("[data-testid=allocate]")
    expect(page.locator("#queue-body .govuk-error-summary")).to_be_visible()
    expect(banner).to_be_hidden()
    assert page.csp_violations == []


def test_a_403_behind_htmx_says_the_user_may_be_signed_out(page, live_server):
    supervisor = UserFactory(role=Role.SUPERVISOR)
    browser_sign_in(page, live_server.url, supervisor, PASSWORD)
    page.goto(f"{live_server.url}/queues/")
    page.route("**/queues/allocate/**", lambda route: route.fulfill(status=403, body="<h1>403 Forbidden</h1>"))
    page.click("[data-testid=allocate]")
    banner = page.locator("[data-testid=htmx-error]")
    expect(banner).to_be_visible()
    assert "not allowed to do this, or you have been signed out" in banner.inner_text()
    expect(page.locator("[data-testid=queue-table]")).to_have_count(1)
    assert page.csp_violations == []


def test_a_lost_connection_behind_htmx_is_told(page, live_server):
    supervisor = UserFactory(role=Role.SUPERVISOR)
    browser_sign_in(page, live_server.url, supervisor, PASSWORD)
    page.goto(f"{live_server.url}/queues/")
    page.route("**/queues/allocate/**", lambda route: route.abort("internetdisconnected"))
    page.click("[data-testid=allocate]")
    banner = page.locator("[data-testid=htmx-error]")
    expect(banner).to_be_visible()
    assert "could not be reached" in banner.inner_text()
