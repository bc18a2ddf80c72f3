import csv
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.choices import CASE_READERS, Role
from audit.access import get_visible_or_404, log_list_read, log_read
from audit.choices import AccessAction

from . import services
from .deadlines import next_deadlines
from .filters import CaseFilter
from .forms import ActionReopenForm, CustodyMovementForm, HistoryUploadForm, IntakeForm
from .history import HEADER, REQUIRED, HistoryFileRefused, history_import
from .models import REGULATIONS, CaseSubject, EvidenceItem, InvestigationAction, Reg17Notice
from .rules import rule_for
from .selectors import cases_visible_to
from .staff_procedure import is_staff_matter, policy_for, stage_label
from .steps import STEPS, step_available, steps_for, unavailable_message
from .timeline import case_timeline

INTAKE_ROLES = (Role.INVESTIGATOR, Role.SUPERVISOR, Role.APPROPRIATE_AUTHORITY)
CASEWORK_ROLES = (Role.INVESTIGATOR, Role.SUPERVISOR)
TIMELINE_SHOWN = 30  # the newest entries; "Show all" lists every one


def _visible_case(request, reference, *, purpose: str, log: bool = True):
    """The case through the selector (404 if the user may not see it), with its access event."""
    return get_visible_or_404(
        user=request.user,
        selector=cases_visible_to,
        lookup={"reference": reference},
        purpose=purpose,
        request=request,
        log=log,
    )


