from datetime import date

import pytest
from playwright.sync_api import expect

from accounts.choices import Role
from cases.models import AllegationCategory, Case, Standard
from cases.priority import priority_score_cases
from cases.services import allegation_add, case_open, subject_add
from tests.e2e.conftest import browser_sign_in, screenshot
from tests.factories import PASSWORD, PersonFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _case(actor, category, vulnerable=False):
    case = case_open(
        actor=actor, source="public_complaint", received_date=date(2026, 9, 1), summary=f"{category} matter"
    )
    subject = subject_add(actor=actor, case=case, person=PersonFactory())
    allegation_add(
        actor=actor,
        subject=subject,
        category=AllegationCategory.objects.get(code=category),
        standards=[Standard.objects.get(number=1)],
        description="d",
        victim_vulnerable=vulnerable,
    )
    return case


def test_a_supervisor_filters_the_queue_allocates_three_cases_and_sees_the_workload_change(page, live_server):
    supervisor = UserFactory(role=Role.SUPERVISOR, first_name="Sol", last_name="Supervisor")
    investigator = UserFactory(role=Role.INVESTIGATOR, first_name="Ivy", last_name="Investigator")
    for category, vulnerable in [
        ("violence", True),
        ("violence", False),
        ("violence", False),
        ("neglect_of_duty", False),
        ("sexual_misconduct", True),
    ]:
        _case(supervisor, category, vulnerable)
    priority_score_cases(case_ids=list(Case.objects.values_list("id", flat=True)))

    browser_sign_in(page, live_server.url, supervisor, PASSWORD)
    page.click("#navigation a:has-text('Queues')")
    rows = page.locator("[data-testid=queue-row]")
    expect(rows).to_have_count(5)
    scores = [float(s) for s in page.locator("[data-testid=score]").all_inner_texts()]
    assert scores == sorted(scores, reverse=True)  # most serious first
    assert "Sexual misconduct" in rows.first.inner_text()
    assert page.locator(f"[data-testid=workload-{investigator.username}]").inner_text().split()[-2:] == ["0", "(0)"]
    screenshot(page, "queue-before")

    page.click("summary:has-text('Filter this queue')")
    page.select_option("#id_category", "violence")
    page.click("button:has-text('Apply filters')")
    expect(rows).to_have_count(3)
    for checkbox in page.locator("input[name=cases]").all():
        checkbox.check()
    page.select_option("#allocate-investigator", str(investigator.pk))
    page.fill("#allocate-reason", "Violence cases to the specialist")
    page.click("[data-testid=allocate]")
    page.wait_for_selector("[data-testid=allocation-done]")
    assert "3 case(s) allocated to Ivy Investigator" in page.locator("[data-testid=allocation-done]").inner_text()
    assert page.locator(f"[data-testid=workload-{investigator.username}]").inner_text().split()[-2:] == ["3", "(3)"]
    screenshot(page, "queue-after-allocation")
    assert Case.objects.filter(investigator=investigator).count() == 3
    expect(rows).to_have_count(0)  # the filtered queue (violence, unallocated) is now empty
    assert page.csp_violations == []
