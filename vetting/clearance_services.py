"""Every write to a clearance. Keyword-only, one transaction, history (pghistory) with who and why,
and a `ClearanceDecision` row, with its rationale, for every change of state.

Rules a person can break raise ValidationError with a message they can act on, keyed by the form
field it concerns where there is one (the pages show it on the field; the API answers 400).
"""

from __future__ import annotations

from datetime import date, timedelta

import pghistory
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from accounts.choices import Role
from accounts.models import User
from notifications.services import notify
from workforce.models import Person

from .models.clearances import (
    ACTIVE_STATES,
    AftercareOutcome,
    AftercareReview,
    AftercareTrigger,
    AppealResult,
    Clearance,
    ClearanceAppeal,
    ClearanceDecision,
    ClearanceLevel,
    ClearanceReminder,
    ClearanceState,
)
from .selectors import clearances_visible_to as _clearances_visible_to
from .selectors import require_may_decide_about, vetting_blocked_people

REMINDER_WINDOW_DAYS = 90
REMINDER_INTERVAL_DAYS = 30

# to_state -> the lifecycle method a decision calls (an appeal's overturn is not a decision here)
DECISIONS = {
    ClearanceState.GRANTED: "grant",
    ClearanceState.REFUSED: "refuse",
    ClearanceState.SUSPENDED: "suspend",
    ClearanceState.WITHDRAWN: "withdraw",
    ClearanceState.EXPIRED: "expire",
}
APPEALABLE = (ClearanceState.REFUSED, ClearanceState.WITHDRAWN)


def _today() -> date:
    return timezone.localdate()


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _not_future(value: date, field: str, what: str) -> date:
    if value > _today():
        raise ValidationError({field: f"{what} cannot be in the future"})
    return value


def _history(actor, reason: str):
    return pghistory.context(user=getattr(actor, "id", None), reason=reason)


def _locked(clearance: Clearance) -> Clearance:
    """Lock the clearance row and check nobody changed it since the caller read it."""
    locked = Clearance.objects.select_for_update().select_related("level", "person").get(id=clearance.id)
    if locked.state != clearance.state:
        raise ValidationError("Someone else changed this clearance meanwhile: reload the page and check its state.")
    return locked


# ---------------------------------------------------------------- reads


def clearances_visible_to(*, user):
    """Every read of clearances starts here (vetting.selectors): vetting officers only, and never
    about themselves, their line-management chain or a declared conflict."""
    return _clearances_visible_to(user=user)


def clearance_current(*, person: Person) -> Clearance | None:
    """The person's live clearance (granted or suspended), the latest granted first: the one an
    aftercare review about them is opened on."""
    return (
        Clearance.objects.filter(person=person, state__in=ACTIVE_STATES)
        .select_related("level")
        .order_by("-granted_on", "-id")
        .first()
    )


def decision_targets(clearance: Clearance) -> list[ClearanceState]:
    """The states a decision may move this clearance to now (none once it is final)."""
    names = {t.name for t in clearance.get_available_state_transitions()}
    return [state for state, method in DECISIONS.items() if method in names]


# ---------------------------------------------------------------- application and decisions


def clearance_apply(
    *, actor, person: Person, level: ClearanceLevel, applied_on: date | None = None, note: str = ""
) -> Clearance:
    """Record an application (or, for national security levels, one made elsewhere)."""
    require_may_decide_about(actor=actor, person=person, what="a clearance for this person")
    applied_on = _not_future(applied_on or _today(), "applied_on", "The application date")
    if not level.active:
        raise ValidationError({"level": f"{level.code} is no longer offered for new clearances"})
    if person.is_leaver:
        raise ValidationError({"staff_number": f"{person.display_name} has left the workforce"})
    note = (note or "").strip() or f"Application for {level.code} recorded"
    try:
        with transaction.atomic(), _history(actor, note):
            clearance = Clearance.objects.create(person=person, level=level, applied_on=applied_on, recorded_by=actor)
            ClearanceDecision.objects.create(
                clearance=clearance,
                from_state="",
                to_state=ClearanceState.APPLIED,
                rationale=note,
                decided_by=actor,
                decided_on=applied_on,
            )
    except IntegrityError:
        raise ValidationError(
            {"level": f"{person.display_name} already has a pending {level.code} application: decide that one first"}
        ) from None
    return clearance


