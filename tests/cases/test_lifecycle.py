import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from cases.choices import SubjectStage
from cases.models import CaseSubject, StageTransition
from cases.services import (
    case_to_answer_decide,
    investigation_report_submit,
    investigator_appoint,
    iopc_grounds_prompted,
    reg17_notice_serve,
    reg19_drafts_make,
    rprp_complete,
    severity_assess,
)
from core.working_days import add_working_days, is_working_day  # noqa: F401
from hearings.models import ListReferral
from hearings.services import (
    appeal_decide,
    appeal_lodge,
    outcome_finalise,
    outcome_record,
    proceeding_schedule,
    subject_left_force,
)

pytestmark = pytest.mark.django_db


def _to_decision(people, subject, severity="gross_misconduct", forum="hearing"):
    aa, inv = people["authority"], people["investigator"]
    severity_assess(
        actor=aa,
        subject=subject,
        severity=severity,
        likely_forum=forum,
        rationale="Repeated searches; vulnerable victim.",
    )
    investigator_appoint(actor=aa, case=subject.case, investigator=inv, reason="Available, no conflicts")
    subject.refresh_from_db()
    reg17_notice_serve(actor=inv, subject=subject, served_on=date(2026, 3, 20))
    investigation_report_submit(actor=inv, case=subject.case, summary="Audit logs show 14 searches without purpose.")
    subject.refresh_from_db()
    return subject


def test_a_matter_goes_from_intake_to_dismissal_and_an_appeal(people, matter):
    case, subject = matter()
    assert case.reference.startswith("PSD-2026-")
    subject = _to_decision(people, subject)
    assert subject.stage == SubjectStage.AWAITING_DECISION
    case_to_answer_decide(
        actor=people["authority"],
        subject=subject,
        case_to_answer=True,
        route="hearing",
        rationale="Evidence supports the allegation.",
    )
    subject.refresh_from_db()
    assert (subject.stage, subject.forum) == (SubjectStage.REFERRED, "hearing")
    proceeding = proceeding_schedule(
        actor=people["hearings"], subject=subject, scheduled_for=date(2026, 9, 1), panel=[("chair", "ACC Example")]
    )
    result = outcome_record(
        actor=people["hearings"],
        proceeding=proceeding,
        finding="gross_misconduct",
        outcome="dismissal_without_notice",
        reasons="Proven.",
        decided_on=date(2026, 9, 1),
    )
    assert result.notice_due_on == date(2026, 9, 8)  # 5 working days
    subject.refresh_from_db()
    assert subject.stage == SubjectStage.OUTCOME_RECORDED
    assert ListReferral.objects.get(subject=subject).kind == "barred"
    appeal = appeal_lodge(
        actor=people["hearings"],
        subject=subject,
        body="pat",
        lodged_on=date(2026, 9, 10),
        grounds="Sanction unduly severe",
    )
    appeal_decide(
        actor=people["hearings"],
        appeal=appeal,
        result="dismissed",
        decided_on=date(2026, 11, 2),
        reasons="Sanction within range",
    )
    subject.refresh_from_db()
    case.refresh_from_db()
    assert (subject.stage, subject.closure_reason, case.status) == (SubjectStage.CLOSED, "appeal_decided", "closed")
    events = list(StageTransition.objects.filter(case=case).order_by("at", "id").values_list("event", flat=True))
    assert events[:3] == ["matter_recorded", "subject_added", "allegation_recorded"]
    assert events[-1] == "appeal_decided"
    assert all(t.actor_id for t in StageTransition.objects.filter(case=case))


def test_practice_requiring_improvement_goes_to_reflective_practice(people, matter):
    case, subject = matter()
    severity_assess(
        actor=people["authority"],
        subject=subject,
        severity="practice_requiring_improvement",
        likely_forum="",
        rationale="Low level; learning",
    )
    subject.refresh_from_db()
    assert subject.stage == SubjectStage.RPRP
    rprp_complete(
        actor=people["investigator"],
        subject=subject,
        summary="Discussed",
        actions="Training by 1 June",
        lessons="Check purpose",
        review_date=date(2027, 3, 1),
    )
    subject.refresh_from_db()
    assert (subject.stage, subject.closure_reason) == (SubjectStage.CLOSED, "rprp_complete")


def test_no_case_to_answer_finalises_the_subject(people, matter):
    case, subject = matter()
    subject = _to_decision(people, subject, severity="misconduct", forum="meeting")
    case_to_answer_decide(
        actor=people["authority"],
        subject=subject,
        case_to_answer=False,
        route="no_further_action",
        rationale="Searches had a policing purpose",
    )
    subject.refresh_from_db()
    case.refresh_from_db()
    assert (subject.stage, subject.closure_reason, case.status) == (SubjectStage.CLOSED, "no_case_to_answer", "closed")


