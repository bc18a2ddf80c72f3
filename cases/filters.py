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
from .models import Allegation, AllegationCategory, Case, CaseSubject, Reg17Notice, Standard

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
        method="filter_severity",
        widget=forms.Select(attrs=SELECT),
    )
    source = django_filters.ChoiceFilter(
        choices=Source.choices, empty_label="Any source", widget=forms.Select(attrs=SELECT)
    )
    category = django_filters.ModelChoiceFilter(
        label="Category",
        queryset=AllegationCategory.objects.all(),
        method="filter_category",
        empty_label="Any category",
        widget=forms.Select(attrs=SELECT),
    )
    standard = django_filters.ModelChoiceFilter(
        label="Standard",
        queryset=Standard.objects.all(),
        method="filter_standard",
        empty_label="Any standard",
        widget=forms.Select(attrs=SELECT),
    )
    # A name rather than a select: a national force has hundreds of units.
    unit = django_filters.CharFilter(
        label="Unit", method="filter_unit", widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10"})
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
        """Reference, staff number or surname: exact matches on indexed columns (references
        and staff numbers are stored upper case), so it stays fast on a national caseload."""
        from django.db.models.functions import Upper

        from workforce.models import Person

        value = " ".join(value.split()).upper()
        if not value:
            return queryset
        people = (
            Person.objects.annotate(surname_upper=Upper("surname"))
            .filter(Q(staff_number=value) | Q(surname_upper=value))
            .values("id")
        )
        # Resolve the (small) set of matching cases first: an OR across a join misleads the
        # planner's estimates into scanning every open case.
        ids = set(Case.objects.filter(reference=value).values_list("id", flat=True))
        ids.update(CaseSubject.objects.filter(person_id__in=people).values_list("case_id", flat=True)[:20000])
        return queryset.filter(id__in=sorted(ids))

    # Subqueries rather than joins with DISTINCT: the planner can then pick a semi-join and keep
    # walking the priority index, which keeps queue pages fast on a national caseload.
    def filter_severity(self, queryset, name, value):
        return queryset.filter(id__in=CaseSubject.objects.filter(severity=value).values("case_id"))

    def filter_category(self, queryset, name, value):
        return queryset.filter(id__in=Allegation.objects.filter(category=value).values("case_id"))

    def filter_standard(self, queryset, name, value):
        return queryset.filter(id__in=Allegation.objects.filter(standards=value).values("case_id"))

    def filter_stage(self, queryset, name, value):
        return queryset.filter(id__in=CaseSubject.objects.filter(stage=value).values("case_id"))

    def filter_unit(self, queryset, name, value):
        units = OrgUnit.objects.filter(kind=UnitKind.UNIT, name__iexact=" ".join(value.split())).values("id")
        return queryset.filter(id__in=CaseSubject.objects.filter(person__unit__in=units).values("case_id"))

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


class QueueFilter(CaseFilter):
    """The case list's filters, for queues: stage and severity read from the priority row kept
    with the score (current within seconds of a change), so a queue page is one index walk."""

    def filter_stage(self, queryset, name, value):
        return queryset.filter(priority__stages__contains=[value])

    def filter_severity(self, queryset, name, value):
        return queryset.filter(priority__severities__contains=[value])
