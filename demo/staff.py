"""Demo police staff matters, run through the police staff misconduct procedure's services:
several matters at different stages (one under the 2020 force policy, the rest under 2025), and
the random demo's staff subjects advanced through the same procedure instead of the regulations."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model

from cases import services
from cases.models import AllegationCategory, Case, CaseSubject, Standard
from core.working_days import add_working_days
from hearings.staff import services as staff
from workforce.models import Person

# (summary, category, standards, description, stage to reach, days since it came to attention, severity)
MATTERS = [
    ("Call handler: unauthorised system searches", "data_misuse", [7],
     "Searched the command-and-control system for a neighbour's address without a business reason.", "received", 4, "misconduct"),
    ("Detention officer: rude to a detainee's relative", "discreditable_conduct", [1, 2],
     "Swore at a detained person's mother at the custody desk.", "under_investigation", 40, "misconduct"),
    ("Finance officer: expenses claims", "dishonesty", [1, 7],
     "Claimed mileage for journeys not made over four months.", "awaiting_decision", 150, "gross_misconduct"),
    ("Enquiry office clerk: disclosure to a friend", "data_misuse", [1, 7],
     "Told a friend that a named man was under investigation.", "hearing_arranged", 120, "gross_misconduct"),
    ("PCSO: social media comments", "discreditable_conduct", [2, 9],
     "Posted demeaning comments about a community on social media.", "outcome_given", 170, "misconduct"),
    ("Fleet technician: use of a force vehicle", "dishonesty", [1],
     "Used a force van for private removals on two weekends.", "under_appeal", 200, "misconduct"),
    ("Property store assistant: missing cash exhibit", "dishonesty", [1, 7],
     "Took cash from a sealed exhibit bag.", "appeal_decided", 620, "gross_misconduct"),
]  # fmt: skip


def _users():
    User = get_user_model()
    found = {g: User.objects.filter(groups__name=g).order_by("id").first() for g in
             ("investigator", "appropriate_authority", "hearings_officer")}  # fmt: skip
    return found["investigator"], found["appropriate_authority"], found["hearings_officer"]


def _fresh(subject) -> CaseSubject:
    return CaseSubject.objects.select_related("person", "case").get(pk=subject.pk)


def _not_after(day: date, today: date) -> date:
    return min(day, today)


def staff_matter_advance(*, subject, stage: str, received: date, today: date, severity: str, inv, aa, ho) -> None:
    """Take one police staff subject as far as `stage` through the procedure's services."""
    case = subject.case
    order = ["received", "under_investigation", "awaiting_decision", "hearing_arranged", "outcome_given",
             "under_appeal", "appeal_decided"]  # fmt: skip
    reach = order.index(stage)
    if reach == 0:
        return
    day = _not_after(received + timedelta(days=3), today)
    staff.staff_assess(actor=aa, subject=_fresh(subject), severity=severity,
                       rationale="If proven, the conduct would breach the code of conduct.", assessed_on=day)  # fmt: skip
    if case.investigator_id is None:
        services.investigator_appoint(actor=aa, case=case, investigator=inv, reason="Allocated", appointed_on=day)
    subject = _fresh(subject)
    if subject.stage == "assessed":
        subject.start_investigation()
        subject.save()
    served = _not_after(add_working_days(day, 2), today)
    services.reg17_notice_serve(actor=inv, subject=_fresh(subject), served_on=served)
    if reach == 1:
        return
    services.reg18_response_record(actor=inv, subject=_fresh(subject), received_on=add_working_days(served, 6))
    subject = _fresh(subject)
    subject.finish_investigation()
    subject.save()
    if reach == 2:
        return
    decided = _not_after(received + timedelta(days=60), today)
    staff.staff_decide(actor=aa, subject=_fresh(subject), decision="hearing", decided_on=decided,
                       reasons="The evidence supports the allegation; a hearing before a manager is needed.")  # fmt: skip
    policy = staff.policy_for(_fresh(subject))
    notice = int(policy.params["hearing_notice_working_days"])
    if reach == 3:  # the hearing is still to come
        sent = today - timedelta(days=2)
    elif reach == 4:  # the hearing was a few days ago and its outcome letter is due now, not for months
        spread = subject.pk % 8  # a few letters just overdue, others due in the next days
        sent = max(decided + timedelta(days=3), today - timedelta(days=(notice + 4) * 7 // 5 + 3 + spread))
    else:
        sent = decided + timedelta(days=3)
    hearing_on = add_working_days(sent, notice + 4)
    staff.staff_hearing_arrange(
        actor=ho, subject=_fresh(subject), hearing_on=hearing_on, venue="Headquarters, meeting room 2",
        hearing_manager="Morgan Ellis, Head of Business Support (grade 10)", invitation_sent_on=sent,
        companion_kind="trade_union_representative", companion_name="Chris Doyle (UNISON)", method="email",
    )  # fmt: skip
    if reach == 3:
        return
    gross = severity == "gross_misconduct"
    outcome = "dismissal_without_notice" if gross else "final_written_warning"
    decided = hearing_on if reach > 4 else _not_after(hearing_on, today - timedelta(days=1))
    staff.staff_outcome_record(actor=ho, subject=_fresh(subject), finding=severity, outcome=outcome, decided_on=decided,
                               reasons="Proven on the documents and the member of staff's own account.")  # fmt: skip
    if reach == 4:
        return
    staff.staff_outcome_letter_give(actor=ho, subject=_fresh(subject), given_on=add_working_days(decided, 1))
    staff.staff_appeal_lodge(actor=ho, subject=_fresh(subject), lodged_on=add_working_days(decided, 4),
                             grounds="The outcome is too severe given 15 years' clean record.",
                             appeal_manager="Jordan Price, Director of Corporate Services")  # fmt: skip
    if reach == 5:
        return
    staff.staff_appeal_decide(actor=ho, subject=_fresh(subject), result="dismissed",
                              decided_on=add_working_days(decided, 25),
                              reasons="The hearing manager's decision was fair and within the policy.")  # fmt: skip


def demo_staff_create(*, today: date) -> int:
    """Several police staff matters at different stages; returns how many were made."""
    inv, aa, ho = _users()
    if not (inv and aa and ho) or Case.objects.filter(summary__startswith="Call handler:").exists():
        return 0
    people = list(
        Person.objects.filter(person_type__in=["staff", "pcso"], is_leaver=False, subject_of__isnull=True)
        .exclude(command__name="Professionalism")
        .exclude(user_account__isnull=False)
        .order_by("staff_number")[: len(MATTERS)]
    )
    categories = {c.code: c for c in AllegationCategory.objects.all()}
    made = 0
    for person, (summary, category, numbers, description, stage, age, severity) in zip(people, MATTERS, strict=False):
        received = today - timedelta(days=age)
        case = services.case_open(actor=inv, source="conduct_matter", received_date=received, summary=summary)
        subject = services.subject_add(actor=inv, case=case, person=person)
        services.allegation_add(
            actor=inv, subject=subject, category=categories.get(category) or next(iter(categories.values())),
            standards=list(Standard.objects.filter(number__in=numbers)), description=description,
            incident_date=received - timedelta(days=5), incident_place=person.unit.name if person.unit_id else "",
        )  # fmt: skip
        staff_matter_advance(
            subject=_fresh(subject),
            stage=stage,
            received=received,
            today=today,
            severity=severity,
            inv=inv,
            aa=aa,
            ho=ho,
        )
        made += 1
    return made


def random_staff_advance(rng, case, subject, age, received, today, inv, aa, ho) -> None:
    """The random demo's police staff subjects: through the procedure, to a stage by the matter's age."""
    stage = "received" if age < 10 else "under_investigation" if age < 120 else "awaiting_decision"
    if age > 300:
        stage = rng.choice(["awaiting_decision", "outcome_given", "under_appeal", "appeal_decided"])
    severity = "gross_misconduct" if rng.random() < 0.3 else "misconduct"
    staff_matter_advance(subject=subject, stage=stage, received=received, today=today, severity=severity,
                         inv=inv, aa=aa, ho=ho)  # fmt: skip
