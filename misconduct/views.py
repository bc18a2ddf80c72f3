from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from accounts.choices import REPORT_TRIAGERS, Role
from cases.selectors import cases_visible_to
from workforce.selectors import people_visible_to, workforce_imports_visible_to

# What each role does here, shown on the home page until its own work areas exist.
ROLE_SUMMARIES = {
    Role.INVESTIGATOR: "Record allegations, run investigations, log evidence and actions.",
    Role.SUPERVISOR: "Review prioritised queues, allocate cases, watch deadlines and workload.",
    Role.APPROPRIATE_AUTHORITY: "Assess severity, decide case to answer, refer to proceedings.",
    Role.VETTING_OFFICER: "Manage clearances and review workforce screening results.",
    Role.REPORTING_OFFICER: "Triage reports from the public reporting line and reply to reporters.",
    Role.ANALYST: "Disparity analytics, patterns and early-intervention flags.",
    Role.HEARINGS_OFFICER: "Schedule meetings and hearings, record outcomes and appeals.",
    Role.OVERSIGHT_READER: "Read statistics and 12-month reports.",
    Role.AUDITOR: "Check who viewed, exported or disclosed protected records.",
    Role.ADMINISTRATOR: "Users, roles, reference data and the workforce import.",
}


@login_required
def home(request):
    user = request.user
    cards = []
    cases = cases_visible_to(user=user)
    if user.has_role(
        Role.INVESTIGATOR, Role.SUPERVISOR, Role.APPROPRIATE_AUTHORITY, Role.HEARINGS_OFFICER, Role.ANALYST
    ):
        cards.append(
            {"title": "Open cases you can see", "value": cases.filter(status="open").count(), "url": "cases:list"}
        )
    people = people_visible_to(user=user)
    if user.has_role(Role.VETTING_OFFICER, Role.ADMINISTRATOR, Role.SUPERVISOR):
        cards.append(
            {
                "title": "People in the workforce",
                "value": people.filter(is_leaver=False).count(),
                "url": "workforce:people",
            }
        )
    if user.has_role(Role.ADMINISTRATOR):
        last = workforce_imports_visible_to(user=user).first()
        cards.append(
            {
                "title": "Last workforce import",
                "value": last.get_status_display() if last else "None yet",
                "url": "workforce:imports",
            }
        )
    if user.has_role(*REPORT_TRIAGERS):
        from reporting.selectors import reports_visible_to

        cards.append(
            {
                "title": "Reports not yet acknowledged",
                "value": reports_visible_to(user=user)
                .filter(acknowledged_at__isnull=True, status__in=["received", "assessing"])
                .count(),
                "url": "reporting:queue",
            }
        )
    if user.has_role(Role.ANALYST):
        from oversight.models import DisparityFlag, FlagStatus

        cards.append(
            {
                "title": "Disparity flags awaiting review",
                "value": DisparityFlag.objects.filter(status=FlagStatus.NEW).count(),
                "url": "oversight:flags",
            }
        )
    unread = user.notifications.filter(read_at__isnull=True).count()
    if unread:
        cards.append({"title": "Unread notifications", "value": unread, "url": "oversight:notifications"})
    summaries = [(Role(r).label, ROLE_SUMMARIES[r]) for r in sorted(user.roles) if r in ROLE_SUMMARIES]
    return render(request, "home.html", {"cards": cards, "summaries": summaries})


def healthz(request):
    """Liveness and database reachability, for load balancers. No personal data."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _portal(request) -> bool:
    from reporting.middleware import is_portal_request

    return is_portal_request(request)


def error_404(request, exception=None):
    if _portal(request):
        return render(request, "reporting/public/error.html", {"code": 404}, status=404)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    if _portal(request):
        return render(request, "reporting/public/error.html", {"code": 404}, status=404)
    return render(request, "errors/404.html", status=404)


def error_500(request):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Something went wrong on our side. It has been logged."}, status=500)
    if _portal(request):
        return render(request, "reporting/public/error.html", {"code": 500}, status=500)
    return render(request, "errors/500.html", status=500)


def error_403(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "You do not have permission to do that."}, status=403)
    if _portal(request):
        return render(request, "reporting/public/error.html", {"code": 403}, status=403)
    return render(request, "errors/403.html", status=403)


def error_400(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Bad request."}, status=400)
    if _portal(request):
        return render(request, "reporting/public/error.html", {"code": 400}, status=400)
    return render(request, "errors/400.html", status=400)


def csrf_failure(request, reason=""):
    """The form's security token was missing or stale (an old tab, cookies blocked): say so plainly."""
    template = "reporting/public/error.html" if _portal(request) else "errors/403.html"
    return render(request, template, {"code": 403, "csrf": True}, status=403)
