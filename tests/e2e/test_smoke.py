import pytest
from playwright.sync_api import expect

from accounts.choices import Role
from tests.e2e.conftest import browser_sign_in, screenshot
from tests.factories import PASSWORD, CaseFactory, PersonFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAV = {
    Role.INVESTIGATOR: ["Home", "Cases", "My diary", "Workforce", "Notifications", "API"],
    Role.SUPERVISOR: [
        "Home",
        "Queues",
        "Cases",
        "Workforce",
        "Timeliness",
        "Performance",
        "Reporting line",
        "Notifications",
        "API",
    ],
    Role.APPROPRIATE_AUTHORITY: [
        "Home",
        "Queues",
        "Cases",
        "Workforce",
        "Timeliness",
        "Performance",
        "Vetting withdrawals",
        "Board pack",
        "Notifications",
        "API",
    ],  # fmt: skip
    Role.VETTING_OFFICER: ["Home", "Workforce", "Vetting", "Notifications", "API"],
    Role.REPORTING_OFFICER: ["Home", "Workforce", "Reporting line", "Notifications", "API"],
    Role.ANALYST: [
        "Home",
        "Cases",
        "Workforce",
        "Disparities",
        "Timeliness",
        "Home Office return",
        "Board pack",
        "Notifications",
        "API",
    ],
    Role.HEARINGS_OFFICER: ["Home", "Cases", "Workforce", "Hearings calendar", "Notifications", "API"],
    Role.OVERSIGHT_READER: ["Home", "Oversight", "Notifications", "API"],
    Role.AUDITOR: ["Home", "Audit", "Notifications", "API"],
    Role.ADMINISTRATOR: ["Home", "Workforce", "Workforce import", "Locked accounts", "Notifications", "API"],
    Role.COUNTER_CORRUPTION: ["Home", "Cases", "Reporting line", "Counter-corruption", "Notifications", "API"],
    Role.INTEGRITY_APPROVER: ["Home", "Integrity registers", "Notifications", "API"],
}


def test_sign_in_page(page, live_server):
    page.goto(f"{live_server.url}/sign-in/")
    assert page.title().startswith("Sign in")
    page.click("button:has-text('Continue')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    screenshot(page, "sign-in-errors")
    page.goto(f"{live_server.url}/sign-in/")
    screenshot(page, "sign-in")
    assert page.csp_violations == []


@pytest.mark.parametrize("role", list(Role))
def test_each_role_signs_in_with_its_second_factor_and_sees_its_home(page, live_server, role):
    CaseFactory(subjects=[PersonFactory()])
    user = UserFactory(role=role, first_name="Test", last_name=role.label)
    browser_sign_in(page, live_server.url, user, PASSWORD)
    nav = page.locator("#navigation .govuk-service-navigation__link").all_inner_texts()
    assert nav == NAV[role]
    assert page.locator("h1").inner_text() == "Your work"
    assert role.label in page.locator("main").inner_text()
    screenshot(page, f"home-{role.value}")
    assert page.csp_violations == []
    page.click("[data-testid=sign-out]")
    page.wait_for_url("**/sign-in/")


def test_a_missing_page_shows_a_friendly_404_without_a_traceback(page, live_server):
    user = UserFactory(role=Role.INVESTIGATOR)
    browser_sign_in(page, live_server.url, user, PASSWORD)
    response = page.goto(f"{live_server.url}/cases/PSD-0000-99999/")
    assert response.status == 404
    text = page.locator("main").inner_text()
    assert "Page not found" in text and "Traceback" not in page.content()
    screenshot(page, "not-found")
