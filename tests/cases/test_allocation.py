"""Allocating from a queue: a refusal is shown next to the field it is about, with htmx or without."""

import re
from datetime import date

import pytest

from accounts.choices import Role
from cases.models import AllegationCategory, Case, Standard
from cases.priority import priority_score_cases
from cases.services import allegation_add, case_open, subject_add
from tests.conftest import quick_sign_in
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def queue():
    supervisor = UserFactory(role=Role.SUPERVISOR)
    investigator = UserFactory(role=Role.INVESTIGATOR, first_name="Ivy", last_name="Investigator")
    case = case_open(actor=supervisor, source="public_complaint", received_date=date(2026, 9, 1), summary="x")
    subject = subject_add(actor=supervisor, case=case, person=PersonFactory())
    allegation_add(
        actor=supervisor,
        subject=subject,
        category=AllegationCategory.objects.get(code="violence"),
        standards=[Standard.objects.get(number=4)],
        description="d",
    )
    priority_score_cases(case_ids=[case.id])
    return quick_sign_in(supervisor), investigator, case


def _error_next_to(body: str, field_id: str) -> str:
    """The error message shown in the form group of the field with this id ('' if none)."""
    match = re.search(
        r'<div class="govuk-form-group govuk-form-group--error"[^>]*>((?:(?!</div>).)*?id="' + field_id + '")',
        body,
        re.S,
    )
    if not match:
        return ""
    error = re.search(r'class="govuk-error-message"[^>]*>(.*?)</p>', match.group(1), re.S)
    return re.sub(r"<[^>]+>", "", error.group(1)).strip() if error else ""


@pytest.mark.parametrize("htmx", [True, False])
def test_allocating_without_a_reason_shows_the_error_at_the_reason(queue, htmx):
    client, investigator, case = queue
    data = {"queue": "unallocated", "cases": [case.reference], "investigator": investigator.pk, "reason": " "}
    response = client.post("/queues/allocate/", data, **(HTMX if htmx else {}))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Error: Give the reasons" in _error_next_to(body, "allocate-reason")
    assert 'href="#allocate-reason"' in body  # the error summary links to the field
    assert f'value="{investigator.pk}" selected' in body  # what was chosen is kept
    assert f'value="{case.reference}" id="pick-{case.reference}" checked' in body
    assert Case.objects.get().investigator is None


def test_allocating_without_an_investigator_or_cases_names_both(queue):
    client, _investigator, _case = queue
    response = client.post("/queues/allocate/", {"queue": "all", "reason": "Workload"}, **HTMX)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose an investigator" in _error_next_to(body, "allocate-investigator")
    assert "Choose at least one case" in body and 'href="#allocate-cases"' in body


def test_a_good_allocation_is_swapped_in_and_without_htmx_redirects(queue):
    client, investigator, case = queue
    data = {"queue": "unallocated", "cases": [case.reference], "investigator": investigator.pk, "reason": "Free"}
    response = client.post("/queues/allocate/", data, **HTMX)
    assert response.status_code == 200 and b"1 case(s) allocated to Ivy Investigator" in response.content
    assert Case.objects.get().investigator == investigator
    response = client.post("/queues/allocate/?category=violence", {**data, "queue": "all"})
    assert response.status_code == 302 and response["Location"] == "/queues/all/?category=violence"
