"""Demo integrity registers across the workforce: about 150 business interests in every state (about
20 with their annual review overdue, some undecided for weeks), notifiable associations, gifts and
hospitality, and changes of circumstances; the demo member of staff ('staff') has a few of their
own. Decisions are the demo approver's; the annual review job then runs once, as it would daily."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import pghistory
from django.db import transaction

from accounts.models import User
from integrity.choices import AssociationDecision, BusinessDecision, ChangeDecision, EntryStatus, GiftDecision
from integrity.models import (
    REVIEW_INTERVAL,
    BusinessInterest,
    CircumstanceChange,
    GiftHospitality,
    NotifiableAssociation,
)
from integrity.reference import BUSINESS_INTEREST_CATEGORIES, CIRCUMSTANCE_KINDS, ensure_reference_data
from integrity.services import gift_needs_decision, review_reminders_send
from workforce.models import Person

BUSINESSES = [
    ("Severn Valley Security Ltd", "Door supervisor training, weekends"),
    ("Harbourside Lettings", "Letting a flat I own"),
    ("Clifton Fitness Studio", "Personal trainer, two evenings a week"),
    ("Avon Wedding Photography", "Photographer at weddings, some Saturdays"),
    ("Greenway Garden Services", "Gardening for neighbours"),
    ("Marsh Logistics Ltd", "Non-executive director"),
    ("Kingswood Taxis", "My partner's taxi firm: I keep the books"),
    ("Redland Tutoring", "Maths tutoring online"),
    ("Bedminster Football Club", "Paid coach of the under-12s"),
    ("Totterdown Bakery", "Shareholder, 5% of the company"),
    ("Filton Computer Repairs", "Repairing laptops from home"),
    ("Southmead Driving School", "Driving instructor, Sundays"),
]
STREETS = ["Elm Road", "Quay Street", "Church Lane", "Mill Close", "Station Road", "Park View", "High Street"]
TOWNS = [("Bristol", "BS5"), ("Bath", "BA2"), ("Weston-super-Mare", "BS23"), ("Yate", "BS37")]
FORENAMES = ["Dean", "Kelly", "Jason", "Leanne", "Craig", "Stacey", "Wayne", "Donna", "Lee", "Tracey"]
SURNAMES = ["Marsh", "Hobbs", "Fletcher", "Doyle", "Carver", "Pike", "Rowe", "Slater", "Booth", "Quinn"]
RECORDS = [
    "Convicted of burglary in 2019; served 18 months.",
    "Cautioned for possession of cannabis in 2021.",
    "Under investigation for supplying drugs, I understand.",
    "Convicted of assault in 2015; nothing since that I know of.",
    "Linked in the local paper to a car-ringing gang; no conviction I know of.",
]
GIFTS = [
    ("Harbour Hotel", "Dinner for two after a talk to staff", "120"),
    ("A grateful victim's family", "Box of chocolates", "15"),
    ("Severn Insurance plc", "Two tickets to a rugby international with hospitality", "480"),
    ("Local supermarket manager", "Christmas hamper", "75"),
    ("Training supplier", "Conference place and hotel", "650"),
    ("Community group", "Thank-you card and flowers", "25"),
    ("Car dealership", "Discount on a new car", "1500"),
]
CHANGE_DETAILS = {
    "new_partner": "I now live with my partner, Jordan Lake (born 1990).",
    "address": "I moved to a new address on the date given.",
    "financial_difficulty": "A county court judgment for £4,200 from a credit card debt; a repayment plan agreed.",
    "arrest_self": "Arrested for a road traffic matter; released under investigation.",
    "arrest_family": "My brother was charged with theft from his employer.",
    "new_association": "My new neighbour has a conviction for supplying drugs.",
    "name_change": "I changed my surname on marriage.",
}


def _address(rng) -> str:
    town, district = rng.choice(TOWNS)
    return f"{rng.randint(1, 120)} {rng.choice(STREETS)}, {town} {district} {rng.randint(1, 9)}{rng.choice('ABDEFGH')}{rng.choice('JLNPQRSTUW')}"


def _decide(entry, rng, *, approver, today, decision, reasons=""):
    entry.status = EntryStatus.DECIDED
    entry.decision = decision
    entry.decision_reasons = reasons
    entry.decided_by = approver
    entry.decided_on = min(today, entry.declared_on + timedelta(days=rng.randint(3, 25)))


def demo_registers_create(*, seed: int, today: date) -> dict[str, int]:
    if BusinessInterest.objects.exists():
        return {"business_interests": 0, "associations": 0, "gifts": 0, "changes": 0, "reminders": 0}
    ensure_reference_data()
    rng = random.Random(seed * 7919 + 14)
    approver = User.objects.filter(username="approver").first()
    staff = User.objects.filter(username="staff").select_related("person").first()
    people = list(
        Person.objects.filter(is_leaver=False)
        .exclude(user_account__isnull=False)
        .order_by("id")
        .values_list("id", flat=True)
    )
    if not people or approver is None:
        return {"business_interests": 0, "associations": 0, "gifts": 0, "changes": 0, "reminders": 0}
    categories = [code for code, _label in BUSINESS_INTEREST_CATEGORIES]

    interests = []
    # each declared business is its own (real declarations rarely share a business), but for a few
    # that many people really do share (a football club, a letting agency): named after a place
    places = ["Ashley", "Barton", "Clifton", "Downend", "Easton", "Fishponds", "Hanham", "Henleaze", "Horfield",
              "Keynsham", "Lawrence", "Montpelier", "Patchway", "Redfield", "Shirehampton", "Stapleton",
              "Stockwood", "Westbury", "Whitchurch", "Winterbourne"]  # fmt: skip
    unique = [(f"{place} {name.split(' ', 1)[1]}", activity) for place in places for name, activity in BUSINESSES]
    rng.shuffle(unique)
    shared = [b for b in BUSINESSES if b[0] in ("Bedminster Football Club", "Harbourside Lettings")]
    businesses = iter([rng.choice(shared) if rng.random() < 0.05 else unique.pop() for _ in range(200)])
    # (how many, state): ~20 approved long enough ago that the annual review is now overdue
    plan = [(28, "awaiting"), (8, "awaiting_old"), (20, "review_overdue"), (60, "approved"), (19, "conditions"),
            (15, "refused")]  # fmt: skip
    for count, state in plan:
        for _ in range(count):
            name, activity = next(businesses)
            entry = BusinessInterest(
                person_id=rng.choice(people), category_id=rng.choice(categories), business_name=name,
                business_address=_address(rng) if rng.random() < 0.6 else "", activity=activity,
                hours_per_week=Decimal(rng.choice([0, 2, 4, 6, 8, 12])), payment=rng.choice(["", "£200 a month", "£25 an hour", "dividends only"]),
                conflict_statement=rng.choice(["None: no contact with policing.", "The business has no contracts with the force.",
                                               "Some clients may be known to police; I will declare any I meet at work."]),
            )  # fmt: skip
            if state == "awaiting":
                entry.declared_on = today - timedelta(days=rng.randint(0, 20))
            elif state == "awaiting_old":
                entry.declared_on = today - timedelta(days=rng.randint(35, 90))
            elif state == "review_overdue":
                entry.declared_on = today - timedelta(days=rng.randint(400, 620))
            else:
                entry.declared_on = today - timedelta(days=rng.randint(30, 330))
            if state.startswith("awaiting"):
                interests.append(entry)
                continue
            decision = {"review_overdue": BusinessDecision.APPROVED, "approved": BusinessDecision.APPROVED,
                        "conditions": BusinessDecision.CONDITIONS, "refused": BusinessDecision.REFUSED}[state]  # fmt: skip
            reasons = {
                BusinessDecision.CONDITIONS: "Acceptable if kept apart from police work.",
                BusinessDecision.REFUSED: "Incompatible with the role: a real risk of conflict with policing duties.",
            }.get(decision, "")
            _decide(entry, rng, approver=approver, today=today, decision=decision, reasons=reasons)
            if decision == BusinessDecision.CONDITIONS:
                entry.conditions = (
                    "No work in uniform; no use of police systems for the business; hours within 10 a week."
                )
            if decision != BusinessDecision.REFUSED:
                entry.review_on = entry.decided_on + REVIEW_INTERVAL
            interests.append(entry)

    associations = []
    for index in range(45):
        entry = NotifiableAssociation(
            person_id=rng.choice(people), declared_on=today - timedelta(days=rng.randint(0, 500)),
            associate_name=f"{rng.choice(FORENAMES)} {rng.choice(SURNAMES)}",
            associate_date_of_birth=date(rng.randint(1960, 2002), rng.randint(1, 12), rng.randint(1, 28)) if rng.random() < 0.7 else None,
            associate_address=_address(rng) if rng.random() < 0.6 else "",
            relationship=rng.choice(["family", "friend", "neighbour", "partner", "business", "other"]),
            how_known=rng.choice(["School friend; we meet a few times a year.", "My cousin.", "Lives next door.",
                                  "We play in the same five-a-side team."]),
            their_record=rng.choice(RECORDS),
        )  # fmt: skip
        if index % 4 != 0 or entry.declared_on < today - timedelta(days=60):
            decision = rng.choice(AssociationDecision.values)
            entry.risk_level = {"no_action": "low", "advice": "low", "restrictions": "medium", "refer_cc": "high"}[
                decision
            ]
            entry.risk_assessment = "Contact is social; no access to information of interest to the associate."
            _decide(entry, rng, approver=approver, today=today, decision=decision,
                    reasons="Assessed on the declared contact and the associate's record.")  # fmt: skip
        associations.append(entry)

    gifts = []
    for _ in range(60):
        giver, what, value = rng.choice(GIFTS)
        offered_on = today - timedelta(days=rng.randint(1, 400))
        entry = GiftHospitality(
            person_id=rng.choice(people), declared_on=min(today, offered_on + timedelta(days=rng.randint(0, 5))),
            offered_by=giver, description=what, estimated_value=Decimal(value), offered_on=offered_on,
            accepted=rng.random() < 0.6, reason="Offered after a community event." if rng.random() < 0.5 else "Offered as thanks.",
        )  # fmt: skip
        if not gift_needs_decision(accepted=entry.accepted, estimated_value=entry.estimated_value):
            entry.status = EntryStatus.RECORDED
        elif entry.declared_on < today - timedelta(days=14):
            refused = entry.estimated_value > 400
            _decide(entry, rng, approver=approver, today=today,
                    decision=GiftDecision.REFUSED if refused else GiftDecision.APPROVED,
                    reasons="Of a value that could be seen to influence decisions: return it." if refused else "")  # fmt: skip
        gifts.append(entry)

    changes = []
    kinds = [code for code, _label, _theme in CIRCUMSTANCE_KINDS]
    for _ in range(45):
        kind = rng.choice(kinds)
        changed_on = today - timedelta(days=rng.randint(5, 400))
        entry = CircumstanceChange(
            person_id=rng.choice(people), kind_id=kind, details=CHANGE_DETAILS[kind], changed_on=changed_on,
            declared_on=min(today, changed_on + timedelta(days=rng.randint(0, 20))),
        )  # fmt: skip
        if entry.declared_on < today - timedelta(days=10):
            refer = kind in ("financial_difficulty", "arrest_self", "arrest_family", "new_association")
            _decide(entry, rng, approver=approver, today=today,
                    decision=ChangeDecision.REFERRED if refer else ChangeDecision.ACKNOWLEDGED,
                    reasons="The vetting unit to review the clearance in the light of this." if refer else "")  # fmt: skip
            if refer:
                entry.vetting_referral_on = entry.decided_on
        changes.append(entry)

    if staff is not None and staff.person_id:
        own = BusinessInterest(
            person_id=staff.person_id, category_id="self_employment", business_name="Green Garden Design",
            activity="Designing small gardens for friends and neighbours", hours_per_week=Decimal("3"),
            payment="About £150 a month", conflict_statement="None: my clients have no dealings with the force.",
            declared_on=today - timedelta(days=200), declared_by=staff,
        )  # fmt: skip
        _decide(own, rng, approver=approver, today=today, decision=BusinessDecision.CONDITIONS,
                reasons="Acceptable outside working hours.")  # fmt: skip
        own.conditions = "Not in working hours; never use force equipment or systems for the business."
        own.review_on = own.decided_on + REVIEW_INTERVAL
        interests.append(own)
        gifts.append(
            GiftHospitality(
                person_id=staff.person_id,
                declared_by=staff,
                declared_on=today - timedelta(days=40),
                offered_by="Avon Catering Ltd (a supplier)",
                description="Two tickets to a cricket match",
                estimated_value=Decimal("90"),
                offered_on=today - timedelta(days=41),
                accepted=False,
                reason="Declined: the company is bidding for a force contract.",
                status=EntryStatus.RECORDED,
            )  # fmt: skip
        )
    with transaction.atomic(), pghistory.context(reason="demo data: integrity registers"):
        BusinessInterest.objects.bulk_create(interests)
        NotifiableAssociation.objects.bulk_create(associations)
        GiftHospitality.objects.bulk_create(gifts)
        CircumstanceChange.objects.bulk_create(changes)
    reminders = review_reminders_send(today=today)  # as the daily job would: marks overdue reviews due
    return {
        "business_interests": len(interests),
        "associations": len(associations),
        "gifts": len(gifts),
        "changes": len(changes),
        "reminders": reminders,
    }
