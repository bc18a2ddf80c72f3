"""The vetting withdrawal pages: the queue (with each case's next deadline), one case (timeline,
deadlines, notices, what may happen next), a page per step, starting a case (by hand, from a
screening hit or from a conduct matter's subject) and the notices as PDF. Vetting officers and the
appropriate authority only, never about themselves or their chain: anyone else gets 404. Every
read writes an access event."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.choices import Role
from audit.choices import AccessAction
from cases.lifecycle import is_conflict

from . import withdrawal_forms as f
from . import withdrawal_services as svc
from .models.withdrawal import InformationSource, WithdrawalNotice
from .selectors import hit_get, record_hit_view, record_list_view
from .withdrawal_rules import deadlines, next_deadline


@dataclass(frozen=True)
class StepDef:
    title: str
    form: type
    service: object
    button: str = "Record"


STEPS: dict[str, StepDef] = {
    "duty": StepDef("Record the duty to notify", f.DutyForm, svc.duty_record),
    "suspension": StepDef("Suspension decision", f.SuspensionForm, svc.suspension_decide),
    "severity": StepDef("Severity assessment", f.SeverityForm, svc.severity_assess),
    "assessor": StepDef(
        "Appoint the assessor and serve the notice", f.AssessorForm, svc.assessor_appoint, "Appoint and serve notice"
    ),
    "withheld": StepDef("Withhold material (harm test)", f.WithheldForm, svc.withheld_add),
    "interview": StepDef("Record the interview", f.InterviewForm, svc.interview_record),
    "decision": StepDef(
        "Decide whether to withdraw clearance", f.DecisionForm, svc.decision_record, "Record the decision"
    ),
    "dismissal": StepDef("Dismiss without notice", f.DismissalForm, svc.dismissal_record, "Record the dismissal"),
    "appeal": StepDef("Lodge an appeal", f.AppealForm, svc.appeal_lodge, "Lodge the appeal"),
    "appeal-decision": StepDef("Record the appeal result", f.AppealDecisionForm, svc.appeal_decide),
    "leaving": StepDef("Record resignation or retirement", f.LeavingForm, svc.leaving_record),
    "close": StepDef("Close the case", f.CloseForm, svc.close_after_appeal_time, "Close the case"),
}


def _require(user):
    if not svc.may_work_withdrawals(user):
        raise Http404


def apply_error(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def run_step(*, actor, case, step: str, form) -> None:
    """Call the step's service with the form's cleaned data (the pages and the API share this)."""
    data = {k: v for k, v in form.cleaned_data.items()}
    seen = data.pop("seen_stage", "")
    if seen and seen != case.stage:
        raise svc.moved_on(case)
    for key, value in list(data.items()):
        if value in (None, "") and key.endswith("_on") and key not in ("interview_on", "left_on"):
            data.pop(key)
    STEPS[step].service(actor=actor, case=case, **data)


@login_required
def withdrawals(request):
    """The vetting withdrawal queue: open cases, most urgent deadline first."""
    _require(request.user)
    qs = (
        svc.withdrawals_visible_to(user=request.user)
        .select_related("person__unit", "rule_version", "assessor")
        .prefetch_related("notices", "appeals")
    )
    filterset = f.WithdrawalFilter(request.GET or None, queryset=qs)
    today = timezone.localdate()
    rows = []
    for case in filterset.qs:
        notices = [n for n in case.notices.all()]
        appeals = list(case.appeals.all())
        rows.append({"case": case, "next": next_deadline(case, notices, appeals)})
    rows.sort(key=lambda r: (r["next"] is None, r["next"].due_on if r["next"] else today, r["case"].reference))
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    record_list_view(
        user=request.user,
        object_type="vetting_withdrawals",
        count=len(shown),
        label="vetting withdrawals: " + ", ".join(r["case"].reference for r in shown),
        purpose="Vetting withdrawal queue",
        request=request,
    )
    return render(
        request,
        "vetting/withdrawals.html",
        {
            "filter": filterset,
            "page": page,
            "rows": shown,
            "today": today,
            "current": "withdrawals",
            "vetting_nav": request.user.has_role(Role.VETTING_OFFICER),
        },
    )


@login_required
def withdrawal_new(request):
    """Start a case: by hand, from a screening hit (?hit=) or from a conduct subject (?subject=)."""
    _require(request.user)
    hit = subject = None
    person = None
    source = ""
    if request.GET.get("hit"):
        hit = hit_get(user=request.user, public_id=request.GET["hit"])
        record_hit_view(user=request.user, hit=hit, purpose="Start vetting withdrawal", request=request)
        person, source = hit.person, InformationSource.SCREENING_HIT
    elif request.GET.get("subject"):
        from cases.models import CaseSubject
        from cases.selectors import cases_visible_to

        visible = cases_visible_to(user=request.user)
        subject = (
            CaseSubject.objects.filter(case__in=visible, public_id=request.GET["subject"])
            .select_related("case", "person")
            .first()
            if _is_uuid(request.GET["subject"])
            else None
        )
        if subject is None:
            raise Http404
        from audit.access import log_read

        log_read(user=request.user, obj=subject.case, purpose="Start vetting withdrawal", request=request)
        person, source = subject.person, InformationSource.CONDUCT_MATTER
    initial = {}
    if hit is not None:
        initial = {
            "information": f"PND {hit.record_label} on {hit.record_date or 'an unknown date'} ({hit.record_id}): {hit.summary}",
            "received_on": timezone.localdate(),
        }
    form = f.StartForm(
        request.POST if request.method == "POST" else None, initial=initial, fixed_person=person, fixed_source=source
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                if subject is not None:
                    case = svc.vetting_referral(subject, request.user, data["reason"])
                else:
                    case = svc.withdrawal_start(
                        actor=request.user,
                        person=person or data["staff_number"],
                        source=source or data["source"],
                        information=data["information"],
                        reason=data["reason"],
                        received_on=data.get("received_on"),
                        source_hit=hit,
                    )
            except ValidationError as error:
                if hasattr(error, "error_dict") and "person" in error.message_dict and "staff_number" in form.fields:
                    form.add_error("staff_number", error.message_dict.pop("person"))
                    error = ValidationError(error.message_dict) if error.message_dict else None
                if error is not None:
                    apply_error(form, error)
            else:
                messages.success(request, f"Vetting withdrawal {case.reference} started.")
                return redirect("vetting:withdrawal", public_id=case.public_id)
        status = 400
    return render(
        request,
        "vetting/withdrawal_new.html",
        {
            "form": form,
            "hit": hit,
            "subject": subject,
            "person": person,
            "current": "withdrawals",
            "vetting_nav": request.user.has_role(Role.VETTING_OFFICER),
        },
        status=status,
    )


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@login_required
def withdrawal_detail(request, public_id):
    _require(request.user)
    case = svc.withdrawal_get(user=request.user, public_id=public_id)
    svc.record_withdrawal_view(user=request.user, case=case, purpose="Vetting withdrawal", request=request)
    today = timezone.localdate()
    notices = list(case.notices.defer("pdf").select_related("served_by"))
    appeals = list(case.appeals.select_related("lodged_by", "decided_by"))
    return render(
        request,
        "vetting/withdrawal.html",
        {
            "case": case,
            "person": case.person,
            "steps": [(name, STEPS[name]) for name in svc.available_steps(case)],
            "deadlines": deadlines(case, notices, appeals),
            "notices": notices,
            "appeals": appeals,
            "withheld": case.withheld.select_related("decided_by"),
            "suspensions": case.suspensions.select_related("decided_by"),
            "timeline": case.timeline.select_related("actor")[:200],
            "today": today,
            "current": "withdrawals",
            "vetting_nav": request.user.has_role(Role.VETTING_OFFICER),
        },
    )


@login_required
def withdrawal_step(request, public_id, step):
    _require(request.user)
    definition = STEPS.get(step)
    if definition is None:
        raise Http404
    case = svc.withdrawal_get(user=request.user, public_id=public_id)
    svc.record_withdrawal_view(
        user=request.user, case=case, purpose=f"Vetting withdrawal: {definition.title}", request=request
    )
    form = definition.form(request.POST if request.method == "POST" else None, initial={"seen_stage": case.stage})
    status = 200
    if step not in svc.available_steps(case) and request.method == "GET":
        messages.error(request, f"{definition.title} is not possible now: the case is '{case.get_stage_display()}'.")
        return redirect("vetting:withdrawal", public_id=case.public_id)
    if request.method == "POST":
        if form.is_valid():
            try:
                run_step(actor=request.user, case=case, step=step, form=form)
            except ValidationError as error:
                apply_error(form, error)
                status = 409 if is_conflict(error) else 400
            else:
                messages.success(request, f"{definition.title}: recorded.")
                return redirect("vetting:withdrawal", public_id=case.public_id)
        else:
            status = 400
    return render(
        request,
        "vetting/withdrawal_step.html",
        {
            "case": case,
            "person": case.person,
            "form": form,
            "step": definition,
            "current": "withdrawals",
            "vetting_nav": request.user.has_role(Role.VETTING_OFFICER),
        },
        status=status,
    )


@login_required
def withdrawal_notice_pdf(request, public_id, notice_id):
    _require(request.user)
    case = svc.withdrawal_get(user=request.user, public_id=public_id)
    notice = WithdrawalNotice.objects.filter(case=case, public_id=notice_id).first() if _is_uuid(notice_id) else None
    if notice is None:
        raise Http404
    svc.record_withdrawal_view(
        user=request.user,
        case=case,
        purpose=f"{notice.get_kind_display()} (PDF)",
        request=request,
        action=AccessAction.PRINT,
    )
    response = HttpResponse(bytes(notice.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{case.reference}-{notice.kind}.pdf"'
    return response


def conduct_case_section(case) -> dict:
    """On a conduct case page: where "Start vetting withdrawal" goes (shown to vetting officers and
    the appropriate authority, per subject; cases/views.py decides who)."""
    from django.urls import reverse

    return {"vetting_withdrawal_start_url": reverse("vetting:withdrawal-new")}
