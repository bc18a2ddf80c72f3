"""Timeliness of every stage of every case type: days in stage (n, median, 90th percentile) by
case type, command or unit, severity and year received; open matters' ages; statutory clocks met
and missed; and the two charts.

The page never computes a percentile over the raw tables: a run (nightly, or an analyst's refresh)
writes the facts chunk by chunk (governance.timeliness_facts) and then one aggregation writes every
figure the page's filters can ask for into TimelinessFigure (GROUPING SETS, percentile_cont). A
page view reads a few dozen of those rows by index."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

from django.db import connection, transaction
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from infra.outbox import enqueue, enqueue_many
from oversight.disclosure import DEFAULT_THRESHOLD, TOTAL, published_count, suppress_table

from .models_timeliness import (
    CaseType,
    FigureKind,
    TimelinessChunk,
    TimelinessClock,
    TimelinessFact,
    TimelinessFigure,
    TimelinessRun,
)
from .timeliness_facts import CLOCKS, SOURCES, STAGES, chunk_rows

CHUNK_SIZE = 5000
# open matters' age since received, in days (inclusive upper bounds)
AGE_BANDS = [
    ("0-90 days", 0, 90),
    ("91-180 days", 91, 180),
    ("181-270 days", 181, 270),
    ("271-365 days", 271, 365),
    ("366-400 days", 366, 400),
    ("over 400 days", 401, None),
]
BAND_LABELS = [b[0] for b in AGE_BANDS]
DIMENSIONS = ("case_type", "command_id", "unit_id", "severity", "year_received")


# ---------------------------------------------------------------- the run


def timeliness_run_start(*, reason: str, as_of: date | None = None, chunk_size: int = CHUNK_SIZE) -> TimelinessRun:
    """Record a run and its chunks (every matter of every case type) and send the chunk tasks."""
    from .timeliness_tasks import timeliness_chunk, timeliness_finish

    as_of = as_of or timezone.localdate()
    with transaction.atomic():
        run = TimelinessRun.objects.create(reason=reason[:200], as_of=as_of)
        chunks = []
        for source, (model, _) in SOURCES.items():
            ids = list(model.objects.order_by("id").values_list("id", flat=True))
            chunks += [
                TimelinessChunk(run=run, source=source, ids=ids[i : i + chunk_size], enqueued_at=timezone.now())
                for i in range(0, len(ids), chunk_size)
            ]
        chunks = TimelinessChunk.objects.bulk_create(chunks)
        run.total_chunks = len(chunks)
        run.save(update_fields=["total_chunks"])
        if chunks:
            enqueue_many(timeliness_chunk, [(c.id,) for c in chunks], queue="analytics")
        else:
            enqueue(timeliness_finish, run.id, queue="analytics")
    return run


def timeliness_chunk_build(*, chunk_id: int) -> bool:
    """Write one chunk's facts; a second delivery finds the chunk done and does nothing. Returns
    True when this was the run's last chunk (the caller then sends the finishing task)."""
    with transaction.atomic():
        chunk = TimelinessChunk.objects.select_for_update().select_related("run").filter(id=chunk_id).first()
        if chunk is None or chunk.done_at is not None:
            return False
        rows = chunk_rows(
            run_id=chunk.run_id, chunk_id=chunk.id, as_of=chunk.run.as_of, source=chunk.source, ids=chunk.ids
        )
        TimelinessFact.objects.filter(run_id=chunk.run_id, chunk_id=chunk.id).delete()
        TimelinessClock.objects.filter(run_id=chunk.run_id, chunk_id=chunk.id).delete()
        TimelinessFact.objects.bulk_create(rows.facts, batch_size=5000)
        TimelinessClock.objects.bulk_create(rows.clocks, batch_size=5000)
        chunk.done_at = timezone.now()
        chunk.save(update_fields=["done_at"])
    return not TimelinessChunk.objects.filter(run_id=chunk.run_id, done_at__isnull=True).exists()


