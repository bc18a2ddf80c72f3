"""The integrity registers in a real browser: a member of staff declares a business interest, an
approver refuses it with reasons, and the member of staff sees the refusal."""

import pytest
from playwright.sync_api import expect

from accounts.choices import Role
from integrity.models import BusinessInterest
from tests.e2e.conftest import browser_page, browser_sign_in, screenshot
from tests.factories import PASSWORD, PersonFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _user(role, first, last):
    user = UserFactory(role=role, first_name=first, last_name=last)
    user.person = PersonFactory(forenames=first.upper(), surname=last.upper())
    user.save()
    return user


def test_staff_declares_a_business_interest_the_approver_refuses_it_and_staff_sees_the_refusal(browser, live_server):
    staff = _user(None, "Sasha", "Green")
    approver = _user(Role.INTEGRITY_APPROVER, "April", "Hughes")

    # the staff member's browser stays open while the approver decides (a second sign-in within the
    # same 30 seconds would reuse a one-time code, which the second factor refuses)
    with browser_page(browser) as page, browser_page(browser) as approver_page:
        browser_sign_in(page, live_server.url, staff, PASSWORD)
        page.click("#navigation a:has-text('My declarations')")
        page.click("[data-testid=declare-business-interests]")
        page.click("[data-testid=send-declaration]")  # nothing filled in: the errors first
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        assert (
            "Name of the business or organisation: This field is required."
            in page.locator(".govuk-error-summary").inner_text()
        )
        screenshot(page, "registers-declare-errors")
        page.check("label:has-text('Directorship')")
        page.fill("#id_business_name", "Severn Valley Security Ltd")
        page.fill("#id_business_address", "4 Quay Street, Bristol BS1 4AB")
        page.fill("#id_activity", "Director of a door-supervisor firm my brother runs")
        page.fill("#id_hours_per_week", "4")
        page.fill("#id_payment", "£400 a month")
        page.fill("#id_conflict_statement", "Its door staff work at licensed premises I may police.")
        screenshot(page, "registers-declare-filled")
        page.click("[data-testid=send-declaration]")
        assert "Declaration sent" in page.locator("[data-testid=declared]").inner_text()
        entry = BusinessInterest.objects.get(person=staff.person)
        assert entry.reference in page.locator("[data-testid=declared]").inner_text()
        screenshot(page, "registers-declared")
        assert page.csp_violations == []
        _approver_refuses(approver_page, live_server.url, approver, entry)
        entry.refresh_from_db()
        assert entry.decision == "refused" and entry.decided_by == approver

        page.click("#navigation a:has-text('My declarations')")
        row = page.locator("[data-testid=mine-business-interests] tr", has_text=entry.reference)
        assert "Refused" in row.inner_text()
        screenshot(page, "registers-mine-refused")
        page.click(f"a:has-text('{entry.reference}')")
        decision = page.locator("[data-testid=decision]").inner_text()
        assert "Refused" in decision and "a real conflict" in decision
        screenshot(page, "registers-staff-sees-refusal")
        assert page.csp_violations == []


def _approver_refuses(page, base_url, approver, entry):
    """The approver opens the entry from the registers and refuses it: first without reasons."""
    browser_sign_in(page, base_url, approver, PASSWORD)
    page.click("#navigation a:has-text('Integrity registers')")
    page.click(f"a:has-text('{entry.reference}')")
    page.click("[data-testid=decide]")
    page.check("label:has-text('Refused')")
    page.click("[data-testid=record-decision]")  # a refusal without reasons
    assert "Reasons: Give the reasons" in page.locator(".govuk-error-summary").inner_text()
    screenshot(page, "registers-refuse-errors")
    page.fill("#id_reasons", "Door staff of the firm work at premises the officer polices: a real conflict.")
    page.click("[data-testid=record-decision]")
    page.wait_for_url("**/integrity/")
    main = page.locator("main").inner_text()
    assert f"{entry.reference} decided" in main  # the message; it has left the list awaiting a decision
    expect(page.locator("[data-testid=register-list]")).to_have_count(0)
    screenshot(page, "registers-approver-list")
    assert page.csp_violations == []
