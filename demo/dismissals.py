"""Demo matters for the dismissals reform (SI 2025/558) and the 2026 appeals, created through the
services so every record carries the rule version it applied (synthetic people only):

- a gross misconduct hearing under the new rules where the panel gave a final written warning for
  exceptional circumstances, the outcome notice e-mailed (deemed service, appeal window shown);
- a gross misconduct hearing under the new rules awaiting its outcome (try a lesser outcome);
- the same under the 2020 rules (a matter that came to attention before 28 May 2025);
- an indictable-only conviction awaiting severity assessment;
- a matter referred under the Police (Vetting) Regulations 2025 at severity assessment;
- a former officer awaiting the case-to-answer decision (accelerated hearing presumed).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model

from cases import dismissals, services
from cases.models import AllegationCategory, CaseSubject, Standard
from hearings import services as hearings
from workforce.models import Person

OLD_MATTER = date(2025, 3, 3)  # came to attention before SI 2025/558 commenced


def _people(count: int) -> list[Person]:
    return list(
        Person.objects.filter(is_leaver=False, person_type="officer")
        .exclude(command__name="Professionalism")
        .exclude(user_account__isnull=False)
        .order_by("-staff_number")[:count]
    )


def _matter(*, inv, person, received: date, summary: str, description: str) -> CaseSubject:
    case = services.case_open(actor=inv, source="conduct_matter", received_date=received, summary=summary)
    subject = services.subject_add(actor=inv, case=case, person=person)
    services.allegation_add(
        actor=inv,
        subject=subject,
        category=AllegationCategory.objects.get(code="discreditable_conduct"),
        standards=list(Standard.objects.filter(number__in=[1, 9])),
        description=description,
        incident_date=received - timedelta(days=3),
        incident_place="North BCU",
    )
    return CaseSubject.objects.get(pk=subject.pk)


def _to_decision(*, aa, inv, subject: CaseSubject, received: date) -> CaseSubject:
    services.severity_assess(
        actor=aa,
        subject=subject,
        severity="gross_misconduct",
        likely_forum="hearing",
        rationale="If proven, serious enough to justify dismissal.",
        assessed_on=received + timedelta(days=2),
    )
    services.investigator_appoint(actor=aa, case=subject.case, investigator=inv, reason="Available; no conflict")
    subject = CaseSubject.objects.get(pk=subject.pk)
    services.reg17_notice_serve(actor=inv, subject=subject, served_on=received + timedelta(days=5), method="email")
    services.investigation_report_submit(
        actor=inv, case=subject.case, summary="Witness accounts and body-worn video support the allegation."
    )
    return CaseSubject.objects.get(pk=subject.pk)


def _to_hearing(*, aa, inv, ho, subject: CaseSubject, received: date, hearing_on: date):
    subject = _to_decision(aa=aa, inv=inv, subject=subject, received=received)
    services.case_to_answer_decide(
        actor=aa,
        subject=subject,
        case_to_answer=True,
        route="hearing",
        rationale="A panel could find gross misconduct proven.",
        decided_on=received + timedelta(days=60),
    )
    subject = CaseSubject.objects.get(pk=subject.pk)
    return hearings.proceeding_schedule(
        actor=ho,
        subject=subject,
        scheduled_for=hearing_on,
        venue="Force HQ, Hearing Room 2",
        panel=[("chair", "Assistant Chief Constable (delegate)"), ("independent_member", "R. Lindqvist")],
    )


def demo_dismissals_create(*, today: date, stdout=None) -> int:
    made = _create(today=today)
    if stdout is not None:
        stdout.write(f"Dismissals reform (SI 2025/558): {made} demo matters on both sides of 28 May 2025")
    return made


def _create(*, today: date) -> int:
    User = get_user_model()
    inv = User.objects.filter(groups__name="investigator").first()
    aa = User.objects.filter(groups__name="appropriate_authority").first()
    ho = User.objects.filter(groups__name="hearings_officer").first()
    people = _people(6)
    if not (inv and aa and ho) or len(people) < 6:
        return 0
    recent = today - timedelta(days=150)
    if recent < dismissals.COMMENCEMENT:
        return 0  # a demo dated before the reform has nothing to show here

    # 1. new rules: final written warning for exceptional circumstances, notice e-mailed
    subject = _matter(
        inv=inv,
        person=people[0],
        received=recent,
        summary="Assault on a member of the public off duty",
        description="Punched a man outside a bar after an argument; off duty.",
    )
    proceeding = _to_hearing(
        aa=aa, inv=inv, ho=ho, subject=subject, received=recent, hearing_on=today - timedelta(days=12)
    )
    outcome = hearings.outcome_record(
        actor=ho,
        proceeding=proceeding,
        finding="gross_misconduct",
        outcome="final_written_warning",
        reasons="The assault is proven on the video and the witnesses.",
        exceptional_circumstances="Acting to protect a colleague under attack moments before; 22 years' exemplary "
        "service; the panel heard unchallenged medical evidence of an acute stress reaction.",
        decided_on=today - timedelta(days=12),
    )
    hearings.outcome_notice_give(actor=ho, outcome=outcome, given_on=today - timedelta(days=9), method="email")

    # 2. new rules: hearing held today, outcome to record (the presumption of dismissal applies)
    subject = _matter(
        inv=inv,
        person=people[1],
        received=recent + timedelta(days=10),
        summary="Sexual misconduct towards a colleague",
        description="Repeated unwanted sexual comments and touching of a probationer colleague.",
    )
    _to_hearing(aa=aa, inv=inv, ho=ho, subject=subject, received=recent + timedelta(days=10), hearing_on=today)

    # 3. the 2020 rules: a matter that came to attention before 28 May 2025, hearing today
    subject = _matter(
        inv=inv,
        person=people[2],
        received=OLD_MATTER,
        summary="Dishonest overtime claims",
        description="Claimed 40 hours of overtime not worked over three months.",
    )
    _to_hearing(aa=aa, inv=inv, ho=ho, subject=subject, received=OLD_MATTER, hearing_on=today)

    # 4. an indictable-only conviction, severity not yet assessed
    subject = _matter(
        inv=inv,
        person=people[3],
        received=recent + timedelta(days=20),
        summary="Convicted of robbery",
        description="Convicted at Crown Court of a robbery committed while off duty.",
    )
    dismissals.conviction_record(
        actor=aa,
        subject=subject,
        offence="Robbery (Theft Act 1968 s.8)",
        indictable_only=True,
        convicted_on=recent + timedelta(days=15),
        court="Crown Court",
    )

    # 5. referred under the Vetting Regulations at severity assessment
    subject = _matter(
        inv=inv,
        person=people[4],
        received=recent + timedelta(days=25),
        summary="Undeclared association with an organised crime nominal",
        description="Intelligence of a close, undeclared association with a nominal in an organised crime group.",
    )
    dismissals.vetting_referral_make(
        actor=aa,
        subject=subject,
        reason="The concern goes to whether the officer can hold vetting clearance, not to a single breach.",
        referred_on=recent + timedelta(days=30),
    )

    # 6. a former officer awaiting the case-to-answer decision
    subject = _matter(
        inv=inv,
        person=people[5],
        received=recent + timedelta(days=5),
        summary="Misuse of force systems, officer since resigned",
        description="Searched force systems for information about a neighbour without a policing purpose.",
    )
    subject = _to_decision(aa=aa, inv=inv, subject=subject, received=recent + timedelta(days=5))
    hearings.subject_left_force(
        actor=aa, subject=subject, left_on=recent + timedelta(days=40), reason="Resigned while under investigation"
    )
    return 6
