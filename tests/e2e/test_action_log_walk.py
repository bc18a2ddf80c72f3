"""Browser walk of the action log, the diary and the timeline: an investigator logs an action,
marks it done, adds a diary entry, records an exhibit's movement, and reads them on the timeline
with the day each happened beside when it was recorded; then finds them in their diary."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from accounts.choices import Role
from tests.e2e.conftest import assert_accessible, browser_sign_in, fill_date, screenshot
from tests.factories import PASSWORD, PersonFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _matter(investigator):
    from cases.models import AllegationCategory, Standard
    from cases.services import allegation_add, case_open, evidence_add, investigator_appoint, subject_add

    supervisor = UserFactory(role=Role.SUPERVISOR, first_name="Sam", last_name="Okafor")
    case = case_open(
        actor=investigator, source="conduct_matter", received_date=date(2026, 3, 2), summary="Misuse of systems"
    )
    subject = subject_add(actor=investigator, case=case, person=PersonFactory(rank_or_grade="PC"))
    allegation_add(
        actor=investigator, subject=subject, category=AllegationCategory.objects.get(code="data_misuse"),
        standards=[Standard.objects.get(number=6)], description="Searched a neighbour's record",
        incident_date=date(2026, 2, 27),
    )  # fmt: skip
    investigator_appoint(actor=supervisor, case=case, investigator=investigator, reason="Capacity")
    evidence_add(
        actor=investigator, case=case, exhibit_reference="DR/1", description="Audit extract",
        upload=SimpleUploadedFile("audit.csv", b"when,who\n"),
    )  # fmt: skip
    return case


def test_an_investigator_logs_an_action_marks_it_done_and_reads_the_timeline(page, live_server):
    investigator = UserFactory(role=Role.INVESTIGATOR, first_name="Dana", last_name="Reyes")
    case = _matter(investigator)
    today = timezone.localdate()
    recorded = f"Recorded {today:%-d %b %Y} by Dana Reyes"
    browser_sign_in(page, live_server.url, investigator, PASSWORD)
    page.goto(f"{live_server.url}/cases/{case.reference}/")
    assert_accessible(page, "case page")

    # log an action, due in a week
    page.click("[data-testid=log-action]")
    page.select_option("#id_kind", "enquiry")
    page.fill("#id_description", "Ask IT for the full audit log")
    fill_date(page, "due_on", today + timedelta(days=7))
    assert_accessible(page, "log an action")
    screenshot(page, "action-log-1-new-action")
    page.click("[data-testid=submit-step]")
    expect(page.locator("[data-testid=action-row]")).to_have_count(1)
    screenshot(page, "action-log-2-case-page")

    # mark it done
    page.click("[data-testid=mark-done]")
    expect(page.locator("[data-testid=action-done-on]")).to_contain_text("by Dana Reyes")
    assert_accessible(page, "case page after marking done")

    # a diary entry, dated when it happened
    page.click("[data-testid=add-diary-entry]")
    fill_date(page, "happened_on", "2026-03-04")
    page.fill("#id_text", "Collected the CCTV from the front office")
    assert_accessible(page, "add a diary entry")
    page.click("[data-testid=submit-step]")
    expect(page.locator("[data-testid=timeline]")).to_contain_text("Collected the CCTV")

    # the exhibit moves
    page.click("[data-testid=record-movement]")
    fill_date(page, "happened_on", "2026-03-05")
    page.fill("#id_happened_time", "14:30")
    page.fill("#id_from_location", "Property store")
    page.fill("#id_to_location", "Digital forensics unit")
    page.fill("#id_purpose", "Sent for examination")
    assert_accessible(page, "record a movement")
    screenshot(page, "action-log-3-movement")
    page.click("[data-testid=record-movement-submit]")
    expect(page.locator("[data-testid=custody-entry]")).to_have_count(2)
    assert "5 Mar 2026 14:30" in page.locator("[data-testid=custody-chain]").inner_text()

    # the timeline: the day it happened beside when it was recorded and by whom
    timeline = page.locator("[data-testid=timeline]")
    diary = page.locator("[data-testid=timeline-entry]", has_text="Collected the CCTV")
    expect(diary).to_have_count(1)
    assert "4 March 2026" in diary.inner_text() and recorded in diary.inner_text()
    moved = page.locator("[data-testid=timeline-entry]", has_text="moved: Property store")
    assert "5 March 2026" in moved.inner_text() and recorded in moved.inner_text()
    done = page.locator("[data-testid=timeline-entry]", has_text="Action done")
    assert today.strftime("%-d %B %Y") in done.inner_text()
    assert "27 February 2026" in timeline.inner_text()  # the incident, as entered
    page.locator("#timeline").scroll_into_view_if_needed()
    screenshot(page, "action-log-4-timeline")

    # the diary
    page.click("#navigation a:has-text('My diary')")
    expect(page.locator("[data-testid=diary-day]")).to_have_count(7)
    assert "Ask IT for the full audit log" in page.content()  # done this week
    assert_accessible(page, "my diary")
    screenshot(page, "action-log-5-diary")
    page.click("[data-testid=diary-previous]")
    expect(page.locator("[data-testid=diary-day]")).to_have_count(7)
    page.fill("#id_reference", case.reference)
    fill_date(page, "happened_on", "2999-01-01")
    page.click("[data-testid=diary-submit]")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert "Write what happened" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, "diary with errors")
    screenshot(page, "action-log-6-diary-errors")
