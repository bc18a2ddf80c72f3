"""The unit's pages and API: forms show field errors (400), the API answers 400 with reasons, the
list filters, and a reporting-line report offers "Record as intelligence" to the unit only."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.choices import Role
from counter_corruption.intel_services import intel_task
from counter_corruption.models import IntelLog
from tests.conftest import quick_sign_in
from tests.factories import PersonFactory, UserFactory

from .conftest import SANITISED, assessed, record

pytestmark = pytest.mark.django_db
BASE = "/counter-corruption/intelligence/"
API = "/api/counter-corruption/intelligence/"


def test_recording_a_log_from_the_form_resolves_subjects_by_staff_number(officer):
    subject = PersonFactory()
    client = quick_sign_in(officer)
    response = client.post(f"{BASE}new/", {
        "source_type": "public", "received_on": "2026-10-02", "original_text": "Seen taking cash at the club.",
        "subjects": subject.staff_number.lower(), "entities": "vehicle: ab12 cde | seen at the club\nphone: 07700 900111",
        "themes": ["theft_fraud"], "at_risk": "none", "handling_level": "unit",
    })  # fmt: skip
    log = IntelLog.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{BASE}{log.public_id}/"
    assert [s.person for s in log.subjects.all()] == [subject]
    assert sorted(m.entity.key for m in log.entity_mentions.all()) == ["07700900111", "AB12CDE"]
    page = client.get(response["Location"]).content.decode()
    assert "Seen taking cash at the club." in page and "Not yet sanitised" in page


def test_the_record_form_shows_field_errors(officer):
    response = quick_sign_in(officer).post(f"{BASE}new/", {
        "source_type": "public", "received_on": "2026-10-02", "original_text": "",
        "subjects": "NOPE123", "entities": "boat: Lady Jane", "at_risk": "none", "handling_level": "unit",
    })  # fmt: skip
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"original_text", "subjects", "entities"}
    assert "NOPE123" in errors["subjects"][0]
    assert "govuk-error-summary" in response.content.decode()
    assert not IntelLog.objects.exists()


def test_grading_with_code_c_and_no_conditions_is_a_field_error_on_the_page(officer):
    log = record(officer, [PersonFactory()])
    response = quick_sign_in(officer).post(f"{BASE}{log.public_id}/grade/", {
        "source_evaluation": "B", "intelligence_assessment": "2", "handling_code": "C", "reason": "corroborated",
    })  # fmt: skip
    assert response.status_code == 400
    assert "handling_conditions" in response.context["form"].errors
    log.refresh_from_db()
    assert log.grading == ""


def test_tasking_an_unsanitised_log_is_refused_on_the_page_and_over_the_api(officer):
    log = record(officer, [PersonFactory()])
    client = quick_sign_in(officer)
    review = (timezone.localdate() + timedelta(days=14)).isoformat()
    page = client.post(f"{BASE}{log.public_id}/task/", {
        "owner": str(officer.pk), "tasking": "Audit", "review_on": review, "reason": "x"})  # fmt: skip
    assert page.status_code == 400 and "Grade the log before tasking" in page.content.decode()
    api = client.post(f"{API}{log.public_id}/task/", {"owner": officer.username, "tasking": "Audit",
                      "review_on": review, "reason": "x"}, content_type="application/json")  # fmt: skip
    assert api.status_code == 400 and "Grade the log before tasking" in api.content.decode()


def test_the_api_records_grades_sanitises_tasks_and_closes_with_a_conduct_matter(officer):
    subject = PersonFactory()
    client = quick_sign_in(officer)
    bad = client.post(API, {"source_type": "martian", "subjects": ["NOPE"]}, content_type="application/json")
    assert bad.status_code == 400 and {"source_type", "subjects"} <= set(bad.json())
    made = client.post(API, {
        "source_type": "partner", "received_on": "2026-10-03", "original_text": "Safeguarding partner says...",
        "subjects": [subject.staff_number], "themes": ["apsp"], "at_risk": "vulnerable_adult",
        "entities": [{"kind": "person", "value": "Jade Doyle", "date_of_birth": "1990-01-02"}],
    }, content_type="application/json")  # fmt: skip
    assert made.status_code == 201, made.content
    ident = made.json()["id"]
    assert made.json()["entities"] == [
        {"kind": "person", "display": "Jade Doyle (born 1990-01-02)", "relationship": ""}
    ]
    bad_grade = client.post(f"{API}{ident}/grade/", {"source_evaluation": "A", "intelligence_assessment": "1",
                            "handling_code": "C", "reason": "x"}, content_type="application/json")  # fmt: skip
    assert bad_grade.status_code == 400 and "handling_conditions" in bad_grade.json()
    steps = [
        ("grade", {"source_evaluation": "A", "intelligence_assessment": "2", "handling_code": "P", "reason": "CHIS"}),
        ("sanitise", {"sanitised_text": SANITISED}),
        ("task", {"owner": officer.username, "tasking": "Audit", "reason": "corroborate",
                  "review_on": (timezone.localdate() + timedelta(days=14)).isoformat()}),
        ("outcome", {"outcome": "conduct", "reason": "Corroborated"}),
    ]  # fmt: skip
    for action, body in steps:
        response = client.post(f"{API}{ident}/{action}/", body, content_type="application/json")
        assert response.status_code == 200, (action, response.content)
    data = response.json()
    assert data["status"] == "closed" and data["grading"] == "A2P" and data["case"].startswith("PSD-")


def test_an_api_action_on_a_log_the_member_may_not_read_is_404(officer):
    log = record(officer, [PersonFactory()], handling_level="named")
    other = quick_sign_in(UserFactory(role=Role.COUNTER_CORRUPTION))
    response = other.post(f"{API}{log.public_id}/sanitise/", {"sanitised_text": "x"}, content_type="application/json")
    assert response.status_code == 404
    assert other.post(f"{BASE}{log.public_id}/sanitise/", {"sanitised_text": "x"}).status_code == 404
    log.refresh_from_db()
    assert log.sanitised_text == ""


def test_the_list_filters_by_status_theme_source_and_overdue_review(officer):
    today = timezone.localdate()
    overdue = assessed(officer, [PersonFactory()], themes=["drugs"], source_type="anonymous")
    intel_task(actor=officer, log=overdue, owner=officer, tasking="Audit", reason="x",
               tasked_on=today - timedelta(days=40), review_on=today - timedelta(days=10))  # fmt: skip
    current = assessed(officer, [PersonFactory()], themes=["apsp"], source_type="public")
    intel_task(actor=officer, log=current, owner=officer, tasking="Audit", reason="x",
               review_on=today + timedelta(days=10))  # fmt: skip
    received = record(officer, [PersonFactory()], themes=["apsp"])
    client = quick_sign_in(officer)

    def listed(query):
        text = client.get(f"{BASE}?{query}").content.decode()
        return {log.reference for log in (overdue, current, received) if log.reference in text}

    assert listed("overdue=yes") == {overdue.reference}
    assert listed("theme=apsp") == {current.reference, received.reference}
    assert listed("status=received") == {received.reference}
    assert listed("source=anonymous") == {overdue.reference}
    assert "Review overdue" in client.get(f"{BASE}{overdue.public_id}/").content.decode()
    assert [r["reference"] for r in client.get(f"{API}?overdue=yes").json()["results"]] == [overdue.reference]


def test_a_report_offers_record_as_intelligence_to_the_unit_only_and_prefills_the_form(officer):
    from reporting.models import Report, ReportPersonLink

    person = PersonFactory()
    report = Report.objects.create(
        reference="RPT-TEST-0002", received_at=timezone.now(), what_happened="Takes cash from the club owner",
        acknowledge_due_on=timezone.localdate(), feedback_due_on=timezone.localdate(),
    )  # fmt: skip
    ReportPersonLink.objects.create(report=report, person=person, reason="named", linked_by=officer)
    unit_page = quick_sign_in(officer).get(f"/reporting/{report.reference}/").content.decode()
    assert 'data-testid="record-as-intelligence"' in unit_page
    triager_page = quick_sign_in(UserFactory(role=Role.REPORTING_OFFICER)).get(f"/reporting/{report.reference}/")
    assert 'data-testid="record-as-intelligence"' not in triager_page.content.decode()
    client = quick_sign_in(officer)
    form = client.get(f"{BASE}new/?report={report.reference}")
    assert form.status_code == 200 and "Takes cash from the club owner" in form.content.decode()
    assert person.staff_number in form.content.decode()
    data = {k: v for k, v in form.context["form"].initial.items() if k != "received_on"}
    data.update(report=report.reference, received_on=str(form.context["form"].initial["received_on"]),
                at_risk="none", handling_level="unit")  # fmt: skip
    response = client.post(f"{BASE}new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    log = IntelLog.objects.get()
    assert log.report == report and log.source_type == "reporting_line"
    assert (
        quick_sign_in(UserFactory(role=Role.COUNTER_CORRUPTION)).get(f"{BASE}new/?report=RPT-NONE-0000").status_code
        == 404
    )


def test_the_list_page_and_api_make_the_same_number_of_queries_for_3_or_12_logs(officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = quick_sign_in(officer)

    def queries(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    for _ in range(3):
        assessed(officer, [PersonFactory()], themes=["drugs", "apsp"])
    queries(BASE), queries(API)  # the session's first requests do their own one-off work
    few = queries(BASE), queries(API)
    for _ in range(9):
        assessed(officer, [PersonFactory(), PersonFactory()], themes=["drugs"])
    assert (queries(BASE), queries(API)) == few
