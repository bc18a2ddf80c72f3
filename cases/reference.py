"""Statutory reference data for conduct matters, seeded when missing (never overwritten)."""

STANDARDS = [
    (1, "Honesty and integrity"),
    (2, "Authority, respect and courtesy"),
    (3, "Equality and diversity"),
    (4, "Use of force"),
    (5, "Orders and instructions"),
    (6, "Duties and responsibilities"),
    (7, "Confidentiality"),
    (8, "Fitness for work"),
    (9, "Discreditable conduct"),
    (10, "Challenging and reporting improper conduct"),
]
# (code, label, priority weight)
CATEGORIES = [
    ("sexual_misconduct", "Sexual misconduct (including violence against women and girls)", 30),
    ("abuse_of_position", "Abuse of position (including for a sexual purpose)", 25),
    ("corruption", "Corruption", 25),
    ("discrimination", "Discrimination", 20),
    ("violence", "Violence or use of force", 15),
    ("dishonesty", "Dishonesty", 12),
    ("data_misuse", "Misuse of data or police systems", 8),
    ("neglect_of_duty", "Neglect of duty", 3),
    ("discreditable_conduct", "Discreditable conduct", 3),
    ("other", "Other", 0),
]
# (code, label, weight, parameter)
PRIORITY_WEIGHTS = [
    ("severity_gross", "Assessed as gross misconduct", 30, None),
    ("severity_misconduct", "Assessed as misconduct", 12, None),
    ("severity_unassessed", "Not yet assessed (could be serious)", 10, None),
    ("category", "Most serious allegation category (its own weight)", 1, None),
    ("vulnerable_victim", "Vulnerable victim", 15, None),
    ("iopc", "Referred to the IOPC", 10, None),
    ("suspended", "Subject suspended or on restricted duties", 10, None),
    ("repeat_subject", "Repeat subject: points per prior allegation (parameter: years looked back)", 4, 3),
    ("repeat_cap", "Most points from repeat allegations", 20, None),
    ("reg17_response", "Reg 18 response due within 5 working days or overdue", 8, None),
    ("twelve_months", "12-month mark passed (reg 19)", 12, None),
    ("twelve_months_near", "12-month mark within the parameter's days", 6, 30),
    ("stale", "No recorded step for longer than the parameter's days", 6, 28),
    ("public_interest", "High public interest", 8, None),
    (
        "suspension_deadline",
        "Suspension decision or review overdue (half: due within the parameter's working days)",
        14,
        5,
    ),
]
INTERVENTION_RULES = [
    ("allegations_in_window", "3 or more allegations in 12 months", 3, 12),
    ("repeated_standard", "The same Standard cited in 2 or more matters in 24 months", 2, 24),
    ("peer_percentile", "Allegations in 24 months in the top 1% of peers of the same rank in the same unit", 99, 24),
]
# (code, label, categories that prompt it, allegation facts that prompt it)
IOPC_GROUNDS = [
    ("death_or_serious_injury", "Death or serious injury", [], ["death_or_serious_injury"]),
    ("serious_assault", "Serious assault", ["violence"], []),
    ("serious_sexual_offence", "Serious sexual offence", ["sexual_misconduct"], []),
    (
        "serious_corruption",
        "Serious corruption (including abuse of position for a sexual purpose or an improper emotional relationship)",
        ["corruption", "abuse_of_position"],
        [],
    ),
    (
        "discrimination_aggravated",
        "Criminal offence or behaviour aggravated by discrimination",
        ["discrimination"],
        ["aggravated_by_discrimination"],
    ),
    ("relevant_offence", "A relevant offence", [], []),
    ("connected_incident", "Conduct connected to the same incident as any of these", [], []),
    ("chief_officer", "Conduct of a chief officer", [], ["subject_is_chief_officer"]),
]


# The procedure each person type's matter follows, with its notice wording (force policy data;
# an administrator changes the rows, with history). (code, fields)
CONDUCT_PROCEDURES = [
    (
        "police_conduct_regulations",
        {
            "name": "Police (Conduct) Regulations 2020",
            "person_types": ["officer", "special"],
            "stages": [
                "Severity assessment (reg 14)",
                "Notice of investigation (reg 17)",
                "Response (reg 18)",
                "Investigation report (reg 21)",
                "Case to answer decision",
                "Misconduct meeting or hearing",
                "Outcome and appeal",
            ],
            "notice_title": "Notice of investigation: regulation 17, Police (Conduct) Regulations 2020",
            "step_title": "Serve the regulation 17 notice",
            "representation": "You have the right to seek advice from your staff association or any other body, "
            "and to be accompanied by a police friend at any interview.",
            "response_working_days": 10,
            "response_text": "You may provide a written or oral statement relating to the matter, and any relevant "
            "documents, within {days} working days of the date of this notice, that is by {due} (regulation 18). "
            "Whatever you say may be used in any subsequent proceedings.",
            "response_label": "Reg 18 response",
            "standards_label": "Standards of Professional Behaviour",
        },
    ),
    (
        "police_staff_procedure",
        {
            "name": "Police staff misconduct procedure (force policy)",
            "person_types": ["staff", "pcso", "contractor"],
            "stages": [
                "Assessment",
                "Notice of investigation",
                "Response",
                "Investigation report",
                "Decision: case to answer",
                "Misconduct hearing before a manager",
                "Outcome and appeal",
            ],
            "notice_title": "Notice of misconduct investigation: police staff misconduct procedure",
            "step_title": "Serve the misconduct investigation notice (police staff procedure)",
            "representation": "You have the right to be accompanied and represented at any interview or meeting "
            "by a trade union representative or a work colleague of your choice, and to seek advice from your "
            "trade union.",
            "response_working_days": 10,
            "response_text": "You may give a written account of the matter, and any relevant documents, within {days} "
            "working days of the date of this notice, that is by {due}. What you say may be used at any later "
            "hearing under the police staff misconduct procedure.",
            "response_label": "Response to the misconduct notice",
            "standards_label": "Standards of behaviour (police staff code of conduct)",
        },
    ),
]


def ensure_reference_data(**kwargs) -> None:
    from .models import (
        AllegationCategory,
        ConductProcedure,
        InterventionRule,
        IopcGround,
        PriorityWeight,
        Standard,
    )

    for code, fields in CONDUCT_PROCEDURES:
        ConductProcedure.objects.get_or_create(code=code, defaults=fields)

    for number, title in STANDARDS:
        Standard.objects.get_or_create(number=number, defaults={"title": title})
    for code, label, weight in CATEGORIES:
        AllegationCategory.objects.get_or_create(code=code, defaults={"label": label, "priority_weight": weight})
    for code, label, weight, parameter in PRIORITY_WEIGHTS:
        PriorityWeight.objects.get_or_create(
            code=code, defaults={"label": label, "weight": weight, "parameter": parameter}
        )
    for code, label, threshold, window in INTERVENTION_RULES:
        InterventionRule.objects.get_or_create(
            code=code, defaults={"label": label, "threshold": threshold, "window_months": window}
        )
    for code, label, categories, facts in IOPC_GROUNDS:
        IopcGround.objects.get_or_create(code=code, defaults={"label": label, "categories": categories, "facts": facts})
