"""Forms of the hearing panel pages (hearings/panel_views.py)."""

from django import forms
from django.utils import timezone

from cases.forms import DATE, TEXT
from core.forms import GovukFormMixin

from .choices import Finding, Outcome
from .panel_models import ChairBasis, SeatRole


class PanelStartForm(GovukFormMixin, forms.Form):
    referred_on = forms.DateField(
        widget=DATE,
        label="Date written notice of the referral to the hearing was given",
        help_text="Decides which rules apply: SI 2024/521 for notices given on or after 7 May 2024.",
    )
    operational_policing = forms.BooleanField(
        required=False, label="The case substantially involves operational policing matters"
    )
    certified_by = forms.CharField(
        required=False,
        max_length=200,
        label="Who certified the case for an accelerated hearing (reg 49)",
        help_text="Accelerated hearings only. They cannot chair it.",
    )
    certified_on = forms.DateField(widget=DATE, required=False, label="Date of the certification")
    delegated_by = forms.CharField(
        required=False,
        max_length=200,
        label="Chief officer who delegated the chair",
        help_text="Where the chair is a delegate.",
    )
    delegated_on = forms.DateField(widget=DATE, required=False, label="Date of the delegation")
    delegation_reasons = forms.CharField(
        widget=TEXT,
        required=False,
        label="Basis of the delegation",
        help_text="e.g. the chief officer's opinion of a staff member's seniority",
    )


class PanelSeatForm(GovukFormMixin, forms.Form):
    role = forms.ChoiceField(choices=SeatRole.choices, widget=forms.RadioSelect, label="Role on the panel")
    name = forms.CharField(max_length=200)
    chair_basis = forms.ChoiceField(
        choices=[("", "Not the chair")] + list(ChairBasis.choices),
        required=False,
        label="Chair: the basis on which they sit",
    )
    rank = forms.CharField(
        required=False, max_length=20, label="Rank or grade", help_text="e.g. ACC, DCC, COMMANDER, SUPT, staff grade G"
    )
    force = forms.CharField(required=False, max_length=200, label="Force or body they serve with")
    left_senior_service_on = forms.DateField(
        widget=DATE, required=False, label="Former senior officers: when they last served as a senior officer"
    )
    qualified = forms.BooleanField(
        required=False,
        label="Independent member with qualifications or experience relevant to disciplinary proceedings",
    )
    qualification = forms.CharField(required=False, max_length=300, label="Their qualifications or experience")
    appointed_by = forms.CharField(
        max_length=200, label="Appointed by", help_text="e.g. Police and Crime Commissioner for the area"
    )
    appointed_on = forms.DateField(widget=DATE, initial=timezone.localdate, label="Date of the appointment")
    conflict_declared_on = forms.DateField(widget=DATE, label="Date of their conflict check (declaration)")
    conflict_declared = forms.BooleanField(required=False, label="They declared a conflict of interest")
    conflict_details = forms.CharField(widget=TEXT, required=False, label="What they declared")


class PanelAdviceForm(GovukFormMixin, forms.Form):
    given_on = forms.DateField(widget=DATE, initial=timezone.localdate, label="Date the advice was given")
    advice = forms.CharField(widget=TEXT, label="The legally qualified person's advice")


class PanelDecisionForm(GovukFormMixin, forms.Form):
    """Each voting member's vote on the finding and the outcome; the decision is the majority's."""

    reasons = forms.CharField(widget=TEXT, label="Reasons for the decision")
    exceptional_circumstances = forms.CharField(
        widget=TEXT,
        required=False,
        label="Exceptional circumstances (gross misconduct, outcome short of dismissal)",
        help_text="Under SI 2025/558 gross misconduct means dismissal without notice unless exceptional "
        "circumstances justify a final written warning or reduction in rank: give them in writing.",
    )
    decided_on = forms.DateField(widget=DATE, initial=timezone.localdate, label="Date of the decision")

    def __init__(self, *args, voters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.voters = list(voters)
        fields = {}
        for seat in self.voters:
            fields[f"finding_{seat.public_id}"] = forms.ChoiceField(
                choices=[("", "Choose")] + list(Finding.choices), label=f"{seat.name}: finding"
            )
            fields[f"outcome_{seat.public_id}"] = forms.ChoiceField(
                choices=[("", "Choose")] + list(Outcome.choices), label=f"{seat.name}: outcome"
            )
        self.fields = {**fields, **self.fields}
        # GovukFormMixin styled the fields present before these were added
        for field in fields.values():
            field.widget.attrs["class"] = "govuk-select"

    def votes(self) -> dict:
        d = self.cleaned_data
        return {
            str(s.public_id): {"finding": d[f"finding_{s.public_id}"], "outcome": d[f"outcome_{s.public_id}"]}
            for s in self.voters
        }
