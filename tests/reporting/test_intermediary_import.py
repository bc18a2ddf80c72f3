"""Importing reports passed on by an intermediary (docs/formats/intermediary-reports.md)."""

import csv
import io
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.choices import Role
from reporting.importing import COLUMNS, ImportRefused, bad_rows, intermediary_import
from reporting.models import Channel, IntermediaryImport, Report, ReportEvent, ReportStatus
from reporting.selectors import reports_visible_to
from reporting.services import due_dates, report_submit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "samples" / "intermediary-reports-sample.csv"
HEADER = ",".join(COLUMNS)


def row(reference: str, **cells) -> dict:
    return {
        "intermediary_reference": reference,
        "received_at": "2026-10-01",
        "what_happened": f"Fictional report {reference}.",
        **cells,
    }


def to_csv(rows: list[dict], columns=COLUMNS) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def run(data: bytes, intermediary: str = "Crimestoppers", file_name: str = "batch.csv", actor=None):
    return intermediary_import(actor=actor, intermediary=intermediary, file_name=file_name, data=data)


def test_a_good_file_puts_anonymous_intermediary_reports_in_the_triage_queue():
    officer = UserFactory(role=Role.REPORTING_OFFICER)
    portal = report_submit(submission_token="6f1c8f0e-4a57-4f7c-9a55-2b8f1d0b6a11", what_happened="From the portal")
    data = to_csv(
        [
            row("CS/2026/001", how_known="SAW", ongoing="Yes", where_happened="Sampleton", when_happened="Fridays"),
            row("CS/2026/002", received_at="2026-10-02T15:30", people_described="PC Placeholder", ongoing="no"),
            row("CS/2026/003", how_known_detail="A neighbour said so"),
        ]
    )
    record = run(data, actor=officer)

    assert (record.rows, record.created, record.already_imported, record.errors) == (3, 3, 0, [])
    assert record.imported_by == officer and record.intermediary == "Crimestoppers"
    assert IntermediaryImport.objects.get() == record
    queue = reports_visible_to(user=officer)
    assert (
        set(queue.values_list("reference", flat=True)) == set(Report.objects.values_list("reference", flat=True))
        and queue.count() == 4
    )
    assert portal.report in queue
    first = Report.objects.get(intermediary_reference="CS/2026/001")
    assert first.channel == Channel.INTERMEDIARY and first.intermediary == "Crimestoppers"
    assert first.anonymous and first.status == ReportStatus.RECEIVED
    assert first.reference.startswith("RPT-") and first.reference != "CS/2026/001"
    assert (first.how_known, first.ongoing, first.where_happened, first.when_happened) == (
        "saw",
        True,
        "Sampleton",
        "Fridays",
    )
    assert (first.acknowledge_due_on, first.feedback_due_on) == due_dates(first.received_at)
    second = Report.objects.get(intermediary_reference="CS/2026/002")
    assert second.ongoing is False and second.people_described == "PC Placeholder"
    assert Report.objects.get(intermediary_reference="CS/2026/003").ongoing is None
    event = ReportEvent.objects.get(pgh_obj=first, pgh_label="insert")
    assert event.pgh_context.metadata["reason"] == "imported from Crimestoppers file batch.csv"
    assert event.pgh_context.metadata["user"] == officer.id


