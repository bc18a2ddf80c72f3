"""The monthly board pack: what the professional standards board reads each month, as one PDF.

Each section is a function returning a `Section`: its plain figures (what the tests check) and the
flowables that print them (tables, and charts drawn with reportlab.graphics so they sit in the PDF
as vector graphics, readable in greyscale). Nothing in the pack names a subject, a searcher or a
complainant: counts, and disparity figures after the same disclosure control as the oversight
exports (counts 1-4 suppressed, with partners).

Figures about the month (timeliness, decisions made in it) are for the month; figures about the
state of the work (the queue, the vetting backlog, open alerts) are as at the day the pack is
generated, which for the scheduled pack is the 1st of the next month.
"""

from __future__ import annotations

import calendar
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from xml.sax.saxutils import escape

from django.db.models import Count, Q
from django.utils import timezone
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

SUPPRESSED = "[c]"  # as the oversight exports: a count withheld by disclosure control
AGE_BANDS = [(0, 30, "0-30 days"), (31, 90, "31-90 days"), (91, None, "over 90 days")]
# The pack's own bands of the priority score (cases.priority): 30 is what a gross misconduct
# assessment alone scores, 15 a misconduct assessment with one aggravating factor.
PRIORITY_BANDS = [(30, None, "High (score 30 or more)"), (15, 30, "Medium (15 to 29)"), (0, 15, "Low (under 15)")]
# Applications waiting longer than this are shown as overdue (the force's working target, not a statute).
VETTING_APPLICATION_TARGET_DAYS = 90

GREYS = [colors.Color(0.2, 0.2, 0.2), colors.Color(0.62, 0.62, 0.62), colors.Color(0.85, 0.85, 0.85)]
CHART_WIDTH = 175 * mm


@dataclass
class Section:
    title: str
    figures: dict
    flowables: list = field(default_factory=list)


def month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _day_range(first: date, last: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(first, time.min), zone),
        timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min), zone),
    )


def _age_band(days: int) -> str:
    for low, high, label in AGE_BANDS:
        if days >= low and (high is None or days <= high):
            return label
    return AGE_BANDS[0][2]


# ---------------------------------------------------------------- presentation helpers

_STYLES = getSampleStyleSheet()


def _p(text: str, style: str = "BodyText") -> Paragraph:
    # every value goes into reportlab's markup escaped (see tests/oversight/test_board_pack.py)
    return Paragraph(escape(str(text)), _STYLES[style])


def _table(header: list[str], rows: list[list], *, total: bool = False, widths: list | None = None) -> Table:
    data = [header] + [[_cell(v) for v in row] for row in rows]
    table = Table(data, hAlign="LEFT", repeatRows=1, colWidths=widths)
    style = [
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if total:
        style += [("LINEABOVE", (0, -1), (-1, -1), 0.5, colors.grey), ("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold")]
    table.setStyle(TableStyle(style))
    return table


def _cell(value):
    if isinstance(value, Paragraph):
        return value  # already a flowable (a wrapped cell)
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.0f}" if value >= 10 else f"{value:.1f}"
    return str(value)


def _bar_label(value) -> str:
    return f"{value:.0f}" if value else ""


