from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from accounts.choices import Role

from .home import due_tag, sections_for

# What each role does here, in one line under the work list.
ROLE_SUMMARIES = {
    Role.INVESTIGATOR: "Record allegations, run investigations, log evidence and actions.",
    Role.SUPERVISOR: "Review prioritised queues, allocate cases, watch deadlines and workload.",
    Role.APPROPRIATE_AUTHORITY: "Assess severity, decide case to answer, refer to proceedings.",
    Role.VETTING_OFFICER: "Manage clearances and review workforce screening results.",
    Role.REPORTING_OFFICER: "Triage reports from the public reporting line and reply to reporters.",
    Role.ANALYST: "Disparity analytics, patterns and early-intervention flags.",
    Role.HEARINGS_OFFICER: "Schedule meetings and hearings, record outcomes and appeals.",
    Role.OVERSIGHT_READER: (
        "Read what the force publishes and sends you: 12-month (regulation 19) reports, suspension reviews, "
        "hearings in public and disclosure-controlled statistics (Oversight)."
    ),
    Role.AUDITOR: "Check who viewed, exported or disclosed protected records.",
    Role.ADMINISTRATOR: "Users, roles, reference data and the workforce import.",
    Role.COUNTER_CORRUPTION: "Intelligence, monitoring of force systems, links between people.",
    Role.INTEGRITY_APPROVER: "Decide declarations on the integrity registers.",
}


@login_required
def home(request):
    """The signed-in user's own work, per role, each item linking to where it is done."""
    user = request.user
    today = timezone.localdate()
    sections = sections_for(user, today)
    for work in sections:
        for item in work.items:
            if not item.tag and item.due_on is not None:
                item.tag, item.tag_colour = due_tag(item.due_on, today)
    summaries = [(Role(r).label, ROLE_SUMMARIES[r]) for r in sorted(user.roles) if r in ROLE_SUMMARIES]
    unread = user.notifications.filter(read_at__isnull=True).count()
    return render(
        request, "home.html", {"sections": sections, "summaries": summaries, "unread": unread, "today": today}
    )