@pytest.mark.parametrize(
    "stage,action",
    [
        (SubjectStage.RECEIVED, "report"),
        (SubjectStage.RECEIVED, "decide"),
        (SubjectStage.RECEIVED, "notice"),
        (SubjectStage.ASSESSED, "decide"),
        (SubjectStage.AWAITING_DECISION, "severity"),
        (SubjectStage.REFERRED, "decide"),
        (SubjectStage.REFERRED, "appeal"),
        (SubjectStage.OUTCOME_RECORDED, "severity"),
        (SubjectStage.RPRP, "decide"),
        (SubjectStage.CLOSED, "severity"),
        (SubjectStage.CLOSED, "appeal"),
        (SubjectStage.UNDER_APPEAL, "finalise"),
    ],
)
def test_illegal_steps_are_refused_with_a_clear_message(people, matter, stage, action):
    case, subject = matter()
    CaseSubject.objects.filter(pk=subject.pk).update(stage=stage, severity="misconduct", forum="meeting")
    subject = CaseSubject.objects.get(pk=subject.pk)
    aa = people["authority"]
    calls = {
        "report": lambda: investigation_report_submit(actor=aa, case=case, summary="x"),
        "decide": lambda: case_to_answer_decide(
            actor=aa, subject=subject, case_to_answer=True, route="meeting", rationale="x"
        ),
        "notice": lambda: reg17_notice_serve(actor=aa, subject=subject, served_on=date(2026, 3, 3)),
        "severity": lambda: severity_assess(
            actor=aa, subject=subject, severity="misconduct", likely_forum="meeting", rationale="x"
        ),
        "appeal": lambda: appeal_lodge(
            actor=aa, subject=subject, body="internal", lodged_on=date(2026, 3, 3), grounds="x"
        ),
        "finalise": lambda: outcome_finalise(actor=aa, subject=subject, reason="x"),
    }
    with pytest.raises(ValidationError) as refused:
        calls[action]()
    message = " ".join(refused.value.messages)
    assert "not possible" in message or "once" in message or "Only" in message or "No subject" in message
    assert CaseSubject.objects.get(pk=subject.pk).stage == stage


def _referred(people, matter, severity, forum, person=None):
    case, subject = matter(person=person)
    subject = _to_decision(people, subject, severity=severity, forum=forum)
    case_to_answer_decide(
        actor=people["authority"], subject=subject, case_to_answer=True, route=forum, rationale="Case to answer"
    )
    subject.refresh_from_db()
    return proceeding_schedule(
        actor=people["hearings"], subject=subject, scheduled_for=date(2026, 9, 1), panel=[("chair", "Chair")]
    )


def test_a_meeting_cannot_dismiss(people, matter):
    proceeding = _referred(people, matter, "misconduct", "meeting")
    with pytest.raises(ValidationError, match="cannot give dismissal without notice"):
        outcome_record(
            actor=people["hearings"],
            proceeding=proceeding,
            finding="misconduct",
            outcome="dismissal_without_notice",
            reasons="x",
        )
    outcome_record(
        actor=people["hearings"],
        proceeding=proceeding,
        finding="misconduct",
        outcome="final_written_warning",
        reasons="x",
        decided_on=date(2026, 9, 1),
    )


def test_reduction_in_rank_at_a_misconduct_hearing_needs_a_live_final_written_warning(people, matter):
    first = _referred(people, matter, "misconduct", "hearing")
    with pytest.raises(ValidationError, match="needs a live final written warning"):
        outcome_record(
            actor=people["hearings"],
            proceeding=first,
            finding="misconduct",
            outcome="reduction_in_rank",
            reasons="x",
            decided_on=date(2026, 9, 1),
        )
    outcome_record(
        actor=people["hearings"],
        proceeding=first,
        finding="misconduct",
        outcome="final_written_warning",
        reasons="x",
        decided_on=date(2026, 9, 1),
    )
    # a second matter for the same officer while the warning is live
    second = _referred(people, matter, "misconduct", "hearing", person=first.subject.person)
    outcome_record(
        actor=people["hearings"],
        proceeding=second,
        finding="misconduct",
        outcome="reduction_in_rank",
        reasons="x",
        decided_on=date(2026, 10, 1),
    )


def test_several_unconnected_matters_allow_dismissal_for_misconduct(people, matter):
    proceeding = _referred(people, matter, "misconduct", "hearing")
    proceeding.several_unconnected_matters = True
    proceeding.save()
    outcome_record(
        actor=people["hearings"],
        proceeding=proceeding,
        finding="misconduct",
        outcome="dismissal_without_notice",
        reasons="x",
    )


