"""One search box across matters, reports, screening hits and people (issue 17).

Every group is read only through its owning app's selector (``cases_visible_to``,
``reports_visible_to``, ``hits_visible_to``, ``people_visible_to``), with the match inside the
same query: a record the user cannot open is neither returned nor counted. A role that cannot read
a kind gets no group for it.

How a group is found, fast at national scale:
1. candidate ids from index-friendly branches, each capped at ``BRANCH_CAP``: exact and prefix
   references, staff and shoulder numbers (btree, ``varchar_pattern_ops``), names (GIN on a 'simple'
   tsvector of forenames and surname; GIN on previous surnames), free text (GIN on 'english'
   tsvectors of the summary, allegation text, report text);
2. one selector query over those ids for the count, and one for the first results, exact
   references and numbers first, then subjects by name, then free text by ``SearchRank``.
When a branch reaches its cap the count is shown as "more than N" (N counted through the selector).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Case as When_
from django.db.models import IntegerField, Q, Value, When
from django.urls import reverse

from accounts.choices import CASE_READERS, REPORT_TRIAGERS, WORKFORCE_READERS, Role
from audit.choices import AccessAction
from audit.services import access_event_record
from cases.models import ALLEGATION_TEXT_VECTOR, CASE_SUMMARY_VECTOR, Allegation, CaseSubject
from cases.selectors import cases_visible_to
from reporting.models import REPORT_TEXT_VECTOR
from reporting.selectors import reports_visible_to
from vetting.selectors import hits_visible_to
from workforce.models import PERSON_NAME_VECTOR, Person
from workforce.selectors import people_visible_to
from workforce.shoulder import shoulder_number_in, shoulder_number_q

MIN_LENGTH = 2
MAX_LENGTH = 100
RESULT_LIMIT = 10
BRANCH_CAP = 500
RANK_POOL = 100
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_NUMBERISH = re.compile(r"^[A-Za-z0-9/_.-]*[0-9][A-Za-z0-9/_.-]*$")


class SearchTermError(ValueError):
    """The term cannot be searched; the message is for the user."""


@dataclass
class Result:
    kind: str
    kind_label: str
    title: str
    reference: str
    snippet: str
    url: str

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "kind_label": self.kind_label,
            "title": self.title,
            "reference": self.reference,
            "snippet": self.snippet,
            "url": self.url,
        }


@dataclass
class Group:
    kind: str
    label: str
    count: int
    more: bool  # True: more than ``count`` match (a candidate branch reached its cap)
    results: list[Result] = field(default_factory=list)

    @property
    def count_label(self) -> str:
        return f"more than {self.count}" if self.more else str(self.count)

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "label": self.label,
            "count": self.count,
            "more": self.more,
            "results": [r.as_dict() for r in self.results],
        }


@dataclass
class Term:
    text: str
    upper: str
    numberish: bool  # looks like a reference or a staff number: one token with a digit

    def fulltext(self, config: str) -> SearchQuery:
        return SearchQuery(self.text, search_type="websearch", config=config)


def clean_term(raw) -> Term:
    """The term as searched, or SearchTermError with a plain message."""
    text = " ".join(_CONTROL.sub(" ", str(raw or "")).split())
    if not text:
        raise SearchTermError("Enter a reference, name, staff or shoulder number, or words to search for.")
    if len(text) > MAX_LENGTH:
        raise SearchTermError(f"Search for {MAX_LENGTH} characters or fewer.")
    if not any(ch.isalnum() for ch in text):
        raise SearchTermError("Enter letters or numbers to search for, not only punctuation.")
    if sum(ch.isalnum() for ch in text) < MIN_LENGTH:
        raise SearchTermError(f"Enter at least {MIN_LENGTH} letters or numbers.")
    return Term(text=text, upper=text.upper(), numberish=bool(_NUMBERISH.match(text)))


def _ids(queryset, column="id") -> set[int]:
    return set(queryset.order_by().values_list(column, flat=True)[:BRANCH_CAP])


def _capped(*sets: set[int]) -> bool:
    return any(len(s) >= BRANCH_CAP for s in sets)


def _matching_people(term: Term) -> tuple[set[int], set[int]]:
    """(people by staff number, people by shoulder number or name) ids: the workforce table as an
    index for other kinds' matches (never shown from here; the People group reads through
    people_visible_to). A staff number found is what was meant; a shoulder number is not unique
    and is often written in reports and allegations ("PC 4471"), so the text is searched too."""
    by_number = set()
    if term.numberish:
        by_number = _ids(Person.objects.filter(Q(staff_number=term.upper) | Q(staff_number=term.text)))
    shoulder = shoulder_number_in(term.text) if not by_number else None
    by_shoulder = _ids(Person.objects.filter(shoulder_number_q(shoulder))) if shoulder else set()
    if term.numberish and not by_number and not by_shoulder:
        by_number = _ids(Person.objects.filter(staff_number__startswith=term.upper))
    if by_number:  # a staff number found: that is what was meant
        return by_number, set()
    by_name = (
        by_shoulder
        | _ids(Person.objects.alias(name=PERSON_NAME_VECTOR).filter(name=term.fulltext("simple")))
        | _ids(
            # the exclude repeats the partial GIN index's condition, so the planner may use it
            Person.objects.exclude(previous_surnames=[]).filter(
                previous_surnames__overlap=[term.text, term.upper, term.text.title()]
            )
        )
    )
    return by_number, by_name


def _group(kind, label, visible, exact, named, text, order_rank, make_result, limit) -> Group | None:
    candidates = exact | named | text
    if not candidates:
        return Group(kind, label, 0, False, [])
    few = len(candidates) <= limit  # then the rows are the count: one query fewer
    count = None if few else visible.filter(pk__in=candidates).count()
    priority = When_(
        When(pk__in=exact or [0], then=Value(3)),
        When(pk__in=named or [0], then=Value(2)),
        default=Value(1),
        output_field=IntegerField(),
    )
    # rank (recomputing each text vector) only a pool of the text matches: the cost stays flat
    pool = exact | named | set(sorted(text - exact - named, reverse=True)[:RANK_POOL])
    rows = (
        visible.filter(pk__in=pool)
        .annotate(search_priority=priority, search_rank=order_rank)
        .order_by("-search_priority", "-search_rank", "-pk")[:limit]
    )
    results = [make_result(row) for row in rows]
    return Group(kind, label, len(results) if few else count, _capped(exact, named, text), results)


def _snippet(text: str, length: int = 160) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _cases(user, term, people, limit):
    by_number, by_name = people
    visible = cases_visible_to(user=user)
    exact = set()
    if term.numberish:
        exact = _ids(visible.model.objects.filter(reference=term.upper)) or _ids(
            visible.model.objects.filter(reference__startswith=term.upper)
        )
    named = _ids(CaseSubject.objects.filter(person_id__in=by_number | by_name), "case_id") if any(people) else set()
    query = term.fulltext("english")
    text = set()
    if not (exact or by_number):  # a reference or staff number found: that is what was meant
        text = _ids(visible.model.objects.alias(v=CASE_SUMMARY_VECTOR).filter(v=query)) | _ids(
            Allegation.objects.alias(v=ALLEGATION_TEXT_VECTOR).filter(v=query), "case_id"
        )

    def result(case):
        return Result(
            "cases",
            "Matter",
            case.reference,
            case.reference,
            _snippet(case.summary),
            reverse("cases:detail", kwargs={"reference": case.reference}),
        )

    return _group(
        "cases", "Matters", visible, exact, named, text, SearchRank(CASE_SUMMARY_VECTOR, query), result, limit
    )


def _reports(user, term, people, limit):
    visible = reports_visible_to(user=user)
    model = visible.model
    exact = set()
    if term.numberish:
        exact = _ids(model.objects.filter(reference=term.upper)) or _ids(
            model.objects.filter(reference__startswith=term.upper)
        )
    query = term.fulltext("english")
    text = set() if exact else _ids(model.objects.alias(v=REPORT_TEXT_VECTOR).filter(v=query))

    def result(report):
        return Result(
            "reports",
            "Report",
            f"Report {report.reference}",
            report.reference,
            _snippet(report.what_happened),
            reverse("reporting:report", kwargs={"reference": report.reference}),
        )

    return _group(
        "reports", "Reports", visible, exact, set(), text, SearchRank(REPORT_TEXT_VECTOR, query), result, limit
    )


def _hits(user, term, people, limit):
    by_number, by_name = people
    visible = hits_visible_to(user=user).select_related("person")
    model = visible.model
    exact = _ids(model.objects.filter(record_id=term.text)) if term.numberish else set()
    named = _ids(model.objects.filter(person_id__in=by_number | by_name)) if any(people) else set()
    words = [w for w in re.split(r"\W+", term.text) if w]
    text = set()
    if words:  # a small table: no index needed
        condition = Q()
        for word in words[:6]:
            condition &= Q(summary__icontains=word) | Q(offence_group__icontains=word) | Q(category__icontains=word)
        text = _ids(model.objects.filter(condition))

    def result(hit):
        return Result(
            "hits",
            "Screening hit",
            f"{hit.category_label}: {hit.person.display_name}",
            hit.person.staff_number,
            _snippet(hit.summary),
            reverse("vetting:hit", kwargs={"public_id": hit.public_id}),
        )

    return _group("hits", "Screening hits", visible, exact, named, text, Value(0.0), result, limit)


def _people(user, term, people, limit):
    by_number, by_name = people
    visible = people_visible_to(user=user)

    def result(person):
        previous = f" (previously {', '.join(person.previous_surnames)})" if person.previous_surnames else ""
        return Result(
            "people",
            "Person",
            f"{person.display_name}{previous}",
            person.staff_number,
            _snippet(
                f"{person.rank_or_grade}"
                + (f" {person.shoulder_number}" if person.shoulder_number else "")
                + f", {person.unit.name}"
                + (" (left)" if person.is_leaver else "")
            ),
            reverse("workforce:person", kwargs={"public_id": person.public_id}),
        )

    return _group(
        "people",
        "People",
        visible,
        by_number,
        by_name,
        set(),
        SearchRank(PERSON_NAME_VECTOR, term.fulltext("simple")),
        result,
        limit,
    )


# kind -> (label, roles that may read it, finder). The finder reads through the owning selector.
KINDS = {
    "cases": ("Matters", CASE_READERS, _cases),
    "reports": ("Reports", REPORT_TRIAGERS, _reports),
    "hits": ("Screening hits", frozenset({Role.VETTING_OFFICER}), _hits),
    "people": ("People", WORKFORCE_READERS, _people),
}


def kinds_for(user) -> list[str]:
    """The kinds this user's roles may read (the others give no group at all)."""
    if not user.is_authenticated:
        return []
    return [kind for kind, (_, roles, _) in KINDS.items() if user.has_role(*roles)]


def search(user, q, kinds=None, limit: int = RESULT_LIMIT, request=None) -> list[Group]:
    """Groups (one per kind the user may read, in KINDS order) with counts and the first ``limit``
    results. Raises SearchTermError for a term that cannot be searched. Writes one access event."""
    term = clean_term(q)
    allowed = kinds_for(user)
    wanted = [k for k in allowed if not kinds or k in kinds]
    people = _matching_people(term) if wanted else (set(), set())
    groups = [KINDS[kind][2](user, term, people, limit) for kind in wanted]
    shown = [r.reference for g in groups for r in g.results]
    counts = ", ".join(f"{g.label.lower()} {g.count_label}" for g in groups) or "nothing this role may search"
    access_event_record(
        actor=user,
        action=AccessAction.SEARCH,
        object_type="search",
        object_id="search",
        object_label=term.text,
        purpose=f"search for '{term.text}': {counts}; shown {', '.join(shown) or '(none)'}",
        request=request,
    )
    return groups
