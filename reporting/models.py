"""The public reporting line: reports from the public (anonymous or not) and from intermediaries,
two-way messages with the reporter, attachments, and the command's triage of each report.

Privacy by construction: no model here has a field for a network address; the reporter's
identity (when they chose to give it) lives in its own table that only the identity selector
reads; the receipt code is kept only as a salted hash.
"""

import uuid

import pghistory
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.utils.translation import gettext_lazy as _


def _trackers():
    return (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())


class Channel(models.TextChoices):
    PORTAL = "portal", _("Online reporting portal")
    INTERMEDIARY = "intermediary", _("Intermediary reporting line")


class ReportStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSESSING = "assessing", _("Being assessed")
    REFERRED = "referred", _("Conduct matter opened")
    CLOSED = "closed", _("Closed")


# What the reporter sees: a plain status that reveals nothing of the internal decision.
PUBLIC_STATUS = {
    ReportStatus.RECEIVED: _("Received: waiting to be looked at"),
    ReportStatus.ASSESSING: _("Being looked at by the team"),
    ReportStatus.REFERRED: _("Being looked at by the team"),
    ReportStatus.CLOSED: _("Finished"),
}


class HowKnown(models.TextChoices):
    SAW = "saw", _("I saw or heard it happen")
    INVOLVED = "involved", _("It happened to me, or I was involved")
    TOLD = "told", _("Someone told me about it")
    DOCUMENTS = "documents", _("I saw documents, messages or social media")
    OTHER = "other", _("Another way")


class ClosureReason(models.TextChoices):
    NO_CONDUCT = "no_conduct", "No indication of misconduct or corruption"
    INSUFFICIENT = "insufficient", "Not enough information to identify anyone or act"
    DUPLICATE = "duplicate", "Duplicate of another report or an existing matter"
    NOT_POLICE = "not_police", "Not about this force's officers or staff"
    REFERRED_ELSEWHERE = "referred_elsewhere", "Passed to another body (force, IOPC, other agency)"
    OTHER = "other", "Other (explained in the note)"


# The search box (workday.search) matches this expression; the GIN index below is on the same one.
REPORT_TEXT_VECTOR = SearchVector("what_happened", "where_happened", "people_described", config="english")


@pghistory.track(*_trackers())
class Report(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=20, unique=True)
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.PORTAL)
    intermediary = models.CharField(max_length=80, blank=True, default="")
    intermediary_reference = models.CharField(max_length=80, blank=True, default="")
    # One form, one report: the hidden token of the form that sent it (a second post is refused).
    submission_token = models.UUIDField(null=True, blank=True, unique=True)
    received_at = models.DateTimeField()

    what_happened = models.TextField()
    when_happened = models.CharField(max_length=200, blank=True, default="")
    where_happened = models.CharField(max_length=300, blank=True, default="")
    people_described = models.TextField(blank=True, default="")
    how_known = models.CharField(max_length=16, choices=HowKnown.choices, blank=True, default="")
    how_known_detail = models.CharField(max_length=500, blank=True, default="")
    ongoing = models.BooleanField(null=True, blank=True)
    anonymous = models.BooleanField(default=True)

    receipt_salt = models.CharField(max_length=32, blank=True, default="")
    receipt_hash = models.CharField(max_length=64, blank=True, default="")

    status = models.CharField(max_length=16, choices=ReportStatus.choices, default=ReportStatus.RECEIVED)
    acknowledge_due_on = models.DateField()
    feedback_due_on = models.DateField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    feedback_given_at = models.DateTimeField(null=True, blank=True)
    reporter_updated_at = models.DateTimeField(null=True, blank=True, help_text="New information not yet seen")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    closure_reason = models.CharField(max_length=24, choices=ClosureReason.choices, blank=True, default="")
    closure_note = models.TextField(blank=True, default="")
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["intermediary", "intermediary_reference"],
                condition=models.Q(channel="intermediary"),
                name="report_intermediary_reference_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "received_at"]),
            GinIndex(REPORT_TEXT_VECTOR, name="report_text_search"),
            models.Index(fields=["reference"], opclasses=["varchar_pattern_ops"], name="report_reference_prefix"),
        ]

    def __str__(self):
        return self.reference

    @property
    def public_status(self):
        return PUBLIC_STATUS[ReportStatus(self.status)]

    @property
    def is_open(self) -> bool:
        return self.status in (ReportStatus.RECEIVED, ReportStatus.ASSESSING)

    @property
    def can_message_reporter(self) -> bool:
        return self.channel == Channel.PORTAL


class ReporterIdentity(models.Model):
    """Contact details a reporter chose to give. Read only through the identity selector, by a
    permitted role after step-up re-authentication; every reading is an access event. Not in
    history tables (so it is in exactly one place)."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="identity")
    name = models.CharField(max_length=200, blank=True, default="")
    email = models.EmailField(blank=True, default="")
    phone = models.CharField(max_length=40, blank=True, default="")
    safe_to_contact = models.CharField(max_length=300, blank=True, default="")

    def __str__(self):
        return f"identity for {self.report.reference}"


class MessageDirection(models.TextChoices):
    FROM_REPORTER = "from_reporter", "From the reporter"
    TO_REPORTER = "to_reporter", "To the reporter"


class MessageKind(models.TextChoices):
    REPORTER = "reporter", "Reporter's message or new information"
    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement"
    UPDATE = "update", "Update or question"
    FEEDBACK = "feedback", "Feedback on the outcome"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ReportMessage(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    direction = models.CharField(max_length=16, choices=MessageDirection.choices)
    kind = models.CharField(max_length=16, choices=MessageKind.choices)
    body = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.report.reference} {self.kind} {self.created_at:%Y-%m-%d}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class InternalNote(models.Model):
    """The team's own notes: a separate table the public pages never query."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="internal_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"note on {self.report.reference}"


class ReportAttachment(models.Model):
    """A file sent by the reporter, checked by content and stored under its SHA-256."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        ReportMessage, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=100)
    kind = models.CharField(max_length=16)
    path = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.name


@pghistory.track(*_trackers())
class ReportPersonLink(models.Model):
    """A member of the workforce a triage officer believes the report is about."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="person_links")
    person = models.ForeignKey("workforce.Person", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=500)
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "person"], name="report_person_link_unique")]

    def __str__(self):
        return f"{self.report.reference} -> {self.person_id}"


class ReminderKind(models.TextChoices):
    ACKNOWLEDGE_SOON = "acknowledge_soon", "Acknowledgement due soon"
    ACKNOWLEDGE_OVERDUE = "acknowledge_overdue", "Acknowledgement overdue"
    FEEDBACK_SOON = "feedback_soon", "Feedback due soon"
    FEEDBACK_OVERDUE = "feedback_overdue", "Feedback overdue"


class ReportReminder(models.Model):
    """One row per reminder sent: the daily task never sends the same reminder twice."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=24, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "kind"], name="report_reminder_once")]

    def __str__(self):
        return f"{self.report.reference} {self.kind}"


class IntermediaryImport(models.Model):
    """One batch file from an intermediary reporting line, with each bad row and its line number."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    intermediary = models.CharField(max_length=80)
    file_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    already_imported = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self):
        return f"{self.intermediary} {self.file_name}"
