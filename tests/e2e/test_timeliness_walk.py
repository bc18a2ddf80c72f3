from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from accounts.choices import Role
from cases.models import CaseSubject
from governance.timeliness import timeliness_refresh_now
from tests.e2e.conftest import browser_sign_in, screenshot
from tests.factories import PASSWORD, CaseFactory, PersonFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_analyst_reads_timeliness_filters_it_and_opens_the_matters_behind_a_figure(page, live_server):
    received = date(2025, 1, 6)
    for i in range(1, 8):
        CaseSubject.objects.create(
            case=CaseFactory(received_date=received),
            person=PersonFactory(),
            stage="closed",
            severity="gross_misconduct" if i % 2 else "misconduct",
            closure_reason="no_case_to_answer",
            severity_date=received + timedelta(days=12 * i),
            finalised_on=received + timedelta(days=90 * i),
        )
    for age in (40, 200, 450):
        CaseSubject.objects.create(
            case=CaseFactory(received_date=date.today() - timedelta(days=age)), person=PersonFactory()
        )
    timeliness_refresh_now()
    analyst = UserFactory(role=Role.ANALYST)

    browser_sign_in(page, live_server.url, analyst, PASSWORD)
    page.click("#navigation a:has-text('Timeliness')")
    expect(page.locator("[data-testid=stage-chart] svg")).to_have_count(1)
    expect(page.locator("[data-testid=ageing-chart] svg")).to_have_count(1)
    screenshot(page, "timeliness")

    page.select_option("#id_severity", "gross_misconduct")
    page.click("button:has-text('Apply filters')")
    expect(page.locator("[data-testid=stage-table] a").first).to_have_text("4 matters: list them")
    screenshot(page, "timeliness-gross-misconduct")

    page.locator("[data-testid=stage-table] a").first.click()
    expect(page.locator("[data-testid=matters-table] tbody tr")).to_have_count(4)
    expect(page.locator("[data-testid=need-to-know]")).to_have_count(1)
    screenshot(page, "timeliness-matters")
