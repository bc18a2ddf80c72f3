from django.db import models


class PerformanceKind(models.TextChoices):
    PERFORMANCE = "performance", "Unsatisfactory performance"
    ATTENDANCE = "attendance", "Unsatisfactory attendance"
    GROSS_INCOMPETENCE = "gross_incompetence", "Gross incompetence"


class PerformanceState(models.TextChoices):
    OPENED = "opened", "Opened: first-stage meeting to arrange"
    FIRST_STAGE = "first_stage", "First-stage meeting arranged"
    FIRST_IMPROVEMENT = "first_improvement", "Written improvement notice in force"
    SECOND_STAGE = "second_stage", "Second-stage meeting arranged"
    SECOND_IMPROVEMENT = "second_improvement", "Final written improvement notice in force"
    THIRD_STAGE = "third_stage", "Third-stage meeting arranged"
    CLOSED = "closed", "Closed"


OPEN_STATES = [s for s in PerformanceState.values if s != PerformanceState.CLOSED]


class MeetingStage(models.TextChoices):
    FIRST = "first", "First-stage meeting"
    SECOND = "second", "Second-stage meeting"
    THIRD = "third", "Third-stage meeting"


class MeetingOutcome(models.TextChoices):
    NO_FURTHER_ACTION = "no_further_action", "No further action (performance or attendance not unsatisfactory)"
    WRITTEN_IMPROVEMENT_NOTICE = "written_improvement_notice", "Written improvement notice"
    FINAL_WRITTEN_IMPROVEMENT_NOTICE = "final_written_improvement_notice", "Final written improvement notice"
    EXTEND_FINAL_NOTICE = "extend_final_notice", "Extend the final written improvement notice"
    REDEPLOYMENT = "redeployment", "Redeployment to alternative duties"
    REDUCTION_IN_RANK = "reduction_in_rank", "Reduction in rank (gross incompetence only)"
    DISMISSAL = "dismissal", "Dismissal with notice"


# outcomes that end the case (a notice outcome opens an improvement period instead)
ENDING_OUTCOMES = {
    MeetingOutcome.NO_FURTHER_ACTION,
    MeetingOutcome.REDEPLOYMENT,
    MeetingOutcome.REDUCTION_IN_RANK,
    MeetingOutcome.DISMISSAL,
}


class Assessment(models.TextChoices):
    IMPROVED = "improved", "Sufficient improvement: the case ends"
    NOT_IMPROVED = "not_improved", "Not sufficient: the officer is required to attend the next meeting"


class AppealResult(models.TextChoices):
    UPHELD = "upheld", "Finding and outcome confirmed"
    VARIED = "varied", "Terms of the notice varied"
    REVERSED = "reversed", "Finding reversed: notice revoked"