def _decide(
    *, actor, clearance: Clearance, to_state: str, rationale: str, decided_on: date, method: str, **links
) -> ClearanceDecision:
    """Inside the caller's transaction and history context, on a locked clearance."""
    before = clearance.state
    try:
        getattr(clearance, method)()
    except TransitionNotAllowed:
        raise ValidationError(
            {
                "to_state": f"A clearance that is {ClearanceState(before).label.lower()} cannot become "
                f"{ClearanceState(to_state).label.lower()}"
            }
        ) from None
    if to_state == ClearanceState.GRANTED and clearance.granted_on is None:
        clearance.granted_on = decided_on
        clearance.expires_on = clearance.expiry_for(decided_on)
    clearance.decided_on, clearance.decided_by, clearance.rationale = decided_on, actor, rationale
    clearance.save()
    return ClearanceDecision.objects.create(
        clearance=clearance,
        from_state=before,
        to_state=to_state,
        rationale=rationale,
        decided_by=actor,
        decided_on=decided_on,
        **links,
    )


def clearance_decide(
    *, actor, clearance: Clearance, to_state: str, rationale: str, decided_on: date | None = None
) -> ClearanceDecision:
    """Grant, refuse, suspend, reinstate (suspended to granted), withdraw or expire a clearance.

    Allowed: applied -> granted / refused / withdrawn; granted -> suspended / withdrawn / expired;
    suspended -> granted / withdrawn. Refused, withdrawn and expired are final (a new application
    is a new clearance; a refusal or withdrawal can still be overturned on appeal).
    """
    require_may_decide_about(actor=actor, person=clearance.person_id, what="this clearance")
    rationale = _required(rationale, "rationale", "Give the rationale: the decision must be justifiable later")
    decided_on = _not_future(decided_on or _today(), "decided_on", "The decision date")
    if to_state not in DECISIONS:
        raise ValidationError({"to_state": "Choose what the clearance becomes"})
    if decided_on < clearance.applied_on:
        raise ValidationError({"decided_on": "The decision cannot be before the application"})
    label = ClearanceState(to_state).label.lower()
    with transaction.atomic(), _history(actor, f"clearance {label}: {rationale}"):
        locked = _locked(clearance)
        decision = _decide(
            actor=actor,
            clearance=locked,
            to_state=to_state,
            rationale=rationale,
            decided_on=decided_on,
            method=DECISIONS[to_state],
        )
    clearance.refresh_from_db()  # the caller's copy, with its new state
    return decision


# ---------------------------------------------------------------- appeals


def clearance_appeal_lodge(
    *, actor, clearance: Clearance, grounds: str, lodged_on: date | None = None
) -> ClearanceAppeal:
    """Lodge an appeal against the refusal or withdrawal that made the clearance final."""
    require_may_decide_about(actor=actor, person=clearance.person_id, what="this clearance")
    grounds = _required(grounds, "grounds", "Give the grounds of the appeal")
    lodged_on = _not_future(lodged_on or _today(), "lodged_on", "The date the appeal was lodged")
    with transaction.atomic(), _history(actor, f"appeal lodged: {grounds}"):
        locked = _locked(clearance)
        if locked.state not in APPEALABLE:
            raise ValidationError(
                f"Only a refusal or a withdrawal can be appealed; this clearance is {locked.get_state_display().lower()}"
            )
        against = locked.decisions.filter(to_state=locked.state).order_by("-recorded_at", "-id").first()
        if against is None:
            raise ValidationError("There is no recorded decision to appeal")
        if ClearanceAppeal.objects.filter(against=against).exists():
            raise ValidationError("This decision has already been appealed")
        if lodged_on < against.decided_on:
            raise ValidationError({"lodged_on": "The appeal cannot be lodged before the decision it appeals"})
        return ClearanceAppeal.objects.create(
            clearance=locked, against=against, lodged_on=lodged_on, grounds=grounds, lodged_by=actor
        )


