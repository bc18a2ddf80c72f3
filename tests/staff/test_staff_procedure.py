"""Police staff misconduct: the force's procedure (force policy, versioned), never the Police
(Conduct) Regulations (issue 13 item 7)."""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from cases.models import StageTransition
from cases.steps import steps_for
from core.working_days import add_working_days
from hearings.models import ListReferral, ProceedingOutcome
from hearings.staff import services as staff
from tests.conftest import quick_sign_in
from tests.staff.conftest import fresh

pytestmark = pytest.mark.django_db

OFFICER_WORDS = ("regulation 17", "reg 17", "reg 18", "reg 19", "police friend", "misconduct meeting",
                 "misconduct hearing", "reduction in rank", "reg 42", "Police Appeals Tribunal")  # fmt: skip


def _text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def _arrange(people, subject, *, sent, hearing_on, companion="trade_union_representative"):
    return staff.staff_hearing_arrange(
        actor=people["hearings"],
        subject=fresh(subject),
        hearing_on=hearing_on,
        hearing_manager="Pat Manager, Head of Contact (grade 9)",
        invitation_sent_on=sent,
        companion_kind=companion,
        companion_name="Robin Rep (UNISON)" if companion != "none" else "",
        venue="HQ room 4",
    )


@pytest.mark.parametrize(
    "received, version, notice_days, fww_months",
    [(date(2025, 3, 3), "force-2020", 5, 18), (date(2026, 3, 2), "force-2025", 10, 24)],
    ids=["before-1-Sep-2025-force-2020", "after-force-2025"],
)
def test_each_policy_version_applies_to_a_matter_on_its_side_of_the_commencement_date(
    people, referred, received, version, notice_days, fww_months
):
    case, subject = referred(received=received)
    sent = received + timedelta(days=60)
    too_soon = add_working_days(sent, notice_days - 1)
    with pytest.raises(ValidationError) as refused:
        _arrange(people, subject, sent=sent, hearing_on=too_soon)
    message = refused.value.message_dict["hearing_on"][0]
    assert f"at least {notice_days} working days" in message and "earliest" in message
    hearing = _arrange(people, subject, sent=sent, hearing_on=add_working_days(sent, notice_days))
    assert hearing.rule_version.version == version
    assert hearing.earliest_hearing_on == add_working_days(sent, notice_days)
    outcome = staff.staff_outcome_record(
        actor=people["hearings"],
        subject=fresh(subject),
        finding="misconduct",
        outcome="final_written_warning",
        reasons="Proven; long service taken into account.",
        decided_on=hearing.proceeding.scheduled_for,
    )
    assert (
        outcome.warning_expires_on.year * 12
        + outcome.warning_expires_on.month
        - (outcome.decided_on.year * 12 + outcome.decided_on.month)
        == fww_months
    )
    assert f"at least {notice_days} working days" in _text(hearing.invitation_pdf)


def test_a_staff_matter_runs_from_notice_to_outcome_and_appeal_in_the_procedures_own_words(people, referred):
    case, subject = referred()
    sent = date(2026, 6, 1)
    hearing = _arrange(people, subject, sent=sent, hearing_on=date(2026, 6, 22))
    invitation = _text(hearing.invitation_pdf)
    assert "Invitation to a disciplinary hearing before a manager" in invitation
    assert "trade union representative or a work colleague" in invitation
    assert "Pat Manager" in invitation and "Robin Rep" in invitation
    outcome = staff.staff_outcome_record(
        actor=people["hearings"], subject=fresh(subject), finding="misconduct", outcome="written_warning",
        reasons="Proven.", decided_on=date(2026, 6, 22),
    )  # fmt: skip
    assert fresh(subject).stage == "outcome_recorded"
    staff.staff_outcome_letter_give(actor=people["hearings"], subject=fresh(subject), given_on=date(2026, 6, 23))
    letter = _text(ProceedingOutcome.objects.get(pk=outcome.pk).notice_pdf)
    assert "Outcome of the disciplinary hearing before a manager" in letter
    assert "Written warning" in letter and "more senior than the hearing manager" in letter
    assert "within 10 working days" in letter and "7 July 2026" in letter  # 10 working days from 23 June
    for text in (invitation, letter):
        for word in OFFICER_WORDS:
            assert word.lower() not in text.lower(), word
    with pytest.raises(ValidationError) as refused:
        staff.staff_appeal_lodge(
            actor=people["hearings"], subject=fresh(subject), lodged_on=date(2026, 6, 24), grounds="Too harsh",
            appeal_manager="Pat Manager, Head of Contact (grade 9)",
        )  # fmt: skip
    assert "more senior manager" in refused.value.message_dict["appeal_manager"][0]
    appeal = staff.staff_appeal_lodge(
        actor=people["hearings"], subject=fresh(subject), lodged_on=date(2026, 6, 24), grounds="Too harsh",
        appeal_manager="Sam Senior, Director of Contact",
    )  # fmt: skip
    assert appeal.due_by == date(2026, 7, 7) and appeal.rule_version.version == "force-2025"
    assert fresh(subject).stage == "under_appeal"
    staff.staff_appeal_decide(
        actor=people["hearings"], subject=fresh(subject), result="dismissed", decided_on=date(2026, 7, 20),
        reasons="The warning was within the range.",
    )  # fmt: skip
    subject = fresh(subject)
    assert subject.stage == "closed" and subject.closure_reason == "appeal_decided"
    events = set(StageTransition.objects.filter(subject=subject).values_list("event", flat=True))
    assert {"staff_hearing_decision", "staff_hearing_arranged", "staff_outcome_recorded", "staff_outcome_letter_given",
            "staff_appeal_lodged", "staff_appeal_decided", "staff_misconduct_notice_served"} <= events  # fmt: skip


