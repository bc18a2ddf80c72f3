"""The force's police staff misconduct procedure, held as versioned force policy (rules layer).

Police staff are employees: the Police (Conduct) Regulations 2020 do not apply to them. Their
misconduct follows the force's own procedure: investigation, notice of investigation, a
disciplinary hearing before a manager, an outcome (management advice to dismissal), and an
appeal to a more senior manager, with a trade union representative or a work colleague as
companion. Its stages, notices, time limits, companions and outcomes are the `params` of the
rule "police_staff_procedure" (law.RuleVersion), chosen by the date the matter came to attention,
so an older matter keeps the policy it started under.

This module answers, for a subject: does their matter follow this procedure, which version
applies, and what the procedure calls each thing. The hearing, outcome and appeal services are in
hearings.staff (above cases).
"""

from __future__ import annotations

from datetime import date

from .models import REGULATIONS

RULE = "police_staff_procedure"

_COMMON = {
    "name": "Police staff misconduct procedure",
    "stages": [
        {"code": "assessment", "label": "Assessment by the appropriate authority"},
        {"code": "investigation", "label": "Investigation"},
        {"code": "notice", "label": "Notice of investigation"},
        {"code": "decision", "label": "Decision: refer to a disciplinary hearing?"},
        {"code": "hearing", "label": "Disciplinary hearing before a manager"},
        {"code": "outcome", "label": "Outcome and outcome letter"},
        {"code": "appeal", "label": "Appeal to a more senior manager"},
    ],
    # where the matter stands, in the procedure's own words (keys: cases.choices.SubjectStage)
    "stage_labels": {
        "received": "Awaiting assessment",
        "assessed": "Awaiting investigation",
        "under_investigation": "Under investigation",
        "awaiting_decision": "Awaiting hearing decision",
        "referred": "Disciplinary hearing",
        "outcome_recorded": "Outcome given: appeal window",
        "under_appeal": "Appeal to a senior manager",
        "closed": "Finalised",
    },
    "hearing_name": "Disciplinary hearing before a manager",
    "hearing_manager": "a manager at least one grade above the member of staff, with no involvement in the "
    "investigation",
    "appeal_manager": "a manager more senior than the hearing manager, with no earlier involvement",
    # a list, not an object: the order is kept (JSON objects in PostgreSQL are not ordered)
    "companions": [
        {"code": "trade_union_representative", "label": "Trade union representative"},
        {"code": "work_colleague", "label": "Work colleague"},
    ],
    "companion_text": "You may be accompanied at the hearing by a trade union representative or a work "
    "colleague of your choice, who may address the hearing and confer with you, but may not answer questions "
    "for you.",
    "findings": {
        "not_proven": "Misconduct not proven",
        "misconduct": "Misconduct proven",
        "gross_misconduct": "Gross misconduct proven",
    },
    "outcome_labels": {
        "no_action": "No action",
        "management_advice": "Management advice",
        "written_warning": "Written warning",
        "final_written_warning": "Final written warning",
        "dismissal_with_notice": "Dismissal with notice",
        "dismissal_without_notice": "Summary dismissal for gross misconduct",
    },
    # which outcomes the hearing manager may give for each finding
    "outcomes": {
        "not_proven": ["no_action"],
        "misconduct": ["management_advice", "written_warning", "final_written_warning", "dismissal_with_notice"],
        "gross_misconduct": [
            "management_advice",
            "written_warning",
            "final_written_warning",
            "dismissal_with_notice",
            "dismissal_without_notice",
        ],
    },
    # dismissal with notice for misconduct (not gross) only where a final written warning is live
    "dismissal_with_notice_needs_live_final_warning": True,
    # dismissals the force reports to the College of Policing for the barred list (staff are on it)
    "barred_list_outcomes": ["dismissal_with_notice", "dismissal_without_notice"],
    "notice_response_working_days": 10,
    "outcome_letter_working_days": 5,
    "appeal_working_days": 10,
    "appeal_results": {
        "dismissed": "Appeal not upheld: the outcome stands",
        "allowed": "Appeal upheld: the finding and outcome are set aside",
        "varied": "Appeal upheld in part: a lesser outcome substituted",
    },
}

