"""Every change to lawful business monitoring's review: an analyst's decision on an alert, a rule's
weight, switch and parameters, and the watch list of public figures. Each is one transaction with
its pghistory context (the acting user and the reason), by a member of the unit only.

A decision is taken once: the alert is locked (select_for_update) and an alert no longer open is
refused with ``AlertAlreadyDecided`` (the API's 409). A conduct matter is opened through the case
services (source: monitoring) with the searcher as subject and the alert's events as one exhibit
(a CSV: time, system, event id, what was searched, what it matched); an intelligence log is recorded
through the intelligence services (source type: monitoring) about the searcher.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .intel_services import _context
from .models import AlertStatus, MonitoringAlert, MonitoringRule, WatchListEntry
from .monitoring_selectors import alert_event_rows, alerts_visible_to
from .selectors import is_unit_member

DECISIONS = [s for s in AlertStatus.values if s != AlertStatus.OPEN]
EXHIBIT_PREFIX = "LBM"


class AlertAlreadyDecided(Exception):
    """The alert was decided (by someone else, or an earlier click) before this decision."""


def _require_member(actor) -> None:
    if not is_unit_member(actor):
        raise ValidationError("Only members of the counter-corruption unit review lawful business monitoring.")


def _require_reason(reason: str, message: str = "Give the reason.") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": message})
    return reason


def _period(alert: MonitoringAlert) -> str:
    return f"{alert.period:%B %Y}"


def alert_events_csv(*, alert: MonitoringAlert) -> bytes:
    """The alert's events as the exhibit: one row per event, what was searched and what matched."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["occurred_at", "system", "event_id", "action", "query_type", "query_text", "result", "occurrence_ref",
         "reason_text", "matched", "matched_kind", "strength"]
    )  # fmt: skip
    for row in alert_event_rows(alert=alert, limit=100_000):
        event = row.event
        result = " ".join(filter(None, [event.result_forenames, event.result_surname])) if event else ""
        if event and event.result_dob:
            result += f" ({event.result_dob:%Y-%m-%d})"
        writer.writerow(
            [row.link.occurred_at.isoformat(), row.link.system, row.link.event_id, event.action if event else "",
             event.query_type if event else "", event.query_text if event else "", result.strip(),
             event.occurrence_ref if event else "", event.reason_text if event else "", row.link.matched_label,
             row.link.matched_kind, f"{row.link.strength:.2f}"]
        )  # fmt: skip
    return out.getvalue().encode("utf-8")


def _open_conduct_matter(*, actor, alert: MonitoringAlert, reason: str, on: date):
    from cases.choices import Source
    from cases.services import case_open, evidence_add, subject_add

    case = case_open(
        actor=actor,
        source=Source.MONITORING,
        received_date=on,
        summary=f"Lawful business monitoring: {alert.rule.label}, {_period(alert)} "
        f"({alert.events_count} events on force systems)"[:300],
    )
    subject_add(actor=actor, case=case, person=alert.searcher)
    upload = ContentFile(alert_events_csv(alert=alert), name=f"monitoring-alert-{alert.public_id}.csv")
    upload.content_type = "text/csv"
    evidence_add(
        actor=actor,
        case=case,
        exhibit_reference=f"{EXHIBIT_PREFIX}-1",
        description=f"Force systems audit events behind the monitoring alert ({alert.rule.label}, "
        f"{_period(alert)}): time, system, event id, what was searched, what it matched"[:300],
        upload=upload,
    )
    return case


def _record_intelligence(*, actor, alert: MonitoringAlert, reason: str, on: date):
    from .intel_services import intel_log_record

    lines = [
        f"Lawful business monitoring alert: {alert.rule.label}, {_period(alert)}, score {alert.score}, "
        f"{alert.events_count} events.",
        *[f"- {r}" for r in alert.reasons],
        f"Analyst's reason: {reason}",
    ]
    return intel_log_record(
        actor=actor,
        source_type="monitoring",
        received_on=on,
        original_text="\n".join(lines),
        subjects=[alert.searcher],
        reason=f"from monitoring alert {alert.public_id}",
    )