def test_bad_rows_are_reported_with_their_line_numbers_and_the_good_rows_still_import():
    data = (
        f"{HEADER}\r\n"
        "GOOD-1,2026-10-01,Fine,,,,,,\r\n"  # line 2
        'GOOD-2,2026-10-01,"Three\r\nlines\r\nlong",,,,,,\r\n'  # lines 3-5
        "NO-WHAT,2026-10-01,,,,,,,\r\n"  # line 6: after the multi-line cell
        "BAD-DATE,01/10/2026,Fine,,,,,,\r\n"  # line 7
        "FUTURE,2999-01-01,Fine,,,,,,\r\n"  # line 8
        "BAD-HOW,2026-10-01,Fine,,,,guessed,,\r\n"  # line 9
        f"TOO-LONG,2026-10-01,{'x' * 20_001},,,,,,\r\n"  # line 10
        "BAD-ONGOING,2026-10-01,Fine,,,,,,maybe\r\n"  # line 11
        ",2026-10-01,Fine,,,,,,\r\n"  # line 12: no reference
        "SHORT,2026-10-01\r\n"  # line 13
        "GOOD-3,2026-10-01T09:00,Fine,,,,told,,no\r\n"  # line 14
    ).encode()
    record = run(data)

    messages = {error["line"]: error["message"] for error in record.errors}
    assert sorted(messages) == [6, 7, 8, 9, 10, 11, 12, 13]
    assert messages[6] == "what_happened is required"
    assert messages[7] == ("received_at '01/10/2026' is not a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM)")
    assert messages[8] == "received_at 2999-01-01 is in the future"
    assert messages[9].startswith("how_known 'guessed' is not one of saw, involved, told")
    assert messages[10] == "what_happened is 20,001 characters long; the most is 20,000"
    assert messages[11] == "ongoing 'maybe' must be yes, no or empty"
    assert messages[12] == "intermediary_reference is required"
    assert messages[13] == "has 2 cells; the header has 9"
    assert (record.rows, record.created, record.already_imported, bad_rows(record)) == (11, 3, 0, 8)
    assert set(Report.objects.values_list("intermediary_reference", flat=True)) == {"GOOD-1", "GOOD-2", "GOOD-3"}
    assert Report.objects.get(intermediary_reference="GOOD-2").what_happened == "Three\nlines\nlong"


def test_a_received_at_time_later_than_now_is_refused_and_one_earlier_today_is_not():
    now = datetime.now(UTC)
    data = to_csv(
        [
            row("LATER", received_at=f"{now + timedelta(hours=2):%Y-%m-%dT%H:%M}Z"),
            row("EARLIER", received_at=f"{now - timedelta(hours=2):%Y-%m-%dT%H:%M}Z"),
        ]
    )
    record = run(data)
    assert [e["line"] for e in record.errors] == [2]
    assert "is in the future" in record.errors[0]["message"]
    assert Report.objects.get().intermediary_reference == "EARLIER"


def test_line_numbers_count_every_physical_line_whatever_the_line_endings():
    data = (
        f"{HEADER}\n"
        'A,2026-10-01,"one\ntwo",,,,,,\n'  # lines 2-3 (\n inside and between)
        "\n"  # line 4: blank, skipped
        'B,2026-10-01,"one\r\ntwo\r\nthree",,,,,,\r\n'  # lines 5-7
        'C,2026-10-01,"one\rtwo",,,,,,\r'  # lines 8-9 (old Mac \r)
        "D,2026-10-01,Fine,,,,,,nope\r\n"  # line 10
        'E,2026-10-01,"also\nmulti",,,,,,maybe\n'  # lines 11-12, reported at 11
    ).encode()
    record = run(data)
    assert [e["line"] for e in record.errors] == [10, 11]
    assert (record.rows, record.created) == (5, 3)
    assert Report.objects.get(intermediary_reference="C").what_happened == "one\ntwo"


def test_a_missing_closing_quote_is_reported_where_the_row_starts():
    data = (
        f"{HEADER}\r\n"
        "A,2026-10-01,Fine,,,,,,\r\n"  # line 2
        'B,2026-10-01,"never closed,,,,,,\r\n'  # line 3 swallows the rest
        "C,2026-10-01,Fine,,,,,,\r\n"
    ).encode()
    record = run(data)
    assert [e["line"] for e in record.errors] == [3]
    assert "never closed" in record.errors[0]["message"]
    assert Report.objects.get().intermediary_reference == "A"


def test_a_stray_quote_that_closes_later_is_reported_with_the_line_the_row_runs_to():
    data = (
        f"{HEADER}\r\n"
        'A,2026-10-01,"opened,,,,,,\r\n'  # line 2: the quote closes on line 3
        'closed",,,\r\n'
        "C,2026-10-01,Fine,,,,,,\r\n"  # line 4
    ).encode()
    record = run(data)
    assert record.errors == [
        {"line": 2, "message": "has 6 cells; the header has 9 (this row runs to line 3: is a closing quote missing?)"}
    ]
    assert Report.objects.get().intermediary_reference == "C"


