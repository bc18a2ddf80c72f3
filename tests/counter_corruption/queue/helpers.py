"""Synthetic intelligence logs and link alerts for the queue's tests (written straight to the
models: the intelligence services belong to another part; the queue must follow whoever writes)."""

from __future__ import annotations

import itertools
from datetime import date

from counter_corruption.models import Entity, IntelLog, IntelSubject, LinkAlert, QueueWeight, Theme, UnitQueueItem

_numbers = itertools.count(1)


def make_log(*, received_on: date, themes=(), subjects=(), at_risk="none", source="", assessment="", legacy="",
             status="received", handling_level="unit", recorded_by=None) -> IntelLog:  # fmt: skip
    log = IntelLog.objects.create(
        reference=f"INT-2026-{next(_numbers):05d}",
        received_on=received_on,
        source_type="internal",
        source_evaluation=source,
        intelligence_assessment=assessment,
        handling_code="P" if source and assessment else "",
        legacy_grading=legacy,
        original_text="Synthetic intelligence text.",
        at_risk=at_risk,
        status=status,
        handling_level=handling_level,
        recorded_by=recorded_by,
    )
    if themes:
        log.themes.set(Theme.objects.filter(code__in=themes))
    for person in subjects:
        IntelSubject.objects.create(log=log, person=person)
    return log


def make_alert(*, person, others=(), nominal=False, key=None) -> LinkAlert:
    entity = Entity.objects.create(
        kind="person", key=key or f"entity-{next(_numbers)}", display="J SMITH (synthetic)", is_nominal=nominal
    )
    alert = LinkAlert.objects.create(person=person, entity=entity, reasons=["test"])
    alert.other_people.set(others)
    return alert


def w(code: str) -> float:
    """A weight as the database holds it (the tests compute expected scores from the data)."""
    return QueueWeight.objects.get(code=code).weight


def cap(code: str) -> float:
    return QueueWeight.objects.get(code=code).parameter


def theme_weight(code: str) -> float:
    return Theme.objects.get(code=code).weight * w("theme")


def item_of(source) -> UnitQueueItem:
    field = "log" if isinstance(source, IntelLog) else "alert"
    return UnitQueueItem.objects.get(**{field: source})


def parts(source) -> dict:
    return {c["code"]: c for c in item_of(source).components}
