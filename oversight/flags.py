"""Flags across refreshes, their review workflow, and notices to the command's analysts."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from accounts.choices import Role
from accounts.models import User
from notifications.models import Notification

from .models import DisparityFlag, DisparityRefresh, DisparityResult, FlagReview, FlagStatus

KEY = ("level", "unit_id", "window_months", "population", "source", "stage", "group")

# status -> statuses a reviewer may move it to (each move needs a note)
TRANSITIONS = {
    FlagStatus.NEW: [FlagStatus.UNDER_REVIEW, FlagStatus.CLOSED],
    FlagStatus.UNDER_REVIEW: [FlagStatus.ACTIONED, FlagStatus.CLOSED],
    FlagStatus.ACTIONED: [FlagStatus.UNDER_REVIEW, FlagStatus.CLOSED],
    FlagStatus.CLOSED: [],
}


def flags_update(refresh: DisparityRefresh) -> list[int]:
    """Open a flag for each new FLAG; keep open ones current. Returns the ids of new flags.

    Idempotent: a FLAG already open for the same cell is not raised again (nor notified), so a
    repeated or retried refresh changes nothing but the latest result.
    """
    open_flags = {tuple(getattr(f, k) for k in KEY): f for f in DisparityFlag.objects.exclude(status=FlagStatus.CLOSED)}
    flagged = DisparityResult.objects.filter(refresh=refresh, status="FLAG")
    seen, new = set(), []
    for result in flagged:
        key = tuple(getattr(result, k) for k in KEY)
        seen.add(key)
        flag = open_flags.get(key)
        if flag is not None:
            DisparityFlag.objects.filter(id=flag.id).update(latest_result=result, still_flagged=True)
            continue
        with pghistory.context(reason=f"Raised by refresh {refresh.public_id}"):
            flag = DisparityFlag.objects.create(
                **{k: getattr(result, k) for k in KEY}, first_result=result, latest_result=result
            )
        new.append(flag.id)
    gone = [f.id for key, f in open_flags.items() if key not in seen and f.still_flagged]
    DisparityFlag.objects.filter(id__in=gone).update(still_flagged=False)
    return new


def analysts():
    return User.objects.filter(is_active=True, groups__name=Role.ANALYST).distinct()


def flags_notify(flag_ids: list[int]) -> int:
    """One in-app notice per new flag and one e-mail per analyst listing them."""
    flags = list(DisparityFlag.objects.filter(id__in=flag_ids).select_related("unit", "latest_result"))
    if not flags:
        return 0
    recipients = list(analysts())
    lines = [f"- {flag_title(f)}: {describe_result(f.latest_result)}" for f in flags]
    Notification.objects.bulk_create(
        Notification(
            user=user,
            subject=f"New disparity flag: {flag_title(flag)}",
            body=describe_result(flag.latest_result),
            url=reverse("oversight:flag", args=[flag.public_id]),
        )
        for user in recipients
        for flag in flags
    )
    for user in recipients:
        if user.email:
            send_mail(
                subject=f"{len(flags)} new disparity flag(s) to review",
                message=(
                    "A disparity refresh raised new flags. A flag is a prompt for review, never a finding of bias.\n\n"
                    + "\n".join(lines)
                    + "\n\nOpen the disparity dashboard to review them."
                ),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[user.email],
                fail_silently=True,
            )
    return len(recipients)


def flag_title(flag) -> str:
    from .presentation import group_label, population_label, source_label, stage_label, unit_label

    return (
        f"{group_label(flag.group)}, {stage_label(flag.stage)} - {unit_label(flag.level, flag.unit)}, "
        f"{population_label(flag.population)}, {source_label(flag.source)}, {flag.window_months} months"
    )


def describe_result(result: DisparityResult) -> str:
    ratio = f"{result.ratio:.2f}" if result.ratio is not None else "n/a"
    interval = (
        f" (95% CI {result.ratio_low:.2f} to {result.ratio_high:.2f})"
        if result.ratio_low is not None and result.ratio_high is not None
        else ""
    )
    return f"relative rate {ratio}{interval}, {result.events} of {result.n}"


def flag_review(*, actor, flag: DisparityFlag, to_status: str, note: str) -> FlagReview:
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Enter a note: what was looked at and what was decided"})
    if to_status not in TRANSITIONS[FlagStatus(flag.status)]:
        raise ValidationError(
            {"to_status": f"A flag that is {FlagStatus(flag.status).label.lower()} cannot move to that status"}
        )
    with transaction.atomic(), pghistory.context(user=actor.id, reason=note):
        locked = DisparityFlag.objects.select_for_update().get(id=flag.id)
        if locked.status != flag.status:
            raise ValidationError({"to_status": "Someone else changed this flag: reload the page"})
        review = FlagReview.objects.create(
            flag=locked, from_status=locked.status, to_status=to_status, note=note, by=actor
        )
        locked.status = to_status
        locked.save(update_fields=["status", "updated_at"])
    flag.status = to_status
    return review


def flags_visible_to(*, user):
    """The disparity flags this user may read and review: analysts (a flag is about a unit's
    aggregate figures, never a person)."""
    if not user.is_authenticated or not user.has_role(Role.ANALYST):
        return DisparityFlag.objects.none()
    return DisparityFlag.objects.all()
