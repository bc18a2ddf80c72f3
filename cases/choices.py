from django.db import models


class CaseStatus(models.TextChoices):
    # The full statutory lifecycle replaces this in the conduct-matters work.
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
