"""The header's search box in a browser (issue 17): a supervisor searches by surname, by shoulder
number and by free text, and finds only the matters they may open; a bad term gets a plain
message. axe-core on each page, and at 390 px wide no sideways scrolling."""

import pytest
from playwright.sync_api import expect

from accounts.choices import Role
from tests.e2e.conftest import assert_accessible, browser_sign_in, screenshot
from tests.factories import PASSWORD, CaseFactory, PersonFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_supervisor_searches_from_the_header(page, live_server):
    holloway = PersonFactory(surname="HOLLOWAY", forenames="Jordan", rank_or_grade="PC", shoulder_number="4471CW")
    shown = CaseFactory(summary="Excessive force during an arrest at the station", subjects=[holloway])
    hidden = CaseFactory(summary="Excessive force at a football ground", subjects=[holloway], is_restricted=True)
    user = UserFactory(role=Role.SUPERVISOR, first_name="Sam", last_name="Okafor")
    browser_sign_in(page, live_server.url, user, PASSWORD)

    page.fill("#app-search-q", "Holloway")
    page.click(".app-header__search button")
    expect(page.locator("h1")).to_have_text("Search")
    main = page.locator("main")
    expect(main).to_contain_text(shown.reference)
    assert hidden.reference not in main.inner_text()  # restricted to named people: neither shown nor counted
    assert_accessible(page, "search results")
    screenshot(page, "search-1-surname")

    # a shoulder number as a reporter writes it: the constable and their matter, not the restricted one
    page.fill("#app-search-q", "PC 4471")
    page.click(".app-header__search button")
    expect(main).to_contain_text("PC 4471CW")
    expect(main).to_contain_text(shown.reference)
    assert hidden.reference not in main.inner_text()
    assert_accessible(page, "search by shoulder number")
    screenshot(page, "search-3-shoulder-number")

    page.fill("#app-search-q", "excessive force")
    page.click(".app-header__search button")
    expect(main).to_contain_text(shown.reference)
    assert hidden.reference not in main.inner_text()

    page.fill("#app-search-q", "%%")
    page.click(".app-header__search button")
    expect(main).to_contain_text("not only punctuation")
    assert_accessible(page, "search with a bad term")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/search/?q=Holloway")
    expect(main).to_contain_text(shown.reference)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert_accessible(page, "search results at 390 px")
    screenshot(page, "search-2-mobile")
    assert page.csp_violations == []
