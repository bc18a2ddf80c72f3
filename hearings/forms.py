from django import forms
from django.utils import timezone

from cases.forms import DATE
from misconduct.forms import GovukFormMixin

from .choices import NoticeMethod


class OutcomeNoticeForm(GovukFormMixin, forms.Form):
    given_on = forms.DateField(widget=DATE, initial=timezone.localdate, label="Date the notice was given")
    method = forms.ChoiceField(choices=NoticeMethod.choices, widget=forms.RadioSelect, label="How it was given")
