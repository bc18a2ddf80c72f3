from django.conf import settings
from django.urls import reverse

from .choices import (
    AUDIT_READERS,
    CASE_READERS,
    COUNTER_CORRUPTION_UNIT,
    INTEGRITY_APPROVERS,
    REPORT_TRIAGERS,
    WORKFORCE_READERS,
    Role,
)
from .middleware import second_factor_complete


def has_person_record(user) -> bool:
    """A user linked to a workforce record (who declares their own register entries)."""
    return user.person_id is not None


# (label, url name, roles that see it; None = every signed-in user[, a further test of the user])
NAVIGATION = [
    ("Home", "home", None),
    ("Queues", "queues:home", {Role.SUPERVISOR, Role.APPROPRIATE_AUTHORITY}),
    ("Cases", "cases:list", CASE_READERS),
    ("My diary", "workday:diary", {Role.INVESTIGATOR}),
    ("Workforce", "workforce:people", WORKFORCE_READERS),
    ("Disparities", "oversight:dashboard", {Role.ANALYST}),
    # governance.roles TIMELINESS_EXACT_READERS (governance sits above accounts); the oversight reader
    # reaches timeliness, like the rest of its pages, from its one entry
    ("Timeliness", "governance:timeliness", {Role.ANALYST, Role.SUPERVISOR, Role.APPROPRIATE_AUTHORITY}),
    # the local policing body: one entry; its pages (12-month reports, statistics, ...) are linked from there
    ("Oversight", "governance:oversight-home", {Role.OVERSIGHT_READER}),
    ("Home Office return", "governance:return", {Role.ANALYST}),
    ("Vetting", "vetting:home", {Role.VETTING_OFFICER}),
    ("Hearings calendar", "workday:calendar", {Role.HEARINGS_OFFICER}),
    ("Performance", "performance:queue", {Role.SUPERVISOR, Role.APPROPRIATE_AUTHORITY}),
    ("Vetting withdrawals", "vetting:withdrawals", {Role.APPROPRIATE_AUTHORITY}),
    ("Reporting line", "reporting:queue", REPORT_TRIAGERS),
    # the unit's home is its queue (/counter-corruption/queue/)
    ("Counter-corruption", "counter_corruption:queue", COUNTER_CORRUPTION_UNIT),
    ("Workforce import", "workforce:imports", {Role.ADMINISTRATOR}),
    ("Locked accounts", "accounts:locked", {Role.ADMINISTRATOR}),
    ("Audit", "audit:search", AUDIT_READERS),
    # governance.roles.BOARD_PACK_READERS (accounts sits below governance and cannot import it)
    ("Board pack", "governance:board-packs", {Role.ANALYST, Role.APPROPRIATE_AUTHORITY}),
    ("Integrity registers", "integrity:registers", INTEGRITY_APPROVERS),
    ("My declarations", "integrity:mine", None, has_person_record),
    # its unread count is drawn beside it by notifications.context_processors.unread
    ("Notifications", "notifications:list", None),
    ("API", "api-docs", None),
]


def navigation(request):
    user = getattr(request, "user", None)
    items = []
    if user is not None and not settings.PORTAL_ONLY and second_factor_complete(user):
        for label, name, roles, *test in NAVIGATION:
            if (roles is None or user.has_role(*roles)) and all(check(user) for check in test):
                url = reverse(name)
                items.append({"label": label, "url": url, "active": False})
        # the current entry is the one whose address is the longest match for the page: one at most
        matches = [
            i for i in items if request.path == i["url"] or (i["url"] != "/" and request.path.startswith(i["url"]))
        ]
        if matches:
            max(matches, key=lambda i: len(i["url"]))["active"] = True
    return {
        "navigation": items,
        "service_name": settings.SERVICE_NAME,
        "force_name": settings.FORCE_NAME,
        "demo_mode": settings.DEMO_MODE,
    }
