"""The oversight reader's pages (the local policing body, e.g. MOPAC): read only, published figures
only, every page view an access event. Everyone else gets 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from audit.choices import AccessAction
from audit.services import access_event_record

from .roles import OVERSIGHT_READERS
from .selectors_oversight import (
    hearing_row,
    hearings_in_public,
    hearings_not_listed,
    oversight_counts,
    published_count,
    suspension_row,
    suspensions_overseen,
)

PER_PAGE = 25


def _require_oversight_reader(user) -> None:
    if not user.has_role(*OVERSIGHT_READERS):
        raise Http404


def _record_view(request, *, object_type: str, label: str, purpose: str) -> None:
    access_event_record(
        actor=request.user,
        action=AccessAction.VIEW,
        object_type=object_type,
        object_id=request.get_full_path()[:64],
        object_label=label[:120] or "(none)",
        purpose=purpose,
        request=request,
    )


@login_required
def oversight_home(request):
    _require_oversight_reader(request.user)
    today = timezone.localdate()
    counts = oversight_counts(user=request.user, today=today)
    links = [
        ("12-month reports", reverse("oversight:reg19-reports"), "Regulation 19 reports the force has sent to you."),
        ("Suspension reviews", reverse("governance:oversight-suspensions"), "Officers suspended, and their reviews."),
        ("Hearings in public", reverse("governance:oversight-hearings"), "Date, time and venue; outcomes after."),
        ("Home Office return", reverse("governance:return"), "The annual misconduct tables, as published."),
        ("Timeliness", reverse("governance:timeliness"), "Time in each stage and statutory clocks, as published."),
        (
            "Disparity statistics",
            reverse("oversight:statistics"),
            "Outcomes by ethnicity for the force and each command.",
        ),
    ]
    _record_view(
        request,
        object_type="oversight_home",
        label=" ".join(f"{k}={'c' if v is None else v}" for k, v in counts.items()),
        purpose="The local policing body's overview: published counts",
    )
    return render(
        request,
        "governance/oversight/home.html",
        {"counts": counts, "links": [link for link in links if link[1]], "today": today},
    )


@login_required
def oversight_suspensions(request):
    _require_oversight_reader(request.user)
    today = timezone.localdate()
    page = Paginator(suspensions_overseen(today=today), PER_PAGE).get_page(request.GET.get("page"))
    rows = [suspension_row(d, today=today) for d in page.object_list]
    _record_view(
        request,
        object_type="oversight_suspensions",
        label=", ".join(r.reference for r in rows),
        purpose=f"Suspension reviews overseen by the local policing body; {len(rows)} shown",
    )
    return render(request, "governance/oversight/suspensions.html", {"page": page, "rows": rows, "today": today})


@login_required
def oversight_hearings(request):
    _require_oversight_reader(request.user)
    today = timezone.localdate()
    when = "past" if request.GET.get("when") == "past" else "upcoming"
    page = Paginator(hearings_in_public(today=today, when=when), PER_PAGE).get_page(request.GET.get("page"))
    rows = [hearing_row(p, today=today) for p in page.object_list]
    _record_view(
        request,
        object_type="oversight_hearings",
        label=f"{when}: " + ", ".join(f"{r.scheduled_for:%Y-%m-%d} {r.forum[:12]}" for r in rows),
        purpose=f"Hearings in public ({when}) for the local policing body; {len(rows)} shown",
    )
    return render(
        request,
        "governance/oversight/hearings.html",
        {
            "page": page,
            "rows": rows,
            "when": when,
            "today": today,
            "not_listed": published_count(hearings_not_listed(today=today)),
        },
    )