def test_a_late_appeal_needs_the_reasons_it_was_accepted(people, referred):
    case, subject = referred()
    _arrange(people, subject, sent=date(2026, 6, 1), hearing_on=date(2026, 6, 22))
    staff.staff_outcome_record(
        actor=people["hearings"], subject=fresh(subject), finding="misconduct", outcome="management_advice",
        reasons="Proven, minor.", decided_on=date(2026, 6, 22),
    )  # fmt: skip
    staff.staff_outcome_letter_give(actor=people["hearings"], subject=fresh(subject), given_on=date(2026, 6, 22))
    late = dict(
        actor=people["hearings"], lodged_on=date(2026, 7, 20), grounds="New evidence", appeal_manager="Sam Senior"
    )
    with pytest.raises(ValidationError) as refused:
        staff.staff_appeal_lodge(subject=fresh(subject), **late)
    assert "The appeal is late" in refused.value.message_dict["lodged_on"][0]
    appeal = staff.staff_appeal_lodge(subject=fresh(subject), late_reasons="Signed off sick; fit note seen.", **late)
    assert appeal.late_reasons.startswith("Signed off sick")


def test_summary_dismissal_for_gross_misconduct_is_reported_for_the_barred_list_and_comes_off_on_a_won_appeal(
    people, referred
):
    case, subject = referred(severity="gross_misconduct")
    _arrange(people, subject, sent=date(2026, 6, 1), hearing_on=date(2026, 6, 22))
    staff.staff_outcome_record(
        actor=people["hearings"], subject=fresh(subject), finding="gross_misconduct", outcome="dismissal_without_notice",
        reasons="Deliberate disclosure to a criminal associate.", decided_on=date(2026, 6, 22),
    )  # fmt: skip
    referral = ListReferral.objects.get(subject=subject)
    assert referral.kind == "barred" and "Summary dismissal for gross misconduct" in referral.reason
    staff.staff_appeal_lodge(
        actor=people["hearings"], subject=fresh(subject), lodged_on=date(2026, 6, 25), grounds="Procedure unfair",
        appeal_manager="Sam Senior",
    )  # fmt: skip
    staff.staff_appeal_decide(
        actor=people["hearings"], subject=fresh(subject), result="allowed", decided_on=date(2026, 7, 10),
        reasons="The evidence was not disclosed before the hearing.",
    )  # fmt: skip
    assert not ListReferral.objects.filter(subject=subject).exists()


@pytest.mark.parametrize(
    "finding, outcome, why",
    [
        ("misconduct", "reduction_in_rank", "police staff have no rank"),
        ("gross_misconduct", "reduction_in_rank", "police staff have no rank"),
        ("misconduct", "dismissal_without_notice", "only for gross misconduct"),
        ("misconduct", "dismissal_with_notice", "needs a live final written warning"),
        ("misconduct", "rprp", "Reflective practice belongs to the Police (Conduct) Regulations"),
    ],
)
def test_outcomes_outside_the_policy_are_refused_with_the_reason(people, referred, finding, outcome, why):
    case, subject = referred(severity="gross_misconduct")
    _arrange(people, subject, sent=date(2026, 6, 1), hearing_on=date(2026, 6, 22))
    with pytest.raises(ValidationError) as refused:
        staff.staff_outcome_record(
            actor=people["hearings"], subject=fresh(subject), finding=finding, outcome=outcome, reasons="x",
            decided_on=date(2026, 6, 22),
        )  # fmt: skip
    assert why in refused.value.message_dict["outcome"][0]
    assert fresh(subject).stage == "referred"


