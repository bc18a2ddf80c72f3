"""The unread count beside "Notifications" in the service navigation: counted only when a page
draws the navigation (the template calls it), with notifications.selectors.unread_count."""

from django.conf import settings
from django.urls import reverse

from .selectors import unread_count, unread_count_label


def unread(request):
    user = getattr(request, "user", None)
    if user is None or settings.PORTAL_ONLY or not user.is_authenticated:
        return {}
    memo: dict[str, str] = {}

    def label() -> str:  # called by the template; once per request
        if "label" not in memo:
            count = unread_count(user=user)
            memo["label"] = unread_count_label(count) if count else ""
        return memo["label"]

    return {"notifications_url": reverse("notifications:list"), "notifications_unread": label}
