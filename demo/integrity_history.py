"""Demo: the officer with many low-level matters across years (issue 14 item 4; the inspection that
found "one officer with 11 allegations still serving").

Eleven allegations over about six years, none individually serious: eight came with the previous
system's history (LEG-..., loaded through the history import as any imported history is), three
were recorded here in the last year through the case services (so the early-intervention rule "3 or
more allegations in 12 months" raises a flag when the demo evaluates the rules), plus a PND screening
hit (associate of a nominal) and two sanitised intelligence logs. Each alone looks like nothing;
the officer's integrity history (/counter-corruption/people/<id>/history/) shows the pattern.

The officer is chosen from the demo workforce by the seed: a serving PC with no matters yet, and
nobody the counter-corruption officers are in conflict with, so cc-officer sees everything."""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta

import pghistory
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cases import services as case_services
from cases.history import HEADER, history_import
from cases.models import AllegationCategory, Case, Standard
from counter_corruption.choices import AtRisk, HandlingLevel, IntelStatus, SourceType
from counter_corruption.history import people_hidden_from
from counter_corruption.models import IntelLog, IntelSubject, Theme
from counter_corruption.references import next_intel_reference
from vetting.models import ScreeningCandidate, ScreeningHit, ScreeningRun
from workforce.models import Person

PREFIX = "LEG-IH-"
# (years and days before today, category, standards, source, severity, how it ended)
IMPORTED = [
    (6, 40, "discreditable_conduct", "9", "public_complaint", "no_further_action"),
    (5, 200, "neglect_of_duty", "6", "conduct_matter", "no_case"),
    (5, 10, "data_misuse", "7", "monitoring", "no_further_action"),
    (4, 150, "discreditable_conduct", "2;9", "public_complaint", "no_case"),
    (3, 300, "neglect_of_duty", "6", "public_complaint", "no_further_action"),
    (3, 60, "data_misuse", "7;1", "monitoring", "no_case"),
    (2, 220, "dishonesty", "1", "conduct_matter", "no_further_action"),
    (1, 150, "discreditable_conduct", "9", "reporting_line", "no_case"),
]
# (days before today, category, standards, source, what the matter is)
NATIVE = [
    (320, "data_misuse", [7], "monitoring", "Viewed a neighbour's crime report with no policing purpose."),
    (190, "discreditable_conduct", [9], "public_complaint", "Rude and dismissive to a member of the public."),
    (45, "neglect_of_duty", [6], "conduct_matter", "Did not record property seized at a search."),
]
INTELLIGENCE = [
    (
        400,
        SourceType.MONITORING,
        ("misuse_systems",),
        "Audit of force systems shows repeated searches of one address outside any tasking.",
        "A member of staff is reported to have searched force systems without a policing purpose.",
    ),
    (
        120,
        SourceType.REPORTING_LINE,
        ("inappropriate_association",),
        "Caller says the officer drinks with a known local drugs supplier at the Anchor most Fridays.",
        "An officer is reported to associate socially with a person of interest to the police.",
    ),
]


def _past(day: date) -> date:
    # the services refuse future dates: with --today ahead of the clock, keep every date real
    return min(day, timezone.localdate())


def _officer(rng: random.Random) -> Person | None:
    User = get_user_model()
    unit = list(User.objects.filter(groups__name="counter_corruption"))
    hidden: set[int] = set()
    for user in unit:
        hidden |= people_hidden_from(user=user)
    candidates = list(
        Person.objects.filter(is_leaver=False, person_type="officer", rank_or_grade="PC", subject_of__isnull=True)
        .exclude(command__name="Professionalism")
        .exclude(user_account__isnull=False)
        .exclude(pk__in=hidden)
        .order_by("staff_number")
        .values_list("pk", flat=True)[:500]
    )
    return Person.objects.get(pk=rng.choice(candidates)) if candidates else None


