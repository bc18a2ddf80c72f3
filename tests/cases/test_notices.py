"""The reg 18 window before the investigation report (item 9) and the police staff procedure's
notice (item 10)."""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from cases import services
from cases.models import CaseSubject, ConductProcedure, InvestigationReport, StageTransition
from cases.steps import steps_for
from tests.conftest import quick_sign_in
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def _under_investigation(people, matter, person=None):
    case, subject = matter(person=person)
    aa, inv = people["authority"], people["investigator"]
    services.severity_assess(
        actor=aa, subject=subject, severity="misconduct", likely_forum="meeting", rationale="Serious"
    )
    services.investigator_appoint(actor=aa, case=case, investigator=inv, reason="Free")
    return case, CaseSubject.objects.select_related("person").get(pk=subject.pk)


def test_the_report_inside_the_reg18_window_needs_a_recorded_decision_and_the_deadline_stays(people, matter):
    case, subject = _under_investigation(people, matter)
    inv = people["investigator"]
    served = timezone.localdate() - timedelta(days=1)
    notice = services.reg17_notice_serve(actor=inv, subject=subject, served_on=served)
    assert notice.response_due_on > timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        services.investigation_report_submit(actor=inv, case=case, summary="Findings")
    assert "response window is still open" in refused.value.message_dict["proceed_reason"][0]
    client = quick_sign_in(inv)
    page = client.post(f"/cases/{case.reference}/do/report/", {"summary": "Findings", "submitted_on": str(served)})
    assert page.status_code == 400 and b"response window is still open" in page.content
    api = client.post(
        f"/api/cases/{case.reference}/steps/report/",
        {"summary": "Findings", "submitted_on": str(served)},
        content_type="application/json",
    )
    assert api.status_code == 400 and "proceed_reason" in api.json()
    assert not InvestigationReport.objects.exists()

    report = services.investigation_report_submit(
        actor=inv, case=case, summary="Findings", proceed_reason="The officer said in writing they will not respond."
    )
    assert report.proceed_reason.startswith("The officer said")
    assert StageTransition.objects.filter(
        subject=subject, event="proceeded_before_response_window_closed", reason__contains="will not respond"
    ).exists()
    # the reg 18 deadline stays on the case until it passes or the response is recorded
    page = client.get(f"/cases/{case.reference}/").content.decode()
    assert "Reg 18 response due from" in page
    services.reg18_response_record(actor=inv, subject=CaseSubject.objects.get(pk=subject.pk), received_on=served)
    page = client.get(f"/cases/{case.reference}/").content.decode()
    assert "Reg 18 response due from" not in page


def test_after_the_window_the_report_needs_no_decision(people, matter):
    case, subject = _under_investigation(people, matter)
    services.reg17_notice_serve(actor=people["investigator"], subject=subject, served_on=date(2026, 3, 20))
    report = services.investigation_report_submit(actor=people["investigator"], case=case, summary="Findings")
    assert report.proceed_reason == ""


def test_police_staff_get_the_staff_procedure_notice_and_officers_the_reg17_notice(people, matter):
    staff = PersonFactory(person_type="staff", rank_or_grade="Police staff grade 5")
    case, subject = _under_investigation(people, matter, person=staff)
    inv = people["investigator"]
    names = [s.name for s in steps_for(inv, case, subject)]
    assert "staff-notice" in names and "reg17" not in names
    client = quick_sign_in(inv)
    assert client.post(
        f"/cases/{case.reference}/subjects/{subject.public_id}/reg17/", {"served_on": "2026-03-20"}, follow=True
    ).status_code in (200, 404)
    response = client.post(
        f"/cases/{case.reference}/subjects/{subject.public_id}/staff-notice/", {"served_on": "2026-03-20"}
    )
    assert response.status_code == 302
    notice = subject.reg17_notices.get()
    assert notice.procedure == "police_staff_procedure"
    text = _text(bytes(notice.pdf))
    for required in [
        "police staff misconduct procedure",
        "trade union representative",
        "work colleague",
        case.reference,
        staff.staff_number,
        "Searched police systems for a former partner",
    ]:
        assert required in text, required
    for forbidden in [
        "regulation 17",
        "Regulation 17",
        "police friend",
        "Police (Conduct) Regulations",
        "regulation 18",
    ]:
        assert forbidden not in text, forbidden
    assert StageTransition.objects.filter(subject=subject, event="staff_misconduct_notice_served").exists()

    # officers: unchanged
    case2, officer = _under_investigation(people, matter)
    names = [s.name for s in steps_for(inv, case2, officer)]
    assert "reg17" in names and "staff-notice" not in names
    officer_notice = services.reg17_notice_serve(actor=inv, subject=officer, served_on=date(2026, 3, 20))
    text = _text(bytes(officer_notice.pdf))
    assert "regulation 17" in text and "police friend" in text and "trade union" not in text


def test_the_staff_procedure_wording_is_force_policy_data(people, matter):
    ConductProcedure.objects.filter(code="police_staff_procedure").update(
        representation="You may bring a Unison representative or a colleague of your choosing."
    )
    staff = PersonFactory(person_type="staff")
    _, subject = _under_investigation(people, matter, person=staff)
    notice = services.reg17_notice_serve(actor=people["investigator"], subject=subject, served_on=date(2026, 3, 20))
    assert "Unison representative" in _text(bytes(notice.pdf))
