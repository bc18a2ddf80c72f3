"""Browser walk as a counter-corruption officer: from a reporting-line report, record a log, grade
it (a field error first), sanitise it, task it, develop it into an operation, then close it with
the outcome "conduct matter", which opens a conduct matter showing the sanitised text only."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.choices import Role
from cases.models import Case
from counter_corruption.models import IntelLog
from reporting.models import Report, ReportPersonLink
from tests.e2e.conftest import browser_page, browser_sign_in, fill_date, screenshot
from tests.factories import PASSWORD, PersonFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ORIGINAL_DETAIL = "Kyle Doyle"
SANITISED = "Intelligence indicates an officer may be disclosing police information to a criminal associate."


def _save(page):
    page.click("[data-testid=save]")


def test_from_a_report_to_an_operation_and_a_conduct_matter(browser, live_server):
    officer = UserFactory(role=Role.COUNTER_CORRUPTION, username="cc-walk", first_name="Casey", last_name="Nolan")
    colleague = UserFactory(role=Role.COUNTER_CORRUPTION, first_name="Corin", last_name="Blake")
    subject = PersonFactory(surname="HOLLOWAY", forenames="JAMIE", rank_or_grade="PC")
    report = Report.objects.create(
        reference="RPT-WALK-0001", received_at=timezone.now() - timedelta(days=3),
        what_happened=f"PC Holloway tells {ORIGINAL_DETAIL} when warrants are planned on the Canal Walk estate.",
        where_happened="The Blue Lantern club, Mill Street", people_described="PC Jamie Holloway",
        acknowledge_due_on=timezone.localdate() + timedelta(days=4), feedback_due_on=timezone.localdate() + timedelta(days=90),
    )  # fmt: skip
    ReportPersonLink.objects.create(report=report, person=subject, reason="named by the reporter", linked_by=officer)

    with browser_page(browser) as page:
        browser_sign_in(page, live_server.url, officer, PASSWORD)
        assert "Counter-corruption" in page.locator("#navigation").inner_text()
        page.goto(f"{live_server.url}/reporting/{report.reference}/")
        screenshot(page, "intelligence-01-report")
        page.click("[data-testid=record-as-intelligence]")
        page.wait_for_selector("[data-testid=from-report]")
        assert ORIGINAL_DETAIL in page.input_value("#id_original_text")
        assert subject.staff_number in page.input_value("#id_subjects")
        page.fill("#id_entities", f"person: {ORIGINAL_DETAIL}; 1988-05-17 | associate\nphone: 07700 900 456")
        page.check("input[name=themes][value=disclosure]")
        screenshot(page, "intelligence-02-record")
        page.click("[data-testid=record]")
        page.wait_for_selector("[data-testid=intel-summary]")
        log = IntelLog.objects.get()
        assert log.report == report and [s.person for s in log.subjects.all()] == [subject]
        assert page.locator("[data-testid=intel-status]").inner_text() == "Received"
        screenshot(page, "intelligence-03-log-received")

        # grade: handling code C without its conditions is a field error
        page.click("[data-testid=act-grade]")
        page.check("#id_source_evaluation_1")  # B
        page.check("#id_intelligence_assessment_1")  # 2
        page.check("#id_handling_code_1")  # C
        page.fill("#id_reason", "Untested source; the warrant dates match the audit.")
        _save(page)
        page.wait_for_selector(".govuk-error-summary")
        assert "Handling conditions" in page.locator(".govuk-error-summary").inner_text()
        screenshot(page, "intelligence-04-grade-error")
        page.fill("#id_handling_conditions", "Not to be shared with the subject's BCU.")
        _save(page)
        page.wait_for_selector("[data-testid=grading]")
        assert page.locator("[data-testid=grading]").inner_text().startswith("B2C")

        page.click("[data-testid=act-sanitise]")
        page.fill("#id_sanitised_text", SANITISED)
        _save(page)
        page.wait_for_selector("[data-testid=sanitised-text]")
        assert page.locator("[data-testid=intel-status]").inner_text() == "Graded and sanitised"
        screenshot(page, "intelligence-05-assessed")

        page.click("[data-testid=act-task]")
        page.select_option("#id_owner", str(officer.pk))
        page.fill("#id_tasking", "Audit the subject's PNC and Niche use against the warrant dates.")
        fill_date(page, "review_on", (timezone.localdate() + timedelta(days=28)).isoformat())
        page.fill("#id_reason", "Corroborate before any covert development.")
        _save(page)
        page.wait_for_selector("[data-testid=tasking]")
        assert page.locator("[data-testid=intel-status]").inner_text() == "Tasked"

        page.click("[data-testid=act-operation]")
        page.fill("#id_name", "KESTREL")
        page.check(f"input[name=members][value='{colleague.pk}']")
        page.fill("#id_reason", "Audit corroborates: covert development.")
        screenshot(page, "intelligence-06-operation-form")
        _save(page)
        page.wait_for_selector("[data-testid=operation]")
        log.refresh_from_db()
        assert log.operation.is_restricted and log.status == "operation"
        screenshot(page, "intelligence-07-operation")

        page.click("[data-testid=act-outcome]")
        page.check("#id_outcome_1")  # conduct matter
        page.fill("#id_reason", "Disclosure corroborated: a conduct matter for the appropriate authority.")
        _save(page)
        page.wait_for_selector("[data-testid=outcome]")
        assert page.locator("[data-testid=intel-status]").inner_text() == "Closed"
        screenshot(page, "intelligence-08-closed")
        log.refresh_from_db()
        case = Case.objects.get(pk=log.case_id)
        assert case.source == "intelligence" and not case.is_restricted

        page.click("[data-testid=conduct-matter]")
        page.wait_for_selector("[data-testid=case-intelligence]")
        panel = page.locator("[data-testid=case-intelligence]").inner_text()
        main = page.locator("main").inner_text()
        assert SANITISED in panel and ORIGINAL_DETAIL not in main
        expect(page.locator("[data-testid=case-intel-link]")).to_have_count(1)  # the unit member may open the log
        screenshot(page, "intelligence-09-conduct-matter")
        assert page.csp_violations == []
