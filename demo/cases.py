"""Synthetic conduct matters for the demo: realistic shape, through the real services.

Most matters take months and some over a year; 55-60% of decided subjects have no case to
answer; sources and categories in a realistic mix. `disparity` (default 1.8) multiplies the
chance that a Black officer or member of staff becomes a subject, and (by its square root) the
chance of a case to answer, so the disparity analytics have something true to find.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model

from cases import services
from cases.models import AllegationCategory, Standard
from hearings import services as hearings
from workforce.models import Person

SOURCES = [
    ("public_complaint", 45),
    ("conduct_matter", 35),
    ("reporting_line", 10),
    ("screening", 5),
    ("monitoring", 5),
]
CATEGORIES = [
    ("discreditable_conduct", 20, [9], "Behaved in a way that discredits the police service off duty."),
    ("neglect_of_duty", 16, [6], "Failed to record and investigate a reported crime."),
    ("data_misuse", 14, [7, 1], "Searched police systems without a policing purpose."),
    ("violence", 10, [4], "Used force beyond what was necessary during an arrest."),
    ("dishonesty", 10, [1], "Submitted overtime claims for hours not worked."),
    ("discrimination", 8, [3, 2], "Made discriminatory remarks to a member of the public."),
    ("sexual_misconduct", 8, [1, 9], "Sent sexual messages to a colleague."),
    ("abuse_of_position", 7, [1, 9], "Pursued an improper relationship with a victim of crime."),
    ("corruption", 4, [1, 10], "Disclosed operational information to an associate."),
    ("other", 3, [6], "Failed to follow a lawful order."),
]


def _pick(rng, weighted):
    values = [w[0] for w in weighted]
    return rng.choices(values, weights=[w[1] for w in weighted])[0]


def demo_cases_create(*, count: int, disparity: float = 1.8, seed: int = 2026, today: date) -> int:
    rng = random.Random(seed)
    User = get_user_model()
    inv = User.objects.filter(groups__name="investigator").first()
    aa = User.objects.filter(groups__name="appropriate_authority").first()
    ho = User.objects.filter(groups__name="hearings_officer").first()
    if not (inv and aa and ho):
        return 0
    people = list(
        Person.objects.filter(is_leaver=False)
        .exclude(command__name="Professionalism")
        .exclude(user_account__isnull=False)
        .values_list("id", "ethnicity__group")
    )
    weights = [disparity if group == "black" else 1.0 for _, group in people]
    person_by_id = {p.id: p for p in Person.objects.filter(id__in=[p[0] for p in people]).select_related("unit")}
    categories = {c.code: c for c in AllegationCategory.objects.all()}
    standards = {s.number: s for s in Standard.objects.all()}
    made = 0
    for _ in range(count):
        received = today - timedelta(days=int(rng.triangular(3, 1100, 120)))
        category, _w, numbers, description = rng.choices(CATEGORIES, weights=[c[1] for c in CATEGORIES])[0]
        source = _pick(rng, SOURCES)
        subjects = {rng.choices(people, weights=weights)[0][0] for _ in range(rng.choice([1, 1, 1, 1, 2]))}
        first = person_by_id[next(iter(subjects))]
        case = services.case_open(
            actor=inv,
            source=source,
            received_date=received,
            summary=description.split(" ")[0] + " " + " ".join(description.split(" ")[1:6]) + "…",
            intermediary_reference=f"CS-{rng.randint(100000, 999999)}" if source == "reporting_line" else "",
        )
        for person_id in subjects:
            subject = services.subject_add(actor=inv, case=case, person=person_by_id[person_id])
            services.allegation_add(
                actor=inv,
                subject=subject,
                category=categories[category],
                standards=[standards[n] for n in numbers],
                description=description,
                incident_date=received - timedelta(days=rng.randint(0, 30)),
                incident_place=first.unit.name,
                victim_vulnerable=rng.random() < 0.12,
            )
        age = (today - received).days
        for subject in case.case_subjects.select_related("person__ethnicity"):
            black = subject.person.ethnicity_id and subject.person.ethnicity.group == "black"
            _advance(rng, case, subject, age, received, today, inv, aa, ho, uplift=disparity**0.5 if black else 1.0)
        made += 1
    return made


def _advance(rng, case, subject, age, received, today, inv, aa, ho, uplift):
    if subject.person.person_type not in ("officer", "special"):  # police staff: the force's procedure
        from demo.staff import random_staff_advance

        return random_staff_advance(rng, case, subject, age, received, today, inv, aa, ho)
    day = received + timedelta(days=min(age, rng.randint(5, 40)))
    if age < 10:
        return  # awaiting severity assessment
    roll = rng.random()
    if roll < 0.12:
        services.severity_assess(
            actor=aa,
            subject=subject,
            severity="no_further_action",
            likely_forum="",
            rationale="No indication of misconduct.",
            assessed_on=day,
        )
        return
    if roll < 0.30:
        services.severity_assess(
            actor=aa,
            subject=subject,
            severity="practice_requiring_improvement",
            likely_forum="",
            rationale="Learning, not misconduct.",
            assessed_on=day,
        )
        if age > 120:
            subject.refresh_from_db()
            services.rprp_complete(
                actor=inv,
                subject=subject,
                summary="Discussed with the officer.",
                actions="Training within 3 months.",
                lessons="Record decisions.",
                review_date=day + timedelta(days=300),
            )
        return
    gross = rng.random() < 0.35
    services.severity_assess(
        actor=aa,
        subject=subject,
        severity="gross_misconduct" if gross else "misconduct",
        likely_forum="hearing" if gross else "meeting",
        rationale="Conduct, if proven, would justify proceedings.",
        assessed_on=day,
    )
    if case.investigator_id is None:
        services.investigator_appoint(
            actor=aa, case=case, investigator=inv, reason="Allocated by the supervisor", appointed_on=day
        )
    subject.refresh_from_db()
    if subject.stage == "assessed":
        subject.start_investigation()
        subject.save()
    served = min(today, day + timedelta(days=rng.randint(3, 30)))
    services.reg17_notice_serve(actor=inv, subject=subject, served_on=served)
    duration = int(rng.lognormvariate(5.6, 0.5))  # median ~270 days, a long tail past two years
    if age < duration:
        return  # still under investigation
    finished = received + timedelta(days=duration)
    subject.refresh_from_db()
    if subject.stage == "under_investigation":
        subject.finish_investigation()
        subject.save()
    if rng.random() > 0.44 * uplift:  # about 55-60% no case to answer overall
        services.case_to_answer_decide(
            actor=aa,
            subject=subject,
            case_to_answer=False,
            route="no_further_action",
            rationale="The evidence does not support the allegation.",
            decided_on=finished,
        )
        return
    forum = "hearing" if gross else "meeting"
    services.case_to_answer_decide(
        actor=aa,
        subject=subject,
        case_to_answer=True,
        route=forum,
        rationale="A panel could find the conduct proven.",
        decided_on=finished,
    )
    if age < duration + 60:
        return
    subject.refresh_from_db()
    proceeding = hearings.proceeding_schedule(
        actor=ho,
        subject=subject,
        scheduled_for=finished + timedelta(days=50),
        panel=[("chair", "Chief Superintendent (delegate)")],
    )
    proven = rng.random() < 0.7
    if not proven:
        finding, outcome = "not_proven", "no_action"
    elif gross:
        finding, outcome = (
            "gross_misconduct",
            rng.choices(["dismissal_without_notice", "final_written_warning"], weights=[0.6 * uplift, 0.4])[0],
        )
    else:
        finding, outcome = "misconduct", rng.choice(["written_warning", "final_written_warning"])
    recorded = hearings.outcome_record(
        actor=ho,
        proceeding=proceeding,
        finding=finding,
        outcome=outcome,
        reasons="Panel's reasons recorded.",
        decided_on=finished + timedelta(days=50),
        # needed for gross misconduct short of dismissal under SI 2025/558; ignored otherwise
        exceptional_circumstances="Long exemplary service and strong mitigation, set out by the panel.",
    )
    _outcome_notice(recorded, ho=ho, today=today)
    subject.refresh_from_db()
    if outcome == "dismissal_without_notice" and rng.random() < 0.3:
        appeal = hearings.appeal_lodge(
            actor=ho,
            subject=subject,
            body="pat",
            lodged_on=finished + timedelta(days=60),
            grounds="Sanction unduly severe.",
        )
        if age > duration + 200:
            hearings.appeal_decide(
                actor=ho,
                appeal=appeal,
                result="dismissed",
                decided_on=finished + timedelta(days=180),
                reasons="Within the range of reasonable sanctions.",
            )
    elif age > duration + 90:
        hearings.outcome_finalise(actor=ho, subject=subject, reason="No appeal lodged within the time allowed.")


def _outcome_notice(outcome, *, ho, today: date) -> None:
    """The outcome notice served a few days after the hearing, as hearings officers do: every one
    decided more than three weeks ago, and about half of the more recent ones (the rest are the
    hearings officer's notices due). Its own random stream (by case reference), so the rest of the
    demo draws the same numbers as before."""
    rng = random.Random(f"outcome-notice:{outcome.proceeding.subject.case.reference}")
    given_on = outcome.decided_on + timedelta(days=rng.randint(1, 6))
    if given_on > today or ((today - outcome.decided_on).days <= 21 and rng.random() < 0.5):
        return
    method = rng.choice(["in_person", "email", "representative", "post"])
    hearings.outcome_notice_give(actor=ho, outcome=outcome, given_on=given_on, method=method)
