from django.db.models import QuerySet

from accounts.choices import AUDIT_READERS

from .models import AccessEvent


def access_events_visible_to(*, user) -> QuerySet[AccessEvent]:
    if not user.is_authenticated or not user.has_role(*AUDIT_READERS):
        return AccessEvent.objects.none()
    return AccessEvent.objects.all()