def _short(label: str, limit: int = 38) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(
    *,
    title: str,
    categories: list[str],
    series: list[list[float | None]],
    names: list[str] | None = None,
    value_axis: str,
    category_axis: str,
    horizontal: bool = False,
    stacked: bool = False,
) -> Drawing:
    """A titled bar chart with both axes labelled, in greys with black outlines (prints in greyscale).

    One series or several (grouped, or stacked, bars with a legend above the plot). Missing values
    draw as 0 and zero bars carry no label; an empty chart says so instead of drawing empty axes.
    """
    values = [[float(v or 0) for v in s] for s in series]
    if stacked:
        top = max([sum(column) for column in zip(*values, strict=True)] or [0])
    else:
        top = max([v for s in values for v in s] or [0])
    rows = len(categories)
    if horizontal:
        bars = rows * (1 if stacked else max(1, len(series)))
        height = max(60 * mm, (18 + 7 * bars) * mm / 1.6 + 30 * mm) + (16 if names and len(names) > 1 else 0)
    else:
        height = 80 * mm
    if not categories or top == 0:
        drawing = Drawing(CHART_WIDTH, 24 * mm)
        drawing.add(String(0, 24 * mm - 12, title, fontName="Helvetica-Bold", fontSize=10))
        drawing.add(String(0, 24 * mm - 30, "Nothing to show for this period.", fontName="Helvetica", fontSize=9))
        return drawing
    drawing = Drawing(CHART_WIDTH, height)
    drawing.add(String(0, height - 12, title, fontName="Helvetica-Bold", fontSize=10))
    legend_room = 16 if names and len(names) > 1 else 0
    chart = HorizontalBarChart() if horizontal else VerticalBarChart()
    if horizontal:
        chart.x, chart.y = 84 * mm, 24  # room for 'Case type: stage' labels
        chart.width, chart.height = CHART_WIDTH - chart.x - 8 * mm, height - chart.y - 30 - legend_room
    else:
        chart.x, chart.y = 16 * mm, 34
        chart.width, chart.height = CHART_WIDTH - chart.x - 4 * mm, height - chart.y - 30 - legend_room
    chart.data = values
    chart.categoryAxis.categoryNames = [_short(c, 54 if horizontal else 38) for c in categories]
    chart.categoryAxis.labels.fontName = "Helvetica"
    chart.categoryAxis.labels.fontSize = 7
    if horizontal:
        chart.categoryAxis.labels.boxAnchor = "e"
        chart.categoryAxis.reverseDirection = True  # first category at the top
    else:
        chart.categoryAxis.labels.boxAnchor = "n"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = top * 1.15
    chart.valueAxis.labels.fontName = "Helvetica"
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = "%d" if top >= 5 else "%.1f"
    if stacked:
        chart.categoryAxis.style = "stacked"
    chart.barLabelFormat = None if stacked else _bar_label  # stacked: the table beside it has the numbers
    chart.barLabels.fontName = "Helvetica"
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 0 if stacked else 6
    chart.barSpacing = 1
    for i in range(len(values)):
        chart.bars[i].fillColor = GREYS[i % len(GREYS)]
        chart.bars[i].strokeColor = colors.black
        chart.bars[i].strokeWidth = 0.4
    drawing.add(chart)
    if horizontal:
        drawing.add(
            String(chart.x + chart.width / 2, 4, value_axis, fontName="Helvetica", fontSize=8, textAnchor="middle")
        )
        drawing.add(String(0, height - 24, f"({category_axis})", fontName="Helvetica-Oblique", fontSize=8))
    else:
        drawing.add(
            String(chart.x + chart.width / 2, 4, category_axis, fontName="Helvetica", fontSize=8, textAnchor="middle")
        )
        drawing.add(String(0, height - 24, f"({value_axis})", fontName="Helvetica-Oblique", fontSize=8))
    if legend_room:
        legend = Legend()
        legend.x, legend.y = chart.x, height - 30  # above the plot, under the axis caption
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.deltax = 70
        legend.fontName, legend.fontSize = "Helvetica", 8
        legend.colorNamePairs = [(GREYS[i % len(GREYS)], name) for i, name in enumerate(names)]
        legend.strokeColor = colors.black
        legend.strokeWidth = 0.4
        drawing.add(legend)
    return drawing


# ---------------------------------------------------------------- (a) timeliness


