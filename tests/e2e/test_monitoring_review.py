"""Lawful business monitoring review in a real browser: an analyst opens the alert queue from the
unit's sub-navigation, opens the top alert, reads why it was raised (its reasons, and each event
with what it matched), decides "conduct matter" and lands on the new case with the events as its
exhibit (screenshots of each step)."""

import pytest
from django.db import connection
from playwright.sync_api import expect

from accounts.choices import Role
from cases.models import Case
from tests.counter_corruption.monitoring_review_world import family_alert
from tests.e2e.conftest import browser_sign_in, screenshot
from tests.factories import PASSWORD, PersonFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def events_table():
    # unmanaged and partitioned: not flushed between transactional tests
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE counter_corruption_auditevent")
    yield
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE counter_corruption_auditevent")


def test_an_analyst_reviews_an_alert_into_a_conduct_matter(page, live_server, events_table):
    analyst = UserFactory(role=Role.COUNTER_CORRUPTION, person=PersonFactory(), first_name="Dana", last_name="Reeve")
    searcher = PersonFactory(surname="MARLOW", forenames="Kerry", rank_or_grade="PC")
    alert = family_alert(searcher=searcher)
    family_alert(searcher=PersonFactory(surname="ASHBY", forenames="Tom"), score=41)

    browser_sign_in(page, live_server.url, analyst, PASSWORD)
    page.goto(f"{live_server.url}/counter-corruption/queue/")
    page.click(".moj-sub-navigation >> text=Monitoring")
    page.wait_for_url("**/counter-corruption/monitoring/")
    rows = page.locator("[data-testid=monitoring-alert-row]")
    expect(rows).to_have_count(2)
    assert searcher.staff_number in rows.nth(0).inner_text() and "82" in rows.nth(0).inner_text()
    screenshot(page, "monitoring-alert-queue")

    rows.nth(0).locator("a").first.click()
    page.wait_for_url(f"**/monitoring/alerts/{alert.public_id}/")
    reasons = page.locator("[data-testid=alert-reasons]").inner_text()
    assert "home postcode with their surname" in reasons
    events = page.locator("[data-testid=alert-event]")
    expect(events).to_have_count(2)
    assert "Daniel Marlow, same surname" in events.nth(0).inner_text() and "MARLOW D*" in events.nth(0).inner_text()
    screenshot(page, "monitoring-alert-explained")

    page.click("button:has-text('Record the decision')")  # nothing chosen: field errors
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Choose the decision." in summary and "Give the reason" in summary
    screenshot(page, "monitoring-alert-errors")
    page.check("input[name=decision][value=conduct]")
    page.fill("#id_reason", "Searched for his brother twice at night with no occurrence and no policing purpose.")
    page.click("button:has-text('Record the decision')")
    case = Case.objects.get(source="monitoring")
    page.wait_for_url(f"**/cases/{case.reference}/")
    assert "opened with the events as evidence" in page.content()
    assert case.case_subjects.get().person == searcher and case.evidence.count() == 1
    screenshot(page, "monitoring-conduct-matter-case")
    page.goto(f"{live_server.url}/counter-corruption/monitoring/rules/")
    assert page.locator("[data-testid=fp-family]").inner_text() == "0 (0%)"
    screenshot(page, "monitoring-rules")
    assert page.csp_violations == []


def test_an_analyst_changes_a_rule_and_keeps_the_watch_list(page, live_server):
    from tests.counter_corruption.monitoring_review_world import seeded_rules

    seeded_rules()
    analyst = UserFactory(role=Role.COUNTER_CORRUPTION, person=PersonFactory(), first_name="Dana", last_name="Reeve")
    browser_sign_in(page, live_server.url, analyst, PASSWORD)
    page.goto(f"{live_server.url}/counter-corruption/monitoring/rules/")
    page.click("a:has-text('Peer-relative volume')")
    page.fill("#id_weight", "25")
    page.click("button:has-text('Save the change')")  # no reason: refused with the field's error
    assert "Give the reason." in page.locator(".govuk-error-summary").inner_text()
    page.fill("#id_reason", "Shift patterns explain most of the volume alerts.")
    page.click("button:has-text('Save the change')")
    page.wait_for_url("**/monitoring/rules/")
    page.click("[data-testid=monitoring-rules] >> a:has-text('Peer-relative volume')")
    assert "Shift patterns explain" in page.locator("[data-testid=rule-history]").inner_text()
    screenshot(page, "monitoring-rule-history")

    page.click("[data-testid=monitoring-tabs] >> text=Watch list")
    page.fill("#id_surname", "Fenwick")
    page.fill("#id_forenames", "Alys")
    page.fill("#id_category", "broadcaster")
    page.fill("#id_reason", "Presents the regional news")
    page.click("button:has-text('Add to the watch list')")
    page.wait_for_url("**/monitoring/watch-list/")
    assert "Alys Fenwick" in page.locator("[data-testid=watchlist]").inner_text()
    screenshot(page, "monitoring-watchlist")
    assert page.csp_violations == []
