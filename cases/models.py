import uuid

import pghistory
from django.conf import settings
from django.db import models

from .choices import CaseStatus


def _trackers():
    # fresh tracker instances per model: pghistory binds each to the model it tracks
    return (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())


@pghistory.track(*_trackers())
class Case(models.Model):
    """A conduct matter. Read only through cases.selectors (need-to-know)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=32, unique=True)
    summary = models.CharField(max_length=300)
    received_date = models.DateField(help_text="When the matter came to the force's attention")
    status = models.CharField(max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    is_restricted = models.BooleanField(
        default=False, help_text="Visible only to the people named on the case's access list"
    )
    subjects = models.ManyToManyField("workforce.Person", through="CaseSubject", related_name="cases")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_date", "-id"]

    def __str__(self):
        return self.reference


@pghistory.track(*_trackers())
class CaseSubject(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_subjects")
    person = models.ForeignKey("workforce.Person", on_delete=models.PROTECT, related_name="subject_of")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="case_subject_unique")]


@pghistory.track(*_trackers())
class CaseAccessGrant(models.Model):
    """A named person allowed to see a restricted case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="access_grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_grants")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="case_grant_unique")]


@pghistory.track(*_trackers())
class ConflictDeclaration(models.Model):
    """A user's declared conflict of interest: with a case, or with a person (every case about them)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="conflicts")
    person = models.ForeignKey("workforce.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=300)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(case__isnull=False) | models.Q(person__isnull=False), name="conflict_has_target"
            )
        ]
