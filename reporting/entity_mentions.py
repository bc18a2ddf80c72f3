"""Reporting-line reports' sightings for the link analysis (core.entities): the phones, vehicles,
e-mail addresses and addresses a report describes, against each workforce person a triage officer
linked it to. Never the reporter's own contact details (ReporterIdentity): a reporter is not an
associate, and their identity is read only after step-up."""

from __future__ import annotations

from collections.abc import Iterator

from core.entities import EntityMention
from core.entity_text import addresses_in, emails_in, phones_in, vehicles_in

from .models import ReportPersonLink


def entity_mentions(*, since=None) -> Iterator[EntityMention]:
    links = ReportPersonLink.objects.all()
    if since is not None:
        links = links.filter(linked_at__gte=since)
    rows = links.values_list(
        "person_id",
        "report__reference",
        "report__what_happened",
        "report__where_happened",
        "report__people_described",
        "report__received_at",
    ).order_by("id")
    for person_id, reference, what, where, people, received_at in rows.iterator(chunk_size=2000):
        text = "\n".join((what, where, people))
        common = {
            "person_id": person_id,
            "source_kind": "report",
            "source_id": reference,
            "seen_on": received_at.date() if received_at else None,
            "relationship": "described in a reporting-line report",
        }
        for kind, values in (
            ("phone", phones_in(text)),
            ("vehicle", vehicles_in(text)),
            ("email", emails_in(text)),
            ("address", addresses_in(text)),
        ):
            for raw in dict.fromkeys(values):
                yield EntityMention(kind=kind, raw=raw, **common)
