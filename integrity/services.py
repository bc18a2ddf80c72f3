"""Every write to the registers: a declaration, an approver's decision, the annual review reminders
and the declarer's answer to an annual review.
Keyword-only, one transaction each, with pghistory context (who and why)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pghistory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import timezone

from notifications.services import notify

from .choices import BusinessDecision, ChangeDecision, EntryStatus, ReviewAnswer
from .models import REVIEW_INTERVAL, BusinessInterest, GiftHospitality, NotifiableAssociation, ReviewReminder
from .registers import Register, entry_title, register_of
from .selectors import entries_decidable_by, own_entries, reviews_in_answer_window

DECIDABLE = (EntryStatus.AWAITING, EntryStatus.REVIEW_DUE)


def _history(actor, reason: str):
    return pghistory.context(user=getattr(actor, "id", None), reason=reason)


def gift_needs_decision(*, accepted: bool, estimated_value) -> bool:
    """An accepted gift or hospitality above the threshold (a setting) needs an approver's decision;
    anything declined, or accepted at or below it, is recorded only."""
    return bool(accepted) and Decimal(estimated_value) > Decimal(settings.INTEGRITY_GIFT_APPROVAL_THRESHOLD)


def entry_url(entry) -> str:
    return reverse("integrity:entry", args=[register_of(entry).slug, entry.public_id])


def _notify_declarer(entry, *, subject: str, body: str, needs_action: bool = False) -> None:
    """To the person the entry is about (their own entry: they may always open it)."""
    users = get_user_model().objects.filter(person_id=entry.person_id, is_active=True)
    notify(
        users,
        subject,
        body,
        entry_url(entry),
        record_kind="integrity_entry",
        record_id=entry.public_id,
        needs_action=needs_action,
    )


def entry_declare(*, actor, register: Register, data: dict, declared_on: date | None = None):
    """The actor declares an entry about themselves (``data``: a declaration form's cleaned data)."""
    if actor.person_id is None:
        raise ValidationError("Your account is not linked to a workforce record, so you cannot declare here.")
    declared_on = declared_on or timezone.localdate()
    with transaction.atomic(), _history(actor, f"{register.label.lower()} declared"):
        entry = register.model(person_id=actor.person_id, declared_by=actor, declared_on=declared_on, **data)
        if isinstance(entry, GiftHospitality) and not gift_needs_decision(
            accepted=entry.accepted, estimated_value=entry.estimated_value
        ):
            entry.status = EntryStatus.RECORDED
        entry.full_clean()
        entry.save()
    return entry


def entry_decide(
    *,
    actor,
    entry,
    decision: str,
    reasons: str = "",
    conditions: str = "",
    risk_level: str = "",
    risk_assessment: str = "",
    decided_on: date | None = None,
):
    """An approver decides an entry awaiting a decision (or a business interest whose annual review
    is due). Reasons are required where the register says so; conditions with a conditional
    approval; a risk assessment for an association. ValidationError, by field, otherwise."""
    register = register_of(entry)
    decided_on = decided_on or timezone.localdate()
    reasons, conditions, risk_assessment = reasons.strip(), conditions.strip(), risk_assessment.strip()
    errors: dict[str, list[str]] = {}
    if decision not in register.model.DECISIONS.values:
        errors["decision"] = [f"Choose one of: {', '.join(register.model.DECISIONS.values)}."]
    elif decision in register.reasons_required and not reasons:
        errors["reasons"] = [f"Give the reasons for the decision: {register.model.DECISIONS(decision).label.lower()}."]
    if isinstance(entry, BusinessInterest) and decision == BusinessDecision.CONDITIONS and not conditions:
        errors["conditions"] = ["Set out the conditions of the approval."]
    if isinstance(entry, NotifiableAssociation):
        if risk_level not in ("low", "medium", "high"):
            errors["risk_level"] = ["Choose the risk: low, medium or high."]
        if not risk_assessment:
            errors["risk_assessment"] = ["Record the risk assessment."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), _history(actor, f"{register.label.lower()} decided: {decision}"):
        locked = (
            entries_decidable_by(user=actor, model=register.model).select_for_update(of=("self",)).filter(pk=entry.pk)
        ).first()
        if locked is None:
            raise ValidationError("You may not decide this entry.")
        if locked.status not in DECIDABLE:
            raise ValidationError("This entry has already been decided: reload the page.", code="conflict")
        locked.decision = decision
        locked.decision_reasons = reasons
        locked.decided_by = actor
        locked.decided_on = decided_on
        locked.status = EntryStatus.DECIDED
        if isinstance(locked, BusinessInterest):
            locked.conditions = conditions if decision == BusinessDecision.CONDITIONS else ""
            locked.review_on = decided_on + REVIEW_INTERVAL if decision != BusinessDecision.REFUSED else None
        if isinstance(locked, NotifiableAssociation):
            locked.risk_level, locked.risk_assessment = risk_level, risk_assessment
        if decision == ChangeDecision.REFERRED:
            locked.vetting_referral_on = decided_on
        locked.save()
        _notify_declarer(
            locked,
            subject=f"{register.label} {locked.reference}: {locked.decision_label.lower()}",
            body=f"{entry_title(locked)}. Decision: {locked.decision_label}."
            + (f" Reasons: {reasons}" if reasons else ""),
        )
    return locked


def review_answer(*, actor, entry: BusinessInterest, changed: bool, detail: str = "", today: date | None = None):
    """The declarer answers the annual review of their own approved business interest (due within
    the answer window or past): nothing has changed, or what has. The entry becomes "Annual review
    due" so an integrity approver decides it (it joins their decisions, as a new declaration does).
    One answer per review: a second answer for the same review date is refused (code "conflict")."""
    today = today or timezone.localdate()
    detail = detail.strip()
    if changed and not detail:
        raise ValidationError({"detail": ["Say what has changed."]})
    with transaction.atomic(), _history(actor, "annual review answered"):
        locked = (
            own_entries(user=actor, model=BusinessInterest).select_for_update(of=("self",)).filter(pk=entry.pk).first()
        )
        if locked is None:
            raise ValidationError("You may answer the annual review of your own business interests only.")
        if locked.review_answered:
            raise ValidationError("You have already answered this annual review.", code="conflict")
        if not reviews_in_answer_window(BusinessInterest.objects.filter(pk=locked.pk), today=today).exists():
            raise ValidationError("This business interest has no annual review for you to answer now.")
        locked.review_answer = ReviewAnswer.CHANGED if changed else ReviewAnswer.NO_CHANGE
        locked.review_answer_detail = detail if changed else ""
        locked.review_answered_on = today
        locked.review_answered_for = locked.review_on
        locked.status = EntryStatus.REVIEW_DUE
        locked.save()
    return locked


def review_reminders_send(*, today: date | None = None) -> int:
    """Mark approved business interests whose annual review date has come as due for review, and
    remind the declarer once per review (the reminder's unique key makes a second run harmless).
    Returns the number of reminders sent."""
    today = today or timezone.localdate()
    due = BusinessInterest.objects.filter(
        decision__in=[BusinessDecision.APPROVED, BusinessDecision.CONDITIONS],
        status__in=[EntryStatus.DECIDED, EntryStatus.REVIEW_DUE],
        review_on__lte=today,
    ).exclude(Exists(ReviewReminder.objects.filter(interest=OuterRef("pk"), review_on=OuterRef("review_on"))))
    due = due.exclude(review_answered_for=F("review_on"))  # answered early: nothing to remind of
    sent = 0
    for interest_id in list(due.values_list("id", flat=True)):
        with transaction.atomic(), _history(None, "annual review of a business interest due"):
            interest = (
                BusinessInterest.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("category")
                .filter(id=interest_id, review_on__lte=today, status__in=[EntryStatus.DECIDED, EntryStatus.REVIEW_DUE])
                .first()
            )
            if interest is None:
                continue
            if interest.status != EntryStatus.REVIEW_DUE:
                interest.status = EntryStatus.REVIEW_DUE
                interest.save(update_fields=["status", "updated_at"])
            try:
                with transaction.atomic():
                    ReviewReminder.objects.create(interest=interest, review_on=interest.review_on)
            except IntegrityError:
                continue  # reminded for this review already
            _notify_declarer(
                interest,
                subject=f"Annual review of your business interest {interest.reference} is due",
                body=(
                    f"{entry_title(interest)}: the approval was due for review on {interest.review_on:%-d %B %Y}. "
                    "Tell the integrity approver of any change; they will review it."
                ),
                needs_action=True,
            )
            sent += 1
    return sent