def timeliness_section(*, month: date) -> Section:
    from .timeliness import board_figures

    _first, last = month_bounds(month)
    figures = board_figures(as_of=last)
    out: list = [_p("Timeliness", "Heading2"), _p(f"Matters up to {last:%-d %B %Y}. Days are calendar days.")]
    finalised = figures["finalised_12m"]
    out.append(
        _p(
            f"Finalised in the 12 months to {last:%-d %B %Y}: {finalised['n']} "
            f"(mean {_cell(finalised['mean_days'])} days, median {_cell(finalised['median_days'])} days)."
        )
    )
    stages = figures["stages"]
    out.append(
        _table(
            ["Case type", "Stage", "Matters", "Median days", "90th percentile"],
            [[s["case_type"].replace("_", " "), s["label"], s["n"], s["median"], s["p90"]] for s in stages],
        )
    )
    out.append(Spacer(1, 4 * mm))
    out.append(
        bar_chart(
            title="Chart 1. Time in stage",
            # the same stage appears for several case types: each bar names its case type
            categories=[f"{s['case_type'].replace('_', ' ').capitalize()}: {s['label']}" for s in stages],
            series=[[s["median"] for s in stages], [s["p90"] for s in stages]],
            names=["Median", "90th percentile"],
            value_axis="Days in stage",
            category_axis="Stage",
            horizontal=True,
        )
    )
    bands = figures["open_ageing"]
    out.append(
        KeepTogether(
            [
                Spacer(1, 4 * mm),
                bar_chart(
                    title="Chart 2. Ageing of open matters",
                    categories=[b["band"] for b in bands],
                    series=[[b["n"] for b in bands]],
                    value_axis="Open matters",
                    category_axis="Age since received",
                ),
            ]
        )
    )
    if figures["clocks"]:  # the heading stays with its table
        out.append(
            KeepTogether(
                [
                    _p("Statutory clocks", "Heading3"),
                    _table(
                        ["Clock", "Met", "Missed", "Open and overdue"],
                        [[c["label"], c["met"], c["missed"], c["open_overdue"]] for c in figures["clocks"]],
                    ),
                ]
            )
        )
    return Section("Timeliness", figures, out)


# ---------------------------------------------------------------- (b) the queue's state


def queue_figures(*, today: date) -> dict:
    """Open matters in the supervisors' queues (cases.queues' definitions), for the whole force."""
    from cases.choices import OPEN_STAGES, SubjectStage
    from cases.models import Case
    from cases.queues import QUEUES, queue_filter

    def band_q(low, high):
        q = Q(priority__score__gte=low)
        return q & Q(priority__score__lt=high) if high is not None else q

    open_cases = queue_filter(Case.objects.all(), queue="all")
    counts = open_cases.aggregate(
        total=Count("id"),
        # a matter counts at each stage one of its open subjects is at (the queue's stage filter)
        **{f"stage_{s}": Count("id", filter=Q(priority__stages__contains=[s])) for s in OPEN_STAGES},
        **{f"band_{i}": Count("id", filter=band_q(low, high)) for i, (low, high, _l) in enumerate(PRIORITY_BANDS)},
        past_12_months=Count("id", filter=Q(priority__components__contains=[{"code": "twelve_months"}])),
    )
    queues = {
        key: queue_filter(Case.objects.all(), queue=key).count()
        for key in ("unallocated", "at-risk", "awaiting-decision")
    }
    return {
        "as_at": today,
        "open": counts["total"],
        "by_stage": [{"stage": s, "label": SubjectStage(s).label, "n": counts[f"stage_{s}"]} for s in OPEN_STAGES],
        "by_band": [{"band": label, "n": counts[f"band_{i}"]} for i, (_lo, _hi, label) in enumerate(PRIORITY_BANDS)],
        "queues": [{"queue": key, "label": QUEUES[key], "n": n} for key, n in queues.items()],
        "past_12_months": counts["past_12_months"],
    }


def queue_section(*, today: date) -> Section:
    figures = queue_figures(today=today)
    out: list = [
        _p("The queue", "Heading2"),
        _p(
            f"Open matters as at {today:%-d %B %Y}: {figures['open']}. A matter with subjects at different stages "
            "counts at each of them."
        ),
        _table(
            ["Queue", "Open matters"],
            [[q["label"], q["n"]] for q in figures["queues"]]
            + [["Past the 12-month mark (regulation 19)", figures["past_12_months"]]],
        ),
        Spacer(1, 3 * mm),
        _table(["Priority band", "Open matters"], [[b["band"], b["n"]] for b in figures["by_band"]]),
        Spacer(1, 4 * mm),
        bar_chart(
            title="Chart 3. Open matters by stage",
            categories=[s["label"] for s in figures["by_stage"]],
            series=[[s["n"] for s in figures["by_stage"]]],
            value_axis="Open matters",
            category_axis="Stage of a subject",
            horizontal=True,
        ),
    ]
    return Section("The queue", figures, out)


# ---------------------------------------------------------------- (c) disparity flags


