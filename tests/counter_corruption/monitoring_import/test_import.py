"""The import of an audit extract: rows checked one by one (bad ones named by line), stored once by
system + event id, in month partitions, with the staff number resolved to the workforce."""

from datetime import date

import pytest
from django.db import connection

from counter_corruption.models import AuditEvent, AuditEventKey, AuditImport, AuditImportChunk, ImportStatus
from counter_corruption.monitoring_import import (
    import_create,
    import_progress,
    import_split,
    import_to_completion,
)
from counter_corruption.monitoring_keys import partition_name, partitions

from .conftest import HEADER, extract, row

pytestmark = pytest.mark.django_db


def imported(path, **kwargs) -> AuditImport:
    imp = import_create(source=path, filename=path.name, origin="command")
    return import_to_completion(imp)


def test_good_rows_are_stored_with_their_searcher_and_normalised_keys(tmp_path, searcher):
    imp = imported(extract(tmp_path, [row(1), row(2, surname="O'Brien", postcode="M1 1AE")]))

    assert imp.status == ImportStatus.COMPLETE
    assert (imp.rows_read, imp.imported, imp.duplicates, imp.bad_rows, imp.unknown_staff) == (2, 2, 0, 0, 0)
    first = AuditEvent.objects.get(event_id="1")
    assert first.searcher_id == searcher.id
    assert (first.surname_key, first.forename_key, first.postcode_key) == ("SMITH", "JOHN", "SW1A1AA")
    assert first.result_dob == date(1980, 2, 3)
    assert first.line == 2 and first.audit_import_id == imp.id
    assert first.occurred_at.isoformat() == "2026-10-03T22:41:07+00:00"
    assert AuditEvent.objects.get(event_id="2").surname_key == "OBRIEN"
    chunk = AuditImportChunk.objects.get(audit_import=imp)
    ids = sorted(AuditEvent.objects.values_list("id", flat=True))
    assert (chunk.low_event_id, chunk.high_event_id) == (ids[0], ids[-1])


def test_each_bad_row_is_reported_by_its_line_and_the_rest_import(tmp_path, searcher):
    rows = [
        row(1),
        row(2, system="pnd!"),
        row("", system="PND"),
        row(4, at="2026-10-03T23:41:07"),  # naive: refused
        row(5, at="yesterday"),
        row(6, action="delete"),
        row(7, query_type="email"),
        row(8, dob="03/02/1980"),
        row(9, staff=""),
        row("X" * 65),
        row(11, postcode="SW1A 1AA EXTRA"),
        "PND,12,2026-10-03T23:41:07+01:00",  # too few fields
        row(13),
    ]
    imp = imported(extract(tmp_path, rows), searcher=searcher)

    assert (imp.rows_read, imp.imported, imp.bad_rows) == (13, 2, 11)
    bad = import_progress(imp)["bad_lines"]
    assert [line for line, _ in bad] == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]
    reasons = dict(bad)
    assert "system" in reasons[3]
    assert "event_id" in reasons[4]
    assert "no UTC offset" in reasons[5]
    assert "ISO 8601" in reasons[6]
    assert "action" in reasons[7]
    assert "query_type" in reasons[8]
    assert "result_dob" in reasons[9]
    assert "staff_number" in reasons[10]
    assert "event_id" in reasons[11]
    assert "result_postcode is longer than 10" in reasons[12]
    assert "3 fields where the header has 14" in reasons[13]
    assert sorted(AuditEvent.objects.values_list("event_id", flat=True)) == ["1", "13"]


def test_importing_the_same_file_again_changes_nothing_and_counts_duplicates(tmp_path, searcher):
    path = extract(tmp_path, [row(n) for n in range(1, 6)])
    imported(path)
    again = imported(path)

    assert (again.rows_read, again.imported, again.duplicates, again.bad_rows) == (5, 0, 5, 0)
    assert AuditEvent.objects.count() == 5 == AuditEventKey.objects.count()


