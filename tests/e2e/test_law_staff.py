"""A police staff matter walked through the browser: the force's police staff misconduct procedure
from the notice of investigation to the outcome letter and an appeal to a more senior manager,
with the procedure's own words and no officer-only wording (issue 13 item 7)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import fill_date, screenshot
from tests.e2e.test_case_journeys import record_matter, stage, step, team  # noqa: F401
from tests.factories import PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OFFICER_WORDS = ("police friend", "reg 18", "reg 19", "regulation 17 notice", "misconduct meeting", "reduction in rank",
                 "police appeals tribunal")  # fmt: skip


def _no_officer_words(page):
    text = page.locator("main").inner_text().lower()
    for word in OFFICER_WORDS:
        assert word not in text, word


def test_a_police_staff_matter_from_notice_to_outcome_and_appeal(team, live_server):  # noqa: F811
    pages, users = team
    base = live_server.url
    inv, sup, aa, ho = (pages[r] for r in ("investigator", "supervisor", "appropriate_authority", "hearings_officer"))
    person = PersonFactory(person_type="staff", rank_or_grade="Staff grade 5", forenames="JORDAN")
    reference = record_matter(inv, base, person)
    aa.goto(f"{base}/cases/{reference}/")
    expect(aa.locator("[data-testid=step-severity]")).to_have_count(0)  # reg 14 is not offered to staff
    step(aa, "staff-assess", {"#id_rationale": "Repeated searches without a business reason."}, choose=["Misconduct"])
    assert stage(aa) == "Awaiting investigation"
    assert "Police staff misconduct procedure (force policy, revised 2025)" in aa.locator("main").inner_text()
    sup.goto(f"{base}/cases/{reference}/")
    step(
        sup, "appoint", {"#id_investigator": str(users["investigator"].pk), "#id_reason": "Capacity"}, per_subject=False
    )
    inv.goto(f"{base}/cases/{reference}/")
    step(inv, "staff-notice", {"#id_served_on": "2026-03-20"})
    step(inv, "response", {"#id_received_on": "2026-03-27"})
    step(
        inv,
        "report",
        {"#id_summary": "Audit logs show 14 searches without a business reason.", "#id_submitted_on": "2026-05-01"},
        per_subject=False,
    )
    aa.goto(f"{base}/cases/{reference}/")
    step(aa, "staff-decision", {"#id_reasons": "The searches are admitted.", "#id_decided_on": "2026-05-20"},
         choose=["Refer to a disciplinary hearing before a manager"])  # fmt: skip
    screenshot(aa, "law-staff-1-referred")
    _no_officer_words(aa)

    ho.goto(f"{base}/cases/{reference}/")
    # a misconduct meeting or hearing under the Conduct Regulations is not a step of the procedure
    href = ho.locator("[data-testid=step-staff-hearing]").get_attribute("href")
    ho.goto(base + href.replace("/staff-hearing/", "/schedule/"))
    assert "the Police (Conduct) Regulations do not apply" in ho.locator("main").inner_text()
    screenshot(ho, "law-staff-2-regulations-refused")
    fields = {
        "#id_hearing_on": "2026-06-05",
        "#id_venue": "Headquarters, room 4",
        "#id_hearing_manager": "Pat Manager, Head of Contact (grade 9)",
        "#id_invitation_sent_on": "2026-06-01",
        "#id_companion_name": "Robin Rep (UNISON)",
    }
    step(ho, "staff-hearing", fields, choose=["By email", "Trade union representative"], submit=False)
    ho.click("[data-testid=submit-step]")
    assert "at least 10 working days" in ho.locator(".govuk-error-summary").inner_text()
    screenshot(ho, "law-staff-3-invitation-too-late")
    fill_date(ho, "hearing_on", "2026-06-22")
    ho.click("[data-testid=submit-step]")
    ho.wait_for_selector(".govuk-notification-banner--success")
    assert "Download the invitation (PDF)" in ho.locator("main").inner_text()
    step(ho, "staff-outcome", {"#id_finding": "misconduct", "#id_outcome": "final_written_warning",
                               "#id_reasons": "Proven; 15 years' good record considered.", "#id_decided_on": "2026-06-22"})  # fmt: skip
    assert stage(ho) == "Outcome given: appeal window"
    main = ho.locator("main").inner_text()
    assert "Final written warning" in main and "Outcome letter to" in main
    step(ho, "staff-outcome-letter", {"#id_given_on": "2026-06-23"}, choose=["By email"])
    assert "Download the outcome letter (PDF)" in ho.locator("main").inner_text()
    assert "Appeal window for" in ho.locator("[data-testid=deadlines]").inner_text()
    screenshot(ho, "law-staff-4-outcome-letter")
    step(ho, "staff-appeal", {"#id_lodged_on": "2026-06-25", "#id_appeal_manager": "Sam Senior, Director of Contact",
                              "#id_grounds": "The warning is too severe."})  # fmt: skip
    assert stage(ho) == "Appeal to a senior manager"
    step(ho, "staff-appeal-decision", {"#id_reasons": "The warning was within the policy's range."},
         choose=["Appeal not upheld: the outcome stands"])  # fmt: skip
    assert stage(ho) == "Finalised"
    main = ho.locator("main").inner_text()
    assert "Appeal not upheld: the outcome stands" in main and "Rules applied" in main
    _no_officer_words(ho)
    ho.locator("#staff-procedure").scroll_into_view_if_needed()
    screenshot(ho, "law-staff-5-finalised")