def test_text_after_a_closing_quote_is_reported_with_the_lines_it_spoiled():
    data = (
        f"{HEADER}\r\n"
        'A,2026-10-01,"quote not closed here,,,,,,\r\n'  # line 2: the next quote is B's
        'B,2026-10-01,"quoted",,,,,,\r\n'  # line 3
        "C,2026-10-01,Fine,,,,,,\r\n"  # line 4
    ).encode()
    record = run(data)
    assert record.errors == [
        {
            "line": 2,
            "message": 'a closing quote (") is followed by other characters; a quote inside a quoted cell '
            'must be doubled ("") (lines 2 to 3 were not imported)',
        }
    ]
    assert Report.objects.get().intermediary_reference == "C"


def test_importing_the_same_file_again_creates_nothing_and_counts_already_imported():
    data = to_csv([row(f"CS-{n}") for n in range(5)])
    run(data)
    events = ReportEvent.objects.count()
    again = run(data, file_name="batch-resent.csv")
    assert (again.rows, again.created, again.already_imported, again.errors) == (5, 0, 5, [])
    assert Report.objects.count() == 5 and ReportEvent.objects.count() == events
    assert IntermediaryImport.objects.count() == 2
    assert again.warnings == [again.warnings[0]] and "imported before" in again.warnings[0]


def test_a_later_file_with_some_old_and_some_new_rows_creates_only_the_new():
    run(to_csv([row("CS-1"), row("CS-2")]))
    record = run(to_csv([row("CS-2"), row("CS-3")]))
    assert (record.created, record.already_imported) == (1, 1)
    assert sorted(Report.objects.values_list("intermediary_reference", flat=True)) == ["CS-1", "CS-2", "CS-3"]


def test_the_same_reference_twice_in_one_file_is_imported_once():
    record = run(to_csv([row("CS-1"), row("CS-2"), row("CS-1")]))
    assert (record.rows, record.created, record.already_imported, record.errors) == (3, 2, 1, [])
    assert Report.objects.filter(intermediary_reference="CS-1").count() == 1


def test_a_reference_sent_again_with_different_details_is_reported_and_nothing_is_overwritten():
    run(to_csv([row("CS-1", what_happened="First account")]))
    original = Report.objects.get()
    record = run(to_csv([row("CS-1", what_happened="A different account"), row("CS-2"), row("CS-2", ongoing="yes")]))
    assert [e["line"] for e in record.errors] == [2, 4]
    assert f"was imported before (report {original.reference}) with different details" in record.errors[0]["message"]
    assert "appears again (first at line 3) with different details" in record.errors[1]["message"]
    assert Report.objects.get(intermediary_reference="CS-1").what_happened == "First account"
    assert (record.created, record.already_imported) == (1, 0)


def test_references_are_unique_per_intermediary_whatever_the_capitals_of_its_name():
    data = to_csv([row("REF-1")])
    run(data, intermediary="Crimestoppers")
    assert run(data, intermediary="  CRIMESTOPPERS ").already_imported == 1
    other = run(data, intermediary="Another Line")
    assert other.created == 1
    assert sorted(Report.objects.values_list("intermediary", flat=True)) == ["Another Line", "Crimestoppers"]


def test_a_report_reference_already_taken_is_drawn_again(monkeypatch):
    taken = report_submit(submission_token="0b7e7c52-3d5e-4a4f-8d38-6c3f4f1f9a01", what_happened="Portal").report
    drawn = iter([taken.reference, "RPT-AAAA-2222", "RPT-AAAA-2222", "RPT-AAAA-3333", "RPT-AAAA-4444"])
    monkeypatch.setattr("reporting.importing.new_reference", lambda: next(drawn))
    record = run(to_csv([row("CS-1"), row("CS-2")]))
    assert record.created == 2
    assert sorted(Report.objects.filter(channel=Channel.INTERMEDIARY).values_list("reference", flat=True)) == [
        "RPT-AAAA-2222",
        "RPT-AAAA-3333",
    ]


