import django_filters
from django import forms

from core.forms import GovukFormMixin

from .choices import EntityKind, LinkAlertStatus
from .models import LinkAlert


class NetworkForm(GovukFormMixin, forms.Form):
    depth = forms.TypedChoiceField(
        label="Depth",
        choices=[(1, "1: their links and the people sharing them"), (2, "2: and those people's links")],
        coerce=int,
        initial=1,
        widget=forms.RadioSelect,
    )


class LinkAlertDecideForm(GovukFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label="Decision",
        choices=[(LinkAlertStatus.ACTIONED, "Actioned"), (LinkAlertStatus.NO_FURTHER_ACTION, "No further action")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Reasons",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text="What was done (the log, tasking or referral) or why no further action is needed.",
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 10:
            raise forms.ValidationError("Give the reasons in a sentence or more.")
        return reason


class _FilterForm(GovukFormMixin, forms.Form):
    pass


class LinkAlertFilter(django_filters.FilterSet):
    """One filter set for the page and the API."""

    status = django_filters.ChoiceFilter(choices=LinkAlertStatus.choices, label="Status")
    kind = django_filters.ChoiceFilter(field_name="entity__kind", choices=EntityKind.choices, label="Kind of entity")

    class Meta:
        model = LinkAlert
        fields = ["status", "kind"]
        form = _FilterForm