def _imported_csv(person: Person, today: date) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER)
    writer.writeheader()
    for n, (years, days, category, standards, source, ending) in enumerate(IMPORTED, start=1):
        received = today - timedelta(days=365 * years + days)
        assessed = received + timedelta(days=21)
        row = dict.fromkeys(HEADER, "")
        row.update(
            case_ref=f"{PREFIX}{n:04d}", allegation_ref="A1", staff_number=person.staff_number, source=source,
            category=category, standards=standards, received_date=received.isoformat(), iopc_referred="n",
        )  # fmt: skip
        if ending == "no_further_action":
            row.update(
                severity="no_further_action", severity_date=assessed.isoformat(), finalised_date=assessed.isoformat()
            )
        else:
            decided = assessed + timedelta(days=120)
            row.update(
                severity="misconduct", severity_date=assessed.isoformat(), case_to_answer="no",
                decision_date=decided.isoformat(), finalised_date=decided.isoformat(),
            )  # fmt: skip
        writer.writerow(row)
    return out.getvalue().encode()


def demo_integrity_history_create(*, seed: int = 2026, today: date) -> Person | None:
    """Create the officer's records (each step skipped when already done); returns the officer, or
    None without a workforce."""
    earlier = Case.objects.filter(reference__startswith=PREFIX).values_list("case_subjects__person", flat=True).first()
    person = Person.objects.get(pk=earlier) if earlier else _officer(random.Random(seed * 14 + 4))
    User = get_user_model()
    actor = User.objects.filter(groups__name="appropriate_authority").first()
    if person is None or actor is None:
        return None
    result = history_import(actor=None, data=_imported_csv(person, today), filename="demo-integrity-history.csv")
    if result.errors:
        raise RuntimeError(f"demo integrity history import: {result.errors}")
    if ScreeningCandidate.objects.filter(request_ref="IH-1", person=person).exists():
        return person  # made by an earlier run
    for days, category, standards, source, description in NATIVE:
        received = _past(today - timedelta(days=days))
        case = case_services.matter_intake(
            actor=actor, source=source, received_date=received, summary=description[:300], person=person,
            category=AllegationCategory.objects.get(code=category), standards=list(Standard.objects.filter(number__in=standards)),
            description=description, incident_date=_past(received - timedelta(days=3)),
        )  # fmt: skip
        if days > 100:  # the older two are assessed: each on its own is practice requiring improvement
            case_services.severity_assess(
                actor=actor, subject=case.case_subjects.get(), severity="practice_requiring_improvement",
                likely_forum="", rationale="Low-level on its own: reflective practice.", assessed_on=_past(received + timedelta(days=14)),
            )  # fmt: skip
    with transaction.atomic(), pghistory.context(reason="demo: integrity history officer"):
        run = ScreeningRun.objects.create()
        candidate = ScreeningCandidate.objects.create(
            run=run, line=1, request_ref="IH-1", pnd_person_id="PND-IH-1", person=person, decision="match", score=98
        )
        ScreeningHit.objects.create(
            run=run, candidate=candidate, person=person, pnd_person_id="PND-IH-1", record_id="PND-IH-R1",
            content_hash=f"{seed:064d}"[-64:], category="associate_of_nominal", grade="review",
            record_date=_past(today - timedelta(days=260)), force_code="01",
            summary="Recorded as an associate of a nominal at a licensed premises check.",
        )  # fmt: skip
        for days, source, themes, original, sanitised in INTELLIGENCE:
            received = _past(today - timedelta(days=days))
            log = IntelLog.objects.create(
                reference=next_intel_reference(received.year), status=IntelStatus.ASSESSED, received_on=received,
                source_type=source, source_evaluation="B", intelligence_assessment="3", handling_code="P",
                handling_level=HandlingLevel.UNIT, original_text=original, sanitised_text=sanitised,
                at_risk=AtRisk.NONE,
            )  # fmt: skip
            log.themes.set(Theme.objects.filter(code__in=themes))
            IntelSubject.objects.create(log=log, person=person)
    return person
