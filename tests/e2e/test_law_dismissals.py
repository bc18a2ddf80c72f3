"""SI 2025/558 in the browser: at a gross misconduct hearing under the new rules the panel tries a
final written warning without exceptional circumstances (refused, the field named) and then with
them (accepted); the outcome notice is e-mailed and the appeal window runs from the deemed day."""

from datetime import date

import pytest
from playwright.sync_api import expect

from accounts.choices import Role
from cases import services
from cases.models import AllegationCategory, CaseSubject, Standard
from hearings import services as hearings
from hearings.models import ProceedingOutcome
from tests.e2e.conftest import browser_sign_in, fill_date, screenshot
from tests.factories import PASSWORD, PersonFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RECEIVED = date(2025, 7, 1)  # after 28 May 2025: the presumption of dismissal applies
HEARING = date(2025, 11, 3)


def _gross_misconduct_hearing():
    inv = UserFactory(role=Role.INVESTIGATOR, first_name="Ivy", last_name="Investigator")
    aa = UserFactory(role=Role.APPROPRIATE_AUTHORITY, first_name="Ada", last_name="Authority")
    ho = UserFactory(role=Role.HEARINGS_OFFICER, first_name="Hal", last_name="Hearings")
    case = services.case_open(
        actor=inv, source="conduct_matter", received_date=RECEIVED, summary="Assault on a member of the public"
    )
    subject = services.subject_add(actor=inv, case=case, person=PersonFactory(rank_or_grade="PC"))
    services.allegation_add(
        actor=inv,
        subject=subject,
        category=AllegationCategory.objects.get(code="discreditable_conduct"),
        standards=list(Standard.objects.filter(number__in=[1, 9])),
        description="Punched a man outside a bar while off duty.",
        incident_date=date(2025, 6, 28),
    )
    services.severity_assess(
        actor=aa, subject=subject, severity="gross_misconduct", likely_forum="hearing", rationale="Violence"
    )
    services.investigator_appoint(actor=aa, case=case, investigator=inv, reason="Available")
    subject = CaseSubject.objects.get(pk=subject.pk)
    services.reg17_notice_serve(actor=inv, subject=subject, served_on=date(2025, 7, 4), method="email")
    services.investigation_report_submit(actor=inv, case=case, summary="Video and two witnesses")
    services.case_to_answer_decide(
        actor=aa,
        subject=CaseSubject.objects.get(pk=subject.pk),
        case_to_answer=True,
        route="hearing",
        rationale="Case to answer for gross misconduct",
        decided_on=date(2025, 9, 1),
    )
    hearings.proceeding_schedule(
        actor=ho,
        subject=CaseSubject.objects.get(pk=subject.pk),
        scheduled_for=HEARING,
        venue="Force HQ, Hearing Room 2",
        panel=[("chair", "Assistant Chief Constable (delegate)")],
    )
    return case, CaseSubject.objects.get(pk=subject.pk), ho


def test_a_final_written_warning_for_gross_misconduct_is_refused_without_exceptional_circumstances(page, live_server):
    case, subject, ho = _gross_misconduct_hearing()
    base = live_server.url
    browser_sign_in(page, base, ho, PASSWORD)
    page.goto(f"{base}/cases/{case.reference}/")
    page.click("[data-testid=step-outcome]")
    # the decision page says which rules it applies
    inset = page.locator(".rule-applied")
    assert inset.get_attribute("data-version") == "si-2025-558"
    assert "28 May 2025" in inset.inner_text()
    page.select_option("#id_finding", "gross_misconduct")
    page.select_option("#id_outcome", "final_written_warning")
    page.fill("#id_reasons", "The assault is proven on the body-worn video and two witnesses.")
    fill_date(page, "decided_on", HEARING.isoformat())
    page.click("[data-testid=submit-step]")
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "exceptional circumstances" in summary.inner_text()
    expect(page.locator("#id_exceptional_circumstances")).to_be_visible()
    screenshot(page, "law-dismissals-1-fww-refused-without-reasons")
    assert not ProceedingOutcome.objects.exists()

    page.fill(
        "#id_exceptional_circumstances",
        "He stepped in to protect a colleague under attack moments before; 22 years' exemplary service; "
        "unchallenged medical evidence of an acute stress reaction.",
    )
    page.click("[data-testid=submit-step]")
    page.wait_for_selector(".govuk-notification-banner--success")
    card = page.locator(f"[data-testid=subject-{subject.person.staff_number}]")
    assert "Final written warning" in card.inner_text()
    assert "22 years' exemplary service" in card.locator("[data-testid=exceptional-circumstances]").inner_text()
    assert card.locator(".rule-applied").first.get_attribute("data-version") == "si-2025-558"
    screenshot(page, "law-dismissals-2-fww-accepted-with-exceptional-circumstances")
    outcome = ProceedingOutcome.objects.get()
    assert outcome.outcome == "final_written_warning" and outcome.rule_version.version == "si-2025-558"

    # the outcome notice e-mailed on Friday 7 November 2025: deemed served Tuesday 11 November
    page.click("[data-testid=step-outcome-notice]")
    fill_date(page, "given_on", "2025-11-07")
    page.check("label:text-is('By email')")
    page.click("[data-testid=submit-step]")
    page.wait_for_selector(".govuk-notification-banner--success")
    outcome.refresh_from_db()
    assert outcome.notice_deemed_served_on == date(2025, 11, 11)
    assert "deemed served 11 Nov 2025" in card.inner_text()
    assert f"{outcome.appeal_due_on:%-d %b %Y}" in card.locator("[data-testid=appeal-due]").inner_text()
    screenshot(page, "law-dismissals-3-notice-emailed-appeal-window")
    assert not page.csp_violations
