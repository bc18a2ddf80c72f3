"""The case timeline with real dates: the day a thing happened (as entered) beside when it was
recorded and by whom; imported records say so and keep the previous system's dates."""

from datetime import date, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases import services
from cases.models import CaseSubject, CustodyEntry
from cases.timeline import case_timeline
from tests.conftest import quick_sign_in

pytestmark = pytest.mark.django_db


def _subjects(case):
    return list(
        CaseSubject.objects.filter(case=case)
        .select_related("person")
        .prefetch_related(
            "allegations__category", "reg17_notices", "severity_assessments__assessed_by", "decisions", "proceedings"
        )
    )


def test_entries_carry_the_day_it_happened_and_when_and_by_whom_it_was_recorded(matter, investigator):
    case = matter(received=date(2026, 3, 2), incident=date(2026, 2, 27))
    services.diary_entry_add(actor=investigator, case=case, happened_on=date(2026, 3, 4), text="Collected CCTV")
    entries = case_timeline(case, _subjects(case))
    titles = {e.title: e for e in entries}
    diary = titles["Diary entry"]
    assert diary.happened_on == date(2026, 3, 4)
    assert diary.recorded_at.date() == timezone.localdate() and diary.recorded_by == "Dana Reyes"
    incident = next(e for e in entries if e.title.startswith("Incident: "))
    assert incident.happened_on == date(2026, 2, 27)
    assert titles["Matter came to attention"].happened_on == date(2026, 3, 2)
    # newest first, by the day it happened
    days = [e.happened_on for e in entries]
    assert days == sorted(days, reverse=True)


def test_actions_evidence_and_custody_movements_are_on_the_timeline(matter, investigator):
    case = matter()
    action = services.action_record(actor=investigator, case=case, kind="interview", description="Interview PC")
    services.action_complete(actor=investigator, action=action, completed_on=date(2026, 3, 10))
    item = services.evidence_add(
        actor=investigator,
        case=case,
        exhibit_reference="DR/1",
        description="Audit log",
        upload=SimpleUploadedFile("log.csv", b"a,b\n"),
    )
    moved = timezone.make_aware(datetime(2026, 3, 12, 14, 30))
    services.custody_movement_record(
        actor=investigator,
        item=item,
        happened_at=moved,
        from_location="Property store",
        to_location="Digital forensics unit",
        purpose="Examination",
    )
    entries = case_timeline(case, _subjects(case))
    by_title = {e.title: e for e in entries}
    assert by_title["Action done: Interview"].happened_on == date(2026, 3, 10)
    movement = by_title["Exhibit DR/1 moved: Property store to Digital forensics unit"]
    assert movement.happened_on == date(2026, 3, 12) and movement.recorded_by == "Dana Reyes"
    assert "Evidence received: exhibit DR/1" in by_title
    assert CustodyEntry.objects.get(happened_at=moved).sha256_verified is True


def test_the_case_page_shows_both_dates_and_caps_the_timeline_with_show_all(matter, investigator):
    case = matter()
    base = date(2026, 1, 1)
    for n in range(35):
        services.diary_entry_add(actor=investigator, case=case, happened_on=base + timedelta(days=n), text=f"Entry {n}")
    client = quick_sign_in(investigator)
    body = client.get(f"/cases/{case.reference}/").content.decode()
    assert body.count('data-testid="timeline-entry"') == 30
    assert "Show all" in body and f"Recorded {timezone.localdate():%-d %b %Y} by Dana Reyes" in body
    assert "4 February 2026" in body  # entry 34, as entered
    body = client.get(f"/cases/{case.reference}/?timeline=all").content.decode()
    assert body.count('data-testid="timeline-entry"') > 35 and "Show all" not in body


def test_an_imported_matter_shows_its_own_dates_and_says_imported(db):
    from accounts.choices import Role
    from cases.history import HEADER, history_import
    from tests.factories import PersonFactory, UserFactory

    person = PersonFactory()
    row = {name: "" for name in HEADER}
    row.update(
        case_ref="OLD/2019/007", allegation_ref="A1", staff_number=person.staff_number, source="public_complaint",
        category="discreditable_conduct", standards="2", received_date="2019-05-03", iopc_referred="n",
        severity="misconduct", severity_date="2019-06-10", finalised_date="",
    )  # fmt: skip
    data = (",".join(HEADER) + "\n" + ",".join(row[h] for h in HEADER) + "\n").encode()
    history_import(actor=UserFactory(role=Role.ADMINISTRATOR), data=data, filename="old.csv")
    from cases.models import Case

    case = Case.objects.get(reference="OLD/2019/007")
    entries = case_timeline(case, _subjects(case))
    received = next(e for e in entries if e.title == "Matter came to attention")
    assert received.happened_on == date(2019, 5, 3) and received.imported
    severity = next(e for e in entries if e.title.startswith("Severity assessed"))
    assert severity.happened_on == date(2019, 6, 10) and severity.imported
    client = quick_sign_in(UserFactory(role=Role.INVESTIGATOR))
    body = client.get(f"/cases/{case.reference}/").content.decode()
    assert "Imported from the previous system" in body and "3 May 2019" in body
