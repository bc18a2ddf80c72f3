"""Browser walk: the appropriate authority records a criminal investigation of an officer whose
conduct (after 13 July 2026) is assessed as gross misconduct, decides too late (after the 3 working
days of reg 11B), is refused "neither" after a charge for a listed offence, and the supervisor's
suspension queue shows the decision late and the review overdue."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.choices import Role
from cases.models import AllegationCategory, Standard
from cases.services import matter_intake, severity_assess
from cases.suspension import suspension_decide
from tests.e2e.conftest import browser_sign_in, fill_date, screenshot
from tests.factories import PASSWORD, PersonFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CONDUCT = date(2026, 8, 3)


def _matter(authority, what):
    case = matter_intake(
        actor=authority,
        source="conduct_matter",
        received_date=CONDUCT + timedelta(days=1),
        summary=what,
        person=PersonFactory(rank_or_grade="PC", surname="HOLLOWAY" if "partner" in what else "MARSH"),
        category=AllegationCategory.objects.get(code="violence"),
        standards=[Standard.objects.get(number=4)],
        description=what,
        incident_date=CONDUCT,
    )
    return case, case.case_subjects.get()


def test_a_suspension_decision_made_late_is_shown_late_and_the_review_overdue_in_the_queue(page, live_server):
    today = timezone.localdate()
    authority = UserFactory(role=Role.APPROPRIATE_AUTHORITY, first_name="Ada", last_name="Authority")
    supervisor = UserFactory(role=Role.SUPERVISOR, first_name="Sol", last_name="Supervisor")
    case, subject = _matter(authority, "Assaulted a partner at home")
    known = today - timedelta(days=12)
    severity_assess(
        actor=authority, subject=subject, severity="gross_misconduct", likely_forum="hearing",
        rationale="Criminal allegation of violence", assessed_on=known,
    )  # fmt: skip
    # a second matter: suspended over 12 weeks ago, its review overdue
    _other, long_suspended = _matter(authority, "Used force on a detained person")
    suspension_decide(
        actor=authority, subject=long_suspended, outcome="suspend", reasons="Filmed and widely shared",
        public_interest=True, restricted_duties_considered="No post away from the public",
        decided_on=CONDUCT + timedelta(days=7),
    )  # fmt: skip

    browser_sign_in(page, live_server.url, authority, PASSWORD)
    page.goto(f"{live_server.url}/cases/{case.reference}/")
    page.click("[data-testid=suspension-line] a")
    page.click("[data-testid=step-criminal-event]")
    page.check("input[name=kind][value=criminal_investigation]")
    page.fill("#id_offence_description", "Assault occasioning actual bodily harm")
    fill_date(page, "occurred_on", known.isoformat())
    fill_date(page, "known_on", known.isoformat())
    page.fill("#id_reason", "Notified by the criminal investigation team")
    page.click("[data-testid=submit-step]")
    deadlines = page.locator("[data-testid=deadlines]").inner_text()
    assert "Suspension decision for" in deadlines and "(overdue)" in deadlines
    screenshot(page, "suspension-1-case-page-decision-overdue")

    # "neither" with a ground met is refused under the 2026 rules: suspension is a duty
    page.goto(f"{live_server.url}/cases/{case.reference}/subjects/{subject.public_id}/suspension-decision/")
    page.check("input[name=outcome][value=neither]")
    page.check("#id_investigation_prejudiced")
    page.fill("#id_reasons", "He says he will not contact her")
    page.click("[data-testid=submit-step]")
    assert "suspension is a duty" in page.locator(".govuk-error-summary").inner_text()
    screenshot(page, "suspension-2-neither-refused")

    page.check("input[name=outcome][value=restricted_duties]")
    page.fill("#id_restricted_duties_considered", "A back-office post away from the complainant will do")
    page.fill("#id_reasons", "Restricted duties: no contact with the complainant or the public")
    page.click("[data-testid=submit-step]")
    page.goto(f"{live_server.url}/cases/{case.reference}/subjects/{subject.public_id}/suspension/")
    assert "working days late" in page.locator("[data-testid=decision-late]").inner_text()
    assert "Rules applied" in page.content()
    assert page.locator("[data-testid=suspension-state]").inner_text() == "Restricted duties"
    screenshot(page, "suspension-3-decision-late-with-rules-applied")
    assert page.csp_violations == []

    page.context.clear_cookies()
    browser_sign_in(page, live_server.url, supervisor, PASSWORD)
    page.click("#navigation a:has-text('Queues')")
    page.click("a.moj-sub-navigation__link:has-text('Suspension')")
    rows = page.locator("[data-testid=suspension-row]")
    expect(rows).to_have_count(2)
    assert "Overdue" in rows.nth(0).inner_text() and "Suspension review" in rows.nth(0).inner_text()
    assert "Decided late" in rows.nth(1).inner_text()
    screenshot(page, "suspension-4-queue-late-and-overdue")
    assert page.csp_violations == []
