from django.db import models


class SourceType(models.TextChoices):
    INTERNAL = "internal", "Internal (force member)"
    PUBLIC = "public", "Member of the public"
    PARTNER = "partner", "Partner agency"
    REPORTING_LINE = "reporting_line", "Anti-corruption reporting line"
    MONITORING = "monitoring", "Lawful business monitoring"
    SCREENING = "screening", "Workforce screening (PND)"
    ANONYMOUS = "anonymous", "Anonymous"


class SourceEvaluation(models.TextChoices):
    """3x5x2 (College of Policing APP, Intelligence management) source evaluation."""

    A = "A", "A: reliable"
    B = "B", "B: untested"
    C = "C", "C: not reliable"


class IntelAssessment(models.TextChoices):
    """3x5x2 intelligence assessment."""

    KNOWN_DIRECTLY = "1", "1: known directly to the source"
    KNOWN_INDIRECTLY_CORROBORATED = "2", "2: known indirectly, corroborated"
    KNOWN_INDIRECTLY = "3", "3: known indirectly"
    NOT_KNOWN = "4", "4: not known"
    SUSPECTED_FALSE = "5", "5: suspected to be false"


class HandlingCode(models.TextChoices):
    """3x5x2 handling code: P may be disseminated lawfully; C has conditions that must be recorded."""

    P = "P", "P: lawful sharing permitted"
    C = "C", "C: lawful sharing permitted with conditions"


class HandlingLevel(models.TextChoices):
    """Within the unit: every member (subject to conflicts), or only the people named on the log."""

    UNIT = "unit", "Counter-corruption unit"
    NAMED = "named", "Named people only"


class AtRisk(models.TextChoices):
    """The vulnerability of anyone at risk from the conduct the log describes."""

    NONE = "none", "No one identified at risk"
    ADULT = "adult", "An adult"
    VULNERABLE_ADULT = "vulnerable_adult", "A vulnerable adult"
    CHILD = "child", "A child"


class EntityKind(models.TextChoices):
    OUTSIDE_PERSON = "person", "Person outside the force"
    ADDRESS = "address", "Address"
    PHONE = "phone", "Phone number"
    VEHICLE = "vehicle", "Vehicle"
    BUSINESS = "business", "Business"
    EMAIL = "email", "E-mail address"


class LinkSource(models.TextChoices):
    """Where a link between a workforce person and an entity was seen."""

    INTELLIGENCE = "intelligence", "Intelligence log"
    SCREENING = "screening", "Screening hit"
    REGISTER = "register", "Integrity register"
    CONDUCT = "conduct", "Conduct matter"
    REPORT = "report", "Reporting-line report"
    MONITORING = "monitoring", "Business monitoring"


class IntelStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    ASSESSED = "assessed", "Graded and sanitised"
    TASKED = "tasked", "Tasked"
    OPERATION = "operation", "Developed into an operation"
    CLOSED = "closed", "Closed"


class LinkAlertStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACTIONED = "actioned", "Actioned"
    NO_FURTHER_ACTION = "nfa", "No further action"


class IntelOutcome(models.TextChoices):
    """What a log led to when it was closed (each recorded with reasons)."""

    CRIMINAL_INVESTIGATION = "criminal", "Criminal investigation"
    CONDUCT_MATTER = "conduct", "Conduct matter"
    VETTING_REVIEW = "vetting", "Vetting review"
    MANAGEMENT_ACTION = "management", "Management action"
    NO_FURTHER_ACTION = "nfa", "No further action"
