"""The subject lifecycle: the one way any app (cases, hearings, and the case types to come) takes
a step on a matter.

A step is one transaction that:

1. locks the case row, then the subject's row (``SELECT ... FOR UPDATE``; always in that order,
   so two steps on one case never deadlock);
2. compares the subject as the caller saw it with the locked row: if someone else moved it in
   the meantime the step is refused with :class:`StepConflict` naming who did what, and when;
3. runs the step's precondition (``guard``) on the locked, fresh rows, so the check that the
   step is still possible is made where nobody else can change the answer;
4. writes history with the actor's reason (pghistory context) and the case timeline entry;
5. records a re-score request for the case, enqueued after commit.

Two people acting on one subject at the same instant: one wins, the other is told
"this was already done by X at T" (pages show it on the form; the API answers 409).

Usage::

    with lifecycle.step(actor=actor, case=subject.case, subject=subject, reason=why,
                        event="case_to_answer_decided", guard=lambda: ...) as step:
        before = lifecycle.move(step, subject, "decide", route)
        subject.save()
        step.log(subject, before, subject.stage)
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

import pghistory
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import formats, timezone
from django_fsm import TransitionNotAllowed

from .choices import SubjectStage
from .models import REGULATIONS, Case, CaseSubject, ConductProcedure, StageTransition

# The fields that say where a subject stands. A step whose caller saw other values than the
# locked row holds was decided on a stale page: it is refused, never applied on top.
STATE_FIELDS = ("stage", "severity", "forum", "case_to_answer", "left_while_under_investigation")

logger = logging.getLogger(__name__)


class StepConflict(ValidationError):
    """Someone else acted first: the step is no longer possible as the person saw it."""

    def __init__(self, message: str):
        super().__init__(message, code="conflict")


def is_conflict(error: ValidationError) -> bool:
    """True when a refusal means "someone else acted first" (the API answers 409)."""
    return isinstance(error, StepConflict) or any(
        getattr(e, "code", None) == "conflict" for e in getattr(error, "error_list", [])
    )


def _who(user) -> str:
    if user is None:
        return "an import"
    return user.get_full_name() or user.username


def _when(moment) -> str:
    if not isinstance(moment, datetime):
        return formats.date_format(moment, "j F Y")
    local = timezone.localtime(moment)
    return f"{formats.date_format(local, 'H:i')} on {formats.date_format(local, 'j F Y')}"


def already_done(*, by, at, what: str) -> StepConflict:
    """ "<what> was already done by X at T": the refusal for a step someone else completed first."""
    return StepConflict(f"{what} was already recorded by {_who(by)} at {_when(at)}. Reload the page to see it.")


def already(*, case: Case, event: str, what: str, subject: CaseSubject | None = None) -> StepConflict:
    """ "<what> was already recorded by X at T", from the timeline entry of the step that won."""
    done = StageTransition.objects.filter(case=case, event=event).select_related("actor").order_by("-at", "-id")
    if subject is not None:
        done = done.filter(subject=subject)
    last = done.first()
    if last is None:
        return StepConflict(f"{what} was already recorded. Reload the page to see it.")
    return already_done(by=last.actor, at=last.at, what=what)


def _last_move(subject: CaseSubject) -> str:
    last = (
        StageTransition.objects.filter(subject=subject)
        .exclude(from_stage="", to_stage="")
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )
    if last is None:
        return ""
    return f" ({last.event_label.lower()} was recorded by {_who(last.actor)} at {_when(last.at)})"


def last_step_note(case: Case, subject: CaseSubject | None = None) -> str:
    """ " (<last step> was recorded by X at T)" for the case or subject, or ""."""
    done = StageTransition.objects.filter(case=case).select_related("actor").order_by("-at", "-id")
    if subject is not None:
        done = done.filter(subject=subject)
    last = done.first()
    if last is None:
        return ""
    return f" ({last.event_label.lower()} was recorded by {_who(last.actor)} at {_when(last.at)})"


def no_longer_at_step(subject: CaseSubject) -> StepConflict:
    """The refusal for a step on a subject someone else has moved on: who did it, and when."""
    last = (
        StageTransition.objects.filter(subject=subject).select_related("actor").order_by("-at", "-id").first()
        if subject.pk
        else None
    )
    name = subject.person.display_name
    message = (
        f"{name} is no longer at this step: the matter is now '{SubjectStage(subject.stage).label}'"
        if subject.stage in SubjectStage.values
        else f"{name} is no longer at this step"
    )
    if last is not None:
        message += f". {last.event_label} was already recorded by {_who(last.actor)} at {_when(last.at)}"
    return StepConflict(message + ". Reload the page to see where the matter stands.")


def lock_case(case: Case) -> Case:
    """Take the case row's lock for the rest of the transaction; return the locked row."""
    return Case.objects.select_for_update(of=("self",)).get(pk=case.pk)


def lock_subject(subject: CaseSubject) -> CaseSubject:
    """Take the subject row's lock, refuse if it moved since the caller loaded it, then bring
    the caller's object up to date with the locked row."""
    locked = CaseSubject.objects.select_for_update(of=("self",)).select_related("person").get(pk=subject.pk)
    if any(getattr(locked, f) != getattr(subject, f) for f in STATE_FIELDS):
        raise no_longer_at_step(locked)
    subject.refresh_from_db()
    return subject


