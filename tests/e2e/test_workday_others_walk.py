"""Browser walks of the other roles' working day: sign in, see my work (screenshot), open the first
item, do it, come back home and see the list one shorter. axe-core on every page visited."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.choices import Role
from tests.e2e.conftest import assert_accessible, browser_page, browser_sign_in, fill_date, screenshot
from tests.factories import PASSWORD, PersonFactory, UserFactory
from tests.workday import others_world as world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _user(role, *, person=True, **names):
    user = UserFactory(role=role, **names)
    if person:
        user.person = PersonFactory()
        user.save()
    return user


def _home(page, base_url, key, count, shot):
    """Home with section key holding count items; axe; a screenshot."""
    page.goto(f"{base_url}/")
    section = page.locator(f"[data-testid=work-{key}]")
    expect(section.locator("[data-testid=work-item]")).to_have_count(count)
    expect(page.locator(f"[data-testid=work-{key}-count]")).to_have_text(str(count))
    assert_accessible(page, f"home ({key})")
    screenshot(page, shot)
    return section


def _open_first(page, section, name):
    section.locator("[data-testid=work-item] a").first.click()
    page.wait_for_load_state()
    assert_accessible(page, name)


def test_vetting_officer_decides_the_oldest_hit(page, live_server):
    officer = _user(Role.VETTING_OFFICER, first_name="Vic", last_name="Patel")
    world.hits(PersonFactory(surname="HOLLOWAY"), 3)
    browser_sign_in(page, live_server.url, officer, PASSWORD)
    section = _home(page, live_server.url, "vetting-hits", 3, "workday-others-vetting-1-home")
    _open_first(page, section, "screening hit")
    page.get_by_label("Close it: nothing further needed").check()
    page.fill("#id_reason", "Old caution already known at recruitment vetting.")
    page.click("button:has-text('Record')")
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    assert_accessible(page, "screening hit after the decision")
    _home(page, live_server.url, "vetting-hits", 2, "workday-others-vetting-2-home-after")


def test_analyst_reviews_the_oldest_flag(page, live_server):
    analyst = _user(Role.ANALYST, first_name="Ana", last_name="Lewis")
    world.disparity_flags(2)
    browser_sign_in(page, live_server.url, analyst, PASSWORD)
    section = _home(page, live_server.url, "analyst-flags", 2, "workday-others-analyst-1-home")
    _open_first(page, section, "disparity flag")
    page.get_by_label("Under review").check()
    page.fill("#id_note", "Looking at the stage 2 decisions of the last year.")
    page.click("form button[type=submit]:visible >> nth=-1")
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    _home(page, live_server.url, "analyst-flags", 1, "workday-others-analyst-2-home-after")


def test_reporting_officer_acknowledges_the_oldest_report(page, live_server):
    officer = _user(Role.REPORTING_OFFICER, first_name="Rowan", last_name="Ellis")
    world.report(days_ago=9)
    world.report(days_ago=2)
    browser_sign_in(page, live_server.url, officer, PASSWORD)
    section = _home(page, live_server.url, "reports-acknowledge", 2, "workday-others-reporting-1-home")
    expect(page.locator("[data-testid=work-reports-triage] [data-testid=work-item]")).to_have_count(0)
    _open_first(page, section, "report")
    # a portal report is acknowledged by sending the reporter the acknowledgement (chosen already)
    page.fill("#id_body", "Thank you for your report. We have received it and will look at it.")
    page.click("button:has-text('Send to the reporter')")
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    _home(page, live_server.url, "reports-acknowledge", 1, "workday-others-reporting-2-home-after")
    expect(page.locator("[data-testid=work-reports-triage] [data-testid=work-item]")).to_have_count(1)


def test_auditor_marks_an_export_checked(page, live_server):
    auditor = _user(Role.AUDITOR, first_name="Audrey", last_name="Kaur")
    world.export_events(UserFactory(role=Role.SUPERVISOR, username="sam.supervisor"), 3)
    browser_sign_in(page, live_server.url, auditor, PASSWORD)
    section = _home(page, live_server.url, "auditor-exports", 3, "workday-others-auditor-1-home")
    _open_first(page, section, "exports to check")
    expect(page.locator("[data-testid=export-row]")).to_have_count(3)
    screenshot(page, "workday-others-auditor-2-exports")
    page.locator("[data-testid=export-row] button").first.click()
    expect(page.locator("[data-testid=export-row]")).to_have_count(2)
    assert_accessible(page, "exports after a check")
    _home(page, live_server.url, "auditor-exports", 2, "workday-others-auditor-3-home-after")


def test_counter_corruption_officer_reviews_the_tasking(page, live_server):
    officer = _user(Role.COUNTER_CORRUPTION, first_name="Casey", last_name="Nolan")
    today = timezone.localdate()
    world.intel_log(review_on=today - timedelta(days=5), tasked_to=officer)
    world.intel_log(review_on=today - timedelta(days=2), tasked_to=officer)
    browser_sign_in(page, live_server.url, officer, PASSWORD)
    section = _home(page, live_server.url, "cc-taskings", 2, "workday-others-cc-1-home")
    _open_first(page, section, "tasking decision")
    fill_date(page, "review_on", today + timedelta(days=28))
    page.fill("#id_reason", "Reviewed: the lead is still live; next review in four weeks.")
    page.click("[data-testid=save]")
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    assert_accessible(page, "intelligence log after the review")
    _home(page, live_server.url, "cc-taskings", 1, "workday-others-cc-2-home-after")


def test_integrity_approver_decides_the_oldest_declaration(page, live_server):
    from integrity.models import GiftHospitality
    from tests.integrity.conftest import declare_gift

    approver = _user(Role.INTEGRITY_APPROVER, first_name="April", last_name="Hughes")
    declarer = _user(None)
    first, second = declare_gift(declarer), declare_gift(declarer, value="150.00")
    GiftHospitality.objects.filter(pk=first.pk).update(declared_on=timezone.localdate() - timedelta(days=3))
    browser_sign_in(page, live_server.url, approver, PASSWORD)
    section = _home(page, live_server.url, "integrity-decisions", 2, "workday-others-approver-1-home")
    _open_first(page, section, "integrity decision")
    page.get_by_label("Approved: may be kept").check()
    page.click("[data-testid=record-decision]")
    page.wait_for_load_state()
    assert_accessible(page, "integrity entry after the decision")
    _home(page, live_server.url, "integrity-decisions", 1, "workday-others-approver-2-home-after")
    assert second.reference in page.locator("[data-testid=work-integrity-decisions]").inner_text()


def test_oversight_reader_reads_reports_and_notifications(page, live_server):
    from cases.models import Reg19Report
    from notifications.services import notify
    from tests.factories import CaseFactory

    reader = _user(Role.OVERSIGHT_READER, person=False, first_name="Olu", last_name="Mensah")
    today = timezone.localdate()
    for days in (1, 3):
        Reg19Report.objects.create(
            case=CaseFactory(), period_number=1, due_on=today, attention_date=today,
            progress="Witness statements gathered.", submitted_on=today - timedelta(days=days),
        )  # fmt: skip
    notify([reader], "A 12-month report was sent to you", url="/disparities/reg19/")
    browser_sign_in(page, live_server.url, reader, PASSWORD)
    section = _home(page, live_server.url, "oversight-reports", 2, "workday-others-oversight-1-home")
    expect(page.locator("#notifications-banner-title")).to_have_count(1)
    _open_first(page, section, "12-month reports")
    expect(page.locator("h1")).to_have_text("12-month reports")
    expect(page.locator("[data-testid=reg19-unread]")).to_have_count(2)
    page.locator("[data-testid=reg19-mark-read]").first.click()
    expect(page.locator("[data-testid=reg19-unread]")).to_have_count(1)
    assert_accessible(page, "12-month reports after marking one read")
    page.goto(f"{live_server.url}/notifications/")
    assert_accessible(page, "notifications")
    page.click("button:has-text('Mark all as read')")
    page.goto(f"{live_server.url}/")
    # the report read is off the list, and the notification's banner is gone
    expect(page.locator("#notifications-banner-title")).to_have_count(0)
    _home(page, live_server.url, "oversight-reports", 1, "workday-others-oversight-2-home-after")


def test_administrator_unlocks_a_locked_account(page, browser, live_server):
    from workforce.models import WorkforceImport

    admin = _user(Role.ADMINISTRATOR, person=False, first_name="Ade", last_name="Okafor")
    officer = _user(Role.INVESTIGATOR, username="lee.locked")
    WorkforceImport.objects.create(
        filename="hr-extract-november.csv",
        content=b"",
        status="refused",
        refusal="The file has no staff_number column.",
    )
    # five wrong passwords at the sign-in page lock the officer's account
    page.goto(f"{live_server.url}/sign-in/")
    for _ in range(5):
        page.fill("#id_username", officer.username)
        page.fill("#id_password", "not-my-password")
        page.click("button:has-text('Continue')")
        page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("This account is locked")

    browser_sign_in(page, live_server.url, admin, PASSWORD)
    section = _home(page, live_server.url, "admin-imports", 2, "workday-others-admin-1-home")
    expect(section.locator("[data-testid=work-item]").first).to_contain_text("hr-extract-november.csv")
    section.get_by_role("link", name="Account locked: lee.locked").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Unlock lee.locked")
    assert_accessible(page, "unlock form")
    page.click("[data-testid=unlock]")  # no reason: the error summary names the field and links to it
    expect(page.locator(".govuk-error-summary a[href='#id_reason']")).to_be_visible()
    assert_accessible(page, "unlock form with an error")
    screenshot(page, "workday-others-admin-2-unlock-error")
    page.fill("#id_reason", "Lee called the service desk; identity confirmed by a call back to his desk phone.")
    page.click("[data-testid=unlock]")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("lee.locked is unlocked")
    expect(page.locator("[data-testid=lockouts-empty]")).to_be_visible()
    expect(page.locator("[data-testid=unlock-row]")).to_contain_text("identity confirmed")
    assert_accessible(page, "locked accounts after the unlock")
    screenshot(page, "workday-others-admin-3-unlocked")
    _home(page, live_server.url, "admin-imports", 1, "workday-others-admin-4-home-after")

    # the officer signs in again at once
    with browser_page(browser) as officer_page:
        browser_sign_in(officer_page, live_server.url, officer, PASSWORD)
        expect(officer_page.locator("h1")).to_have_text("Your work")


def test_home_at_390_pixels(browser, live_server):
    approver = _user(Role.INTEGRITY_APPROVER)
    from tests.integrity.conftest import declare_gift

    declare_gift(_user(None))
    with browser_page(browser, width=390) as page:
        browser_sign_in(page, live_server.url, approver, PASSWORD)
        _home(page, live_server.url, "integrity-decisions", 1, "workday-others-home-390")
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= 390, f"the home page scrolls sideways at 390 px ({wide} px)"
