"""Browser walk of the Home Office return: an analyst (exact tables, the download link) and the
oversight reader (suppressed tables, no download), from the navigation."""

import importlib

import pytest
from playwright.sync_api import expect

from accounts.choices import Role
from tests.e2e.conftest import browser_sign_in, screenshot
from tests.factories import PASSWORD, UserFactory

# the package is named "return", a keyword: imported by name
history_year = importlib.import_module("tests.governance.return.conftest").history_year

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_analyst_and_the_oversight_reader_read_the_return(page, live_server, history_year):  # noqa: F811
    analyst = UserFactory(role=Role.ANALYST)
    browser_sign_in(page, live_server.url, analyst, PASSWORD)
    page.click("#navigation a:has-text('Home Office return')")
    page.fill("#id_year", "2025")
    page.click("button:has-text('Show')")
    rows = len(history_year["expected"])  # every finalised officer or special of the year
    expect(page.locator("[data-testid=return-rows]")).to_contain_text(f"(rows of the return): {rows}.")
    expect(page.locator("[data-testid=return-csv]")).to_have_count(1)
    expect(page.locator("[data-testid=return-table-ethnicity_group]")).to_have_count(2)
    screenshot(page, "home-office-return-analyst")
    page.fill("#id_year", "twenty")
    page.click("button:has-text('Show')")
    expect(page.locator(".govuk-error-message")).to_have_count(1)
    screenshot(page, "home-office-return-bad-year")

    page.context.clear_cookies()
    reader = UserFactory(role=Role.OVERSIGHT_READER)
    browser_sign_in(page, live_server.url, reader, PASSWORD)
    page.click("#navigation a:has-text('Oversight')")  # the body's one menu entry; its overview links on
    page.click("[data-testid=oversight-links] a:has-text('Home Office return')")
    page.fill("#id_year", "2025")
    page.click("button:has-text('Show')")
    expect(page.locator("[data-testid=suppression-note]")).to_have_count(1)
    expect(page.locator("[data-testid=return-csv]")).to_have_count(0)
    assert "[c]" in page.content()
    screenshot(page, "home-office-return-oversight")