class Step:
    """The open step: the timeline entry is written through it."""

    def __init__(self, *, actor, case: Case, reason: str, event: str):
        self.actor, self.case, self.reason, self.event = actor, case, reason, event

    def log(
        self,
        subject: CaseSubject | None = None,
        from_stage: str = "",
        to_stage: str = "",
        *,
        event: str = "",
        reason: str = "",
    ) -> StageTransition:
        """The timeline entry for this step (or, with `event` and `reason`, a decision taken in it)."""
        return StageTransition.objects.create(
            case=self.case,
            subject=subject,
            event=event or self.event,
            from_stage=from_stage,
            to_stage=to_stage,
            actor=self.actor,
            reason=reason or self.reason,
        )


@contextmanager
def step(
    *,
    actor,
    case: Case,
    reason: str,
    event: str,
    subject: CaseSubject | None = None,
    subjects: Callable[[], list[CaseSubject]] | None = None,
    guard: Callable[[], None] | None = None,
) -> Iterator[Step]:
    """One lifecycle step in one transaction (see the module docstring).

    ``subject``: the subject the step acts on (locked and checked against what the caller saw).
    ``subjects``: for a case-level step acting on several subjects, a callable run after the case
    lock that returns them; each is locked in turn.
    ``guard``: the step's precondition, run after the locks; it raises ValidationError (use
    :func:`already_done` or :func:`no_longer_at_step` when someone else acted first).
    """
    with transaction.atomic(), pghistory.context(reason=reason or event, event=event):
        if case.pk:
            lock_case(case)
        if subject is not None and subject.pk:
            lock_subject(subject)
        if subjects is not None:
            for other in subjects():
                lock_subject(other)
        if guard is not None:
            guard()
        current = Step(actor=actor, case=case, reason=reason, event=event)
        yield current
        if case.pk:
            # Re-score after commit on the interactive queue; the request is recorded first, in
            # this transaction, so a lost message or a crashed worker is found by the sweeper.
            from .priority import priority_request

            priority_request(case_ids=[case.pk])
            severity_weight_refresh(case.pk)
            case_id = case.pk
            _enqueue_rescore(case_id)  # an outbox row in this transaction, sent after the commit


def move(current: Step, subject: CaseSubject, method: str, *args) -> str:
    """Run a transition on the subject; a transition its stage does not allow is refused with
    a message a person can act on. Returns the stage it moved from."""
    before = subject.stage
    try:
        getattr(subject, method)(*args)
    except TransitionNotAllowed:
        raise ValidationError(
            f"{current.event.replace('_', ' ').capitalize()} is not possible for {subject.person.display_name} "
            f"while the matter is '{SubjectStage(before).label}'{_last_move(subject)}."
        ) from None
    return before


def require_stage(subject: CaseSubject, *stages: str, message: str | None = None) -> None:
    """Precondition: the (locked) subject is at one of these stages."""
    if subject.stage not in stages:
        if message:
            raise StepConflict(message)
        raise no_longer_at_step(subject)


def require_reason(reason: str, what: str = "rationale") -> None:
    if not reason or not reason.strip():
        raise ValidationError({what: "Give the reasons: the decision must be justifiable later."})


def require_not_future(value, field: str, what: str) -> None:
    """A date on which something happened (assessed, served, decided, completed...) cannot be after today."""
    if value and value > timezone.localdate():
        raise ValidationError({field: f"{what} cannot be in the future."})


def case_status_refresh(case: Case) -> None:
    """Close the case when its last subject is finalised (re-open it if a subject is added).
    Called inside a step, so the case row is locked and the subjects read here are current."""
    case.status = Case.objects.values_list("status", flat=True).get(pk=case.pk)
    open_subjects = case.case_subjects.exclude(stage=SubjectStage.CLOSED).exists()
    status = "open" if open_subjects or not case.case_subjects.exists() else "closed"
    if case.status != status:
        case.status = status
        case.save(update_fields=["status", "updated_at"])


def severity_weight_refresh(case_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE cases_case SET severity_weight = w.weight FROM (
                SELECT coalesce(max(CASE severity WHEN 'gross_misconduct' THEN 3 WHEN 'misconduct' THEN 2 ELSE 1 END), 1) AS weight
                FROM cases_casesubject WHERE case_id = %s AND stage <> 'closed'
            ) w WHERE id = %s AND severity_weight <> w.weight
            """,
            [case_id, case_id],
        )


def _enqueue_rescore(case_id: int) -> None:
    from infra.outbox import enqueue  # broker down: the message waits in the outbox (and the request for the sweeper)

    from .tasks import rescore_case

    enqueue(rescore_case, case_id, queue="interactive")


def procedure_for(person) -> ConductProcedure:
    """The procedure a person's matter follows, by their workforce person type (force policy
    data): officers and specials the Police (Conduct) Regulations, police staff the force's
    police staff misconduct procedure."""
    found = ConductProcedure.objects.filter(person_types__contains=[person.person_type]).first()
    if found is not None:
        return found
    from .reference import CONDUCT_PROCEDURES  # not seeded yet: the built-in policy

    by_code = dict(CONDUCT_PROCEDURES)
    code = REGULATIONS if person.person_type in by_code[REGULATIONS]["person_types"] else "police_staff_procedure"
    return ConductProcedure(code=code, **by_code[code])


def follows_regulations(person) -> bool:
    """Is this person's matter under the Police (Conduct) Regulations (officers, specials)?"""
    return procedure_for(person).code == REGULATIONS
