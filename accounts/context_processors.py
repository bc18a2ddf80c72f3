from django.conf import settings
from django.urls import reverse

from .choices import AUDIT_READERS, CASE_READERS, REPORT_TRIAGERS, WORKFORCE_READERS, Role
from .middleware import second_factor_complete

# (label, url name, roles that see it; None = every signed-in user)
NAVIGATION = [
    ("Home", "home", None),
    ("Queues", "queues:home", {Role.SUPERVISOR, Role.APPROPRIATE_AUTHORITY}),
    ("Cases", "cases:list", CASE_READERS),
    ("Workforce", "workforce:people", WORKFORCE_READERS),
    ("Disparities", "oversight:dashboard", {Role.ANALYST}),
    ("Vetting", "vetting:home", {Role.VETTING_OFFICER}),
    ("Reporting line", "reporting:queue", REPORT_TRIAGERS),
    ("Workforce import", "workforce:imports", {Role.ADMINISTRATOR}),
    ("Audit", "audit:search", AUDIT_READERS),
    ("API", "api-docs", None),
]


def navigation(request):
    user = getattr(request, "user", None)
    items = []
    if user is not None and not settings.PORTAL_ONLY and second_factor_complete(user):
        for label, name, roles in NAVIGATION:
            if roles is None or user.has_role(*roles):
                url = reverse(name)
                active = request.path == url or (url != "/" and request.path.startswith(url))
                items.append({"label": label, "url": url, "active": active})
    return {
        "navigation": items,
        "service_name": settings.SERVICE_NAME,
        "force_name": settings.FORCE_NAME,
        "demo_mode": settings.DEMO_MODE,
    }
