"""The unit's queue: reads (default deny) and the filters shared by the page and the API.

Only members of the counter-corruption unit see the queue. An intelligence log is in a member's
queue only if they may read it (``intel_logs_visible_to``: conflicts, line management and the
named-people list); a link alert only if neither the officer it is about nor any of the others
linked to the entity is someone they must not read about (the same conflict rule). Items the
viewer may not see are neither shown nor counted: they are filtered out before the page is cut.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User

from .choices import IntelStatus, LinkAlertStatus
from .models import LinkAlert, QueueItemKind, Theme, UnitQueueItem
from .selectors import _conflicted_subjects, intel_logs_visible_to, is_unit_member

SELECT = {"class": "govuk-select"}
STATUSES = [(value, label) for value, label in IntelStatus.choices if value != IntelStatus.CLOSED] + [
    (LinkAlertStatus.OPEN.value, "Link alert: open")
]


def link_alerts_visible_to(*, user) -> QuerySet[LinkAlert]:
    """The link alerts this user may read: unit members only, never one that names (as the officer
    or as another person linked to the entity) anyone the user is in conflict with."""
    if not is_unit_member(user):
        return LinkAlert.objects.none()
    conflicted = _conflicted_subjects(user)
    others = LinkAlert.other_people.through.objects.filter(conflicted, linkalert_id=OuterRef("pk"))
    return LinkAlert.objects.exclude(conflicted).exclude(Exists(others))


def queue_items_visible_to(*, user) -> QuerySet[UnitQueueItem]:
    """The open items of the unit's queue this user may see, highest score first."""
    if not is_unit_member(user):
        return UnitQueueItem.objects.none()
    logs = intel_logs_visible_to(user=user).values("id")
    alerts = link_alerts_visible_to(user=user).values("id")
    return (
        UnitQueueItem.objects.filter(is_open=True)
        .filter(Q(log_id__in=logs) | Q(alert_id__in=alerts))
        .order_by("-score", "review_due", "id")
    )


def queue_items_by_id(ids: list[int]) -> list[UnitQueueItem]:
    """Full rows for a page of already-authorised item ids, in the given order."""
    rows = {
        item.id: item
        for item in UnitQueueItem.objects.filter(id__in=ids)
        .select_related("log", "alert__person", "alert__entity", "owner")
        .prefetch_related("log__subjects__person", "log__themes", "alert__other_people")
    }
    return [rows[i] for i in ids if i in rows]


class UnitQueueFilter(django_filters.FilterSet):
    """Shared by the queue page and its API."""

    kind = django_filters.ChoiceFilter(
        choices=QueueItemKind.choices, empty_label="Logs and link alerts", widget=forms.Select(attrs=SELECT)
    )
    theme = django_filters.ModelChoiceFilter(
        queryset=Theme.objects.filter(active=True),
        to_field_name="code",
        method="filter_theme",
        empty_label="Any theme",
        widget=forms.Select(attrs=SELECT),
    )
    status = django_filters.ChoiceFilter(choices=STATUSES, empty_label="Any status", widget=forms.Select(attrs=SELECT))
    owner = django_filters.ModelChoiceFilter(
        queryset=User.objects.filter(groups__name=Role.COUNTER_CORRUPTION, is_active=True).order_by("username"),
        to_field_name="username",
        empty_label="Anyone or no one",
        widget=forms.Select(attrs=SELECT),
    )
    overdue = django_filters.BooleanFilter(
        label="Review date",
        method="filter_overdue",
        widget=forms.Select(choices=[("", "Any"), ("true", "Overdue only"), ("false", "Not overdue")], attrs=SELECT),
    )

    class Meta:
        model = UnitQueueItem
        fields = ["kind", "theme", "status", "owner", "overdue"]

    def filter_theme(self, queryset, name, value):
        return queryset.filter(themes__contains=[value.code])

    def filter_overdue(self, queryset, name, value):
        overdue = Q(review_due__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)