def timeliness_run_finish(*, run_id: int) -> bool:
    """Aggregate a run whose chunks are all done into figures, then drop older runs (idempotent)."""
    with transaction.atomic():
        run = TimelinessRun.objects.select_for_update().filter(id=run_id, aggregated_at__isnull=True).first()
        if run is None or TimelinessChunk.objects.filter(run_id=run_id, done_at__isnull=True).exists():
            return False
        TimelinessFigure.objects.filter(run_id=run_id).delete()
        with connection.cursor() as cursor:
            for sql in _aggregate_sql():
                cursor.execute(sql, {"run": run_id})
        run.aggregated_at = run.finished_at = timezone.now()
        run.save(update_fields=["aggregated_at", "finished_at"])
        older = list(TimelinessRun.objects.filter(started_at__lt=run.started_at).values_list("id", flat=True))
        if older:
            TimelinessFact.objects.filter(run_id__in=older).delete()
            TimelinessClock.objects.filter(run_id__in=older).delete()
            TimelinessFigure.objects.filter(run_id__in=older).delete()
            TimelinessChunk.objects.filter(run_id__in=older).delete()
            TimelinessRun.objects.filter(id__in=older).delete()
    return True


def timeliness_refresh_now(*, reason: str = "on request", as_of: date | None = None) -> TimelinessRun:
    """Start a run and do its work in this process (the demo, tests, the management command): the
    same functions the tasks call, in the same order."""
    run = timeliness_run_start(reason=reason, as_of=as_of)
    for chunk_id in TimelinessChunk.objects.filter(run=run).order_by("id").values_list("id", flat=True):
        timeliness_chunk_build(chunk_id=chunk_id)
    timeliness_run_finish(run_id=run.id)
    run.refresh_from_db()
    return run


def latest_run() -> TimelinessRun | None:
    return TimelinessRun.objects.filter(finished_at__isnull=False).order_by("-started_at").first()


def run_in_progress() -> TimelinessRun | None:
    return TimelinessRun.objects.filter(finished_at__isnull=True).order_by("-started_at").first()


def _grouping_sets() -> str:
    """Every combination of filters the page offers: case type or all, force / command / unit,
    severity or all, year or all (a unit implies its command, so they are never grouped together)."""
    sets = []
    for case_type in ((), ("case_type",)):
        for org in ((), ("command_id",), ("unit_id",)):
            for severity in ((), ("severity",)):
                for year in ((), ("year_received",)):
                    sets.append("(" + ", ".join(("key", *case_type, *org, *severity, *year)) + ")")
    return ", ".join(sets)


def _aggregate_sql() -> list[str]:
    dims = ", ".join(DIMENSIONS)
    insert = (
        f"INSERT INTO governance_timelinessfigure (run_id, kind, key, {dims}, n, median, p90, mean, met, missed, "
        "open_overdue) "
    )
    percentiles = (
        "count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY days), "
        "percentile_cont(0.9) WITHIN GROUP (ORDER BY days), avg(days)::float8, 0, 0, 0"
    )
    band = "CASE " + " ".join(
        f"WHEN days <= {high} THEN '{label}'" if high is not None else f"ELSE '{label}'"
        for label, _, high in AGE_BANDS
    ) + " END"  # fmt: skip
    groups = _grouping_sets()
    return [
        f"{insert} SELECT %(run)s, '{FigureKind.STAGE}', key, {dims}, {percentiles} FROM "
        f"(SELECT stage AS key, * FROM governance_timelinessfact WHERE run_id = %(run)s AND NOT is_open) f "
        f"GROUP BY GROUPING SETS ({groups})",
        f"{insert} SELECT %(run)s, '{FigureKind.OPEN}', key, {dims}, {percentiles} FROM "
        f"(SELECT stage AS key, * FROM governance_timelinessfact WHERE run_id = %(run)s AND is_open) f "
        f"GROUP BY GROUPING SETS ({groups})",
        f"{insert} SELECT %(run)s, '{FigureKind.BAND}', key, {dims}, count(*), NULL, NULL, NULL, 0, 0, 0 FROM "
        f"(SELECT {band} AS key, * FROM governance_timelinessfact "
        f"WHERE run_id = %(run)s AND is_open AND stage = 'end_to_end') f GROUP BY GROUPING SETS ({groups})",
        f"{insert} SELECT %(run)s, '{FigureKind.CLOCK}', key, {dims}, count(*), NULL, NULL, NULL, "
        "count(*) FILTER (WHERE status = 'met'), count(*) FILTER (WHERE status = 'missed'), "
        "count(*) FILTER (WHERE status = 'open_overdue') FROM "
        f"(SELECT clock AS key, * FROM governance_timelinessclock WHERE run_id = %(run)s) f "
        f"GROUP BY GROUPING SETS ({groups})",
    ]


# ---------------------------------------------------------------- reading the figures


def _figures(run: TimelinessRun, filters: dict):
    """The precomputed rows for one combination of filters (None = all); a unit wins over its command."""
    lookup = {name: filters.get(name) for name in DIMENSIONS}
    if lookup["unit_id"] is not None:
        lookup["command_id"] = None
    if lookup["severity"] == "all":
        lookup["severity"] = None
    return TimelinessFigure.objects.filter(run=run, **lookup)


