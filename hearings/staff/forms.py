"""Forms of the police staff misconduct procedure's steps: the procedure's own words only."""

from django import forms
from django.utils import timezone

from cases.forms import DATE, TEXT
from core.forms import GovukFormMixin

from ..choices import AppealResult, NoticeMethod
from .models import CompanionKind, StaffDecisionKind

STAFF_SEVERITY = [
    ("misconduct", "Misconduct"),
    ("gross_misconduct", "Gross misconduct (could justify dismissal)"),
    ("no_further_action", "No further action under the procedure (line management)"),
]
STAFF_FINDINGS = [
    ("not_proven", "Misconduct not proven"),
    ("misconduct", "Misconduct proven"),
    ("gross_misconduct", "Gross misconduct proven"),
]
STAFF_OUTCOMES = [
    ("no_action", "No action"),
    ("management_advice", "Management advice"),
    ("written_warning", "Written warning"),
    ("final_written_warning", "Final written warning"),
    ("dismissal_with_notice", "Dismissal with notice"),
    ("dismissal_without_notice", "Summary dismissal for gross misconduct"),
]
STAFF_APPEAL_RESULTS = [
    (AppealResult.DISMISSED, "Appeal not upheld: the outcome stands"),
    (AppealResult.ALLOWED, "Appeal upheld: the finding and outcome are set aside"),
    (AppealResult.VARIED, "Appeal upheld in part: a lesser outcome substituted"),
]


class StaffAssessForm(GovukFormMixin, forms.Form):
    severity = forms.ChoiceField(choices=STAFF_SEVERITY, widget=forms.RadioSelect, label="Assessment")
    rationale = forms.CharField(widget=TEXT, label="Reasons")
    assessed_on = forms.DateField(widget=DATE, initial=timezone.localdate, label="Date of assessment")


class StaffDecisionForm(GovukFormMixin, forms.Form):
    decision = forms.ChoiceField(choices=StaffDecisionKind.choices, widget=forms.RadioSelect, label="Decision")
    reasons = forms.CharField(widget=TEXT, label="Reasons")
    decided_on = forms.DateField(widget=DATE, initial=timezone.localdate, label="Date of the decision")


class StaffHearingForm(GovukFormMixin, forms.Form):
    hearing_on = forms.DateField(widget=DATE, label="Date of the hearing")
    venue = forms.CharField(required=False, max_length=200)
    hearing_manager = forms.CharField(max_length=200, label="Hearing manager (name and grade)")
    invitation_sent_on = forms.DateField(
        widget=DATE, initial=timezone.localdate, label="Date the invitation to the hearing was sent"
    )
    method = forms.ChoiceField(choices=NoticeMethod.choices, widget=forms.RadioSelect, label="How it was sent")
    companion_kind = forms.ChoiceField(choices=CompanionKind.choices, widget=forms.RadioSelect, label="Companion")
    companion_name = forms.CharField(required=False, max_length=200, label="Companion's name")


class StaffOutcomeForm(GovukFormMixin, forms.Form):
    finding = forms.ChoiceField(choices=STAFF_FINDINGS, label="The hearing manager's finding")
    outcome = forms.ChoiceField(choices=STAFF_OUTCOMES, label="Outcome")
    reasons = forms.CharField(widget=TEXT)
    decided_on = forms.DateField(widget=DATE, initial=timezone.localdate, label="Date of the decision")


class StaffOutcomeLetterForm(GovukFormMixin, forms.Form):
    given_on = forms.DateField(widget=DATE, initial=timezone.localdate, label="Date the letter was given")
    method = forms.ChoiceField(choices=NoticeMethod.choices, widget=forms.RadioSelect, label="How it was given")


class StaffAppealForm(GovukFormMixin, forms.Form):
    lodged_on = forms.DateField(widget=DATE, initial=timezone.localdate, label="Date the appeal was received")
    appeal_manager = forms.CharField(max_length=200, label="Appeal manager (more senior than the hearing manager)")
    grounds = forms.CharField(widget=TEXT, label="Grounds of appeal")
    late_reasons = forms.CharField(widget=TEXT, required=False, label="If the appeal is late: why it is accepted")


class StaffAppealDecisionForm(GovukFormMixin, forms.Form):
    result = forms.ChoiceField(
        choices=STAFF_APPEAL_RESULTS, widget=forms.RadioSelect, label="Appeal manager's decision"
    )
    decided_on = forms.DateField(widget=DATE, initial=timezone.localdate)
    reasons = forms.CharField(widget=TEXT)
