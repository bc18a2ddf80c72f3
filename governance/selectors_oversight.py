"""What the local policing body's oversight reader sees: suspensions and their reviews, hearings in
public, and the counts for their home page. Each row carries only what a force would publish: a
rank, dates, a category in plain words, a finding and an outcome; never a name, a staff number, a
case reference or the words of an allegation.

Matters restricted to named people are left out everywhere here (as in the reg 19 reports the body
receives: cases.selectors.reg19_reports_visible_to).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F, Prefetch, Q, QuerySet

from cases.choices import Forum
from cases.models import Allegation
from cases.selectors import reg19_reports_visible_to
from cases.suspension import params_of
from cases.suspension_models import SuspensionDecision, SuspensionOutcome, SuspensionReview
from hearings.choices import ProceedingStatus
from hearings.models import Proceeding
from oversight.disclosure import published_count

PUBLIC_FORUMS = (Forum.HEARING, Forum.ACCELERATED_HEARING)
RECENT_DAYS = 365  # ended suspensions and past hearings are listed for a year


def pseudonymous_reference(decision: SuspensionDecision) -> str:
    """A reference for one suspension that leads nowhere else: from the decision's random UUID,
    never the case reference (which is on the force's notices, letters and the case file)."""
    return f"S-{decision.public_id.hex[:8].upper()}"


# ------------------------------------------------------------------ suspensions


@dataclass(frozen=True)
class ReviewRow:
    due_on: date
    reviewed_on: date
    late: bool
    outcome: str


@dataclass(frozen=True)
class SuspensionRow:
    reference: str
    rank: str
    suspended_on: date
    ended_on: date | None
    still_suspended: bool
    review_weeks: int
    reviews: list[ReviewRow]
    next_review_due: date | None
    next_review_overdue: bool
    reviews_late: int
    reviews_missed: int  # due before the suspension ended, never held


def suspensions_overseen(*, today: date) -> QuerySet[SuspensionDecision]:
    """Suspensions standing now or ended in the last year, on matters not restricted to named
    people; standing first, then the longest suspended."""
    since = today - timedelta(days=RECENT_DAYS)
    return (
        SuspensionDecision.objects.filter(outcome=SuspensionOutcome.SUSPEND, subject__case__is_restricted=False)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=since))
        .select_related("subject__person", "rule_version")
        .prefetch_related(Prefetch("reviews", queryset=SuspensionReview.objects.order_by("reviewed_on", "id")))
        .only(
            "public_id",
            "decided_on",
            "ended_on",
            "outcome",
            "subject__person__rank_or_grade",
            "rule_version__version",
            "rule_version__params",
        )
        .order_by("-ended_on", "decided_on", "id")  # NULLs (standing) sort first when descending
    )


def suspension_row(decision: SuspensionDecision, *, today: date) -> SuspensionRow:
    """One suspension as the oversight body sees it (reviews from the prefetched set: no query)."""
    weeks = int(params_of(decision.rule_version).get("review_weeks") or 4)
    reviews = [ReviewRow(r.due_on, r.reviewed_on, r.was_late, r.get_outcome_display()) for r in decision.reviews.all()]
    standing = decision.ended_on is None
    last = reviews[-1].reviewed_on if reviews else decision.decided_on
    next_due = last + timedelta(weeks=weeks) if standing else None
    missed, due = 0, last + timedelta(weeks=weeks)
    while not standing and due < decision.ended_on:
        missed, due = missed + 1, due + timedelta(weeks=weeks)
    return SuspensionRow(
        reference=pseudonymous_reference(decision),
        rank=decision.subject.person.rank_or_grade,
        suspended_on=decision.decided_on,
        ended_on=decision.ended_on,
        still_suspended=standing,
        review_weeks=weeks,
        reviews=reviews,
        next_review_due=next_due,
        next_review_overdue=next_due is not None and next_due < today,
        reviews_late=sum(r.late for r in reviews),
        reviews_missed=missed,
    )


# ------------------------------------------------------------------ hearings in public


@dataclass(frozen=True)
class HearingRow:
    scheduled_for: date
    scheduled_time: object
    venue: str
    forum: str
    rank: str
    categories: list[str]
    held: bool
    finding: str
    outcome: str


def _hearings() -> QuerySet[Proceeding]:
    return Proceeding.objects.filter(
        forum__in=PUBLIC_FORUMS, scheduled_for__isnull=False, subject__case__is_restricted=False
    ).exclude(status=ProceedingStatus.CANCELLED)


def hearings_in_public(*, today: date, when: str) -> QuerySet[Proceeding]:
    """Hearings held in public: `when` "upcoming" (today onwards, soonest first) or "past" (the
    last year, latest first). A hearing with a private or anonymity direction is left out."""
    qs = _hearings().filter(publicity_direction__isnull=True)
    if when == "upcoming":
        qs = qs.filter(scheduled_for__gte=today).order_by("scheduled_for", "scheduled_time", "id")
    else:
        qs = qs.filter(scheduled_for__lt=today, scheduled_for__gte=today - timedelta(days=RECENT_DAYS))
        qs = qs.order_by("-scheduled_for", "-scheduled_time", "-id")
    return qs.select_related("subject__person", "outcome").prefetch_related(
        Prefetch(
            "subject__allegations",
            queryset=Allegation.objects.select_related("category").only("id", "subject_id", "category__label"),
        )
    )


def hearings_not_listed(*, today: date) -> int:
    """Hearings in the same window left out because a direction makes them private or anonymous."""
    return (
        _hearings()
        .filter(publicity_direction__isnull=False, scheduled_for__gte=today - timedelta(days=RECENT_DAYS))
        .count()
    )


def hearing_row(proceeding: Proceeding, *, today: date) -> HearingRow:
    """The outcome is shown only after the event, once it is recorded."""
    outcome = getattr(proceeding, "outcome", None)
    held = outcome is not None and proceeding.scheduled_for <= today
    categories = sorted({a.category.label for a in proceeding.subject.allegations.all()})
    return HearingRow(
        scheduled_for=proceeding.scheduled_for,
        scheduled_time=proceeding.scheduled_time,
        venue=proceeding.venue,
        forum=proceeding.get_forum_display(),
        rank=proceeding.subject.person.rank_or_grade,
        categories=categories,
        held=held,
        finding=outcome.get_finding_display() if held else "",
        outcome=outcome.get_outcome_display() if held else "",
    )


# ------------------------------------------------------------------ the home page


def oversight_counts(*, user, today: date) -> dict[str, int | None]:
    """The home page's figures, as they would be published (1-4 suppressed)."""
    suspensions = suspensions_overseen(today=today)
    standing = suspensions.filter(ended_on__isnull=True)
    year_ago = today - timedelta(days=RECENT_DAYS)
    late_reviews = SuspensionReview.objects.filter(
        decision__in=suspensions.values("id"), reviewed_on__gte=year_ago, reviewed_on__gt=F("due_on")
    )
    return {
        "suspended_now": published_count(standing.count()),
        "late_reviews": published_count(late_reviews.count()),
        "hearings_upcoming": published_count(hearings_in_public(today=today, when="upcoming").count()),
        "hearings_past": published_count(hearings_in_public(today=today, when="past").count()),
        "reg19_reports": published_count(
            reg19_reports_visible_to(user=user).filter(submitted_on__gte=year_ago).count()
        ),
    }
