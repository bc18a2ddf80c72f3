from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from workforce.models import Person, PersonEvent
from workforce.services import HEADER, WorkforceFileRefused, workforce_import
from workforce.synthetic import generate_people, people_to_csv

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "workforce-sample.csv"
TODAY = date(2026, 11, 26)


def run(data: bytes, **kwargs):
    return workforce_import(actor=None, data=data, filename="test.csv", today=TODAY, **kwargs)


def test_the_shared_sample_imports_cleanly_with_line_management():
    result = run(SAMPLE.read_bytes())
    assert result.errors == []
    assert result.created == 60 == Person.objects.count()
    person = Person.objects.get(staff_number="MP100000")
    assert person.line_manager.staff_number == "MP100039"
    assert person.command.name == "Met Operations" and person.unit.parent == person.command
    santos = Person.objects.get(staff_number="MP100001")
    assert santos.previous_surnames == ["KHAN"]


def test_importing_the_same_file_again_changes_nothing():
    data = people_to_csv(generate_people(300, seed=1))
    first = run(data)
    assert first.created == 300
    events_before = PersonEvent.objects.count()
    second = run(data)
    assert (second.created, second.updated, second.leavers, second.unchanged) == (0, 0, 0, 300)
    assert PersonEvent.objects.count() == events_before


def test_a_changed_person_is_updated_and_history_says_so():
    people = generate_people(50, seed=2)
    run(people_to_csv(people))
    people[3]["surname"] = "NEWNAME"
    people[3]["previous_surnames"] = "OLDNAME;OTHER"
    result = run(people_to_csv(people))
    assert (result.updated, result.unchanged) == (1, 49)
    person = Person.objects.get(staff_number=people[3]["staff_number"])
    assert person.surname == "NEWNAME" and person.previous_surnames == ["OLDNAME", "OTHER"]
    event = PersonEvent.objects.filter(pgh_obj=person, pgh_label="update").latest("pgh_id")
    assert event.surname == "NEWNAME"
    assert event.pgh_context.metadata["reason"] == "workforce import of test.csv"


def test_people_missing_from_a_later_file_become_leavers_and_are_never_deleted():
    people = generate_people(100, seed=3, leaver_share=0)
    run(people_to_csv(people))
    result = run(people_to_csv(people[:90]))
    assert result.leavers == 10
    assert Person.objects.count() == 100
    gone = Person.objects.get(staff_number=people[95]["staff_number"])
    assert gone.is_leaver and gone.left_recorded_on == TODAY
    # and they come back as current if they reappear
    result = run(people_to_csv(people))
    assert result.updated == 10
    assert not Person.objects.filter(is_leaver=True).exists()


def test_a_truncated_file_does_not_turn_the_workforce_into_leavers():
    people = generate_people(100, seed=4, leaver_share=0)
    run(people_to_csv(people))
    result = run(people_to_csv(people[:50]))
    assert result.leavers == 0
    assert "NOT marked as leavers" in result.warnings[-1].reason
    assert run(people_to_csv(people[:50]), allow_mass_leavers=True).leavers == 50


def test_an_end_date_marks_a_leaver():
    people = generate_people(5, seed=5, leaver_share=0)
    people[0]["end_date"] = "2026-10-31"
    run(people_to_csv(people))
    assert Person.objects.get(staff_number=people[0]["staff_number"]).is_leaver


def test_ten_bad_rows_are_reported_with_their_line_numbers_and_the_rest_import():
    people = generate_people(200, seed=6)
    breakages = {
        3: ("date_of_birth", "14/03/1985"),
        17: ("person_type", "wizard"),
        29: ("surname", ""),
        41: ("gender", "Q"),
        58: ("ethnicity_code", "Z9"),
        77: ("start_date", "2026-13-01"),
        90: ("staff_number", "MP 1"),
        111: ("postcode", "NOT A POSTCODE"),
        150: ("end_date", "1990-01-01"),
        180: ("staff_number", people[10]["staff_number"]),
    }
    for index, (column, value) in breakages.items():
        people[index][column] = value
    result = run(people_to_csv(people))
    # line 1 is the header, so person i is on line i + 2
    assert sorted(e.line for e in result.errors) == sorted(i + 2 for i in breakages)
    assert result.created == 190
    reasons = {e.line: e.reason for e in result.errors}
    assert "date_of_birth '14/03/1985' is not a date" in reasons[5]
    assert "appears again (first at line 12)" in reasons[182]
    assert "end_date is before start_date" in reasons[152]