def alert_decide(*, actor, alert: MonitoringAlert, decision: str, reason: str) -> MonitoringAlert:
    """Decide an open alert: no further action, management action, conduct matter or intelligence
    log, with the reason. Refused for anyone who may not read the alert, and once decided."""
    _require_member(actor)
    if decision not in DECISIONS:
        raise ValidationError({"decision": "Choose the decision."})
    reason = _require_reason(reason, "Give the reason for the decision.")
    if not alerts_visible_to(user=actor).filter(pk=alert.pk).exists():
        raise ValidationError("You may not review this alert.")
    on = timezone.localdate()
    with transaction.atomic(), _context(actor, f"monitoring alert decision: {decision}: {reason}"):
        locked = MonitoringAlert.objects.select_for_update().select_related("rule", "searcher").get(pk=alert.pk)
        if locked.status != AlertStatus.OPEN:
            raise AlertAlreadyDecided(f"This alert was already decided: {locked.get_status_display().lower()}.")
        if decision == AlertStatus.CONDUCT_MATTER:
            locked.case = _open_conduct_matter(actor=actor, alert=locked, reason=reason, on=on)
        elif decision == AlertStatus.INTELLIGENCE:
            locked.intel_log = _record_intelligence(actor=actor, alert=locked, reason=reason, on=on)
        locked.status = decision
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_reason = reason
        locked.save()
    return locked


def rule_update(
    *, actor, rule: MonitoringRule, weight: int, enabled: bool, params: dict, reason: str
) -> MonitoringRule:
    """Change a rule's weight (0-100), switch and parameters, with the reason kept in its history."""
    _require_member(actor)
    reason = _require_reason(reason, "Give the reason for the change.")
    if not isinstance(weight, int) or not 0 <= weight <= 100:
        raise ValidationError({"weight": "The weight is a whole number from 0 to 100."})
    if not isinstance(params, dict):
        raise ValidationError({"params": 'The parameters are a JSON object, e.g. {"min_events": 3}.'})
    with transaction.atomic(), _context(actor, f"monitoring rule {rule.code}: {reason}"):
        locked = MonitoringRule.objects.select_for_update().get(pk=rule.pk)
        locked.weight, locked.enabled, locked.params = weight, bool(enabled), params
        locked.save()
    return locked


WATCH_FIELDS = ("surname", "forenames", "date_of_birth", "postcode", "category", "note")


def _watch_clean(values: dict) -> dict:
    cleaned = {name: values.get(name) for name in WATCH_FIELDS if name in values}
    for name in ("surname", "category"):
        if name in cleaned and not (cleaned[name] or "").strip():
            raise ValidationError({name: f"Enter the {name}."})
    for name in ("surname", "forenames", "postcode", "category", "note"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if "postcode" in cleaned:
        cleaned["postcode"] = cleaned["postcode"].upper()
    return cleaned


def watch_entry_add(*, actor, reason: str, **values) -> WatchListEntry:
    """A public figure on the unit's watch list (searches for them raise the public figure rule)."""
    _require_member(actor)
    reason = _require_reason(reason)
    cleaned = _watch_clean(values)
    if "surname" not in cleaned or "category" not in cleaned:
        raise ValidationError({"surname": "Enter the surname.", "category": "Enter the category."})
    with transaction.atomic(), _context(actor, f"watch list: added: {reason}"):
        return WatchListEntry.objects.create(**cleaned, added_by=actor)


def watch_entry_update(*, actor, entry: WatchListEntry, reason: str, **values) -> WatchListEntry:
    _require_member(actor)
    reason = _require_reason(reason)
    cleaned = _watch_clean(values)
    with transaction.atomic(), _context(actor, f"watch list: changed: {reason}"):
        locked = WatchListEntry.objects.select_for_update().get(pk=entry.pk)
        for name, value in cleaned.items():
            setattr(locked, name, value)
        locked.save()
    return locked


def watch_entry_set_active(*, actor, entry: WatchListEntry, active: bool, reason: str) -> WatchListEntry:
    """Take an entry off the watch list (kept, with its history) or put it back."""
    _require_member(actor)
    reason = _require_reason(reason)
    with transaction.atomic(), _context(actor, f"watch list: {'reactivated' if active else 'deactivated'}: {reason}"):
        locked = WatchListEntry.objects.select_for_update().get(pk=entry.pk)
        locked.active = active
        locked.save()
    return locked