def clearance_appeal_decide(
    *, actor, appeal: ClearanceAppeal, result: str, reasons: str, decided_on: date | None = None
) -> ClearanceAppeal:
    """Record the appeal's result; overturning grants the clearance again, with a decision row."""
    require_may_decide_about(actor=actor, person=appeal.clearance.person_id, what="this appeal")
    reasons = _required(reasons, "reasons", "Give the reasons for the appeal result")
    decided_on = _not_future(decided_on or _today(), "decided_on", "The date of the appeal decision")
    if result not in AppealResult.values:
        raise ValidationError({"result": "Choose whether the appeal is upheld or overturned"})
    with transaction.atomic(), _history(actor, f"appeal {result}: {reasons}"):
        locked = ClearanceAppeal.objects.select_for_update().get(id=appeal.id)
        if locked.result:
            raise ValidationError("This appeal has already been decided")
        if decided_on < locked.lodged_on:
            raise ValidationError({"decided_on": "The appeal cannot be decided before it was lodged"})
        clearance = Clearance.objects.select_for_update().select_related("level").get(id=locked.clearance_id)
        locked.result, locked.reasons, locked.decided_on, locked.decided_by = result, reasons, decided_on, actor
        locked.save()
        if result == AppealResult.OVERTURNED:
            what = "refusal" if locked.against.to_state == ClearanceState.REFUSED else "withdrawal"
            _decide(
                actor=actor,
                clearance=clearance,
                to_state=ClearanceState.GRANTED,
                rationale=f"Appeal overturned the {what}: {reasons}",
                decided_on=decided_on,
                method="overturn",
                appeal=locked,
            )
    appeal.refresh_from_db()
    return appeal


# ---------------------------------------------------------------- aftercare


def aftercare_review_open(
    *, actor, clearance: Clearance, trigger: str, note: str, source_hit_id: int | None = None
) -> AftercareReview:
    """Open a review of a live clearance. Called from the vetting pages and by workforce screening
    (with the hit's id; actor may then be None). One hit opens at most one review: calling again
    with the same hit returns the review already opened."""
    require_may_decide_about(actor=actor, person=clearance.person_id, what="a review of this clearance")
    note = _required(note, "note", "Say what prompted the review")
    if trigger not in AftercareTrigger.values:
        raise ValidationError({"trigger": "Choose what prompted the review"})
    if source_hit_id is not None:
        existing = AftercareReview.objects.filter(source_hit_id=source_hit_id).first()
        if existing is not None:
            return existing
        if not apps.get_model("vetting", "ScreeningHit").objects.filter(id=source_hit_id).exists():
            raise ValidationError({"source_hit_id": "No screening hit has that id"})
    if clearance.state not in ACTIVE_STATES:
        raise ValidationError(
            f"Only a granted or suspended clearance can be reviewed; this one is {clearance.get_state_display().lower()}"
        )
    try:
        with transaction.atomic(), _history(actor, f"aftercare review opened: {note}"):
            return AftercareReview.objects.create(
                clearance=clearance,
                trigger=trigger,
                note=note,
                opened_on=_today(),
                opened_by=actor,
                source_hit_id=source_hit_id,
            )
    except IntegrityError:
        # a concurrent call for the same hit opened it first
        existing = AftercareReview.objects.filter(source_hit_id=source_hit_id).first() if source_hit_id else None
        if existing is None:
            raise
        return existing


def aftercare_review_close(
    *, actor, review: AftercareReview, outcome: str, note: str, closed_on: date | None = None
) -> AftercareReview:
    """Close a review with its outcome; suspending or withdrawing records the clearance decision too."""
    require_may_decide_about(actor=actor, person=review.clearance.person_id, what="this review")
    note = _required(note, "outcome_note", "Give the rationale for the outcome")
    closed_on = _not_future(closed_on or _today(), "closed_on", "The date the review closed")
    if outcome not in AftercareOutcome.values:
        raise ValidationError({"outcome": "Choose the outcome of the review"})
    with transaction.atomic(), _history(actor, f"aftercare review closed ({outcome}): {note}"):
        locked = AftercareReview.objects.select_for_update().get(id=review.id)
        if locked.closed_on is not None:
            raise ValidationError("This review is already closed")
        if closed_on < locked.opened_on:
            raise ValidationError({"closed_on": "The review cannot close before it opened"})
        clearance = Clearance.objects.select_for_update().select_related("level").get(id=locked.clearance_id)
        to_state = {
            AftercareOutcome.SUSPENDED: ClearanceState.SUSPENDED,
            AftercareOutcome.WITHDRAWN: ClearanceState.WITHDRAWN,
        }
        target = to_state.get(outcome)
        if target is not None and clearance.state != target:
            try:
                _decide(
                    actor=actor,
                    clearance=clearance,
                    to_state=target,
                    rationale=f"Aftercare review: {note}",
                    decided_on=closed_on,
                    method=DECISIONS[target],
                    aftercare_review=locked,
                )
            except ValidationError:
                raise ValidationError(
                    {
                        "outcome": f"A clearance that is {clearance.get_state_display().lower()} "
                        f"cannot be {ClearanceState(target).label.lower()}"
                    }
                ) from None
        locked.outcome, locked.outcome_note, locked.closed_on, locked.closed_by = outcome, note, closed_on, actor
        locked.save()
    review.refresh_from_db()
    return review


