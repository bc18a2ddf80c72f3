"""Performance pages: the queue (line managers and the appropriate authority), opening a case,
the case page (deadlines, meetings, appeals, timeline, rules applied), one page per step, and the
notices as PDF. Objects the user may not see answer 404; every read writes an access event."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.choices import Role
from audit.access import get_visible_or_404, log_list_read
from audit.choices import AccessAction
from cases.lifecycle import is_conflict

from . import documents, services
from .choices import OPEN_STATES, MeetingOutcome, MeetingStage, PerformanceKind, PerformanceState
from .forms import (
    AppealDecideForm,
    AppealForm,
    AppointForm,
    AssessForm,
    CaseOpenForm,
    ExtendForm,
    FirstStageForm,
    FirstStageNoticeForm,
    GrossIncompetenceForm,
    MeetingForm,
    WithdrawForm,
)
from .selectors import is_performance_reader, performance_cases_visible_to, reports_of

S = PerformanceState

# step slug -> (title, roles, states it is offered in)
STEPS = {
    "appoint": ("Appoint the appeal manager and senior manager", {Role.APPROPRIATE_AUTHORITY}, OPEN_STATES),
    "first-stage-notice": ("Give notice of a first-stage meeting", None, [S.OPENED]),
    "first-stage": ("Record the first-stage meeting", None, [S.OPENED, S.FIRST_STAGE]),
    "gross-incompetence": ("Refer to a meeting for gross incompetence", {Role.APPROPRIATE_AUTHORITY}, [S.OPENED]),
    "assess": (
        "Assess the improvement at the end of the specified period",
        None,
        [S.FIRST_IMPROVEMENT, S.SECOND_IMPROVEMENT],
    ),
    "extend": ("Extend the specified period", None, [S.FIRST_IMPROVEMENT, S.SECOND_IMPROVEMENT]),
    "meeting": ("Record the meeting", None, [S.SECOND_STAGE, S.THIRD_STAGE]),
    "appeal": ("Record an appeal", None, [S.FIRST_IMPROVEMENT, S.SECOND_IMPROVEMENT, S.CLOSED]),
    "appeal-decide": ("Record the appeal decision", None, OPEN_STATES + [S.CLOSED]),
    "withdraw": ("End the case without an outcome", {Role.APPROPRIATE_AUTHORITY}, OPEN_STATES),
}


def _require_reader(user):
    if not is_performance_reader(user):
        raise Http404


def _visible(request, reference, *, purpose, action=AccessAction.VIEW):
    _require_reader(request.user)
    return get_visible_or_404(
        user=request.user,
        selector=lambda *, user: performance_cases_visible_to(user=user).select_related(
            "officer__unit", "line_manager", "appeal_manager", "senior_manager", "rule_version"
        ),
        lookup={"reference": reference},
        purpose=purpose,
        request=request,
        action=action,
    )


def apply_error(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def steps_for(case, user) -> list[dict]:
    """The steps offered on the case page now (each opens its own page)."""
    offered = []
    pending_appeal = bool(services.pending_appeals(case))
    held = services.last_held_meeting(case)
    for slug, (title, roles, states) in STEPS.items():
        if case.state not in states or (roles and not user.has_role(*roles)):
            continue
        if slug == "first-stage-notice" and case.kind == PerformanceKind.GROSS_INCOMPETENCE:
            continue
        if slug == "first-stage" and case.kind == PerformanceKind.GROSS_INCOMPETENCE:
            continue
        if slug == "gross-incompetence" and case.kind != PerformanceKind.GROSS_INCOMPETENCE:
            continue
        if slug == "meeting" and not services.may_conduct_later_stage(user, case):
            continue
        if slug == "appeal-decide" and not pending_appeal:
            continue
        if slug == "appeal" and (
            held is None or held.outcome in ("", MeetingOutcome.NO_FURTHER_ACTION) or services.appealed(case, held)
            or (held.appeal_due_on and held.appeal_due_on < timezone.localdate())
        ):  # fmt: skip
            continue
        if slug == "appoint" and case.params.get("final_stage") == "third":
            title = "Appoint the senior manager (and the manager who hears first-stage appeals)"
        offered.append({"slug": slug, "title": title})
    return offered


@login_required
def queue(request):
    """Open cases with what is due next, earliest first: the line manager's and the appropriate
    authority's work list."""
    _require_reader(request.user)
    show = request.GET.get("show", "open")
    qs = (
        performance_cases_visible_to(user=request.user)
        .select_related("officer", "rule_version")
        .prefetch_related("meetings", "appeals")
    )
    qs = qs.filter(state__in=OPEN_STATES) if show != "all" else qs
    page = Paginator(qs.order_by("period_ends_on", "created_at", "id"), 25).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    today = timezone.localdate()
    for case in rows:
        due = services.deadlines(case, today)
        case.next_due = due[0] if due else None
        case.overdue = any(d["overdue"] for d in due)
    rows.sort(key=lambda c: (not c.overdue, c.next_due["due"] if c.next_due else today.replace(year=9999)))
    log_list_read(
        user=request.user, objects=rows, purpose="performance queue", request=request, what="performance_case"
    )
    reports = []
    if request.user.person_id and request.user.has_role(Role.SUPERVISOR):
        reports = reports_of(person_id=request.user.person_id)
    return render(
        request,
        "performance/queue.html",
        {
            "page": page,
            "rows": rows,
            "show": show,
            "today": today,
            "can_open": bool(reports) or request.user.has_role(Role.APPROPRIATE_AUTHORITY),
        },
    )


