"""Server-side SVG charts (work under the strict CSP and inside PDFs): funnel, forest plot,
funnel plot. Presentation attributes only, every text escaped; each chart has a title and the
table behind it is always on the page."""

from __future__ import annotations

import math
from html import escape

from django.utils.safestring import SafeString, mark_safe
from scipy.stats import norm

GROUP_COLOURS = {
    "white": "#505a5f",
    "asian": "#1d70b8",
    "black": "#d4351c",
    "mixed": "#00703c",
    "other": "#912b88",
    "not_stated": "#b1b4b6",
}
STATUS_COLOURS = {"FLAG": "#d4351c", "WATCH": "#f47738", "OK": "#0b0c0c", "INSUFFICIENT": "#b1b4b6", "": "#0b0c0c"}


def _svg(width, height, title, body) -> SafeString:
    # Safe: every text passes through escape() in _text or here; the rest is numbers we format.
    return mark_safe(  # noqa: S308
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="t-{id(body)}" class="app-chart" font-family="Arial, sans-serif">'
        f'<title id="t-{id(body)}">{escape(title)}</title>{"".join(body)}</svg>'
    )


def _text(x, y, text, size=13, anchor="start", weight="normal", fill="#0b0c0c") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" '
        f'fill="{fill}">{escape(str(text))}</text>'
    )


def funnel_chart(stages: list[tuple[str, list[dict]]], title: str, percent_of: str) -> str:
    """Grouped bars: for each stage, each group's rate with its Wilson interval.

    stages: [(stage label, [{"group", "label", "rate", "low", "high", "n"}...])]."""
    groups = [g for g in GROUP_COLOURS if any(row["group"] == g for _, rows in stages for row in rows)]
    top = max([row["high"] or row["rate"] or 0 for _, rows in stages for row in rows] + [0.01])
    top = min(1.0, top * 1.1)
    left, width, row_h, bar_h = 110, 520, 16, 12
    height = 40 + sum(len(rows) * row_h + 36 for _, rows in stages) + 30
    body, y = [], 30
    body.append(_text(left, 18, f"Rate ({percent_of}), with 95% Wilson interval", 12, fill="#505a5f"))
    for stage_label, rows in stages:
        body.append(_text(8, y + 12, stage_label, 13, weight="bold"))
        y += 18
        for row in rows:
            colour = GROUP_COLOURS.get(row["group"], "#505a5f")
            body.append(_text(left - 8, y + 11, row["label"], 12, anchor="end"))
            if row["rate"] is None:
                body.append(_text(left + 4, y + 11, "no people", 12, fill="#505a5f"))
            else:
                w = width * row["rate"] / top
                body.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour}"/>')
                if row["low"] is not None and row["high"] is not None:
                    x1, x2 = left + width * row["low"] / top, left + width * min(row["high"], top) / top
                    body.append(
                        f'<line x1="{x1:.1f}" x2="{x2:.1f}" y1="{y + 6}" y2="{y + 6}" stroke="#0b0c0c" stroke-width="1.5"/>'
                    )
                body.append(_text(left + width + 8, y + 11, f"{row['rate'] * 100:.1f}%", 12))
            y += row_h
        y += 18
    for i in range(5):
        x = left + width * i / 4
        body.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="24" y2="{y - 10}" stroke="#e5e5e5"/>')
        body.append(_text(x, y + 4, f"{top * i / 4 * 100:.0f}%", 11, anchor="middle", fill="#505a5f"))
    groups_note = ", ".join(groups)
    return _svg(left + width + 70, height, f"{title} ({groups_note})", body)


def _log_x(value, low=0.25, high=8.0, left=250, width=420):
    value = min(max(value, low), high)
    return left + width * (math.log(value) - math.log(low)) / (math.log(high) - math.log(low))


