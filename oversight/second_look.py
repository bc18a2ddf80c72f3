"""Special measure: a second look at a severity assessment or case-to-answer decision made where
an active FLAG covers the subject's group at that stage (the unit, its command or the force; the
subject's population or both; the matter's source or all sources).

The prompt is recorded with the decision (same transaction) and shown on the case to a second
decision maker, who records the outcome with reasons. It is a safeguard, never a presumption.
"""

from __future__ import annotations

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.choices import Role

from .counting import OFFICER_TYPES
from .models import DisparityFlag, FlagStatus, SecondLook, SecondLookKind, Stage

SECOND_LOOK_ROLES = (Role.APPROPRIATE_AUTHORITY, Role.SUPERVISOR)
STAGE_OF = {SecondLookKind.SEVERITY: Stage.GROSS, SecondLookKind.CASE_TO_ANSWER: Stage.CASE_TO_ANSWER}
LEVEL_ORDER = {"unit": 0, "command": 1, "force": 2}


def active_flag_for(subject, kind: str) -> DisparityFlag | None:
    person = subject.person
    group = person.ethnicity.group if person.ethnicity_id else "not_stated"
    where = (
        Q(level="force", unit=None)
        | Q(level="command", unit_id=person.command_id)
        | Q(level="unit", unit_id=person.unit_id)
    )
    candidates = DisparityFlag.objects.filter(
        where,
        stage=STAGE_OF[kind],
        group=group,
        population__in=["all", "officer" if person.person_type in OFFICER_TYPES else "staff"],
        source__in=["all", subject.case.source],
    ).exclude(status=FlagStatus.CLOSED)
    ranked = sorted(candidates, key=lambda f: (LEVEL_ORDER[f.level], f.population == "all", f.source == "all"))
    return ranked[0] if ranked else None


def second_look_prompt(*, actor, subject, kind: str, summary: str) -> SecondLook | None:
    """Called by the case services inside the decision's transaction."""
    flag = active_flag_for(subject, kind)
    if flag is None:
        return None
    look, _ = SecondLook.objects.get_or_create(
        subject=subject,
        kind=kind,
        flag=flag,
        outcome="",
        defaults={"decision_summary": summary[:200], "decided_by": actor},
    )
    return look


def second_look_record(*, actor, look: SecondLook, outcome: str, note: str) -> SecondLook:
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Give the reasons for the outcome of the second look"})
    if look.decided_by_id == actor.id:
        raise ValidationError("A second look is taken by someone other than the decision maker")
    with transaction.atomic(), pghistory.context(reason=note):
        updated = SecondLook.objects.filter(id=look.id, outcome="").update(
            outcome=outcome, note=note, reviewed_by=actor, reviewed_at=timezone.now()
        )
        if not updated:
            raise ValidationError("This second look has already been recorded")
    look.refresh_from_db()
    return look


def _decision_recorded(sender, *, actor, subject, kind, summary, **kwargs):
    second_look_prompt(actor=actor, subject=subject, kind=kind, summary=summary)


def _case_section(case) -> dict:
    looks = SecondLook.objects.filter(subject__case=case, outcome="").select_related("subject__person")
    return {"second_looks": looks}


def connect() -> None:
    """The case services and the case page call these through cases.extensions (cases, a lower
    layer, never imports oversight)."""
    from cases.extensions import case_section_register, decision_recorded

    decision_recorded.connect(_decision_recorded, dispatch_uid="oversight.second_look")
    case_section_register("oversight.second_looks", _case_section)
