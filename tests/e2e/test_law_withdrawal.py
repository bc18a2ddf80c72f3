"""Browser walk: a vetting officer takes a workforce screening hit to a vetting withdrawal under the
Police (Vetting) Regulations 2025, through the assessment, the decision and the dismissal, to an
internal appeal; the appropriate authority decides the appeal."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.choices import Role
from tests.e2e.conftest import browser_page, browser_sign_in, fill_date, screenshot
from tests.factories import PASSWORD, PersonFactory, UserFactory
from vetting.clearance_services import clearance_apply, clearance_decide
from vetting.models import ClearanceLevel, ScreeningCandidate, ScreeningHit, ScreeningRun, WithdrawalCase

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _iso(days_ago: int) -> str:
    return (timezone.localdate() - timedelta(days=days_ago)).isoformat()


def _step(page, testid: str):
    page.click(f"[data-testid=step-{testid}]")
    page.wait_for_selector("[data-testid=step-form]")


def _submit(page):
    page.click("[data-testid=step-form] button[type=submit]")
    page.wait_for_selector("[data-testid=timeline]")


def test_from_a_screening_hit_to_dismissal_and_an_internal_appeal(browser, live_server):
    officer = UserFactory(role=Role.VETTING_OFFICER, first_name="Vic", last_name="Patel")
    authority = UserFactory(role=Role.APPROPRIATE_AUTHORITY, first_name="Alex", last_name="Morgan")
    person = PersonFactory(surname="HOLLOWAY", forenames="JAMIE", rank_or_grade="PC")
    clearance = clearance_apply(
        actor=officer, person=person, level=ClearanceLevel.objects.get(code="RV"), applied_on=date(2019, 3, 4)
    )
    clearance_decide(
        actor=officer, clearance=clearance, to_state="granted", rationale="Checks clear", decided_on=date(2019, 4, 1)
    )
    run = ScreeningRun.objects.create()
    candidate = ScreeningCandidate.objects.create(
        run=run, line=1, request_ref="R1", pnd_person_id="PND-7", person=person, decision="match", score=97
    )
    hit = ScreeningHit.objects.create(
        run=run, candidate=candidate, person=person, pnd_person_id="PND-7", record_id="PND-R-77", content_hash="7" * 64,
        category="arrest", offence_group="drug_offences", record_date=date(2026, 9, 1), force_code="01",
        summary="Arrested on suspicion of possession with intent to supply", grade="review",
    )  # fmt: skip

    with browser_page(browser) as page:
        browser_sign_in(page, live_server.url, officer, PASSWORD)
        page.goto(f"{live_server.url}/vetting/screening/hits/{hit.public_id}/")
        screenshot(page, "withdrawal-01-screening-hit")
        page.click("[data-testid=start-vetting-withdrawal]")
        fill_date(page, "received_on", _iso(40))
        page.fill("#id_reason", "Undeclared arrest for a drug supply offence")
        screenshot(page, "withdrawal-02-start")
        page.click("button:has-text('Start the vetting withdrawal')")
        page.wait_for_selector("[data-testid=timeline]")
        assert "Information received" in page.locator("[data-testid=stage]").inner_text()
        assert "SI 2025/502" in page.content()
        case = WithdrawalCase.objects.get(person=person)

        _step(page, "duty")
        page.check("input[value=not_declared]")
        page.fill("#id_reason", "No notification on the vetting file (regulation 5)")
        _submit(page)
        _step(page, "suspension")
        page.check("input[value=suspend]")
        fill_date(page, "decided_on", _iso(38))
        page.fill("#id_reasons", "Access to drugs intelligence while the matter is assessed")
        _submit(page)
        expect(page.locator("[data-testid=suspended]")).to_be_visible()
        _step(page, "severity")
        page.check("input[value=withdrawal_assessment]")
        fill_date(page, "assessed_on", _iso(30))
        page.fill("#id_reasons", "Could reasonably result in withdrawal of clearance")
        _submit(page)
        _step(page, "assessor")
        page.select_option("#id_assessor", officer.username)
        fill_date(page, "appointed_on", _iso(20))
        page.fill("#id_reason", "Trained assessor, no prior involvement")
        _submit(page)
        expect(page.locator("[data-testid=notice-assessment]")).to_be_visible()
        _step(page, "withheld")
        page.fill("#id_description", "Intelligence report on the supply network")
        page.check("input[value=crime]")
        page.fill("#id_reasons", "Disclosure would reveal a covert source")
        _submit(page)
        # an interview too soon after the notice is refused on the form
        _step(page, "interview")
        fill_date(page, "interview_on", _iso(19))
        page.fill("#id_summary", "Too soon")
        page.click("[data-testid=step-form] button[type=submit]")
        page.wait_for_selector(".govuk-error-summary")
        assert "working days' notice" in page.locator(".govuk-error-summary").inner_text()
        screenshot(page, "withdrawal-03-interview-refused")
        fill_date(page, "interview_on", _iso(10))
        page.fill("#id_police_friend", "PS Robin Friend")
        page.fill("#id_lawyer", "Ms Lee, solicitor")
        page.fill("#id_summary", "The officer accepted the arrest and said they had not thought it relevant")
        _submit(page)
        _step(page, "decision")
        page.check("input[value=withdraw]")
        fill_date(page, "decided_on", _iso(5))
        page.fill("#id_reasons", "Undeclared arrest for supply: the risk of corruption cannot be managed")
        _submit(page)
        assert "Clearance withdrawn" in page.locator("[data-testid=stage]").inner_text()
        screenshot(page, "withdrawal-04-withdrawn")
        _step(page, "dismissal")
        fill_date(page, "dismissed_on", _iso(4))
        page.fill("#id_reason", "The officer cannot hold the vetting clearance every officer must hold")
        _submit(page)
        expect(page.locator("[data-testid=dismissed]")).to_be_visible()
        assert "Appeal to the internal panel" in page.locator("[data-testid=deadlines]").inner_text()
        _step(page, "appeal")
        fill_date(page, "lodged_on", _iso(2))
        page.fill("#id_grounds", "The decision gave too little weight to the officer's account")
        _submit(page)
        screenshot(page, "withdrawal-05-appeal-lodged")
        # the PDF notice opens
        response = page.request.get(
            live_server.url + page.locator("[data-testid=notice-dismissal]").get_attribute("href")
        )
        assert response.status == 200 and response.body().startswith(b"%PDF")
        assert page.csp_violations == []

    with browser_page(browser) as page:
        browser_sign_in(page, live_server.url, authority, PASSWORD)
        page.click("#navigation a:has-text('Vetting withdrawals')")
        screenshot(page, "withdrawal-06-queue")
        page.click(f"a:has-text('{case.reference}')")
        _step(page, "appeal-decision")
        page.check("input[value=dismissed]")
        page.fill("#id_reasons", "The decision was open to the vetting authority on the information")
        _submit(page)
        assert "Internal appeal dismissed" in page.locator("[data-testid=stage]").inner_text()
        screenshot(page, "withdrawal-07-appeal-decided")
        assert page.csp_violations == []

    case.refresh_from_db()
    clearance.refresh_from_db()
    assert case.stage == "appeal_dismissed" and clearance.state == "withdrawn" and case.clearance == clearance
    assert [e.title for e in case.timeline.order_by("at", "id")][:3] == [
        "Information received", "Duty to notify recorded", "Suspend the officer",
    ]  # fmt: skip
