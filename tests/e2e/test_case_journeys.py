"""A case walked through the browser, each step by the role that takes it, with screenshots."""

import pytest

from accounts.choices import Role
from tests.e2e.conftest import browser_sign_in, fill_date, screenshot
from tests.factories import PASSWORD, PersonFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def team(browser, live_server):
    pages = {}
    users = {}
    for role, first, last in [
        (Role.INVESTIGATOR, "Ivy", "Investigator"),
        (Role.SUPERVISOR, "Sol", "Supervisor"),
        (Role.APPROPRIATE_AUTHORITY, "Ada", "Authority"),
        (Role.HEARINGS_OFFICER, "Hal", "Hearings"),
    ]:
        user = UserFactory(role=role, first_name=first, last_name=last)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15000)
        browser_sign_in(page, live_server.url, user, PASSWORD)
        pages[role.value], users[role.value] = page, user
    yield pages, users
    for page in pages.values():
        page.context.close()


def record_matter(page, base, person, category="data_misuse"):
    page.goto(f"{base}/cases/")
    page.click("[data-testid=new-matter]")
    page.select_option("#id_source", "conduct_matter")
    fill_date(page, "received_date", "2026-03-02")
    page.fill("#id_summary", "Alleged misuse of police systems")
    page.fill("#id_staff_number", person.staff_number)
    page.select_option("#id_category", category)
    page.check("label:has-text('1 Honesty and integrity')")
    page.check("label:has-text('7 Confidentiality')")
    page.fill("#id_description", "Searched police systems for a former partner's address.")
    fill_date(page, "incident_date", "2026-02-20")
    page.click("button:has-text('Record the matter')")
    page.wait_for_selector("text=recorded.")
    return page.locator("h1").inner_text().split()[0]


def step(page, name, fields=None, choose=None, check=None, submit=True, per_subject=True):
    page.click(f"[data-testid={'step' if per_subject else 'case-step'}-{name}]")
    for label in choose or []:
        page.check(f"label:text-is('{label}')")
    for selector, value in (fields or {}).items():
        if page.locator(f"{selector}_month").count():  # a GOV.UK date input: day, month, year
            fill_date(page, selector.removeprefix("#id_"), value)
        elif page.locator(selector).evaluate("e => e.tagName") == "SELECT":
            page.select_option(selector, value)
        else:
            page.fill(selector, value)
    for label in check or []:
        page.check(f"label:has-text('{label}')")
    if submit:
        page.click("[data-testid=submit-step]")
        page.wait_for_selector(".govuk-notification-banner--success")


def stage(page):
    return page.locator("[data-testid=stage]").first.inner_text()


