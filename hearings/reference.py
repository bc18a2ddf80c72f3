"""Reg 42 outcomes, warning periods, panel roles and the hearing panel rule versions, seeded when missing
(never overwritten)."""

from datetime import date

OUTCOME_RULES = [
    # (forum or "" for any, finding, outcome, condition, active)
    ("", "practice_requiring_improvement", "rprp", "", True),
    ("", "not_proven", "no_action", "", True),
    ("meeting", "misconduct", "written_warning", "", True),
    ("meeting", "misconduct", "final_written_warning", "", True),
    # "Management advice" appears in some summaries: held here, off until a force turns it on.
    ("meeting", "misconduct", "management_advice", "", False),
    ("hearing", "misconduct", "written_warning", "", True),
    ("hearing", "misconduct", "final_written_warning", "", True),
    ("hearing", "misconduct", "reduction_in_rank", "live_fww_or_several", True),
    ("hearing", "misconduct", "dismissal_without_notice", "live_fww_or_several", True),
    ("hearing", "gross_misconduct", "final_written_warning", "", True),
    ("hearing", "gross_misconduct", "reduction_in_rank", "", True),
    ("hearing", "gross_misconduct", "dismissal_without_notice", "", True),
    ("accelerated_hearing", "gross_misconduct", "final_written_warning", "", True),
    ("accelerated_hearing", "gross_misconduct", "reduction_in_rank", "", True),
    ("accelerated_hearing", "gross_misconduct", "dismissal_without_notice", "", True),
]
# Written warning 18 months; final written warning 2 years (a panel may extend: recorded on the outcome).
WARNING_PERIODS = [("written_warning", 18), ("final_written_warning", 24)]
PANEL_ROLES = [
    ("chair", "Chair (chief officer or delegate)", "hearing,accelerated_hearing,meeting", True),
    ("independent_member", "Independent panel member", "hearing", False),
    ("police_member", "Police member", "hearing", False),
    ("legally_qualified_adviser", "Legally qualified person (adviser)", "hearing,accelerated_hearing", False),
]


def ensure_reference_data(**kwargs) -> None:
    from .models import OutcomeRule, PanelRole, WarningPeriod

    for forum, finding, outcome, condition, active in OUTCOME_RULES:
        OutcomeRule.objects.get_or_create(
            forum=forum, finding=finding, outcome=outcome, defaults={"condition": condition, "active": active}
        )
    for outcome, months in WARNING_PERIODS:
        WarningPeriod.objects.get_or_create(outcome=outcome, defaults={"months": months})
    for code, label, forums, required in PANEL_ROLES:
        PanelRole.objects.get_or_create(code=code, defaults={"label": label, "forums": forums, "required": required})
    ensure_panel_rules()


# ---- hearing panels: the rule "hearing_panel" in each version (law.RuleVersion, seeded, never overwritten)
# Seats per forum: {role: [fewest, most]}. Ranks ordered so "more senior" can be checked (Met ranks beside
# their county equivalents). See docs/law/panels.md for the transitional provision and what was decided.
_RANK_ORDER = {
    "PC": 1, "PS": 2, "INSP": 3, "CI": 4, "SUPT": 5, "CSUPT": 6,
    "ACC": 7, "COMMANDER": 7, "DCC": 8, "DAC": 8, "CC": 9, "AC": 9, "DC": 10, "COMMISSIONER": 11,
}  # fmt: skip
_SENIOR_RANKS = ["ACC", "COMMANDER", "DCC", "DAC", "CC", "AC", "DC", "COMMISSIONER"]
HEARING_PANEL_VERSIONS = [
    dict(
        rule="hearing_panel",
        version="2020",
        title="Police (Conduct) Regulations 2020, reg 28 (as made)",
        instrument="SI 2020/4",
        commences_on=date(2020, 2, 1),
        applies_by="event_date",
        transitional="Matters whose notice of referral to the hearing was given before 7 May 2024 keep the "
        "legally qualified chair, police member and independent member.",
        summary="Hearing: a legally qualified chair and an independent member appointed by the local policing "
        "body, and a police member of superintendent or above. Decisions by majority. Accelerated hearing: "
        "the chief officer or a senior officer delegate.",
        params={
            "seats": {
                "hearing": {
                    "chair": [1, 1],
                    "police_member": [1, 1],
                    "independent_member": [1, 1],
                    "legally_qualified_adviser": [0, 0],
                },
                "accelerated_hearing": {
                    "chair": [1, 1],
                    "police_member": [0, 0],
                    "independent_member": [0, 0],
                    "legally_qualified_adviser": [0, 1],
                },
            },
            "chair_bases": {
                "hearing": ["legally_qualified_chair"],
                "accelerated_hearing": ["chief_officer", "senior_officer"],
            },
            "qualified_independent_members": {"hearing": 0},
            "senior_subject_chair_bases": [],
            "hm_inspector_subject_ranks": [],
            "police_member_min_rank": "SUPT",
            "former_senior_officer_years": 0,
            "operational_bars_staff_chair": False,
            "certifier_may_not_chair": True,
            "lpb_appoints": ["independent_member", "chair"],
            "senior_ranks": _SENIOR_RANKS,
            "rank_order": _RANK_ORDER,
        },
    ),
    dict(
        rule="hearing_panel",
        version="si-2024-521",
        title="Police (Conduct) (Amendment) Regulations 2024",
        instrument="SI 2024/521",
        commences_on=date(2024, 5, 7),
        applies_by="event_date",
        transitional="Applies where written notice of the referral to the hearing (reg 30(1)) or accelerated "
        "hearing (reg 51(1)) was given on or after 7 May 2024.",
        summary="Chair: the chief officer or a delegate (a senior officer, a former senior officer who left "
        "within 5 years, or police staff of similar seniority unless the case is mainly about operational "
        "policing), never the person who certified the case for an accelerated hearing; senior-officer "
        "subjects: a more senior officer from another force, or HM Chief Inspector / an HM Inspector for "
        "chief officers and Met deputy or assistant commissioners. Two independent members appointed by the "
        "local policing body (one qualified) and a legally qualified adviser. Decisions by majority.",
        params={
            "seats": {
                "hearing": {
                    "chair": [1, 1],
                    "police_member": [0, 0],
                    "independent_member": [2, 2],
                    "legally_qualified_adviser": [1, 1],
                },
                "accelerated_hearing": {
                    "chair": [1, 1],
                    "police_member": [0, 0],
                    "independent_member": [0, 0],
                    "legally_qualified_adviser": [0, 1],
                },
            },
            "chair_bases": {
                "hearing": ["chief_officer", "senior_officer", "former_senior_officer", "police_staff"],
                "accelerated_hearing": ["chief_officer", "senior_officer", "former_senior_officer", "police_staff"],
            },
            "qualified_independent_members": {"hearing": 1},
            "senior_subject_chair_bases": ["other_force_senior_officer", "hm_inspector"],
            "hm_inspector_subject_ranks": ["CC", "COMMISSIONER", "DC", "AC"],
            "police_member_min_rank": "",
            "former_senior_officer_years": 5,
            "operational_bars_staff_chair": True,
            "certifier_may_not_chair": True,
            "lpb_appoints": ["independent_member", "legally_qualified_adviser"],
            "senior_ranks": _SENIOR_RANKS,
            "rank_order": _RANK_ORDER,
        },
    ),
]


def ensure_panel_rules(**kwargs) -> None:
    from law.rules import ensure_versions

    ensure_versions(HEARING_PANEL_VERSIONS)
