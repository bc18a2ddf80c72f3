"""A worker records each start and end of a task sent through the outbox against its message."""

import logging
import uuid

from celery.signals import task_postrun, task_prerun
from django.db.models import F
from django.db.models.functions import Now

log = logging.getLogger(__name__)


def _outbox_id(task_id) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(task_id))
    except ValueError:
        return None


@task_prerun.connect(dispatch_uid="infra-outbox-started")
def outbox_task_started(task_id=None, **_):
    from .models import OutboxMessage

    key = _outbox_id(task_id)
    if key is None:
        return
    try:
        OutboxMessage.objects.filter(task_id=key).update(runs=F("runs") + 1, started_at=Now(), finished_at=None)
    except Exception:  # bookkeeping only: never stop the task itself
        log.exception("outbox: start of task %s not recorded", task_id)


@task_postrun.connect(dispatch_uid="infra-outbox-finished")
def outbox_task_finished(task_id=None, **_):
    from .models import OutboxMessage

    key = _outbox_id(task_id)
    if key is None:
        return
    try:
        OutboxMessage.objects.filter(task_id=key).update(finished_at=Now())
    except Exception:
        log.exception("outbox: end of task %s not recorded", task_id)