def _count(n: int | None, published: bool) -> int | None:
    if n is None:
        return None
    return published_count(n) if published else n


def _stat(value: float | None, n: int, published: bool) -> float | None:
    if value is None or (published and n < DEFAULT_THRESHOLD):
        return None
    return round(value, 1)


def _suppressed_partition(counts: dict[str, int], published: bool) -> tuple[dict[str, int | None], int | None]:
    """Counts that add up to a total (open matters by band or by stage): published through
    oversight.disclosure so a hidden count cannot be worked out from the total and the others."""
    total = sum(counts.values())
    if not published:
        return dict(counts), total
    if not counts:
        return {}, 0
    table = suppress_table({key: (n, n) for key, n in counts.items()})
    return {key: table[key]["events"] for key in counts}, table[TOTAL]["events"]


def timeliness_summary(*, filters: dict, published: bool) -> dict:
    """Everything the page shows for one combination of filters. filters: case_type, command_id,
    unit_id, severity, year_received (each None for all). Published (the oversight reader): counts
    of 1-4 suppressed, medians and 90th percentiles over fewer than 5 matters withheld."""
    run = latest_run()
    result = {"run": run, "published": published, "stages": [], "open_stages": [], "bands": [], "clocks": []}
    if run is None:
        return result
    rows = list(
        _figures(run, filters).values("kind", "key", "n", "median", "p90", "mean", "met", "missed", "open_overdue")
    )
    by_kind: dict[str, dict[str, dict]] = {}
    for row in rows:
        by_kind.setdefault(row["kind"], {})[row["key"]] = row
    for kind, target in ((FigureKind.STAGE, "stages"), (FigureKind.OPEN, "open_stages")):
        found = by_kind.get(kind, {})
        for stage in STAGES:
            if filters.get("case_type") and filters["case_type"] not in stage.case_types:
                continue
            row = found.get(stage.key)
            n = row["n"] if row else 0
            result[target].append(
                {
                    "stage": stage.key,
                    "label": stage.label,
                    "n": _count(n, published),
                    "median": _stat(row["median"], n, published) if row else None,
                    "p90": _stat(row["p90"], n, published) if row else None,
                }
            )
    band_rows = by_kind.get(FigureKind.BAND, {})
    band_counts, open_total = _suppressed_partition(
        {b: band_rows[b]["n"] if b in band_rows else 0 for b in BAND_LABELS}, published
    )
    result["bands"] = [{"band": band, "n": band_counts[band]} for band in BAND_LABELS]
    result["open_total"] = open_total
    clock_rows = by_kind.get(FigureKind.CLOCK, {})
    for key, label in CLOCKS:
        row = clock_rows.get(key) or {"met": 0, "missed": 0, "open_overdue": 0}
        result["clocks"].append(
            {
                "clock": key,
                "label": label,
                "met": _count(row["met"], published),
                "missed": _count(row["missed"], published),
                "open_overdue": _count(row["open_overdue"], published),
            }
        )
    return result


def board_figures(*, as_of: date) -> dict:
    """The board pack's figures, whole force, from the latest run (its as_of is the ages' day):
    each case type's stages (finished stages), open matters by age, the clocks, and the matters
    finalised in the 12 months to `as_of` (received to finalised)."""
    run = latest_run()
    empty = {"n": 0, "mean_days": None, "median_days": None}
    if run is None:
        return {
            "stages": [],
            "open_ageing": [{"band": b, "n": 0} for b in BAND_LABELS],
            "clocks": [],
            "finalised_12m": empty,
        }
    rows = TimelinessFigure.objects.filter(
        run=run, command_id=None, unit_id=None, severity=None, year_received=None
    ).values("kind", "key", "case_type", "n", "median", "p90", "met", "missed", "open_overdue")
    stage_rows = {(r["case_type"], r["key"]): r for r in rows if r["kind"] == FigureKind.STAGE}
    stages = []
    for case_type in CaseType.values:
        for stage in STAGES:
            row = stage_rows.get((case_type, stage.key))
            if case_type in stage.case_types and row:
                stages.append(
                    {"case_type": case_type, "stage": stage.key, "label": stage.label, "n": row["n"],
                     "median": row["median"], "p90": row["p90"]}
                )  # fmt: skip
    bands = {r["key"]: r["n"] for r in rows if r["kind"] == FigureKind.BAND and r["case_type"] is None}
    clock_rows = {r["key"]: r for r in rows if r["kind"] == FigureKind.CLOCK and r["case_type"] is None}
    clocks = [
        {"clock": key, "label": label, "met": clock_rows.get(key, {}).get("met", 0),
         "missed": clock_rows.get(key, {}).get("missed", 0), "open_overdue": clock_rows.get(key, {}).get("open_overdue", 0)}
        for key, label in CLOCKS
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), avg(days)::float8, percentile_cont(0.5) WITHIN GROUP (ORDER BY days) "
            "FROM governance_timelinessfact WHERE run_id = %s AND stage = 'end_to_end' AND NOT is_open "
            "AND end_on > %s AND end_on <= %s",
            [run.id, as_of - timedelta(days=365), as_of],
        )
        n, mean, median = cursor.fetchone()
    return {
        "stages": stages,
        "open_ageing": [{"band": b, "n": bands.get(b, 0)} for b in BAND_LABELS],
        "clocks": clocks,
        "finalised_12m": {"n": n, "mean_days": mean, "median_days": median},
    }


