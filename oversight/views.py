"""The disparity dashboard for the Anti-Corruption and Abuse Command's analysts."""

from __future__ import annotations

import math

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from accounts.choices import Role
from audit.choices import AccessAction
from audit.services import access_event_record
from cases.models import Case
from cases.selectors import cases_visible_to, reg19_reports_visible_to
from workforce.models import OrgUnit

from . import charts, statistics
from .drilldown import drilldown_subjects
from .exports import disclosed_tables, export_response
from .flags import flag_review, flag_title
from .forms import CompareForm, FlagReviewForm, SecondLookForm, SliceForm
from .models import (
    AdjustedResult,
    DisparityFlag,
    DisparityRefresh,
    DisparityResult,
    DurationResult,
    FlagStatus,
    RefreshStatus,
    Reg19Reading,
    SecondLook,
    Stage,
    Trigger,
)
from .presentation import (
    WATCH_MEANING,
    family_of,
    group_label,
    method_statement,
    population_label,
    source_label,
    stage_label,
    unit_label,
)
from .refresh import COMPARED, GROUPS, REFERENCE, RefreshAlreadyRunning, latest_refresh, refresh_start
from .second_look import SECOND_LOOK_ROLES, second_look_record

ANALYSTS = (Role.ANALYST,)
# disclosure-controlled aggregate statistics: the analysts, and the local policing body's reader
STATISTICS_READERS = (Role.ANALYST, Role.OVERSIGHT_READER)
SHORT_STAGE = {
    Stage.SYSTEM: "1 In system",
    Stage.GROSS: "2 Gross misconduct",
    Stage.CASE_TO_ANSWER: "3 Case to answer",
    Stage.HEARING: "4 Hearing",
    Stage.DISMISSED: "5 Dismissed or reduced",
    Stage.SANCTION: "5 Any sanction",
}
FUNNEL_STAGES = [Stage.SYSTEM, Stage.GROSS, Stage.CASE_TO_ANSWER, Stage.HEARING, Stage.DISMISSED, Stage.SANCTION]


def _require(user, roles=ANALYSTS):
    if not user.has_role(*roles):
        raise Http404


def _commands_only(user) -> bool:
    """The oversight reader (not also an analyst) sees the force and its commands, nothing lower."""
    return user.has_role(Role.OVERSIGHT_READER) and not user.has_role(*ANALYSTS)


def _slice_results(refresh, s) -> list[DisparityResult]:
    if refresh is None:
        return []
    return list(
        DisparityResult.objects.filter(
            refresh=refresh,
            level=s["level"],
            unit=s["unit_obj"] if s["level"] != "force" else None,
            window_months=s["window"],
            population=s["population"],
            source=s["source"],
        )
    )


def _cumulative(rows: list[DisparityResult]) -> list[dict]:
    """Events per average headcount at every stage (descriptive: flags come from the conditional view)."""
    by_key = {(r.stage, r.group): r for r in rows}
    out = []
    for r in rows:
        n = max(r.headcount, by_key.get((Stage.SYSTEM, r.group), r).events)
        rate = r.events / n if n else None
        low, high = statistics.wilson_interval(r.events, n) if n else (None, None)
        ratio = ratio_low = ratio_high = None
        status = ""
        ref = by_key.get((r.stage, REFERENCE))
        if r.group in COMPARED and ref is not None:
            ref_n = max(ref.headcount, by_key.get((Stage.SYSTEM, REFERENCE), ref).events)
            if n >= 10 and ref_n >= 10 and (r.events or ref.events):
                ratio = statistics.rate_ratio(r.events, n, ref.events, ref_n)
                ratio_low, ratio_high = statistics.koopman_interval(r.events, n, ref.events, ref_n)
                ratio = ratio if math.isfinite(ratio) else None
                ratio_high = ratio_high if math.isfinite(ratio_high) else None
            elif n < 10 or ref_n < 10:
                status = "INSUFFICIENT"
        out.append(
            {
                "id": r.id,
                "stage": r.stage,
                "group": r.group,
                "n": n,
                "events": r.events,
                "rate": rate,
                "rate_low": low,
                "rate_high": high,
                "ratio": ratio,
                "ratio_low": ratio_low,
                "ratio_high": ratio_high,
                "p_value": None,
                "p_adjusted": None,
                "status": status,
            }
        )
    return out


