"""The counter-corruption queue in a real browser: an officer opens the unit's home from the menu,
sees the items highest first and opens the reasons for the top one (screenshot). The queue's
other tests are in tests/counter_corruption/queue/."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.choices import Role
from counter_corruption.priority import queue_open_sources, queue_score
from tests.counter_corruption.queue.helpers import make_alert, make_log
from tests.e2e.conftest import browser_sign_in, screenshot
from tests.factories import PASSWORD, PersonFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_officer_reads_the_queue_and_why_the_top_item_is_there(page, live_server):
    today = timezone.localdate()
    officer = UserFactory(role=Role.COUNTER_CORRUPTION, first_name="Dana", last_name="Reeve")
    pc, sergeant, third = (PersonFactory(surname=name) for name in ("HOLLOWAY", "BRIGGS", "OKAFOR"))
    top = make_log(received_on=today - timedelta(days=9), themes=["apsp"], subjects=[pc], at_risk="child",
                   source="A", assessment="2")  # fmt: skip
    make_log(received_on=today - timedelta(days=40), themes=["disclosure", "infiltration"], subjects=[sergeant],
             source="B", assessment="3", status="tasked")  # fmt: skip
    make_log(received_on=today - timedelta(days=2), themes=["vulnerability"], subjects=[third], legacy="E4/3")
    make_log(received_on=today - timedelta(days=20), themes=["theft_fraud"], subjects=[pc], source="C", assessment="5")
    make_alert(person=third, others=[sergeant, pc], nominal=True)
    log_ids, alert_ids = queue_open_sources()
    queue_score(log_ids=log_ids, alert_ids=alert_ids)

    browser_sign_in(page, live_server.url, officer, PASSWORD)
    page.click("nav >> text=Counter-corruption")
    page.wait_for_url("**/counter-corruption/queue/")
    rows = page.locator("[data-testid=cc-queue-row]")
    expect(rows).to_have_count(5)
    assert top.reference in rows.nth(0).inner_text()
    rows.nth(0).locator("summary").click()
    why = rows.nth(0).locator("[data-testid=components]").inner_text()
    assert "A child is at risk: +50" in why and "Abuse of position for a sexual purpose" in why
    screenshot(page, "counter-corruption-queue")
    assert page.csp_violations == []
    page.click("text=Filter this queue")
    page.select_option("#id_kind", "alert")
    page.click("button:has-text('Apply filters')")
    expect(page.locator("[data-testid=cc-queue-row]")).to_have_count(1)
