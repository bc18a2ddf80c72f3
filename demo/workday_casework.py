"""Demo work for the case-working roles' home pages (workday/home_casework.py): actions on the
demo investigator's open matters with owners and due dates around today, some overdue, some done.
Idempotent: matters that already have such actions are left alone."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pghistory
from django.contrib.auth import get_user_model

from cases.models import Case
from cases.services import action_record

ACTIONS = [
    ("interview", "Interview the complainant and take a first account"),
    ("enquiry", "Request the body-worn video from the control room"),
    ("statement", "Take a statement from the witness on shift that night"),
    ("enquiry", "Obtain the audit trail of system searches from IT security"),
    ("interview", "Interview the subject under caution (reg 22 notice served)"),
    ("other", "Review the subject's duty rota and pocket notebook entries"),
]
# days from today: overdue, due this week, due later; the last one recorded as done
DUE_OFFSETS = [-6, -2, -1, 0, 1, 3, 5, 6, 12, 20]


def demo_casework_actions_create(*, today: date, seed: int = 2026) -> int:
    """Give the demo investigator's open matters dated actions; returns how many were recorded."""
    User = get_user_model()
    investigator = User.objects.filter(username="investigator").first()
    supervisor = User.objects.filter(username="supervisor").first()
    if investigator is None:
        return 0
    rng = random.Random(seed)
    cases = list(
        Case.objects.filter(investigator=investigator, status="open", is_restricted=False)
        .exclude(actions__due_on__isnull=False)
        .order_by("received_date", "id")[: len(DUE_OFFSETS)]
    )
    made = 0
    with pghistory.context(reason="demo data: dated actions for the work lists"):
        for index, case in enumerate(cases):
            kind, description = ACTIONS[index % len(ACTIONS)]
            due = today + timedelta(days=DUE_OFFSETS[index])
            action = action_record(actor=investigator, case=case, kind=kind, description=description, due_on=due)
            # owner: the investigator by name on most; one left to "the case's investigator" (null);
            # one given to the supervisor, so it is not the investigator's
            owner = None if index == 2 else (supervisor if index == 7 and supervisor else investigator)
            if owner is not None:
                action.owner = owner
                action.save(update_fields=["owner"])
            made += 1
            if rng.random() < 0.5:  # an earlier action on the same matter, already done
                action_record(
                    actor=investigator,
                    case=case,
                    kind="note",
                    description="Initial review of the papers",
                    due_on=today - timedelta(days=10),
                    completed_on=today - timedelta(days=9),
                )
                made += 1
    return made