@login_required
def case_new(request):
    _require_reader(request.user)
    form = CaseOpenForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.performance_case_open(
                actor=request.user, officer=data["staff_number"], kind=data["kind"],
                concerns=data["concerns"], attention_date=data["attention_date"],
            )  # fmt: skip
        except ValidationError as error:
            apply_error(form, error)
        else:
            messages.success(request, f"Case {case.reference} opened for {case.officer.display_name}.")
            if case.kind == PerformanceKind.GROSS_INCOMPETENCE:
                return redirect("performance:case", reference=case.reference)
            return redirect("performance:step", reference=case.reference, step="first-stage")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "performance/new.html", {"form": form}, status=status)


@login_required
def case_detail(request, reference):
    case = _visible(request, reference, purpose="performance case")
    meetings = list(case.meetings.select_related("rule_version", "decided_by").prefetch_related("appeals"))
    for meeting in meetings:
        meeting.appeal_to = services.appeal_to(case, meeting.stage)
    return render(
        request,
        "performance/case.html",
        {
            "case": case,
            "deadlines": services.deadlines(case),
            "meetings": meetings,
            "appeals": case.appeals.select_related("meeting", "decided_by", "rule_version"),
            "extensions": case.extensions.select_related("decided_by"),
            "assessments": case.assessments.select_related("decided_by"),
            "events": case.timeline.select_related("actor"),
            "steps": steps_for(case, request.user),
            "today": timezone.localdate(),
        },
    )


def _form_for(step, case, user, data):
    name = user.get_full_name() or user.username
    if step == "first-stage-notice":
        return FirstStageNoticeForm(data)
    if step == "first-stage":
        form = FirstStageForm(
            data, outcomes=services.outcomes_for(case, MeetingStage.FIRST),
            default_outcome=MeetingOutcome.WRITTEN_IMPROVEMENT_NOTICE, conducted_by=name,
        )  # fmt: skip
        meeting = services.open_meeting(case)
        if meeting is not None:
            form.fields["notice_given_on"].initial = meeting.notice_given_on
            form.fields["meeting_on"].initial = meeting.meeting_on
        return form
    if step == "meeting":
        meeting = services.open_meeting(case)
        if meeting is None:
            return None
        outcomes = services.outcomes_for(case, meeting.stage)
        default = next((o for o in outcomes if o != MeetingOutcome.NO_FURTHER_ACTION), None)
        form = MeetingForm(data, outcomes=outcomes, default_outcome=default, conducted_by=name)
        if meeting.meeting_on and meeting.meeting_on <= timezone.localdate():
            form.fields["meeting_on"].initial = meeting.meeting_on
        return form
    if step == "assess":
        return AssessForm(data)
    if step == "extend":
        return ExtendForm(data, current_end=case.period_ends_on)
    if step == "appeal":
        return AppealForm(data)
    if step == "appeal-decide":
        return AppealDecideForm(data)
    if step == "gross-incompetence":
        return GrossIncompetenceForm(data)
    if step == "appoint":
        return AppointForm(data)
    if step == "withdraw":
        return WithdrawForm(data)
    return None


