from django.db import models


class Finding(models.TextChoices):
    NOT_PROVEN = "not_proven", "Not proven"
    PRACTICE_REQUIRING_IMPROVEMENT = "practice_requiring_improvement", "Practice requiring improvement"
    MISCONDUCT = "misconduct", "Misconduct proven"
    GROSS_MISCONDUCT = "gross_misconduct", "Gross misconduct proven"


class Outcome(models.TextChoices):
    NO_ACTION = "no_action", "No action"
    MANAGEMENT_ADVICE = "management_advice", "Management advice"
    WRITTEN_WARNING = "written_warning", "Written warning"
    FINAL_WRITTEN_WARNING = "final_written_warning", "Final written warning"
    REDUCTION_IN_RANK = "reduction_in_rank", "Reduction in rank"
    DISMISSAL_WITHOUT_NOTICE = "dismissal_without_notice", "Dismissal without notice"
    RPRP = "rprp", "Referral to reflective practice"
    # police staff only (force policy; summary dismissal is dismissal_without_notice)
    DISMISSAL_WITH_NOTICE = "dismissal_with_notice", "Dismissal with notice (police staff)"


class RuleCondition(models.TextChoices):
    NONE = "", "None"
    LIVE_FWW_OR_SEVERAL_MATTERS = (
        "live_fww_or_several",
        "A final written warning is live, or several unconnected matters",
    )


class ProceedingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held: outcome recorded"
    CANCELLED = "cancelled", "Cancelled"


class AppealBody(models.TextChoices):
    POLICE_APPEALS_TRIBUNAL = "pat", "Police Appeals Tribunal"
    INTERNAL = "internal", "Internal appeal"


class Appellant(models.TextChoices):
    """Who appeals (the Crime and Policing Act 2026 adds the authorities: rule "pat_appeal_by_authority")."""

    SUBJECT = "subject", "The officer concerned"
    CHIEF_OFFICER = "chief_officer", "The chief officer"
    LOCAL_POLICING_BODY = "local_policing_body", "The local policing body (chief-officer cases)"
    IOPC = "iopc", "The IOPC"


class AppealResult(models.TextChoices):
    DISMISSED = "dismissed", "Dismissed: outcome stands"
    ALLOWED = "allowed", "Allowed: outcome overturned"
    VARIED = "varied", "Allowed in part: outcome varied"


class ListKind(models.TextChoices):
    BARRED = "barred", "Barred list"
    ADVISORY = "advisory", "Advisory list"


class NoticeMethod(models.TextChoices):
    IN_PERSON = "in_person", "Handed to them in person"
    POST = "post", "By post (recorded delivery)"
    EMAIL = "email", "By email"
    REPRESENTATIVE = "representative", "Through their representative"
