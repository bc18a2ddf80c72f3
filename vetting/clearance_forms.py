"""Forms of the clearance pages, and the one FilterSet shared by the clearance list and the API."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from core.forms import GovukDateInput, GovukFormMixin
from workforce.models import Person

from .clearance_services import decision_targets
from .models.clearances import (
    AftercareOutcome,
    AftercareTrigger,
    AppealResult,
    Clearance,
    ClearanceLevel,
    ClearanceState,
)

DATE = GovukDateInput()
TEXT = forms.Textarea(attrs={"rows": 4})
SELECT = {"class": "govuk-select"}
MAX_EXPIRING_DAYS = 3650


class ClearanceFilter(django_filters.FilterSet):
    """Shared by the clearance list page and the API."""

    q = django_filters.CharFilter(
        label="Name or staff number", method="search", widget=forms.TextInput(attrs={"class": "govuk-input"})
    )
    state = django_filters.ChoiceFilter(
        choices=ClearanceState.choices, empty_label="Any state", widget=forms.Select(attrs=SELECT)
    )
    level = django_filters.ModelChoiceFilter(
        queryset=ClearanceLevel.objects.all(), empty_label="Any level", widget=forms.Select(attrs=SELECT)
    )
    expiring_within = django_filters.NumberFilter(
        label="Expiring within (days)",
        method="filter_expiring",
        min_value=0,
        max_value=MAX_EXPIRING_DAYS,
        widget=forms.NumberInput(
            attrs={"class": "govuk-input govuk-input--width-4", "inputmode": "numeric", "step": "1"}
        ),
    )

    class Meta:
        model = Clearance
        fields = ["q", "state", "level", "expiring_within"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        terms = Q(person__staff_number__iexact=value)
        for word in value.split():
            terms |= Q(person__surname__icontains=word) | Q(person__forenames__icontains=word)
        return queryset.filter(terms)

    def filter_expiring(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.expiring_within(int(value), timezone.localdate())


class StaffNumberField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        person = Person.objects.filter(staff_number__iexact=value.strip()).select_related("unit").first()
        if person is None:
            raise forms.ValidationError(f"No one in the workforce has staff number {value.strip().upper()}")
        return person


def _not_future(value, label):
    if value and value > timezone.localdate():
        raise forms.ValidationError(f"{label} cannot be in the future")
    return value


class ClearanceRecordForm(GovukFormMixin, forms.Form):
    staff_number = StaffNumberField(label="Staff number", max_length=20)
    level = forms.ModelChoiceField(
        ClearanceLevel.objects.filter(active=True), label="Level", empty_label="Choose a level"
    )
    applied_on = forms.DateField(
        label="Date of the application",
        widget=DATE,
        initial=timezone.localdate,
        error_messages={"required": "Enter the date of the application"},
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        widget=TEXT,
        max_length=5000,
        help_text="For a national security level: who granted it and their reference",
    )

    def clean_applied_on(self):
        return _not_future(self.cleaned_data.get("applied_on"), "The date of the application")


class DecisionForm(GovukFormMixin, forms.Form):
    to_state = forms.ChoiceField(label="Decision", widget=forms.RadioSelect)
    rationale = forms.CharField(
        label="Rationale",
        help_text="What was considered and why: the decision must be justifiable later",
        widget=TEXT,
        max_length=10000,
        error_messages={"required": "Give the rationale: the decision must be justifiable later"},
    )
    decided_on = forms.DateField(
        label="Date of the decision",
        widget=DATE,
        initial=timezone.localdate,
        error_messages={"required": "Enter the date of the decision"},
    )

    LABELS = {
        ClearanceState.GRANTED: "Grant",
        ClearanceState.REFUSED: "Refuse",
        ClearanceState.SUSPENDED: "Suspend",
        ClearanceState.WITHDRAWN: "Withdraw",
        ClearanceState.EXPIRED: "Record as expired",
    }

    def __init__(self, *args, clearance: Clearance, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        for state in decision_targets(clearance):
            label = self.LABELS[state]
            if state == ClearanceState.GRANTED and clearance.state == ClearanceState.SUSPENDED:
                label = "Reinstate"
            choices.append((state.value, label))
        self.fields["to_state"].choices = choices
        self.fields["to_state"].error_messages["invalid_choice"] = "Choose one of the decisions offered"

    def clean_decided_on(self):
        return _not_future(self.cleaned_data.get("decided_on"), "The date of the decision")


class AppealLodgeForm(GovukFormMixin, forms.Form):
    grounds = forms.CharField(
        label="Grounds of the appeal",
        widget=TEXT,
        max_length=10000,
        error_messages={"required": "Give the grounds of the appeal"},
    )
    lodged_on = forms.DateField(
        label="Date lodged",
        widget=DATE,
        initial=timezone.localdate,
        error_messages={"required": "Enter the date the appeal was lodged"},
    )

    def clean_lodged_on(self):
        return _not_future(self.cleaned_data.get("lodged_on"), "The date the appeal was lodged")


class AppealDecideForm(GovukFormMixin, forms.Form):
    result = forms.ChoiceField(label="Result of the appeal", choices=AppealResult.choices, widget=forms.RadioSelect)
    reasons = forms.CharField(
        label="Reasons",
        widget=TEXT,
        max_length=10000,
        error_messages={"required": "Give the reasons for the appeal result"},
    )
    decided_on = forms.DateField(
        label="Date of the appeal decision",
        widget=DATE,
        initial=timezone.localdate,
        error_messages={"required": "Enter the date of the appeal decision"},
    )

    def clean_decided_on(self):
        return _not_future(self.cleaned_data.get("decided_on"), "The date of the appeal decision")


class AftercareOpenForm(GovukFormMixin, forms.Form):
    trigger = forms.ChoiceField(
        label="What prompted the review",
        choices=[c for c in AftercareTrigger.choices if c[0] != AftercareTrigger.SCREENING_HIT],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Note",
        widget=TEXT,
        max_length=10000,
        error_messages={"required": "Say what prompted the review"},
    )


class AftercareCloseForm(GovukFormMixin, forms.Form):
    outcome = forms.ChoiceField(label="Outcome", choices=AftercareOutcome.choices, widget=forms.RadioSelect)
    outcome_note = forms.CharField(
        label="Rationale",
        help_text="For conditions: what they are and how they will be checked",
        widget=TEXT,
        max_length=10000,
        error_messages={"required": "Give the rationale for the outcome"},
    )
    closed_on = forms.DateField(
        label="Date closed",
        widget=DATE,
        initial=timezone.localdate,
        error_messages={"required": "Enter the date the review closed"},
    )

    def clean_closed_on(self):
        return _not_future(self.cleaned_data.get("closed_on"), "The date the review closed")
