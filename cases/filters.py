import django_filters
from django import forms
from django.db.models import Q

from .choices import CaseStatus
from .models import Case


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Reference or subject name",
        method="search",
        widget=forms.TextInput(attrs={"class": "govuk-input"}),
    )
    status = django_filters.ChoiceFilter(
        choices=CaseStatus.choices, empty_label="Any status", widget=forms.Select(attrs={"class": "govuk-select"})
    )

    class Meta:
        model = Case
        fields = ["q", "status"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(reference__iexact=value)
            | Q(case_subjects__person__surname__iexact=value)
            | Q(case_subjects__person__staff_number__iexact=value)
        ).distinct()
