"""Suspension through the pages and the API: the step pages, the subject's suspension page, the
suspension queue, and 400 with reasons for decisions the rules refuse."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from audit.models import AccessEvent
from cases.models import AllegationCategory, Standard
from cases.services import allegation_add, case_open, severity_assess, subject_add
from cases.suspension import criminal_event_record, suspension_decide
from cases.suspension_models import ListedOffence, SuspensionDecision
from tests.conftest import quick_sign_in
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
AFTER = date(2026, 7, 20)


@pytest.fixture
def subject(people):
    actor = people["investigator"]
    case = case_open(actor=actor, source="conduct_matter", received_date=AFTER, summary="Alleged domestic abuse")
    subject = subject_add(actor=actor, case=case, person=PersonFactory(rank_or_grade="PC"))
    allegation_add(
        actor=actor,
        subject=subject,
        category=AllegationCategory.objects.get(code="violence"),
        standards=list(Standard.objects.filter(number__in=[4])),
        description="Assaulted a partner at home.",
        incident_date=AFTER,
    )
    subject.refresh_from_db()
    return subject


def _charge(people, subject):
    criminal_event_record(
        actor=people["authority"],
        subject=subject,
        kind="charge",
        offence=ListedOffence.objects.get(code="strangulation"),
        occurred_on=TODAY,
        known_on=TODAY,
    )
    subject.refresh_from_db()


def _api_step(client, subject, step, data):
    return client.post(
        f"/api/cases/{subject.case.reference}/subjects/{subject.public_id}/steps/{step}/",
        data,
        content_type="application/json",
    )


def test_api_refuses_neither_after_a_charge_for_a_listed_offence_under_the_2026_rules(people, subject):
    _charge(people, subject)
    client = quick_sign_in(people["authority"])
    response = _api_step(
        client, subject, "suspension-decision", {"outcome": "neither", "reasons": "Low risk", "decided_on": str(TODAY)}
    )
    assert response.status_code == 400
    assert "suspension is mandatory" in response.json()["outcome"][0]
    assert not SuspensionDecision.objects.exists()
    response = _api_step(
        client, subject, "suspension-decision", {"outcome": "suspend", "reasons": "Charged", "decided_on": str(TODAY)}
    )
    assert response.status_code == 200, response.content
    subject.refresh_from_db()
    assert subject.suspended


def test_api_refuses_an_unrebutted_arrest_presumption_with_the_reason(people, subject):
    criminal_event_record(
        actor=people["authority"],
        subject=subject,
        kind="arrest",
        offence=ListedOffence.objects.get(code="rape"),
        occurred_on=TODAY,
        known_on=TODAY,
    )
    subject.refresh_from_db()
    client = quick_sign_in(people["authority"])
    response = _api_step(
        client,
        subject,
        "suspension-decision",
        {"outcome": "restricted_duties", "reasons": "x", "decided_on": str(TODAY)},
    )
    assert response.status_code == 400
    assert "presumption is not rebutted" in response.json()["exceptional_circumstances"][0]


def test_api_refuses_a_review_with_nothing_to_review_and_a_missing_reason(people, subject):
    client = quick_sign_in(people["authority"])
    response = _api_step(client, subject, "suspension-review", {"outcome": "continue", "reasons": "x"})
    assert response.status_code == 400  # not available: the subject is not suspended
    assert "not possible" in response.json()["non_field_errors"][0]
    suspension_decide(
        actor=people["authority"], subject=subject, outcome="suspend", reasons="Risk", public_interest=True,
        restricted_duties_considered="No suitable post",
    )  # fmt: skip
    response = _api_step(client, subject, "suspension-review", {"outcome": "continue", "reviewed_on": str(TODAY)})
    assert response.status_code == 400 and "reasons" in response.json()


def test_an_investigator_cannot_decide_on_suspension(people, subject):
    client = quick_sign_in(people["investigator"])
    response = _api_step(client, subject, "suspension-decision", {"outcome": "neither", "reasons": "x"})
    assert response.status_code == 404


def test_the_suspension_api_and_page_show_the_decision_late_with_its_rules(people, subject):
    known = TODAY - timedelta(days=14)
    severity_assess(
        actor=people["authority"], subject=subject, severity="gross_misconduct", likely_forum="hearing",
        rationale="Criminal allegation", assessed_on=known,
    )  # fmt: skip
    subject.refresh_from_db()
    criminal_event_record(
        actor=people["authority"], subject=subject, kind="criminal_investigation", offence=None,
        offence_description="Assault occasioning actual bodily harm", occurred_on=known, known_on=known,
    )  # fmt: skip
    subject.refresh_from_db()
    suspension_decide(
        actor=people["authority"], subject=subject, outcome="suspend", reasons="Risk to the complainant",
        public_interest=True, restricted_duties_considered="Contact with the public in every post",
    )  # fmt: skip
    client = quick_sign_in(people["authority"])
    body = client.get(f"/api/cases/{subject.case.reference}/subjects/{subject.public_id}/suspension/").json()
    assert body["suspended"] is True and body["rule_version"] == "2026"
    (decision,) = body["decisions"]
    assert decision["late_by_working_days"] > 0 and decision["rule_version"] == "2026"
    page = client.get(f"/cases/{subject.case.reference}/subjects/{subject.public_id}/suspension/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="decision-late"' in html and "Rules applied" in html
    assert AccessEvent.objects.filter(actor=people["authority"], purpose__contains="suspension").exists()
    detail = client.get(f"/cases/{subject.case.reference}/").content.decode()
    assert "Suspension review for" in detail  # the next review among the case's deadlines


def test_the_queue_page_and_api_mark_the_overdue_review_and_the_late_decision(people, subject):
    suspension_decide(
        actor=people["authority"], subject=subject, outcome="suspend", reasons="Risk", public_interest=True,
        restricted_duties_considered="No suitable post", decided_on=AFTER + timedelta(days=1),
    )  # fmt: skip
    supervisor = UserFactory(role="supervisor")
    client = quick_sign_in(supervisor)
    html = client.get("/queues/suspension/").content.decode()
    assert subject.case.reference in html and 'data-testid="overdue"' in html
    (row,) = client.get("/api/queues/suspension/").json()
    assert row["overdue"] is True and row["standing"] == "suspend"
    assert quick_sign_in(people["investigator"]).get("/queues/suspension/").status_code == 404


def test_the_step_page_shows_the_refusal_at_its_field(people, subject):
    _charge(people, subject)
    client = quick_sign_in(people["authority"])
    url = f"/cases/{subject.case.reference}/subjects/{subject.public_id}/suspension-decision/"
    response = client.post(url, {"outcome": "neither", "reasons": "Low risk", "decided_on": str(TODAY)})
    assert response.status_code == 400
    assert "suspension is mandatory" in response.content.decode()