def test_a_wrong_header_refuses_the_whole_file():
    people = generate_people(5, seed=7)
    data = people_to_csv(people).replace(b"surname,", b"family_name,", 1)
    with pytest.raises(WorkforceFileRefused, match="missing surname; unexpected family_name"):
        run(data)
    assert Person.objects.count() == 0


def test_an_empty_file_is_refused():
    with pytest.raises(WorkforceFileRefused, match="empty"):
        run(b"")


def test_a_row_with_the_wrong_number_of_fields_or_bad_bytes_is_reported():
    header = ",".join(HEADER).encode()
    good = b"MP1,officer,SMITH,JOHN,,1980-01-01,M,W1,PC,Frontline Policing,North BCU,,2005-01-01,,SE1 7PB"
    data = b"\n".join(
        [
            header,
            good,
            b"MP2,officer,SMITH",
            b"MP3,officer,SM\xffTH,JOHN,,1980-01-01,M,W1,PC,Frontline Policing,North BCU,,2005-01-01,,",
        ]
    )
    result = run(data)
    assert [(e.line, e.reason) for e in result.errors] == [
        (3, "has 3 fields, expected 15"),
        (4, "is not valid UTF-8"),
    ]
    assert result.created == 1


def test_an_unknown_line_manager_is_a_warning_not_a_lost_row():
    people = generate_people(3, seed=8)
    people[1]["line_manager_staff_number"] = "MP999999"
    result = run(people_to_csv(people))
    assert result.created == 3
    assert any("MP999999" in w.reason for w in result.warnings)


def test_a_byte_order_mark_and_windows_line_endings_are_accepted():
    data = "\ufeff".encode() + people_to_csv(generate_people(4, seed=9)).replace(b"\n", b"\r\n")
    assert run(data).created == 4


def test_management_command_reports_bad_rows_and_refusals(tmp_path, capsys):
    people = generate_people(5, seed=10)
    people[2]["date_of_birth"] = "yesterday"
    path = tmp_path / "hr.csv"
    path.write_bytes(people_to_csv(people))
    call_command("import_workforce", str(path))
    out = capsys.readouterr()
    assert "line 4: " in out.err and "4 created" in out.out
    path.write_bytes(b"wrong,header\n1,2\n")
    with pytest.raises(CommandError, match="refused"):
        call_command("import_workforce", str(path))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_workforce", str(tmp_path / "missing.csv"))


def test_an_over_long_field_or_a_nul_byte_loses_only_its_own_row():
    people = generate_people(980, seed=21)
    people[100]["surname"] = "X" * 101  # Person.surname is 100 characters
    people[200]["forenames"] = "ANN\x00MARIE"
    people[300]["unit"] = "U" * 201  # OrgUnit.name is 200 characters
    people[400]["previous_surnames"] = "OLD;" + "P" * 101
    people[500]["command"] = "C" * 300
    result = run(people_to_csv(people))
    reasons = {e.line: e.reason for e in result.errors}
    assert sorted(reasons) == [102, 202, 302, 402, 502]
    assert "surname is longer than 100 characters" in reasons[102]
    assert "NUL" in reasons[202]
    assert "unit is longer than 200 characters" in reasons[302]
    assert "previous_surnames" in reasons[402] and "100 characters" in reasons[402]
    assert "command is longer than 200 characters" in reasons[502]
    assert result.created == 975 == Person.objects.count()


def test_a_stray_quote_affects_only_its_own_line_reported_at_its_real_number():
    people = generate_people(300, seed=22)
    data = people_to_csv(people).split(b"\n")
    # person 40 (line 42): a quote opens the surname and never closes
    data[41] = data[41].replace(people[40]["surname"].encode(), b'"' + people[40]["surname"].encode(), 1)
    result = run(b"\n".join(data))
    assert [e.line for e in result.errors] == [42]
    assert "quote" in result.errors[0].reason
    assert result.created == 299
    assert not Person.objects.filter(staff_number=people[40]["staff_number"]).exists()


def test_every_line_not_imported_is_named():
    people = generate_people(50, seed=23)
    data = people_to_csv(people).split(b"\n")
    data[5] = b'MP9,officer,"BROKEN'
    data[9] = data[9] + b",extra"
    data[12] = data[12].replace(b",", b",\x00", 1)
    result = run(b"\n".join(data))
    assert sorted(e.line for e in result.errors) == [6, 10, 13]
    assert result.created == 47