def disparity_figures() -> dict:
    """The latest complete refresh's FLAGs at force and command level, each with its figures after
    disclosure control (oversight.exports.disclosed_tables); unit-level flags are only counted."""
    from oversight.exports import disclosed_tables
    from oversight.models import DisparityFlag, DisparityRefresh, DisparityResult, FlagStatus, RefreshStatus, UnitLevel
    from oversight.presentation import group_label, population_label, source_label, stage_label, unit_label

    refresh = DisparityRefresh.objects.filter(status=RefreshStatus.COMPLETE).order_by("-finished_at", "-id").first()
    if refresh is None:
        return {"refresh": None, "flags": [], "unit_level_flags": 0}
    flagged = list(
        DisparityResult.objects.filter(refresh=refresh, status="FLAG", level__in=[UnitLevel.FORCE, UnitLevel.COMMAND])
        .select_related("unit")
        .order_by("level", "unit__name", "window_months", "population", "source", "stage", "group")
    )
    reviews = {
        (f.level, f.unit_id, f.window_months, f.population, f.source, f.stage, f.group): f.get_status_display()
        for f in DisparityFlag.objects.exclude(status=FlagStatus.CLOSED)
    }
    tables: dict = {}
    rows = []
    for r in flagged:
        slice_key = (r.level, r.unit_id, r.window_months, r.population, r.source)
        if slice_key not in tables:
            results = DisparityResult.objects.filter(
                refresh=refresh, level=r.level, unit_id=r.unit_id, window_months=r.window_months
            ).filter(population=r.population, source=r.source)
            tables[slice_key] = {s["stage"]: s["rows"] for s in disclosed_tables(list(results))["stages"]}
        published = next(
            (row for row in tables[slice_key].get(stage_label(r.stage), []) if row["group"] == group_label(r.group)),
            {},
        )
        rows.append(
            {
                "where": unit_label(r.level, r.unit),
                "level": r.level,
                "stage": stage_label(r.stage),
                "group": group_label(r.group),
                "window_months": r.window_months,
                "population": population_label(r.population),
                "source": source_label(r.source),
                "n": published.get("n"),
                "events": published.get("events"),
                "ratio": published.get("ratio"),
                "ratio_low": published.get("ratio_low"),
                "ratio_high": published.get("ratio_high"),
                "review": reviews.get(
                    (r.level, r.unit_id, r.window_months, r.population, r.source, r.stage, r.group), ""
                ),
            }
        )
    unit_level = DisparityResult.objects.filter(refresh=refresh, status="FLAG", level=UnitLevel.UNIT).count()
    return {
        "refresh": {"public_id": str(refresh.public_id), "data_cutoff": refresh.data_cutoff},
        "flags": rows,
        "unit_level_flags": unit_level,
    }


def _ratio_text(row) -> str:
    if row["events"] is None or row["n"] is None:
        return SUPPRESSED
    if row["ratio"] is None:
        return "-"
    text = f"{row['ratio']:.2f}"
    if row["ratio_low"] is not None and row["ratio_high"] is not None:
        text += f" ({row['ratio_low']:.2f}-{row['ratio_high']:.2f})"
    return text


def disparity_section() -> Section:
    figures = disparity_figures()
    out: list = [_p("Disparity flags", "Heading2")]
    if figures["refresh"] is None:
        out.append(_p("No disparity refresh has completed yet."))
        return Section("Disparity flags", figures, out)
    out.append(
        _p(
            f"Latest refresh: data to {figures['refresh']['data_cutoff']:%-d %B %Y}. Flags at force and command level; "
            f"counts from 1 to 4 are suppressed ({SUPPRESSED}) with partners. A flag is a prompt for review, never a "
            "finding of bias."
        )
    )
    if figures["flags"]:
        body = _STYLES["BodyText"].clone("cell", fontSize=8, leading=9)
        out.append(
            _table(
                ["Where", "Stage", "Group", "Months, people, source", "Events / n", "Relative rate (95% CI)", "Review"],
                [
                    [
                        Paragraph(escape(f["where"]), body),
                        Paragraph(escape(f["stage"]), body),
                        Paragraph(escape(f["group"]), body),
                        Paragraph(escape(f"{f['window_months']} months; {f['population']}; {f['source']}"), body),
                        f"{_cell_count(f['events'])} / {_cell_count(f['n'])}",
                        _ratio_text(f),
                        f["review"],
                    ]
                    for f in figures["flags"]
                ],
                widths=[w * mm for w in (26, 26, 16, 38, 20, 36, 18)],
            )
        )
    else:
        out.append(_p("No flag at force or command level."))
    out.append(
        _p(f"Flags at unit level in the same refresh: {figures['unit_level_flags']} (on the disparity dashboard).")
    )
    return Section("Disparity flags", figures, out)


