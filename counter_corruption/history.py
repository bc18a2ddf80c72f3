"""One integrity history per person: everything the system holds about a member of the workforce
that the viewer may see, on one timeline, with counts by kind and by theme over time.

Each source app offers ``history_entries(*, user, person)`` applying its own selector (see
core/timeline.py), so an entry the viewer may not see is never returned, and so never counted: the
counts are made from the entries returned. Who may open a history at all: the roles in
``INTEGRITY_HISTORY_READERS``, never about themselves, anyone above them in their chain, anyone they
declared a conflict with, or anyone they manage (404). Every view is an access event on the person.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.http import Http404

from accounts.choices import INTEGRITY_HISTORY_READERS
from audit.access import log_read
from cases import integrity_history as cases_history
from cases.selectors import people_in_conflict
from core.timeline import TimelineEntry
from integrity import history as registers_history
from performance import integrity_history as performance_history
from reporting import integrity_history as reporting_history
from vetting import integrity_history as vetting_history
from vetting.withdrawal_services import people_managed_by
from workforce.models import Person

from . import history_sources
from .history_chart import theme_colours, themes_by_year_chart
from .history_themes import themes_for
from .models import Theme
from .selectors import is_unit_member

# Every source of entries, in the order their kinds are listed (monitoring alerts: lawful business
# monitoring of force systems, the unit's own records).
SOURCES: list[Callable[..., list[TimelineEntry]]] = [
    cases_history.history_entries,
    vetting_history.history_entries,
    reporting_history.history_entries,
    performance_history.history_entries,
    history_sources.intelligence_entries,
    history_sources.link_alert_entries,
    history_sources.monitoring_alert_entries,
    registers_history.history_entries,
]
# kind -> plural label, in display order (a kind not listed, e.g. a register's, goes last)
KINDS = {
    "allegation": "Allegations",
    "intervention_flag": "Early-intervention flags",
    "screening_hit": "Screening hits",
    "vetting_decision": "Vetting decisions",
    "vetting_withdrawal": "Vetting withdrawals",
    "report": "Reporting-line reports",
    "performance": "Performance cases",
    "intelligence": "Intelligence",
    "link_alert": "Link alerts",
    "monitoring_alert": "Monitoring alerts",
}


def may_read_histories(user) -> bool:
    return bool(user.is_authenticated and user.has_role(*INTEGRITY_HISTORY_READERS))


def people_hidden_from(*, user) -> set[int]:
    """Whose history this user may never open: themselves, their chain upwards, declared
    conflicts (cases.selectors.people_in_conflict) and everyone they manage."""
    return people_in_conflict(user=user) | people_managed_by(person_id=user.person_id)


def person_for_history(*, user, public_id, purpose: str, request=None) -> Person:
    """The person whose history the user opens, with the access event on that person; 404 for a
    non-reader, an unknown id, or a person hidden from the user."""
    if not may_read_histories(user):
        raise Http404
    try:
        person = Person.objects.select_related("unit", "command").filter(public_id=public_id).first()
    except (ValueError, TypeError):
        person = None
    if person is None or person.pk in people_hidden_from(user=user):
        raise Http404
    log_read(user=user, obj=person, purpose=purpose, request=request)
    return person


def people_findable_by(*, user, term: str):
    """The unit's person finder: people matching a name or staff number (the workforce page's own
    search), never anyone hidden from the user. Unit members only."""
    from workforce.filters import PersonFilter

    if not is_unit_member(user):
        return Person.objects.none()
    candidates = Person.objects.exclude(pk__in=people_hidden_from(user=user)).select_related("unit")
    return PersonFilter({"q": term}, queryset=candidates).qs.order_by("surname", "forenames", "staff_number")


@dataclass
class KindCount:
    kind: str
    label: str
    count: int
    selected: bool = False


@dataclass
class IntegrityHistory:
    person: Person
    entries: list[TimelineEntry]  # shown (after the kind filter), newest first
    total: int  # every entry the viewer may see, whatever the filter
    kinds: list[KindCount]
    years: list[int]
    themes: list[dict] = field(default_factory=list)  # [{"code", "label", "colour", "counts", "total"}]
    chart: str = ""

    @property
    def imported_count(self) -> int:
        return sum(1 for entry in self.entries if entry.imported)

    @property
    def rows(self) -> list[dict]:
        """Each shown entry as the page prints it (formatted here once: the template only places it)."""
        labels = {row["code"]: row["label"] for row in self.themes}
        return [
            {
                "kind": entry.kind,
                "kind_label": entry.kind_label,
                "title": entry.title,
                "url": entry.url,
                "reference": entry.reference,
                "imported": entry.imported,
                "sanitised": bool(entry.extra.get("sanitised")),
                "iso": entry.happened_on.isoformat(),
                "date": f"{entry.happened_on.day} {entry.happened_on:%B %Y}",
                "detail": entry.detail if len(entry.detail) <= 400 else entry.detail[:399] + "…",
                "themes": [labels.get(code, code) for code in entry.themes],
            }
            for entry in self.entries
        ]


def integrity_history(*, user, person: Person, kinds: list[str] | None = None) -> IntegrityHistory:
    """Assemble the history; ``kinds`` filters the timeline, never the summary."""
    everything: list[TimelineEntry] = []
    for source in SOURCES:
        everything.extend(source(user=user, person=person))
    everything = [entry if entry.themes else _with_themes(entry, themes_for(entry)) for entry in everything]
    everything.sort(key=lambda entry: (entry.happened_on, entry.kind, entry.reference), reverse=True)

    counted = Counter(entry.kind for entry in everything)
    labels = {entry.kind: entry.kind_label for entry in everything}
    order = list(KINDS) + sorted(set(counted) - set(KINDS))
    wanted = [kind for kind in (kinds or []) if kind in counted]
    kind_counts = [
        KindCount(kind, KINDS.get(kind, labels.get(kind, kind)), counted[kind], kind in wanted)
        for kind in order
        if counted[kind]
    ]
    shown = [entry for entry in everything if entry.kind in wanted] if wanted else everything

    years = sorted({entry.happened_on.year for entry in everything})
    if years:
        years = list(range(years[0], years[-1] + 1))
    by_theme: dict[str, Counter] = {}
    for entry in everything:
        for code in entry.themes:
            by_theme.setdefault(code, Counter())[entry.happened_on.year] += 1
    theme_rows = []
    if by_theme:
        known = list(Theme.objects.filter(code__in=by_theme).values_list("code", "label"))
        labels_by_code = dict(known)
        codes = [code for code, _ in known] + sorted(set(by_theme) - set(labels_by_code))
        colours = theme_colours(codes)
        for code in codes:
            counts = [by_theme[code][year] for year in years]
            theme_rows.append(
                {
                    "code": code,
                    "label": labels_by_code.get(code, code),
                    "colour": colours[code],
                    "counts": counts,
                    "total": sum(counts),
                }
            )
    chart = (
        themes_by_year_chart(
            years=years, rows=theme_rows, title=f"Records by corruption theme and year for {person.staff_number}"
        )
        if theme_rows
        else ""
    )
    return IntegrityHistory(
        person=person,
        entries=shown,
        total=len(everything),
        kinds=kind_counts,
        years=years,
        themes=theme_rows,
        chart=chart,
    )


def _with_themes(entry: TimelineEntry, themes: tuple[str, ...]) -> TimelineEntry:
    if not themes:
        return entry
    return replace(entry, themes=themes)


def entry_as_json(entry: TimelineEntry) -> dict:
    return {
        "happened_on": entry.happened_on.isoformat(),
        "kind": entry.kind,
        "kind_label": entry.kind_label,
        "title": entry.title,
        "detail": entry.detail,
        "url": entry.url,
        "themes": list(entry.themes),
        "reference": entry.reference,
        "imported": entry.imported,
    }


def history_as_json(history: IntegrityHistory) -> dict:
    person = history.person
    return {
        "person": {
            "public_id": str(person.public_id),
            "staff_number": person.staff_number,
            "name": person.display_name,
            "rank_or_grade": person.rank_or_grade,
        },
        "total": history.total,
        "counts_by_kind": {k.kind: k.count for k in history.kinds},
        "counts_by_theme": {
            row["code"]: {str(year): count for year, count in zip(history.years, row["counts"]) if count}
            for row in history.themes
        },
        "entries": [entry_as_json(entry) for entry in history.entries],
    }


# the workforce person page links here for the history's readers (workforce.extensions)
def person_page_section(*, user, person) -> dict:
    from django.urls import reverse

    if not may_read_histories(user) or person.pk in people_hidden_from(user=user):
        return {}
    return {"integrity_history_url": reverse("counter_corruption:person-history", args=[person.public_id])}
