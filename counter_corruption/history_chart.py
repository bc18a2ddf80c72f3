"""The integrity history's "themes over time" chart: server-side SVG (works under the strict CSP),
stacked bars by year, one colour per theme, presentation attributes only, every text escaped. The
table with the same counts is always on the page beside it."""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe

# GOV.UK palette, distinguishable in order; a theme past the end reuses from the start
PALETTE = ["#1d70b8", "#d4351c", "#00703c", "#912b88", "#f47738", "#003078", "#5694ca", "#85994b", "#6f72af"]


def theme_colours(codes: list[str]) -> dict[str, str]:
    return {code: PALETTE[i % len(PALETTE)] for i, code in enumerate(codes)}


def _text(x, y, text, size=12, anchor="start", fill="#0b0c0c", weight="normal") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}" '
        f'font-weight="{weight}">{escape(str(text))}</text>'
    )


def themes_by_year_chart(*, years: list[int], rows: list[dict], title: str) -> SafeString:
    """rows: [{"code", "label", "colour", "counts": [count per year, in the order of years]}]."""
    left, top, plot_h, bar_gap = 40, 20, 180, 10
    slot = max(28, min(70, 640 // max(len(years), 1)))
    width = left + slot * len(years) + 20
    legend_y = top + plot_h + 40
    height = legend_y + 20 * len(rows) + 10
    totals = [sum(row["counts"][i] for row in rows) for i in range(len(years))]
    peak = max(totals + [1])
    body: list[str] = []
    for step in range(0, peak + 1, max(1, (peak + 3) // 4)):  # 4 or 5 gridlines on whole numbers
        y = top + plot_h - plot_h * step / peak
        body.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e5e5"/>')
        body.append(_text(left - 6, y + 4, step, 11, anchor="end", fill="#505a5f"))
    for i, year in enumerate(years):
        x = left + slot * i + bar_gap / 2
        y = top + plot_h
        for row in rows:
            count = row["counts"][i]
            if not count:
                continue
            h = plot_h * count / peak
            y -= h
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot - bar_gap:.1f}" height="{h:.1f}" fill="{row["colour"]}">'
                f"<title>{escape(row['label'])}, {year}: {count}</title></rect>"
            )
        if totals[i]:
            body.append(_text(x + (slot - bar_gap) / 2, y - 4, totals[i], 11, anchor="middle"))
        body.append(_text(x + (slot - bar_gap) / 2, top + plot_h + 16, year, 11, anchor="middle"))
    body.append(f'<line x1="{left}" x2="{width - 10}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#0b0c0c"/>')
    for j, row in enumerate(rows):
        y = legend_y + 20 * j
        body.append(f'<rect x="{left}" y="{y - 10}" width="12" height="12" fill="{row["colour"]}"/>')
        body.append(_text(left + 18, y, f"{row['label']} ({sum(row['counts'])})", 12))
    # Safe: every text above passes through escape(); the rest is numbers and our own colours.
    return mark_safe(  # noqa: S308
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="theme-chart-title" class="app-chart" font-family="Arial, sans-serif" '
        f'data-testid="theme-chart"><title id="theme-chart-title">{escape(title)}</title>{"".join(body)}</svg>'
    )