# ---------------------------------------------------------------- the matters behind a figure


def matters_behind(*, user, stage: str, is_open: bool, filters: dict):
    """The facts behind one figure that the user may open (need-to-know as on each case type's own
    pages); matters they may not open are left out, never counted or named."""
    from django.db.models import Exists, OuterRef, Q

    from cases.selectors import cases_visible_to
    from performance.selectors import performance_cases_visible_to
    from vetting.withdrawal_services import withdrawals_visible_to

    run = latest_run()
    if run is None:
        return TimelinessFact.objects.none(), None
    queryset = TimelinessFact.objects.filter(run=run, stage=stage, is_open=is_open)
    for name in DIMENSIONS:
        value = filters.get(name)
        if value is not None and value != "all":
            queryset = queryset.filter(**{name: value})
    # one EXISTS per case type, checked row by row as the index on (run, stage, is_open, -days, id)
    # hands the facts over in page order: a page costs 25-odd probes, not a hash of every visible id
    visible = (
        Q(case_type__in=[CaseType.CONDUCT, CaseType.STAFF], _cases=True)
        | Q(case_type=CaseType.VETTING, _withdrawals=True)
        | Q(case_type=CaseType.PERFORMANCE, _performance=True)
    )
    queryset = queryset.alias(
        _cases=Exists(cases_visible_to(user=user).filter(id=OuterRef("matter_id"))),
        _withdrawals=Exists(withdrawals_visible_to(user=user).filter(id=OuterRef("matter_id"))),
        _performance=Exists(performance_cases_visible_to(user=user).filter(id=OuterRef("matter_id"))),
    )
    return queryset.filter(visible).order_by("-days", "id"), run


def matter_links(facts: list[TimelinessFact]) -> list[dict]:
    """Reference, link and subject for one page of facts (one query per case type on the page)."""
    from django.urls import reverse

    from cases.models import Case, CaseSubject
    from performance.models import PerformanceCase
    from vetting.models.withdrawal import WithdrawalCase

    def ids(*types):
        return [f.matter_id for f in facts if f.case_type in types]

    cases = dict(Case.objects.filter(id__in=ids(CaseType.CONDUCT, CaseType.STAFF)).values_list("id", "reference"))
    subjects = dict(
        CaseSubject.objects.filter(id__in=[f.subject_id for f in facts if f.subject_id]).values_list(
            "id", "person__staff_number"
        )
    )
    withdrawals = {
        i: (ref, pid)
        for i, ref, pid in WithdrawalCase.objects.filter(id__in=ids(CaseType.VETTING)).values_list(
            "id", "reference", "public_id"
        )
    }
    performance = dict(PerformanceCase.objects.filter(id__in=ids(CaseType.PERFORMANCE)).values_list("id", "reference"))
    out = []
    for fact in facts:
        if fact.case_type == CaseType.VETTING:
            reference, public_id = withdrawals.get(fact.matter_id, ("", None))
            url = reverse("vetting:withdrawal", args=[public_id]) if public_id else ""
        elif fact.case_type == CaseType.PERFORMANCE:
            reference = performance.get(fact.matter_id, "")
            url = reverse("performance:case", args=[reference]) if reference else ""
        else:
            reference = cases.get(fact.matter_id, "")
            url = reverse("cases:detail", args=[reference]) if reference else ""
        out.append(
            {"fact": fact, "reference": reference, "url": url, "staff_number": subjects.get(fact.subject_id, ""),
             "case_type": CaseType(fact.case_type).label}
        )  # fmt: skip
    return out


