"""The law as data: each rule the system applies, in every version, with its commencement date.

A rule is a named part of the law the system applies (the composition of a hearing panel, the
outcomes open after a finding of gross misconduct, suspension reviews, ...). Each amendment is a new
version row with the date it came into force and which date of a matter decides whether it applies
(its transitional provision). Which version a matter gets is answered by `law.rules.version_for`
from the matter's own dates, so older matters keep the rules they started under. A version whose
`commences_on` is empty has been made but not commenced: a switch an administrator sets (with history)
when the commencement order is made.
"""

import pghistory
from django.db import models


class AppliesBy(models.TextChoices):
    CONDUCT_DATE = "conduct_date", "Date of the conduct"
    ATTENTION_DATE = "attention_date", "Date the matter came to the force's attention"
    ASSESSMENT_DATE = "assessment_date", "Date of the severity assessment"
    EVENT_DATE = "event_date", "Date of the step itself (e.g. the referral, notice or decision)"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class RuleVersion(models.Model):
    rule = models.SlugField(max_length=60, help_text="The rule, e.g. hearing_panel")
    version = models.SlugField(max_length=40, help_text="e.g. 2020, si-2024-521")
    title = models.CharField(
        max_length=200, help_text="The instrument, e.g. Police (Conduct) (Amendment) Regulations 2024"
    )
    instrument = models.CharField(max_length=80, blank=True, default="", help_text="e.g. SI 2024/521")
    commences_on = models.DateField(
        null=True, blank=True, help_text="In force from this date; empty while the provision is not yet commenced"
    )
    applies_by = models.CharField(max_length=20, choices=AppliesBy.choices, default=AppliesBy.CONDUCT_DATE)
    transitional = models.TextField(
        blank=True, default="", help_text="Which matters this version applies to, in plain words"
    )
    summary = models.TextField(blank=True, default="", help_text="What this version requires")
    params = models.JSONField(default=dict, blank=True, help_text="The numbers and switches of this version")

    class Meta:
        ordering = ["rule", "commences_on", "version"]
        constraints = [models.UniqueConstraint(fields=["rule", "version"], name="rule_version_unique")]
        verbose_name = "rule version"

    def __str__(self):
        return f"{self.title} ({self.instrument})" if self.instrument else self.title

    @property
    def rule_label(self) -> str:
        from .rules import rule_name

        return rule_name(self.rule)

    @property
    def in_force(self) -> bool:
        return self.commences_on is not None