def test_changing_the_reg42_table_is_a_data_change(people, matter):
    from hearings.models import OutcomeRule

    proceeding = _referred(people, matter, "misconduct", "meeting")
    with pytest.raises(ValidationError):
        outcome_record(
            actor=people["hearings"],
            proceeding=proceeding,
            finding="misconduct",
            outcome="management_advice",
            reasons="x",
        )
    OutcomeRule.objects.filter(forum="meeting", outcome="management_advice").update(active=True)
    outcome_record(
        actor=people["hearings"], proceeding=proceeding, finding="misconduct", outcome="management_advice", reasons="x"
    )


def test_reg17_notice_pdf_contains_what_the_regulation_requires(people, matter):
    case, subject = matter()
    subject = _to_decision(people, subject)
    notice = subject.reg17_notices.get()
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(bytes(notice.pdf))).pages)
    text = " ".join(text.split())
    for required in [
        case.reference,
        subject.person.staff_number,
        "Searched police systems for a former partner",  # the conduct
        "1 Honesty and integrity",  # the standard it may breach
        "7 Confidentiality",
        "being investigated",
        "Ivy Investigator",  # by whom
        "Gross misconduct",  # severity assessment
        "Misconduct hearing",  # likely forum
        "right to seek advice",
        "barred list",  # gross misconduct consequence
        "7 April 2026",  # reg 18: 10 working days after Friday 20 March, skipping Good Friday and Easter Monday
    ]:
        assert required in text, required
    assert notice.response_due_on == date(2026, 4, 7)


def test_working_days_skip_weekends_and_england_and_wales_bank_holidays():
    assert not is_working_day(date(2026, 12, 25)) and not is_working_day(date(2026, 12, 28))  # Boxing Day observed
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)  # Good Friday and Easter Monday


def test_a_case_twelve_months_old_gets_a_reg19_draft_with_every_field(people, matter):
    case, subject = matter(received=date(2025, 10, 1))
    _to_decision(people, subject)
    assert reg19_drafts_make(today=date(2026, 9, 30)) == 0
    assert reg19_drafts_make(today=date(2026, 10, 1)) == 1
    report = case.reg19_reports.get()
    assert (report.period_number, report.due_on, report.attention_date) == (1, date(2026, 10, 1), date(2025, 10, 1))
    assert report.reg17_notice_date == date(2026, 3, 20)
    assert "Awaiting case-to-answer decision" in report.progress
    assert reg19_drafts_make(today=date(2026, 10, 2)) == 0  # idempotent
    assert reg19_drafts_make(today=date(2027, 4, 1)) == 1  # then every 6 months
    assert case.reg19_reports.get(period_number=2).due_on == date(2027, 4, 1)


def test_iopc_grounds_are_prompted_by_the_allegation_facts(matter):
    case, _ = matter(category="sexual_misconduct")
    assert [g.code for g in iopc_grounds_prompted(case=case)] == ["serious_sexual_offence"]
    case2, _ = matter(category="data_misuse")
    assert iopc_grounds_prompted(case=case2) == []
    case3, _ = matter(category="neglect_of_duty", death_or_serious_injury=True)
    assert [g.code for g in iopc_grounds_prompted(case=case3)] == ["death_or_serious_injury"]


def test_a_subject_who_leaves_under_investigation_goes_to_the_advisory_list(people, matter):
    case, subject = matter()
    severity_assess(
        actor=people["authority"], subject=subject, severity="gross_misconduct", likely_forum="hearing", rationale="x"
    )
    subject.refresh_from_db()
    subject_left_force(actor=people["authority"], subject=subject, left_on=date(2026, 5, 1), reason="Resigned")
    assert ListReferral.objects.get(subject=subject).kind == "advisory"


def test_reassessment_is_kept_in_history(people, matter):
    case, subject = matter()
    severity_assess(
        actor=people["authority"],
        subject=subject,
        severity="misconduct",
        likely_forum="meeting",
        rationale="first view",
    )
    subject.refresh_from_db()
    severity_assess(
        actor=people["authority"],
        subject=subject,
        severity="gross_misconduct",
        likely_forum="hearing",
        rationale="new evidence",
    )
    subject.refresh_from_db()
    assert subject.severity == "gross_misconduct"
    assert [a.severity for a in subject.severity_assessments.order_by("created_at")] == [
        "misconduct",
        "gross_misconduct",
    ]
    assert StageTransition.objects.filter(subject=subject, event="severity_reassessed", reason="new evidence").exists()


def test_decisions_need_reasons(people, matter):
    case, subject = matter()
    with pytest.raises(ValidationError, match="Give the reasons"):
        severity_assess(
            actor=people["authority"], subject=subject, severity="misconduct", likely_forum="meeting", rationale="  "
        )