# ---------------------------------------------------------------- scheduled: expiry and reminders


def clearances_expire(today: date | None = None) -> int:
    """Expire every granted clearance whose renewal date has come. Idempotent: an expired clearance
    is no longer granted, so a second run (or a concurrent one) finds nothing to do."""
    today = today or _today()
    due = list(
        Clearance.objects.filter(state=ClearanceState.GRANTED, expires_on__lte=today).values_list("id", flat=True)
    )
    expired = 0
    for clearance_id in due:
        with transaction.atomic(), _history(None, "clearance expired on its renewal date"):
            clearance = (
                Clearance.objects.select_for_update(skip_locked=True, of=("self",))  # the clearance row only
                .select_related("level")
                .filter(id=clearance_id, state=ClearanceState.GRANTED, expires_on__lte=today)
                .first()
            )
            if clearance is None:
                continue
            _decide(
                actor=None,
                clearance=clearance,
                to_state=ClearanceState.EXPIRED,
                rationale=f"Expired on renewal date ({clearance.expires_on:%-d %B %Y})",
                decided_on=clearance.expires_on,
                method="expire",
            )
            expired += 1
    return expired


def vetting_officers():
    return User.objects.filter(is_active=True, groups__name=Role.VETTING_OFFICER).distinct().order_by("id")


def expiry_reminders_send(today: date | None = None) -> int:
    """Remind every active vetting officer (in-app) of live clearances whose renewal date is within
    90 days, except officers who may not vet the holder (themselves, their chain, a declared
    conflict); at most one reminder per clearance per 30 days. Returns the clearances reminded of.
    Idempotent: the reminder row is written in the same transaction as the notices."""
    today = today or _today()
    since = today - timedelta(days=REMINDER_INTERVAL_DAYS)
    officers = list(vetting_officers())
    if not officers:
        return 0
    blocked = {officer.id: vetting_blocked_people(user=officer) for officer in officers}
    due = list(
        Clearance.objects.expiring_within(REMINDER_WINDOW_DAYS, today)
        .annotate(last_reminded=Max("reminders__sent_on"))
        .filter(Q(last_reminded__isnull=True) | Q(last_reminded__lte=since))
        .values_list("id", flat=True)
    )
    sent = 0
    for clearance_id in due:
        with transaction.atomic(), _history(None, "renewal reminder sent"):
            clearance = (
                Clearance.objects.select_for_update(skip_locked=True, of=("self",))  # the clearance row only
                .select_related("person", "level")
                .filter(id=clearance_id)
                .first()
            )
            if clearance is None or clearance.reminders.filter(sent_on__gt=since).exists():
                continue
            days = (clearance.expires_on - today).days
            recipients = [o for o in officers if clearance.person_id not in blocked[o.id]]
            ClearanceReminder.objects.create(
                clearance=clearance, sent_on=today, expires_on=clearance.expires_on, recipients=len(recipients)
            )
            person = clearance.person
            subject = (
                f"Clearance renewal due: {person.display_name} ({person.staff_number}), "
                f"{clearance.level_id} expires {clearance.expires_on:%-d %B %Y}"
            )
            body = (
                f"The {clearance.level.label} clearance expires in {days} day{'s' if days != 1 else ''}. "
                "Record a renewal application before then, or it expires on that date."
            )
            url = reverse("vetting:clearance", args=[clearance.public_id])
            notify(recipients, subject, body, url, record_kind="clearance", record_id=clearance.id, needs_action=True)
            sent += 1
    return sent
