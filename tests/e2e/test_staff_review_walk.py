"""Browser walk of a member of staff (no role, a workforce record) answering the annual review of
their business interest from the home page, and the integrity approver finding the answer among
their decisions. axe-core on every page visited; a screenshot of each."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.choices import Role
from tests.e2e.conftest import assert_accessible, browser_sign_in, screenshot
from tests.factories import PASSWORD, PersonFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DETAIL = "I now also deliver to two cafes, about 4 hours a week; still no dealings with the force."


def _user(role, **names):
    user = UserFactory(role=role, **names)
    user.person = PersonFactory()
    user.save()
    return user


def test_staff_answer_the_annual_review_and_the_approver_sees_it(page, live_server, browser):
    from integrity.models import BusinessInterest
    from tests.e2e.conftest import browser_page
    from tests.integrity.conftest import declare_business

    staff = _user(None, first_name="Sam", last_name="Okafor")
    approver = _user(Role.INTEGRITY_APPROVER, first_name="April", last_name="Hughes")
    entry = declare_business(staff, business_name="Green Lane Allotment Shop")
    today = timezone.localdate()
    BusinessInterest.objects.filter(pk=entry.pk).update(
        status="decided", decision="approved", decided_by=approver, decided_on=today - timedelta(days=351),
        review_on=today + timedelta(days=14),
    )  # fmt: skip

    browser_sign_in(page, live_server.url, staff, PASSWORD)
    section = page.locator("[data-testid=work-my-declarations]")
    expect(section.locator("[data-testid=work-item]")).to_have_count(1)
    expect(page.locator("[data-testid=work-my-declarations-count]")).to_have_text("1")
    items_before = page.locator("[data-testid=work-item]").count()
    assert_accessible(page, "staff home with a review due")
    screenshot(page, "staff-review-1-home")

    section.locator("[data-testid=work-item] a").first.click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_contain_text("Annual review: ")
    assert_accessible(page, "annual review answer page")
    screenshot(page, "staff-review-2-form")

    # "something has changed" without saying what: the page says so, on the field
    page.get_by_label("Something has changed").check()
    page.click("[data-testid=send-review]")
    expect(page.locator(".govuk-error-summary")).to_contain_text("What has changed: Say what has changed.")
    expect(page.locator("#detail-error")).to_be_visible()
    assert_accessible(page, "annual review answer page with an error")
    screenshot(page, "staff-review-3-error")

    page.get_by_label("Something has changed").check()
    page.get_by_label("What has changed").fill(DETAIL)
    page.click("[data-testid=send-review]")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("sent to the integrity approver")
    expect(page.locator("[data-testid=answer-review]")).to_have_count(0)
    assert_accessible(page, "my declarations after the answer")
    screenshot(page, "staff-review-4-mine-after")

    page.goto(f"{live_server.url}/")
    expect(page.locator("[data-testid=work-my-declarations]")).to_have_count(0)
    assert page.locator("[data-testid=work-item]").count() == items_before - 1
    assert_accessible(page, "staff home after the answer")
    screenshot(page, "staff-review-5-home-after")

    with browser_page(browser) as approver_page:
        browser_sign_in(approver_page, live_server.url, approver, PASSWORD)
        decisions = approver_page.locator("[data-testid=work-integrity-decisions]")
        expect(decisions.locator("[data-testid=work-item]")).to_have_count(1)
        expect(decisions).to_contain_text(entry.reference)
        expect(decisions).to_contain_text("Decide the annual review")
        assert_accessible(approver_page, "approver home with the answered review")
        screenshot(approver_page, "staff-review-6-approver-home")
        decisions.locator("[data-testid=work-item] a").first.click()
        approver_page.wait_for_load_state()
        answer = approver_page.locator("[data-testid=review-answer]")
        expect(answer).to_contain_text("Something has changed")
        expect(answer).to_contain_text(DETAIL)
        expect(answer).to_contain_text(f"{today:%-d %B %Y}")
        assert_accessible(approver_page, "decide page with the declarer's answer")
        screenshot(approver_page, "staff-review-7-approver-decide")
