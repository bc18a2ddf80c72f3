"""A hearings officer puts a hearing panel together under SI 2024/521 in the browser: a police staff chair
refused in an operational policing case, an incomplete panel refused with what it lacks, then the
complete panel, the adviser's advice and a majority decision shown on the panel and the case page."""

from datetime import date

import pytest

from accounts.choices import Role
from tests.cases.conftest import matter, people  # noqa: F401  (the same matter and people fixtures)
from tests.e2e.conftest import browser_sign_in, date_value, fill_date, screenshot
from tests.factories import PASSWORD, UserFactory
from tests.hearings.test_panels import NEW, referred

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PCC = "Police and Crime Commissioner for the Demonstration area"


def add_member(page, role_index, name, appointed_by=PCC, basis=None, rank="", qualified="", expect_error=False):
    page.click("[data-testid=panel-add-member]")
    page.check(f"#id_role_{role_index}")
    page.fill("#id_name", name)
    if basis:
        page.select_option("#id_chair_basis", basis)
    if rank:
        page.fill("#id_rank", rank)
    if qualified:
        page.check("#id_qualified")
        page.fill("#id_qualification", qualified)
    page.fill("#id_appointed_by", appointed_by)
    fill_date(page, "appointed_on", "2026-10-01")
    fill_date(page, "conflict_declared_on", "2026-10-02")
    page.click("[data-testid=submit-panel-form]")
    if expect_error:
        page.wait_for_selector(".govuk-error-summary")
    else:
        page.wait_for_selector(f"text={name} added to the panel.")


def test_hearings_officer_builds_a_2024_panel_and_records_a_majority_decision(browser, live_server, people, matter):  # noqa: F811
    case, _subject, proceeding = referred(people, matter, referred_on=NEW)
    officer = UserFactory(role=Role.HEARINGS_OFFICER, first_name="Hal", last_name="Hearings")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    csp = []
    page.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
    base = live_server.url
    try:
        browser_sign_in(page, base, officer, PASSWORD)
        page.goto(f"{base}/cases/{case.reference}/")
        assert "24 Nov 2026 at 10:30, Hearing Room 2, Headquarters" in page.content()
        screenshot(page, "panels-01-case-page-schedule")
        page.click("[data-testid=hearing-panel-link]")
        page.wait_for_selector("text=Rules that would apply")
        assert "SI 2024/521" in page.content()
        screenshot(page, "panels-02-no-panel-yet")

        page.click("[data-testid=panel-open]")
        assert date_value(page, "referred_on") == NEW.isoformat()
        page.check("#id_operational_policing")
        page.fill("#id_delegated_by", "Chief Constable Morgan Hale")
        fill_date(page, "delegated_on", "2026-09-30")
        page.fill("#id_delegation_reasons", "Delegated to a senior officer of the force.")
        page.click("[data-testid=submit-panel-form]")
        page.wait_for_selector("text=Panel opened")

        # a member of police staff cannot chair a case mainly about operational policing
        add_member(page, 0, "Ms Joan Ellis", "Chief Constable", basis="police_staff", rank="G", expect_error=True)
        assert "substantially involves operational policing" in page.inner_text(".govuk-error-summary")
        screenshot(page, "panels-03-staff-chair-refused")
        page.click("text=Back to the panel")

        add_member(page, 0, "ACC Rhona Baird", "Chief Constable", basis="senior_officer", rank="ACC")
        add_member(page, 1, "Dr Priya Nand", qualified="Former employment judge")
        page.click("[data-testid=panel-complete]")
        page.wait_for_selector("text=The panel needs 2 independent panel members (has 1).")
        screenshot(page, "panels-04-incomplete-refused")

        add_member(page, 1, "Mr Tom Reece")
        add_member(page, 3, "Ms Carla Voss")
        page.click("[data-testid=panel-complete]")
        page.wait_for_selector("text=Panel complete: checked against the rules that apply.")
        assert page.inner_text("[data-testid=panel-status]") == "Complete"

        page.click("[data-testid=panel-add-advice]")
        fill_date(page, "given_on", "2026-11-24")
        page.fill("#id_advice", "The panel decides on the balance of probabilities and must give reasons.")
        page.click("[data-testid=submit-panel-form]")
        page.wait_for_selector("text=Advice recorded.")

        page.click("[data-testid=panel-decision]")
        votes = {"ACC Rhona Baird": "dismissal_without_notice", "Dr Priya Nand": "dismissal_without_notice"}
        for label in page.locator("label:has-text(': finding')").all():
            page.select_option(f"#{label.get_attribute('for')}", "gross_misconduct")
        for label in page.locator("label:has-text(': outcome')").all():
            name = label.inner_text().split(":")[0]
            page.select_option(f"#{label.get_attribute('for')}", votes.get(name, "final_written_warning"))
        page.fill("#id_reasons", "The panel found the conduct proven; the majority found dismissal necessary.")
        fill_date(page, "decided_on", date(2026, 11, 25).isoformat())
        screenshot(page, "panels-05-votes")
        page.click("[data-testid=submit-panel-form]")
        page.wait_for_selector("text=The panel's decision is recorded")
        assert "Finding 3–0, outcome 2–1 (by majority)" in page.inner_text("[data-testid=panel-outcome]")
        screenshot(page, "panels-06-panel-with-decision")

        page.goto(f"{base}/cases/{case.reference}/")
        section = page.inner_text("[data-testid=case-panel]")
        assert "Dr Priya Nand" in section and "Former employment judge" in section and "2–1" in section
        assert "SI 2024/521" in section and "Chief Constable Morgan Hale" in section
        page.locator("[data-testid=case-panel]").scroll_into_view_if_needed()
        screenshot(page, "panels-07-case-page-panel")
        assert csp == []
    finally:
        context.close()
