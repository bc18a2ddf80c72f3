"""Accounts locked by django-axes after too many failed sign-ins, and the administrator's unlock.

An account (the username typed at sign-in) is locked while its attempts hold AXES_FAILURE_LIMIT
failures or more within AXES_COOLOFF_TIME. The administrator's home lists them (workday) and the
page "Locked accounts" unlocks one with a reason: the unlock is recorded (accounts.AccountUnlock)
and axes' attempts for that username are removed in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from .choices import Role
from .models import AccountUnlock

REASON_MAX = 2000


@dataclass(frozen=True)
class Lockout:
    username: str
    failures: int
    last_attempt: datetime

    @property
    def until(self) -> datetime:
        return self.last_attempt + settings.AXES_COOLOFF_TIME


def _locked_attempts():
    from axes.models import AccessAttempt

    return AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME,
    )


def lockouts_visible_to(*, user, limit: int | None = None) -> list[Lockout]:
    """Usernames locked out now, the most recent first (one query). Administrators only."""
    if user is None or not user.has_role(Role.ADMINISTRATOR):
        return []
    rows = (
        _locked_attempts()
        .values("username")
        .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
        .order_by("-last_attempt", "username")
    )
    if limit is not None:
        rows = rows[:limit]
    return [Lockout(r["username"] or "", r["failures"], r["last_attempt"]) for r in rows]


def lockouts_count(*, user) -> int:
    if user is None or not user.has_role(Role.ADMINISTRATOR):
        return 0
    return _locked_attempts().values("username").distinct().count()


def recent_unlocks(*, user, limit: int = 10):
    if user is None or not user.has_role(Role.ADMINISTRATOR):
        return AccountUnlock.objects.none()
    return AccountUnlock.objects.select_related("unlocked_by")[:limit]


def account_unlock(*, actor, username: str, reason: str) -> AccountUnlock:
    """Lift the lock on ``username``: administrators only, with a reason. Refused (code "conflict")
    when the account is no longer locked: another administrator unlocked it, or the lock expired."""
    from axes.models import AccessAttempt

    if actor is None or not actor.has_role(Role.ADMINISTRATOR):
        raise ValidationError("Only an administrator may unlock an account.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Enter why you are unlocking the account."]})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": [f"The reason must be {REASON_MAX:,} characters or fewer."]})
    with transaction.atomic():
        # lock this username's attempt rows: two administrators pressing at once record one unlock
        attempts = list(AccessAttempt.objects.select_for_update().filter(username=username))
        now = timezone.now()
        locked = [
            a
            for a in attempts
            if a.failures_since_start >= settings.AXES_FAILURE_LIMIT
            and a.attempt_time >= now - settings.AXES_COOLOFF_TIME
        ]
        if not locked:
            raise ValidationError(
                f"The account {username} is no longer locked: another administrator unlocked it, or the lock ran out.",
                code="conflict",
            )
        unlock = AccountUnlock.objects.create(
            username=username,
            failures=sum(a.failures_since_start for a in locked),
            unlocked_by=actor,
            unlocked_at=now,
            reason=reason,
        )
        AccessAttempt.objects.filter(pk__in=[a.pk for a in attempts]).delete()
    return unlock