def _cell_count(value) -> str:
    return SUPPRESSED if value is None else str(value)


# ---------------------------------------------------------------- (d) vetting backlog


def vetting_figures(*, month: date, today: date) -> dict:
    from django.db.models import Exists, OuterRef

    from vetting.clearance_services import REMINDER_WINDOW_DAYS
    from vetting.models import Clearance, ClearanceState, HitStatus, ScreeningHit

    first, last = month_bounds(month)
    applied = Counter(
        _age_band((today - d).days)
        for d in Clearance.objects.filter(state=ClearanceState.APPLIED).values_list("applied_on", flat=True)
    )
    overdue_applications = Clearance.objects.filter(
        state=ClearanceState.APPLIED, applied_on__lt=today - timedelta(days=VETTING_APPLICATION_TARGET_DAYS)
    ).count()
    renewal_applied = Clearance.objects.filter(
        person_id=OuterRef("person_id"), level_id=OuterRef("level_id"), state=ClearanceState.APPLIED
    )
    expiring = Clearance.objects.expiring_within(REMINDER_WINDOW_DAYS, today)
    hits = Counter(
        (grade, _age_band((today - timezone.localtime(raised).date()).days))
        for grade, raised in ScreeningHit.objects.filter(status=HitStatus.NEW).values_list("grade", "raised_at")
    )
    from vetting.models import HitGrade

    return {
        "as_at": today,
        "applications": [{"band": label, "n": applied.get(label, 0)} for _lo, _hi, label in AGE_BANDS],
        "applications_overdue": overdue_applications,
        "renewals_due": expiring.count(),
        "renewals_due_not_applied": expiring.exclude(Exists(renewal_applied)).count(),
        "renewals_overdue": Clearance.objects.active().filter(expires_on__lt=today).count(),
        "expired_in_month": Clearance.objects.filter(
            state=ClearanceState.EXPIRED, expires_on__range=(first, last)
        ).count(),
        "renewal_window_days": REMINDER_WINDOW_DAYS,
        "hits": [
            {"grade": HitGrade(g).label, **{label: hits.get((g, label), 0) for _lo, _hi, label in AGE_BANDS}}
            for g in HitGrade.values
        ],
    }


def vetting_section(*, month: date, today: date) -> Section:
    f = vetting_figures(month=month, today=today)
    apps_total = sum(b["n"] for b in f["applications"])
    out: list = [
        _p("Vetting backlog", "Heading2"),
        _p(f"As at {today:%-d %B %Y}."),
        _table(
            ["Vetting", "Number"],
            [
                ["Applications awaiting a decision", apps_total],
                [f"of which waiting over {VETTING_APPLICATION_TARGET_DAYS} days (overdue)", f["applications_overdue"]],
                [f"Clearances due for renewal within {f['renewal_window_days']} days", f["renewals_due"]],
                ["of which no renewal application yet", f["renewals_due_not_applied"]],
                ["Active clearances past their renewal date (renewal overdue)", f["renewals_overdue"]],
                ["Clearances that expired in the month", f["expired_in_month"]],
            ],
        ),
        Spacer(1, 3 * mm),
        _p("Screening hits awaiting a decision, by age", "Heading3"),
        _table(
            ["Grade", *[label for _lo, _hi, label in AGE_BANDS], "Total"],
            [
                [h["grade"], *[h[label] for _lo, _hi, label in AGE_BANDS], sum(h[label] for *_x, label in AGE_BANDS)]
                for h in f["hits"]
            ],
        ),
    ]
    return Section("Vetting backlog", f, out)


# ---------------------------------------------------------------- (e) monitoring alerts


