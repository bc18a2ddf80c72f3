"""The Police (Performance) Regulations 2020 as rule versions (law.RuleVersion rows, rule
"performance_procedure"): the 2020 three-stage procedure and the two-stage procedure of the
amendments made by SI 2025/558. Seeded after migrate, never overwritten (an administrator edits
them, with history). What was checked in the text, and what was decided, is in
docs/law/performance.md.
"""

from datetime import date

RULE = "performance_procedure"

_COMMON = {
    "specified_period_months": 3,  # the default improvement period; longer only with reasons
    "specified_period_max_months": 12,  # with extensions, never beyond 12 months from the notice
    "notice_valid_months": 12,  # a (final) written improvement notice is valid for 12 months
    "appeal_working_days": 7,  # first-stage (and 2020 second-stage) appeals
    "tribunal_appeal_working_days": 10,  # the last stage: Police Appeals Tribunal
    "meeting_notice_working_days": 5,  # 2020 reg 14/23: meeting not earlier than 5 working days after notice
    "dismissal_notice_days": 28,
}

PERFORMANCE_RULE_VERSIONS = [
    dict(
        rule=RULE,
        version="2020",
        title="Police (Performance) Regulations 2020",
        instrument="SI 2020/3",
        commences_on=date(2020, 2, 1),
        applies_by="attention_date",
        transitional=(
            "Applies where the unsatisfactory performance or attendance came to the attention of the line "
            "manager before 28 May 2025: three stages (first, second, third-stage meetings)."
        ),
        summary=(
            "First-stage meeting (line manager): written improvement notice; appeal to the second line "
            "manager. Second-stage meeting (second line manager): final written improvement notice; appeal "
            "to the senior manager. Third-stage meeting (panel): redeployment, reduction in rank (gross "
            "incompetence), dismissal with notice, or an extended final notice; appeal to the Police Appeals "
            "Tribunal. Gross incompetence goes straight to a third-stage meeting."
        ),
        params={
            **_COMMON,
            "stages": ["first", "second", "third"],
            "final_stage": "third",
            "gross_incompetence_stage": "third",
            "meeting_by": {"first": "line manager", "second": "second line manager", "third": "panel"},
            "appeal_to": {
                "first": "second line manager",
                "second": "senior manager",
                "third": "Police Appeals Tribunal",
            },
            "outcomes": {
                "first": ["no_further_action", "written_improvement_notice"],
                "second": ["no_further_action", "final_written_improvement_notice"],
                "final": ["no_further_action", "extend_final_notice", "redeployment", "dismissal"],
                "gross_incompetence": [
                    "no_further_action",
                    "final_written_improvement_notice",
                    "redeployment",
                    "reduction_in_rank",
                    "dismissal",
                ],
            },
        },
    ),
    dict(
        rule=RULE,
        version="si-2025-558",
        title="Police (Performance) Regulations 2020, as amended in 2025",
        instrument="SI 2025/558",
        commences_on=date(2025, 5, 28),
        applies_by="attention_date",
        transitional=(
            "Applies where the unsatisfactory performance or attendance came to the attention of the line "
            "manager on or after 28 May 2025; matters known before keep the 2020 procedure."
        ),
        summary=(
            "Two stages: the third-stage meeting is removed and the former third stage becomes the "
            "second-stage meeting. First-stage meeting (line manager): written improvement notice; appeal to "
            "the appeal manager (appointed by the appropriate authority, senior to the line manager). "
            "Second-stage meeting (senior manager, at least as senior as the appeal manager): final written "
            "improvement notice, redeployment, reduction in rank (gross incompetence) or dismissal with "
            "notice; appeal to the Police Appeals Tribunal. Gross incompetence goes straight to a "
            "second-stage meeting."
        ),
        params={
            **_COMMON,
            "stages": ["first", "second"],
            "final_stage": "second",
            "gross_incompetence_stage": "second",
            "meeting_by": {"first": "line manager", "second": "senior manager"},
            "appeal_to": {"first": "appeal manager", "second": "Police Appeals Tribunal"},
            "outcomes": {
                "first": ["no_further_action", "written_improvement_notice"],
                "second": [
                    "no_further_action",
                    "final_written_improvement_notice",
                    "redeployment",
                    "dismissal",
                ],
                "final": ["no_further_action", "extend_final_notice", "redeployment", "dismissal"],
                "gross_incompetence": [
                    "no_further_action",
                    "final_written_improvement_notice",
                    "redeployment",
                    "reduction_in_rank",
                    "dismissal",
                ],
            },
        },
    ),
]


def ensure_performance_rules(sender=None, **kwargs) -> None:
    from law.rules import ensure_versions

    ensure_versions(PERFORMANCE_RULE_VERSIONS)
