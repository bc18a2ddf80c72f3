"""Every read of a register entry starts here. Default deny.

- Anyone signed in with a workforce record sees their own entries (and declares them).
- Integrity approvers see everyone else's, except entries about people above them in their own
  line-management chain, people they manage (directly or through others) and people they declared
  a conflict with; they decide the same entries, never their own.
- Counter-corruption officers read the same entries an approver would (never decide them).

Anything else answers 404 (audit.access.get_visible_or_404).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import RawSQL

from accounts.choices import INTEGRITY_APPROVERS, Role
from cases.selectors import people_in_conflict
from notifications.visibility import as_strings, uuid_ids

from .choices import BusinessDecision, EntryStatus
from .models import REVIEW_ANSWER_WINDOW, BusinessInterest, CircumstanceChange, GiftHospitality, NotifiableAssociation

REGISTER_READERS = frozenset(INTEGRITY_APPROVERS | {Role.COUNTER_CORRUPTION})

# the people a person manages, directly or through others (cycle-safe, depth-capped)
_MANAGED_BY_SQL = """
    WITH RECURSIVE below(id, depth) AS (
        SELECT id, 0 FROM workforce_person WHERE line_manager_id = %s
        UNION
        SELECT p.id, b.depth + 1 FROM workforce_person p JOIN below b ON p.line_manager_id = b.id
        WHERE b.depth < 50
    )
    SELECT id FROM below
"""


def is_register_reader(user) -> bool:
    return bool(user.is_authenticated and user.has_role(*REGISTER_READERS))


def is_approver(user) -> bool:
    return bool(user.is_authenticated and user.has_role(*INTEGRITY_APPROVERS))


def _own(user) -> Q:
    return Q(person_id=user.person_id) if user.person_id else Q(pk__in=[])


def _in_conflict(user) -> Q:
    """Entries about people this user must not read or decide as an approver: themselves, their
    chain upwards, declared conflicts, and the people they manage."""
    condition = Q(person_id__in=people_in_conflict(user=user))
    if user.person_id:
        # a constant query with a bound parameter: nothing from the user is spliced into it
        condition |= Q(person_id__in=RawSQL(_MANAGED_BY_SQL, [user.person_id]))  # noqa: S611
    return condition


def own_entries(*, user, model) -> QuerySet:
    if not user.is_authenticated or not user.person_id:
        return model.objects.none()
    return model.objects.filter(person_id=user.person_id)


def entries_visible_to(*, user, model) -> QuerySet:
    """The entries of one register this user may read."""
    if not user.is_authenticated:
        return model.objects.none()
    if not is_register_reader(user):
        return own_entries(user=user, model=model)
    return model.objects.filter(_own(user) | ~_in_conflict(user))


def entries_of_others_visible_to(*, user, model) -> QuerySet:
    """Entries a reader (approver, counter-corruption officer) sees about other people."""
    if not is_register_reader(user):
        return model.objects.none()
    return model.objects.exclude(_in_conflict(user))


def entries_decidable_by(*, user, model) -> QuerySet:
    if not is_approver(user):
        return model.objects.none()
    return model.objects.exclude(_in_conflict(user)).exclude(_own(user))


def decision_overdue_before(today: date) -> date:
    """An undecided entry declared before this date is overdue for a decision."""
    return today - timedelta(days=settings.INTEGRITY_DECISION_OVERDUE_DAYS)


def overdue_reviews(*, user, today: date) -> QuerySet[BusinessInterest]:
    """Approved business interests whose annual review date has passed, that this user may see."""
    return entries_of_others_visible_to(user=user, model=BusinessInterest).filter(
        decision__in=[BusinessDecision.APPROVED, BusinessDecision.CONDITIONS],
        status__in=[EntryStatus.DECIDED, EntryStatus.REVIEW_DUE],
        review_on__lt=today,
    )


def reviews_in_answer_window(queryset: QuerySet[BusinessInterest], *, today: date) -> QuerySet[BusinessInterest]:
    """Approved business interests whose annual review the declarer may answer: due within
    REVIEW_ANSWER_WINDOW or past, and not yet answered for this review's date."""
    return queryset.filter(
        decision__in=[BusinessDecision.APPROVED, BusinessDecision.CONDITIONS],
        status__in=[EntryStatus.DECIDED, EntryStatus.REVIEW_DUE],
        review_on__lte=today + REVIEW_ANSWER_WINDOW,
    ).exclude(review_answered_for=F("review_on"))


def own_reviews_to_answer(*, user, today: date) -> QuerySet[BusinessInterest]:
    """The user's own business interests whose annual review they have still to answer."""
    return reviews_in_answer_window(own_entries(user=user, model=BusinessInterest), today=today)


# A business interest whose annual review the declarer has answered: it waits for an approver.
ANSWERED_REVIEW = Q(status=EntryStatus.REVIEW_DUE, review_answered_for=F("review_on"))


def answered_reviews_decidable_by(*, user) -> QuerySet[BusinessInterest]:
    """Annual reviews the declarer has answered, waiting for this approver's decision."""
    return entries_decidable_by(user=user, model=BusinessInterest).filter(ANSWERED_REVIEW)


def entry_notifications_visible(user, ids: set[str]) -> set[str]:
    """notifications.visibility checker, kind "integrity_entry": an entry of any of the four
    registers, by public_id (one query: the registers' visible entries, united)."""
    wanted = uuid_ids(ids)
    if not wanted:
        return set()
    parts = [
        entries_visible_to(user=user, model=model).filter(public_id__in=wanted).order_by().values_list("public_id")
        for model in (BusinessInterest, NotifiableAssociation, GiftHospitality, CircumstanceChange)
    ]
    return as_strings(public_id for (public_id,) in parts[0].union(*parts[1:]))
