"""The GOV.UK error summary names the field of each error and links to it (includes/error_summary.html)."""

import html
import re

import pytest

from accounts.choices import Role
from cases.forms import IntakeForm
from cases.models import Case
from tests.cases.test_case_pages import intake_data
from tests.conftest import quick_sign_in
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def summary_items(body: str) -> list[tuple[str, str]]:
    """(link target, text) of each line of the page's error summary."""
    summary = re.search(r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', body, re.S)
    assert summary, "no error summary"
    items = re.findall(r"<li>(.*?)</li>", summary.group(1), re.S)
    result = []
    for item in items:
        link = re.search(r'<a href="([^"]*)"', item)
        result.append((link.group(1) if link else "", html.unescape(re.sub(r"<[^>]+>", "", item)).strip()))
    return result


def _check_every_item_names_and_links_its_field(body: str, form_class, **form_kwargs):
    items = summary_items(body)
    form = form_class(**form_kwargs)
    labels = {name: str(form[name].label) for name in form.fields}
    assert items
    for target, text in items:
        assert text != "This field is required.", f"an error that names no field: {items}"
        assert target.startswith("#") and len(target) > 1, (target, text)
        assert f'id="{target[1:]}"' in body, f"the summary links to {target}, which is not on the page"
        # a date's GOV.UK message names the field in its own words ("Date of the incident must include a month")
        named = [
            name
            for name, label in labels.items()
            if text.startswith(f"{label}: ")
            or (form[name].widget_type == "govukdate" and label.lower() in text.lower())
        ]
        assert len(named) == 1, f"{text!r} does not start with its field's label"
        assert target[1:].startswith(f"id_{named[0]}"), (target, named)


def test_an_empty_new_matter_names_each_missing_field_in_the_summary():
    client = quick_sign_in(UserFactory(role=Role.INVESTIGATOR))
    response = client.post("/cases/new/", {})
    assert response.status_code == 400
    body = response.content.decode()
    _check_every_item_names_and_links_its_field(body, IntakeForm, user=None)
    texts = [text for _target, text in summary_items(body)]
    assert "Short summary (no names): This field is required." in texts, texts
    assert len(texts) >= 5 and len(set(texts)) == len(texts), "each line must be distinguishable"


def test_a_step_form_names_its_fields_too():
    from cases.forms import SeverityForm

    client = quick_sign_in(UserFactory(role=Role.APPROPRIATE_AUTHORITY))
    client.post("/cases/new/", intake_data(PersonFactory()))
    case = Case.objects.get()
    subject = case.case_subjects.get()
    response = client.post(f"/cases/{case.reference}/subjects/{subject.public_id}/severity/", {})
    assert response.status_code == 400
    _check_every_item_names_and_links_its_field(response.content.decode(), SeverityForm)


def test_the_flag_review_names_its_field_too():
    from cases.models import InterventionFlag, InterventionRule

    rule = InterventionRule.objects.get_or_create(
        code="allegations_in_window", defaults={"label": "3 or more allegations in 12 months", "threshold": 3}
    )[0]
    flag = InterventionFlag.objects.create(person=PersonFactory(), rule=rule, evidence={"allegations": 3})
    client = quick_sign_in(UserFactory(role=Role.SUPERVISOR))
    response = client.post(f"/queues/flags/{flag.public_id}/", {"status": "closed", "note": " "})
    assert response.status_code == 400
    body = response.content.decode()
    assert summary_items(body) == [("#note", "What was found and decided: Record what was found and decided.")]
    assert 'id="note-error"' in body and 'aria-describedby="note-error"' in body


def test_a_date_radio_and_checkboxes_each_link_to_something_that_takes_focus():
    """The summary's links land on a real control: the day of a date, the first radio, the first
    checkbox; a date's message names the field itself and says what is wrong."""
    client = quick_sign_in(UserFactory(role=Role.APPROPRIATE_AUTHORITY))
    client.post("/cases/new/", intake_data(PersonFactory()))
    case = Case.objects.get()
    subject = case.case_subjects.get()
    response = client.post(
        f"/cases/{case.reference}/subjects/{subject.public_id}/severity/",
        {"rationale": "r", "assessed_on_day": "31", "assessed_on_month": "2", "assessed_on_year": "2026"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    items = summary_items(body)
    assert ("#id_assessed_on", "Date of assessment must be a real date") in items
    assert ("#id_severity_0", "Severity: This field is required.") in items
    assert re.search(r'<input type="text" name="assessed_on_day" value="31"[^>]* id="id_assessed_on"', body)
    assert re.search(r'<input[^>]+id="id_severity_0"', body)

    client = quick_sign_in(UserFactory(role=Role.INVESTIGATOR))
    response = client.post("/cases/new/", {**intake_data(PersonFactory()), "standards": []})
    items = summary_items(response.content.decode())
    target = next(t for t, text in items if text.startswith("Standards of Professional Behaviour"))
    assert target == "#id_standards_0" and 'id="id_standards_0"' in response.content.decode()
