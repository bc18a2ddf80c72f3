"""Forms and the one filter set (page and API) of the monitoring review."""

import django_filters
from django import forms
from django.db.models import Q

from core.forms import GovukDateInput, GovukFormMixin

from .models import AlertStatus, MonitoringAlert, MonitoringRule

DECISION_CHOICES = [
    (AlertStatus.NO_FURTHER_ACTION, "No further action: the searches had a policing purpose, or are explained"),
    (AlertStatus.MANAGEMENT_ACTION, "Management action: advice or guidance by the line manager"),
    (AlertStatus.CONDUCT_MATTER, "Conduct matter: open a case with the events as evidence"),
    (AlertStatus.INTELLIGENCE, "Intelligence log: record it for the unit to develop"),
]


def _reason_field(label: str, hint: str) -> forms.CharField:
    return forms.CharField(
        label=label, help_text=hint, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason."},
    )  # fmt: skip


class AlertDecisionForm(GovukFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Decision", choices=DECISION_CHOICES, widget=forms.RadioSelect,
        error_messages={"required": "Choose the decision.", "invalid_choice": "Choose one of the decisions."},
    )  # fmt: skip
    reason = _reason_field("Reason", "Why: what the searches were for, or what makes them misuse.")

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 10:
            raise forms.ValidationError("Give the reason in a sentence or more.")
        return reason


class RuleForm(GovukFormMixin, forms.Form):
    weight = forms.IntegerField(
        label="Weight (0 to 100)", min_value=0, max_value=100,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
    )  # fmt: skip
    enabled = forms.BooleanField(label="On: the rule raises alerts", required=False)
    params = forms.JSONField(
        label="Parameters (JSON)", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text='A JSON object, e.g. {"min_events": 3}.',
    )  # fmt: skip
    reason = _reason_field("Reason for the change", "Kept in the rule's history.")

    def clean_params(self):
        params = self.cleaned_data.get("params")
        if params in (None, ""):
            return {}
        if not isinstance(params, dict):
            raise forms.ValidationError('Enter a JSON object, e.g. {"min_events": 3}.')
        return params


class WatchEntryForm(GovukFormMixin, forms.Form):
    surname = forms.CharField(
        label="Surname", max_length=100, widget=forms.TextInput(attrs={"class": "govuk-input--width-20"})
    )
    forenames = forms.CharField(
        label="Forenames",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-30"}),
    )
    date_of_birth = forms.DateField(
        label="Date of birth", required=False, widget=GovukDateInput(),
    )  # fmt: skip
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    category = forms.CharField(
        label="Category",
        max_length=60,
        help_text="e.g. politician, sportsperson, broadcaster",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    note = forms.CharField(label="Note", max_length=300, required=False)
    reason = forms.CharField(label="Reason", max_length=300, help_text="Kept in the watch list's history.")


class WatchDeactivateForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(label="Reason", max_length=300)


class _FilterForm(GovukFormMixin, forms.Form):
    pass


class MonitoringAlertFilter(django_filters.FilterSet):
    """The queue's filters (one set for the page and the API): status, rule, the searcher's staff
    number (or surname)."""

    status = django_filters.ChoiceFilter(choices=AlertStatus.choices, label="Status", empty_label="Any status")
    rule = django_filters.ModelChoiceFilter(
        queryset=MonitoringRule.objects.order_by("order", "code"), label="Rule", empty_label="Any rule"
    )
    q = django_filters.CharFilter(method="search", label="Staff number or surname")

    class Meta:
        model = MonitoringAlert
        fields = ["status", "rule", "q"]
        form = _FilterForm

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(searcher__staff_number__iexact=value) | Q(searcher__surname__iexact=value))