def test_an_event_twice_in_one_file_is_stored_once(tmp_path, searcher):
    imp = imported(extract(tmp_path, [row(1), row(2), row(1, surname="Other")]))

    assert (imp.imported, imp.duplicates) == (2, 1)
    assert AuditEvent.objects.get(event_id="1").result_surname == "Smith"  # the first wins


def test_same_event_id_in_two_systems_is_two_events(tmp_path, searcher):
    imp = imported(extract(tmp_path, [row(1, system="PND"), row(1, system="RMS")]))
    assert imp.imported == 2


def test_a_quoted_field_holding_a_newline_is_one_record_and_lines_stay_right(tmp_path, searcher, settings):
    settings.MONITORING_CHUNK_ROWS = 2  # a chunk boundary right after the record with the newline
    rows = [row(1), row(2, reason='"Called about\nthe job, said ""urgent"""'), row(3), row(4, action="bad")]
    imp = imported(extract(tmp_path, rows))

    assert (imp.rows_read, imp.imported, imp.bad_rows) == (4, 3, 1)
    assert AuditEvent.objects.get(event_id="2").reason_text == 'Called about\nthe job, said "urgent"'
    assert AuditEvent.objects.get(event_id="3").line == 5  # the newline took a physical line
    assert import_progress(imp)["bad_lines"] == [[6, "action must be search, view, print or export"]]
    assert list(imp.chunks.values_list("first_line", "lines")) == [(2, 3), (5, 2)]


def test_events_go_to_the_partition_of_their_month_created_as_needed(tmp_path, searcher):
    rows = [
        row(1, at="2026-09-30T23:30:00-01:00"),  # 1 October in UTC
        row(2, at="2026-11-01T00:30:00+01:00"),  # 31 October in UTC
        row(3, at="2026-12-15T10:00:00Z"),
    ]
    imported(extract(tmp_path, rows))

    names = {name for _, name, attached in partitions() if attached}
    assert {partition_name(date(2026, 10, 1)), partition_name(date(2026, 12, 1))} <= names
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT event_id FROM {partition_name(date(2026, 10, 1))} ORDER BY event_id")
        assert [r[0] for r in cursor.fetchall()] == ["1", "2"]


def test_an_unknown_staff_number_is_stored_without_searcher_and_counted(tmp_path, searcher):
    imp = imported(extract(tmp_path, [row(1), row(2, staff="S999999")]))

    assert (imp.imported, imp.unknown_staff, imp.bad_rows) == (2, 1, 0)
    assert AuditEvent.objects.get(event_id="2").searcher_id is None


def test_a_header_without_a_required_column_fails_the_import_with_no_chunk(tmp_path):
    path = extract(tmp_path, [row(1)], header=HEADER.replace("staff_number", "officer"))
    imp = import_create(source=path, filename=path.name, origin="command")

    assert imp.status == ImportStatus.FAILED
    assert "staff_number" in imp.error and "line 1" in imp.error
    assert import_split(imp) == 0
    assert not imp.chunks.exists()


def test_columns_in_another_order_and_optional_ones_missing_are_read(tmp_path, searcher):
    path = tmp_path / "short.csv"
    path.write_text(
        "event_id,system,staff_number,occurred_at,query_type,action,result_surname\n"
        "77,CAD,S100001,2026-10-03T08:00:00+00:00,person,view,Jones\n",
        encoding="utf-8",
    )
    imp = imported(path)

    assert imp.imported == 1
    event = AuditEvent.objects.get(event_id="77")
    assert (event.system, event.action, event.surname_key, event.result_postcode) == ("CAD", "view", "JONES", "")


