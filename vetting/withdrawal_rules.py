"""The rule "vetting_withdrawal" as data (law.rules), and the deadlines a withdrawal case owes.

One version: the Police (Vetting) Regulations 2025 (SI 2025/502), in force 14 May 2025. There is no
earlier version: before that date no statutory withdrawal-and-dismissal route existed (Di Maria v
MPS [2025] EWHC 275 (Admin)). The version is chosen by the date the information reached the vetting
authority (reg 4: Parts 3 and 4 apply where information that an officer may no longer be suitable
comes to the attention of a vetting authority); information received before commencement is
refused (see docs/law/vetting-withdrawal.md for why).

The time limits are params of the version, so an administrator corrects them (with history) without
a release; `statutory: false` marks a force target rather than a limit in the regulations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models.signals import post_migrate

from core.working_days import add_working_days

RULE = "vetting_withdrawal"

TIME_LIMITS = {
    # key: (label, working days, counted from, regulation, statutory)
    "severity_assessment": {
        "label": "Severity assessment",
        "working_days": 15,
        "from": "information_received_on",
        "regulation": "reg 15",
        "statutory": False,
    },
    "officer_response": {
        "label": "Officer's written response and documents after the notice of withdrawal assessment",
        "working_days": 10,
        "from": "assessment_notice",
        "regulation": "reg 17 (check)",
        "statutory": True,
    },
    "interview_notice": {
        "label": "Minimum notice of the interview date",
        "working_days": 5,
        "from": "assessment_notice",
        "regulation": "reg 18 (check)",
        "statutory": True,
    },
    "decision_notice": {
        "label": "Written notice of the decision, with reasons",
        "working_days": 5,
        "from": "decided_on",
        "regulation": "reg 20 (check)",
        "statutory": True,
    },
    "internal_appeal": {
        "label": "Appeal to the internal panel",
        "working_days": 10,
        "from": "dismissal_notice",
        "regulation": "Part 4 (check)",
        "statutory": True,
    },
    "tribunal_appeal": {
        "label": "Appeal to the Police Appeals Tribunal",
        "working_days": 10,
        "from": "internal_appeal_decided",
        "regulation": "Police Appeals Tribunals Rules (check)",
        "statutory": True,
    },
}

VERSIONS = [
    dict(
        rule=RULE,
        version="si-2025-502",
        title="Police (Vetting) Regulations 2025",
        instrument="SI 2025/502",
        commences_on=date(2025, 5, 14),
        applies_by="attention_date",
        transitional=(
            "Applies where the information reached the vetting authority on or after 14 May 2025 (reg 4). "
            "No transitional provision carries earlier information into the new procedure, so it is "
            "refused here; fresh information received since (a new screening hit, a conduct referral, "
            "a declaration) starts a case."
        ),
        summary=(
            "Duty to hold clearance and to notify changes (reg 5); harm test (reg 8); police friend and "
            "lawyer (regs 9, 10); optional suspension until no assessment is decided or the assessment "
            "ends (reg 13); severity assessment (reg 15) and an appointed assessor (reg 16); interview; "
            "decision with reasons; dismissal without notice; appeal to a panel, then to the Police "
            "Appeals Tribunal."
        ),
        params={
            "time_limits": TIME_LIMITS,
            "officer_types": ["officer", "special"],
            "refuse_information_before_commencement": True,
        },
    ),
]


def ensure_withdrawal_rule(app_config=None, **kwargs) -> None:
    """post_migrate: seed the rule's versions (created when missing, never overwritten)."""
    if app_config is not None and app_config.label != "vetting":
        return
    from law.rules import ensure_versions

    ensure_versions(VERSIONS)


post_migrate.connect(ensure_withdrawal_rule, dispatch_uid="vetting.withdrawal_rule")


def rule_for_information(received_on: date):
    from law.rules import MatterDates, version_for

    return version_for(RULE, MatterDates(attention_date=received_on, event_date=received_on))


def time_limits(case) -> dict:
    version = case.rule_version
    if version is None:
        return TIME_LIMITS
    return {**TIME_LIMITS, **(version.params or {}).get("time_limits", {})}


@dataclass(frozen=True)
class Deadline:
    key: str
    label: str
    due_on: date
    regulation: str
    statutory: bool
    done: bool

    def overdue(self, today: date) -> bool:
        return not self.done and self.due_on < today


def _due(limits: dict, key: str, start: date | None, done: bool) -> Deadline | None:
    limit = limits.get(key)
    if limit is None or start is None:
        return None
    return Deadline(
        key=key,
        label=limit["label"],
        due_on=add_working_days(start, int(limit["working_days"])),
        regulation=limit.get("regulation", ""),
        statutory=bool(limit.get("statutory", True)),
        done=done,
    )


def deadlines(case, notices=None, appeals=None) -> list[Deadline]:
    """Every time limit the case has reached, met or not, in date order. `notices` and `appeals`
    may be passed already fetched (the queue prefetches them)."""
    from .models.withdrawal import AppealLevel, WithdrawalNotice

    limits = time_limits(case)
    notices = list(case.notices.all()) if notices is None else notices
    appeals = list(case.appeals.all()) if appeals is None else appeals
    by_kind = {n.kind: n for n in notices}
    by_level = {a.level: a for a in appeals}
    found = [
        _due(limits, "severity_assessment", case.information_received_on, bool(case.severity_outcome)),
    ]
    assessment = by_kind.get(WithdrawalNotice.Kind.ASSESSMENT)
    if assessment:
        found.append(_due(limits, "officer_response", assessment.served_on, case.interview_on is not None))
    if case.decided_on:
        found.append(_due(limits, "decision_notice", case.decided_on, WithdrawalNotice.Kind.DECISION in by_kind))
    dismissal = by_kind.get(WithdrawalNotice.Kind.DISMISSAL)
    if dismissal:
        found.append(_due(limits, "internal_appeal", dismissal.served_on, AppealLevel.INTERNAL in by_level))
    internal = by_level.get(AppealLevel.INTERNAL)
    if internal and internal.decided_on and internal.result == "dismissed":
        found.append(_due(limits, "tribunal_appeal", internal.decided_on, AppealLevel.TRIBUNAL in by_level))
    return sorted((d for d in found if d is not None), key=lambda d: d.due_on)


def next_deadline(case, notices=None, appeals=None) -> Deadline | None:
    if not case.is_open:
        return None
    pending = [d for d in deadlines(case, notices, appeals) if not d.done]
    return pending[0] if pending else None