def test_a_clash_found_only_on_insert_falls_back_to_one_report_at_a_time(monkeypatch):
    taken = report_submit(submission_token="0b7e7c52-3d5e-4a4f-8d38-6c3f4f1f9a02", what_happened="Portal").report
    drawn = iter(["RPT-BBBB-2222", taken.reference, "RPT-BBBB-3333"])
    monkeypatch.setattr("reporting.importing.new_reference", lambda: next(drawn))
    monkeypatch.setattr("reporting.importing._unused_references", lambda reports: None)
    record = run(to_csv([row("CS-1"), row("CS-2")]))
    assert (record.created, record.errors) == (2, [])
    assert dict(
        Report.objects.filter(channel=Channel.INTERMEDIARY).values_list("intermediary_reference", "reference")
    ) == {"CS-1": "RPT-BBBB-2222", "CS-2": "RPT-BBBB-3333"}


@pytest.mark.parametrize("column", ["intermediary_reference", "received_at", "what_happened"])
def test_a_missing_required_column_refuses_the_whole_file(column):
    columns = [c for c in COLUMNS if c != column]
    data = to_csv([{c: v for c, v in row("CS-1").items() if c != column}], columns=columns)
    with pytest.raises(ImportRefused, match=f"The header row has no {column} column"):
        run(data)
    assert not Report.objects.exists() and not IntermediaryImport.objects.exists()


def test_optional_columns_may_be_left_out_and_unknown_ones_are_ignored_with_a_warning():
    columns = ["What_Happened ", "received_at", "intermediary_reference", "caller_name", "how_knwon"]
    data = to_csv(
        [
            {
                "What_Happened ": "Fine",
                "received_at": "2026-10-01",
                "intermediary_reference": "CS-1",
                "caller_name": "Not to be kept",
                "how_knwon": "saw",
            }
        ],
        columns=columns,
    )
    record = run(data)
    assert record.created == 1 and record.errors == []
    assert record.warnings == ["Columns not in the format were ignored: caller_name, how_knwon."]
    report = Report.objects.get()
    assert report.what_happened == "Fine" and report.how_known == ""


def test_a_column_named_twice_refuses_the_file():
    data = f"{HEADER},what_happened\r\nCS-1,2026-10-01,a,,,,,,,b\r\n".encode()
    with pytest.raises(ImportRefused, match="names what_happened more than once"):
        run(data)


def test_a_file_that_is_not_utf8_is_refused_naming_the_first_bad_line():
    data = to_csv([row("CS-1"), row("CS-2", where_happened="Caf\xe9 Example"), row("CS-3")])
    data = data.decode().encode("cp1252")
    with pytest.raises(ImportRefused, match=r"not UTF-8 text \(the first character that cannot be read is on line 3\)"):
        run(data)
    assert not Report.objects.exists() and not IntermediaryImport.objects.exists()


def test_a_spreadsheet_saved_as_xlsx_is_refused_not_crashed_on():
    data = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xb5U0#\xf4\x00\x00\x00L\x02\x00\x00"
    with pytest.raises(ImportRefused, match="not UTF-8"):
        run(data)


def test_a_byte_order_mark_is_accepted():
    data = "\ufeff".encode() + to_csv([row("CS-1", where_happened="Café Example")])
    record = run(data)
    assert record.created == 1 and record.errors == []
    assert Report.objects.get().where_happened == "Café Example"


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\r\n \r\n"])
def test_an_empty_file_is_refused(data):
    with pytest.raises(ImportRefused, match="The file is empty"):
        run(data)


def test_a_header_only_file_is_recorded_with_no_rows():
    record = run(f"{HEADER}\r\n".encode())
    assert (record.rows, record.created, record.errors) == (0, 0, [])


@pytest.mark.parametrize("name", ["", "   ", "x" * 81])
def test_the_intermediary_must_be_named(name):
    with pytest.raises(ImportRefused, match="intermediary"):
        run(to_csv([row("CS-1")]), intermediary=name)
    assert not Report.objects.exists()


