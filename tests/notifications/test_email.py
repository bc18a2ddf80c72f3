"""Notifications that need action are e-mailed once (locmem backend in tests), only while the user
may still open the record, only to users with an address, and the e-mail carries no details."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from accounts.choices import Role
from notifications.models import Notification
from notifications.services import notifications_email, notify
from notifications.tasks import email_send
from tests.factories import CaseFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def _case_note(user, case, needs_action=True):
    (note,) = notify(
        [user], f"Case {case.reference}: interview the complainant", "Jane Smith, 12 High Street",
        f"/cases/{case.reference}/", record_kind="case", record_id=case.reference, needs_action=needs_action,
    )  # fmt: skip
    return note


def test_a_notification_that_needs_action_is_emailed_once_without_details():
    user = UserFactory(role=Role.INVESTIGATOR, email="inv@example.test")
    case = CaseFactory(subjects=[PersonFactory()])
    note = _case_note(user, case)
    _case_note(user, case, needs_action=False)
    assert email_send() == 1  # the task, called as the worker calls it
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["inv@example.test"]
    assert "1 item needs your action" in message.subject
    assert "/notifications/" in message.body
    for secret in (case.reference, "Jane Smith", "interview", "High Street"):
        assert secret not in message.subject + message.body
    note.refresh_from_db()
    assert note.emailed_at is not None
    assert email_send() == 0 and len(mail.outbox) == 1


def test_several_at_once_make_one_email_per_user():
    user = UserFactory(role=Role.INVESTIGATOR, email="inv@example.test")
    other = UserFactory(role=Role.INVESTIGATOR, email="other@example.test")
    for _ in range(3):
        _case_note(user, CaseFactory(subjects=[PersonFactory()]))
    _case_note(other, CaseFactory(subjects=[PersonFactory()]))
    assert notifications_email() == 4
    assert sorted((m.to[0], m.subject.split(": ")[1]) for m in mail.outbox) == [
        ("inv@example.test", "3 items need your action"),
        ("other@example.test", "1 item needs your action"),
    ]


def test_not_emailed_when_hidden_read_old_or_the_user_has_no_address():
    from cases.models import ConflictDeclaration

    hidden_user = UserFactory(role=Role.INVESTIGATOR, email="a@example.test")
    subject = PersonFactory()
    _case_note(hidden_user, CaseFactory(subjects=[subject]))
    ConflictDeclaration.objects.create(user=hidden_user, person=subject, reason="Cousin")
    no_address = UserFactory(role=Role.INVESTIGATOR, email="")
    _case_note(no_address, CaseFactory(subjects=[PersonFactory()]))
    reader = UserFactory(role=Role.INVESTIGATOR, email="b@example.test")
    read = _case_note(reader, CaseFactory(subjects=[PersonFactory()]))
    Notification.objects.filter(id=read.id).update(read_at=timezone.now())
    old_user = UserFactory(role=Role.INVESTIGATOR, email="c@example.test")
    old = _case_note(old_user, CaseFactory(subjects=[PersonFactory()]))
    Notification.objects.filter(id=old.id).update(created_at=timezone.now() - timedelta(days=8))
    assert notifications_email() == 0 and mail.outbox == []
    assert not Notification.objects.filter(emailed_at__isnull=False).exists()


def test_a_failed_send_is_given_back_for_the_next_run(monkeypatch):
    user = UserFactory(role=Role.INVESTIGATOR, email="inv@example.test")
    note = _case_note(user, CaseFactory(subjects=[PersonFactory()]))

    def refuse(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("notifications.services.send_mail", refuse)
    assert notifications_email() == 0
    note.refresh_from_db()
    assert note.emailed_at is None
    monkeypatch.undo()
    assert notifications_email() == 1 and len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_email_each_notification_once():
    user = UserFactory(role=Role.INVESTIGATOR, email="inv@example.test")
    for _ in range(30):
        _case_note(user, CaseFactory(subjects=[PersonFactory()]))
    results, barrier = [], threading.Barrier(2)

    def worker():
        try:
            barrier.wait()
            results.append(notifications_email())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(results) == 30
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 30
    assert sum(int(m.subject.split(": ")[1].split()[0]) for m in mail.outbox) == 30
