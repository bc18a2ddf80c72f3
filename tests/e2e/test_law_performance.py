"""A performance case through two stages in the browser: a line manager opens it, records the
first-stage meeting on one page with its defaults (a written improvement notice for 3 months),
assesses the period as not improved; the second-stage meeting is then held by a more senior
manager (never the line manager): under SI 2025/558 the second stage is the last, so it can end in
dismissal (refused without written reasons first)."""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from playwright.sync_api import expect

from accounts.choices import Role
from performance.models import PerformanceCase
from tests.e2e.conftest import browser_page, browser_sign_in, fill_date, screenshot
from tests.factories import PASSWORD, PersonFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_line_manager_takes_a_performance_case_through_two_stages(browser, page, live_server):
    inspector = PersonFactory(rank_or_grade="INSP", surname="NWOSU", forenames="IFE")
    sergeant = PersonFactory(rank_or_grade="PS", surname="OKAFOR", forenames="SAM", line_manager=inspector)
    officer = PersonFactory(rank_or_grade="PC", surname="HOLLOWAY", forenames="JORDAN", line_manager=sergeant)
    manager = UserFactory(role=Role.SUPERVISOR, person=sergeant, first_name="Sam", last_name="Okafor")
    today = timezone.localdate()
    held = today - relativedelta(months=3, days=10)

    browser_sign_in(page, live_server.url, manager, PASSWORD)
    page.click("#navigation a:has-text('Performance')")
    page.click("[data-testid=open-case]")
    page.fill("#id_staff_number", officer.staff_number)
    fill_date(page, "attention_date", (held - timedelta(days=14)).isoformat())
    page.fill("#id_concerns", "Case files submitted late on 9 of the last 12 occasions; two court warnings missed.")
    screenshot(page, "performance-open")
    page.click("button:has-text('Open the case')")

    # the first-stage page: defaults chosen, only the meeting date and the reasons to give
    expect(page.locator("#id_outcome input[value=written_improvement_notice]")).to_be_checked()
    assert "SI 2025/558" in page.locator(".govuk-inset-text").first.inner_text()
    fill_date(page, "meeting_on", held.isoformat())
    page.fill("#id_improvement_required", "Every file submitted within 7 days; fortnightly reviews with me.")
    page.fill("#id_reasons", "The officer accepted the late files; no welfare reason given.")
    screenshot(page, "performance-first-stage")
    page.click("[data-testid=submit-step]")
    assert "Written improvement notice in force" in page.locator("[data-testid=state]").inner_text()
    period_end = held + relativedelta(months=3)
    assert period_end.strftime("%-d %B %Y") in page.locator("[data-testid=period-ends]").inner_text()
    expect(page.locator("[data-testid=improvement-notice-first]")).to_have_count(1)
    screenshot(page, "performance-case-first-stage")

    # the specified period has ended: the assessment is overdue in the queue
    page.click(".govuk-back-link")
    assert "Overdue" in page.locator("[data-testid=performance-queue]").inner_text()
    screenshot(page, "performance-queue-overdue")
    page.click(f"a:has-text('{PerformanceCase.objects.get().reference}')")
    page.click("[data-testid=step-assess]")
    page.check("input[value=not_improved]")
    page.fill("#id_reasons", "Four files late in the period; one court warning missed.")
    page.click("[data-testid=submit-step]")
    assert "Second-stage meeting arranged" in page.locator("[data-testid=state]").inner_text()

    # the line manager holds the first stage only: the second-stage meeting is for someone senior
    expect(page.locator("[data-testid=step-meeting]")).to_have_count(0)
    reference = PerformanceCase.objects.get().reference
    senior = UserFactory(role=Role.SUPERVISOR, person=inspector, first_name="Ife", last_name="Nwosu")
    with browser_page(browser) as second:
        browser_sign_in(second, live_server.url, senior, PASSWORD)
        _second_stage(second, live_server, reference, today)
    page.reload()
    assert "Closed" in page.locator("[data-testid=state]").inner_text()
    assert page.csp_violations == []


def _second_stage(page, live_server, reference, today):
    page.goto(f"{live_server.url}/performance/{reference}/")
    # the second-stage meeting: dismissal without written reasons is refused
    page.click("[data-testid=step-meeting]")
    fill_date(page, "meeting_on", today.isoformat())
    page.check("input[value=dismissal]")
    page.fill("#id_reasons", "No.")
    page.click("[data-testid=submit-step]")
    assert "Dismissal needs written reasons" in page.locator(".govuk-error-summary").inner_text()
    screenshot(page, "performance-second-stage-refused")
    page.fill(
        "#id_reasons", "No improvement over the specified period despite fortnightly support; dismissal with notice."
    )
    page.click("[data-testid=submit-step]")
    assert "Closed" in page.locator("[data-testid=state]").inner_text()
    assert "Dismissal with notice" in page.locator("[data-testid=closed]").inner_text()
    assert "Police Appeals Tribunal" in page.locator("[data-testid=meeting-second]").inner_text()
    timeline = page.locator("[data-testid=timeline]").inner_text()
    for step in ("Case opened", "First stage meeting held", "Improvement assessed", "Second stage meeting held"):
        assert step in timeline
    assert "by Ife Nwosu" in timeline
    screenshot(page, "performance-case-closed")
    assert page.csp_violations == []
    case = PerformanceCase.objects.get()
    assert case.rule_version.version == "si-2025-558" and case.meetings.count() == 2
    assert case.meetings.get(stage="second").appeal_due_on > today - timedelta(days=1)
