"""Browser walks of the case-working roles' home pages (issue 17): sign in, see my work, open the
first item, do it, come back home to a list one shorter. axe-core on every page visited; the
home page also at 390 px wide."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.choices import Role
from cases import services
from cases.models import AllegationCategory, Case, InvestigationAction, Standard
from cases.priority import priority_score_cases
from tests.e2e.conftest import assert_accessible, browser_sign_in, screenshot
from tests.factories import PASSWORD, PersonFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _matter(actor, summary, *, received=None):
    today = timezone.localdate()
    case = services.case_open(
        actor=actor, source="conduct_matter", received_date=received or today - timedelta(days=20), summary=summary
    )
    subject = services.subject_add(actor=actor, case=case, person=PersonFactory(rank_or_grade="PC"))
    services.allegation_add(
        actor=actor,
        subject=subject,
        category=AllegationCategory.objects.get(code="data_misuse"),
        standards=[Standard.objects.get(number=1)],
        description="Searched police systems without a policing purpose.",
        incident_date=today - timedelta(days=25),
    )
    return case, subject


def _home(page, base_url, name, key):
    """Home, its screenshot, axe, and the same page 390 px wide."""
    page.goto(f"{base_url}/")
    expect(page.locator(f"[data-testid=work-{key}]")).to_be_visible()
    screenshot(page, f"{name}-1-home")
    assert_accessible(page, f"{name} home")


def _narrow(page, name):
    """The home page 390 px wide (a phone), then back to the desktop width."""
    page.set_viewport_size({"width": 390, "height": 900})
    screenshot(page, f"{name}-1-home-390")
    assert_accessible(page, f"{name} home at 390 px")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_investigator_does_the_first_action_due(page, live_server):
    today = timezone.localdate()
    investigator = UserFactory(role=Role.INVESTIGATOR, first_name="Dana", last_name="Reyes", person=PersonFactory())
    authority = UserFactory(role=Role.APPROPRIATE_AUTHORITY)
    due = [(-3, "Request the body-worn video"), (2, "Interview the complainant"), (6, "Take the witness statement")]
    for offset, text in due:
        case, _ = _matter(investigator, f"Matter for {text.lower()}")
        services.investigator_appoint(actor=authority, case=case, investigator=investigator, reason="Allocated")
        action = services.action_record(
            actor=investigator, case=case, kind="enquiry", description=text, due_on=today + timedelta(days=offset)
        )
        action.owner = investigator
        action.save(update_fields=["owner"])

    browser_sign_in(page, live_server.url, investigator, PASSWORD)
    _home(page, live_server.url, "investigator", "actions-due")
    actions = page.locator("[data-testid=work-actions-due] [data-testid=work-item]")
    expect(actions).to_have_count(3)
    expect(page.locator("[data-testid=work-my-matters] [data-testid=work-item]")).to_have_count(3)
    expect(actions.first).to_contain_text("Request the body-worn video")
    expect(actions.first).to_contain_text("Overdue by 3 days")
    _narrow(page, "investigator")

    actions.first.locator("a").click()
    expect(page.locator("h1")).to_contain_text("PSD-")
    expect(page.locator("main")).to_contain_text("Matter for request the body-worn video")
    assert page.url.endswith("#action-log")
    screenshot(page, "investigator-2-case")
    assert_accessible(page, "investigator case page")
    row = page.locator("[data-testid=action-row]", has_text="Request the body-worn video")
    row.locator("[data-testid=mark-done]").click()  # the action log's own "Mark as done"
    expect(row.locator("[data-testid=action-done-on]")).to_contain_text("by ")
    assert InvestigationAction.objects.get(description="Request the body-worn video").completed_on == today
    page.goto(f"{live_server.url}/")
    expect(actions).to_have_count(2)
    expect(page.locator("[data-testid=work-actions-due-count]")).to_have_text("2")
    screenshot(page, "investigator-3-home-after")
    assert page.csp_violations == []


def test_the_supervisor_allocates_the_first_unallocated_matter(page, live_server):
    supervisor = UserFactory(role=Role.SUPERVISOR, first_name="Sam", last_name="Okafor", person=PersonFactory())
    ivy = UserFactory(role=Role.INVESTIGATOR, first_name="Ivy", last_name="Investigator", person=PersonFactory())
    for summary in ("Alleged assault at custody", "Alleged misuse of systems", "Alleged discreditable conduct"):
        _matter(supervisor, summary)
    priority_score_cases(case_ids=list(Case.objects.values_list("id", flat=True)))

    browser_sign_in(page, live_server.url, supervisor, PASSWORD)
    _home(page, live_server.url, "supervisor", "unallocated")
    rows = page.locator("[data-testid=work-unallocated] [data-testid=work-item]")
    expect(rows).to_have_count(3)
    for key in ("team-at-risk", "reg19-due"):
        expect(page.locator(f"[data-testid=work-{key}]")).to_be_visible()
    _narrow(page, "supervisor")

    rows.first.locator("a").click()
    expect(page.locator("h1")).to_have_text("Appoint the investigator")
    assert_accessible(page, "supervisor appoint page")
    page.select_option("#id_investigator", str(ivy.pk))
    page.fill("#id_reason", "Capacity and experience of data misuse matters")
    screenshot(page, "supervisor-2-appoint")
    page.click("[data-testid=submit-step]")
    expect(page.locator(".govuk-notification-banner, .govuk-panel").first).to_be_visible()
    assert_accessible(page, "supervisor case page")
    page.click("#navigation a:has-text('Home')")
    expect(rows).to_have_count(2)
    expect(page.locator("[data-testid=work-unallocated-count]")).to_have_text("2")
    screenshot(page, "supervisor-3-home-after")
    assert page.csp_violations == []


def test_the_authority_assesses_the_first_severity_awaiting(page, live_server):
    authority = UserFactory(role=Role.APPROPRIATE_AUTHORITY, first_name="Alex", last_name="Morgan")
    investigator = UserFactory(role=Role.INVESTIGATOR)
    for summary in ("Alleged assault at custody", "Alleged misuse of systems"):
        _matter(investigator, summary)

    browser_sign_in(page, live_server.url, authority, PASSWORD)
    _home(page, live_server.url, "authority", "decisions-awaiting")
    rows = page.locator("[data-testid=work-decisions-awaiting] [data-testid=work-item]")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Assess severity")
    _narrow(page, "authority")

    rows.first.locator("a").click()
    expect(page.locator("h1")).to_have_text("Assess severity")
    assert_accessible(page, "authority severity page")
    page.check("input[name=severity][value=misconduct]")
    page.select_option("#id_likely_forum", "meeting")
    page.fill("#id_rationale", "If proven the conduct would justify disciplinary action.")
    screenshot(page, "authority-2-severity")
    page.click("[data-testid=submit-step]")
    expect(page.locator("[data-testid=stage]").first).to_contain_text("Assessed")
    assert_accessible(page, "authority case page")
    page.click("#navigation a:has-text('Home')")
    expect(rows).to_have_count(1)
    expect(page.locator("[data-testid=work-decisions-awaiting-count]")).to_have_text("1")
    screenshot(page, "authority-3-home-after")
    assert page.csp_violations == []


def _outcome_awaiting_notice(actor_aa, officer, investigator, summary, *, meeting_in_days=None):
    """A misconduct meeting held with its outcome recorded (notice not given), or one to come."""
    from hearings import services as hearings

    today = timezone.localdate()
    case, subject = _matter(investigator, summary, received=today - timedelta(days=200))
    services.severity_assess(
        actor=actor_aa,
        subject=subject,
        severity="misconduct",
        likely_forum="meeting",
        rationale="r",
        assessed_on=today - timedelta(days=190),
    )
    services.investigator_appoint(actor=actor_aa, case=case, investigator=investigator, reason="Allocated")
    subject.refresh_from_db()
    if subject.stage == "assessed":
        subject.start_investigation()
        subject.save()
    subject.finish_investigation()
    subject.save()
    services.case_to_answer_decide(
        actor=actor_aa,
        subject=subject,
        case_to_answer=True,
        route="meeting",
        rationale="r",
        decided_on=today - timedelta(days=40),
    )
    subject.refresh_from_db()
    when = today + timedelta(days=meeting_in_days) if meeting_in_days is not None else today - timedelta(days=8)
    proceeding = hearings.proceeding_schedule(
        actor=officer,
        subject=subject,
        scheduled_for=when,
        venue="Room 2, Headquarters",
        panel=[("chair", "Superintendent (delegate)")],
    )
    if meeting_in_days is None:
        hearings.outcome_record(
            actor=officer,
            proceeding=proceeding,
            finding="misconduct",
            outcome="written_warning",
            reasons="The panel's reasons.",
            decided_on=today - timedelta(days=8),
        )
    return case


def test_the_hearings_officer_sees_the_calendar_and_gives_the_first_notice_due(page, live_server):
    officer = UserFactory(role=Role.HEARINGS_OFFICER, first_name="Harper", last_name="Quinn")
    authority = UserFactory(role=Role.APPROPRIATE_AUTHORITY)
    investigator = UserFactory(role=Role.INVESTIGATOR)
    _outcome_awaiting_notice(authority, officer, investigator, "Alleged rudeness to a member of the public")
    _outcome_awaiting_notice(authority, officer, investigator, "Alleged failure to record a crime")
    _outcome_awaiting_notice(authority, officer, investigator, "Alleged neglect of duty", meeting_in_days=3)

    browser_sign_in(page, live_server.url, officer, PASSWORD)
    _home(page, live_server.url, "hearings", "outcome-notices")
    notices = page.locator("[data-testid=work-outcome-notices] [data-testid=work-item]")
    expect(notices).to_have_count(2)
    expect(page.locator("[data-testid=work-hearings-coming] [data-testid=work-item]")).to_have_count(1)
    expect(page.locator("[data-testid=work-panels]")).to_be_visible()
    _narrow(page, "hearings")

    page.click("#navigation a:has-text('Hearings calendar')")
    expect(page.locator("[data-testid=calendar-month] caption")).to_be_visible()
    screenshot(page, "hearings-2-calendar-month")
    assert_accessible(page, "hearings calendar month")
    page.click("[data-testid=calendar-list-view]")
    expect(page.locator("[data-testid=calendar-list], [data-testid=calendar-empty]").first).to_be_visible()
    screenshot(page, "hearings-3-calendar-list")
    assert_accessible(page, "hearings calendar list")
    page.click("[data-testid=calendar-previous]")
    expect(page.locator("[data-testid=calendar-list], [data-testid=calendar-empty]").first).to_be_visible()
    assert_accessible(page, "hearings calendar list, previous month")

    page.click("#navigation a:has-text('Home')")
    notices.first.locator("a").click()
    expect(page.locator("h1")).to_have_text("Give the outcome notice and record its service")
    assert_accessible(page, "hearings outcome notice page")
    page.locator("input[name=method]").first.check()
    screenshot(page, "hearings-4-notice")
    page.click("[data-testid=submit-step]")
    expect(page.locator("h1")).not_to_have_text("Give the outcome notice and record its service")
    assert_accessible(page, "hearings case page")
    page.click("#navigation a:has-text('Home')")
    expect(notices).to_have_count(1)
    expect(page.locator("[data-testid=work-outcome-notices-count]")).to_have_text("1")
    screenshot(page, "hearings-5-home-after")
    assert page.csp_violations == []
