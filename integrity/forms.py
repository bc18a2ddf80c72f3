"""Declaration forms (one per register, the declarer's own words) and the approver's decision form.
Field rules a person can break are checked here; the decision rules (reasons required, conditions
with a conditional approval) are the service's, and their errors are shown on the same fields."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone

from core.forms import GovukDateInput, GovukFormMixin

from .choices import ReviewAnswer, RiskLevel
from .models import (
    BusinessInterest,
    BusinessInterestCategory,
    CircumstanceChange,
    CircumstanceKind,
    GiftHospitality,
    NotifiableAssociation,
)

DATE = GovukDateInput()
TEXT = forms.Textarea(attrs={"rows": 3})


class _DeclarationForm(GovukFormMixin, forms.ModelForm):
    pass


class BusinessInterestForm(_DeclarationForm):
    category = forms.ModelChoiceField(
        queryset=BusinessInterestCategory.objects.filter(active=True),
        widget=forms.RadioSelect,
        empty_label=None,
        label="What kind of business interest is it",
    )
    hours_per_week = forms.DecimalField(
        min_value=Decimal("0"), max_value=Decimal("168"), decimal_places=1, label="Hours a week",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4", "step": "0.5"}),
        help_text="An average; 0 if it takes none of your time (a shareholding, for example).",
    )  # fmt: skip

    class Meta:
        model = BusinessInterest
        fields = ["category", "business_name", "business_address", "activity", "hours_per_week", "payment",
                  "conflict_statement"]  # fmt: skip
        labels = {
            "business_name": "Name of the business or organisation",
            "business_address": "Its address (optional)",
            "activity": "What you do",
            "payment": "Payment you receive (optional)",
            "conflict_statement": "Could it conflict with your police role? Say how, or why not",
        }
        help_texts = {"payment": "For example '£300 a month' or 'dividends only'."}
        widgets = {"activity": TEXT, "conflict_statement": TEXT}


class NotifiableAssociationForm(_DeclarationForm):
    associate_date_of_birth = forms.DateField(required=False, widget=DATE, label="Their date of birth, if known")

    class Meta:
        model = NotifiableAssociation
        fields = ["associate_name", "associate_date_of_birth", "associate_address", "relationship", "how_known",
                  "their_record"]  # fmt: skip
        labels = {
            "associate_name": "Their full name",
            "associate_address": "Their address, if known",
            "relationship": "How are you related to them",
            "how_known": "How you know them and how often you are in contact",
            "their_record": "What you know of their criminal record or involvement with the police",
        }
        widgets = {"relationship": forms.RadioSelect, "how_known": TEXT, "their_record": TEXT}

    def clean_associate_date_of_birth(self):
        value = self.cleaned_data.get("associate_date_of_birth")
        if value and value > timezone.localdate():
            raise forms.ValidationError("Their date of birth must be in the past.")
        return value


class GiftHospitalityForm(_DeclarationForm):
    offered_on = forms.DateField(widget=DATE, label="Date it was offered")
    estimated_value = forms.DecimalField(
        min_value=Decimal("0"), max_digits=9, decimal_places=2, label="Estimated value in pounds",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-10", "step": "0.01"}),
    )  # fmt: skip
    accepted = forms.TypedChoiceField(
        choices=[("yes", "I accepted it"), ("no", "I declined it")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        label="Did you accept it",
    )

    class Meta:
        model = GiftHospitality
        fields = ["offered_by", "description", "estimated_value", "offered_on", "accepted", "reason"]
        labels = {
            "offered_by": "Who offered it (person and organisation)",
            "description": "What was offered",
            "reason": "Why you accepted or declined it",
        }
        widgets = {"description": TEXT, "reason": TEXT}

    def clean_offered_on(self):
        value = self.cleaned_data["offered_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("The date it was offered cannot be in the future.")
        return value


class CircumstanceChangeForm(_DeclarationForm):
    kind = forms.ModelChoiceField(
        queryset=CircumstanceKind.objects.filter(active=True),
        widget=forms.RadioSelect,
        empty_label=None,
        label="What has changed",
    )
    changed_on = forms.DateField(widget=DATE, label="Date of the change")

    class Meta:
        model = CircumstanceChange
        fields = ["kind", "changed_on", "details"]
        labels = {"details": "Details"}
        help_texts = {"details": "Names, addresses and dates the vetting unit needs to assess the change."}
        widgets = {"details": TEXT}


class DecisionForm(GovukFormMixin, forms.Form):
    """The approver's decision: the choices and extra fields depend on the register (fields that do
    not apply are removed, so every field still gets the GOV.UK classes)."""

    risk_level = forms.ChoiceField(choices=RiskLevel.choices, widget=forms.RadioSelect, label="Risk")
    risk_assessment = forms.CharField(widget=TEXT, max_length=5000, label="Risk assessment")
    decision = forms.ChoiceField(widget=forms.RadioSelect, label="Decision")
    reasons = forms.CharField(widget=TEXT, required=False, max_length=5000, label="Reasons")
    conditions = forms.CharField(
        widget=TEXT, required=False, max_length=5000, label="Conditions",
        help_text="Required when approving with conditions.",
    )  # fmt: skip

    def __init__(self, *args, register, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = register.model.DECISIONS.choices
        required = ", ".join(register.model.DECISIONS(d).label.lower() for d in sorted(register.reasons_required))
        if register.reasons_required == frozenset(register.model.DECISIONS.values):
            self.fields["reasons"].help_text = "Required."
        elif required:
            self.fields["reasons"].help_text = f"Required for: {required}."
        if register.slug != "business-interests":
            del self.fields["conditions"]
        if register.slug != "associations":
            del self.fields["risk_level"], self.fields["risk_assessment"]


class ReviewAnswerForm(GovukFormMixin, forms.Form):
    """The declarer's answer to the annual review of a business interest. What has changed is
    required with "Something has changed" (the service's rule, shown on this field)."""

    answer = forms.ChoiceField(
        choices=ReviewAnswer.choices,
        widget=forms.RadioSelect,
        label="Has anything changed since the business interest was approved",
        error_messages={"required": "Choose whether anything has changed."},
    )
    detail = forms.CharField(
        widget=TEXT, required=False, max_length=5000, label="What has changed",
        help_text="Required if something has changed: the hours, the payment, the business, your role in it, "
        "or any new possible conflict with your police role.",
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        if data.get("answer") == ReviewAnswer.CHANGED and not (data.get("detail") or "").strip():
            self.add_error("detail", "Say what has changed.")
        return data
