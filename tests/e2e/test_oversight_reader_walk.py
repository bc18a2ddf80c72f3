"""Browser walk as the oversight reader (the local policing body): one menu entry, the overview with
published counts, suspension reviews, hearings to come and held, the 12-month reports and the
disparity statistics at command level; a unit is refused; no name anywhere."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.choices import Role
from tests.e2e.conftest import browser_sign_in, screenshot
from tests.factories import PASSWORD, UnitFactory, UserFactory
from tests.governance.oversight.world import SECRETS, oversight_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _no_secrets(page):
    text = page.content()
    for secret in SECRETS:
        assert secret not in text, secret


def test_the_oversight_reader_walks_their_pages(page, live_server):
    from oversight.models import DisparityRefresh, DisparityResult

    oversight_world(today=timezone.localdate())
    unit = UnitFactory(name="Northgate Response Team")
    refresh = DisparityRefresh.objects.create(
        data_cutoff="2026-10-31", method_version="disparity-1.0", rule={}, trigger="command", status="complete"
    )
    common = {"refresh": refresh, "window_months": 12, "population": "all", "source": "all", "stage": "s1_system"}
    for level, where, events in (("force", None, 120), ("command", unit.parent, 61)):
        DisparityResult.objects.create(
            **common, level=level, unit=where, group="white", n=900, events=events, headcount=900
        )
        DisparityResult.objects.create(**common, level=level, unit=where, group="black", n=100, events=3, headcount=100)
    reader = UserFactory(role=Role.OVERSIGHT_READER, first_name="Olu", last_name="Mensah")

    browser_sign_in(page, live_server.url, reader, PASSWORD)
    expect(page.locator("#navigation a:has-text('Oversight')")).to_have_count(1)
    assert "Statistics" not in page.locator("#navigation").inner_text()
    page.click("#navigation a:has-text('Oversight')")
    expect(page.locator("[data-testid=oversight-count]")).to_have_count(5)
    assert "[c]" in page.locator("[data-testid=oversight-count]").first.inner_text()
    screenshot(page, "oversight-1-home")
    _no_secrets(page)

    page.click("a.moj-sub-navigation__link:has-text('Suspension reviews')")
    expect(page.locator("[data-testid=suspension]")).to_have_count(2)
    assert "Late" in page.locator("[data-testid=suspensions]").inner_text()
    screenshot(page, "oversight-2-suspensions")
    _no_secrets(page)

    page.click("a.moj-sub-navigation__link:has-text('Hearings in public')")
    expect(page.locator("[data-testid=hearing]")).to_have_count(2)
    assert "Hearing Room 1, Headquarters" in page.locator("[data-testid=hearings]").inner_text()
    screenshot(page, "oversight-3-hearings-to-come")
    page.click("a.moj-sub-navigation__link:has-text('Held')")
    expect(page.locator("[data-testid=hearing]")).to_have_count(2)
    assert "Dismissal without notice" in page.locator("[data-testid=hearings]").inner_text()
    screenshot(page, "oversight-4-hearings-held")
    _no_secrets(page)

    page.click("a.moj-sub-navigation__link:has-text('12-month reports')")
    expect(page.locator("h1")).to_have_text("12-month reports")
    page.click("#navigation a:has-text('Oversight')")  # the reports page is the oversight app's own

    page.click("a.moj-sub-navigation__link:has-text('Disparity statistics')")
    page.select_option("#id_unit", f"command:{unit.parent.public_id}")
    page.click("button:has-text('Show')")
    expect(page.locator("h2.govuk-heading-l")).to_contain_text(unit.parent.name)
    assert unit.name not in page.locator("#id_unit").inner_text()  # no unit to choose
    assert page.locator("a[href*='drilldown'], a[href*='/flags']").count() == 0
    screenshot(page, "oversight-5-statistics-command")
    page.goto(f"{live_server.url}/disparities/statistics/?unit=unit:{unit.public_id}")
    assert "not published" in page.locator(".govuk-error-message").inner_text()
    screenshot(page, "oversight-6-statistics-unit-refused")
    assert page.csp_violations == []
