from datetime import timedelta

import django_filters
from dateutil.relativedelta import relativedelta
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts.models import User
from workforce.choices import UnitKind
from workforce.models import OrgUnit

from .choices import CaseStatus, Severity, Source, SubjectStage
from .models import AllegationCategory, Case, CaseSubject, Reg17Notice, Standard

SELECT = {"class": "govuk-select"}


class CaseFilter(django_filters.FilterSet):
    """Shared by the case list page and the API."""

    q = django_filters.CharFilter(
        label="Reference or subject name", method="search", widget=forms.TextInput(attrs={"class": "govuk-input"})
    )
    status = django_filters.ChoiceFilter(
        choices=CaseStatus.choices, empty_label="Any status", widget=forms.Select(attrs=SELECT)
    )
    stage = django_filters.ChoiceFilter(
        label="Stage",
        choices=SubjectStage.choices,
        empty_label="Any stage",
        method="filter_stage",
        widget=forms.Select(attrs=SELECT),
    )
    severity = django_filters.ChoiceFilter(
        label="Severity",
        choices=Severity.choices,
        empty_label="Any severity",
        field_name="case_subjects__severity",
        distinct=True,
        widget=forms.Select(attrs=SELECT),
    )
    source = django_filters.ChoiceFilter(
        choices=Source.choices, empty_label="Any source", widget=forms.Select(attrs=SELECT)
    )
    category = django_filters.ModelChoiceFilter(
        label="Category",
        queryset=AllegationCategory.objects.all(),
        field_name="allegations__category",
        distinct=True,
        empty_label="Any category",
        widget=forms.Select(attrs=SELECT),
    )
    standard = django_filters.ModelChoiceFilter(
        label="Standard",
        queryset=Standard.objects.all(),
        field_name="allegations__standards",
        distinct=True,
        empty_label="Any standard",
        widget=forms.Select(attrs=SELECT),
    )
    unit = django_filters.ModelChoiceFilter(
        label="Unit",
        queryset=OrgUnit.objects.filter(kind=UnitKind.UNIT),
        to_field_name="public_id",
        method="filter_unit",
        empty_label="Any unit",
        widget=forms.Select(attrs=SELECT),
    )
    investigator = django_filters.ModelChoiceFilter(
        queryset=User.objects.filter(groups__name="investigator"),
        to_field_name="username",
        empty_label="Any investigator",
        widget=forms.Select(attrs=SELECT),
    )
    overdue = django_filters.BooleanFilter(
        label="Overdue",
        method="filter_overdue",
        widget=forms.Select(choices=[("", "All"), ("true", "Overdue only")], attrs=SELECT),
    )

    class Meta:
        model = Case
        fields = [
            "q",
            "status",
            "stage",
            "severity",
            "source",
            "category",
            "standard",
            "unit",
            "investigator",
            "overdue",
        ]

    def search(self, queryset, name, value):
        value = " ".join(value.split())
        if not value:
            return queryset
        return queryset.filter(
            Q(reference__iexact=value)
            | Q(case_subjects__person__surname__iexact=value)
            | Q(case_subjects__person__staff_number__iexact=value)
        ).distinct()

    def filter_stage(self, queryset, name, value):
        return queryset.filter(Exists(CaseSubject.objects.filter(case=OuterRef("pk"), stage=value)))

    def filter_unit(self, queryset, name, value):
        return queryset.filter(Exists(CaseSubject.objects.filter(case=OuterRef("pk"), person__unit=value)))

    def filter_overdue(self, queryset, name, value):
        """Open past a statutory mark: 12 months since attention (reg 19), or a reg 18 response
        overdue while still under investigation."""
        today = timezone.localdate()
        overdue = Q(status="open") & (
            Q(received_date__lte=today - relativedelta(months=12))
            | Exists(
                Reg17Notice.objects.filter(
                    subject__case=OuterRef("pk"),
                    subject__stage=SubjectStage.UNDER_INVESTIGATION,
                    response_received_on__isnull=True,
                    response_due_on__lt=today - timedelta(days=0),
                )
            )
        )
        return queryset.filter(overdue) if value else queryset.exclude(overdue)
