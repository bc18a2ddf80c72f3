"""Demo hearing panels: the demo's hearings waiting to be fixed are scheduled (date, time, venue) and
every scheduled hearing gets a complete panel under the rules that apply to it (2020 for matters
referred before 7 May 2024, SI 2024/521 after), with delegation, appointments, conflict checks and,
under the 2024 rules, the legally qualified adviser's first advice. Synthetic names only."""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from django.core.exceptions import ValidationError

from accounts.models import User
from cases.models import CaseSubject
from core.working_days import add_working_days
from hearings import panels
from hearings import services as hearings
from hearings.models import Proceeding

VENUES = ["Hearing Room 1, Headquarters", "Hearing Room 2, Headquarters", "Conference Suite, Northgate Police Station"]
PCC = "Police and Crime Commissioner for the Demonstration area"
CHIEF = "Chief Constable Morgan Hale"
CHAIRS_2024 = [("ACC Priya Lamb", "ACC"), ("ACC Daniel Otieno", "ACC"), ("DCC Ruth Calder", "DCC")]
CHAIRS_2020 = ["Ms Helen Ashdown (legally qualified chair)", "Mr Gareth Rowe (legally qualified chair)"]
INDEPENDENT = ["Mrs Angela Pike", "Mr Yusuf Karim", "Ms Orla Brennan", "Mr Neil Foster", "Dr Simone Achebe"]
QUALIFIED = ["Former tribunal judge", "Employment law barrister, 15 years", "Former HR director, public sector"]
ADVISERS = ["Ms Farah Quadri (solicitor)", "Mr Peter Lyle (barrister)"]
POLICE_MEMBERS = [("Supt Karen Doyle", "SUPT"), ("Ch Supt Alan Burke", "CSUPT")]


def _seats(version, proceeding, rng, today: date) -> list[dict]:
    common = {"appointed_on": today, "conflict_declared_on": today}
    independent = rng.sample(INDEPENDENT, 2)
    subject = proceeding.subject
    if version.version == "2020":
        if proceeding.forum == "accelerated_hearing":
            name, rank = rng.choice(CHAIRS_2024)
            return [
                {
                    "role": "chair",
                    "name": name,
                    "rank": rank,
                    "chair_basis": "senior_officer",
                    "appointed_by": CHIEF,
                    **common,
                }
            ]
        member, rank = rng.choice(POLICE_MEMBERS)
        return [
            {"role": "chair", "name": rng.choice(CHAIRS_2020), "chair_basis": "legally_qualified_chair", "appointed_by": PCC, **common},
            {"role": "police_member", "name": member, "rank": rank, "appointed_by": CHIEF, **common},
            {"role": "independent_member", "name": independent[0], "appointed_by": PCC, **common},
        ]  # fmt: skip
    if panels.senior_subject(version, subject):
        subject_rank = subject.person.rank_or_grade.upper()
        if subject_rank in version.params.get("hm_inspector_subject_ranks", []):
            chair = {
                "name": "Mr Jonathan Reid (HM Inspector of Constabulary)",
                "chair_basis": "hm_inspector",
                "force": "HMICFRS",
            }
        else:
            chair = {
                "name": "DCC Imogen Hart",
                "rank": "DCC",
                "chair_basis": "other_force_senior_officer",
                "force": "Northshire Police",
            }
    else:
        name, rank = rng.choice(CHAIRS_2024)
        chair = {"name": name, "rank": rank, "chair_basis": "senior_officer"}
    seats = [{"role": "chair", "appointed_by": CHIEF, **chair, **common}]
    if proceeding.forum == "hearing":
        seats += [
            {"role": "independent_member", "name": independent[0], "qualified": True, "qualification": rng.choice(QUALIFIED), "appointed_by": PCC, **common},
            {"role": "independent_member", "name": independent[1], "appointed_by": PCC, **common},
            {"role": "legally_qualified_adviser", "name": rng.choice(ADVISERS), "appointed_by": PCC, **common},
        ]  # fmt: skip
    return seats


def demo_panels_create(*, seed: int, today: date, refused: list | None = None) -> int:
    """Schedule the hearings waiting for a date and give every scheduled hearing a complete panel
    (refusals, which would be a bug in this module, are appended to `refused`)."""
    refused = refused if refused is not None else []
    rng = random.Random(seed + 521)
    officer = User.objects.filter(username="hearings").first()
    waiting = CaseSubject.objects.filter(stage="referred", forum__in=panels.PANEL_FORUMS).exclude(
        proceedings__status="scheduled"
    )
    for i, subject in enumerate(waiting.select_related("case", "person")[:8]):
        try:
            hearings.proceeding_schedule(
                actor=officer,
                subject=subject,
                scheduled_for=add_working_days(today, 8 + 4 * i),
                scheduled_time=time(10, 0) if i % 2 == 0 else time(14, 0),
                venue=rng.choice(VENUES),
                panel=[("chair", "See the hearing panel")],
            )
        except ValidationError as error:
            refused.append(f"schedule {subject.case.reference}: {error.messages}")
    made = 0
    scheduled = Proceeding.objects.filter(
        status="scheduled", forum__in=panels.PANEL_FORUMS, hearing_panel__isnull=True
    ).select_related("subject__case", "subject__person")
    for proceeding in scheduled:
        subject = proceeding.subject
        referred = panels.referral_date(subject) or subject.case.received_date
        version = panels.panel_rule(subject, referred)
        facts = {"referred_on": referred, "delegated_by": CHIEF, "delegated_on": today - timedelta(days=1)}
        if proceeding.forum == "accelerated_hearing":
            facts.update(certified_by="DCC Marcus Webb", certified_on=referred)
        if version.version != "2020":
            facts["delegation_reasons"] = "The chief officer delegates chairing to a senior officer of the force."
        try:
            panel = panels.panel_build(
                actor=officer, proceeding=proceeding, panel=facts, seats=_seats(version, proceeding, rng, today)
            )
        except ValidationError as error:
            refused.append(f"panel {subject.case.reference}: {error.messages}")
            continue
        if panel.seats.filter(role="legally_qualified_adviser").exists():
            panels.panel_advice_record(
                actor=officer,
                panel=panel,
                given_on=today,
                advice="The panel decides on the balance of probabilities; it must give reasons for any finding "
                "and consider the College of Policing guidance on outcomes.",
            )
        made += 1
    return made
