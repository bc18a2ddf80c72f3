"""Every read of a user's notifications starts here: only their own, and only those about records
they may still open (notifications.visibility). Hidden notifications are neither shown nor counted."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import QuerySet
from django.http import Http404

from .models import Notification
from .visibility import visible_records

# the header's count looks at this many unread notifications at most ("99+" beyond)
UNREAD_COUNT_LIMIT = 100
# the count's visibility answer is reused this long for the same unread set (seconds)
UNREAD_COUNT_SECONDS = 60


def _hidden_ids(user, rows) -> set[int]:
    """rows: (id, record_kind, record_id). The ids whose record the user may not open."""
    visible = visible_records(user, ((kind, record_id) for _id, kind, record_id in rows))
    return {pk for pk, kind, record_id in rows if (kind, record_id) not in visible}


def notifications_visible_to(*, user) -> QuerySet[Notification]:
    """The user's notifications, newest first, without those about records they can no longer open
    (one query for the user's record-bearing notifications, then one checker call per kind)."""
    if not user.is_authenticated:
        return Notification.objects.none()
    mine = Notification.objects.filter(user=user)
    rows = list(mine.exclude(record_kind="").values_list("id", "record_kind", "record_id"))
    hidden = _hidden_ids(user, rows)
    return mine.exclude(id__in=hidden) if hidden else mine


def notification_get(*, user, public_id) -> Notification:
    """One of the user's notifications they may still see; 404 otherwise (another user's too)."""
    if not user.is_authenticated:
        raise Http404
    note = Notification.objects.filter(user=user, public_id=public_id).first()
    if note is None or _hidden_ids(user, [(note.id, note.record_kind, note.record_id)]):
        raise Http404
    return note


def _count_key(user, rows) -> str:
    return f"notifications:unread:{user.pk}:{hash(tuple(rows))}"


def unread_count(*, user) -> int:
    """Unread notifications the user may see, for the header: one indexed query of at most
    UNREAD_COUNT_LIMIT rows; the checkers run only when that unread set changed (or a minute passed)."""
    if not user.is_authenticated:
        return 0
    rows = list(
        Notification.objects.filter(user=user, read_at__isnull=True)
        .order_by("-id")
        .values_list("id", "record_kind", "record_id")[:UNREAD_COUNT_LIMIT]
    )
    if not rows:
        return 0
    if all(kind == "" for _id, kind, _rid in rows):
        return len(rows)
    key = _count_key(user, rows)
    count = cache.get(key)
    if count is None:
        count = len(rows) - len(_hidden_ids(user, rows))
        cache.set(key, count, UNREAD_COUNT_SECONDS)
    return count


def unread_count_label(count: int) -> str:
    return "99+" if count >= UNREAD_COUNT_LIMIT else str(count)
