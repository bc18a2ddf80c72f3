"""A small world for the oversight reader's pages: suspensions (standing, ended, restricted, a
restricted-duties decision), hearings (to come, held with an outcome, held without one, a meeting,
one with an anonymity direction, one on a restricted matter) and the words that must never show."""

from __future__ import annotations

from datetime import date, time, timedelta

from accounts.choices import Role
from cases.models import Allegation, AllegationCategory, CaseSubject
from cases.suspension_models import ReviewOutcome, SuspensionDecision, SuspensionReview
from governance.models_oversight import HearingPublicityDirection
from hearings.models import Proceeding, ProceedingOutcome
from tests.factories import CaseFactory, PersonFactory, UserFactory

# names, staff numbers, case references and free text that no oversight page may show
SECRETS = [
    "QUARTERMAINE",
    "Zebedee",
    "ZX99001",
    "VANTERPOOL",
    "ZX99002",
    "Punched the complainant outside the Crown and Anchor",
    "Mrs Ottoline Bright",
    "reasons the panel gave in private",
    "The review reasons stay with the force",
    "Secret Room 9",
    "RESTRICTED-VENUE",
]


def _subject(*, tag, surname, forenames, staff_number, rank, restricted=False, category="violence", description=""):
    person = PersonFactory(surname=surname, forenames=forenames, staff_number=staff_number + tag, rank_or_grade=rank)
    case = CaseFactory(subjects=[person], is_restricted=restricted)
    subject = CaseSubject.objects.get(case=case)
    Allegation.objects.create(
        case=case,
        subject=subject,
        category=AllegationCategory.objects.get(code=category),
        description=description or "Punched the complainant outside the Crown and Anchor",
        complainant_name="Mrs Ottoline Bright",
    )
    return subject


def oversight_world(*, today: date, tag: str = "") -> dict:
    """`tag` makes the staff numbers of a second world unique."""
    aa = UserFactory(role=Role.APPROPRIATE_AUTHORITY)
    decided = {"decided_by": aa, "reasons": "The review reasons stay with the force"}

    # 1. a sergeant suspended 14 weeks ago (2020 rules: reviews every 4 weeks): one review on time,
    #    one late, and the next now overdue
    sergeant = _subject(tag=tag, surname="QUARTERMAINE", forenames="Zebedee", staff_number="ZX99001", rank="PS")
    standing = SuspensionDecision.objects.create(
        subject=sergeant, outcome="suspend", decided_on=today - timedelta(weeks=14), **decided
    )
    SuspensionReview.objects.create(
        decision=standing,
        due_on=standing.decided_on + timedelta(weeks=4),
        reviewed_on=standing.decided_on + timedelta(weeks=4),
        outcome=ReviewOutcome.CONTINUE,
        reasons="The review reasons stay with the force",
        reviewed_by=aa,
    )
    SuspensionReview.objects.create(
        decision=standing,
        due_on=standing.decided_on + timedelta(weeks=8),
        reviewed_on=standing.decided_on + timedelta(weeks=8, days=3),
        outcome=ReviewOutcome.CONTINUE,
        reasons="The review reasons stay with the force",
        reviewed_by=aa,
    )
    # 2. an inspector's suspension, lifted a month ago
    inspector = _subject(tag=tag, surname="VANTERPOOL", forenames="Ida", staff_number="ZX99002", rank="INSP")
    ended = SuspensionDecision.objects.create(
        subject=inspector,
        outcome="suspend",
        decided_on=today - timedelta(days=120),
        ended_on=today - timedelta(days=30),
        **decided,
    )
    # 3. a suspension on a matter restricted to named people, and a restricted-duties decision: not listed
    hidden = _subject(
        tag=tag, surname="HIDDENSON", forenames="Hal", staff_number="ZX99003", rank="CH SUPT", restricted=True
    )
    SuspensionDecision.objects.create(
        subject=hidden, outcome="suspend", decided_on=today - timedelta(days=7), **decided
    )
    redeployed = _subject(tag=tag, surname="REDEPLOY", forenames="Rae", staff_number="ZX99004", rank="DC")
    SuspensionDecision.objects.create(
        subject=redeployed, outcome="restricted_duties", decided_on=today - timedelta(days=7), **decided
    )

    # hearings
    upcoming = Proceeding.objects.create(
        subject=sergeant,
        forum="hearing",
        scheduled_for=today + timedelta(days=10),
        scheduled_time=time(10, 0),
        venue="Hearing Room 1, Headquarters",
    )
    held = Proceeding.objects.create(
        subject=inspector,
        forum="accelerated_hearing",
        status="held",
        scheduled_for=today - timedelta(days=20),
        scheduled_time=time(14, 0),
        venue="Conference Suite, Northgate Police Station",
    )
    ProceedingOutcome.objects.create(
        proceeding=held,
        finding="gross_misconduct",
        outcome="dismissal_without_notice",
        reasons="reasons the panel gave in private",
        decided_on=held.scheduled_for,
        notice_due_on=held.scheduled_for + timedelta(days=7),
    )
    awaiting = Proceeding.objects.create(
        subject=_subject(
            tag=tag, surname="AWAITER", forenames="Abe", staff_number="ZX99005", rank="DS", category="corruption"
        ),
        forum="hearing",
        scheduled_for=today - timedelta(days=2),
        venue="Hearing Room 2, Headquarters",
    )
    # an outcome recorded ahead of the date (a data-entry slip): still not shown before the event
    early = Proceeding.objects.create(
        subject=_subject(
            tag=tag, surname="EARLYBIRD", forenames="Eve", staff_number="ZX99006", rank="PC", category="dishonesty"
        ),
        forum="hearing",
        scheduled_for=today + timedelta(days=3),
        venue="Hearing Room 1, Headquarters",
    )
    ProceedingOutcome.objects.create(
        proceeding=early,
        finding="not_proven",
        outcome="no_action",
        reasons="reasons the panel gave in private",
        decided_on=today,
        notice_due_on=today + timedelta(days=7),
    )
    meeting = Proceeding.objects.create(
        subject=_subject(tag=tag, surname="MEETER", forenames="Mo", staff_number="ZX99007", rank="PC"),
        forum="meeting",
        scheduled_for=today + timedelta(days=4),
        venue="Secret Room 9",
    )
    anonymous = Proceeding.objects.create(
        subject=_subject(tag=tag, surname="ANONYMA", forenames="Ann", staff_number="ZX99008", rank="PC"),
        forum="hearing",
        scheduled_for=today + timedelta(days=6),
        venue="Secret Room 9",
    )
    HearingPublicityDirection.objects.create(
        proceeding=anonymous, direction="anonymity", reasons="Risk to the officer", directed_on=today
    )
    restricted = Proceeding.objects.create(
        subject=hidden, forum="hearing", scheduled_for=today + timedelta(days=8), venue="RESTRICTED-VENUE"
    )
    return {
        "standing": standing,
        "ended": ended,
        "upcoming": upcoming,
        "held": held,
        "awaiting": awaiting,
        "early": early,
        "meeting": meeting,
        "anonymous": anonymous,
        "restricted": restricted,
        "cases": [s.case for s in (sergeant, inspector, hidden, redeployed)],
    }
