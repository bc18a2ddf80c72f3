"""SI 2025/558 (in force 28 May 2025), each rule applied to a matter on either side of the date:
the 2020 rules for a matter that came to attention before it, the new rules after."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from cases import dismissals, services
from cases.extensions import vetting_referral_register
from cases.models import CaseSubject, Conviction, FormerOfficerForum, VettingReferral
from core.notice_service import deemed_service_date
from core.working_days import add_working_days
from hearings import services as hearings
from hearings.models import ProceedingOutcome
from tests.conftest import quick_sign_in

from .conftest import AFTER, BEFORE, SIDES

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_vetting_app():
    """As if the vetting app had registered no `vetting_referral` hook (restored afterwards)."""
    from cases import extensions

    saved = dict(extensions._vetting_referral)
    extensions._vetting_referral.clear()
    yield
    extensions._vetting_referral.clear()
    extensions._vetting_referral.update(saved)


def _hearing(people, subject, on):
    return hearings.proceeding_schedule(
        actor=people["hearings"], subject=subject, scheduled_for=on, panel=[("chair", "Chief Superintendent Chair")]
    )


def _pdf_text(data: bytes) -> str:
    import io

    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(bytes(data))).pages)


# ------------------------------------------------------------------ a. presumption of dismissal


@pytest.mark.parametrize("received,version", SIDES)
def test_a_final_written_warning_for_gross_misconduct_needs_exceptional_circumstances_only_under_the_new_rules(
    people, referred, received, version
):
    case, subject = referred(received)
    proceeding = _hearing(people, subject, date(2025, 11, 3))
    attempt = dict(
        proceeding=proceeding,
        finding="gross_misconduct",
        outcome="final_written_warning",
        reasons="Proven on the evidence",
        decided_on=date(2025, 11, 3),
    )
    if version == "si-2025-558":
        with pytest.raises(ValidationError) as refused:
            hearings.outcome_record(actor=people["hearings"], **attempt)
        message = refused.value.message_dict["exceptional_circumstances"][0]
        assert "dismissal without notice unless exceptional circumstances" in message
        assert not ProceedingOutcome.objects.exists()
        outcome = hearings.outcome_record(
            actor=people["hearings"],
            exceptional_circumstances="Twenty years' exemplary service; acute illness.",
            **attempt,
        )
        assert outcome.exceptional_circumstances.startswith("Twenty years")
    else:  # the 2020 reg 42 choice: no reasons needed beyond the outcome's reasons
        outcome = hearings.outcome_record(actor=people["hearings"], **attempt)
        assert outcome.exceptional_circumstances == ""
    assert outcome.rule_version.rule == "gross_misconduct_outcome" and outcome.rule_version.version == version


@pytest.mark.parametrize("received,version", SIDES)
def test_dismissal_for_gross_misconduct_needs_no_exceptional_circumstances(people, referred, received, version):
    _, subject = referred(received)
    proceeding = _hearing(people, subject, date(2025, 11, 3))
    outcome = hearings.outcome_record(
        actor=people["hearings"],
        proceeding=proceeding,
        finding="gross_misconduct",
        outcome="dismissal_without_notice",
        reasons="Proven",
        decided_on=date(2025, 11, 3),
        exceptional_circumstances="Ignored: dismissal is the presumption",
    )
    assert outcome.exceptional_circumstances == "" and outcome.rule_version.version == version


def test_the_api_and_the_page_refuse_a_lesser_outcome_without_reasons_naming_the_field(people, referred):
    case, subject = referred(AFTER)
    _hearing(people, subject, date(2025, 11, 3))
    client = quick_sign_in(people["hearings"])
    data = {
        "finding": "gross_misconduct",
        "outcome": "reduction_in_rank",
        "reasons": "Proven",
        "decided_on": "2025-11-03",
    }
    url = f"/api/cases/{case.reference}/subjects/{subject.public_id}/steps/outcome/"
    api = client.post(url, data, content_type="application/json")
    assert api.status_code == 400
    assert "exceptional circumstances" in api.json()["exceptional_circumstances"][0]
    page = client.post(f"/cases/{case.reference}/subjects/{subject.public_id}/outcome/", data)
    assert page.status_code == 400 and b"exceptional circumstances" in page.content
    assert b'data-version="si-2025-558"' in page.content  # the decision page shows the rules it applies
    data["exceptional_circumstances"] = "Provoked by a sustained campaign of harassment."
    answer = client.post(url, data, content_type="application/json")
    assert answer.status_code == 200
    [recorded] = answer.json()["dismissals"][0]["outcomes"]
    assert recorded["exceptional_circumstances"].startswith("Provoked")
    assert recorded["rule_version"] == {
        "rule": "gross_misconduct_outcome",
        "version": "si-2025-558",
        "instrument": "SI 2025/558",
    }
    outcome = ProceedingOutcome.objects.get()
    assert outcome.outcome == "reduction_in_rank" and outcome.rule_version.version == "si-2025-558"


def test_the_outcome_notice_states_the_exceptional_circumstances(people, referred):
    _, subject = referred(AFTER)
    proceeding = _hearing(people, subject, date(2025, 11, 3))
    outcome = hearings.outcome_record(
        actor=people["hearings"],
        proceeding=proceeding,
        finding="gross_misconduct",
        outcome="final_written_warning",
        reasons="Proven",
        decided_on=date(2025, 11, 3),
        exceptional_circumstances="Acute mental health crisis, since treated.",
    )
    hearings.outcome_notice_give(actor=people["hearings"], outcome=outcome, given_on=date(2025, 11, 4))
    text = _pdf_text(ProceedingOutcome.objects.get(pk=outcome.pk).notice_pdf)
    assert "Exceptional circumstances" in text and "Acute mental health crisis" in text


# ------------------------------------------------------------------ b. indictable-only conviction


@pytest.mark.parametrize("received,version", SIDES)
def test_an_indictable_only_conviction_is_gross_misconduct_by_definition_under_the_new_rules(
    people, matter, received, version
):
    _, subject = matter(received)
    conviction = dismissals.conviction_record(
        actor=people["authority"],
        subject=subject,
        offence="Robbery",
        indictable_only=True,
        convicted_on=date(2025, 9, 1),
    )
    assert conviction.rule_version.version == version
    subject = CaseSubject.objects.get(pk=subject.pk)
    assess = dict(
        actor=people["authority"], subject=subject, severity="misconduct", likely_forum="meeting", rationale="x"
    )
    if version == "si-2025-558":
        with pytest.raises(ValidationError) as refused:
            services.severity_assess(**assess)
        assert "gross misconduct by definition" in refused.value.message_dict["severity"][0]
        services.severity_assess(**{**assess, "severity": "gross_misconduct", "likely_forum": "hearing"})
    else:
        services.severity_assess(**assess)
    assert CaseSubject.objects.get(pk=subject.pk).severity == (
        "gross_misconduct" if version != "2020" else "misconduct"
    )


def test_an_either_way_conviction_leaves_the_severity_to_the_assessment(people, matter):
    _, subject = matter(AFTER)
    dismissals.conviction_record(
        actor=people["authority"],
        subject=subject,
        offence="Theft",
        indictable_only=False,
        convicted_on=date(2025, 9, 1),
    )
    services.severity_assess(
        actor=people["authority"],
        subject=CaseSubject.objects.get(pk=subject.pk),
        severity="misconduct",
        likely_forum="meeting",
        rationale="Low value",
    )
    assert Conviction.objects.get().indictable_only is False


def test_a_conviction_in_the_future_or_without_an_offence_is_refused_by_the_api(people, matter):
    case, subject = matter(AFTER)
    client = quick_sign_in(people["authority"])
    url = f"/api/cases/{case.reference}/subjects/{subject.public_id}/steps/conviction/"
    api = client.post(
        url,
        {"offence": "Robbery", "indictable_only": "yes", "convicted_on": "2099-01-01"},
        content_type="application/json",
    )
    assert api.status_code == 400 and "future" in api.json()["convicted_on"][0]
    assert not Conviction.objects.exists()


# ------------------------------------------------------------------ c. refer under the Vetting Regulations


@pytest.mark.parametrize("received,version", SIDES)
def test_severity_assessment_may_refer_under_the_vetting_regulations_only_under_the_new_rules(
    people, matter, received, version, no_vetting_app
):
    case, subject = matter(received)
    client = quick_sign_in(people["authority"])
    url = f"/api/cases/{case.reference}/subjects/{subject.public_id}/steps/vetting-referral/"
    data = {"reason": "Integrity concerns better dealt with by vetting", "referred_on": "2025-09-01"}
    api = client.post(url, data, content_type="application/json")
    subject = CaseSubject.objects.get(pk=subject.pk)
    if version == "2020":  # the step is not offered; the service says why
        assert api.status_code == 400 and "not possible" in api.json()["non_field_errors"][0]
        with pytest.raises(ValidationError) as refused:
            dismissals.vetting_referral_make(actor=people["authority"], subject=subject, reason="x")
        assert "in force 28 May 2025" in refused.value.message_dict["reason"][0]
        assert subject.stage == "received" and not VettingReferral.objects.exists()
        return
    assert api.status_code == 200, api.content
    referral = VettingReferral.objects.get()
    assert referral.status == "awaiting_vetting_authority" and referral.rule_version.version == version
    assert subject.stage == "closed" and subject.closure_reason == "vetting_referral"
    page = client.get(f"/cases/{case.reference}/")
    assert b"Awaiting the vetting authority" in page.content


def test_the_vetting_app_starts_its_case_through_the_hook(people, matter, no_vetting_app):
    started = []

    def start(subject, actor, reason):
        started.append((subject.pk, actor.pk, reason))
        return "VW-2025-0001"

    vetting_referral_register(start)
    _, subject = matter(AFTER)
    referral = dismissals.vetting_referral_make(actor=people["authority"], subject=subject, reason="Dishonesty")
    assert started == [(subject.pk, people["authority"].pk, "Dishonesty")]
    assert referral.status == "started" and referral.vetting_reference == "VW-2025-0001"


def test_police_staff_are_not_referred_under_the_vetting_regulations(people, matter, no_vetting_app):
    case, subject = matter(AFTER, rank="Band D", person_type="staff")
    with pytest.raises(ValidationError) as refused:
        dismissals.vetting_referral_make(actor=people["authority"], subject=subject, reason="x")
    assert "police officers" in refused.value.message_dict["reason"][0]
    page = quick_sign_in(people["authority"]).get(f"/cases/{case.reference}/")
    assert b"step-vetting-referral" not in page.content


# ------------------------------------------------------------------ d. former officers


@pytest.mark.parametrize(
    "received,decided_on,version",
    [
        pytest.param(BEFORE, date(2025, 5, 1), "2020", id="referred-before-28-May-2025"),
        pytest.param(AFTER, date(2025, 9, 1), "si-2025-558", id="referred-after"),
    ],
)
def test_a_former_officer_is_presumed_to_go_to_an_accelerated_hearing_under_the_new_rules(
    people, awaiting_decision, received, decided_on, version
):
    case, subject = awaiting_decision(received)
    hearings.subject_left_force(actor=people["authority"], subject=subject, left_on=received, reason="Resigned")
    subject = CaseSubject.objects.get(pk=subject.pk)
    decide = dict(
        actor=people["authority"],
        subject=subject,
        case_to_answer=True,
        route="hearing",
        rationale="Case to answer",
        decided_on=decided_on,
    )
    if version == "si-2025-558":
        with pytest.raises(ValidationError) as refused:
            services.case_to_answer_decide(**decide)
        assert "presumed to go to an accelerated hearing" in refused.value.message_dict["former_officer_forum"][0]
        with pytest.raises(ValidationError) as no_reasons:
            services.case_to_answer_decide(**decide, former_officer_forum="opted_out")
        assert "former_officer_reasons" in no_reasons.value.message_dict
        services.case_to_answer_decide(
            **decide, former_officer_forum="opted_out", former_officer_reasons="Wants to call witnesses in person"
        )
        forum = FormerOfficerForum.objects.get()
        assert forum.route == "opted_out" and forum.rule_version.version == version
    else:
        services.case_to_answer_decide(**decide)
        assert not FormerOfficerForum.objects.exists()
    assert CaseSubject.objects.get(pk=subject.pk).forum == "hearing"


def test_a_former_officer_sent_to_an_accelerated_hearing_records_the_presumption(people, awaiting_decision):
    case, subject = awaiting_decision(AFTER)
    hearings.subject_left_force(actor=people["authority"], subject=subject, left_on=AFTER, reason="Retired")
    client = quick_sign_in(people["authority"])
    page = client.get(f"/cases/{case.reference}/subjects/{subject.public_id}/decision/")
    assert b'data-rule="former_officer_forum"' in page.content and b'data-version="si-2025-558"' in page.content
    url = f"/api/cases/{case.reference}/subjects/{subject.public_id}/steps/decision/"
    data = {"case_to_answer": "yes", "route": "hearing", "rationale": "Case to answer", "decided_on": "2025-09-01"}
    api = client.post(url, data, content_type="application/json")
    assert api.status_code == 400 and "accelerated hearing" in api.json()["former_officer_forum"][0]
    api = client.post(url, {**data, "route": "accelerated_hearing"}, content_type="application/json")
    assert api.status_code == 200, api.content
    assert FormerOfficerForum.objects.get().route == "accelerated"


# ------------------------------------------------------------------ e. notices by e-mail: deemed service


def test_deemed_service_is_the_second_working_day_after_sending_skipping_bank_holidays():
    # Thursday 24 December 2026: Friday is Christmas Day, Monday 28 the Boxing Day substitute
    assert deemed_service_date(date(2026, 12, 24), "email", email_deemed_working_days=2) == date(2026, 12, 30)
    assert deemed_service_date(date(2026, 12, 24), "in_person", email_deemed_working_days=2) == date(2026, 12, 24)
    assert deemed_service_date(date(2026, 12, 24), "email", email_deemed_working_days=0) == date(2026, 12, 24)


@pytest.mark.parametrize("received,version", SIDES)
def test_the_reg18_window_runs_from_the_deemed_day_of_an_emailed_notice(people, matter, received, version):
    case, subject = matter(received)
    aa, inv = people["authority"], people["investigator"]
    services.severity_assess(actor=aa, subject=subject, severity="misconduct", likely_forum="meeting", rationale="x")
    services.investigator_appoint(actor=aa, case=case, investigator=inv, reason="Free")
    sent = date(2025, 10, 3)  # a Friday
    notice = services.reg17_notice_serve(
        actor=inv, subject=CaseSubject.objects.get(pk=subject.pk), served_on=sent, method="email"
    )
    deemed = date(2025, 10, 7) if version == "si-2025-558" else sent
    assert notice.deemed_served_on == deemed
    assert notice.response_due_on == add_working_days(deemed, 10)


@pytest.mark.parametrize("received,version", SIDES)
def test_the_appeal_window_runs_from_the_deemed_day_of_an_emailed_outcome_notice(people, referred, received, version):
    _, subject = referred(received)
    proceeding = _hearing(people, subject, date(2025, 11, 3))
    outcome = hearings.outcome_record(
        actor=people["hearings"],
        proceeding=proceeding,
        finding="gross_misconduct",
        outcome="dismissal_without_notice",
        reasons="Proven",
        decided_on=date(2025, 11, 3),
    )
    sent = date(2025, 11, 7)  # a Friday
    hearings.outcome_notice_give(actor=people["hearings"], outcome=outcome, given_on=sent, method="email")
    outcome.refresh_from_db()
    deemed = date(2025, 11, 11) if version == "si-2025-558" else sent
    assert outcome.notice_deemed_served_on == deemed
    assert outcome.appeal_due_on == add_working_days(deemed, hearings.APPEAL_NOTICE_WORKING_DAYS["pat"])
    assert f"{outcome.appeal_due_on:%-d %B %Y}" in _pdf_text(outcome.notice_pdf)


def test_the_appeal_time_limits_are_those_of_the_regulations():
    # PAT Rules 2020 r.9: 10 working days; Conduct Regulations 2020 reg 45 (meeting appeals): 7
    assert hearings.APPEAL_NOTICE_WORKING_DAYS == {"pat": 10, "internal": 7}


def test_the_queue_shows_the_reg18_response_due_from_the_deemed_day(people, matter):
    import time_machine

    from cases.models import CasePriority
    from cases.priority import priority_score_cases

    case, subject = matter(AFTER)
    aa, inv = people["authority"], people["investigator"]
    services.severity_assess(actor=aa, subject=subject, severity="misconduct", likely_forum="meeting", rationale="x")
    services.investigator_appoint(actor=aa, case=case, investigator=inv, reason="Free")
    notice = services.reg17_notice_serve(
        actor=inv, subject=CaseSubject.objects.get(pk=subject.pk), served_on=date(2025, 10, 3), method="email"
    )
    assert notice.response_due_on == date(2025, 10, 21)  # 10 working days from Tuesday 7 October
    with time_machine.travel(date(2025, 10, 20), tick=False):
        priority_score_cases(case_ids=[case.pk], today=date(2025, 10, 20))
    details = [c["detail"] for c in CasePriority.objects.get(case=case).components]
    assert "reg 18 response due 21 Oct 2025" in details