def apply_validation_error(form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on its field when it names one, else at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
def case_list(request):
    if not request.user.has_role(*CASE_READERS):
        raise Http404
    cases = cases_visible_to(user=request.user).prefetch_related("case_subjects__person")
    filterset = CaseFilter(request.GET or None, queryset=cases)
    page = Paginator(filterset.qs, 25).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    log_list_read(user=request.user, objects=page.object_list, purpose="case list", request=request)
    can_create = request.user.has_role(*INTAKE_ROLES)
    return render(request, "cases/list.html", {"filter": filterset, "page": page, "can_create": can_create})


@login_required
def case_new(request):
    if not request.user.has_role(*INTAKE_ROLES):
        raise Http404
    form = IntakeForm(request.POST if request.method == "POST" else None, user=request.user)
    if form.is_bound and form.is_valid():
        try:
            case = form.record(actor=request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Matter {case.reference} recorded.")
            return redirect("cases:detail", reference=case.reference)
    if form.duplicates:  # a side view of other matters: logged as a list read
        log_list_read(user=request.user, objects=form.duplicates, purpose="possible duplicates at intake")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "cases/new.html", {"form": form, "duplicates": form.duplicates}, status=status)


@login_required
def case_detail(request, reference):
    case = _visible_case(request, reference, purpose="case work")
    subjects = list(
        case.case_subjects.select_related("person__unit").prefetch_related(
            "allegations__category",
            "allegations__standards",
            "reg17_notices",
            "proceedings__outcome",
            "appeals",
            "list_referrals",
            "severity_assessments__assessed_by",
            "decisions__decided_by",
        )
    )
    from law.models import RuleVersion

    from .rules import rules_applying

    all_versions = list(RuleVersion.objects.all())
    rows = [
        {
            "subject": s,
            "steps": steps_for(request.user, case, s),
            "rules": rules_applying(s, all_versions),
            "staff": is_staff_matter(s),
            "stage": stage_label(s),
        }
        for s in subjects
    ]
    today = timezone.localdate()
    deadlines = next_deadlines(case, subjects, today)  # cases.deadlines: shared with home and the diary
    from .extensions import case_sections
    from .models import CasePriority
    from .services import iopc_grounds_prompted

    timeline = case_timeline(case, subjects)
    show_all = request.GET.get("timeline") == "all"
    context = {
        "case": case,
        "second_looks": [],  # oversight's section fills these (cases.extensions)
        "priority": CasePriority.objects.filter(case=case).first(),
        "rows": rows,
        "case_steps": steps_for(request.user, case),
        "timeline": timeline[:TIMELINE_SHOWN] if not show_all else timeline,
        "timeline_total": len(timeline),
        "timeline_more": not show_all and len(timeline) > TIMELINE_SHOWN,
        "actions": actions_in_order(case, today),
        "may_work_actions": request.user.has_role(*CASEWORK_ROLES),
        "evidence": case.evidence.select_related("received_by").prefetch_related("custody__by").defer("content"),
        "reports": case.reports.all(),
        "reg19": case.reg19_reports.all(),
        "iopc": getattr(case, "iopc_referral", None),
        "iopc_prompt": iopc_grounds_prompted(case=case),
        "deadlines": deadlines,
        # the vetting app's "Start vetting withdrawal" (cases.extensions): its deciders only
        "may_refer_to_vetting": request.user.has_role(Role.VETTING_OFFICER, Role.APPROPRIATE_AUTHORITY),
    }
    context.update(case_sections(case, request.user))
    return render(request, "cases/detail.html", context)


@login_required
def case_step(request, reference, step, subject_id=None):
    definition = STEPS.get(step)
    if (
        definition is None
        or definition.per_subject != (subject_id is not None)
        or not request.user.has_role(*definition.roles)
    ):
        raise Http404
    case = _visible_case(request, reference, purpose=f"case work: {step}")
    subject = None
    if subject_id is not None:
        subject = CaseSubject.objects.filter(case=case, public_id=subject_id).select_related("person").first()
        if subject is None:
            raise Http404
    if not step_available(definition, case, subject):
        messages.error(request, unavailable_message(definition, case, subject))
        return redirect("cases:detail", reference=case.reference)
    if request.method == "POST":
        form = definition.form(request.POST, request.FILES)
    else:
        form = definition.form(initial=definition.initial(case, subject) if definition.initial else None)
    if form.is_bound and form.is_valid():
        try:
            definition.run(request.user, case, subject, dict(form.cleaned_data))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{definition.title}: done.")
            return redirect("cases:detail", reference=case.reference)
    status = 400 if form.is_bound and form.errors else 200
    rule = definition.rule(case, subject) if callable(definition.rule) else definition.rule
    rule_version = rule_for(subject, rule) if rule and subject is not None else None
    return render(
        request,
        "cases/step.html",
        {
            "case": case,
            "subject": subject,
            "step": definition,
            "form": form,
            "stage_label": stage_label(subject) if subject else "",
            "staff_policy": policy_for(subject) if is_staff_matter(subject) else None,
            "rule_version": rule_version,
        },
        status=status,
    )


@login_required
def reg17_pdf(request, reference, notice_id):
    case = _visible_case(request, reference, purpose="regulation 17 notice", log=False)
    notice = Reg17Notice.objects.filter(subject__case=case, public_id=notice_id).first()
    if notice is None:
        raise Http404
    officer = notice.procedure == REGULATIONS  # police staff: the procedure's own notice, in its own words
    purpose = "regulation 17 notice" if officer else "notice of misconduct investigation (police staff)"
    log_read(user=request.user, obj=case, action=AccessAction.PRINT, purpose=purpose, request=request)
    response = HttpResponse(bytes(notice.pdf), content_type="application/pdf")
    name = "reg17" if officer else "misconduct-notice"
    response["Content-Disposition"] = f'attachment; filename="{name}-{case.reference}.pdf"'
    return response


@login_required
def evidence_download(request, reference, evidence_id):
    case = _visible_case(request, reference, purpose="evidence", log=False)
    item = EvidenceItem.objects.filter(case=case, public_id=evidence_id).first()
    if item is None:
        raise Http404
    log_read(
        user=request.user,
        obj=case,
        action=AccessAction.EXPORT,
        purpose=f"evidence {item.exhibit_reference}",
        request=request,
    )
    services.evidence_custody_record(actor=request.user, item=item, action="downloaded")
    response = HttpResponse(bytes(item.content), content_type="application/octet-stream")
    # only safe characters in the header, whatever the uploaded file was called
    safe_name = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{item.exhibit_reference}-{item.filename}")[:150]
    response["Content-Disposition"] = f'attachment; filename="{safe_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# What each column of the case history file holds (shared/formats/case-history.md), shown on the upload page.
HISTORY_COLUMNS = {
    "case_ref": "the previous system's case reference",
    "allegation_ref": "unique within the case",
    "staff_number": "the subject, who must already be in the workforce",
    "source": "public_complaint, conduct_matter, reporting_line, screening or monitoring",
    "category": "an allegation category code, e.g. dishonesty, data_misuse, corruption",
    "standards": "; separated numbers 1-10 (Standards of Professional Behaviour)",
    "received_date": "YYYY-MM-DD, when the matter came to attention",
    "iopc_referred": "y or n",
    "severity": "misconduct, gross_misconduct, practice_requiring_improvement, no_further_action, or empty",
    "severity_date": "YYYY-MM-DD",
    "case_to_answer": "yes, no, or empty if not decided",
    "decision_date": "YYYY-MM-DD",
    "forum": "meeting, hearing, accelerated_hearing, or empty",
    "finding": "proven, not_proven, or empty",
    "outcome": "no_action, management_advice, written_warning, final_written_warning, reduction_in_rank, "
    "dismissal_without_notice, rprp, no_further_action, or empty",
    "finalised_date": "YYYY-MM-DD; empty while open",
}


@login_required
def history_upload(request):
    """Administrators upload a previous system's case history; it imports there and then."""
    if not request.user.has_role(Role.ADMINISTRATOR):
        raise Http404
    form = HistoryUploadForm(request.POST, request.FILES) if request.method == "POST" else HistoryUploadForm()
    if form.is_bound and form.is_valid():
        filename = form.cleaned_data["file"].name
        try:
            result = history_import(actor=request.user, data=form.content, filename=filename)
        except HistoryFileRefused as refusal:
            form.add_error("file", f"{filename} was refused: {refusal} Nothing was imported.")
        except csv.Error as exc:
            form.add_error("file", f"{filename} was refused: it cannot be read as CSV ({exc}). Nothing was imported.")
        else:
            return render(request, "cases/history_result.html", {"filename": filename, "result": result})
    columns = [(name, name in REQUIRED, HISTORY_COLUMNS[name]) for name in HEADER]
    return render(
        request,
        "cases/history_upload.html",
        {"form": form, "columns": columns},
        status=400 if form.errors else 200,
    )


# ------------------------------------------------------------------ action log and custody


def actions_in_order(case, today) -> list:
    """The action log: open overdue first (oldest due first), then open by due date, then done."""
    actions = list(case.actions.select_related("recorded_by", "owner", "completed_by", "case__investigator")[:200])
    for a in actions:
        a.overdue = a.completed_on is None and a.due_on is not None and a.due_on < today
        a.owner_shown = a.owner or case.investigator

    def order(a):
        if a.completed_on is None:
            return (0 if a.overdue else 1, a.due_on or today.replace(year=9999), -a.pk)
        return (2, -a.completed_on.toordinal(), -a.pk)

    return sorted(actions, key=order)


def _action_of(request, reference, action_id, purpose):
    if not request.user.has_role(*CASEWORK_ROLES):
        raise Http404
    case = _visible_case(request, reference, purpose=purpose)
    action = InvestigationAction.objects.filter(case=case, pk=action_id).first()
    if action is None:
        raise Http404
    return case, action


@login_required
def action_done(request, reference, action_id):
    """ "Mark as done": a POST from the action log (the date is today); back to the log."""
    if not request.user.has_role(*CASEWORK_ROLES):
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    case, action = _action_of(request, reference, action_id, "case work: action done")
    try:
        services.action_complete(actor=request.user, action=action)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Action marked as done: {action.description[:80]}")
    return redirect(f"{case_url(case)}#action-log")


@login_required
def action_reopen(request, reference, action_id):
    """Undo "done", with the reason (kept in the action's history)."""
    case, action = _action_of(request, reference, action_id, "case work: action reopened")
    form = ActionReopenForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.action_reopen(actor=request.user, action=action, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The action is open again.")
            return redirect(f"{case_url(case)}#action-log")
    return render(
        request,
        "cases/action_reopen.html",
        {"case": case, "action": action, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def custody_movement(request, reference, evidence_id):
    """Record a movement of an exhibit after it was received: the chain of custody."""
    if not request.user.has_role(*CASEWORK_ROLES):
        raise Http404
    case = _visible_case(request, reference, purpose="case work: custody movement")
    item = EvidenceItem.objects.filter(case=case, public_id=evidence_id).defer("content").first()
    if item is None:
        raise Http404
    form = CustodyMovementForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.custody_movement_record(
                actor=request.user,
                item=EvidenceItem.objects.get(pk=item.pk),
                happened_at=form.happened_at(),
                from_location=data["from_location"],
                to_location=data["to_location"],
                purpose=data["purpose"],
                note=data["note"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Movement of exhibit {item.exhibit_reference} recorded.")
            return redirect(f"{case_url(case)}#evidence")
    return render(
        request,
        "cases/custody_movement.html",
        {"case": case, "item": item, "form": form, "custody": item.custody.select_related("by")},
        status=400 if form.is_bound and form.errors else 200,
    )


def case_url(case) -> str:
    from django.urls import reverse

    return reverse("cases:detail", args=[case.reference])
