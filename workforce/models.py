import uuid

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.db.models.functions import Upper

from .choices import EthnicGroup, Gender, ImportStatus, PersonType, UnitKind


def _trackers():
    # fresh tracker instances per model: pghistory binds each to the model it tracks
    return (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())


@pghistory.track(*_trackers())
class EthnicityCode(models.Model):
    """Self-defined ethnicity codes (16+1 and 2021 census) and their analysis group.

    Reference data, seeded by a migration and editable by administrators: the roll-up is data
    because classifications change (Chinese moved from Other to Asian in 2021).
    """

    code = models.CharField(max_length=4, primary_key=True)
    description = models.CharField(max_length=120)
    group = models.CharField(max_length=16, choices=EthnicGroup.choices)
    classification = models.CharField(max_length=16, help_text="16+1 or 2021 census")

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.description}"


@pghistory.track(*_trackers())
class OrgUnit(models.Model):
    """A command, or a unit (basic command unit or team) within one."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=UnitKind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "name"], condition=models.Q(parent=None), name="orgunit_root_unique"
            ),
            models.UniqueConstraint(fields=["parent", "name"], name="orgunit_child_unique"),
        ]

    def __str__(self):
        return self.name


# The search box (workday.search) matches names with this expression ('simple': names are not
# English words to stem); the GIN index below is on the same one.
PERSON_NAME_VECTOR = SearchVector("forenames", "surname", config="simple")


@pghistory.track(*_trackers())
class Person(models.Model):
    """Someone in the workforce: officer, staff, PCSO, special or contractor. Never deleted."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    staff_number = models.CharField(max_length=20, unique=True)
    person_type = models.CharField(max_length=16, choices=PersonType.choices)
    surname = models.CharField(max_length=100)
    forenames = models.CharField(max_length=200)
    previous_surnames = ArrayField(models.CharField(max_length=100), default=list, blank=True)
    date_of_birth = models.DateField()
    gender = models.CharField(max_length=1, choices=Gender.choices, blank=True, default="")
    ethnicity = models.ForeignKey(EthnicityCode, null=True, blank=True, on_delete=models.PROTECT)
    rank_or_grade = models.CharField(max_length=20)
    shoulder_number = models.CharField(
        max_length=12,
        blank=True,
        default="",
        db_default="",
        help_text="Shoulder (collar) number as worn, upper case without spaces, e.g. 4471 or 4471CW; "
        "not unique (numbers are reissued, and differ only by the borough letters).",
    )
    command = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="command_people")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="unit_people")
    line_manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="direct_reports"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    is_leaver = models.BooleanField(default=False)
    left_recorded_on = models.DateField(
        null=True, blank=True, help_text="When an import first found this person had left."
    )
    postcode = models.CharField(max_length=10, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["surname", "forenames", "staff_number"]
        indexes = [
            models.Index(Upper("surname"), name="person_surname_upper"),
            models.Index(fields=["command", "unit"]),
            models.Index(fields=["is_leaver"]),
            GinIndex(PERSON_NAME_VECTOR, name="person_name_search"),
            GinIndex(
                fields=["previous_surnames"], condition=~models.Q(previous_surnames=[]), name="person_previous_surnames"
            ),
            models.Index(fields=["staff_number"], opclasses=["varchar_pattern_ops"], name="person_staff_number_prefix"),
            models.Index(
                fields=["shoulder_number"],
                opclasses=["varchar_pattern_ops"],
                condition=~models.Q(shoulder_number=""),
                name="person_shoulder_number",
            ),
        ]

    def __str__(self):
        return f"{self.display_name} ({self.staff_number})"

    @property
    def display_name(self) -> str:
        return f"{self.forenames.title()} {self.surname.title()}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), exclude=["content"])
class WorkforceImport(models.Model):
    """One HR extract uploaded or read from disk, and what importing it did."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    allow_mass_leavers = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    leavers = models.PositiveIntegerField(default=0)
    refusal = models.TextField(blank=True, default="")
    errors = models.JSONField(default=list, blank=True, help_text="[{line, staff_number, reason}] bad rows")
    warnings = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"
