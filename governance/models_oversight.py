"""A chair's direction that a hearing, otherwise held in public, is held in private or that the
officer is not to be identified (Police (Conduct) Regulations 2020, reg 39 and, for accelerated
hearings, reg 56; the IOPC's guidance on hearings in public). The oversight reader's list of
hearings in public leaves such a hearing out."""

import pghistory
from django.conf import settings
from django.db import models


class PublicityDirection(models.TextChoices):
    PRIVATE = "private", "Held in private (whole hearing)"
    ANONYMITY = "anonymity", "Officer not to be identified (anonymity)"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class HearingPublicityDirection(models.Model):
    proceeding = models.OneToOneField(
        "hearings.Proceeding", on_delete=models.CASCADE, related_name="publicity_direction"
    )
    direction = models.CharField(max_length=16, choices=PublicityDirection.choices)
    reasons = models.TextField()
    directed_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.get_direction_display()} ({self.directed_on:%d %b %Y})"
