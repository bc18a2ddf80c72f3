"""Forms of the intelligence pages. Each form only shapes input; the services decide (and their
refusals are shown on the field they name)."""

from __future__ import annotations

import re

from django import forms

from cases.forms import DATE
from core.forms import GovukFormMixin

from .choices import (
    AtRisk,
    EntityKind,
    HandlingCode,
    HandlingLevel,
    IntelAssessment,
    IntelOutcome,
    SourceEvaluation,
    SourceType,
)
from .intel_services import EntityInput
from .models import Theme
from .selectors import workforce_people_by_staff_number

ENTITY_KINDS = {
    "person": EntityKind.OUTSIDE_PERSON,
    "address": EntityKind.ADDRESS,
    "phone": EntityKind.PHONE,
    "vehicle": EntityKind.VEHICLE,
    "business": EntityKind.BUSINESS,
    "email": EntityKind.EMAIL,
}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_entities(text: str) -> list[EntityInput]:
    """One entity a line: ``kind: value[; date of birth][ | relationship]``, e.g.
    ``person: Dean Marsh; 1984-03-02 | associate`` or ``phone: 07700 900123``."""
    found, errors = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        kind, sep, rest = line.partition(":")
        kind = ENTITY_KINDS.get(kind.strip().lower())
        if not sep or kind is None:
            errors.append(f"Line {number}: start with one of {', '.join(ENTITY_KINDS)} and a colon.")
            continue
        value, _, relationship = rest.partition("|")
        attributes = {}
        if kind == EntityKind.OUTSIDE_PERSON and ";" in value:
            value, dob = value.split(";", 1)
            if not ISO_DATE.match(dob.strip()):
                errors.append(f"Line {number}: a date of birth is written YYYY-MM-DD.")
                continue
            attributes["date_of_birth"] = dob.strip()
        if not value.strip():
            errors.append(f"Line {number}: nothing after the colon.")
            continue
        found.append(
            EntityInput(kind=kind, raw=value.strip(), relationship=relationship.strip(), attributes=attributes)
        )
    if errors:
        raise forms.ValidationError(errors)
    return found


class ThemesField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=Theme.objects.filter(active=True), widget=forms.CheckboxSelectMultiple, required=False, **kwargs
        )


class IntelRecordForm(GovukFormMixin, forms.Form):
    source_type = forms.ChoiceField(label="Source type", choices=SourceType.choices, widget=forms.RadioSelect)
    received_on = forms.DateField(label="Date received", widget=DATE)
    original_text = forms.CharField(
        label="The intelligence as received",
        help_text="The original: only unit members allowed this log ever read it.",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
    )
    subjects = forms.CharField(
        label="Subjects (staff numbers)",
        help_text="The members of the workforce the intelligence is about, separated by commas or spaces.",
        required=False,
        max_length=2000,
    )
    entities = forms.CharField(
        label="Others mentioned",
        help_text=(
            "One a line: person, address, phone, vehicle, business or email, a colon, the value; a person's "
            "date of birth after a semicolon; a relationship after a bar. "
            "For example: person: Dean Marsh; 1984-03-02 | associate"
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )
    themes = ThemesField(label="Themes")
    at_risk = forms.ChoiceField(
        label="Anyone at risk", choices=AtRisk.choices, widget=forms.RadioSelect, initial=AtRisk.NONE
    )
    handling_level = forms.ChoiceField(
        label="Handling level", choices=HandlingLevel.choices, widget=forms.RadioSelect, initial=HandlingLevel.UNIT
    )

    def clean_subjects(self):
        numbers = [n for n in re.split(r"[\s,;]+", self.cleaned_data.get("subjects") or "") if n]
        people = workforce_people_by_staff_number(staff_numbers=numbers)
        unknown = [n for n in numbers if n.upper() not in people]
        if unknown:
            raise forms.ValidationError(f"No member of the workforce has staff number {', '.join(unknown)}.")
        return [people[n.upper()] for n in numbers]

    def clean_entities(self):
        return parse_entities(self.cleaned_data.get("entities") or "")


class GradeForm(GovukFormMixin, forms.Form):
    source_evaluation = forms.ChoiceField(
        label="Source evaluation", choices=SourceEvaluation.choices, widget=forms.RadioSelect
    )
    intelligence_assessment = forms.ChoiceField(
        label="Intelligence assessment", choices=IntelAssessment.choices, widget=forms.RadioSelect
    )
    handling_code = forms.ChoiceField(label="Handling code", choices=HandlingCode.choices, widget=forms.RadioSelect)
    handling_conditions = forms.CharField(
        label="Handling conditions",
        help_text="Required with handling code C.",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )
    reason = forms.CharField(label="Reasons for the grading", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class SanitiseForm(GovukFormMixin, forms.Form):
    sanitised_text = forms.CharField(
        label="Sanitised text",
        help_text="What anyone outside the unit is shown: nothing that identifies the source or how it knows.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
    )
    reason = forms.CharField(label="Reason", max_length=300, required=False)


class ClassifyForm(GovukFormMixin, forms.Form):
    themes = ThemesField(label="Themes")
    at_risk = forms.ChoiceField(label="Anyone at risk", choices=AtRisk.choices, widget=forms.RadioSelect)
    handling_level = forms.ChoiceField(label="Handling level", choices=HandlingLevel.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label="Reason for the change", max_length=300)


class MemberChoiceForm(GovukFormMixin, forms.Form):
    """A form choosing among the unit members allowed this log (``members``)."""

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {str(m.pk): m for m in members}
        choices = [("", "Choose a person")] + [(str(m.pk), m.get_full_name() or m.username) for m in members]
        for name in self.member_fields:
            self.fields[name].choices = choices if name != "members" else choices[1:]

    member_fields: tuple = ()

    def member(self, name: str):
        return self.members.get(self.cleaned_data.get(name) or "")


class GrantForm(MemberChoiceForm):
    member_fields = ("user",)
    user = forms.ChoiceField(label="Person to name")
    reason = forms.CharField(label="Reason", max_length=300)


class RevokeForm(GovukFormMixin, forms.Form):
    user = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="Reason to remove", max_length=300)


class TaskForm(MemberChoiceForm):
    member_fields = ("owner",)
    owner = forms.ChoiceField(label="Owner")
    tasking = forms.CharField(label="What is tasked", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    review_on = forms.DateField(label="Review date", widget=DATE)
    reason = forms.CharField(label="Reasons for the tasking", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class OperationForm(MemberChoiceForm):
    member_fields = ("members",)
    name = forms.CharField(label="Operation name", max_length=60)
    members = forms.MultipleChoiceField(
        label="Unit members on the operation",
        help_text="Only they (and you) see the restricted case.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reason = forms.CharField(label="Reasons", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def chosen_members(self):
        return [self.members[k] for k in self.cleaned_data.get("members", []) if k in self.members]


class OutcomeForm(GovukFormMixin, forms.Form):
    outcome = forms.ChoiceField(label="Outcome", choices=IntelOutcome.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label="Reasons", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
