"""Dates that cannot be right are refused, on the page (field error) and in the API (400 with the
reason): something that happened cannot be dated in the future, and a meeting or hearing cannot be
fixed before the matter came to attention or years ahead."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cases import services
from cases.models import CaseSubject, InvestigationAction, IopcReferral, SeverityAssessment
from hearings.models import Appeal, ListReferral, Proceeding
from tests.conftest import quick_sign_in

pytestmark = pytest.mark.django_db

FUTURE = "2099-01-01"


def _under_investigation(people, matter):
    case, subject = matter()
    aa, inv = people["authority"], people["investigator"]
    services.severity_assess(actor=aa, subject=subject, severity="misconduct", likely_forum="meeting", rationale="R")
    services.investigator_appoint(actor=aa, case=case, investigator=inv, reason="Free")
    return case, CaseSubject.objects.get(pk=subject.pk)


def _awaiting_decision(people, matter):
    case, subject = _under_investigation(people, matter)
    inv = people["investigator"]
    services.reg17_notice_serve(actor=inv, subject=subject, served_on=date(2026, 3, 20))
    services.investigation_report_submit(actor=inv, case=case, summary="Findings")
    return case, CaseSubject.objects.get(pk=subject.pk)


def _referred(people, matter):
    case, subject = _awaiting_decision(people, matter)
    services.case_to_answer_decide(
        actor=people["authority"], subject=subject, case_to_answer=True, route="meeting", rationale="Yes"
    )
    return case, CaseSubject.objects.get(pk=subject.pk)


def _outcome_recorded(people, matter):
    from hearings import services as hearings

    case, subject = _referred(people, matter)
    proceeding = hearings.proceeding_schedule(
        actor=people["hearings"], subject=subject, scheduled_for=date(2026, 11, 2), panel=[("chair", "Chair")]
    )
    hearings.outcome_record(
        actor=people["hearings"],
        proceeding=proceeding,
        finding="misconduct",
        outcome="written_warning",
        reasons="Proven",
        decided_on=date(2026, 11, 3),
    )
    return case, CaseSubject.objects.get(pk=subject.pk)


def _under_appeal(people, matter):
    from hearings import services as hearings

    case, subject = _outcome_recorded(people, matter)
    hearings.appeal_lodge(
        actor=people["hearings"], subject=subject, body="internal", lodged_on=date(2026, 11, 10), grounds="Unfair"
    )
    return case, CaseSubject.objects.get(pk=subject.pk)


# step, who, set-up, the form data, the field that must carry the error, its words, nothing saved
CASES = [
    (
        "severity",
        "authority",
        lambda p, m: m(),
        {"severity": "misconduct", "likely_forum": "meeting", "rationale": "Serious", "assessed_on": FUTURE},
        "assessed_on",
        "cannot be in the future",
        lambda: not SeverityAssessment.objects.exists(),
    ),
    (
        "action",
        "investigator",
        lambda p, m: m(),
        {"kind": "interview", "description": "Interviewed the witness", "completed_on": FUTURE},
        "completed_on",
        "cannot be in the future",
        lambda: not InvestigationAction.objects.exists(),
    ),
    (
        "iopc",
        "authority",
        lambda p, m: m(),
        {"referred": "yes", "rationale": "Serious corruption", "referred_on": FUTURE},
        "referred_on",
        "cannot be in the future",
        lambda: not IopcReferral.objects.exists(),
    ),
    (
        "reg17",
        "investigator",
        _under_investigation,
        {"served_on": FUTURE},
        "served_on",
        "cannot be in the future",
        lambda: not CaseSubject.objects.filter(reg17_notices__isnull=False).exists(),
    ),
    (
        "decision",
        "authority",
        _awaiting_decision,
        {"case_to_answer": "yes", "route": "meeting", "rationale": "Evidence supports it", "decided_on": FUTURE},
        "decided_on",
        "cannot be in the future",
        lambda: not CaseSubject.objects.filter(case_to_answer__isnull=False).exists(),
    ),
    (
        "left",
        "investigator",
        lambda p, m: m(),
        {"left_on": FUTURE, "reason": "Resigned"},
        "left_on",
        "cannot be in the future",
        lambda: not ListReferral.objects.exists(),
    ),
    (
        "appeal",
        "hearings",
        _outcome_recorded,
        {"body": "internal", "lodged_on": FUTURE, "grounds": "The finding was unfair"},
        "lodged_on",
        "cannot be in the future",
        lambda: not Appeal.objects.exists(),
    ),
    (
        "appeal-decision",
        "hearings",
        _under_appeal,
        {"result": "dismissed", "decided_on": FUTURE, "reasons": "No merit"},
        "decided_on",
        "cannot be in the future",
        lambda: not Appeal.objects.exclude(result="").exists(),
    ),
    (
        "schedule",
        "hearings",
        _referred,
        {"scheduled_for": "1900-01-01", "chair": "Chief Superintendent Cole"},
        "scheduled_for",
        "before the matter came to attention (2 March 2026)",
        lambda: not Proceeding.objects.exists(),
    ),
    (
        "schedule",
        "hearings",
        _referred,
        {"scheduled_for": FUTURE, "chair": "Chief Superintendent Cole"},
        "scheduled_for",
        "more than 2 years ahead",
        lambda: not Proceeding.objects.exists(),
    ),
]


@pytest.mark.parametrize(
    ("step", "who", "setup", "data", "field", "words", "nothing_saved"),
    CASES,
    ids=[f"{c[0]}-{c[4]}-{c[3][c[4]]}" for c in CASES],
)
def test_an_impossible_date_is_refused_on_the_field_in_the_page_and_the_api(
    people, matter, step, who, setup, data, field, words, nothing_saved
):
    case, subject = setup(people, matter)
    client = quick_sign_in(people[who])
    is_subject_step = step not in ("action", "iopc")
    page_url = (
        f"/cases/{case.reference}/subjects/{subject.public_id}/{step}/"
        if is_subject_step
        else f"/cases/{case.reference}/do/{step}/"
    )
    api_url = (
        f"/api/cases/{case.reference}/subjects/{subject.public_id}/steps/{step}/"
        if is_subject_step
        else f"/api/cases/{case.reference}/steps/{step}/"
    )
    page = client.post(page_url, data)
    assert page.status_code == 400, page.status_code
    form = page.context["form"]
    assert any(words in e for e in form.errors.get(field, [])), form.errors
    api = client.post(api_url, data, content_type="application/json")
    assert api.status_code == 400, api.content
    assert any(words in e for e in api.json().get(field, [])), api.json()
    assert nothing_saved()


def test_a_sensible_schedule_date_is_accepted(people, matter):
    case, subject = _referred(people, matter)
    client = quick_sign_in(people["hearings"])
    when = timezone.localdate() + timedelta(days=60)
    page = client.post(
        f"/cases/{case.reference}/subjects/{subject.public_id}/schedule/",
        {"scheduled_for": when.isoformat(), "chair": "Chief Superintendent Cole"},
    )
    assert page.status_code == 302, page.content[:500]
    assert Proceeding.objects.get().scheduled_for == when
