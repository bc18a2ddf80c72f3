"""The matters behind a number on the dashboard, found with the refresh's own definitions."""

from __future__ import annotations

from django.db import connection, transaction

from . import counting

EVENT_COLUMN = {
    "in_system": "true",
    "assessed": "s.assessed",
    "gross": "s.gross",
    "decided": "s.decided",
    "cta": "s.cta",
    "referred": "s.referred",
    "hearing": "s.hearing",
    "at_proceedings": "s.at_proceedings",
    "at_hearing": "s.at_hearing",
    "dismissed": "s.dismissed",
    "sanctioned": "s.sanctioned",
}


def drilldown_subjects(result, which: str) -> list[tuple[int, int]]:
    """(subject id, case id) of the matters counted in `which` ('events' or 'n') of a result row.

    Uses the data as it is now with the refresh's cut-off and window: a matter changed since the
    refresh may appear or drop out (the page says so).
    """
    denominator, event = counting.STAGE_COLUMNS[result.stage]
    column = EVENT_COLUMN[event if which == "events" else denominator]
    cutoff = result.refresh.data_cutoff
    params = {
        "cutoff": cutoff,
        "start": counting.window_start(cutoff, result.window_months),
        "sanctions": list(counting.SANCTIONS),
        "group": result.group,
    }
    where = [f"{column}", "p.person_type <> 'contractor'", "coalesce(e.\"group\", 'not_stated') = %(group)s"]
    # as the refresh counts: people employed at some time in the window
    where.append("p.start_date <= %(cutoff)s AND (p.end_date IS NULL OR p.end_date >= %(start)s)")
    if result.level == "unit":
        where.append("p.unit_id = %(unit)s")
        params["unit"] = result.unit_id
    elif result.level == "command":
        where.append("p.command_id = %(unit)s")
        params["unit"] = result.unit_id
    if result.population != "all":
        where.append("p.person_type = ANY(%(types)s)")
        params["types"] = list(counting.OFFICER_TYPES if result.population == "officer" else counting.STAFF_TYPES)
    if result.source != "all":
        where.append("s.source = %(source)s")
        params["source"] = result.source
    sql = f"""
        SELECT s.subject_id, cs.case_id FROM dz_subject s
        JOIN cases_casesubject cs ON cs.id = s.subject_id
        JOIN workforce_person p ON p.id = s.person_id
        LEFT JOIN workforce_ethnicitycode e ON e.code = p.ethnicity_id
        WHERE {" AND ".join(where)}
        ORDER BY s.received_date DESC, s.subject_id
    """
    with transaction.atomic(), connection.cursor() as cursor:
        counting.drop_temp_tables(cursor)
        cursor.execute(counting.SUBJECTS_SQL, params)
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        counting.drop_temp_tables(cursor)
        return rows
