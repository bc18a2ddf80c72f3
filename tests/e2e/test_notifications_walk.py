"""Browser walk: a user with three notifications sees the count in the menu, opens the page, opens
one (it becomes read, the browser lands on its record), and comes back to an Unread list one shorter."""

import pytest
from playwright.sync_api import expect

from accounts.choices import Role
from notifications.services import notify
from tests.e2e.conftest import assert_accessible, browser_sign_in, screenshot
from tests.factories import PASSWORD, CaseFactory, PersonFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_user_opens_a_notification_and_the_unread_list_is_one_shorter(page, browser, live_server):
    user = UserFactory(role=Role.INVESTIGATOR, first_name="Dana", last_name="Reyes", email="dana@example.test")
    cases = [CaseFactory(subjects=[PersonFactory()]) for _ in range(3)]
    for i, case in enumerate(cases):
        notify(
            [user], f"Case {case.reference}: " + ("interview due" if i == 0 else "new evidence recorded"),
            "Synthetic notice for the walk.", f"/cases/{case.reference}/",
            record_kind="case", record_id=case.reference, needs_action=i == 0,
        )  # fmt: skip
    browser_sign_in(page, live_server.url, user, PASSWORD)
    expect(page.locator("[data-testid=notifications-unread]")).to_contain_text("3")
    page.click("[data-testid=nav-notifications]")
    expect(page.locator("h1")).to_have_text("Notifications")
    expect(page.locator("[data-testid=notification]")).to_have_count(3)
    expect(page.locator("[data-testid=tab-unread]")).to_contain_text("Unread (3)")
    screenshot(page, "notifications-1-unread")
    assert_accessible(page, "notifications unread")

    oldest = cases[0].reference
    page.click(f"[data-testid=notification-open]:has-text('{oldest}')")
    expect(page).to_have_url(f"{live_server.url}/cases/{oldest}/")
    expect(page.locator("[data-testid=notifications-unread]")).to_contain_text("2")
    screenshot(page, "notifications-2-opened-record")

    page.click("[data-testid=nav-notifications]")
    expect(page.locator("[data-testid=notification]")).to_have_count(2)
    expect(page.locator("[data-testid=tab-unread]")).to_contain_text("Unread (2)")
    page.click("[data-testid=tab-all]")
    expect(page.locator("[data-testid=notification]")).to_have_count(3)
    expect(page.locator("[data-testid=notification][data-state=read]")).to_have_count(1)
    screenshot(page, "notifications-3-all")
    assert_accessible(page, "notifications all")

    # the same session on a phone's width (a second sign-in could reuse the same one-time code)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/notifications/")
    expect(page.locator("[data-testid=notification]")).to_have_count(2)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "notifications-4-mobile")
    assert_accessible(page, "notifications mobile")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.click("[data-testid=read-all]")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("2 notifications marked as read")
    expect(page.locator("[data-testid=notifications-unread]")).to_have_count(0)
    screenshot(page, "notifications-5-all-read")
    assert page.csp_violations == []
