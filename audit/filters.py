import django_filters
from django import forms

from core.forms import filter_date_input

from .choices import AccessAction
from .models import AccessEvent


class AccessEventFilter(django_filters.FilterSet):
    """Who viewed this person or case; what did this user view."""

    object = django_filters.CharFilter(
        label="Case reference or staff number",
        method="filter_object",
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-20"}),
    )
    username = django_filters.CharFilter(
        field_name="actor_username",
        lookup_expr="iexact",
        label="Username",
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-20"}),
    )
    action = django_filters.ChoiceFilter(
        choices=AccessAction.choices, empty_label="Any action", widget=forms.Select(attrs={"class": "govuk-select"})
    )
    since = django_filters.DateFilter(
        field_name="occurred_at",
        lookup_expr="date__gte",
        label="From (for example 2026-01-31)",
        widget=filter_date_input(),
    )

    class Meta:
        model = AccessEvent
        fields = ["object", "username", "action", "since"]

    def filter_object(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(object_label__iexact=value) | queryset.filter(object_id__iexact=value)
