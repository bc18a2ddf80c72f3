"""A member of the public reports anonymously, keeps the receipt, comes back, reads a reply and
adds information; the team sees and answers it inside. axe-core checks every public page."""

import pytest
from playwright.sync_api import expect

from accounts.choices import Role
from reporting.models import Report
from tests.e2e.conftest import assert_accessible, browser_page, browser_sign_in, screenshot
from tests.factories import PASSWORD, PersonFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def public_page(browser):
    """The member of the public: a separate browser, narrower, with none of the staff's cookies."""
    with browser_page(browser, width=1024) as page:
        yield page


def test_report_anonymously_follow_up_and_the_team_answers(public_page, page, live_server, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    from reporting import ratelimit

    ratelimit.reset_all()
    public = public_page
    base = live_server.url
    officer = UserFactory(role=Role.REPORTING_OFFICER, first_name="Rita", last_name="Reyes")
    named = PersonFactory(surname="Example", forenames="Paul")

    # --- the public: start page, the form (with its errors first), the receipt
    public.goto(f"{base}/report/")
    assert public.title().startswith("Report corruption or abuse")
    assert_accessible(public, "start")
    screenshot(public, "portal-start")
    public.click("text=Start now")
    assert_accessible(public, "form")
    public.click("button:has-text('Send report')")
    expect(public.locator(".govuk-error-summary")).to_be_visible()
    assert "Enter what happened" in public.locator(".govuk-error-summary").inner_text()
    assert_accessible(public, "form with errors")
    screenshot(public, "portal-form-errors")
    public.fill("#id_what_happened", "An officer takes cash from a club owner on Friday nights to ignore drug dealing.")
    public.check("#id_how_known_0")
    public.fill("#id_when_happened", "Most Fridays since the summer")
    public.fill("#id_where_happened", "Outside the Blue Lantern club, Mill Street")
    public.fill("#id_people_described", "PC Example, response team at Central")
    public.check("#id_ongoing_0")
    public.set_input_files(
        "#id_files", files=[{"name": "note.txt", "mimeType": "text/plain", "buffer": b"Times I saw it\n"}]
    )
    public.check("#id_contact_0")  # stay anonymous
    screenshot(public, "portal-form")
    public.click("button:has-text('Send report')")
    public.wait_for_selector("[data-testid=receipt]")
    reference = public.inner_text("[data-testid=reference]").strip()
    receipt = public.inner_text("[data-testid=receipt]").strip()
    assert len(receipt.replace("-", "")) >= 16
    assert_accessible(public, "sent")
    screenshot(public, "portal-sent")
    report = Report.objects.get(reference=reference)
    assert report.anonymous and report.attachments.count() == 1

    # --- inside: the report is in the queue; link the person, reply, add a note
    browser_sign_in(page, base, officer, PASSWORD)
    page.click("#navigation a:has-text('Reporting line')")
    assert reference in page.inner_text("[data-testid=report-queue]")
    screenshot(page, "reporting-queue")
    page.click(f"text={reference}")
    assert "club owner" in page.inner_text("[data-testid=what-happened]")
    assert page.inner_text("[data-testid=reporter]").strip() == "Anonymous"
    page.fill("#q", "Example")
    page.click("main button:has-text('Search')")  # not the header's search box
    assert named.staff_number in page.inner_text("[data-testid=candidates]")
    page.fill("#id_staff_number", named.staff_number)
    page.fill("#id_reason", "Named as PC Example at Central")
    page.click("button:has-text('Link person')")
    assert "linked to this report" in page.inner_text(".govuk-notification-banner")
    page.fill("#id_body >> nth=0", "Thank you for telling us. Do you know what car he drives?")
    page.click("button:has-text('Send to the reporter')")
    assert "Message sent" in page.inner_text(".govuk-notification-banner")
    page.locator("form[action$='/note/'] textarea").fill("Check duty rosters for Fridays")
    page.click("button:has-text('Add note')")
    screenshot(page, "reporting-detail")

    # --- the public comes back with the receipt, reads the reply, adds information
    public.goto(f"{base}/report/")
    public.click("text=Use your reference and receipt code")
    assert_accessible(public, "follow-up")
    public.fill("#id_reference", reference)
    public.fill("#id_receipt", "WRONG-CODE-0000-0000-0000")
    public.click("button:has-text('Continue')")
    assert "not right" in public.inner_text(".govuk-error-summary")
    assert_accessible(public, "follow-up with error")
    public.fill("#id_receipt", receipt)
    public.click("button:has-text('Continue')")
    public.wait_for_url("**/report/follow-up/report/")
    thread = public.inner_text("[data-testid=thread]")
    assert "what car he drives" in thread
    assert "rosters" not in public.content() and "Rita" not in public.content()
    assert_accessible(public, "report")
    public.fill("#id_body", "A silver estate. Partial plate KX7.")
    public.click("button:has-text('Send')")
    assert "Your message has been added" in public.inner_text(".govuk-notification-banner")
    assert "Partial plate KX7" in public.inner_text("[data-testid=thread]")
    assert_accessible(public, "report after reply")
    screenshot(public, "portal-follow-up")
    assert public.csp_violations == []

    # --- inside again: the new information is flagged and read
    page.goto(f"{base}/reporting/")
    assert "New information" in page.inner_text("[data-testid=report-queue]")
    page.click(f"text={reference}")
    assert "Partial plate KX7" in page.inner_text("[data-testid=thread]")
    assert page.csp_violations == []
