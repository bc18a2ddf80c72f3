"""Writing notifications: notify(users, ...) from any app.

A notification may name the record it is about (record_kind, record_id): the notifications page
shows it only while the user may still open that record (a checker each app registers with
notifications.visibility.register for its kinds). needs_action notifications are also e-mailed.
"""

from __future__ import annotations

from collections.abc import Iterable

from .models import Notification


def notify(
    users: Iterable,
    subject: str,
    body: str = "",
    url: str = "",
    *,
    record_kind: str = "",
    record_id: str | int = "",
    needs_action: bool = False,
) -> list[Notification]:
    """One notification to each user (a user listed twice gets one)."""
    seen, rows = set(), []
    for user in users:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        rows.append(
            Notification(
                user=user,
                subject=subject[:200],
                body=body,
                url=url[:300],
                record_kind=record_kind,
                record_id=str(record_id),
                needs_action=needs_action,
            )
        )
    return Notification.objects.bulk_create(rows)
