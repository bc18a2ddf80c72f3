"""Demo counter-corruption intelligence: 300 logs across every theme and source type, recorded and
worked through the services (synthetic text and people only).

Spread: received (ungraded), graded and sanitised, tasked (some past their review date), closed
with each outcome (a few conduct matters), one developed into an operation; some imported with a
legacy 5x5x5 grading; some naming outside people, phones, vehicles, addresses and businesses; a
few restricted to named people (cc-officer named, cc-officer-2 not). The planted link cluster is
another part's (demo for the link analysis); the entities here are drawn per log so they rarely
meet by chance.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pghistory
from django.utils import timezone

from accounts.models import User
from counter_corruption.choices import AtRisk, HandlingCode, IntelOutcome, SourceType
from counter_corruption.intel_services import (
    EntityInput,
    intel_grade,
    intel_log_record,
    intel_operation_develop,
    intel_outcome_record,
    intel_sanitise,
    intel_task,
)
from counter_corruption.models import IntelLog, Theme
from counter_corruption.selectors import people_conflicted_for
from workforce.models import Person

LOGS = 300
FIRST = ["Dean", "Kyle", "Shannon", "Lee", "Jade", "Craig", "Nadia", "Ryan", "Tasha", "Wayne", "Leon", "Kerry"]
LAST = ["Marsh", "Pritchard", "Doyle", "Kaminski", "Okafor", "Haines", "Brennan", "Stokes", "Rahman", "Fenwick"]
STREETS = ["Mill Street", "Canal Walk", "Victoria Road", "Beech Grove", "Station Approach", "Albion Terrace"]
# businesses named after a place and a trade: the same business in two logs is a coincidence worth a
# link alert, not the rule (a handful of names shared by every log raised alerts about most of them)
PLACES = ["Armley", "Beeston", "Bramley", "Chapeltown", "Farsley", "Garforth", "Headingley", "Holbeck", "Horsforth",
          "Hunslet", "Kirkstall", "Meanwood", "Morley", "Otley", "Pudsey", "Rothwell", "Roundhay", "Seacroft",
          "Wetherby", "Yeadon"]  # fmt: skip
TRADES = ["Leisure", "Motors", "Security Services", "Tanning", "Lettings", "Vape and Phone", "Car Wash", "Taxis"]

# theme -> (original: what a source said, names and detail; sanitised: what may leave the unit)
TEXTS = {
    "apsp": (
        "{source} says {officer} met {outside} when she reported domestic abuse in {month} and has since visited "
        "her flat at {address} in uniform while on duty, texting her from {phone}.",
        "Intelligence indicates that an officer may be pursuing a relationship with a vulnerable victim met "
        "through their duties.",
    ),
    "misuse_systems": (
        "{source} reports that {officer} ran PNC and Niche checks on {outside} and on vehicle {vehicle} with no "
        "policing purpose in {month}, and discussed the results in a pub.",
        "Intelligence suggests an officer may have accessed police systems without a policing purpose.",
    ),
    "vulnerability": (
        "{source} states that {officer} owes about £{debt} to {outside}, a known money lender, and has been "
        "borrowing from colleagues; repayments are taken in cash near {address}.",
        "Intelligence indicates an officer may have significant debts, a potential vulnerability to corruption.",
    ),
    "theft_fraud": (
        "{source} says {officer} kept part of the cash seized at a warrant in {month}; the exhibit bag was "
        "re-sealed and the amount recorded is lower than counted at the scene.",
        "Intelligence suggests property seized during a warrant may not all have been recorded.",
    ),
    "infiltration": (
        "{source} reports that {officer} is a close associate of {outside}, a member of an organised crime "
        "group, and has been seen in vehicle {vehicle} at {business}.",
        "Intelligence indicates a member of the workforce may be associating with an organised crime group.",
    ),
    "drugs": (
        "{source} states that {officer} buys cocaine from {outside} at weekends and calls {phone} to arrange it.",
        "Intelligence suggests a member of the workforce may be using controlled drugs.",
    ),
    "disclosure": (
        "{source} reports that {officer} told {outside} about a planned warrant at {address} the day before it "
        "was executed in {month}; the premises had been cleared.",
        "Intelligence indicates police information may have been disclosed to a person of interest.",
    ),
    "domestic_abuse": (
        "{source} says {officer}'s partner has disclosed controlling behaviour and an assault in {month} at "
        "their home; she is frightened to report it.",
        "Intelligence suggests a member of the workforce may be perpetrating domestic abuse.",
    ),
    "inappropriate_association": (
        "{source} reports that {officer} socialises with {outside}, who has convictions for supply, and uses "
        "{business} run by his family.",
        "Intelligence indicates a member of the workforce may have an undeclared association with a person "
        "with convictions.",
    ),
}
SOURCES = {
    SourceType.INTERNAL: "A colleague on the same team",
    SourceType.PUBLIC: "A member of the public",
    SourceType.PARTNER: "A partner agency (local authority safeguarding)",
    SourceType.REPORTING_LINE: "An anonymous caller to the reporting line",
    SourceType.MONITORING: "A business monitoring audit",
    SourceType.SCREENING: "A PND screening check",
    SourceType.ANONYMOUS: "An anonymous letter",
}
AT_RISK = {"apsp": AtRisk.VULNERABLE_ADULT, "domestic_abuse": AtRisk.ADULT}
OUTCOMES = [
    (IntelOutcome.NO_FURTHER_ACTION, "Not corroborated after the system audit and enquiries: no further action."),
    (IntelOutcome.MANAGEMENT_ACTION, "Low-level concern: the line manager to address it and record the advice."),
    (IntelOutcome.VETTING_REVIEW, "A vulnerability that bears on the clearance: referred for a vetting review."),
    (IntelOutcome.CRIMINAL_INVESTIGATION, "Corroborated offence: referred for a criminal investigation."),
    (IntelOutcome.CONDUCT_MATTER, "Corroborated: a conduct matter for the appropriate authority."),
]


def _entities(rng: random.Random, theme: str, words: dict) -> list[EntityInput]:
    found = []
    if "{outside}" in TEXTS[theme][0]:
        found.append(
            EntityInput(kind="person", raw=words["outside"], relationship="associate",
                        attributes={"date_of_birth": words["outside_dob"]})
        )  # fmt: skip
    if "{phone}" in TEXTS[theme][0]:
        found.append(EntityInput(kind="phone", raw=words["phone"], relationship="phone used"))
    if "{vehicle}" in TEXTS[theme][0]:
        found.append(EntityInput(kind="vehicle", raw=words["vehicle"], relationship="vehicle seen"))
    if "{address}" in TEXTS[theme][0]:
        found.append(EntityInput(kind="address", raw=words["address"], relationship="address visited"))
    if "{business}" in TEXTS[theme][0]:
        found.append(EntityInput(kind="business", raw=words["business"], relationship="business used"))
    return found


def _words(rng: random.Random, person: Person, received: date, source_type: str) -> dict:
    return {
        "source": SOURCES[source_type],
        "officer": f"{person.rank_or_grade} {person.forenames.title()} {person.surname.title()} ({person.staff_number})",
        "outside": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "outside_dob": date(rng.randint(1970, 2002), rng.randint(1, 12), rng.randint(1, 28)).isoformat(),
        "address": f"{rng.randint(1, 180)} {rng.choice(STREETS)}, Leeds LS{rng.randint(1, 28)} {rng.randint(1, 9)}"
        f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
        "phone": f"07700 9{rng.randint(0, 99999):05d}",
        "vehicle": f"{rng.choice('ABCDEFGHKLMNPRSVWY')}{rng.choice('ABCDEFGHKLMNPRSVWY')}{rng.randint(51, 73)} "
        f"{''.join(rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ') for _ in range(3))}",
        "business": f"{rng.choice(PLACES)} {rng.choice(TRADES)} Ltd",
        "month": received.strftime("%B %Y"),
        "debt": rng.choice([4000, 7500, 12000, 18000]),
    }


def demo_intelligence_create(*, seed: int, today: date) -> int:
    """300 logs through the services; returns how many were made (0 if logs exist already)."""
    if IntelLog.objects.exists():
        return 0
    officer = User.objects.get(username="cc-officer")
    colleague = User.objects.get(username="cc-officer-2")
    rng = random.Random(seed * 7919 + 14)
    # the services refuse dates after the real today; --today may be later
    today = min(today, timezone.localdate())
    themes = list(Theme.objects.filter(active=True))
    candidates = list(
        Person.objects.filter(is_leaver=False, person_type__in=["officer", "staff"])
        .exclude(command__name="Professionalism")
        .order_by("staff_number")
    )
    rng.shuffle(candidates)
    candidates = candidates[:600]
    blocked = people_conflicted_for(user=officer, people=candidates) | people_conflicted_for(
        user=colleague, people=candidates
    )
    people = [p for p in candidates if p.pk not in blocked]
    from reporting.models import Report

    reports = list(Report.objects.order_by("received_at")[:10])
    source_types = list(SourceType)
    made = 0
    with pghistory.context(reason="demo data"):
        for index in range(LOGS):
            theme = themes[index % len(themes)]
            source_type = source_types[index % len(source_types)]
            legacy = index % 10 == 9  # imported from the old system with a 5x5x5 grading
            age = rng.randint(400, 2000) if legacy else rng.randint(1, 360)
            received = today - timedelta(days=age)
            subjects = [people[rng.randrange(len(people))]]
            if rng.random() < 0.08:
                subjects.append(people[rng.randrange(len(people))])
            words = _words(rng, subjects[0], received, source_type)
            template, sanitised = TEXTS.get(theme.code, TEXTS["inappropriate_association"])
            named = index % 60 == 7  # a few: named people only (cc-officer named, cc-officer-2 not)
            actor = officer if (named or index % 3) else colleague
            report = None
            if source_type == SourceType.REPORTING_LINE and reports and index % 2 == 0:
                report = reports.pop(0)
                received = min(received, timezone.localtime(report.received_at).date())
            log = intel_log_record(
                actor=actor,
                source_type=source_type,
                received_on=received,
                original_text=template.format(**words),
                subjects=subjects,
                entities=_entities(rng, theme.code, words) if rng.random() < 0.55 else [],
                themes=[theme] + ([rng.choice(themes)] if rng.random() < 0.2 else []),
                at_risk=AT_RISK.get(theme.code, AtRisk.NONE),
                handling_level="named" if named else "unit",
                report=report,
                legacy_grading=f"{rng.choice('ABCDE')}{rng.randint(1, 5)}/{rng.randint(1, 5)}" if legacy else "",
                reason="demo data",
            )
            made += 1
            stage = rng.random()
            if legacy:
                intel_sanitise(actor=actor, log=log, sanitised_text=sanitised, reason="demo data")
                outcome, why = OUTCOMES[rng.choice([0, 0, 1, 2])]
                intel_outcome_record(actor=actor, log=log, outcome=outcome, reason=why, on=received + timedelta(30))
                continue
            if stage < 0.2:
                continue  # received, not yet graded
            handling = HandlingCode.C if rng.random() < 0.25 else HandlingCode.P
            intel_grade(
                actor=actor, log=log, source_evaluation=rng.choice("AABBBC"),
                intelligence_assessment=rng.choice("1223334"), handling_code=handling,
                handling_conditions="Not to be shared outside the ACU without the head of unit's agreement"
                if handling == HandlingCode.C else "",
                reason="demo data: graded on receipt",
            )  # fmt: skip
            if stage < 0.3:
                continue  # graded, not yet sanitised
            intel_sanitise(actor=actor, log=log, sanitised_text=sanitised, reason="demo data")
            if stage < 0.42:
                continue  # assessed
            tasked_on = min(received + timedelta(days=rng.randint(1, 10)), today)
            review_on = tasked_on + timedelta(days=rng.choice([14, 28, 56]))
            if stage < 0.68:  # stays tasked: about a third past its review date, the rest to come
                review_on = today + timedelta(days=rng.choice([-21, -7, -2, 10, 21, 35, 60, 90]))
                tasked_on = max(received, min(tasked_on, review_on - timedelta(days=7)))
                if review_on <= tasked_on:  # received only days ago
                    review_on = tasked_on + timedelta(days=14)
            intel_task(
                actor=actor, log=log, owner=rng.choice([officer, colleague]) if not named else officer,
                tasking=rng.choice([
                    "Audit the subject's use of PNC and Niche for the last 12 months.",
                    "Corroborate through the financial investigator: open-source and credit checks.",
                    "Speak to the source handler for more detail; assess risk to the person at risk.",
                    "Review duty states and vehicle tracking against the dates given.",
                ]),
                review_on=review_on, reason="demo data: tasked", tasked_on=tasked_on,
            )  # fmt: skip
            if stage < 0.68:
                continue  # tasked
            outcome, why = OUTCOMES[made % len(OUTCOMES)]
            if outcome == IntelOutcome.CONDUCT_MATTER and made % 3:
                outcome, why = OUTCOMES[0]  # a few conduct matters only
            intel_outcome_record(actor=actor, log=log, outcome=outcome, reason=why, on=min(review_on, today))
        # one operation: an infiltration log, graded, sanitised and tasked
        log = (
            IntelLog.objects.filter(status="tasked", themes__code="infiltration", handling_level="unit")
            .order_by("received_on")
            .first()
        )
        if log is not None:
            intel_operation_develop(
                actor=officer, log=log, name="KESTREL", members=[colleague],
                reason="Corroborated association with an organised crime group: covert development.", on=today,
            )  # fmt: skip
    return made