def _as_dicts(rows: list[DisparityResult]) -> list[dict]:
    fields = ["id", "stage", "group", "n", "events", "rate", "rate_low", "rate_high", "ratio", "ratio_low"]
    fields += ["ratio_high", "p_value", "p_adjusted", "status"]
    return [{f: getattr(r, f) for f in fields} for r in rows]


def _ordered(rows: list[dict]) -> list[dict]:
    order = {s: i for i, s in enumerate(FUNNEL_STAGES)}
    groups = {g: i for i, g in enumerate(GROUPS)}
    for row in rows:
        row["stage_label"] = stage_label(row["stage"])
        row["group_label"] = group_label(row["group"])
    return sorted(rows, key=lambda r: (order.get(r["stage"], 99), groups.get(r["group"], 99)))


@login_required
def dashboard(request):
    _require(request.user)
    form = SliceForm(request.GET or None)
    s = form.slice()
    refresh = latest_refresh()
    running = DisparityRefresh.objects.filter(status=RefreshStatus.RUNNING).first()
    results = _slice_results(refresh, s)
    rows = _ordered(_cumulative(results) if s["view"] == "cumulative" else _as_dicts(results))
    stages = []
    for stage in FUNNEL_STAGES:
        stage_rows = [
            {
                "group": r["group"],
                "label": r["group_label"],
                "rate": r["rate"],
                "low": r["rate_low"],
                "high": r["rate_high"],
            }
            for r in rows
            if r["stage"] == stage and r["group"] != "not_stated"
        ]
        if stage_rows:
            stages.append((stage_label(stage), stage_rows))
    forest_rows = [
        {
            "label": f"{SHORT_STAGE[r['stage']]}: {r['group_label']}",
            "ratio": r["ratio"],
            "low": r["ratio_low"],
            "high": r["ratio_high"],
            "status": r["status"],
        }
        for r in rows
        if r["group"] in COMPARED
    ]
    where = unit_label(s["level"], s["unit_obj"])
    context = {
        "form": form,
        "refresh": refresh,
        "running": running,
        "slice": s,
        "where": where,
        "rows": rows,
        "view": s["view"],
        "funnel_svg": (
            charts.funnel_chart(
                stages,
                f"Funnel for {where}",
                "of headcount" if s["view"] == "cumulative" else "of the previous stage",
            )
        )
        if stages
        else "",
        "forest_svg": (charts.forest_plot(forest_rows, f"Relative rates for {where}")) if forest_rows else "",
        "durations": _durations(refresh, s),
        "adjusted": _adjusted(refresh, s),
        "flags": _slice_flags(s),
        "query": request.GET.urlencode(),
        "method_statement": method_statement(refresh) if refresh else "",
        "watch_meaning": WATCH_MEANING,
        "labels": {
            "population": population_label(s["population"]),
            "source": source_label(s["source"]),
        },
    }
    return render(request, "oversight/dashboard.html", context)


def _durations(refresh, s):
    if refresh is None:
        return []
    rows = DurationResult.objects.filter(
        refresh=refresh,
        level=s["level"],
        unit=s["unit_obj"] if s["level"] != "force" else None,
        window_months=s["window"],
        population=s["population"],
        source=s["source"],
    )
    order = {g: i for i, g in enumerate(GROUPS)}
    return sorted(
        ({"group_label": group_label(r.group), "r": r} for r in rows), key=lambda x: order.get(x["r"].group, 99)
    )


