"""The investigator's diary: a week at a time, by day, what is theirs on the matters they may see.

- their own actions (owned, or on their matters when nobody else owns them): due that week, done
  that week, and any overdue whatever the week;
- the deadlines of the open matters they investigate (cases.deadlines, the case page's own rule);
- their diary entries, on the day things happened (as entered).

Every matter is read through cases.selectors.cases_visible_to; the matters shown are logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from audit.access import log_list_read
from cases import services
from cases.deadlines import deadlines_by_case
from cases.forms import DiaryPageEntryForm
from cases.models import DiaryEntry, InvestigationAction
from cases.selectors import cases_visible_to
from cases.views import apply_validation_error

DIARY_ROLES = (Role.INVESTIGATOR, Role.SUPERVISOR)


@dataclass
class DiaryItem:
    day: date
    kind: str  # action, done, deadline, entry
    title: str
    reference: str
    url: str
    detail: str = ""
    tag: str = ""
    tag_colour: str = ""


def week_of(value: str | None, today: date) -> date:
    """The Monday of the week asked for (?week=YYYY-MM-DD), this week when absent or nonsense."""
    try:
        day = date.fromisoformat(value) if value else today
    except ValueError:
        day = today
    return day - timedelta(days=day.weekday())


def my_actions(user, visible):
    """The user's actions: owned by them, or unowned on matters they investigate."""
    return InvestigationAction.objects.filter(case__in=visible).filter(
        Q(owner=user) | Q(owner__isnull=True, case__investigator=user)
    )


def diary_week(user, monday: date, today: date) -> tuple[list[dict], list[DiaryItem], list]:
    """(days with their items, overdue actions, the matters shown)."""
    sunday = monday + timedelta(days=6)
    visible = cases_visible_to(user=user)
    cases_shown: dict = {}

    def case_url(case, anchor=""):
        return reverse("cases:detail", args=[case.reference]) + anchor

    items: list[DiaryItem] = []
    overdue: list[DiaryItem] = []
    actions = (
        my_actions(user, visible)
        .filter(
            Q(due_on__range=(monday, sunday))
            | Q(completed_on__range=(monday, sunday))
            | Q(completed_on__isnull=True, due_on__lt=today)
        )
        .select_related("case")
        .order_by("due_on", "pk")
    )
    for a in actions:
        cases_shown[a.case_id] = a.case
        title = f"{a.get_kind_display()}: {a.description[:120]}"
        if a.completed_on and monday <= a.completed_on <= sunday:
            items.append(
                DiaryItem(
                    a.completed_on,
                    "done",
                    title,
                    a.case.reference,
                    case_url(a.case, "#action-log"),
                    "",
                    "Done",
                    "green",
                )
            )
        if a.completed_on is None and a.due_on < today:
            overdue.append(
                DiaryItem(
                    a.due_on, "action", title, a.case.reference, case_url(a.case, "#action-log"), "", "Overdue", "red"
                )
            )
        elif a.completed_on is None and monday <= a.due_on <= sunday:
            items.append(
                DiaryItem(
                    a.due_on,
                    "action",
                    title,
                    a.case.reference,
                    case_url(a.case, "#action-log"),
                    "",
                    "Action due",
                    "blue",
                )
            )
    mine = {case.pk: case for case in visible.filter(investigator=user, status="open")}
    for case_id, deadlines in deadlines_by_case(mine.values(), today).items():  # a fixed number of queries
        case = mine[case_id]
        for due, what in deadlines:
            if due is not None and monday <= due <= sunday:
                cases_shown[case.pk] = case
                items.append(DiaryItem(due, "deadline", what, case.reference, case_url(case), "", "Deadline", "orange"))
    for entry in (
        DiaryEntry.objects.filter(author=user, case__in=visible, happened_on__range=(monday, sunday))
        .select_related("case")
        .order_by("happened_on", "recorded_at")
    ):
        cases_shown[entry.case_id] = entry.case
        recorded = timezone.localtime(entry.recorded_at)
        items.append(
            DiaryItem(
                entry.happened_on,
                "entry",
                entry.text,
                entry.case.reference,
                case_url(entry.case, "#timeline"),
                f"Recorded {recorded:%-d %b %Y %H:%M}",
                "Diary",
                "grey",
            )
        )
    days = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        days.append({"day": day, "today": day == today, "items": [i for i in items if i.day == day]})
    return days, overdue, list(cases_shown.values())


@login_required
def diary(request):
    user = request.user
    if not user.has_role(*DIARY_ROLES):
        raise Http404
    today = timezone.localdate()
    monday = week_of(request.GET.get("week"), today)
    form = DiaryPageEntryForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        case = cases_visible_to(user=user).filter(reference__iexact=data["reference"].strip()).first()
        if case is None:
            form.add_error("reference", f"There is no matter {data['reference'].strip().upper()} you can see")
        else:
            try:
                entry = services.diary_entry_add(
                    actor=user, case=case, happened_on=data["happened_on"], text=data["text"]
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, f"Diary entry added to {case.reference}.")
                return redirect(f"{reverse('workday:diary')}?week={week_of(entry.happened_on.isoformat(), today)}")
    days, overdue, cases_shown = diary_week(user, monday, today)
    if cases_shown:
        log_list_read(user=user, objects=cases_shown, purpose="my diary", request=request)
    return render(
        request,
        "workday/diary.html",
        {
            "days": days,
            "overdue": overdue,
            "monday": monday,
            "sunday": monday + timedelta(days=6),
            "previous": monday - timedelta(days=7),
            "next": monday + timedelta(days=7),
            "this_week": monday == today - timedelta(days=today.weekday()),
            "form": form,
        },
        status=400 if form.is_bound and form.errors else 200,
    )
