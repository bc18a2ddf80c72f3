"""The hearings officer's calendar of meetings, hearings and accelerated hearings: a month grid
(previous and next month) and a list of the same month, of the proceedings on matters the user may
open (cases.selectors.cases_visible_to through workday.home_casework.proceedings_visible_to).

At /calendar/ (workday:calendar): the hearings app's addresses sit under /cases/, where a page
address could be taken for an imported case reference."""

from __future__ import annotations

import calendar
from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from accounts.choices import CASE_READERS
from audit.access import log_list_read

from .home_casework import proceedings_visible_to

CALENDAR_ROLES = CASE_READERS  # the hearings officer, and whoever else reads cases (need-to-know applies)


def _month(value: str, today: date) -> date:
    """The first day of the month asked for (?month=YYYY-MM), this month when absent or bad."""
    try:
        year, month = (int(part) for part in value.split("-"))
        return date(year, month, 1)
    except (ValueError, TypeError):
        return today.replace(day=1)


def _shift(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@login_required
def hearings_calendar(request):
    if not request.user.has_role(*CALENDAR_ROLES):
        raise Http404
    today = timezone.localdate()
    first = _month(request.GET.get("month", ""), today)
    last = date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])
    view = "list" if request.GET.get("view") == "list" else "month"
    proceedings = list(
        proceedings_visible_to(request.user)
        .filter(scheduled_for__gte=first, scheduled_for__lte=last)
        .exclude(status="cancelled")
        .order_by("scheduled_for", "scheduled_time", "id")
    )
    log_list_read(
        user=request.user,
        objects=list({p.subject.case_id: p.subject.case for p in proceedings}.values()),
        purpose="hearings calendar",
        request=request,
        what="case",
    )
    by_day: dict[date, list] = {}
    for p in proceedings:
        by_day.setdefault(p.scheduled_for, []).append(p)
    weeks = [
        [{"day": d, "in_month": d.month == first.month, "items": by_day.get(d, []), "today": d == today} for d in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    context = {
        "view": view,
        "first": first,
        "previous": _shift(first, -1),
        "next": _shift(first, 1),
        "weeks": weeks,
        "weekdays": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        "proceedings": proceedings,
        "today": today,
    }
    return render(request, "workday/calendar.html", context)
