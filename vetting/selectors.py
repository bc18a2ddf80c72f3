"""Every read of vetting records starts here. Default deny: only vetting officers see clearances,
screening hits and possible matches, and never about themselves, anyone above them in their
line-management chain, or anyone they declared a conflict of interest with (the same rules as
cases: `cases.selectors.people_in_conflict`). Objects outside these answer 404; decisions about
such a person are refused by the services (`require_may_decide_about`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from accounts.choices import Role
from audit.choices import AccessAction
from audit.services import access_event_record
from cases.selectors import people_in_conflict
from notifications.visibility import as_strings, int_ids

from .models import AftercareReview, Clearance, ScreeningCandidate, ScreeningHit, ScreeningRun


def is_vetting_officer(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_role(Role.VETTING_OFFICER))


def vetting_blocked_people(*, user) -> set[int]:
    """Ids of the people this user must never vet: themselves, their managers up the chain and
    anyone they declared a conflict with."""
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    return people_in_conflict(user=user)


def clearances_visible_to(*, user) -> QuerySet[Clearance]:
    if not is_vetting_officer(user):
        return Clearance.objects.none()
    return Clearance.objects.exclude(person_id__in=vetting_blocked_people(user=user))


def aftercare_reviews_visible_to(*, user) -> QuerySet[AftercareReview]:
    if not is_vetting_officer(user):
        return AftercareReview.objects.none()
    return AftercareReview.objects.exclude(clearance__person_id__in=vetting_blocked_people(user=user))


def hits_visible_to(*, user) -> QuerySet[ScreeningHit]:
    if not is_vetting_officer(user):
        return ScreeningHit.objects.none()
    return ScreeningHit.objects.exclude(person_id__in=vetting_blocked_people(user=user))


def candidates_visible_to(*, user) -> QuerySet[ScreeningCandidate]:
    """Screening candidates (possible matches) about people this user may vet."""
    if not is_vetting_officer(user):
        return ScreeningCandidate.objects.none()
    return ScreeningCandidate.objects.exclude(person_id__in=vetting_blocked_people(user=user))


def runs_visible_to(*, user) -> QuerySet[ScreeningRun]:
    """Runs cover the whole workforce (the request sent to PND and aggregate progress): any vetting
    officer; what a run found about a person is read through the hit and candidate selectors."""
    if not is_vetting_officer(user):
        return ScreeningRun.objects.none()
    return ScreeningRun.objects.all()


def may_vet(*, user, person_id: int | None) -> bool:
    return person_id is None or person_id not in vetting_blocked_people(user=user)


def require_may_decide_about(*, actor, person, what: str = "this record") -> None:
    """Refuse a decision about the actor themself, their line-management chain or a declared
    conflict. The system itself (actor None) is not refused."""
    if actor is None or not getattr(actor, "pk", None):
        return
    person_id = getattr(person, "pk", person)
    if person_id is not None and person_id in vetting_blocked_people(user=actor):
        raise ValidationError(
            f"You cannot decide {what}: it is about you, someone in your line-management chain or someone "
            "you declared a conflict of interest with. Another vetting officer must decide it."
        )


def hit_get(*, user, public_id) -> ScreeningHit:
    """The hit if this user may see it, else 404."""
    hit = (
        hits_visible_to(user=user)
        .select_related("person", "candidate", "case", "assigned_to")
        .filter(public_id=public_id)
        .first()
    )
    if hit is None:
        raise Http404
    return hit


def record_hit_view(*, user, hit: ScreeningHit, purpose: str, request=None) -> None:
    access_event_record(
        actor=user,
        action=AccessAction.VIEW,
        object_type="screening_hit",
        object_id=str(hit.public_id),
        object_label=f"{hit.person.staff_number} {hit.category_label}",
        purpose=purpose,
        request=request,
    )


def record_list_view(*, user, object_type: str, count: int, label: str, purpose: str, request=None) -> None:
    """One access event for a list of vetting records showing personal data (pages and API); an
    empty list shows nobody and is not logged."""
    if not count:
        return
    access_event_record(
        actor=user,
        action=AccessAction.VIEW,
        object_type=object_type,
        object_id="list",
        object_label=f"{label} ({count})",
        purpose=purpose,
        request=request,
    )


# notifications.visibility checkers (registered in VettingConfig.ready), by id


def hit_notifications_visible(user, ids: set[str]) -> set[str]:
    return as_strings(hits_visible_to(user=user).filter(id__in=int_ids(ids)).values_list("id", flat=True))


def clearance_notifications_visible(user, ids: set[str]) -> set[str]:
    return as_strings(clearances_visible_to(user=user).filter(id__in=int_ids(ids)).values_list("id", flat=True))