POLICY_VERSIONS = [
    {
        "rule": RULE,
        "version": "force-2020",
        "title": "Police staff misconduct procedure (force policy, 2020)",
        "instrument": "Force policy PS-DISC-2020",
        "commences_on": date(2020, 2, 1),
        "applies_by": "attention_date",
        "transitional": "Applies to matters about police staff that came to attention from 1 February 2020.",
        "summary": "Hearing before a manager on at least 5 working days' notice; appeal to a more senior manager "
        "within 10 working days of the outcome letter; written warning live 12 months, final written warning 18.",
        "params": {
            **_COMMON,
            "hearing_notice_working_days": 5,
            "warning_months": {"written_warning": 12, "final_written_warning": 18},
        },
    },
    {
        "rule": RULE,
        "version": "force-2025",
        "title": "Police staff misconduct procedure (force policy, revised 2025)",
        "instrument": "Force policy PS-DISC-2025",
        "commences_on": date(2025, 9, 1),
        "applies_by": "attention_date",
        "transitional": "Matters that came to attention before 1 September 2025 continue under the 2020 policy.",
        "summary": "Hearing before a manager on at least 10 working days' notice (agreed with the trade unions); "
        "appeal within 10 working days; final written warning live 24 months.",
        "params": {
            **_COMMON,
            "hearing_notice_working_days": 10,
            "warning_months": {"written_warning": 12, "final_written_warning": 24},
        },
    },
]


def ensure_policy_versions(**kwargs) -> None:
    """Seed the policy versions (post_migrate; never overwrites an administrator's edits)."""
    from law.rules import ensure_versions

    ensure_versions([dict(v) for v in POLICY_VERSIONS])


def procedure_code(subject) -> str:
    """The procedure this subject's matter follows (cached on the subject for one request)."""
    code = getattr(subject, "_procedure_code", None)
    if code is None:
        from .lifecycle import procedure_for

        code = procedure_for(subject.person).code
        subject._procedure_code = code
    return code


def is_staff_matter(subject) -> bool:
    """Does this subject's matter follow the police staff misconduct procedure (not the regulations)?"""
    return subject is not None and procedure_code(subject) != REGULATIONS


def policy_for(subject, event_date: date | None = None):
    """The version of the force's policy that applies to this subject's matter (a law.RuleVersion)."""
    from .rules import rule_for

    if event_date is not None:
        return rule_for(subject, RULE, event_date=event_date)
    cached = getattr(subject, "_staff_policy", None)
    if cached is None:
        cached = subject._staff_policy = rule_for(subject, RULE)
    return cached


def policies_for(subjects) -> dict[int, object]:
    """{subject id: policy version} for many subjects in one query (queues): the same choice as
    law.rules.version_for, from each subject's dates as far as they are loaded (the date the
    matter came to attention always is; a `conduct_date` annotation is used when present)."""
    from law.rules import MatterDates, versions

    known = versions(RULE)
    commenced = [v for v in known if v.commences_on is not None]
    found = {}
    for subject in subjects:
        dates = MatterDates(
            conduct_date=getattr(subject, "conduct_date", None),
            attention_date=subject.case.received_date,
            assessment_date=subject.severity_date,
        )
        chosen = next((v for v in reversed(commenced) if dates.deciding(v.applies_by) >= v.commences_on), None)
        found[subject.pk] = chosen or (commenced[0] if commenced else known[0])
        subject._staff_policy = found[subject.pk]
    return found


def staff_person_types():
    """A subquery of the workforce person types that follow the staff procedure (force data)."""
    from django.db.models import F, Func

    from .models import STAFF_PROCEDURE, ConductProcedure

    return (
        ConductProcedure.objects.filter(code=STAFF_PROCEDURE)
        .annotate(person_type=Func(F("person_types"), function="unnest"))
        .values("person_type")
    )


