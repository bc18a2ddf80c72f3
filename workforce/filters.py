import django_filters
from django import forms
from django.db.models import Q

from .choices import PersonType, UnitKind
from .models import OrgUnit, Person
from .shoulder import shoulder_number_in, shoulder_number_q


class PersonFilter(django_filters.FilterSet):
    """Shared by the workforce page and the API."""

    q = django_filters.CharFilter(
        label="Name, staff number or shoulder number",
        method="search",
        widget=forms.TextInput(attrs={"class": "govuk-input"}),
    )
    person_type = django_filters.ChoiceFilter(
        choices=PersonType.choices,
        label="Type",
        empty_label="Any type",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    command = django_filters.ModelChoiceFilter(
        queryset=OrgUnit.objects.filter(kind=UnitKind.COMMAND),
        to_field_name="public_id",
        empty_label="Any command",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    rank_or_grade = django_filters.CharFilter(
        lookup_expr="iexact",
        label="Rank or grade",
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-5"}),
    )
    is_leaver = django_filters.BooleanFilter(
        label="Leavers",
        widget=forms.Select(
            choices=[("", "Current and leavers"), ("false", "Current only"), ("true", "Leavers only")],
            attrs={"class": "govuk-select"},
        ),
    )

    class Meta:
        model = Person
        fields = ["q", "person_type", "command", "rank_or_grade", "is_leaver"]

    def search(self, queryset, name, value):
        value = " ".join(value.split())
        if not value:
            return queryset
        terms = value.split(" ")
        query = Q(staff_number__iexact=value) | Q(surname__iexact=value)
        shoulder = shoulder_number_in(value)
        if shoulder:
            query |= shoulder_number_q(shoulder)
        if len(terms) > 1:
            query |= Q(forenames__istartswith=terms[0], surname__iexact=terms[-1])
        return queryset.filter(query)