# ---------------------------------------------------------------- charts


def _svg(width: int, height: int, title: str, desc: str, body: list[str]) -> SafeString:
    # Safe: every text passes through escape() here or in _text; the rest are numbers we format.
    return mark_safe(  # noqa: S308
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="t-{id(body)} d-{id(body)}" class="app-chart" font-family="Arial, sans-serif">'
        f'<title id="t-{id(body)}">{escape(title)}</title><desc id="d-{id(body)}">{escape(desc)}</desc>'
        f"{''.join(body)}</svg>"
    )


def _text(x, y, text, size=12, anchor="start", weight="normal", fill="#0b0c0c") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" '
        f'fill="{fill}">{escape(str(text))}</text>'
    )


def _bar_scale(values: list[float]) -> float:
    return max([v for v in values if v is not None] + [1.0]) * 1.1


def stage_chart(stages: list[dict]) -> SafeString:
    """Horizontal bars: median days in each stage (dark) with the 90th percentile (light) behind.
    stages: [{"label", "median", "p90", "n"}]; a withheld median is written as such."""
    left, width, row_h = 300, 380, 30
    top = _bar_scale([s.get("p90") for s in stages] + [s.get("median") for s in stages])
    body = [_text(left, 16, "Days: median (dark), 90th percentile (light)", 12, fill="#505a5f")]
    y = 28
    described = []
    for stage in stages:
        body.append(_text(left - 8, y + 15, stage["label"], 12, anchor="end"))
        median, p90 = stage.get("median"), stage.get("p90")
        if median is None:
            body.append(_text(left + 4, y + 15, "no figure (none, or too few to publish)", 12, fill="#505a5f"))
            described.append(f"{stage['label']}: no figure")
        else:
            if p90 is not None:
                body.append(
                    f'<rect x="{left}" y="{y + 3}" width="{width * p90 / top:.1f}" height="18" fill="#b1d2ea"/>'
                )
            body.append(f'<rect x="{left}" y="{y + 3}" width="{width * median / top:.1f}" height="18" fill="#1d70b8"/>')
            end = width * (p90 if p90 is not None else median) / top
            label = f"{median:g}" + (f" / {p90:g}" if p90 is not None else "")
            body.append(_text(left + end + 6, y + 16, label, 12))
            described.append(
                f"{stage['label']}: median {median:g} days" + (f", 90th percentile {p90:g}" if p90 is not None else "")
            )
        y += row_h
    for i in range(5):
        x = left + width * i / 4
        body.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="26" y2="{y}" stroke="#e5e5e5"/>')
        body.append(_text(x, y + 14, f"{top * i / 4:.0f}", 11, anchor="middle", fill="#505a5f"))
    return _svg(left + width + 110, y + 24, "Time in stage (days)", "; ".join(described) or "No stages", body)


def ageing_chart(bands: list[dict]) -> SafeString:
    """Vertical bars: open matters by age since received. bands: [{"band", "n"}]; n None = suppressed."""
    left, bottom, bar_w, gap = 50, 220, 70, 18
    top = _bar_scale([b["n"] for b in bands if b["n"] is not None])
    body, described = [], []
    for i, band in enumerate(bands):
        x = left + i * (bar_w + gap)
        late = band["band"].startswith("over") or band["band"].startswith("366")
        if band["n"] is None:
            body.append(_text(x + bar_w / 2, bottom - 6, "[c]", 12, anchor="middle", fill="#505a5f"))
            described.append(f"{band['band']}: suppressed")
        else:
            h = (bottom - 30) * band["n"] / top
            fill = "#d4351c" if late else "#1d70b8"
            body.append(f'<rect x="{x}" y="{bottom - h:.1f}" width="{bar_w}" height="{h:.1f}" fill="{fill}"/>')
            body.append(_text(x + bar_w / 2, bottom - h - 6, f"{band['n']:,}", 12, anchor="middle"))
            described.append(f"{band['band']}: {band['n']}")
        body.append(_text(x + bar_w / 2, bottom + 16, band["band"], 11, anchor="middle"))
    body.append(
        f'<line x1="{left - 6}" x2="{left + len(bands) * (bar_w + gap)}" y1="{bottom}" y2="{bottom}" stroke="#0b0c0c"/>'
    )
    return _svg(left + len(bands) * (bar_w + gap) + 20, bottom + 30, "Open matters by age since received",
                "; ".join(described) or "No open matters", body)  # fmt: skip
