"""Two people acting on one subject at the same instant: one winner, one clear message.

Each race releases real threads together (threading.Barrier); each thread has its own database
connection, loads what it acts on as a request would, waits at the barrier, then calls the
service. Every step and decision of the pipeline is raced; all races run in one test so the
transactional database is flushed once.
"""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from cases import services
from cases.choices import SubjectStage
from cases.models import (
    Case,
    CaseSubject,
    CaseToAnswerDecision,
    InvestigationReport,
    Reg17Notice,
    SeverityAssessment,
    StageTransition,
)
from hearings import services as hearings
from hearings.models import Appeal, Proceeding, ProceedingOutcome
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def race(*actions):
    """Run each action in its own thread; each gets `go` to call once it has loaded its objects.
    Returns [(kind, value)] with kind 'won', 'refused' (ValidationError) or 'error'."""
    barrier = threading.Barrier(len(actions), timeout=20)
    results = [None] * len(actions)

    def run(i, action):
        try:
            results[i] = ("won", action(barrier.wait))
        except ValidationError as error:
            results[i] = ("refused", " ".join(error.messages))
        except Exception as error:  # anything else is a 500 for the user
            results[i] = ("error", repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


@pytest.fixture(autouse=True)
def _no_leftover_rescores():
    """Committed steps enqueue re-scores (no worker runs here): drop them afterwards, so a later
    test's real worker does not spend its time on cases this test's flush has removed."""
    yield
    from misconduct.celery import app

    with app.connection_for_write() as conn:
        for queue in ("interactive", "default"):
            try:
                conn.default_channel.queue_purge(queue)
            except Exception:  # noqa: S110 - the queue may not exist yet
                pass


@pytest.fixture
def staff(matter):
    return {
        "inv": UserFactory(role="investigator", first_name="Ivy", last_name="One"),
        "inv2": UserFactory(role="investigator", first_name="Ian", last_name="Two"),
        "aa": UserFactory(role="appropriate_authority", first_name="Ada", last_name="One"),
        "aa2": UserFactory(role="appropriate_authority", first_name="Abe", last_name="Two"),
        "ho": UserFactory(role="hearings_officer", first_name="Hal", last_name="One"),
        "ho2": UserFactory(role="hearings_officer", first_name="Hope", last_name="Two"),
    }


def _fresh(pk):
    return CaseSubject.objects.select_related("case", "person").get(pk=pk)


def test_every_step_raced_by_two_people_has_exactly_one_winner(matter, staff):
    s = staff

    def at(stage):
        """A new subject advanced through the services to `stage`."""
        case, subject = matter()
        services.severity_assess(
            actor=s["aa"], subject=subject, severity="gross_misconduct", likely_forum="hearing", rationale="Serious"
        )
        if stage == SubjectStage.ASSESSED:
            return subject
        services.investigator_appoint(actor=s["aa"], case=case, investigator=s["inv"], reason="Free")
        subject = _fresh(subject.pk)
        if stage == "unserved":
            return subject
        services.reg17_notice_serve(actor=s["inv"], subject=subject, served_on=date(2026, 3, 20))
        if stage == SubjectStage.UNDER_INVESTIGATION:
            return subject
        services.investigation_report_submit(actor=s["inv"], case=case, summary="Findings")
        subject = _fresh(subject.pk)
        if stage == SubjectStage.AWAITING_DECISION:
            return subject
        services.case_to_answer_decide(
            actor=s["aa"], subject=subject, case_to_answer=True, route="hearing", rationale="Case to answer"
        )
        subject = _fresh(subject.pk)
        hearings.proceeding_schedule(
            actor=s["ho"], subject=subject, scheduled_for=date(2026, 9, 1), panel=[("chair", "Chair")]
        )
        if stage == "scheduled":
            return _fresh(subject.pk)
        hearings.outcome_record(
            actor=s["ho"],
            proceeding=Proceeding.objects.get(subject=subject),
            finding="gross_misconduct",
            outcome="final_written_warning",
            reasons="Proven",
            decided_on=date(2026, 9, 1),
            exceptional_circumstances="Exceptional mitigation (SI 2025/558)",
        )
        subject = _fresh(subject.pk)
        if stage == SubjectStage.OUTCOME_RECORDED:
            return subject
        hearings.appeal_lodge(actor=s["ho"], subject=subject, body="pat", lodged_on=date(2026, 9, 10), grounds="Harsh")
        return _fresh(subject.pk)

    def severity(actor, severity, forum):
        def act(go, pk):
            subject = _fresh(pk)
            go()
            return services.severity_assess(
                actor=actor, subject=subject, severity=severity, likely_forum=forum, rationale="First look"
            )

        return act

    def appoint(investigator):
        def act(go, pk):
            case = _fresh(pk).case
            go()
            return services.investigator_appoint(actor=s["aa"], case=case, investigator=investigator, reason="Free")

        return act

    def serve(actor):
        def act(go, pk):
            subject = _fresh(pk)
            go()
            return services.reg17_notice_serve(actor=actor, subject=subject, served_on=date(2026, 3, 20))

        return act

    def report(actor):
        def act(go, pk):
            case = _fresh(pk).case
            go()
            return services.investigation_report_submit(actor=actor, case=case, summary="Findings")

        return act

    def decide(actor, case_to_answer, route):
        def act(go, pk):
            subject = _fresh(pk)
            go()
            return services.case_to_answer_decide(
                actor=actor, subject=subject, case_to_answer=case_to_answer, route=route, rationale="Decided"
            )

        return act

    def schedule(actor):
        def act(go, pk):
            subject = _fresh(pk)
            go()
            return hearings.proceeding_schedule(
                actor=actor, subject=subject, scheduled_for=date(2026, 9, 1), panel=[("chair", "Chair")]
            )

        return act

    def outcome(actor, result):
        def act(go, pk):
            proceeding = Proceeding.objects.select_related("subject__person", "subject__case").get(subject_id=pk)
            go()
            return hearings.outcome_record(
                actor=actor,
                proceeding=proceeding,
                finding="gross_misconduct",
                outcome=result,
                reasons="Proven",
                decided_on=date(2026, 9, 1),
                exceptional_circumstances="Exceptional mitigation (SI 2025/558)",
            )

        return act

    def appeal(actor):
        def act(go, pk):
            subject = _fresh(pk)
            go()
            return hearings.appeal_lodge(
                actor=actor, subject=subject, body="pat", lodged_on=date(2026, 9, 10), grounds="Harsh"
            )

        return act

    def finalise(actor):
        def act(go, pk):
            subject = _fresh(pk)
            go()
            return hearings.outcome_finalise(actor=actor, subject=subject, reason="No appeal")

        return act

    def appeal_decide(actor, result):
        def act(go, pk):
            appeal = Appeal.objects.select_related("subject__person", "subject__case").get(subject_id=pk)
            go()
            return hearings.appeal_decide(
                actor=actor, appeal=appeal, result=result, decided_on=date(2026, 10, 1), reasons="Decided"
            )

        return act

    def left(actor):
        def act(go, pk):
            subject = _fresh(pk)
            go()
            return hearings.subject_left_force(actor=actor, subject=subject, left_on=date(2026, 5, 1), reason="Left")

        return act

    def notice(actor):
        def act(go, pk):
            result = ProceedingOutcome.objects.select_related("proceeding__subject__person").get(
                proceeding__subject_id=pk
            )
            go()
            return hearings.outcome_notice_give(actor=actor, outcome=result, given_on=date(2026, 9, 2), method="post")

        return act

    def response(actor):
        def act(go, pk):
            subject = _fresh(pk)
            go()
            return services.reg18_response_record(actor=actor, subject=subject, received_on=date(2026, 3, 25))

        return act

    races = {
        "first severity assessment": (
            SubjectStage.RECEIVED,
            severity(s["aa"], "gross_misconduct", "hearing"),
            severity(s["aa2"], "misconduct", "meeting"),
            lambda pk: SeverityAssessment.objects.filter(subject_id=pk).count() == 1,
        ),
        "appoint the investigator": (
            SubjectStage.ASSESSED,
            appoint(s["inv"]),
            appoint(s["inv2"]),
            lambda pk: StageTransition.objects.filter(subject_id=pk, event="investigator_appointed").count() == 1,
        ),
        "serve the reg 17 notice": (
            "unserved",
            serve(s["inv"]),
            serve(s["inv2"]),
            lambda pk: Reg17Notice.objects.filter(subject_id=pk).count() == 1,
        ),
        "submit the investigation report": (
            SubjectStage.UNDER_INVESTIGATION,
            report(s["inv"]),
            report(s["inv2"]),
            lambda pk: InvestigationReport.objects.filter(case__case_subjects=pk).count() == 1,
        ),
        "case to answer (hearing) against no case to answer": (
            SubjectStage.AWAITING_DECISION,
            decide(s["aa"], True, "hearing"),
            decide(s["aa2"], False, "no_further_action"),
            lambda pk: (
                CaseToAnswerDecision.objects.filter(subject_id=pk).count() == 1
                and (_fresh(pk).stage == SubjectStage.CLOSED) == (Case.objects.get(case_subjects=pk).status == "closed")
            ),
        ),
        "book the hearing": (
            SubjectStage.REFERRED,
            schedule(s["ho"]),
            schedule(s["ho2"]),
            lambda pk: Proceeding.objects.filter(subject_id=pk).count() == 1,
        ),
        "record the outcome": (
            "scheduled",
            outcome(s["ho"], "final_written_warning"),
            outcome(s["ho2"], "dismissal_without_notice"),
            lambda pk: ProceedingOutcome.objects.filter(proceeding__subject_id=pk).count() == 1,
        ),
        "give the outcome notice": (
            SubjectStage.OUTCOME_RECORDED,
            notice(s["ho"]),
            notice(s["ho2"]),
            lambda pk: StageTransition.objects.filter(subject_id=pk, event="outcome_notified").count() == 1,
        ),
        "record the reg 18 response": (
            SubjectStage.UNDER_INVESTIGATION,
            response(s["inv"]),
            response(s["inv2"]),
            lambda pk: StageTransition.objects.filter(subject_id=pk, event="written_response_received").count() == 1,
        ),
        "appeal against finalise": (
            SubjectStage.OUTCOME_RECORDED,
            appeal(s["ho"]),
            finalise(s["ho2"]),
            lambda pk: (_fresh(pk).stage == SubjectStage.CLOSED) != Appeal.objects.filter(subject_id=pk).exists(),
        ),
        "decide the appeal": (
            SubjectStage.UNDER_APPEAL,
            appeal_decide(s["ho"], "dismissed"),
            appeal_decide(s["ho2"], "allowed"),
            lambda pk: StageTransition.objects.filter(subject_id=pk, event="appeal_decided").count() == 1,
        ),
        "record that the subject left": (
            SubjectStage.UNDER_INVESTIGATION,
            left(s["inv"]),
            left(s["aa"]),
            lambda pk: StageTransition.objects.filter(subject_id=pk, event="subject_left_force").count() == 1,
        ),
    }
    failures = []
    for name, (stage, first, second, consistent) in races.items():
        if stage == SubjectStage.RECEIVED:
            subject = matter()[1]
        elif stage == SubjectStage.REFERRED:
            subject = at(SubjectStage.AWAITING_DECISION)
            services.case_to_answer_decide(
                actor=s["aa"], subject=subject, case_to_answer=True, route="hearing", rationale="Case to answer"
            )
        else:
            subject = at(stage)
        pk = subject.pk
        results = race(lambda go, f=first: f(go, pk), lambda go, f=second: f(go, pk))
        kinds = sorted(kind for kind, _ in results)
        refusals = [value for kind, value in results if kind == "refused"]
        if kinds != ["refused", "won"]:
            failures.append(f"{name}: {results}")
        elif not any(w in refusals[0] for w in ("already", "no longer")):
            failures.append(f"{name}: unclear refusal {refusals[0]!r}")
        elif not consistent(pk):
            failures.append(f"{name}: inconsistent records after the race")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db(transaction=False)
def test_a_double_submission_is_refused_with_who_and_when_page_and_api(matter, staff):
    from tests.conftest import quick_sign_in

    case, subject = matter()
    services.severity_assess(
        actor=staff["aa"], subject=subject, severity="misconduct", likely_forum="meeting", rationale="Serious"
    )
    services.investigator_appoint(actor=staff["aa"], case=case, investigator=staff["inv"], reason="Free")
    client = quick_sign_in(staff["inv"])
    url = f"/api/cases/{case.reference}/subjects/{subject.public_id}/steps/reg17/"
    first = client.post(url, {"served_on": "2026-03-20"}, content_type="application/json")
    assert first.status_code == 200, first.content
    again = client.post(url, {"served_on": "2026-03-20"}, content_type="application/json")
    assert again.status_code == 409
    assert "already recorded by Ivy One at" in again.json()["non_field_errors"][0]
    page = client.post(f"/cases/{case.reference}/subjects/{subject.public_id}/reg17/", {"served_on": "2026-03-20"})
    assert page.status_code == 400 and b"already recorded by Ivy One at" in page.content
    assert Reg17Notice.objects.filter(subject=subject).count() == 1
    # severity: the same assessment submitted twice is recorded once
    with pytest.raises(ValidationError, match="already recorded by Ada One"):
        services.severity_assess(
            actor=staff["aa"],
            subject=_fresh(subject.pk),
            severity="misconduct",
            likely_forum="meeting",
            rationale="Serious",
        )
