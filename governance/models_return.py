"""The Home Office return's per-year headline counts, kept so the page answers at once at national
scale (computing them reads the whole year's return: ~20 s for 50,000 subjects)."""

from django.db import models


class ReturnSummary(models.Model):
    """One financial year's exact headline counts (the published tables are derived from them).

    `signature` names the data the counts were built from (the latest history event of every table
    the return reads); a different signature now means they are stale, and
    governance.return_tasks rebuilds them. `requested_at` marks a year waiting for a rebuild, so
    a lost task is found by the periodic sweep.
    """

    year = models.PositiveSmallIntegerField(primary_key=True)
    signature = models.CharField(max_length=400)
    counts = models.JSONField(default=dict)
    built_at = models.DateTimeField()
    requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year"]
