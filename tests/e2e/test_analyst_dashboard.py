from datetime import date

import pytest
from playwright.sync_api import expect

from accounts.choices import Role
from oversight.refresh import disparities_refresh
from oversight.simulate import simulate
from tests.e2e.conftest import browser_sign_in, screenshot
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_analyst_opens_the_dashboard_changes_the_unit_and_reviews_a_flag(page, live_server):
    simulate(
        people=6_000, commands=2, units_per_command=2, cutoff=date(2026, 10, 31), multipliers={"s1": {"black": 2.2}}
    )
    analyst = UserFactory(role=Role.ANALYST, first_name="Ana", last_name="Lyst")
    refresh = disparities_refresh(cutoff=date(2026, 10, 31))
    assert refresh.flags > 0

    browser_sign_in(page, live_server.url, analyst, PASSWORD)
    page.click("#navigation a:has-text('Disparities')")
    expect(page.locator("[data-testid=funnel-chart] svg")).to_have_count(1)
    expect(page.locator("[data-testid=forest-plot] svg")).to_have_count(1)
    assert "Whole force" in page.locator("[data-testid=slice-title]").inner_text()
    assert page.locator("[data-testid=results-table] .govuk-tag--red").count() >= 1  # the FLAG
    screenshot(page, "disparity-dashboard")

    page.select_option("#id_unit", label="Sim Command 01")
    page.select_option("#id_window", "36")
    page.click("button:has-text('Show')")
    assert "Sim Command 01" in page.locator("[data-testid=slice-title]").inner_text()
    assert "36 months" in page.locator("[data-testid=slice-title]").inner_text()
    screenshot(page, "disparity-dashboard-command")

    page.click(".moj-sub-navigation a:has-text('Flags')")
    page.locator("[data-testid=flags-table] a").first.click()
    assert page.locator("[data-testid=flag-status]").inner_text() == "New"
    page.check("input[value=under_review]")
    page.fill("#id_note", "Pulled the matters behind the figure; reviewing referral routes with the BCU.")
    page.click("button:has-text('Record review')")
    assert page.locator("[data-testid=flag-status]").inner_text() == "Under review"
    assert "reviewing referral routes" in page.locator("[data-testid=flag-reviews]").inner_text()
    screenshot(page, "disparity-flag-reviewed")

    page.goto(f"{live_server.url}/disparities/compare/?stage=s1_system&group=black&window=36")
    expect(page.locator("[data-testid=funnel-plot] svg")).to_have_count(1)
    screenshot(page, "disparity-compare-commands")
    assert page.csp_violations == []
