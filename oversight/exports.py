"""Exports of a refresh: exact counts for analysts inside the command; disclosure-controlled
tables (CSV, XLSX, board-pack PDF) for anything that leaves it."""

from __future__ import annotations

from .models import DisparityRefresh, DisparityResult
from .presentation import (
    WATCH_MEANING,
    group_label,
    method_statement,
    population_label,
    source_label,
    stage_label,
    status_label,
    unit_label,
)

ANALYST_HEADER = [
    "refresh",
    "method_version",
    "data_cutoff",
    "level",
    "unit",
    "window_months",
    "population",
    "source",
    "stage",
    "group",
    "n",
    "events",
    "rate",
    "rate_low",
    "rate_high",
    "ratio",
    "ratio_low",
    "ratio_high",
    "katz_low",
    "katz_high",
    "p_value",
    "p_adjusted",
    "status",
]


def _num(value, places=6):
    return "" if value is None else f"{value:.{places}g}"


def analyst_csv_rows(refresh: DisparityRefresh):
    """Header then one row per snapshot row, exact counts (inside the command only)."""
    yield ANALYST_HEADER
    units = {}
    rows = (
        DisparityResult.objects.filter(refresh=refresh)
        .select_related("unit")
        .order_by("level", "unit__name", "window_months", "population", "source", "stage", "group")
    )
    for r in rows.iterator(chunk_size=5000):
        unit = units.setdefault((r.level, r.unit_id), unit_label(r.level, r.unit))
        yield [
            str(refresh.public_id),
            refresh.method_version,
            refresh.data_cutoff.isoformat(),
            r.level,
            unit,
            r.window_months,
            r.population,
            r.source,
            r.stage,
            r.group,
            r.n,
            r.events,
            _num(r.rate),
            _num(r.rate_low),
            _num(r.rate_high),
            _num(r.ratio),
            _num(r.ratio_low),
            _num(r.ratio_high),
            _num(r.katz_low),
            _num(r.katz_high),
            _num(r.p_value),
            _num(r.p_adjusted),
            r.status,
        ]


__all__ = ["analyst_csv_rows", "group_label", "population_label", "source_label", "stage_label"]


# ---------------------------------------------------------------- disclosure-controlled exports

SUPPRESSED = "[c]"  # the ONS convention for a confidential (suppressed) cell


def disclosed_tables(results, threshold: int | None = None) -> dict:
    """Per stage, each group's n, events, rate and ratio after primary and secondary suppression.

    Counts 1 to threshold-1 are hidden, with partners so that no hidden cell can be recovered from
    the totals; a rate or ratio is hidden with its numerator (and with any count it is made from).
    """
    from django.conf import settings

    from .disclosure import TOTAL, suppress_rate, suppress_table
    from .views import FUNNEL_STAGES

    threshold = threshold or settings.DISCLOSURE_THRESHOLD
    by_stage: dict = {}
    for r in results:
        by_stage.setdefault(r.stage, {})[r.group] = r
    stages = []
    order = ["white", "asian", "black", "mixed", "other", "not_stated"]
    for stage in FUNNEL_STAGES:
        rows = by_stage.get(stage)
        if not rows:
            continue
        published = suppress_table({g: (r.events, r.n) for g, r in rows.items()}, threshold)
        ref = published.get("white", {})
        out = []
        for group in [g for g in order if g in rows]:
            r, p = rows[group], published[group]
            ratio_inputs = (p["n"], ref.get("events"), ref.get("n"))
            out.append(
                {
                    "group": group_label(group),
                    "n": p["n"],
                    "events": p["events"],
                    "rate": suppress_rate(p["events"], r.rate, p["n"]),
                    "ratio": suppress_rate(p["events"], r.ratio, *ratio_inputs),
                    "ratio_low": suppress_rate(p["events"], r.ratio_low, *ratio_inputs),
                    "ratio_high": suppress_rate(p["events"], r.ratio_high, *ratio_inputs),
                    "status": status_label(r.status) if p["events"] is not None and None not in ratio_inputs else "",
                }
            )
        total = published[TOTAL]
        rate = (total["events"] / total["n"]) if total["events"] is not None and total["n"] else None
        out.append(
            {
                "group": "Total",
                "n": total["n"],
                "events": total["events"],
                "rate": rate,
                "ratio": None,
                "ratio_low": None,
                "ratio_high": None,
                "status": "",
            }
        )
        stages.append({"stage": stage_label(stage), "rows": out})
    return {"stages": stages, "threshold": threshold}


