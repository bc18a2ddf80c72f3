"""Browser tests: Playwright driving Debian's Chromium against a live test server."""

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
# itself (factories) are ordinary blocking calls and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install the 'chromium' package (make test does this)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@contextmanager
def browser_page(browser, width: int = 1280):
    """A page in its own browser context (its own cookies), collecting CSP violations."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.csp_violations = []
    page.on("console", lambda m: page.csp_violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.set_default_timeout(15000)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(browser):
    with browser_page(browser) as page:
        yield page


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def browser_sign_in(page, base_url: str, user, password: str):
    from tests.factories import current_code, totp_device

    device = totp_device(user)
    page.goto(f"{base_url}/sign-in/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.click("button:has-text('Continue')")
    page.wait_for_url("**/sign-in/verify/**")
    page.fill("#id_token", current_code(device))
    page.click("button:has-text('Sign in')")
    page.wait_for_url(f"{base_url}/")


AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}
}


def assert_accessible(page, name: str) -> None:
    """axe-core (axe-playwright-python's bundled copy) on the page as it is now: no serious or
    critical violation. name says which page, in the failure message."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, f"{name}: " + "; ".join(serious)


def fill_date(page, name: str, value) -> None:
    """Fill a GOV.UK date input (day, month, year) named name with a date or an ISO string."""
    from datetime import date

    value = value if isinstance(value, date) else date.fromisoformat(value)
    page.fill(f"#id_{name}", str(value.day))
    page.fill(f"#id_{name}_month", str(value.month))
    page.fill(f"#id_{name}_year", str(value.year))


def date_value(page, name: str) -> str:
    """The ISO date shown in a GOV.UK date input named name ("" when its boxes are empty)."""
    from datetime import date

    day, month, year = (page.input_value(f"#id_{name}{part}") for part in ("", "_month", "_year"))
    return date(int(year), int(month), int(day)).isoformat() if day and month and year else ""
