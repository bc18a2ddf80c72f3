"""Demo data for the link analysis: a cluster of three officers around one organised-crime nominal.

Two officers are subjects of intelligence logs that mention the nominal (one log spells him
"ASHDOWN, Kieran" with a date of birth one digit out: resolution makes him one person); the third
is linked by a different source, a PND screening hit recording him as an associate of the nominal
and quoting a vehicle the first log mentions. The link job then runs, so the alerts exist."""

from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta

import pghistory
from django.db import transaction
from django.db.models import Max

from counter_corruption.choices import (
    EntityKind,
    HandlingCode,
    IntelAssessment,
    IntelStatus,
    SourceEvaluation,
    SourceType,
)
from counter_corruption.links import entity_resolve, link_run_inline
from counter_corruption.models import IntelEntity, IntelLog, IntelSubject, LinkAlert, Theme
from counter_corruption.references import next_intel_reference
from vetting.models import HitGrade, ScreeningCandidate, ScreeningHit, ScreeningRun
from workforce.models import Person

NOMINAL = ("Kieran Ashdown", "1986-07-19")
PHONE = "07700 900461"  # Ofcom's range for drama: never a real number
VEHICLE = "KX19 ABD"
MARKER = "[demo link cluster]"


def _officers(seed: int) -> list[Person]:
    """Three serving officers outside Professionalism (so no demo account manages them)."""
    pool = list(
        Person.objects.filter(is_leaver=False, person_type="officer")
        .exclude(command__name="Professionalism")
        .exclude(user_account__isnull=False)
        .order_by("staff_number")
        .values_list("id", flat=True)[:400]
    )
    chosen = random.Random(seed * 7919 + 14).sample(pool, 3)
    return list(Person.objects.filter(id__in=chosen).order_by("staff_number"))


def _log(*, officer: Person, received_on: date, original: str, sanitised: str, grading: tuple, entities) -> IntelLog:
    source_evaluation, assessment = grading
    log = IntelLog.objects.create(
        reference=next_intel_reference(received_on.year),
        status=IntelStatus.ASSESSED,
        received_on=received_on,
        source_type=SourceType.PARTNER if source_evaluation == SourceEvaluation.A else SourceType.INTERNAL,
        source_evaluation=source_evaluation,
        intelligence_assessment=assessment,
        handling_code=HandlingCode.P,
        original_text=f"{original} {MARKER}",
        sanitised_text=sanitised,
    )
    log.themes.set(Theme.objects.filter(code__in=["infiltration", "inappropriate_association"]))
    IntelSubject.objects.create(log=log, person=officer)
    for entity, relationship in entities:
        IntelEntity.objects.create(log=log, entity=entity, relationship=relationship)
    return log


def _screening_hit(*, officer: Person, record_date: date) -> ScreeningHit:
    run = ScreeningRun.objects.order_by("-created_at").first() or ScreeningRun.objects.create(
        status="complete", trigger="on_demand"
    )
    line = (ScreeningCandidate.objects.filter(run=run).aggregate(top=Max("line"))["top"] or 0) + 1
    candidate = ScreeningCandidate.objects.create(
        run=run,
        line=line,
        request_ref=f"RL{officer.id:07d}"[:20],
        pnd_person_id=f"PND-L{officer.id:07d}",
        person=officer,
        decision="match",
        score=0.97,
        reasons=["surname same", "forename same", "date of birth exact"],
    )
    summary = (
        f"Recorded as an associate of nominal {NOMINAL[0]} (born {date.fromisoformat(NOMINAL[1]):%d/%m/%Y}); "
        f"seen together in vehicle {VEHICLE}."
    )
    return ScreeningHit.objects.create(
        run=run,
        candidate=candidate,
        person=officer,
        pnd_person_id=candidate.pnd_person_id,
        record_id=f"PND-R-L{officer.id:07d}",
        content_hash=hashlib.sha256(summary.encode()).hexdigest(),
        category="associate_of_nominal",
        record_date=record_date,
        force_code="13",
        summary=summary,
        grade=HitGrade.REVIEW,
    )


def demo_links_create(*, seed: int, today: date) -> dict:
    """Plant the cluster (once) and run the link job. Returns what was made."""
    if IntelLog.objects.filter(original_text__endswith=MARKER).exists():
        return {"officers": 0, "alerts": LinkAlert.objects.filter(entity__is_nominal=True).count()}
    first, second, third = _officers(seed)
    with transaction.atomic(), pghistory.context(reason="demo data: link cluster"):
        nominal = entity_resolve(
            kind=EntityKind.OUTSIDE_PERSON, raw=NOMINAL[0], attributes={"date_of_birth": NOMINAL[1]}, is_nominal=True
        )
        phone = entity_resolve(kind=EntityKind.PHONE, raw=PHONE)
        vehicle = entity_resolve(kind=EntityKind.VEHICLE, raw=VEHICLE)
        _log(
            officer=first,
            received_on=today - timedelta(days=41),
            original=(
                f"A partner agency reports that {first.display_name} meets {NOMINAL[0]}, a nominal of an organised "
                f"crime group supplying class A drugs, most weeks in {VEHICLE.lower()} and calls him on {PHONE}."
            ),
            sanitised="A member of the workforce is reported to meet a person linked to organised crime regularly.",
            grading=(SourceEvaluation.A, IntelAssessment.KNOWN_INDIRECTLY_CORROBORATED),
            entities=[(nominal, "associate"), (vehicle, "vehicle used"), (phone, "phone called")],
        )
        # the second log spells the nominal another way, with his date of birth one digit out
        alias = entity_resolve(
            kind=EntityKind.OUTSIDE_PERSON, raw="ASHDOWN, Kieran", attributes={"date_of_birth": "1986-07-18"}
        )
        _log(
            officer=second,
            received_on=today - timedelta(days=12),
            original=(
                f"A colleague says {second.display_name} looked up ASHDOWN, Kieran on force systems and "
                "has been seen drinking with him off duty."
            ),
            sanitised="A member of the workforce is said to associate with, and to have searched for, a criminal nominal.",
            grading=(SourceEvaluation.B, IntelAssessment.KNOWN_INDIRECTLY),
            entities=[(alias, "associate; searched on force systems")],
        )
        _screening_hit(officer=third, record_date=today - timedelta(days=5))
    run = link_run_inline(reason="demo data")
    return {
        "officers": 3,
        "staff_numbers": [p.staff_number for p in (first, second, third)],
        "alerts": run.alerts_raised,
    }
