from django.db import models


class PersonType(models.TextChoices):
    OFFICER = "officer", "Police officer"
    STAFF = "staff", "Police staff"
    PCSO = "pcso", "PCSO"
    SPECIAL = "special", "Special constable"
    CONTRACTOR = "contractor", "Contractor"


class Gender(models.TextChoices):
    MALE = "M", "Male"
    FEMALE = "F", "Female"
    OTHER = "X", "X (non-binary or not specified)"
    NOT_RECORDED = "", "Not recorded"


class UnitKind(models.TextChoices):
    COMMAND = "command", "Command"
    UNIT = "unit", "Unit"


class EthnicGroup(models.TextChoices):
    """The five analysis groups plus Not stated, which is never imputed."""

    ASIAN = "asian", "Asian"
    BLACK = "black", "Black"
    MIXED = "mixed", "Mixed"
    WHITE = "white", "White"
    OTHER = "other", "Other"
    NOT_STATED = "not_stated", "Not stated"


class ImportStatus(models.TextChoices):
    PENDING = "pending", "Waiting to run"
    RUNNING = "running", "Running"
    DONE = "done", "Finished"
    REFUSED = "refused", "Refused"
    FAILED = "failed", "Failed"
