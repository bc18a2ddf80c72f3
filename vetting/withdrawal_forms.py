"""Forms of the vetting withdrawal pages and API (one form per step, shared by both), and the
FilterSet of the withdrawal queue."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from core.forms import GovukDateInput, GovukFormMixin
from workforce.models import Person

from .models.withdrawal import (
    AppealResult,
    DeclarationStatus,
    HarmGround,
    InformationSource,
    LeavingKind,
    SeverityOutcome,
    SuspensionDecision,
    WithdrawalCase,
    WithdrawalOutcome,
    WithdrawalStage,
)
from .withdrawal_services import WITHDRAWAL_ROLES

DATE = GovukDateInput()
TEXT = forms.Textarea(attrs={"rows": 4})


def _date(label: str, required: bool = False, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE, help_text=help_text, initial=timezone.localdate)


def _text(label: str, required: bool = True, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=required, widget=TEXT, max_length=10000, help_text=help_text)


class StepForm(GovukFormMixin, forms.Form):
    # the stage the person saw when they opened the form (API: optional): a step decided on a
    # stale page is refused (409) rather than applied on top of someone else's
    seen_stage = forms.ChoiceField(choices=WithdrawalStage.choices, required=False, widget=forms.HiddenInput)


class StartForm(GovukFormMixin, forms.Form):
    staff_number = forms.CharField(label="Officer's staff number", max_length=20)
    source = forms.ChoiceField(
        label="Where the information came from",
        choices=[
            (value, label) for value, label in InformationSource.choices if value != InformationSource.SCREENING_HIT
        ],
        widget=forms.RadioSelect,
    )
    received_on = _date("Date the information reached the vetting authority", required=True)
    information = _text(
        "The information", help_text="What suggests the officer may no longer be suitable to hold clearance"
    )
    reason = _text("Why a vetting withdrawal is started")

    def __init__(self, *args, fixed_person: Person | None = None, fixed_source: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_person is not None:
            del self.fields["staff_number"]
        if fixed_source:
            del self.fields["source"]
            if fixed_source == InformationSource.CONDUCT_MATTER:
                del self.fields["received_on"]
                del self.fields["information"]

    def clean_staff_number(self):
        value = self.cleaned_data["staff_number"].strip().upper()
        person = Person.objects.filter(staff_number__iexact=value).first()
        if person is None:
            raise forms.ValidationError("No one in the workforce has that staff number.")
        return person


class DutyForm(StepForm):
    declaration = forms.ChoiceField(
        label="Did the officer notify the vetting authority (regulation 5)?",
        choices=DeclarationStatus.choices,
        widget=forms.RadioSelect,
    )
    declared_on = _date("Date the officer notified", help_text="Leave blank if they did not")
    reason = _text("What is known of the notification")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["declared_on"].initial = None


class SuspensionForm(StepForm):
    decision = forms.ChoiceField(
        label="Suspension decision (regulation 13)", choices=SuspensionDecision.choices, widget=forms.RadioSelect
    )
    decided_on = _date("Decision date")
    reasons = _text("Reasons")


class SeverityForm(StepForm):
    outcome = forms.ChoiceField(
        label="Severity assessment (regulation 15)", choices=SeverityOutcome.choices, widget=forms.RadioSelect
    )
    assessed_on = _date("Assessment date")
    reasons = _text("Reasons")


class AssessorForm(StepForm):
    assessor = forms.ModelChoiceField(
        label="Assessor (regulation 16)",
        queryset=User.objects.none(),
        to_field_name="username",
        empty_label="Choose the assessor",
    )
    appointed_on = _date("Appointment date (the notice of withdrawal assessment is served on this date)")
    interview_planned_on = _date("Interview date, if fixed", help_text="Stated in the notice")
    reason = _text("Why this assessor")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessor"].queryset = (
            User.objects.filter(is_active=True, groups__name__in=WITHDRAWAL_ROLES)
            .distinct()
            .order_by("last_name", "username")
        )
        self.fields["assessor"].label_from_instance = lambda u: f"{u.get_full_name() or u.username} ({u.username})"
        self.fields["interview_planned_on"].initial = None


class WithheldForm(StepForm):
    description = forms.CharField(label="What is withheld (describe it, do not copy it)", max_length=300)
    ground = forms.ChoiceField(
        label="Harm-test ground (regulation 8)", choices=HarmGround.choices, widget=forms.RadioSelect
    )
    reasons = _text("Why disclosure would cause harm")
    decided_on = _date("Decision date")


class InterviewForm(StepForm):
    interview_on = _date("Interview date", required=True)
    police_friend = forms.CharField(label="Police friend (regulation 9)", max_length=200, required=False)
    lawyer = forms.CharField(label="Lawyer (regulation 10)", max_length=200, required=False)
    summary = _text("Summary of the interview")


class DecisionForm(StepForm):
    outcome = forms.ChoiceField(label="Decision", choices=WithdrawalOutcome.choices, widget=forms.RadioSelect)
    decided_on = _date("Decision date")
    reasons = _text("Reasons (served on the officer)")


class DismissalForm(StepForm):
    dismissed_on = _date("Date of dismissal")
    reason = _text("Basis of the dismissal")


class AppealForm(StepForm):
    lodged_on = _date("Date lodged")
    grounds = _text("Grounds of appeal")
    late_reasons = _text("If out of time: why it is accepted", required=False)


class AppealDecisionForm(StepForm):
    result = forms.ChoiceField(label="Result", choices=AppealResult.choices, widget=forms.RadioSelect)
    decided_on = _date("Decision date")
    reasons = _text("Reasons")


class LeavingForm(StepForm):
    how = forms.ChoiceField(label="The officer", choices=LeavingKind.choices, widget=forms.RadioSelect)
    left_on = _date("Leaving date", required=True)
    reason = _text("How it became known")


class CloseForm(StepForm):
    reason = _text("Why the case closes (for example, the time for appealing passed)")


class WithdrawalFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Name, staff number or reference", method="search")
    stage = django_filters.ChoiceFilter(
        choices=WithdrawalStage.choices, empty_label="Any open stage", method="filter_stage"
    )

    class Meta:
        model = WithdrawalCase
        fields = ["q", "stage"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["q"].widget.attrs["class"] = "govuk-input govuk-input--width-20"
        self.form.fields["stage"].widget.attrs["class"] = "govuk-select"

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(reference__iexact=value) | Q(person__staff_number__iexact=value) | Q(person__surname__icontains=value)
        )

    def filter_stage(self, queryset, name, value):
        return queryset.filter(stage=value) if value else queryset

    @property
    def qs(self):
        qs = super().qs
        if not (self.form.is_valid() and self.form.cleaned_data.get("stage")):
            qs = qs.exclude(stage=WithdrawalStage.CLOSED)
        return qs
