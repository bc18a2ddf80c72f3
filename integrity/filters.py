import django_filters
from django import forms
from django.db.models import Q

from core.forms import filter_date_input

from .choices import EntryStatus
from .selectors import ANSWERED_REVIEW

TO_DECIDE = "to_decide"  # awaiting a first decision, or an annual review the declarer has answered


class EntryFilter(django_filters.FilterSet):
    """One filter for every register's list, page and API: by status and by the declarer."""

    status = django_filters.ChoiceFilter(
        choices=[(TO_DECIDE, "Waiting for a decision"), *EntryStatus.choices],
        empty_label="Any status",
        method="filter_status",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    staff_number = django_filters.CharFilter(
        field_name="person__staff_number",
        lookup_expr="iexact",
        label="Staff number",
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10"}),
    )
    declared_since = django_filters.DateFilter(
        field_name="declared_on",
        lookup_expr="gte",
        label="Declared from (for example 2026-01-31)",
        widget=filter_date_input(),
    )

    class Meta:
        fields = ["status", "staff_number", "declared_since"]

    def filter_status(self, queryset, name, value):
        return to_decide(queryset) if value == TO_DECIDE else queryset.filter(status=value)


def to_decide(queryset):
    """Entries waiting for an approver: a first decision, or (business interests) an annual review
    the declarer has answered."""
    waiting = Q(status=EntryStatus.AWAITING)
    if any(f.name == "review_answered_for" for f in queryset.model._meta.get_fields()):
        waiting |= ANSWERED_REVIEW
    return queryset.filter(waiting)


def entry_filter_for(model):
    """The filter class of one register (django-filter needs the model on the class)."""
    return type(
        f"{model.__name__}Filter", (EntryFilter,), {"Meta": type("Meta", (EntryFilter.Meta,), {"model": model})}
    )