def run_step(step: str, *, actor, case, data: dict):
    """Call the service for a step with validated data; returns the success message."""
    if step == "first-stage-notice":
        services.first_stage_notice_give(actor=actor, case=case, **data)
        return "Notice of the first-stage meeting recorded."
    if step == "first-stage":
        meeting = services.first_stage_meeting_record(actor=actor, case=case, **data)
        return f"First-stage meeting recorded: {meeting.get_outcome_display().lower()}."
    if step == "meeting":
        meeting = services.later_stage_meeting_record(actor=actor, case=case, **data)
        return f"{meeting.get_stage_display()} recorded: {meeting.get_outcome_display().lower()}."
    if step == "assess":
        services.period_assess(actor=actor, case=case, **data)
        return "Assessment recorded."
    if step == "extend":
        services.period_extend(actor=actor, case=case, **data)
        return "Specified period extended."
    if step == "appeal":
        appeal = services.appeal_lodge(actor=actor, case=case, **data)
        return f"Appeal to the {appeal.heard_by} recorded."
    if step == "appeal-decide":
        appeal = next(iter(services.pending_appeals(case)), None)
        if appeal is None:
            raise ValidationError("There is no appeal awaiting a decision.")
        appeal = services.appeal_decide(actor=actor, appeal=appeal, **data)
        return f"Appeal decision recorded: {appeal.get_result_display().lower()}."
    if step == "gross-incompetence":
        services.gross_incompetence_refer(actor=actor, case=case, **data)
        return "Referred to a meeting for gross incompetence."
    if step == "appoint":
        services.managers_appoint(actor=actor, case=case, **data)
        return "Appointments recorded."
    if step == "withdraw":
        services.performance_case_withdraw(actor=actor, case=case, **data)
        return "Case ended."
    raise ValidationError("Unknown step.")


@login_required
def case_step(request, reference, step):
    if step not in STEPS:
        raise Http404
    case = _visible(request, reference, purpose=f"performance step: {step}")
    offered = {s["slug"]: s for s in steps_for(case, request.user)}
    if step not in offered:
        messages.error(request, f"That step is not open on this case now: it is '{case.get_state_display()}'.")
        return redirect("performance:case", reference=case.reference)
    form = _form_for(step, case, request.user, request.POST if request.method == "POST" else None)
    if form is None:
        raise Http404
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                message = run_step(step, actor=request.user, case=case, data=form.cleaned_data)
            except ValidationError as error:
                apply_error(form, error)
                status = 409 if is_conflict(error) else 400
            else:
                messages.success(request, message)
                return redirect("performance:case", reference=case.reference)
        else:
            status = 400
    return render(
        request,
        "performance/step.html",
        {
            "case": case,
            "form": form,
            "step": step,
            "title": offered[step]["title"],
            "meeting": services.open_meeting(case),
        },
        status=status,
    )


@login_required
def meeting_document(request, reference, meeting_id, document):
    if document not in documents.DOCUMENTS:
        raise Http404
    case = _visible(request, reference, purpose=f"performance notice: {document}", action=AccessAction.PRINT)
    meeting = case.meetings.filter(public_id=meeting_id).first()
    if meeting is None:
        raise Http404
    if document == "meeting-notice":
        pdf = documents.meeting_notice_pdf(meeting)
    elif document == "improvement-notice":
        if not meeting.period_ends_on:
            raise Http404
        pdf = documents.improvement_notice_pdf(meeting)
    else:
        if not meeting.outcome:
            raise Http404
        pdf = documents.outcome_pdf(meeting, appeal_to=services.appeal_to(case, meeting.stage))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document}-{case.reference}-{meeting.stage}.pdf"'
    return response
