"""Demo suspension decisions, through the services (synthetic people only): matters under the 2020
rules and under the 2026 rules, a decision made late (after the 3 working days of reg 11B), reviews
overdue, a listed charge and a listed arrest waiting for a decision."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model

from cases.models import AllegationCategory, Case, Standard
from cases.services import matter_intake, severity_assess
from cases.suspension import COMMENCEMENT_2026, criminal_event_record, suspension_decide, suspension_review
from cases.suspension_models import ListedOffence
from core.working_days import add_working_days
from workforce.models import Person

SUMMARY = "Suspension demo: "


def _matter(aa, person, conduct: date, received: date, what: str, category: str = "violence"):
    case = matter_intake(
        actor=aa,
        source="conduct_matter",
        received_date=received,
        summary=SUMMARY + what,
        person=person,
        category=AllegationCategory.objects.get(code=category),
        standards=list(Standard.objects.filter(number__in=[4, 9])),
        description=what,
        incident_date=conduct,
    )
    return case.case_subjects.select_related("person", "case").get()


def _gross(aa, subject, on: date):
    severity_assess(
        actor=aa, subject=subject, severity="gross_misconduct", likely_forum="hearing",
        rationale="A criminal allegation which, if proved, would justify dismissal", assessed_on=on,
    )  # fmt: skip
    subject.refresh_from_db()


def _event(aa, subject, kind, on: date, offence: str | None = None, description: str = ""):
    criminal_event_record(
        actor=aa, subject=subject, kind=kind, occurred_on=on, known_on=on,
        offence=ListedOffence.objects.get(code=offence) if offence else None, offence_description=description,
        reason="Notified by the force's criminal investigation team",
    )  # fmt: skip
    subject.refresh_from_db()


def demo_suspension_create(*, today: date) -> int:
    """Five subjects with suspension decisions and deadlines; nothing if they exist already."""
    User = get_user_model()
    aa = User.objects.filter(groups__name="appropriate_authority").order_by("id").first()
    if aa is None or Case.objects.filter(summary__startswith=SUMMARY).exists():
        return 0
    people = list(
        Person.objects.filter(is_leaver=False, person_type="officer")
        .exclude(command__name="Professionalism")
        .exclude(user_account__isnull=False)
        .order_by("staff_number")[:5]
    )
    if len(people) < 5:
        return 0
    made = 0
    after = max(COMMENCEMENT_2026, today - timedelta(days=130))
    if after < today - timedelta(days=20):  # the 2026 rules apply to conduct that has happened
        # 1. a decision made late: gross misconduct and a criminal investigation known 10 days ago,
        #    restricted duties decided today (due within 3 working days, reg 11B)
        known = today - timedelta(days=10)
        s = _matter(aa, people[0], after, after + timedelta(days=2), "Assaulted a partner at home (2026 rules).")
        _gross(aa, s, known)
        _event(aa, s, "criminal_investigation", known, description="Assault occasioning actual bodily harm")
        suspension_decide(
            actor=aa, subject=s, outcome="restricted_duties", decided_on=today,
            reasons="No contact with the complainant or the public; restricted duties will do.",
            investigation_prejudiced=True, restricted_duties_considered="Back-office post away from the complainant",
        )  # fmt: skip
        # 2. charged with a listed offence: suspended (mandatory), the 12-week review overdue
        s = _matter(aa, people[1], after, after + timedelta(days=1), "Controlling behaviour towards a partner.")
        charged = after + timedelta(days=5)
        _event(aa, s, "charge", charged, offence="controlling_behaviour")
        suspension_decide(
            actor=aa, subject=s, outcome="suspend", decided_on=charged,
            reasons="Charged with a listed offence: suspension is mandatory (reg 11C).",
        )  # fmt: skip
        # 3. arrested for a listed offence yesterday, gross misconduct: the decision is due
        s = _matter(
            aa, people[2], after, after + timedelta(days=3), "Sexual assault of a colleague.", "sexual_misconduct"
        )
        arrested = today - timedelta(days=1)
        _gross(aa, s, arrested)
        _event(aa, s, "arrest", arrested, offence="sexual_assault")
        made += 3
    # 4. the 2020 rules (conduct before 13 July 2026): suspended 40 days ago, the 4-week review overdue
    before = min(COMMENCEMENT_2026 - timedelta(days=30), today - timedelta(days=60))
    s = _matter(
        aa, people[3], before, before + timedelta(days=7), "Disclosed intelligence to an associate.", "corruption"
    )
    suspension_decide(
        actor=aa, subject=s, outcome="suspend", decided_on=today - timedelta(days=40),
        reasons="The investigation would be prejudiced: access to the systems holding the evidence.",
        investigation_prejudiced=True, restricted_duties_considered="Every post has access to the same systems",
    )  # fmt: skip
    # 5. the 2020 rules: suspended, reviewed on time, next review in a few weeks
    s = _matter(aa, people[4], before, before + timedelta(days=9), "Used force on a detained person.")
    start = today - timedelta(days=30)
    suspension_decide(
        actor=aa, subject=s, outcome="suspend", decided_on=start,
        reasons="Public interest: the incident was filmed and widely shared.", public_interest=True,
        restricted_duties_considered="A public-facing role would undermine confidence; no other post free",
    )  # fmt: skip
    s.refresh_from_db()
    suspension_review(
        actor=aa, subject=s, outcome="continue", reviewed_on=add_working_days(start, 15),
        reasons="The IOPC investigation continues; the public interest still requires it.",
    )  # fmt: skip
    return made + 2
