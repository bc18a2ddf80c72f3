"""Keep the unit's queue current whoever writes: a saved log or alert, a log's themes or subjects
changed, re-score that item; a weight or a theme's weight changed, re-score the whole queue.

Signals rather than calls in each service, so that the intelligence pages, the link job and the
imports need not remember the queue; bulk writes (which send no signals) are caught by the
nightly run, or by calling ``priority.cc_rescore_enqueue`` directly."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save


def _log_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from .priority import cc_rescore_enqueue

    cc_rescore_enqueue(log=instance)


def _alert_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from .priority import cc_rescore_enqueue

    cc_rescore_enqueue(alert=instance)


def _subject_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from .priority import cc_rescore_enqueue

    cc_rescore_enqueue(log=instance.log)


def _subject_removed(sender, instance, **kwargs):
    # after the commit: when the whole log is being deleted, a request written now would point at it
    log_id = instance.log_id

    def rescore():
        from .models import IntelLog
        from .priority import cc_rescore_enqueue

        log = IntelLog.objects.filter(pk=log_id).first()
        if log is not None:
            cc_rescore_enqueue(log=log)

    transaction.on_commit(rescore)


def _log_themes_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    from .models import IntelLog
    from .priority import cc_rescore_enqueue

    if not reverse:
        cc_rescore_enqueue(log=instance)
    else:  # theme.logs.add(...): the logs named
        for log in IntelLog.objects.filter(pk__in=pk_set or ()):
            cc_rescore_enqueue(log=log)


def _alert_people_changed(sender, instance, action, reverse, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        from .priority import cc_rescore_enqueue

        cc_rescore_enqueue(alert=instance)


def _weights_changed(sender, instance, created=False, raw=False, **kwargs):
    if raw or created:
        return  # seeding reference data: nothing to re-score for a new weight or theme
    from .queue_tasks import queue_run_start

    transaction.on_commit(lambda: queue_run_start(reason=f"weights changed: {sender.__name__} {instance.pk}"))


def connect() -> None:
    from .models import IntelLog, IntelSubject, LinkAlert, QueueWeight, Theme

    post_save.connect(_log_saved, sender=IntelLog, dispatch_uid="cc_queue.log")
    post_save.connect(_alert_saved, sender=LinkAlert, dispatch_uid="cc_queue.alert")
    post_save.connect(_subject_changed, sender=IntelSubject, dispatch_uid="cc_queue.subject")
    post_delete.connect(_subject_removed, sender=IntelSubject, dispatch_uid="cc_queue.subject_deleted")
    m2m_changed.connect(_log_themes_changed, sender=IntelLog.themes.through, dispatch_uid="cc_queue.themes")
    m2m_changed.connect(_alert_people_changed, sender=LinkAlert.other_people.through, dispatch_uid="cc_queue.people")
    post_save.connect(_weights_changed, sender=QueueWeight, dispatch_uid="cc_queue.weights")
    post_save.connect(_weights_changed, sender=Theme, dispatch_uid="cc_queue.theme_weights")
