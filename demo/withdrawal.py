"""Demo vetting withdrawals (Police (Vetting) Regulations 2025): a handful of synthetic officers'
cases at every stage, taken through the services with dates relative to the demo's "today"."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from vetting import withdrawal_services as svc
from vetting.models import WithdrawalCase
from workforce.models import Person

INFORMATION = [
    ("intelligence", "Intelligence that the officer associates with a known supplier of controlled drugs"),
    ("declaration", "The officer declared a county court judgment for an unpaid loan of £14,000"),
    ("other", "A partner agency reported the officer's undeclared business interest in a security firm"),
    ("intelligence", "Intelligence that the officer accessed force systems about a relative's associates"),
    ("declaration", "The officer declared that a family member was charged with supplying class A drugs"),
    ("other", "Social media posts by the officer reported by a member of the public as discriminatory"),
    ("intelligence", "Intelligence of an undisclosed relationship with a person of interest in an investigation"),
]


def _officers(actor, assessor, count: int, rng: random.Random) -> list[Person]:
    blocked = svc.withdrawal_blocked_people(user=actor) | svc.withdrawal_blocked_people(user=assessor)
    pool = list(
        Person.objects.filter(is_leaver=False, person_type="officer")
        .exclude(id__in=blocked)
        .exclude(vetting_withdrawals__isnull=False)
        .order_by("staff_number")[:400]
    )
    return rng.sample(pool, min(count, len(pool)))


def demo_withdrawals_create(*, seed: int = 2026, today: date | None = None) -> int:
    """Create the demo cases (none if this module made them before); returns how many. Other demo data
    may already have started one (a conduct matter referred under the Vetting Regulations): those do not
    count."""
    if WithdrawalCase.objects.exclude(source="conduct_matter").exists():
        return 0
    actor = User.objects.filter(username="vetting").first()
    authority = User.objects.filter(username="authority").first()
    if actor is None or authority is None:
        return 0
    today = today or timezone.localdate()
    rng = random.Random(seed)
    people = _officers(actor, authority, len(INFORMATION), rng)
    made = 0
    for index, person in enumerate(people):
        source, information = INFORMATION[index]
        received = today - timedelta(days=90 - index * 8)
        try:
            case = svc.withdrawal_start(
                actor=actor, person=person, source=source, information=information,
                reason="Information suggesting the officer may no longer be suitable to hold clearance",
                received_on=received,
            )  # fmt: skip
        except ValidationError:
            continue
        made += 1
        _advance(case, index, actor, authority, received)
    return made


def _advance(case, index: int, actor, authority, received: date) -> None:
    """Case 0 stays new; each later one goes a step further; the last resigns during the process."""
    day = received
    if index == 0:
        return

    def next_day(days: int) -> date:
        nonlocal day
        day = min(day + timedelta(days=days), timezone.localdate())
        return day

    svc.duty_record(
        actor=actor, case=case, declaration="declared" if case.source == "declaration" else "not_declared",
        declared_on=received if case.source == "declaration" else None,
        reason="Recorded from the vetting file",
    )  # fmt: skip
    if index in (1, 4):
        svc.suspension_decide(actor=authority, case=case, decision="suspend", decided_on=next_day(1), reasons="Access to sensitive systems while the matter is assessed")  # fmt: skip
    if index == 1:
        return
    if index == 2:
        svc.severity_assess(actor=authority, case=case, outcome="no_assessment", assessed_on=next_day(3), reasons="Debt managed under an agreed plan; no vulnerability to pressure")  # fmt: skip
        return
    svc.severity_assess(actor=authority, case=case, outcome="withdrawal_assessment", assessed_on=next_day(3), reasons="Could reasonably result in withdrawal of clearance")  # fmt: skip
    svc.assessor_appoint(actor=authority, case=case, assessor=actor, appointed_on=next_day(2), reason="Trained assessor with no prior involvement")  # fmt: skip
    svc.withheld_add(actor=actor, case=case, description="Intelligence report (source-graded)", ground="crime", reasons="Disclosure would reveal a covert source and tactics", decided_on=day)  # fmt: skip
    if index == 3:
        return
    svc.interview_record(actor=actor, case=case, interview_on=next_day(10), summary="The officer accepted the facts and gave an account of the circumstances", police_friend="PS J. Friend", lawyer="")  # fmt: skip
    if index == 6:
        svc.leaving_record(actor=actor, case=case, how="resigned", left_on=next_day(2), reason="Resignation letter received by HR")  # fmt: skip
        return
    svc.decision_record(actor=authority, case=case, outcome="withdraw", decided_on=next_day(5), reasons="The risk cannot be managed by conditions or a change of role")  # fmt: skip
    svc.dismissal_record(actor=authority, case=case, dismissed_on=next_day(1), reason="The officer cannot hold the vetting clearance every officer must hold")  # fmt: skip
    if index == 5:
        svc.appeal_lodge(actor=actor, case=case, grounds="The decision gave too little weight to the officer's account", lodged_on=next_day(5))  # fmt: skip
