"""Writing notifications: notify(users, ...) from any app.

A notification may name the record it is about (record_kind, record_id): the notifications page
shows it only while the user may still open that record (a checker each app registers with
notifications.visibility.register for its kinds). needs_action notifications are also e-mailed.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from .models import Notification
from .visibility import visible_records

logger = logging.getLogger(__name__)


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


# ------------------------------------------------------------------ read and unread


def notification_mark_read(*, actor, notification: Notification) -> None:
    """Compare-and-set: a notification already read keeps the time it was first read."""
    Notification.objects.filter(id=notification.id, user=actor, read_at__isnull=True).update(read_at=timezone.now())


def notification_mark_unread(*, actor, notification: Notification) -> None:
    Notification.objects.filter(id=notification.id, user=actor).update(read_at=None)


def notifications_mark_all_read(*, actor) -> int:
    """Every unread notification of the actor (those about records they can no longer open too)."""
    return Notification.objects.filter(user=actor, read_at__isnull=True).update(read_at=timezone.now())


# ------------------------------------------------------------------ e-mail

EMAIL_BATCH = 200
# a notification waiting longer than this is not e-mailed any more (it is still on the page)
EMAIL_WITHIN = timedelta(days=7)


def _email_claim(after_id: int, since) -> tuple[list[Notification], int | None]:
    """Claim a batch of notifications waiting for an e-mail (rows another worker holds are skipped):
    those the user may still see are marked e-mailed in the same transaction, before anything is
    sent, so no notification is ever e-mailed twice. Returns the claimed ones and the last id seen (None: nothing left)."""
    with transaction.atomic():
        batch = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("user")
            .filter(needs_action=True, emailed_at__isnull=True, read_at__isnull=True, created_at__gte=since)
            .filter(id__gt=after_id)
            .order_by("id")[:EMAIL_BATCH]
        )
        if not batch:
            return [], None
        by_user: dict[int, list[Notification]] = defaultdict(list)
        for note in batch:
            if note.user.is_active and note.user.email:
                by_user[note.user_id].append(note)
        claimed = []
        for notes in by_user.values():
            user = notes[0].user
            visible = visible_records(user, ((n.record_kind, n.record_id) for n in notes))
            claimed += [n for n in notes if (n.record_kind, n.record_id) in visible]
        if claimed:
            now = timezone.now()
            Notification.objects.filter(id__in=[n.id for n in claimed]).update(emailed_at=now)
            for note in claimed:
                note.emailed_at = now
        return claimed, batch[-1].id


def _email_text(count: int) -> tuple[str, str]:
    """What the e-mail says: only that there is something to do, never what it is about
    (OFFICIAL-SENSITIVE details stay in the service)."""
    things = "1 item needs" if count == 1 else f"{count} items need"
    link = settings.SERVICE_URL.rstrip("/") + reverse("notifications:list")
    subject = f"{settings.SERVICE_NAME}: {things} your action"
    body = (
        f"{things} your action in {settings.SERVICE_NAME}.\n\n"
        f"Sign in to see what they are:\n{link}\n\n"
        "This e-mail does not say what they are about. Do not reply to it."
    )
    return subject, body


def notifications_email(*, now=None) -> int:
    """E-mail each user who has notifications that need action, not yet e-mailed, still unread and
    about records they may still see: one e-mail per user per batch. Returns the notifications
    e-mailed. Safe to run in two workers at once (rows are claimed with SKIP LOCKED)."""
    since = (now or timezone.now()) - EMAIL_WITHIN
    sent, after_id = 0, 0
    while True:
        claimed, last_id = _email_claim(after_id, since)
        if last_id is None:
            return sent
        after_id = last_id
        by_user: dict[int, list[Notification]] = defaultdict(list)
        for note in claimed:
            by_user[note.user_id].append(note)
        for notes in by_user.values():
            subject, body = _email_text(len(notes))
            try:
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [notes[0].user.email])
            except Exception:  # the mail server refused or is down: give them back for the next run
                logger.warning("notification e-mail to user %s failed; will retry", notes[0].user_id, exc_info=True)
                Notification.objects.filter(id__in=[n.id for n in notes], emailed_at=notes[0].emailed_at).update(
                    emailed_at=None
                )
                continue
            sent += len(notes)