def stage_label(subject) -> str:
    """Where the matter stands, in the procedure's own words for staff, the regulations' for officers."""
    if not is_staff_matter(subject):
        return subject.get_stage_display()
    labels = policy_for(subject).params.get("stage_labels", {})
    return labels.get(subject.stage, subject.get_stage_display())


def staff_timeline(transitions, subjects) -> list:
    """The timeline with a staff subject's stages in the procedure's own words (staff_from, staff_to)."""
    labels = {s.pk: policy_for(s).params.get("stage_labels", {}) for s in subjects if is_staff_matter(s)}
    rows = list(transitions)
    for row in rows:
        names = labels.get(row.subject_id)
        if names:
            row.staff_from, row.staff_to = names.get(row.from_stage, ""), names.get(row.to_stage, "")
    return rows


def procedure_api(subject) -> dict:
    """A staff subject's procedure for the API, in its own words: the policy version applied, the
    stage, time limits, and each hearing, outcome and appeal (reverse relations: cases never
    imports hearings)."""
    policy = policy_for(subject)
    params = policy.params
    hearings = []
    for proceeding in subject.proceedings.filter(forum="staff_hearing").select_related("staff_hearing"):
        staff = getattr(proceeding, "staff_hearing", None)
        outcome = getattr(proceeding, "outcome", None)
        hearings.append(
            {
                "hearing": params.get("hearing_name"),
                "date": proceeding.scheduled_for,
                "hearing_manager": staff.hearing_manager if staff else "",
                "invitation_sent_on": staff.invitation_sent_on if staff else None,
                "companion": staff.get_companion_kind_display() if staff else "",
                "finding": params.get("findings", {}).get(outcome.finding) if outcome else None,
                "outcome": outcome_label(params, outcome.outcome) if outcome else None,
                "outcome_letter_given_on": outcome.notice_given_on if outcome else None,
            }
        )
    appeals = [
        {
            "lodged_on": a.lodged_on,
            "appeal_manager": getattr(getattr(a, "staff_appeal", None), "appeal_manager", ""),
            "result": params.get("appeal_results", {}).get(a.result) if a.result else None,
        }
        for a in subject.appeals.all()
    ]
    return {
        "subject": str(subject.public_id),
        "procedure": params.get("name"),
        "policy": {"version": policy.version, "title": policy.title, "instrument": policy.instrument},
        "stage": stage_label(subject),
        "stages": [s["label"] for s in params.get("stages", [])],
        "companions": [c["label"] for c in params.get("companions", [])],
        "time_limits_working_days": {
            "invitation_before_hearing": params.get("hearing_notice_working_days"),
            "outcome_letter": params.get("outcome_letter_working_days"),
            "appeal": params.get("appeal_working_days"),
        },
        "hearings": hearings,
        "appeals": appeals,
    }


def outcome_label(params: dict, outcome: str) -> str:
    return params.get("outcome_labels", {}).get(outcome, outcome.replace("_", " ").capitalize())


def notice_procedure(subject, procedure):
    """The notice of investigation's wording for a staff matter, with the policy version's time
    limit and companions (an unsaved copy of the ConductProcedure row: the row is not changed)."""
    from .models import ConductProcedure

    params = policy_for(subject).params
    copy = ConductProcedure(
        **{f.attname: getattr(procedure, f.attname) for f in ConductProcedure._meta.concrete_fields}
    )
    copy.response_working_days = params.get("notice_response_working_days", procedure.response_working_days)
    copy.stages = [s["label"] for s in params.get("stages", [])] or procedure.stages
    copy.name = f"{procedure.name}, {policy_for(subject).instrument}"
    return copy


def under_regulations():
    """An Exists for querysets of cases: a subject under the regulations (police staff matters have
    no reg 19 report). Shared by the work lists and the demo."""
    from django.db.models import Exists, OuterRef

    from .models import CaseSubject

    return Exists(CaseSubject.objects.filter(case=OuterRef("pk")).exclude(person__person_type__in=staff_person_types()))