def monitoring_figures(*, month: date, today: date) -> dict:
    from counter_corruption.models import AlertStatus, MonitoringAlert, MonitoringRule

    first, last = month_bounds(month)
    labels = dict(MonitoringRule.objects.values_list("code", "label"))
    open_alerts = Counter(
        (rule, _age_band((today - timezone.localtime(raised).date()).days))
        for rule, raised in MonitoringAlert.objects.filter(status=AlertStatus.OPEN).values_list("rule_id", "raised_at")
    )
    rules = sorted({rule for rule, _band in open_alerts}, key=lambda r: labels.get(r, r))
    start, end = _day_range(first, last)
    decided = dict(
        MonitoringAlert.objects.filter(decided_at__gte=start, decided_at__lt=end)
        .exclude(status=AlertStatus.OPEN)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {
        "as_at": today,
        "open_by_rule": [
            {
                "rule": rule,
                "label": labels.get(rule, rule),
                **{label: open_alerts.get((rule, label), 0) for _lo, _hi, label in AGE_BANDS},
                "total": sum(open_alerts.get((rule, label), 0) for _lo, _hi, label in AGE_BANDS),
            }
            for rule in rules
        ],
        "decided_in_month": [
            {"decision": s.label, "n": decided.get(s.value, 0)} for s in AlertStatus if s != AlertStatus.OPEN
        ],
    }


def monitoring_section(*, month: date, today: date) -> Section:
    f = monitoring_figures(month=month, today=today)
    out: list = [_p("Monitoring alerts", "Heading2")]
    if not f["open_by_rule"] and not any(d["n"] for d in f["decided_in_month"]):
        out.append(_p("No monitoring alert is open and none was decided in the month."))
        return Section("Monitoring alerts", f, out)
    out.append(_p(f"Lawful business monitoring alerts open as at {today:%-d %B %Y}, by rule and age. Counts only."))
    bands = [label for _lo, _hi, label in AGE_BANDS]
    out.append(
        _table(
            ["Rule", *bands, "Total"],
            [[r["label"], *[r[b] for b in bands], r["total"]] for r in f["open_by_rule"]],
        )
    )
    out.append(Spacer(1, 3 * mm))
    out.append(
        bar_chart(
            title="Chart 4. Open monitoring alerts by rule and age",
            categories=[r["label"] for r in f["open_by_rule"]],
            series=[[r[b] for r in f["open_by_rule"]] for b in bands],
            names=bands,
            value_axis="Open alerts",
            category_axis="Rule",
            horizontal=True,
            stacked=True,
        )
    )
    out.append(_p(f"Decided in {month:%B %Y}", "Heading3"))
    out.append(_table(["Decision", "Alerts"], [[d["decision"], d["n"]] for d in f["decided_in_month"]]))
    return Section("Monitoring alerts", f, out)


# ---------------------------------------------------------------- the pack


def board_pack_sections(*, month: date, today: date | None = None) -> list[Section]:
    today = today or timezone.localdate()
    return [
        timeliness_section(month=month),
        queue_section(today=today),
        disparity_section(),
        vetting_section(month=month, today=today),
        monitoring_section(month=month, today=today),
    ]


def board_pack_pdf(*, month: date, today: date | None = None) -> tuple[bytes, int]:
    """The pack for `month` as PDF bytes, and its number of pages."""
    from django.conf import settings

    month = month.replace(day=1)
    today = today or timezone.localdate()
    sections = board_pack_sections(month=month, today=today)
    title = f"Professional standards board pack: {month:%B %Y}"
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=title,
        author=settings.FORCE_NAME,
        # tests read the text; pypdf decompresses, so the streams stay compressed
    )

    def footer(canvas, document):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(15 * mm, 10 * mm, f"{title}. Counts only: no subject or searcher is named.")
        canvas.drawRightString(A4[0] - 15 * mm, 10 * mm, f"Page {document.page}")
        canvas.restoreState()

    story: list = [
        _p(title, "Title"),
        _p(f"{settings.FORCE_NAME}. Generated {timezone.localtime():%-d %B %Y %H:%M}."),
        _p(
            "Contents: " + "; ".join(f"{i}. {s.title}" for i, s in enumerate(sections, 1)) + ". Timeliness is for the "
            "month; the queue, the vetting backlog and open alerts are as at the day the pack was generated."
        ),
        Spacer(1, 4 * mm),
    ]
    for i, section in enumerate(sections):
        if i:
            story.append(PageBreak())
        story += section.flowables
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue(), doc.page
