"""The history import only creates matters or changes the ones it created; it never touches a live
matter (restricted or not), never tells the importer whether a reference they cannot see exists,
puts its changes in history and on the timeline with who and why, and scores open matters so
that they appear in the queues."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.history import history_import
from cases.models import AllegationCategory, Case, CaseSubject, CaseSubjectEvent, StageTransition, Standard
from cases.services import matter_intake
from tests.cases.test_history_import import csv_bytes, row
from tests.conftest import quick_sign_in
from tests.factories import CaseFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def closing_row(person, ref, **kw):
    return row(
        person,
        case_ref=ref,
        severity="no_further_action",
        severity_date="2024-01-10",
        finalised_date="2024-01-10",
        received_date="2024-01-02",
        **kw,
    )


def test_open_imported_matters_are_scored_and_appear_in_the_queues():
    person = PersonFactory()
    data = csv_bytes(
        [
            row(
                person,
                case_ref="OLD/2026/001",
                received_date="2026-06-01",
                severity="gross_misconduct",
                severity_date="2026-06-10",
            ),
            closing_row(person, "OLD/2024/002"),
        ]
    )
    admin = UserFactory(role="administrator")
    result = history_import(actor=admin, data=data, filename="h.csv")
    assert result.errors == [] and result.created == 2
    open_case = Case.objects.get(reference="OLD/2026/001")
    assert open_case.priority.is_open and open_case.priority.score > 0
    assert {c["code"] for c in open_case.priority.components} >= {"severity_gross"}
    assert not Case.objects.get(reference="OLD/2024/002").priority.is_open
    supervisor = quick_sign_in(UserFactory(role="supervisor"))
    page = supervisor.get("/queues/all/").content.decode()
    assert "OLD/2026/001" in page and "OLD/2024/002" not in page
    assert 'href="/cases/OLD/2026/001/"' in page  # a reference with '/' links to its page
    assert supervisor.get("/cases/OLD/2026/001/").status_code == 200


def test_a_row_naming_a_live_restricted_matter_changes_nothing_and_reveals_nothing():
    subject_person, other = PersonFactory(), PersonFactory()
    investigator = UserFactory(role="investigator")
    live = matter_intake(
        actor=investigator,
        source="conduct_matter",
        received_date=date(2026, 3, 1),
        summary="Restricted live matter",
        person=subject_person,
        is_restricted=True,
        category=AllegationCategory.objects.get(code="corruption"),
        standards=[Standard.objects.get(number=1)],
        description="Live allegation",
    )
    live_other = CaseFactory(reference="LIVE-REF-9", subjects=[other])
    before = {c.id: (c.status, list(c.case_subjects.values_list("stage", "severity"))) for c in (live, live_other)}
    timeline = StageTransition.objects.count()
    admin = UserFactory(role="administrator")
    missing = "PSD-2026-99999"
    assert not Case.objects.filter(reference=missing).exists()
    data = csv_bytes(
        [
            closing_row(subject_person, live.reference),  # line 2: a live restricted matter
            closing_row(subject_person, missing),  # line 3: this system's form, no such matter
            closing_row(other, "LIVE-REF-9"),  # line 4: a live matter with a previous-system-like reference
            closing_row(other, "OLD/1"),  # line 5: fine
        ]
    )
    result = history_import(actor=admin, data=data, filename="h.csv")
    reasons = dict(result.errors)
    assert sorted(reasons) == [2, 3, 4] and result.created == 1
    # the same words whether or not the reference exists
    assert reasons[2].replace(live.reference, "REF") == reasons[3].replace(missing, "REF")
    assert reasons[3].replace(missing, "REF") == reasons[4].replace("LIVE-REF-9", "REF")
    assert "nothing was changed" in reasons[2]
    for case in Case.objects.filter(id__in=before):
        assert (case.status, list(case.case_subjects.values_list("stage", "severity"))) == before[case.id]
    assert StageTransition.objects.count() == timeline + 1  # only the new imported matter's entry
    assert not Case.objects.filter(reference=missing).exists()
    # the upload page says the same: line numbers, one reason, no sign of which exist
    client = quick_sign_in(admin)
    upload = {"file": SimpleUploadedFile("again.csv", data, content_type="text/csv")}
    html = client.post("/cases/history/import/", upload).content.decode()
    assert html.count("is reserved for matters recorded in this system") == 3
    assert "Restricted live matter" not in html


def test_a_matter_worked_on_here_after_import_is_no_longer_changed_by_the_import():
    person = PersonFactory()
    admin = UserFactory(role="administrator")
    first = csv_bytes([row(person, case_ref="OLD/7", received_date="2026-01-05")])
    history_import(actor=admin, data=first, filename="h.csv")
    case = Case.objects.get(reference="OLD/7")
    assert case.from_history_import
    StageTransition.objects.create(case=case, event="investigator_appointed", actor=admin, reason="allocated")
    second = csv_bytes([closing_row(person, "OLD/7", allegation_ref="A1")])
    result = history_import(actor=admin, data=second, filename="h2.csv")
    assert [line for line, _ in result.errors] == [2]
    assert CaseSubject.objects.get(case=case).stage == "received"


def test_imported_changes_are_in_history_and_on_the_timeline_with_who_and_why():
    person = PersonFactory()
    admin = UserFactory(role="administrator", username="importer.ann")
    history_import(
        actor=admin, data=csv_bytes([row(person, case_ref="OLD/8", received_date="2024-01-02")]), filename="a.csv"
    )
    result = history_import(actor=admin, data=csv_bytes([closing_row(person, "OLD/8")]), filename="b.csv")
    assert result.updated == 1 and result.errors == []
    subject = CaseSubject.objects.get(case__reference="OLD/8")
    assert (subject.stage, subject.severity_date) == ("closed", date(2024, 1, 10))
    steps = list(StageTransition.objects.filter(case=subject.case).order_by("id"))
    assert [(s.event, s.from_stage, s.to_stage) for s in steps] == [
        ("history_import", "", "received"),
        ("history_import", "received", "closed"),
    ]
    assert steps[1].actor == admin and "b.csv, line 2" in steps[1].reason
    event = CaseSubjectEvent.objects.filter(pgh_obj_id=subject.id).order_by("pgh_id").last()
    assert event.pgh_context.metadata["user"] == admin.pk
    assert "b.csv" in event.pgh_context.metadata["reason"]


def test_the_command_names_the_importer_and_refuses_an_unknown_one(tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    person = PersonFactory()
    admin = UserFactory(role="administrator", username="cli.importer")
    path = tmp_path / "h.csv"
    path.write_bytes(csv_bytes([row(person, case_ref="OLD/9")]))
    with pytest.raises(CommandError, match="no active user"):
        call_command("import_history", str(path), "--by", "nobody")
    assert not Case.objects.filter(reference="OLD/9").exists()
    call_command("import_history", str(path), "--by", "cli.importer")
    step = StageTransition.objects.get(case__reference="OLD/9")
    assert step.actor == admin and step.event == "history_import"