def _adjusted(refresh, s):
    if refresh is None or s["level"] != "force" or s["source"] != "all":
        return []
    rows = AdjustedResult.objects.filter(refresh=refresh, window_months=s["window"], population=s["population"])
    crude = {
        (r.stage, r.group): r
        for r in DisparityResult.objects.filter(
            refresh=refresh,
            level="force",
            unit=None,
            window_months=s["window"],
            population=s["population"],
            source="all",
        )
    }
    order = {st: i for i, st in enumerate(FUNNEL_STAGES)}
    out = [
        {
            "stage_label": stage_label(r.stage),
            "group_label": group_label(r.group),
            "r": r,
            "crude": crude.get((r.stage, r.group)),
        }
        for r in rows
    ]
    return sorted(out, key=lambda x: (order.get(x["r"].stage, 99), GROUPS.index(x["r"].group)))


def _slice_flags(s):
    return DisparityFlag.objects.exclude(status=FlagStatus.CLOSED).filter(
        level=s["level"],
        unit=s["unit_obj"] if s["level"] != "force" else None,
        window_months=s["window"],
        population=s["population"],
        source=s["source"],
    )


@login_required
def refresh_request(request):
    _require(request.user)
    if request.method != "POST":
        return HttpResponse(status=405)
    from infra.outbox import enqueue

    from .tasks import refresh_disparities

    try:
        refresh = refresh_start(trigger=Trigger.ON_DEMAND, actor=request.user)
    except RefreshAlreadyRunning:
        messages.info(request, "A refresh is already running: the dashboard will show it when it finishes.")
        return redirect("oversight:dashboard")
    enqueue(refresh_disparities, refresh.id)
    messages.success(request, "Refresh started. It runs in the background; reload this page in a minute.")
    return redirect("oversight:dashboard")


@login_required
def flags(request):
    _require(request.user)
    status = request.GET.get("status", "open")
    qs = DisparityFlag.objects.select_related("unit", "latest_result")
    if status == "open":
        qs = qs.exclude(status=FlagStatus.CLOSED)
    elif status in FlagStatus.values:
        qs = qs.filter(status=status)
    items = [{"flag": f, "title": flag_title(f)} for f in qs[:500]]
    return render(
        request,
        "oversight/flags.html",
        {"items": items, "status": status, "statuses": [("open", "Open"), *FlagStatus.choices]},
    )


