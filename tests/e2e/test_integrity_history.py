"""The integrity history in a real browser: a counter-corruption officer finds the person by name
and reads one timeline with its theme chart, under the strict CSP."""

import pytest
from playwright.sync_api import expect

from tests.counter_corruption.history.conftest import world  # noqa: F401  (the history's records)
from tests.e2e.conftest import browser_sign_in, screenshot
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_unit_member_finds_a_person_and_reads_their_integrity_history(page, live_server, world):  # noqa: F811
    browser_sign_in(page, live_server.url, world["cc"], PASSWORD)
    page.click("#navigation >> text=Counter-corruption")
    page.click(".moj-sub-navigation >> text=Integrity histories")
    page.fill("#id_q", "historia")
    page.click("main button:has-text('Search')")  # not the header's search box
    page.click(f"a[href='/counter-corruption/people/{world['person'].public_id}/history/']")
    page.wait_for_selector("[data-testid=timeline]")
    expect(page.locator(".moj-timeline__item")).to_have_count(8)
    assert page.locator("svg[data-testid=theme-chart] rect").count() >= 4
    assert "PSD-2025-00002" not in page.content()  # restricted, not granted
    screenshot(page, "integrity-history")
    page.check("#kind-allegation")
    page.click("button:has-text('Apply filter')")
    expect(page.locator(".moj-timeline__item")).to_have_count(2)
    assert page.csp_violations == []
