"""Crime and Policing Act 2026: the chief officer (the local policing body in chief-officer cases;
the IOPC where it investigated) may appeal to the Police Appeals Tribunal, once an administrator
sets the commencement date of rule "pat_appeal_by_authority", version "cpa-2026"."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from hearings import services as hearings
from hearings.models import Appeal
from law.models import RuleVersion
from tests.conftest import quick_sign_in

from .conftest import AFTER

pytestmark = pytest.mark.django_db


def _dismissed(people, referred, rank="PC"):
    case, subject = referred(AFTER, rank=rank)
    proceeding = hearings.proceeding_schedule(
        actor=people["hearings"], subject=subject, scheduled_for=date(2025, 11, 3), panel=[("chair", "Chair")]
    )
    outcome = hearings.outcome_record(
        actor=people["hearings"],
        proceeding=proceeding,
        finding="gross_misconduct",
        outcome="final_written_warning",
        reasons="Proven",
        decided_on=date(2025, 11, 3),
        exceptional_circumstances="Exceptional: long exemplary service",
    )
    hearings.outcome_notice_give(actor=people["hearings"], outcome=outcome, given_on=date(2025, 11, 4))
    subject.refresh_from_db()
    return case, subject


@pytest.mark.parametrize(
    "commences_on,allowed",
    [
        pytest.param(None, False, id="not-commenced"),
        pytest.param(date(2025, 10, 1), True, id="commenced-before-the-decision"),
        pytest.param(date(2026, 6, 1), False, id="commenced-after-the-decision"),
    ],
)
def test_the_chief_officer_appeals_only_once_the_2026_provisions_are_switched_on(
    people, referred, commences_on, allowed
):
    RuleVersion.objects.filter(rule="pat_appeal_by_authority", version="cpa-2026").update(commences_on=commences_on)
    case, subject = _dismissed(people, referred)
    lodge = dict(
        actor=people["hearings"],
        subject=subject,
        body="pat",
        lodged_on=date(2025, 11, 10),
        grounds="The outcome is unreasonable: dismissal was the presumption",
        appellant="chief_officer",
    )
    if not allowed:
        with pytest.raises(ValidationError) as refused:
            hearings.appeal_lodge(**lodge)
        message = refused.value.message_dict["appellant"][0]
        if commences_on is None:
            assert "not yet in force" in message and "pat_appeal_by_authority" in message and "cpa-2026" in message
        else:
            assert "decisions made on or after 1 June 2026" in message
        assert not Appeal.objects.exists()
        return
    appeal = hearings.appeal_lodge(**lodge)
    assert appeal.appellant == "chief_officer" and appeal.rule_version.version == "cpa-2026"
    page = quick_sign_in(people["hearings"]).get(f"/cases/{case.reference}/")
    assert b"The chief officer" in page.content and b'data-version="cpa-2026"' in page.content


def test_the_officer_appeals_as_before_whatever_the_switch(people, referred):
    _, subject = _dismissed(people, referred)
    appeal = hearings.appeal_lodge(
        actor=people["hearings"], subject=subject, body="pat", lodged_on=date(2025, 11, 10), grounds="Unfair"
    )
    assert appeal.appellant == "subject" and appeal.rule_version.version == "2020"


def test_the_api_refuses_an_appeal_by_the_chief_officer_not_yet_in_force_with_the_reason(people, referred):
    case, subject = _dismissed(people, referred)
    client = quick_sign_in(people["hearings"])
    api = client.post(
        f"/api/cases/{case.reference}/subjects/{subject.public_id}/steps/appeal/",
        {"appellant": "chief_officer", "body": "pat", "lodged_on": "2025-11-10", "grounds": "Too lenient"},
        content_type="application/json",
    )
    assert api.status_code == 400 and "not yet in force" in api.json()["appellant"][0]


@pytest.mark.parametrize("rank,allowed", [("PC", False), ("Chief Constable", True)])
def test_the_local_policing_body_appeals_only_in_chief_officer_cases(people, referred, rank, allowed):
    RuleVersion.objects.filter(rule="pat_appeal_by_authority", version="cpa-2026").update(
        commences_on=date(2025, 10, 1)
    )
    _, subject = _dismissed(people, referred, rank=rank)
    lodge = dict(
        actor=people["hearings"],
        subject=subject,
        body="pat",
        lodged_on=date(2025, 11, 10),
        grounds="Too lenient",
        appellant="local_policing_body",
    )
    if allowed:
        assert hearings.appeal_lodge(**lodge).appellant == "local_policing_body"
    else:
        with pytest.raises(ValidationError) as refused:
            hearings.appeal_lodge(**lodge)
        assert "chief officer" in refused.value.message_dict["appellant"][0]