def test_an_officer_matter_still_follows_the_regulations(people, matter):
    case, subject = matter(person_type="officer", grade="PC")
    names = {s.name for s in steps_for(people["authority"], case, subject)}
    assert "severity" in names and "staff-assess" not in names
    with pytest.raises(ValidationError) as refused:
        staff.staff_assess(actor=people["authority"], subject=subject, severity="misconduct", rationale="x")
    assert "Police (Conduct) Regulations 2020" in refused.value.messages[0]
    staff_case, staff_subject = matter()
    names = {s.name for s in steps_for(people["authority"], staff_case, staff_subject)}
    assert "staff-assess" in names and "severity" not in names


def test_the_api_refuses_regulation_steps_and_officer_outcomes_for_staff_with_reasons(people, referred):
    case, subject = referred()
    base = f"/api/cases/{case.reference}/subjects/{subject.public_id}/steps"
    hearings = quick_sign_in(people["hearings"])
    # a misconduct meeting under the Conduct Regulations
    answer = hearings.post(
        f"{base}/schedule/", {"scheduled_for": "2026-06-22", "chair": "Someone"}, content_type="application/json"
    )
    assert answer.status_code == 400
    reason = answer.json()["non_field_errors"][0]
    assert "Police (Conduct) Regulations do not apply" in reason and "police staff misconduct procedure" in reason
    # a companion who is not a trade union representative or colleague
    answer = hearings.post(
        f"{base}/staff-hearing/",
        {"hearing_on": "2026-06-22", "hearing_manager": "Pat Manager", "invitation_sent_on": "2026-06-01",
         "method": "email", "companion_kind": "police_friend", "companion_name": "PC Friend"},
        content_type="application/json",
    )  # fmt: skip
    assert answer.status_code == 400 and "companion_kind" in answer.json()
    answer = hearings.post(
        f"{base}/staff-hearing/",
        {"hearing_on": "2026-06-03", "hearing_manager": "Pat Manager", "invitation_sent_on": "2026-06-01",
         "method": "email", "companion_kind": "work_colleague", "companion_name": "Jo Colleague"},
        content_type="application/json",
    )  # fmt: skip
    assert answer.status_code == 400 and "at least 10 working days" in answer.json()["hearing_on"][0]
    answer = hearings.post(
        f"{base}/staff-hearing/",
        {"hearing_on": "2026-06-22", "hearing_manager": "Pat Manager", "invitation_sent_on": "2026-06-01",
         "method": "email", "companion_kind": "work_colleague", "companion_name": "Jo Colleague"},
        content_type="application/json",
    )  # fmt: skip
    assert answer.status_code == 200, answer.content
    answer = hearings.post(
        f"{base}/staff-outcome/",
        {"finding": "misconduct", "outcome": "reduction_in_rank", "reasons": "x", "decided_on": "2026-06-22"},
        content_type="application/json",
    )
    assert answer.status_code == 400  # not even a choice of the staff outcome form
    authority = quick_sign_in(people["authority"])
    answer = authority.post(
        f"{base}/severity/",
        {"severity": "practice_requiring_improvement", "rationale": "x", "assessed_on": "2026-03-03"},
        content_type="application/json",
    )
    assert (
        answer.status_code == 400
        and "Police (Conduct) Regulations do not apply" in answer.json()["non_field_errors"][0]
    )


