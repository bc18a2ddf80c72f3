"""One entry on a person's integrity history (counter_corruption.history), whatever app it comes
from. Each source app offers ``history_entries(*, user, person) -> list[TimelineEntry]`` applying
its own selector: an entry the user may not open is never returned (nor counted)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class TimelineEntry:
    happened_on: date  # the date the thing happened (as recorded), not when it was typed in
    kind: str  # e.g. "allegation", "screening_hit", "business_interest", "intelligence"
    kind_label: str  # plain words: "Allegation", "Screening hit"
    title: str  # one line a reader understands, e.g. "Discreditable conduct: misconduct"
    detail: str = ""  # more words (for intelligence outside the unit: the sanitised text only)
    url: str = ""  # where it is opened, '' if there is no page the user may open
    themes: tuple[str, ...] = ()  # counter_corruption Theme codes it counts towards
    reference: str = ""  # the record's own reference, shown beside the title
    imported: bool = False  # came from an imported history, not recorded in this system
    extra: dict = field(default_factory=dict)