@login_required
def flag_detail(request, public_id):
    _require(request.user)
    flag = get_object_or_404(
        DisparityFlag.objects.select_related("unit", "latest_result__refresh", "first_result"), public_id=public_id
    )
    form = FlagReviewForm(request.POST or None, flag=flag)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                flag_review(
                    actor=request.user,
                    flag=flag,
                    to_status=form.cleaned_data["to_status"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, f"Flag moved to {FlagStatus(flag.status).label.lower()}.")
                return redirect("oversight:flag", public_id=flag.public_id)
        status = 400
    result = flag.latest_result
    query = {
        "unit": "force" if flag.level == "force" else f"{flag.level}:{flag.unit.public_id}",
        "window": flag.window_months,
        "population": flag.population,
        "source": flag.source,
    }
    from urllib.parse import urlencode

    # need-to-know: only second looks on matters this analyst may open are named
    all_looks = flag.second_looks.all()
    visible = cases_visible_to(user=request.user)
    looks = list(all_looks.filter(subject__case__in=visible).select_related("subject__case")[:50])
    looks_hidden = all_looks.exclude(subject__case__in=visible).count()

    return render(
        request,
        "oversight/flag.html",
        {
            "flag": flag,
            "title": flag_title(flag),
            "result": result,
            "reference": DisparityResult.objects.filter(
                refresh_id=result.refresh_id,
                level=result.level,
                unit_id=result.unit_id,
                window_months=result.window_months,
                population=result.population,
                source=result.source,
                stage=result.stage,
                group=REFERENCE,
            ).first(),
            "family": family_of(result),
            "reviews": flag.reviews.select_related("by"),
            "second_looks": looks,
            "second_looks_hidden": looks_hidden,
            "form": form,
            "dashboard_query": urlencode(query),
            "stage_label": stage_label(flag.stage),
            "group_label": group_label(flag.group),
        },
        status=status,
    )


@login_required
def drilldown(request, result_id, which):
    _require(request.user)
    if which not in ("events", "n"):
        raise Http404
    result = get_object_or_404(DisparityResult.objects.select_related("refresh", "unit"), id=result_id)
    if which == "n" and result.stage == Stage.SYSTEM:
        raise Http404  # the headcount is people, not cases
    subject_rows = drilldown_subjects(result, which)
    case_ids = {row[1] for row in subject_rows}
    visible = set(cases_visible_to(user=request.user).filter(id__in=case_ids).values_list("id", flat=True))
    cases = {
        c.id: c
        for c in Case.objects.filter(id__in=visible).only("id", "reference", "received_date", "source", "status")
    }
    items = [cases[case_id] for _, case_id in subject_rows if case_id in cases][:500]
    label = f"{group_label(result.group)}, {stage_label(result.stage)}, {unit_label(result.level, result.unit)}"
    access_event_record(
        actor=request.user,
        action=AccessAction.VIEW,
        object_type="disparity_drilldown",
        object_id=str(result.id),
        object_label=f"{which} of {label}"[:120],
        purpose="Cases behind a disparity figure",
        request=request,
    )
    return render(
        request,
        "oversight/drilldown.html",
        {
            "result": result,
            "label": label,
            "which": which,
            "count": result.events if which == "events" else result.n,
            "items": items,
            "matters": len(subject_rows),
            "hidden": len(case_ids - visible),
            "shown_limit": len(visible) > 500,
            "window": result.window_months,
            "population": population_label(result.population),
            "source": source_label(result.source),
        },
    )


@login_required
def compare(request):
    """Commands compared with a funnel plot, never ranked (listed alphabetically)."""
    _require(request.user)
    form = CompareForm(request.GET or None)
    v = form.values()
    refresh = latest_refresh()
    points, target, svg = [], None, ""
    if refresh is not None:
        force = DisparityResult.objects.filter(
            refresh=refresh,
            level="force",
            unit=None,
            window_months=v["window"],
            population=v["population"],
            source="all",
            stage=v["stage"],
            group=v["group"],
        ).first()
        rows = DisparityResult.objects.filter(
            refresh=refresh,
            level="command",
            window_months=v["window"],
            population=v["population"],
            source="all",
            stage=v["stage"],
            group=v["group"],
        ).select_related("unit")
        points = sorted(
            ({"label": r.unit.name, "n": r.n, "events": r.events, "rate": r.rate} for r in rows),
            key=lambda p: p["label"],
        )
        if force is not None and force.n:
            target = force.events / force.n
            svg = charts.funnel_plot(
                points,
                target,
                f"{group_label(v['group'])}: {stage_label(v['stage'])}, commands against the force rate",
            )
    return render(
        request,
        "oversight/compare.html",
        {"form": form, "points": points, "target": target, "svg": svg, "refresh": refresh},
    )


@login_required
def statistics_page(request):
    """The disparity tables after disclosure control (as the exports publish them): for the
    oversight reader, who sees no drill-down, no flags and no people."""
    _require(request.user, STATISTICS_READERS)
    form = SliceForm(request.GET or None, commands_only=_commands_only(request.user))
    s = form.slice()
    refresh = latest_refresh()
    tables = disclosed_tables(_slice_results(refresh, s)) if refresh is not None else None
    where = unit_label(s["level"], s["unit_obj"])
    access_event_record(
        actor=request.user,
        action=AccessAction.VIEW,
        object_type="disparity_statistics",
        object_id=str(refresh.public_id) if refresh is not None else "none",
        object_label=f"{where} {s['window']}m {s['population']} {s['source']}"[:120],
        purpose="Disclosure-controlled disparity statistics",
        request=request,
    )
    context = {
        "form": form,
        "refresh": refresh,
        "tables": tables,
        "where": where,
        "slice": s,
        "query": request.GET.urlencode(),
        "labels": {"population": population_label(s["population"]), "source": source_label(s["source"])},
    }
    return render(request, "oversight/statistics.html", context)


@login_required
def reg19_reports(request):
    """The regulation 19 reports submitted to the local policing body: what each says, never who."""
    if not request.user.has_role(Role.OVERSIGHT_READER):
        raise Http404
    if request.method == "POST":  # "Mark as read": only a report this reader may open
        report = get_object_or_404(reg19_reports_visible_to(user=request.user), pk=_int(request.POST.get("report")))
        Reg19Reading.objects.get_or_create(report=report, reader=request.user)
        return redirect(reverse("oversight:reg19-reports") + f"?page={_int(request.POST.get('page')) or 1}")
    readings = Reg19Reading.objects.filter(report=OuterRef("pk"), reader=request.user)
    # the ones this reader has not read first, then newest first
    reports = (
        reg19_reports_visible_to(user=request.user)
        .annotate(read=Exists(readings))
        .order_by("read", "-submitted_on", "-id")
    )
    page = Paginator(reports, 25).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    access_event_record(
        actor=request.user,
        action=AccessAction.VIEW,
        object_type="reg19_report_list",
        object_id=request.path[:64],
        object_label=", ".join(f"{r.case.reference}/{r.period_number}" for r in page.object_list)[:120] or "(none)",
        purpose=f"Regulation 19 reports received by the local policing body; {len(page.object_list)} shown",
        request=request,
    )
    return render(request, "oversight/reg19_reports.html", {"page": page})


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def export(request, fmt):
    _require(request.user, STATISTICS_READERS)
    if fmt not in ("csv", "xlsx", "pdf"):
        raise Http404
    commands_only = _commands_only(request.user)
    form = SliceForm(request.GET or None, commands_only=commands_only)
    s = form.slice()
    if commands_only and "unit" in form.errors:
        return HttpResponse(" ".join(form.errors["unit"]), status=400, content_type="text/plain; charset=utf-8")
    refresh = latest_refresh()
    if refresh is None:
        messages.error(request, "There is no refresh to export yet.")
        return redirect("oversight:statistics" if commands_only else "oversight:dashboard")
    results = _slice_results(refresh, s)
    where = unit_label(s["level"], s["unit_obj"])
    tables = disclosed_tables(results)
    access_event_record(
        actor=request.user,
        action=AccessAction.EXPORT,
        object_type="disparity_export",
        object_id=str(refresh.public_id),
        object_label=f"{fmt} {where} {s['window']}m {s['population']} {s['source']}"[:120],
        purpose="Disclosure-controlled disparity export",
        request=request,
    )
    meta = {
        "where": where,
        "window": s["window"],
        "population": population_label(s["population"]),
        "source": source_label(s["source"]),
        "refresh": refresh,
        "threshold": tables["threshold"],
    }
    return export_response(fmt, tables, meta)


@login_required
def second_look(request, public_id):
    if not request.user.has_role(*SECOND_LOOK_ROLES):
        raise Http404
    look = get_object_or_404(
        SecondLook.objects.select_related("subject__case", "subject__person", "flag"), public_id=public_id
    )
    if not cases_visible_to(user=request.user).filter(id=look.subject.case_id).exists():
        raise Http404
    form = SecondLookForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                second_look_record(actor=request.user, look=look, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(request, "Second look recorded.")
                return redirect(reverse("cases:detail", args=[look.subject.case.reference]))
        status = 400
    return render(
        request,
        "oversight/second_look.html",
        {"look": look, "form": form, "flag_title": flag_title(look.flag)},
        status=status,
    )


__all__ = ["dashboard", "OrgUnit"]
