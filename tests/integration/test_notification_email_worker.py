"""The real worker runs the e-mail task: a notification that needs action is e-mailed once (the
test worker's backend prints the message into its log), and a second run sends nothing."""

import pytest

from accounts.choices import Role
from notifications.models import Notification
from notifications.services import notify
from notifications.tasks import email_send
from tests.factories import CaseFactory, PersonFactory, UserFactory
from tests.integration.conftest import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_the_worker_emails_a_notification_that_needs_action_once(celery_worker):
    user = UserFactory(role=Role.INVESTIGATOR, email="worker-walk@example.test")
    case = CaseFactory(subjects=[PersonFactory()])
    (note,) = notify(
        [user], f"Case {case.reference}: interview due", url=f"/cases/{case.reference}/",
        record_kind="case", record_id=case.reference, needs_action=True,
    )  # fmt: skip
    email_send.delay()
    assert wait_for(lambda: Notification.objects.get(pk=note.pk).emailed_at is not None, timeout=60)
    emailed_at = Notification.objects.get(pk=note.pk).emailed_at
    assert wait_for(lambda: "worker-walk@example.test" in celery_worker.log.read_text(), timeout=30)
    email_send.delay()
    assert wait_for(lambda: celery_worker.log.read_text().count("notifications.tasks.email_send") >= 4, timeout=60)
    assert Notification.objects.get(pk=note.pk).emailed_at == emailed_at
    log = celery_worker.log.read_text()
    assert log.count("To: worker-walk@example.test") == 1
    assert case.reference not in log.split("To: worker-walk@example.test")[1][:2000]
