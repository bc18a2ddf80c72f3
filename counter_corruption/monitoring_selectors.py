"""Every read of lawful business monitoring starts here. Default deny.

Only members of the counter-corruption unit see alerts, rules and the watch list; anyone else is
given nothing (pages and API answer 404). And nobody sees or reviews an alert about someone they
must never hold intelligence about (``selectors._conflicted_subjects``, the rule behind
``people_conflicted_for``): themselves, anyone above them in their line-management chain, anyone
they manage directly or through others, and anyone they declared a conflict with.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from .models import AlertEvent, AlertStatus, AuditEvent, MonitoringAlert, MonitoringRule, WatchListEntry
from .selectors import _conflicted_subjects, is_unit_member


def alerts_visible_to(*, user) -> QuerySet[MonitoringAlert]:
    """The alerts this user may read and decide."""
    if not is_unit_member(user):
        return MonitoringAlert.objects.none()
    return MonitoringAlert.objects.exclude(_conflicted_subjects(user, "searcher_id")).select_related(
        "searcher", "searcher__unit", "rule"
    )


def rules_visible_to(*, user) -> QuerySet[MonitoringRule]:
    """The rules with their figures: alerts raised, decided, and no further action (every alert,
    whoever may read it: the figures are counts, and a rule's false-positive rate is the unit's)."""
    if not is_unit_member(user):
        return MonitoringRule.objects.none()
    decided = ~Q(alerts__status=AlertStatus.OPEN)
    return MonitoringRule.objects.annotate(
        alerts_raised=Count("alerts"),
        alerts_decided=Count("alerts", filter=decided),
        alerts_nfa=Count("alerts", filter=Q(alerts__status=AlertStatus.NO_FURTHER_ACTION)),
    ).order_by("order", "code")


def false_positive_rate(rule) -> float | None:
    """No further action / decided (None until one is decided) of an annotated rule."""
    return rule.alerts_nfa / rule.alerts_decided if rule.alerts_decided else None


def watch_list_visible_to(*, user) -> QuerySet[WatchListEntry]:
    if not is_unit_member(user):
        return WatchListEntry.objects.none()
    return WatchListEntry.objects.select_related("added_by").order_by("-active", "surname", "forenames")


@dataclass(frozen=True)
class AlertEventRow:
    """An event of an alert: what the searcher did (the stored event) and what it matched."""

    link: AlertEvent
    event: AuditEvent | None  # None once its partition was dropped under the retention period


def alert_event_rows(*, alert: MonitoringAlert, limit: int = 1000) -> list[AlertEventRow]:
    """The alert's events, oldest first, each with its full stored row (read by id within the
    alert's time span, so only the partitions of those months are scanned)."""
    links = list(alert.alert_events.order_by("occurred_at", "id")[:limit])
    if not links:
        return []
    times = [link.occurred_at for link in links]
    events = AuditEvent.objects.filter(
        id__in=[link.event_row_id for link in links], occurred_at__gte=min(times), occurred_at__lte=max(times)
    )
    by_id = {event.id: event for event in events}
    return [AlertEventRow(link=link, event=by_id.get(link.event_row_id)) for link in links]


@dataclass(frozen=True)
class RuleChange:
    at: object
    who: str
    reason: str
    weight: int
    enabled: bool
    params_shown: list  # [(name, value as JSON)]


def rule_changes(*, rules) -> dict[str, list[RuleChange]]:
    """Each rule's history, newest first: who changed it, when, why, and what it became (the
    seeded first version has no user)."""
    from accounts.models import User

    codes = [rule.code for rule in rules]
    events = list(
        MonitoringRule.pgh_event_model.objects.filter(pgh_obj_id__in=codes)
        .select_related("pgh_context")
        .order_by("-pgh_created_at", "-pgh_id")
    )
    user_ids = {(e.pgh_context.metadata or {}).get("user") for e in events if e.pgh_context_id}
    names = {u.pk: u.get_full_name() or u.username for u in User.objects.filter(pk__in=user_ids - {None})}
    changes: dict[str, list[RuleChange]] = {code: [] for code in codes}
    for e in events:
        metadata = (e.pgh_context.metadata if e.pgh_context_id else None) or {}
        reason = metadata.get("reason", "seeded" if e.pgh_label == "insert" else "")
        reason = reason.removeprefix(f"monitoring rule {e.pgh_obj_id}: ")  # rule_update's own prefix
        changes[e.pgh_obj_id].append(
            RuleChange(
                at=e.pgh_created_at,
                who=names.get(metadata.get("user"), "the system"),
                reason=reason,
                weight=e.weight,
                enabled=e.enabled,
                params_shown=[(key, json.dumps(value)) for key, value in (e.params or {}).items()],
            )
        )
    return changes
