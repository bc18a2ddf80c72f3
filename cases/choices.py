from django.db import models


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Source(models.TextChoices):
    PUBLIC_COMPLAINT = "public_complaint", "Public complaint"
    CONDUCT_MATTER = "conduct_matter", "Internal conduct matter"
    REPORTING_LINE = "reporting_line", "Anti-corruption reporting line"
    SCREENING = "screening", "Workforce screening (PND) hit"
    MONITORING = "monitoring", "Lawful business monitoring alert"
    INTELLIGENCE = "intelligence", "Counter-corruption intelligence"


class Severity(models.TextChoices):
    MISCONDUCT = "misconduct", "Misconduct"
    GROSS_MISCONDUCT = "gross_misconduct", "Gross misconduct"
    PRACTICE_REQUIRING_IMPROVEMENT = "practice_requiring_improvement", "Practice requiring improvement"
    NO_FURTHER_ACTION = "no_further_action", "No further action"


class Forum(models.TextChoices):
    MEETING = "meeting", "Misconduct meeting"
    HEARING = "hearing", "Misconduct hearing"
    ACCELERATED_HEARING = "accelerated_hearing", "Accelerated misconduct hearing"
    # police staff: the force's procedure, not the Police (Conduct) Regulations (cases/staff_procedure.py)
    STAFF_HEARING = "staff_hearing", "Disciplinary hearing before a manager (police staff)"


class SubjectStage(models.TextChoices):
    """Where one subject's matter stands. Transitions only through cases.services."""

    RECEIVED = "received", "Received: awaiting severity assessment"
    ASSESSED = "assessed", "Assessed: awaiting investigation"
    UNDER_INVESTIGATION = "under_investigation", "Under investigation"
    AWAITING_DECISION = "awaiting_decision", "Awaiting case-to-answer decision"
    REFERRED = "referred", "Referred to proceedings"
    OUTCOME_RECORDED = "outcome_recorded", "Outcome recorded: appeal window"
    UNDER_APPEAL = "under_appeal", "Under appeal"
    RPRP = "rprp", "Reflective practice review"
    CLOSED = "closed", "Finalised"


OPEN_STAGES = [s for s in SubjectStage.values if s != SubjectStage.CLOSED]


class ClosureReason(models.TextChoices):
    NFA_AT_ASSESSMENT = "nfa_at_assessment", "No further action at assessment"
    NO_CASE_TO_ANSWER = "no_case_to_answer", "No case to answer"
    NFA_AFTER_DECISION = "nfa_after_decision", "No further action after decision"
    OUTCOME_FINAL = "outcome_final", "Outcome final"
    APPEAL_DECIDED = "appeal_decided", "Appeal decided"
    RPRP_COMPLETE = "rprp_complete", "Reflective practice complete"
    VETTING_REFERRAL = "vetting_referral", "Referred under the Vetting Regulations (reg 14(2)(aa))"


class DecisionRoute(models.TextChoices):
    MEETING = "meeting", "Refer to a misconduct meeting"
    HEARING = "hearing", "Refer to a misconduct hearing"
    ACCELERATED_HEARING = "accelerated_hearing", "Refer to an accelerated misconduct hearing"
    RPRP = "rprp", "Reflective practice review process"
    NO_FURTHER_ACTION = "no_further_action", "No further action"


class IopcMode(models.TextChoices):
    LOCAL = "local", "Local investigation"
    DIRECTED = "directed", "Directed investigation"
    INDEPENDENT = "independent", "Independent investigation"
    RETURNED = "returned", "Returned to the force to deal with as it sees fit"


class ActionKind(models.TextChoices):
    INTERVIEW = "interview", "Interview"
    ENQUIRY = "enquiry", "Enquiry"
    STATEMENT = "statement", "Statement taken"
    NOTE = "note", "Note"
    OTHER = "other", "Other"
