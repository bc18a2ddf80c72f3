"""Intelligence log references: INT-YYYY-NNNNN, gapless per year (one advisory lock per year)."""

from django.db import connection


def next_intel_reference(year: int) -> str:
    from .models import IntelLog

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('intel-reference'), %s)", [year])
    last = (
        IntelLog.objects.filter(reference__startswith=f"INT-{year}-")
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"INT-{year}-{number:05d}"