def forest_plot(rows: list[dict], title: str, band=(0.80, 1.25)) -> str:
    """One line per comparison: relative rate against White, Koopman 95% interval, log scale.

    rows: [{"label", "ratio", "low", "high", "status"}]; a ratio of None is drawn as a note."""
    left, width, row_h = 250, 420, 22
    height = 50 + len(rows) * row_h + 30
    body = []
    x_band1, x_band2 = _log_x(band[0]), _log_x(band[1])
    body.append(
        f'<rect x="{x_band1:.1f}" y="30" width="{x_band2 - x_band1:.1f}" height="{len(rows) * row_h + 6}" '
        f'fill="#f3f2f1"/>'
    )
    body.append(_text((x_band1 + x_band2) / 2, 24, f"{band[0]:.2f}-{band[1]:.2f}", 11, anchor="middle", fill="#505a5f"))
    x1 = _log_x(1.0)
    body.append(f'<line x1="{x1:.1f}" x2="{x1:.1f}" y1="30" y2="{36 + len(rows) * row_h}" stroke="#0b0c0c"/>')
    y = 36
    for row in rows:
        body.append(_text(left - 8, y + 10, row["label"], 12, anchor="end"))
        colour = STATUS_COLOURS.get(row.get("status", ""), "#0b0c0c")
        if row["ratio"] is None:
            note = "insufficient data" if row.get("status") == "INSUFFICIENT" else "no ratio"
            body.append(_text(left + 4, y + 10, note, 12, fill="#505a5f"))
        else:
            if row["low"] is not None:
                high = row["high"] if row["high"] is not None else 8.0
                body.append(
                    f'<line x1="{_log_x(row["low"]):.1f}" x2="{_log_x(high):.1f}" y1="{y + 6}" y2="{y + 6}" '
                    f'stroke="{colour}" stroke-width="2"/>'
                )
            body.append(f'<circle cx="{_log_x(row["ratio"]):.1f}" cy="{y + 6}" r="5" fill="{colour}"/>')
            label = f"{row['ratio']:.2f}"
            if row.get("status") == "FLAG":
                label += " FLAG"
            elif row.get("status") == "WATCH":
                label += " unadjusted signal"
            body.append(_text(left + width + 10, y + 10, label, 12, fill=colour, weight="bold"))
        y += row_h
    for tick in (0.25, 0.5, 0.8, 1, 1.25, 2, 4, 8):
        x = _log_x(tick)
        body.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y}" y2="{y + 5}" stroke="#0b0c0c"/>')
        body.append(_text(x, y + 18, f"{tick:g}", 11, anchor="middle"))
    body.append(_text(left, 14, "Relative rate against White (log scale), Koopman 95% interval", 12, fill="#505a5f"))
    return _svg(left + width + 110, height, title, body)


def funnel_plot(points: list[dict], target: float, title: str) -> str:
    """Spiegelhalter funnel plot: each command's rate for the group against its denominator,
    with 95% and 99.8% control limits around the force-wide rate. Commands are compared with the
    limits, never ranked. points: [{"label", "n", "events"}]."""
    left, right, top_, bottom = 60, 600, 20, 320
    usable = [p for p in points if p["n"] > 0]
    max_n = max([p["n"] for p in usable] + [10]) * 1.1
    rates = [p["events"] / p["n"] for p in usable]
    y_max = min(1.0, max([*rates, target * 2, 0.01]) * 1.15)

    def px(n):
        return left + (right - left) * n / max_n

    def py(rate):
        return bottom - (bottom - top_) * rate / y_max

    body = [
        f'<rect x="{left}" y="{top_}" width="{right - left}" height="{bottom - top_}" fill="#ffffff" stroke="#b1b4b6"/>'
    ]
    for z, dash in ((norm.ppf(0.975), "6,4"), (norm.ppf(0.999), "2,3")):
        for sign in (1, -1):
            pts = []
            for i in range(1, 101):
                n = max_n * i / 100
                limit = target + sign * z * math.sqrt(max(target * (1 - target), 1e-12) / n)
                limit = min(max(limit, 0), y_max)
                pts.append(f"{px(n):.1f},{py(limit):.1f}")
            body.append(f'<polyline points="{" ".join(pts)}" fill="none" stroke="#505a5f" stroke-dasharray="{dash}"/>')
    body.append(f'<line x1="{left}" x2="{right}" y1="{py(target):.1f}" y2="{py(target):.1f}" stroke="#0b0c0c"/>')
    for p in usable:
        rate = p["events"] / p["n"]
        se = math.sqrt(max(target * (1 - target), 1e-12) / p["n"])
        outside = abs(rate - target) > norm.ppf(0.999) * se
        colour = "#d4351c" if outside else "#1d70b8"
        body.append(f'<circle cx="{px(p["n"]):.1f}" cy="{py(rate):.1f}" r="5" fill="{colour}"/>')
        body.append(_text(px(p["n"]) + 7, py(rate) + 4, p["label"], 11))
    for i in range(5):
        body.append(_text(left - 6, py(y_max * i / 4) + 4, f"{y_max * i / 4 * 100:.0f}%", 11, anchor="end"))
        body.append(_text(px(max_n * i / 4), bottom + 16, f"{max_n * i / 4:,.0f}", 11, anchor="middle"))
    body.append(_text((left + right) / 2, bottom + 34, "People in the denominator", 12, anchor="middle"))
    body.append(_text(left, 12, "Solid: force rate; dashed: 95% limits; dotted: 99.8% limits", 11, fill="#505a5f"))
    return _svg(right + 120, bottom + 44, title, body)
