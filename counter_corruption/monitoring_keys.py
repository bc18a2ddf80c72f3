"""The normalised keys the monitoring rules join on, and the month partitions of the audit events.

Keys reuse the screening work's name handling (vetting.names): upper case, no accents, no
apostrophes, titles dropped. The same functions fill the event columns at import and the known
people's columns in the rules, so the two always agree."""

from __future__ import annotations

import re
from datetime import date

from django.db import connection

from vetting.names import normalise, strip_titles

EVENTS_TABLE = "counter_corruption_auditevent"
_NOT_ALNUM = re.compile(r"[^A-Z0-9]")


def surname_key(text: str) -> str:
    """SMITH-JONES, Smith Jones, O'Brien -> SMITHJONES, OBRIEN; a wildcard query's star dropped."""
    return _NOT_ALNUM.sub("", strip_titles(normalise((text or "").replace("*", " "))))[:100]


def forename_key(text: str) -> str:
    """The first forename only (JOHN PAUL -> JOHN); an initial stays an initial."""
    parts = strip_titles(normalise((text or "").replace("*", " "))).split()
    return _NOT_ALNUM.sub("", parts[0])[:100] if parts else ""


def postcode_key(text: str) -> str:
    """SW1A 1AA, sw1a1aa -> SW1A1AA."""
    return _NOT_ALNUM.sub("", (text or "").upper())[:10]


def month_of(value) -> date:
    return date(value.year, value.month, 1)


def next_month(month: date) -> date:
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def partition_name(month: date) -> str:
    return f"{EVENTS_TABLE}_{month:%Y%m}"


def ensure_partitions(months) -> list[str]:
    """Create the month partitions that do not exist yet (safe with several workers at once: an
    advisory lock per month, and IF NOT EXISTS). Returns the names created."""
    created = []
    with connection.cursor() as cursor:
        for month in sorted({month_of(m) for m in months}):
            name = partition_name(month)
            cursor.execute("SELECT to_regclass(%s)", [name])
            if cursor.fetchone()[0]:
                continue
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [name])
            cursor.execute("SELECT to_regclass(%s)", [name])
            if cursor.fetchone()[0]:
                continue
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {name} PARTITION OF {EVENTS_TABLE} FOR VALUES FROM (%s) TO (%s)",
                [month.isoformat(), next_month(month).isoformat()],
            )
            created.append(name)
    return created


def partitions() -> list[tuple[date, str, bool]]:
    """(month, table name, attached) for every month partition, oldest first; detached ones too."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, i.inhrelid IS NOT NULL FROM pg_class c "
            "LEFT JOIN pg_inherits i ON i.inhrelid = c.oid AND i.inhparent = %s::regclass "
            "WHERE c.relkind = 'r' AND c.relname ~ %s ORDER BY c.relname",
            [EVENTS_TABLE, f"^{EVENTS_TABLE}_[0-9]{{6}}$"],
        )
        rows = cursor.fetchall()
    out = []
    for name, attached in rows:
        stamp = name.rsplit("_", 1)[1]
        out.append((date(int(stamp[:4]), int(stamp[4:]), 1), name, bool(attached)))
    return out
