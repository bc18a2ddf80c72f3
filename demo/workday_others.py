"""Demo for the other roles' work lists (workday/home_others.py): what the rest of the demo does not
already leave waiting. The auditor gets a few recent sensitive exports to check (queue exports and a
disclosure, as the supervisor and the investigator would make them), and the member of staff a
business interest whose annual review falls due in a fortnight."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pghistory
from django.contrib.auth import get_user_model
from django.db import transaction

from audit.choices import AccessAction
from audit.models import AccessEvent
from audit.services import access_event_record
from integrity.choices import BusinessDecision, EntryStatus
from integrity.models import BusinessInterest

EXPORTS = [
    ("supervisor", AccessAction.EXPORT, "queue", "unallocated", "unallocated (42 cases)", "supervisor's queue export"),
    ("supervisor", AccessAction.EXPORT, "queue", "at-risk", "at-risk (17 cases)", "supervisor's queue export"),
    ("investigator", AccessAction.PRINT, "case", "demo-print", "case file print", "bundle for the hearing panel"),
    (
        "authority",
        AccessAction.DISCLOSE,
        "case",
        "demo-disclosure",
        "disclosure to the officer's representative",
        "disclosure under regulation 31",
    ),  # fmt: skip
    ("analyst", AccessAction.EXPORT, "disparity", "csv", "disparity statistics (csv)", "analysis for the board"),
]


def demo_workday_others_create(*, today: date) -> str:
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["approver", "staff", *{e[0] for e in EXPORTS}])
    }
    exports = 0
    if not AccessEvent.objects.filter(purpose__in=[e[5] for e in EXPORTS], object_id__startswith="demo-").exists():
        for username, action, object_type, object_id, label, purpose in EXPORTS:
            if username in users:
                access_event_record(
                    actor=users[username], action=action, object_type=object_type,
                    object_id=object_id, object_label=label, purpose=purpose,
                )  # fmt: skip
                exports += 1
    staff, approver = users.get("staff"), users.get("approver")
    reviews = 0
    if (
        staff is not None
        and staff.person_id
        and not BusinessInterest.objects.filter(
            person_id=staff.person_id, business_name="Green Lane Allotment Shop"
        ).exists()
    ):
        declared = today - timedelta(days=365 + 10)
        with transaction.atomic(), pghistory.context(reason="demo data: an annual review falling due"):
            BusinessInterest.objects.create(
                person_id=staff.person_id, declared_by=staff, declared_on=declared, category_id="self_employment",
                business_name="Green Lane Allotment Shop", activity="Selling seedlings at weekends",
                hours_per_week=Decimal("2"), payment="About £40 a month",
                conflict_statement="None: no dealings with the force.", status=EntryStatus.DECIDED,
                decision=BusinessDecision.APPROVED, decided_by=approver, decided_on=declared + timedelta(days=6),
                review_on=today + timedelta(days=14),
            )  # fmt: skip
        reviews = 1
    return f"{exports} sensitive exports for the auditor, {reviews} annual review due for the member of staff"
