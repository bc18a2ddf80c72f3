"""The unit's list of intelligence logs: one FilterSet for the page and the API."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .choices import IntelStatus, SourceType
from .models import IntelLog, IntelSubject, Theme

SELECT = {"class": "govuk-select"}


class IntelLogFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Reference, subject's name or staff number",
        method="search",
        widget=forms.TextInput(attrs={"class": "govuk-input"}),
    )
    status = django_filters.ChoiceFilter(
        choices=IntelStatus.choices, empty_label="Any status", widget=forms.Select(attrs=SELECT)
    )
    theme = django_filters.ModelChoiceFilter(
        label="Theme",
        field_name="themes",
        to_field_name="code",
        queryset=Theme.objects.filter(active=True),
        empty_label="Any theme",
        widget=forms.Select(attrs=SELECT),
    )
    source = django_filters.ChoiceFilter(
        label="Source",
        field_name="source_type",
        choices=SourceType.choices,
        empty_label="Any source",
        widget=forms.Select(attrs=SELECT),
    )
    overdue = django_filters.ChoiceFilter(
        label="Review",
        choices=[("yes", "Review overdue")],
        empty_label="Any",
        method="filter_overdue",
        widget=forms.Select(attrs=SELECT),
    )

    class Meta:
        model = IntelLog
        fields = ["q", "status", "theme", "source", "overdue"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        about = IntelSubject.objects.filter(log=OuterRef("pk")).filter(
            Q(person__staff_number__iexact=value) | Q(person__surname__icontains=value)
            | Q(person__forenames__icontains=value)
        )  # fmt: skip
        return queryset.filter(Q(reference__iexact=value) | Exists(about))

    def filter_overdue(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(status=IntelStatus.TASKED, review_on__lt=timezone.localdate())
        return queryset
