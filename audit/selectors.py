from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from accounts.choices import AUDIT_READERS

from .choices import AccessAction
from .models import AccessEvent


def access_events_visible_to(*, user) -> QuerySet[AccessEvent]:
    if not user.is_authenticated or not user.has_role(*AUDIT_READERS):
        return AccessEvent.objects.none()
    return AccessEvent.objects.all()


# outputs that take protected data out of the system: an auditor checks each one
SENSITIVE_OUTPUTS = (AccessAction.EXPORT, AccessAction.PRINT, AccessAction.DISCLOSE)
EXPORT_CHECK_DAYS = 30  # how far back the "Exports to check" list looks


def exports_to_check(*, user, now=None) -> QuerySet[AccessEvent]:
    """Exports, prints and disclosures of the last EXPORT_CHECK_DAYS days not yet checked, oldest
    first. Never the auditor's own: another auditor checks those."""
    now = now or timezone.now()
    return (
        access_events_visible_to(user=user)
        .filter(
            action__in=SENSITIVE_OUTPUTS,
            occurred_at__gte=now - timedelta(days=EXPORT_CHECK_DAYS),
            export_check__isnull=True,
        )
        .exclude(actor_id=user.pk)
        .order_by("seq")
    )
