"""The police staff procedure on the case page (its own section, in its own words) and its
deadlines on the case page and in the queues."""

from __future__ import annotations

from datetime import date

from cases.choices import SubjectStage
from cases.staff_procedure import (
    is_staff_matter,
    outcome_label,
    policies_for,
    policy_for,
    staff_person_types,
    stage_label,
)

from .services import appeal_due_by


def _subject_deadlines(subject, policy) -> list[tuple[date, str]]:
    name = subject.person.display_name
    params = policy.params
    found = []
    for proceeding in subject.proceedings.all():
        if proceeding.forum != "staff_hearing":
            continue
        outcome = getattr(proceeding, "outcome", None)
        if outcome is None:
            if proceeding.status == "scheduled" and proceeding.scheduled_for:
                found.append((proceeding.scheduled_for, f"Disciplinary hearing before a manager for {name}"))
            continue
        if not outcome.notice_given_on:
            days = params.get("outcome_letter_working_days", 5)
            found.append((outcome.notice_due_on, f"Outcome letter to {name} ({days} working days)"))
        if subject.stage == SubjectStage.OUTCOME_RECORDED:
            days = params.get("appeal_working_days", 10)
            found.append((appeal_due_by(outcome, policy), f"Appeal window for {name} closes ({days} working days)"))
    return found


def case_deadlines(case, subjects) -> list[tuple[date, str]]:
    found = []
    for subject in subjects:
        if is_staff_matter(subject) and subject.stage != SubjectStage.CLOSED:
            found += _subject_deadlines(subject, policy_for(subject))
    return found


def queue_deadlines(cases) -> dict:
    """The staff procedure's deadlines for a page of queue rows: a fixed number of queries."""
    from django.db.models import Min

    from cases.models import CaseSubject

    subjects = list(
        CaseSubject.objects.filter(case__in=[c.pk for c in cases], person__person_type__in=staff_person_types())
        .exclude(stage=SubjectStage.CLOSED)
        .annotate(conduct_date=Min("allegations__incident_date"))
        .select_related("person", "case")
        .prefetch_related("proceedings__outcome")
    )
    if not subjects:
        return {}
    policies = policies_for(subjects)
    found: dict = {}
    for subject in subjects:
        items = _subject_deadlines(subject, policies[subject.pk])
        if items:
            found.setdefault(subject.case_id, []).extend(items)
    return found


def staff_section(case) -> dict:
    """Each staff subject's procedure: the policy version applied, the stages, each decision."""
    matters = []
    subjects = case.case_subjects.select_related("person").prefetch_related(
        "staff_decisions__rule_version",
        "proceedings__outcome",
        "proceedings__staff_hearing__rule_version",
        "appeals__staff_appeal",
        "list_referrals",
    )
    for subject in subjects:
        if not is_staff_matter(subject):
            continue
        policy = policy_for(subject)
        params = policy.params
        hearings = []
        for proceeding in subject.proceedings.all():
            if proceeding.forum != "staff_hearing":
                continue
            outcome = getattr(proceeding, "outcome", None)
            hearings.append(
                {
                    "proceeding": proceeding,
                    "staff": getattr(proceeding, "staff_hearing", None),
                    "outcome": outcome,
                    "finding": params.get("findings", {}).get(outcome.finding, "") if outcome else "",
                    "result": outcome_label(params, outcome.outcome) if outcome else "",
                }
            )
        appeals = [
            {
                "appeal": a,
                "staff": getattr(a, "staff_appeal", None),
                "result": params.get("appeal_results", {}).get(a.result, a.get_result_display()),
            }
            for a in subject.appeals.all()
        ]
        matters.append(
            {
                "subject": subject,
                "policy": policy,
                "params": params,
                "stage": stage_label(subject),
                "stages": [s["label"] for s in params.get("stages", [])],
                "decisions": list(subject.staff_decisions.all()),
                "hearings": hearings,
                "appeals": appeals,
                "companions": " or a ".join(c["label"] for c in params.get("companions", [])).lower(),
                "barred": [r for r in subject.list_referrals.all() if r.kind == "barred"],
            }
        )
    return {"staff_matters": matters}
