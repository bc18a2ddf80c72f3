"""Reg 42 outcomes, warning periods and panel roles, seeded when missing (never overwritten)."""

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