def test_received_at_without_an_offset_is_uk_time_and_with_one_is_kept():
    record = run(
        to_csv(
            [
                row("SUMMER", received_at="2026-07-01T10:00"),  # BST: 09:00 UTC
                row("WINTER", received_at="2026-01-15 10:00:30"),  # GMT
                row("ZULU", received_at="2026-07-01T10:00Z"),
                row("OFFSET", received_at="2026-07-01T10:00:00+02:00"),
                row("DAY", received_at="2026-07-01"),  # the start of the UK day
            ]
        )
    )
    assert record.errors == []
    received = dict(Report.objects.values_list("intermediary_reference", "received_at"))
    assert received["SUMMER"] == datetime(2026, 7, 1, 9, 0, tzinfo=UTC)
    assert received["WINTER"] == datetime(2026, 1, 15, 10, 0, 30, tzinfo=UTC)
    assert received["ZULU"] == datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    assert received["OFFSET"] == datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
    assert received["DAY"] == datetime(2026, 6, 30, 23, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "value", ["2026-02-30", "2026-10-01T25:00", "2026-10-01T10:00+25:00", "1 Oct 2026", "2026-1-1"]
)
def test_impossible_dates_are_bad_rows(value):
    record = run(to_csv([row("CS-1", received_at=value)]))
    assert record.created == 0 and [e["line"] for e in record.errors] == [2]
    assert "is not a date" in record.errors[0]["message"]


def test_a_row_with_a_nul_character_is_a_bad_row_not_a_database_error():
    record = run(to_csv([row("CS-1", what_happened="Damaged\x00text"), row("CS-2")]))
    assert [e["line"] for e in record.errors] == [2] and "NUL" in record.errors[0]["message"]
    assert record.created == 1


def test_the_list_of_bad_rows_stops_at_a_thousand_and_says_how_many_more():
    data = to_csv([row(f"CS-{n}", received_at="not a date") for n in range(1005)] + [row("GOOD")])
    record = run(data)
    assert len(record.errors) == 1001
    assert record.errors[999]["line"] == 1001
    assert record.errors[-1] == {
        "line": 1002,
        "message": "and 5 more bad rows (not listed), the first on this line",
    }
    assert bad_rows(record) == 1005 and record.created == 1


def test_the_command_imports_the_docs_sample_and_every_row_goes_in(capsys):
    call_command("import_intermediary_reports", str(SAMPLE), "--intermediary", "Crimestoppers")
    out, err = capsys.readouterr()
    assert out.strip() == "5 rows read from Crimestoppers: 5 created, 0 already imported, 0 bad rows"
    assert err == ""
    assert Report.objects.filter(channel=Channel.INTERMEDIARY, anonymous=True).count() == 5
    multi_line = Report.objects.get(intermediary_reference="CS-EXAMPLE-0003")
    assert multi_line.what_happened.count("\n") == 2
    assert Report.objects.get(intermediary_reference="CS-EXAMPLE-0005").how_known == ""

    call_command("import_intermediary_reports", str(SAMPLE), "--intermediary", "Crimestoppers")
    out, err = capsys.readouterr()
    assert "0 created, 5 already imported, 0 bad rows" in out
    assert "warning: The same file was imported before" in err
    assert Report.objects.count() == 5


def test_the_command_prints_bad_rows_with_their_line_numbers(tmp_path, capsys):
    path = tmp_path / "batch.csv"
    path.write_bytes(to_csv([row("CS-1"), row("CS-2", how_known="psychic")]))
    call_command("import_intermediary_reports", str(path), "--intermediary", "Crimestoppers")
    out, err = capsys.readouterr()
    assert "2 rows read from Crimestoppers: 1 created, 0 already imported, 1 bad rows" in out
    assert err.startswith("line 3: how_known 'psychic' is not one of")


def test_the_command_fails_when_the_file_is_refused(tmp_path):
    path = tmp_path / "batch.csv"
    path.write_bytes(b"reference,what\r\nCS-1,something\r\n")
    with pytest.raises(CommandError, match="batch.csv refused: The header row has no intermediary_reference"):
        call_command("import_intermediary_reports", str(path), "--intermediary", "Crimestoppers")
    assert not Report.objects.exists()


def test_ten_thousand_rows_import_in_a_few_seconds_and_again_create_nothing():
    data = to_csv([row(f"CS-{n:05d}", people_described="Someone fictional", how_known="told") for n in range(10_000)])
    started = time.perf_counter()
    record = run(data)
    first = time.perf_counter() - started
    assert record.created == 10_000 and record.errors == []
    started = time.perf_counter()
    again = run(data)
    second = time.perf_counter() - started
    assert (again.created, again.already_imported) == (0, 10_000)
    assert Report.objects.count() == 10_000
    assert first < 20 and second < 10, (first, second)