def test_rows_before_the_retention_period_are_refused(tmp_path, searcher, settings):
    settings.MONITORING_RETENTION_MONTHS = 12
    imp = imported(extract(tmp_path, [row(1, at="2001-01-01T00:00:00+00:00"), row(2, at="2026-11-01T09:00:00Z")]))
    assert (imp.imported, imp.bad_rows) == (1, 1)
    assert "retention" in import_progress(imp)["bad_lines"][0][1]


def test_a_file_with_only_a_header_completes_with_nothing(tmp_path):
    imp = imported(extract(tmp_path, []))
    assert imp.status == ImportStatus.COMPLETE and imp.rows_read == 0


def test_a_chunk_already_done_is_not_done_again(tmp_path, searcher):
    from counter_corruption.monitoring_import import chunk_import

    imp = imported(extract(tmp_path, [row(1), row(2)]))
    assert chunk_import(imp.chunks.get().id) == 0
    assert AuditEvent.objects.count() == 2


def test_progress_while_importing(tmp_path, searcher, settings):
    from counter_corruption.monitoring_import import chunk_import

    settings.MONITORING_CHUNK_ROWS = 2
    imp = import_create(source=extract(tmp_path, [row(n) for n in range(1, 5)]), filename="x.csv", origin="command")
    import_split(imp)
    chunk_import(imp.chunks.get(number=0).id)
    imp.refresh_from_db()
    progress = import_progress(imp)
    assert progress["status"] == ImportStatus.IMPORTING
    assert (progress["chunks_done"], progress["chunks_total"], progress["percent"], progress["imported"]) == (
        1,
        2,
        50,
        2,
    )


def test_a_nul_byte_or_a_quote_never_closed_is_a_bad_row_not_a_stuck_chunk(tmp_path, searcher):
    path = tmp_path / "broken.csv"
    path.write_bytes(
        (HEADER + "\n" + row(1) + "\n" + row(2).replace("Smith", "Sm\x00ith") + "\n" + row(3) + "\n").encode()
        + (row(4).replace("SMITH J*", '"SMITH J*') + "\n").encode()
    )
    imp = imported(path)

    assert (imp.rows_read, imp.imported, imp.bad_rows) == (4, 2, 2)
    lines = [line for line, _ in import_progress(imp)["bad_lines"]]
    assert lines == [3, 5]


def test_a_stray_quote_inside_a_field_neither_cuts_records_nor_grows_a_chunk_without_bound(
    tmp_path, searcher, settings, monkeypatch
):
    import counter_corruption.monitoring_import as service

    monkeypatch.setattr(service, "MAX_RECORD_LINES", 3)
    settings.MONITORING_CHUNK_ROWS = 2
    rows = [row(n) for n in range(1, 11)]
    rows[1] = row(2, surname='O"BRIEN')  # malformed CSV: read literally by the csv module
    imp = imported(extract(tmp_path, rows))

    assert (imp.rows_read, imp.imported, imp.bad_rows) == (10, 10, 0)
    assert AuditEvent.objects.get(event_id="2").result_surname == 'O"BRIEN'
    assert max(imp.chunks.values_list("lines", flat=True)) <= 3 + 2  # MAX_RECORD_LINES + a chunk


def test_windows_line_endings_are_read(tmp_path, searcher):
    path = tmp_path / "crlf.csv"
    path.write_bytes(("\r\n".join([HEADER, row(1), row(2, reason='"two\r\nlines"'), row(3)]) + "\r\n").encode())
    imp = imported(path)

    assert (imp.rows_read, imp.imported) == (3, 3)
    assert AuditEvent.objects.get(event_id="3").line == 5
    assert AuditEvent.objects.get(event_id="1").reason_text == ""


@pytest.mark.django_db(transaction=True)
def test_the_stored_copy_of_the_file_is_deleted_once_every_row_is_in(tmp_path, searcher):
    from pathlib import Path

    imp = imported(extract(tmp_path, [row(1)]))
    try:
        assert imp.status == ImportStatus.COMPLETE
        assert not Path(imp.path).exists()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE counter_corruption_auditevent")