def test_a_case_from_intake_to_dismissal_and_appeal(team, live_server):
    pages, users = team
    base = live_server.url
    inv, sup, aa, ho = (pages[r] for r in ("investigator", "supervisor", "appropriate_authority", "hearings_officer"))
    reference = record_matter(inv, base, PersonFactory(rank_or_grade="PC"))
    screenshot(inv, "journey-1-recorded")
    aa.goto(f"{base}/cases/{reference}/")
    step(
        aa,
        "severity",
        {"#id_rationale": "Repeated searches about a vulnerable person.", "#id_likely_forum": "hearing"},
        choose=["Gross misconduct"],
    )
    assert stage(aa) == "Assessed: awaiting investigation"
    sup.goto(f"{base}/cases/{reference}/")
    step(
        sup,
        "appoint",
        {"#id_investigator": str(users["investigator"].pk), "#id_reason": "Capacity and no conflicts"},
        per_subject=False,
    )
    inv.goto(f"{base}/cases/{reference}/")
    assert stage(inv) == "Under investigation"
    step(inv, "reg17", {"#id_served_on": "2026-03-20"})
    assert "Download the notice (PDF)" in inv.locator("main").inner_text()
    step(
        inv,
        "action",
        {"#id_kind": "interview", "#id_description": "Interview of the subject under caution"},
        per_subject=False,
    )
    step(inv, "report", {"#id_summary": "Audit logs show 14 searches without a policing purpose."}, per_subject=False)
    screenshot(inv, "journey-1-investigated")
    aa.goto(f"{base}/cases/{reference}/")
    step(
        aa,
        "decision",
        {"#id_route": "hearing", "#id_rationale": "A panel could find gross misconduct proven."},
        choose=["Case to answer"],
    )
    ho.goto(f"{base}/cases/{reference}/")
    step(ho, "schedule", {"#id_scheduled_for": "2026-09-01", "#id_chair": "ACC Example", "#id_venue": "Hearing room 2"})
    # the reg 42 table refuses a written warning for gross misconduct
    step(
        ho,
        "outcome",
        {
            "#id_finding": "gross_misconduct",
            "#id_outcome": "written_warning",
            "#id_reasons": "Proven",
            "#id_decided_on": "2026-09-01",
        },
        submit=False,
    )
    ho.click("[data-testid=submit-step]")
    assert "cannot give written warning" in ho.locator(".govuk-error-summary").inner_text()
    screenshot(ho, "journey-1-outcome-refused")
    ho.select_option("#id_outcome", "dismissal_without_notice")
    ho.click("[data-testid=submit-step]")
    ho.wait_for_selector(".govuk-notification-banner--success")
    assert "Barred list" in ho.locator("main").inner_text()
    step(ho, "appeal", {"#id_body": "pat", "#id_grounds": "Sanction unduly severe"})
    step(ho, "appeal-decision", {"#id_result": "dismissed", "#id_reasons": "Within the range of sanctions"})
    assert stage(ho) == "Finalised"
    screenshot(ho, "journey-1-finalised")
    assert "Appeal decided" in ho.locator("[data-testid=timeline]").inner_text()


def test_a_case_that_ends_in_reflective_practice(team, live_server):
    pages, _ = team
    base = live_server.url
    reference = record_matter(pages["investigator"], base, PersonFactory(), category="neglect_of_duty")
    aa = pages["appropriate_authority"]
    aa.goto(f"{base}/cases/{reference}/")
    step(aa, "severity", {"#id_rationale": "A learning matter."}, choose=["Practice requiring improvement"])
    inv = pages["investigator"]
    inv.goto(f"{base}/cases/{reference}/")
    assert stage(inv) == "Reflective practice review"
    step(
        inv,
        "rprp",
        {
            "#id_summary": "Discussed the missed report.",
            "#id_actions": "Refresher by 1 June",
            "#id_lessons": "Record every report",
            "#id_review_date": "2027-02-01",
        },
    )
    assert stage(inv) == "Finalised"
    screenshot(inv, "journey-2-rprp")


def test_a_case_with_no_case_to_answer(team, live_server):
    pages, users = team
    base = live_server.url
    inv, aa = pages["investigator"], pages["appropriate_authority"]
    reference = record_matter(inv, base, PersonFactory())
    aa.goto(f"{base}/cases/{reference}/")
    step(
        aa, "severity", {"#id_rationale": "Could be misconduct.", "#id_likely_forum": "meeting"}, choose=["Misconduct"]
    )
    step(
        aa,
        "appoint",
        {"#id_investigator": str(users["investigator"].pk), "#id_reason": "Next in the queue"},
        per_subject=False,
    )
    inv.goto(f"{base}/cases/{reference}/")
    step(inv, "reg17", {"#id_served_on": "2026-03-20"})
    step(inv, "report", {"#id_summary": "The searches had a policing purpose."}, per_subject=False)
    aa.goto(f"{base}/cases/{reference}/")
    step(
        aa,
        "decision",
        {"#id_route": "no_further_action", "#id_rationale": "A policing purpose was shown."},
        choose=["No case to answer"],
    )
    assert stage(aa) == "Finalised"
    assert "No case to answer" in aa.locator("main").inner_text()
    screenshot(aa, "journey-3-no-case-to-answer")
