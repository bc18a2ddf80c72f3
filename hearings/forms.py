"""The hearings steps' forms (the steps are in hearings/steps.py)."""

from django import forms
from django.utils import timezone

from cases.forms import DATE, TEXT
from core.forms import GovukFormMixin

from .choices import AppealBody, AppealResult, Appellant, Finding, NoticeMethod, Outcome


class OutcomeNoticeForm(GovukFormMixin, forms.Form):
    given_on = forms.DateField(widget=DATE, initial=timezone.localdate, label="Date the notice was given")
    method = forms.ChoiceField(choices=NoticeMethod.choices, widget=forms.RadioSelect, label="How it was given")


class ProceedingForm(GovukFormMixin, forms.Form):
    scheduled_for = forms.DateField(widget=DATE, label="Date")
    scheduled_time = forms.TimeField(
        required=False, widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}), label="Time"
    )
    venue = forms.CharField(required=False, max_length=200)
    chair = forms.CharField(
        max_length=200,
        label="Chair (chief officer or delegate)",
        help_text="For a hearing, put the whole panel together afterwards on the hearing panel page: "
        "it is checked against the rules that apply.",
    )
    independent_member = forms.CharField(required=False, max_length=200, label="Independent panel member (hearings)")
    several_unconnected_matters = forms.BooleanField(
        required=False, label="The case covers several unconnected matters"
    )


class OutcomeForm(GovukFormMixin, forms.Form):
    finding = forms.ChoiceField(choices=Finding.choices)
    outcome = forms.ChoiceField(
        choices=[c for c in Outcome.choices if c[0] != Outcome.DISMISSAL_WITH_NOTICE], label="Disciplinary outcome"
    )
    reasons = forms.CharField(widget=TEXT)
    exceptional_circumstances = forms.CharField(
        widget=TEXT,
        required=False,
        label="Exceptional circumstances (gross misconduct, outcome short of dismissal)",
        help_text="Under SI 2025/558 gross misconduct means dismissal without notice unless exceptional "
        "circumstances justify a final written warning or reduction in rank: give them in writing.",
    )
    decided_on = forms.DateField(widget=DATE, initial=timezone.localdate)


class AppealForm(GovukFormMixin, forms.Form):
    appellant = forms.ChoiceField(
        choices=Appellant.choices, initial=Appellant.SUBJECT, required=False, label="Who is appealing"
    )
    body = forms.ChoiceField(choices=AppealBody.choices, label="Appeal to")
    lodged_on = forms.DateField(widget=DATE, initial=timezone.localdate)
    grounds = forms.CharField(widget=TEXT)

    def clean_appellant(self):
        return self.cleaned_data.get("appellant") or Appellant.SUBJECT


class AppealDecisionForm(GovukFormMixin, forms.Form):
    result = forms.ChoiceField(choices=AppealResult.choices)
    decided_on = forms.DateField(widget=DATE, initial=timezone.localdate)
    reasons = forms.CharField(widget=TEXT)