def test_the_case_page_shows_the_procedure_its_policy_version_and_deadlines_and_no_officer_wording(people, referred):
    case, subject = referred()
    _arrange(people, subject, sent=date(2026, 6, 1), hearing_on=date(2026, 6, 22))
    staff.staff_outcome_record(
        actor=people["hearings"], subject=fresh(subject), finding="misconduct", outcome="final_written_warning",
        reasons="Proven.", decided_on=date(2026, 6, 22),
    )  # fmt: skip
    client = quick_sign_in(people["hearings"])
    page = client.get(f"/cases/{case.reference}/").content.decode()
    assert "Police staff misconduct procedure" in page
    assert "Police staff misconduct procedure (force policy, revised 2025)" in page  # the rule applied
    assert "Outcome given: appeal window" in page and "Final written warning" in page
    assert "Outcome letter to" in page and "Appeal window for" in page  # deadlines
    assert "Give the outcome letter (with the right of appeal)" in page
    lowered = page.lower()
    for word in (
        "police friend",
        "reg 18",
        "reg 19",
        "regulation 17 notice",
        "misconduct meeting",
        "reduction in rank",
    ):
        assert word not in lowered, word
    pdf = client.get(f"/cases/{case.reference}/staff-hearing-invitations/{subject.proceedings.get().public_id}.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_the_queue_shows_the_staff_procedures_deadlines(people, referred):
    from cases.priority import priority_score_cases

    case, subject = referred()
    _arrange(people, subject, sent=date(2026, 6, 1), hearing_on=date(2026, 6, 22))
    priority_score_cases(case_ids=[case.pk])
    page = quick_sign_in(people["supervisor"]).get("/queues/all/").content.decode()
    assert "Disciplinary hearing before a manager for" in page and "22 Jun 2026" in page


def test_the_api_case_shows_the_staff_procedure_in_its_own_terms(people, referred):
    case, subject = referred(received=date(2025, 3, 3))
    _arrange(people, subject, sent=date(2025, 6, 2), hearing_on=date(2025, 6, 9))
    staff.staff_outcome_record(
        actor=people["hearings"], subject=fresh(subject), finding="gross_misconduct", outcome="dismissal_with_notice",
        reasons="Proven.", decided_on=date(2025, 6, 9),
    )  # fmt: skip
    body = quick_sign_in(people["hearings"]).get(f"/api/cases/{case.reference}/").json()
    (matter,) = body["staff_procedure"]
    assert matter["policy"]["version"] == "force-2020" and matter["stage"] == "Outcome given: appeal window"
    assert matter["time_limits_working_days"]["invitation_before_hearing"] == 5
    assert matter["companions"] == ["Trade union representative", "Work colleague"]
    assert matter["hearings"][0]["outcome"] == "Dismissal with notice"
    assert matter["hearings"][0]["finding"] == "Gross misconduct proven"


def test_no_regulation_19_report_is_drafted_for_a_matter_about_police_staff_only(people, matter):
    from cases.services import reg19_drafts_make

    staff_case, _ = matter(received=date(2025, 3, 3))
    officer_case, _ = matter(received=date(2025, 3, 3), person_type="officer", grade="PC")
    reg19_drafts_make(today=date(2026, 6, 1))
    assert not staff_case.reg19_reports.exists() and officer_case.reg19_reports.exists()


def test_the_step_page_names_the_policy_version_it_applies(people, referred):
    case, subject = referred(received=date(2025, 3, 3))
    page = quick_sign_in(people["hearings"]).get(f"/cases/{case.reference}/subjects/{subject.public_id}/staff-hearing/")
    text = page.content.decode()
    assert page.status_code == 200 and "Police staff procedure applied" in text and "PS-DISC-2020" in text
    assert 'Now: <strong class="govuk-tag govuk-tag--blue">Disciplinary hearing</strong>' in text


def test_the_queue_explains_a_staff_matters_priority_without_regulation_wording(people, matter):
    from django.utils import timezone

    from cases import services
    from cases.priority import priority_score_cases

    case, subject = matter(received=date(2025, 10, 1))
    staff.staff_assess(actor=people["authority"], subject=subject, severity="misconduct", rationale="x")
    services.investigator_appoint(actor=people["authority"], case=case, investigator=people["investigator"], reason="x")
    services.reg17_notice_serve(
        actor=people["investigator"], subject=fresh(subject), served_on=timezone.localdate() - timedelta(days=14)
    )
    officer_case, officer = matter(received=date(2025, 10, 1), person_type="officer", grade="PC")
    priority_score_cases(case_ids=[case.pk, officer_case.pk])
    page = quick_sign_in(people["supervisor"]).get("/queues/all/").content.decode()
    staff_row, officer_row = (page.split(f">{c.reference}</a>")[1].split("</tr>")[0] for c in (case, officer_case))
    assert "response to the misconduct notice due" in staff_row
    assert "reg 18" not in staff_row.lower() and "reg 19" not in staff_row.lower()
    assert "12-month mark passed (reg 19)" in officer_row


def test_the_notice_of_investigation_follows_the_policy_version_of_the_matter(people, matter):
    from cases import services

    case, subject = matter(received=date(2025, 3, 3))
    staff.staff_assess(actor=people["authority"], subject=subject, severity="misconduct", rationale="x")
    services.investigator_appoint(actor=people["authority"], case=case, investigator=people["investigator"], reason="x")
    notice = services.reg17_notice_serve(
        actor=people["investigator"], subject=fresh(subject), served_on=date(2025, 3, 10)
    )
    text = _text(bytes(notice.pdf))
    assert "PS-DISC-2020" in text and "Disciplinary hearing before a manager" in text
    assert notice.response_due_on == add_working_days(date(2025, 3, 10), 10)
