"""Outcome dates (item 8), the outcome notice and its service (item 12)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from cases import services
from cases.models import CaseSubject, StageTransition
from hearings import services as hearings
from hearings.models import Proceeding, ProceedingOutcome
from tests.conftest import quick_sign_in

pytestmark = pytest.mark.django_db


def _referred(people, matter, forum="meeting"):
    case, subject = matter()
    aa, inv = people["authority"], people["investigator"]
    severity = "misconduct" if forum == "meeting" else "gross_misconduct"
    services.severity_assess(actor=aa, subject=subject, severity=severity, likely_forum=forum, rationale="Serious")
    services.investigator_appoint(actor=aa, case=case, investigator=inv, reason="Free")
    subject = CaseSubject.objects.get(pk=subject.pk)
    services.reg17_notice_serve(actor=inv, subject=subject, served_on=date(2026, 3, 20))
    services.investigation_report_submit(actor=inv, case=case, summary="Findings")
    subject = CaseSubject.objects.get(pk=subject.pk)
    services.case_to_answer_decide(actor=aa, subject=subject, case_to_answer=True, route=forum, rationale="Yes")
    return case, CaseSubject.objects.get(pk=subject.pk)


def test_an_outcome_dated_before_the_meeting_is_refused_on_the_date_field_page_and_api(people, matter):
    case, subject = _referred(people, matter)
    proceeding = hearings.proceeding_schedule(
        actor=people["hearings"], subject=subject, scheduled_for=date(2026, 11, 22), panel=[("chair", "Chair")]
    )
    with pytest.raises(ValidationError) as refused:
        hearings.outcome_record(
            actor=people["hearings"],
            proceeding=proceeding,
            finding="misconduct",
            outcome="written_warning",
            reasons="Proven",
            decided_on=date(2026, 11, 1),
        )
    assert "dated before the misconduct meeting" in refused.value.message_dict["decided_on"][0]
    client = quick_sign_in(people["hearings"])
    data = {"finding": "misconduct", "outcome": "written_warning", "reasons": "Proven", "decided_on": "2026-11-01"}
    api = client.post(
        f"/api/cases/{case.reference}/subjects/{subject.public_id}/steps/outcome/",
        data,
        content_type="application/json",
    )
    assert api.status_code == 400 and "dated before the misconduct meeting" in api.json()["decided_on"][0]
    page = client.post(f"/cases/{case.reference}/subjects/{subject.public_id}/outcome/", data)
    assert page.status_code == 400 and b"dated before the misconduct meeting" in page.content
    assert not ProceedingOutcome.objects.exists()
    # on or after the meeting it is recorded, and the notice falls due after the meeting
    result = hearings.outcome_record(
        actor=people["hearings"],
        proceeding=proceeding,
        finding="misconduct",
        outcome="written_warning",
        reasons="Proven",
        decided_on=date(2026, 11, 23),
    )
    assert result.notice_due_on > proceeding.scheduled_for


def test_an_outcome_of_a_meeting_not_yet_held_is_refused(people, matter):
    _, subject = _referred(people, matter)
    proceeding = hearings.proceeding_schedule(
        actor=people["hearings"], subject=subject, scheduled_for=date(2027, 1, 22), panel=[("chair", "Chair")]
    )
    with pytest.raises(ValidationError) as refused:
        hearings.outcome_record(
            actor=people["hearings"],
            proceeding=proceeding,
            finding="misconduct",
            outcome="written_warning",
            reasons="Proven",
            decided_on=date(2027, 1, 22),
        )
    assert "decided_on" in refused.value.message_dict
    assert Proceeding.objects.get(pk=proceeding.pk).status == "scheduled"
    assert not StageTransition.objects.filter(event="outcome_recorded").exists()


def _pdf_text(data: bytes) -> str:
    import io

    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def test_the_outcome_notice_is_produced_and_its_service_recorded_with_the_deadline_shown_until_then(people, matter):
    from audit.models import AccessEvent

    case, subject = _referred(people, matter)
    proceeding = hearings.proceeding_schedule(
        actor=people["hearings"], subject=subject, scheduled_for=date(2026, 11, 2), panel=[("chair", "Chair")]
    )
    result = hearings.outcome_record(
        actor=people["hearings"],
        proceeding=proceeding,
        finding="misconduct",
        outcome="final_written_warning",
        reasons="Searched without a policing purpose on 14 occasions.",
        decided_on=date(2026, 11, 3),
    )
    client = quick_sign_in(people["hearings"])
    page = client.get(f"/cases/{case.reference}/").content.decode()
    assert "Outcome notice to" in page and "outcome-notice/" in page  # the deadline, and the step offered
    step = f"/cases/{case.reference}/subjects/{subject.public_id}/outcome-notice/"
    refused = client.post(step, {"given_on": "2026-11-02", "method": "post"})
    assert refused.status_code == 400 and b"before the outcome was decided" in refused.content
    assert client.post(step, {"given_on": "2026-11-04", "method": "post"}).status_code == 302
    result.refresh_from_db()
    assert (result.notice_given_on, result.notice_method, result.notice_given_by) == (
        date(2026, 11, 4),
        "post",
        people["hearings"],
    )
    text = _pdf_text(bytes(result.notice_pdf))
    for required in [
        case.reference,
        subject.person.staff_number,
        "Misconduct proven",
        "Final written warning",
        "Searched without a policing purpose",
        "Internal appeal",  # from a meeting
        "7 working days",
    ]:
        assert required in text, required
    page = client.get(f"/cases/{case.reference}/").content.decode()
    assert "Outcome notice to" not in page and "outcome notice given 4 Nov 2026" in page
    pdf = client.get(f"/cases/{case.reference}/outcome-notices/{proceeding.public_id}.pdf")
    assert pdf.status_code == 200 and pdf.content == bytes(result.notice_pdf)
    assert AccessEvent.objects.filter(action="print", purpose="outcome notice", actor=people["hearings"]).exists()
    assert StageTransition.objects.filter(subject=subject, event="outcome_notified").count() == 1
    # the same notice again: refused, saying who recorded it and when
    api = client.post(
        f"/api/cases/{case.reference}/subjects/{subject.public_id}/steps/outcome-notice/",
        {"given_on": "2026-11-04", "method": "post"},
        content_type="application/json",
    )
    assert api.status_code == 400 and "not possible at this stage" in api.json()["non_field_errors"][0]
    with pytest.raises(ValidationError, match="already recorded by"):
        hearings.outcome_notice_give(actor=people["hearings"], outcome=result, given_on=date(2026, 11, 4))
