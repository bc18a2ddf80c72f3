"""One form per step, with sensible defaults so a line manager can open a case and record a
first-stage meeting in a couple of minutes."""

from __future__ import annotations

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils import timezone

from core.forms import GovukDateInput, GovukFormMixin
from core.working_days import add_working_days
from workforce.models import Person

from .choices import AppealResult, Assessment, MeetingOutcome, PerformanceKind

DATE = GovukDateInput()
TEXT = forms.Textarea(attrs={"rows": 3})


def _today():
    return timezone.localdate()


class StaffNumberField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        person = Person.objects.filter(staff_number__iexact=value.strip()).first()  # a look-up by number, not a read
        if person is None:
            raise forms.ValidationError("No one in the workforce has that staff number.")
        return person


class CaseOpenForm(GovukFormMixin, forms.Form):
    staff_number = StaffNumberField(label="Officer's staff number")
    kind = forms.ChoiceField(
        choices=PerformanceKind.choices,
        widget=forms.RadioSelect,
        initial=PerformanceKind.PERFORMANCE,
        label="What is it about",
    )
    attention_date = forms.DateField(
        widget=DATE, initial=_today, label="Date it came to your attention",
        help_text="This date decides which rules apply (the 2025 amendments from 28 May 2025).",
    )  # fmt: skip
    concerns = forms.CharField(widget=TEXT, label="What is unsatisfactory", max_length=5000)


class FirstStageNoticeForm(GovukFormMixin, forms.Form):
    notice_given_on = forms.DateField(widget=DATE, initial=_today, label="Notice given on")
    meeting_on = forms.DateField(
        widget=DATE, label="Meeting date", initial=lambda: add_working_days(_today(), 5),
        help_text="Not earlier than 5 working days after the notice unless the officer agrees.",
    )  # fmt: skip
    reason = forms.CharField(widget=TEXT, required=False, label="Note (optional)")


class MeetingForm(GovukFormMixin, forms.Form):
    meeting_on = forms.DateField(widget=DATE, initial=_today, label="Meeting held on")
    outcome = forms.ChoiceField(widget=forms.RadioSelect, label="Outcome")
    improvement_required = forms.CharField(
        widget=TEXT, required=False, label="Improvement required (the improvement plan)",
        help_text="For a (final) written improvement notice: what must improve, and the support given.",
    )  # fmt: skip
    period_ends_on = forms.DateField(
        widget=DATE, required=False, label="End of the specified period",
        help_text="Leave blank for the default: 3 months from the meeting. Longer needs reasons.",
    )  # fmt: skip
    conducted_by = forms.CharField(required=False, label="Conducted by", max_length=200)
    reasons = forms.CharField(widget=TEXT, label="Finding and reasons", max_length=10000)

    def __init__(self, *args, outcomes=(), default_outcome=None, conducted_by="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(o, MeetingOutcome(o).label) for o in outcomes]
        if default_outcome in outcomes:
            self.fields["outcome"].initial = default_outcome
        self.fields["conducted_by"].initial = conducted_by


class FirstStageForm(MeetingForm):
    notice_given_on = forms.DateField(
        widget=DATE, required=False, label="Notice given on",
        help_text="Leave blank if the notice was given on the day of the meeting.",
    )  # fmt: skip
    field_order = [
        "meeting_on",
        "notice_given_on",
        "outcome",
        "improvement_required",
        "period_ends_on",
        "conducted_by",
        "reasons",
    ]


class AssessForm(GovukFormMixin, forms.Form):
    result = forms.ChoiceField(choices=Assessment.choices, widget=forms.RadioSelect, label="Assessment")
    assessed_on = forms.DateField(widget=DATE, initial=_today, label="Assessed on")
    next_meeting_on = forms.DateField(
        widget=DATE, required=False, initial=lambda: add_working_days(_today(), 5),
        label="Date of the next meeting (if not sufficient)",
    )  # fmt: skip
    reasons = forms.CharField(widget=TEXT, label="Reasons", max_length=10000)


class ExtendForm(GovukFormMixin, forms.Form):
    to_date = forms.DateField(widget=DATE, label="New end of the specified period")
    reasons = forms.CharField(widget=TEXT, label="Reasons for the extension", max_length=10000)

    def __init__(self, *args, current_end=None, **kwargs):
        super().__init__(*args, **kwargs)
        if current_end:
            self.fields["to_date"].initial = current_end + relativedelta(months=1)


class AppealForm(GovukFormMixin, forms.Form):
    lodged_on = forms.DateField(widget=DATE, initial=_today, label="Appeal received on")
    grounds = forms.CharField(widget=TEXT, label="Grounds of appeal", max_length=10000)


class AppealDecideForm(GovukFormMixin, forms.Form):
    result = forms.ChoiceField(choices=AppealResult.choices, widget=forms.RadioSelect, label="Result")
    decided_on = forms.DateField(widget=DATE, initial=_today, label="Decided on")
    reasons = forms.CharField(widget=TEXT, label="Reasons", max_length=10000)


class GrossIncompetenceForm(GovukFormMixin, forms.Form):
    notice_given_on = forms.DateField(widget=DATE, initial=_today, label="Notice given on")
    meeting_on = forms.DateField(widget=DATE, label="Meeting date", initial=lambda: add_working_days(_today(), 10))
    reason = forms.CharField(widget=TEXT, label="Why this is gross incompetence", max_length=10000)


class AppointForm(GovukFormMixin, forms.Form):
    appeal_manager = StaffNumberField(required=False, label="Appeal manager's staff number")
    senior_manager = StaffNumberField(required=False, label="Senior manager's staff number")
    reason = forms.CharField(widget=TEXT, required=False, label="Note (optional)")


class WithdrawForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(widget=TEXT, label="Why the case ends without an outcome", max_length=10000)
