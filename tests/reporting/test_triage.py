"""Inside: the queue, triage actions, step-up to see identity, reminders."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.choices import Role
from audit.models import AccessEvent
from cases.models import Case
from notifications.models import Notification
from reporting.models import Report, ReportReminder
from reporting.services import reminders_send
from tests.conftest import quick_sign_in
from tests.factories import PASSWORD, PersonFactory, UserFactory, current_code, totp_device
from tests.reporting.conftest import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return UserFactory(role=Role.REPORTING_OFFICER, first_name="Rita", last_name="Reyes")


@pytest.fixture
def report():
    _, reference, _ = submit(contact="contact", name="Alex Sample", email="alex@example.org")
    return Report.objects.get(reference=reference)


def test_the_queue_shows_reports_to_triagers_only(officer, report):
    page = quick_sign_in(officer).get("/reporting/")
    assert page.status_code == 200 and report.reference in page.content.decode()
    for role in (Role.INVESTIGATOR, Role.ANALYST, Role.VETTING_OFFICER):
        assert quick_sign_in(UserFactory(role=role)).get(f"/reporting/{report.reference}/").status_code == 404


def test_viewing_a_report_is_an_access_event(officer, report):
    before = AccessEvent.objects.count()
    assert quick_sign_in(officer).get(f"/reporting/{report.reference}/").status_code == 200
    event = AccessEvent.objects.order_by("-seq").first()
    assert AccessEvent.objects.count() == before + 1
    assert event.object_type == "report" and event.object_label == report.reference and event.actor == officer


def test_a_report_linked_to_the_viewer_or_their_manager_is_hidden(report):
    manager = PersonFactory()
    me = PersonFactory(line_manager=manager)
    officer = UserFactory(role=Role.REPORTING_OFFICER, person=me)
    colleague = UserFactory(role=Role.REPORTING_OFFICER)
    client = quick_sign_in(colleague)
    response = client.post(
        f"/reporting/{report.reference}/link/", {"staff_number": manager.staff_number, "reason": "named in report"}
    )
    assert response.status_code == 302
    assert quick_sign_in(officer).get(f"/reporting/{report.reference}/").status_code == 404
    assert report.reference not in quick_sign_in(officer).get("/reporting/?view=all").content.decode()
    assert client.get(f"/reporting/{report.reference}/").status_code == 200


def test_replies_acknowledge_and_feedback_is_recorded(officer, report):
    client = quick_sign_in(officer)
    response = client.post(f"/reporting/{report.reference}/message/", {"kind": "acknowledgement", "body": ""})
    assert response.status_code == 400 and "There is a problem" in response.content.decode()
    response = client.post(
        f"/reporting/{report.reference}/message/", {"kind": "acknowledgement", "body": "Thank you for telling us."}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.acknowledged_at and report.status == "assessing" and report.feedback_given_at is None
    client.post(f"/reporting/{report.reference}/message/", {"kind": "feedback", "body": "We have acted on this."})
    report.refresh_from_db()
    assert report.feedback_given_at is not None


def test_link_people_and_open_a_conduct_matter_with_them_as_subjects(officer, report):
    person = PersonFactory(surname="Example")
    client = quick_sign_in(officer)
    # search helps find the staff number
    page = client.get(f"/reporting/{report.reference}/?q=Example").content.decode()
    assert person.staff_number in page
    response = client.post(f"/reporting/{report.reference}/link/", {"staff_number": "NOPE", "reason": "x"})
    assert response.status_code == 400 and "No one in the workforce has that staff number" in response.content.decode()
    response = client.post(
        f"/reporting/{report.reference}/link/", {"staff_number": person.staff_number, "reason": "PC 4471 named"}
    )
    assert response.status_code == 302
    response = client.post(
        f"/reporting/{report.reference}/conduct-matter/",
        {"summary": "Cash from club owner", "reason": "Specific, repeated, named officer"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    case = Case.objects.get(pk=report.case_id)
    assert report.status == "referred" and case.source == "reporting_line"
    assert list(case.case_subjects.values_list("person_id", flat=True)) == [person.pk]
    assert case.intermediary_reference == report.reference
    # a referred report cannot be closed or referred again
    response = client.post(f"/reporting/{report.reference}/close/", {"reason": "no_conduct", "note": "x"})
    assert response.status_code == 400 and "already closed or referred" in response.content.decode()


def test_closing_needs_a_reason_and_a_note(officer, report):
    client = quick_sign_in(officer)
    response = client.post(f"/reporting/{report.reference}/close/", {"reason": "", "note": ""})
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.status == "received"
    response = client.post(
        f"/reporting/{report.reference}/close/", {"reason": "insufficient", "note": "No one identifiable."}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "closed" and report.closure_reason == "insufficient" and report.closed_at


def test_identity_needs_a_permitted_role_step_up_and_a_purpose_and_is_logged(officer, report):
    # a reporting line officer cannot see it at all
    assert quick_sign_in(officer).get(f"/reporting/{report.reference}/identity/").status_code == 404
    supervisor = UserFactory(role=Role.SUPERVISOR)
    client = quick_sign_in(supervisor)
    response = client.get(f"/reporting/{report.reference}/identity/")
    assert response.status_code == 302 and "/reporting/step-up/" in response["Location"]
    step_up = response["Location"]
    # wrong password, then the right password but no code
    assert client.post(step_up, {"password": "wrong", "token": "000000"}).status_code == 400
    assert client.post(step_up, {"password": PASSWORD, "token": ""}).status_code == 400
    response = client.post(step_up, {"password": PASSWORD, "token": current_code(totp_device(supervisor))})
    assert response.status_code == 302 and response["Location"] == f"/reporting/{report.reference}/identity/"
    page = client.get(response["Location"])
    assert page.status_code == 200 and "alex@example.org" not in page.content.decode()
    assert client.post(response["Location"], {"purpose": ""}).status_code == 400
    page = client.post(response["Location"], {"purpose": "Reporter may be a witness: arrange a statement"})
    assert "alex@example.org" in page.content.decode()
    event = AccessEvent.objects.filter(object_type="reporter_identity").get()
    assert event.actor == supervisor and event.purpose.startswith("Reporter may be a witness")


def test_step_up_expires(settings, report):
    settings.STEP_UP_SECONDS = 0
    supervisor = UserFactory(role=Role.SUPERVISOR)
    client = quick_sign_in(supervisor)
    client.post("/reporting/step-up/", {"password": PASSWORD, "token": current_code(totp_device(supervisor))})
    assert "/step-up/" in client.get(f"/reporting/{report.reference}/identity/")["Location"]


def test_reminders_to_acknowledge_and_give_feedback_are_sent_once(officer):
    supervisor = UserFactory(role=Role.SUPERVISOR)
    _, reference, _ = submit()
    report = Report.objects.get(reference=reference)
    today = timezone.localdate()
    received = report.received_at.date()
    assert reminders_send(today=received + timedelta(days=1)) == 0
    assert reminders_send(today=received + timedelta(days=5)) == 1  # due in 2 days
    assert reminders_send(today=received + timedelta(days=5)) == 0  # not twice
    assert reminders_send(today=received + timedelta(days=8)) == 1  # overdue
    kinds = set(ReportReminder.objects.filter(report=report).values_list("kind", flat=True))
    assert kinds == {"acknowledge_soon", "acknowledge_overdue"}
    assert Notification.objects.filter(user=officer, subject__contains=reference).count() == 2
    assert Notification.objects.filter(user=supervisor, subject__contains=reference).count() == 2
    # once acknowledged, only feedback remains, due at three months
    quick_sign_in(officer).post(f"/reporting/{reference}/message/", {"kind": "update", "body": "We are looking."})
    assert reminders_send(today=report.feedback_due_on - timedelta(days=20)) == 0
    assert reminders_send(today=report.feedback_due_on - timedelta(days=10)) == 1
    assert reminders_send(today=report.feedback_due_on + timedelta(days=1)) == 1
    assert ReportReminder.objects.filter(report=report).count() == 4
    assert today  # (the reminders use the date given, not the clock)


def test_the_reporter_never_sees_notes_or_closure_reasons(officer, report):
    client = quick_sign_in(officer)
    client.post(f"/reporting/{report.reference}/note/", {"body": "Possible malicious report; check history"})
    client.post(f"/reporting/{report.reference}/close/", {"reason": "no_conduct", "note": "Nothing to act on"})
    public = Client()
    # the receipt is not known here: sign the reporter in through their session directly
    session = public.session
    session["portal_report"] = str(report.public_id)
    session.save()
    page = public.get("/report/follow-up/report/").content.decode()
    assert "Finished" in page
    assert "malicious" not in page and "Nothing to act on" not in page and "No indication" not in page


def test_the_api_lists_reads_and_replies_without_identity(officer, report):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=officer).key}")
    listing = api.get("/api/reporting/reports/?status=received").json()
    assert [r["reference"] for r in listing["results"]] == [report.reference]
    detail = api.get(f"/api/reporting/reports/{report.reference}/")
    assert detail.status_code == 200
    assert "alex@example.org" not in detail.content.decode() and detail.json()["anonymous"] is False
    assert AccessEvent.objects.filter(object_type="report", purpose__contains="API").exists()
    bad = api.post(f"/api/reporting/reports/{report.reference}/message/", {"kind": "update"}, format="json")
    assert bad.status_code == 400 and "body" in bad.json()
    sent = api.post(
        f"/api/reporting/reports/{report.reference}/message/",
        {"kind": "acknowledgement", "body": "Thank you."},
        format="json",
    )
    assert sent.status_code == 200 and sent.json()["status"] == "assessing"
    other = APIClient()
    other.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=UserFactory(role=Role.ANALYST)).key}")
    assert other.get("/api/reporting/reports/").status_code == 404


def test_an_intermediary_batch_is_imported_from_the_page_with_bad_rows_by_line(officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = (
        b"intermediary_reference,received_at,what_happened,how_known\n"
        b"CS-1,2026-11-01,An officer sells police information to a local gang,told\n"
        b"CS-2,2026-13-01,Bad date here,saw\n"
        b"CS-3,2026-11-02,,saw\n"
    )
    client = quick_sign_in(officer)
    page = client.post(
        "/reporting/import/",
        {"intermediary": "Crimestoppers", "file": SimpleUploadedFile("batch.csv", csv, content_type="text/csv")},
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "3 rows: 1 new report, 0 already imported, 2 with problems" in text
    assert "Line 3:" in text and "Line 4:" in text
    report = Report.objects.get(intermediary_reference="CS-1")
    assert report.channel == "intermediary" and report.intermediary == "Crimestoppers"
    queue = client.get("/reporting/").content.decode()
    assert report.reference in queue and "CS-1" in queue
    # an intermediary report is replied to through the intermediary, not the portal
    response = client.post(f"/reporting/{report.reference}/message/", {"kind": "update", "body": "Hello"})
    assert response.status_code == 400 and "reply through them" in response.content.decode()
    assert client.post(f"/reporting/{report.reference}/acknowledge/").status_code == 302
    report.refresh_from_db()
    assert report.acknowledged_at is not None
    # a file that is not a CSV of reports is refused whole with a clear message
    page = client.post(
        "/reporting/import/",
        {"intermediary": "Crimestoppers", "file": SimpleUploadedFile("x.csv", b"name,age\nA,1\n")},
    )
    assert page.status_code == 400 and "There is a problem" in page.content.decode()
