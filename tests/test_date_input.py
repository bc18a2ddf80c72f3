"""GOV.UK date input (core.forms.GovukDateInput): day, month and year boxes, GOV.UK messages,
and the single ISO field still accepted (scripts and older tests post received_date=2026-01-31)."""

import re
from datetime import date

import pytest
from django import forms

from accounts.choices import Role
from cases.models import Case
from core.forms import GovukDateInput, GovukFormMixin
from tests.cases.test_case_pages import intake_data
from tests.conftest import quick_sign_in
from tests.factories import PersonFactory, UserFactory
from tests.test_error_summary import summary_items


class IncidentForm(GovukFormMixin, forms.Form):
    incident_date = forms.DateField(widget=GovukDateInput(), label="Date of the incident")
    review_on = forms.DateField(widget=GovukDateInput(), label="Review date", required=False)


def _parts(name, day, month, year):
    return {f"{name}_day": day, f"{name}_month": month, f"{name}_year": year}


def test_day_month_and_year_make_a_date():
    form = IncidentForm(_parts("incident_date", "31", "1", "2026"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"incident_date": date(2026, 1, 31), "review_on": None}


def test_a_month_may_be_written_as_a_name():
    form = IncidentForm(_parts("incident_date", "3", "Sept", "2026"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["incident_date"] == date(2026, 9, 3)


def test_the_single_iso_field_is_still_accepted():
    form = IncidentForm({"incident_date": "2026-01-31"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["incident_date"] == date(2026, 1, 31)


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("", "", ""), "Enter the date of the incident"),
        (("31", "", "2026"), "Date of the incident must include a month"),
        (("", "", "2026"), "Date of the incident must include a day and month"),
        (("31", "2", "2026"), "Date of the incident must be a real date"),
        (("x", "2", "2026"), "Date of the incident must be a real date"),
        (("3", "2", "26"), "Date of the incident must include a year with 4 numbers"),
    ],
)
def test_govuk_messages_say_what_is_wrong(parts, message):
    form = IncidentForm(_parts("incident_date", *parts))
    assert not form.is_valid()
    assert form.errors["incident_date"] == [message]


def test_a_half_filled_optional_date_is_refused_not_ignored():
    form = IncidentForm({**_parts("incident_date", "1", "1", "2026"), **_parts("review_on", "1", "", "")})
    assert form.errors == {"review_on": ["Review date must include a month and year"]}


def test_the_widget_renders_three_numeric_boxes_and_keeps_what_was_typed():
    form = IncidentForm(_parts("incident_date", "31", "", "2026"))
    form.is_valid()
    html = str(form["incident_date"])
    inputs = re.findall(r"<input [^>]*>", html)
    assert len(inputs) == 3
    assert all('inputmode="numeric"' in i and "govuk-date-input__input" in i for i in inputs)
    assert 'id="id_incident_date"' in inputs[0] and 'name="incident_date_day"' in inputs[0]
    assert 'value="31"' in inputs[0] and "value=" not in inputs[1] and 'value="2026"' in inputs[2]
    assert all("govuk-input--error" in i for i in inputs)
    assert form["incident_date"].widget_type == "govukdate"


def test_initial_dates_are_shown_in_the_boxes():
    html = str(IncidentForm(initial={"incident_date": date(2026, 3, 27)})["incident_date"])
    assert re.findall(r'value="(\d+)"', html) == ["27", "3", "2026"]


@pytest.mark.django_db
def test_the_new_matter_page_takes_day_month_and_year_and_links_errors_to_the_day():
    person = PersonFactory()
    client = quick_sign_in(UserFactory(role=Role.INVESTIGATOR))
    data = intake_data(person)
    del data["received_date"], data["incident_date"]
    bad = {**data, **_parts("received_date", "1", "6", "2026"), **_parts("incident_date", "28", "", "2026")}
    response = client.post("/cases/new/", bad)
    assert response.status_code == 400
    body = response.content.decode()
    assert ("#id_incident_date", "Date of the incident must include a month") in summary_items(body)
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Date of the incident</legend>' in body
    assert 'id="id_incident_date"' in body
    assert not Case.objects.exists()

    good = {**data, **_parts("received_date", "1", "6", "2026"), **_parts("incident_date", "28", "5", "2026")}
    assert client.post("/cases/new/", good).status_code == 302
    case = Case.objects.get()
    assert case.received_date == date(2026, 6, 1)
    assert case.allegations.get().incident_date == date(2026, 5, 28)
