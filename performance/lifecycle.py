"""The one way a performance case moves: a step in one transaction that locks the case row,
refuses a step decided on a stale page (someone else moved the case first: StepConflict, the API
answers 409), runs the step's precondition on the locked row, and writes history (pghistory
context with actor and reason) and the timeline entry.

Usage::

    with step(actor=actor, case=case, reason=why, event="first_stage_meeting_held") as current:
        before = move(current, "hold_first_stage", outcome)
        current.case.save()
        current.log(before)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django_fsm import TransitionNotAllowed

from cases.lifecycle import StepConflict, already_done

from .choices import PerformanceState
from .models import PerformanceCase, PerformanceEvent


def _label(state: str) -> str:
    return PerformanceState(state).label if state in PerformanceState.values else state


def moved_on(case: PerformanceCase) -> StepConflict:
    """The refusal when the case is no longer where the person saw it: who moved it, and when."""
    last = PerformanceEvent.objects.filter(case=case).select_related("actor").order_by("-at", "-id").first()
    what = f"The case is no longer at this step: it is now '{_label(case.state)}'"
    if last is None:
        return StepConflict(what + ". Reload the page.")
    return StepConflict(what + ". " + str(already_done(by=last.actor, at=last.at, what=last.label).messages[0]))


class Step:
    def __init__(self, *, actor, case: PerformanceCase, reason: str, event: str):
        self.actor, self.case, self.reason, self.event = actor, case, reason, event

    def log(self, from_state: str = "", *, event: str = "", reason: str = "") -> PerformanceEvent:
        to_state = self.case.state if from_state else ""
        return PerformanceEvent.objects.create(
            case=self.case,
            event=event or self.event,
            from_state=from_state if from_state != to_state else "",
            to_state=to_state if from_state != to_state else "",
            actor=self.actor,
            reason=reason or self.reason,
        )


@contextmanager
def step(
    *, actor, case: PerformanceCase, reason: str, event: str, guard: Callable[[PerformanceCase], None] | None = None
) -> Iterator[Step]:
    """Lock the case, check it is still as the caller saw it, run ``guard`` on the locked row."""
    seen_state = case.state
    try:
        with (
            transaction.atomic(),
            pghistory.context(user=getattr(actor, "pk", None), reason=reason or event, event=event),
        ):
            locked = PerformanceCase.objects.select_for_update().get(pk=case.pk)
            if locked.state != seen_state:
                raise moved_on(locked)
            case.refresh_from_db()
            if guard is not None:
                guard(case)
            yield Step(actor=actor, case=case, reason=reason, event=event)
    except Exception:
        # the step was rolled back: the caller's object must not keep a state the database never had
        if case.state != seen_state:
            case.refresh_from_db()
        raise


def move(current: Step, method: str, *args) -> str:
    """Run a transition; one the case's state or rule version does not allow is refused in words."""
    case = current.case
    before = case.state
    try:
        getattr(case, method)(*args)
    except TransitionNotAllowed:
        raise ValidationError(
            f"{current.event.replace('_', ' ').capitalize()} is not possible while the case is "
            f"'{_label(before)}' under {case.rule_version.title if case.rule_version else 'these rules'}."
        ) from None
    return before