EXPORT_HEADER = ["stage", "group", "n", "events", "rate", "relative_rate", "ratio_low", "ratio_high", "status"]


def _cell(value, kind="count"):
    if value is None:
        return SUPPRESSED
    if kind == "rate":
        return round(value, 4)
    if kind == "ratio":
        return round(value, 2)
    return value


def disclosed_rows(tables):
    for stage in tables["stages"]:
        for row in stage["rows"]:
            has_ratio = row["group"] not in ("White", "Total")
            yield [
                stage["stage"],
                row["group"],
                _cell(row["n"]),
                _cell(row["events"]),
                _cell(row["rate"], "rate") if row["rate"] is not None or row["events"] is None else "",
                (_cell(row["ratio"], "ratio") if row["ratio"] is not None or row["events"] is None else "")
                if has_ratio
                else "",
                (_cell(row["ratio_low"], "ratio") if row["ratio_low"] is not None else "") if has_ratio else "",
                (_cell(row["ratio_high"], "ratio") if row["ratio_high"] is not None else "") if has_ratio else "",
                row["status"],
            ]


def _notes(meta) -> list[str]:
    refresh = meta["refresh"]
    return [
        f"Outcome disparity by ethnicity: {meta['where']}, {meta['window']} months to {refresh.data_cutoff:%d %B %Y}, "
        f"{meta['population']}, {meta['source']}.",
        f"Method {refresh.method_version}; refresh {refresh.public_id}; {method_statement(refresh)}.",
        f"Counts from 1 to {meta['threshold'] - 1} are suppressed ({SUPPRESSED}), with further cells suppressed so "
        "that none can be worked out from the totals; rates and ratios are suppressed with their counts.",
        "Each stage's rate is of the people at the previous stage; stage 1 is of the average headcount. Relative rates "
        "are against White with Koopman 95% intervals. A flag is a prompt for review, never a finding of bias.",
        WATCH_MEANING,
    ]


def export_response(fmt: str, tables: dict, meta: dict):
    import csv
    import io

    from django.http import HttpResponse

    stamp = f"disparity-{meta['refresh'].data_cutoff:%Y%m%d}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for note in _notes(meta):
            writer.writerow([f"# {note}"])
        writer.writerow(EXPORT_HEADER)
        writer.writerows(disclosed_rows(tables))
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            _xlsx(tables, meta), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        response = HttpResponse(_pdf(tables, meta), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{stamp}.{fmt}"'
    return response


def _xlsx(tables, meta) -> bytes:
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Disparity"
    sheet.append(EXPORT_HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in disclosed_rows(tables):
        sheet.append(row)
    notes = book.create_sheet("Notes")
    for note in _notes(meta):
        notes.append([note])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _pdf(tables, meta) -> bytes:
    import io
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, title="Disparity board pack")
    # Paragraph text is reportlab markup: every value goes in escaped, so a unit named with
    # markup prints as text (never a link, an image read from the server, or an error)
    story = [Paragraph("Outcome disparity by ethnicity: board pack", styles["Title"])]
    story += [Paragraph(escape(note), styles["BodyText"]) for note in _notes(meta)]
    story.append(Spacer(1, 6 * mm))
    for stage in tables["stages"]:
        story.append(Paragraph(escape(str(stage["stage"])), styles["Heading3"]))
        data = [["Group", "n", "Events", "Rate", "Relative rate (95% CI)", "Status"]]
        for row in stage["rows"]:
            ratio = ""
            if row["group"] not in ("White", "Total"):
                if row["events"] is None or row["n"] is None:
                    ratio = SUPPRESSED
                elif row["ratio"] is not None:
                    ratio = f"{row['ratio']:.2f}"
                    if row["ratio_low"] is not None and row["ratio_high"] is not None:
                        ratio += f" ({row['ratio_low']:.2f}-{row['ratio_high']:.2f})"
            rate = (
                SUPPRESSED
                if row["rate"] is None and row["events"] is None
                else (f"{row['rate'] * 100:.1f}%" if row["rate"] is not None else "")
            )
            data.append([row["group"], _cell(row["n"]), _cell(row["events"]), rate, ratio, row["status"]])
        table = Table(data, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                    ("LINEABOVE", (0, -1), (-1, -1), 0.5, colors.grey),
                    ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ]
            )
        )
        story += [table, Spacer(1, 4 * mm)]
    doc.build(story)
    return buffer.getvalue()
