from datetime import date

import pytest

from accounts.choices import Role
from cases.models import Case, CaseSubject
from cases.steps import STEPS
from tests.conftest import quick_sign_in
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def intake_data(person, **overrides):
    data = {
        "source": "public_complaint",
        "received_date": "2026-06-01",
        "summary": "Rude during a stop and search",
        "staff_number": person.staff_number,
        "category": "discreditable_conduct",
        "standards": ["2", "9"],
        "description": "Swore at the complainant and refused to give a name.",
        "incident_date": "2026-05-28",
        "incident_place": "High Street",
    }
    data.update(overrides)
    return data


def test_the_intake_form_shows_field_errors_and_saves_nothing():
    client = quick_sign_in(UserFactory(role=Role.INVESTIGATOR))
    response = client.post("/cases/new/", {"received_date": "2099-01-01", "staff_number": "NOPE1"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert "cannot be in the future" in body
    assert "No one in the workforce has staff number NOPE1" in body
    assert "Choose at least one Standard of Professional Behaviour" in body
    assert not Case.objects.exists()


def test_recording_a_matter_and_being_warned_of_a_duplicate():
    person = PersonFactory()
    client = quick_sign_in(UserFactory(role=Role.INVESTIGATOR))
    response = client.post("/cases/new/", intake_data(person))
    case = Case.objects.get()
    assert response["Location"] == f"/cases/{case.reference}/"
    assert case.source == "public_complaint" and case.allegations.get().standards.count() == 2
    # the same person and incident again: shown the first, asked to confirm
    response = client.post("/cases/new/", intake_data(person))
    assert response.status_code == 400
    assert case.reference.encode() in response.content and b"Possible duplicates" in response.content
    assert Case.objects.count() == 1
    response = client.post("/cases/new/", intake_data(person, confirm_new="on"))
    assert response.status_code == 302 and Case.objects.count() == 2


def test_a_step_not_possible_now_is_refused_with_a_message():
    person = PersonFactory()
    client = quick_sign_in(UserFactory(role=Role.APPROPRIATE_AUTHORITY))
    client.post("/cases/new/", intake_data(person))
    case = Case.objects.get()
    subject = case.case_subjects.get()
    response = client.get(f"/cases/{case.reference}/subjects/{subject.public_id}/decision/", follow=True)
    assert b"is not possible at this stage" in response.content
    response = client.post(
        f"/api/cases/{case.reference}/subjects/{subject.public_id}/steps/decision/",
        {"case_to_answer": "yes"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "not possible" in response.json()["non_field_errors"][0]


def test_a_service_rule_shows_on_the_right_field():
    person = PersonFactory()
    client = quick_sign_in(UserFactory(role=Role.APPROPRIATE_AUTHORITY))
    client.post("/cases/new/", intake_data(person))
    case = Case.objects.get()
    subject = case.case_subjects.get()
    response = client.post(
        f"/cases/{case.reference}/subjects/{subject.public_id}/severity/",
        {"severity": "gross_misconduct", "likely_forum": "meeting", "rationale": "x", "assessed_on": "2026-06-02"},
    )
    assert response.status_code == 400
    assert b"Gross misconduct is dealt with at a hearing" in response.content
    assert CaseSubject.objects.get(pk=subject.pk).stage == "received"


@pytest.mark.parametrize("step", sorted(STEPS))
def test_malformed_input_to_any_step_is_a_clear_400_never_a_500(step):
    person = PersonFactory()
    user = UserFactory(role=None)
    from django.contrib.auth.models import Group

    user.groups.set(Group.objects.all())
    client = quick_sign_in(user)
    client.post("/cases/new/", intake_data(person))
    case = Case.objects.get()
    subject = case.case_subjects.get()
    definition = STEPS[step]
    url = (
        f"/cases/{case.reference}/subjects/{subject.public_id}/{step}/"
        if definition.per_subject
        else f"/cases/{case.reference}/do/{step}/"
    )
    garbage = {name: "\x00<script>" * 3 for name in definition.form.base_fields}
    response = client.post(url, garbage)
    assert response.status_code in (302, 400), (step, response.status_code)
    api = (
        f"/api/cases/{case.reference}/subjects/{subject.public_id}/steps/{step}/"
        if definition.per_subject
        else f"/api/cases/{case.reference}/steps/{step}/"
    )
    response = client.post(api, garbage, content_type="application/json")
    assert response.status_code in (400,), (step, response.status_code, response.content[:300])
    response = client.post(api, "[1, 2]", content_type="application/json")
    assert response.status_code == 400


def test_the_whole_pipeline_through_the_api():
    person = PersonFactory()
    inv, aa, ho = (UserFactory(role=r) for r in (Role.INVESTIGATOR, Role.APPROPRIATE_AUTHORITY, Role.HEARINGS_OFFICER))
    api = {u: quick_sign_in(u) for u in (inv, aa, ho)}
    response = api[inv].post("/api/cases/", intake_data(person, standards=[1]), content_type="application/json")
    assert response.status_code == 201, response.content
    ref = response.json()["reference"]
    sid = response.json()["subjects"][0]["id"]

    def step(user, name, data, subject=True):
        path = f"/api/cases/{ref}/subjects/{sid}/steps/{name}/" if subject else f"/api/cases/{ref}/steps/{name}/"
        r = api[user].post(path, data, content_type="application/json")
        assert r.status_code == 200, (name, r.content)
        return r.json()

    step(
        aa,
        "severity",
        {
            "severity": "gross_misconduct",
            "likely_forum": "hearing",
            "rationale": "Serious",
            "assessed_on": "2026-06-02",
        },
    )
    step(aa, "appoint", {"investigator": inv.pk, "reason": "Available"}, subject=False)
    step(inv, "reg17", {"served_on": "2026-06-03"})
    step(inv, "report", {"summary": "Proven on the evidence", "submitted_on": "2026-08-01"}, subject=False)
    step(
        aa,
        "decision",
        {"case_to_answer": "yes", "route": "hearing", "rationale": "Case to answer", "decided_on": "2026-08-10"},
    )
    step(ho, "schedule", {"scheduled_for": "2026-09-15", "chair": "ACC Chair"})
    r = api[ho].post(
        f"/api/cases/{ref}/subjects/{sid}/steps/outcome/",
        {"finding": "gross_misconduct", "outcome": "written_warning", "reasons": "x", "decided_on": "2026-09-15"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "cannot give written warning" in r.json()["outcome"][0]
    step(
        ho,
        "outcome",
        {
            "finding": "gross_misconduct",
            "outcome": "dismissal_without_notice",
            "reasons": "Proven",
            "decided_on": "2026-09-15",
        },
    )
    data = step(ho, "appeal", {"body": "pat", "lodged_on": "2026-09-20", "grounds": "Severity"})
    assert data["subjects"][0]["stage"] == "under_appeal"
    data = step(ho, "appeal-decision", {"result": "dismissed", "decided_on": "2026-11-01", "reasons": "Stands"})
    assert data["status"] == "closed" and data["subjects"][0]["closure_reason"] == "appeal_decided"
    assert [t["event"] for t in data["timeline"]][0] == "appeal_decided"
    # an investigator cannot take the authority's decisions
    assert (
        api[inv]
        .post(f"/api/cases/{ref}/subjects/{sid}/steps/severity/", {}, content_type="application/json")
        .status_code
        == 404
    )


def test_downloading_the_reg17_notice_is_logged_as_printing(signed_in):
    from audit.models import AccessEvent

    person = PersonFactory()
    aa = UserFactory(role=Role.APPROPRIATE_AUTHORITY)
    inv = UserFactory(role=Role.INVESTIGATOR)
    client = quick_sign_in(aa)
    client.post("/cases/new/", intake_data(person))
    case = Case.objects.get()
    subject = case.case_subjects.get()
    client.post(
        f"/cases/{case.reference}/subjects/{subject.public_id}/severity/",
        {"severity": "misconduct", "likely_forum": "meeting", "rationale": "x", "assessed_on": "2026-06-02"},
    )
    client.post(f"/cases/{case.reference}/do/appoint/", {"investigator": inv.pk, "reason": "Available"})
    inv_client = quick_sign_in(inv)
    inv_client.post(
        f"/cases/{case.reference}/subjects/{subject.public_id}/reg17/", {"served_on": date(2026, 6, 3).isoformat()}
    )
    notice = subject.reg17_notices.get()
    response = inv_client.get(f"/cases/{case.reference}/notices/{notice.public_id}.pdf")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert AccessEvent.objects.filter(action="print", object_label=case.reference, actor=inv).exists()


@pytest.mark.parametrize(
    "stage", [s.value for s in __import__("cases.choices", fromlist=["SubjectStage"]).SubjectStage]
)
def test_every_step_not_allowed_in_a_stage_is_refused_in_the_page_and_the_api(stage):
    from django.contrib.auth.models import Group

    person = PersonFactory()
    user = UserFactory(role=None)
    user.groups.set(Group.objects.all())
    client = quick_sign_in(user)
    client.post("/cases/new/", intake_data(person))
    case = Case.objects.get()
    CaseSubject.objects.filter(case=case).update(stage=stage, severity="misconduct", forum="meeting")
    subject = CaseSubject.objects.get(case=case)
    refused = 0
    for name, definition in STEPS.items():
        if not definition.per_subject or definition.available(case, subject):
            continue
        page = client.get(f"/cases/{case.reference}/subjects/{subject.public_id}/{name}/", follow=True)
        assert b"is not possible at this stage" in page.content, (stage, name)
        api = client.post(
            f"/api/cases/{case.reference}/subjects/{subject.public_id}/steps/{name}/",
            {},
            content_type="application/json",
        )
        assert api.status_code == 400 and "not possible" in api.json()["non_field_errors"][0], (stage, name)
        refused += 1
    assert refused >= 5
    assert CaseSubject.objects.get(pk=subject.pk).stage == stage


def test_the_appropriate_authority_completes_a_drafted_reg19_report():
    from cases.services import reg19_drafts_make

    person = PersonFactory()
    aa = UserFactory(role=Role.APPROPRIATE_AUTHORITY)
    client = quick_sign_in(aa)
    client.post("/cases/new/", intake_data(person, received_date="2025-06-01", incident_date="2025-05-28"))
    case = Case.objects.get()
    assert reg19_drafts_make(today=date(2026, 6, 1)) == 1
    page = client.get(f"/cases/{case.reference}/do/reg19/")
    assert b"Received: awaiting severity assessment" in page.content  # prefilled progress
    response = client.post(
        f"/cases/{case.reference}/do/reg19/",
        {"progress": "Awaiting assessment", "reasons_for_delay": "", "planned_steps": "Assess"},
    )
    assert response.status_code == 400 and b"This field is required" in response.content
    response = client.post(
        f"/cases/{case.reference}/do/reg19/",
        {
            "progress": "Awaiting assessment",
            "reasons_for_delay": "Witness unavailable",
            "planned_steps": "Assess severity",
            "expected_completion": "2026-12-01",
            "expected_report_date": "2026-11-01",
        },
    )
    assert response.status_code == 302
    report = case.reg19_reports.get()
    assert report.submitted_on and report.submitted_by == aa and report.reasons_for_delay == "Witness unavailable"


def test_case_list_filters_by_stage_category_and_overdue():
    person = PersonFactory()
    client = quick_sign_in(UserFactory(role=Role.SUPERVISOR))
    client.post("/cases/new/", intake_data(person, received_date="2025-01-10", incident_date="2025-01-05"), follow=True)
    client.post("/cases/new/", intake_data(PersonFactory(), category="violence", standards=["4"]), follow=True)
    old, new = Case.objects.order_by("received_date")
    listing = lambda **q: client.get("/api/cases/", q).json()["results"]  # noqa: E731
    assert [c["reference"] for c in listing(overdue="true")] == [old.reference]
    assert [c["reference"] for c in listing(category="violence")] == [new.reference]
    assert len(listing(stage="received")) == 2 and listing(stage="referred") == []
    assert [c["reference"] for c in listing(standard="4")] == [new.reference]
    page = client.get("/cases/", {"overdue": "true"})
    assert old.reference.encode() in page.content and new.reference.encode() not in page.content


def test_evidence_is_hashed_downloaded_with_a_safe_name_and_custody_recorded():
    import hashlib

    from django.core.files.uploadedfile import SimpleUploadedFile

    person = PersonFactory()
    user = UserFactory(role=Role.INVESTIGATOR)
    client = quick_sign_in(user)
    client.post("/cases/new/", intake_data(person), follow=True)
    case = Case.objects.get()
    content = b"timestamp,user,query\n2026-05-01,PC1,address lookup\n"
    upload = SimpleUploadedFile('audit "log";\r\nX-Evil: 1.csv', content, content_type="text/csv")
    response = client.post(
        f"/cases/{case.reference}/do/evidence/",
        {"exhibit_reference": "AB/1", "description": "Audit log", "upload": upload},
    )
    assert response.status_code == 302
    item = case.evidence.get()
    assert item.sha256 == hashlib.sha256(content).hexdigest()
    download = client.get(f"/cases/{case.reference}/evidence/{item.public_id}/")
    assert download.content == content
    disposition = download["Content-Disposition"]
    assert "\r" not in disposition and "\n" not in disposition and disposition.count('"') == 2
    assert [c.action for c in item.custody.all()] == ["received and sealed", "downloaded"]
    assert all(c.sha256_verified for c in item.custody.all())


def test_the_queue_export_cannot_carry_a_spreadsheet_formula():
    from cases.models import PriorityWeight
    from cases.priority import priority_score_cases

    PriorityWeight.objects.filter(code="severity_unassessed").update(label='=HYPERLINK("http://x")')
    supervisor = UserFactory(role=Role.SUPERVISOR)
    client = quick_sign_in(supervisor)
    client.post("/cases/new/", intake_data(PersonFactory()), follow=True)
    priority_score_cases(case_ids=list(Case.objects.values_list("id", flat=True)))
    body = client.get("/queues/all/export.csv").content.decode()
    assert "'=HYPERLINK" in body and ",=HYPERLINK" not in body
