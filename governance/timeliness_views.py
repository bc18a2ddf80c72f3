"""The timeliness page (exact for the force, published for the oversight reader) and the matters
behind a figure (exact readers only, need-to-know applied)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.choices import Role
from audit.choices import AccessAction
from audit.services import access_event_record

from .roles import TIMELINESS_EXACT_READERS, TIMELINESS_PUBLISHED_READERS
from .timeliness import (
    ageing_chart,
    latest_run,
    matter_links,
    matters_behind,
    run_in_progress,
    stage_chart,
    timeliness_run_start,
    timeliness_summary,
)
from .timeliness_facts import STAGE_LABELS
from .timeliness_forms import MattersForm, TimelinessFilterForm

REFRESHERS = frozenset({Role.ANALYST})


def _published(user) -> bool:
    if user.has_role(*TIMELINESS_EXACT_READERS):
        return False
    if user.has_role(*TIMELINESS_PUBLISHED_READERS):
        return True
    raise Http404


class _Page:
    """One page of the matters behind a figure, read one row past its end to know whether another
    follows: never a count of every fact the user may see (the figure itself gives the total)."""

    size = 25

    def __init__(self, queryset, number):
        try:
            self.number = max(1, int(number or 1))
        except (TypeError, ValueError):
            self.number = 1
        start = (self.number - 1) * self.size
        rows = list(queryset[start : start + self.size + 1])
        self.object_list = rows[: self.size]
        self.has_next = len(rows) > self.size
        self.has_previous = self.number > 1
        self.previous_page_number = self.number - 1
        self.next_page_number = self.number + 1


@login_required
@require_http_methods(["GET"])
def timeliness(request):
    published = _published(request.user)
    form = TimelinessFilterForm(request.GET or None)
    filters = form.filters()
    summary = timeliness_summary(filters=filters, published=published)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "summary": summary,
        "published": published,
        "where": form.where_label(),
        "stage_svg": stage_chart(summary["stages"]) if summary["run"] else "",
        "ageing_svg": ageing_chart(summary["bands"]) if summary["run"] else "",
        "query": query.urlencode(),
        "may_refresh": request.user.has_role(*REFRESHERS),
        "in_progress": run_in_progress(),
    }
    return render(request, "governance/timeliness/page.html", context)


@login_required
def timeliness_refresh(request):
    if not request.user.has_role(*REFRESHERS):
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if run_in_progress() is None:
        timeliness_run_start(reason=f"on request of {request.user.username}")
        messages.success(request, "The figures are being rebuilt; the page shows the new ones when the run finishes.")
    else:
        messages.info(request, "A rebuild is already running.")
    return redirect("governance:timeliness")


@login_required
@require_http_methods(["GET"])
def timeliness_matters(request):
    if _published(request.user):
        raise Http404
    form = MattersForm(request.GET or None)
    values = form.values()
    stage = values.get("stage")
    facts, run = (None, None)
    page = None
    if stage and "stage" not in form.errors:
        facts, run = matters_behind(
            user=request.user, stage=stage, is_open=values.get("status") == "open", filters=form.filters()
        )
        page = _Page(facts, request.GET.get("page"))
        page.object_list = matter_links(page.object_list)
        if page.object_list:
            access_event_record(
                actor=request.user,
                action=AccessAction.VIEW,
                object_type="timeliness_matters",
                object_id=str(run.public_id),
                object_label=f"{stage} {values['status']} page {page.number} ({len(page.object_list)})",
                purpose="The matters behind a timeliness figure",
                request=request,
            )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "run": run or latest_run(),
        "stage_label": STAGE_LABELS.get(stage, ""),
        "status": values.get("status"),
        "where": form.where_label(),
        "back_query": query.urlencode(),
        "page_query": query.urlencode(),
    }
    return render(request, "governance/timeliness/matters.html", context)
