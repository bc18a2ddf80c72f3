"""Which notifications a user may still see: each app registers a checker for its record kinds.

checker(user, ids: set[str]) -> set[str] of the ids the user may open now (through the app's own
selector, one query). A notification naming a kind nobody registered is hidden (fail closed); one
naming no record (record_kind "") is always shown.

Checkers are registered in the owning app's AppConfig.ready(); the kinds and their ids:
"case" (Case.reference), "action" (InvestigationAction id), "report" (Report public_id),
"screening_hit" (id), "clearance" (id), "disparity_flag" (id), "integrity_entry" (a register
entry's public_id), "intel_log" (IntelLog public_id).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable

Checker = Callable[..., set[str]]
_CHECKERS: dict[str, Checker] = {}


def register(kind: str, checker: Checker) -> None:
    _CHECKERS[kind] = checker


def checker_for(kind: str) -> Checker | None:
    return _CHECKERS.get(kind)


def visible_records(user, records: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """The (record_kind, record_id) pairs among ``records`` this user may open now: each kind's
    checker is called once, with all of that kind's ids."""
    by_kind: dict[str, set[str]] = defaultdict(set)
    for kind, record_id in records:
        by_kind[kind].add(record_id)
    visible: set[tuple[str, str]] = set()
    for kind, ids in by_kind.items():
        if kind == "":
            visible.update(("", record_id) for record_id in ids)
            continue
        checker = _CHECKERS.get(kind)
        if checker is None or not getattr(user, "is_active", False):
            continue  # unknown kind, or a user who may open nothing: hidden
        visible.update((kind, record_id) for record_id in checker(user, ids) & ids)
    return visible


# Helpers for checkers: an id that is not of the record's form names nothing (never a query error).


def int_ids(ids: Iterable[str]) -> set[int]:
    return {int(i) for i in ids if str(i).isdigit() and len(str(i)) < 19}


def uuid_ids(ids: Iterable[str]) -> set[uuid.UUID]:
    parsed = set()
    for value in ids:
        try:
            parsed.add(uuid.UUID(str(value)))
        except ValueError:
            continue
    return parsed


def as_strings(values: Iterable) -> set[str]:
    return {str(v) for v in values}
