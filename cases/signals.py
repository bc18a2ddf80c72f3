"""A change of priority weights (or a category's weight) re-scores every open case; the person page
lists the matters naming the person (a workforce.extensions section)."""

from django.db import transaction
from django.db.models.signals import post_save


def _weights_changed(sender, instance, created, **kwargs):
    if kwargs.get("raw") or created:
        return  # seeding reference data; a new category has no allegations to re-score
    from .tasks import priority_run_start

    transaction.on_commit(lambda: priority_run_start(reason=f"weights changed: {sender.__name__} {instance.pk}"))


def _person_cases(*, user, person) -> dict:
    from .selectors import cases_visible_to

    return {"cases": cases_visible_to(user=user).filter(case_subjects__person=person)[:50]}


def connect():
    from workforce.extensions import person_section_register

    from .models import AllegationCategory, PriorityWeight

    person_section_register("cases.person_cases", _person_cases)

    post_save.connect(_weights_changed, sender=PriorityWeight, dispatch_uid="priority.weights")
    post_save.connect(_weights_changed, sender=AllegationCategory, dispatch_uid="priority.categories")
