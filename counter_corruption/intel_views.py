"""The unit's intelligence pages: the list, recording (also from a reporting-line report), the log
page and one page per decision (grade, sanitise, classify, name people, task, develop into an
operation, outcome). Anyone outside the unit, and any member who may not read a log in full,
gets 404; every read is an access event."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from audit.access import get_visible_or_404, log_list_read
from cases.views import apply_validation_error

from . import intel_services as services
from .choices import HandlingLevel
from .filters import IntelLogFilter
from .intel_forms import (
    ClassifyForm,
    GradeForm,
    GrantForm,
    IntelRecordForm,
    OperationForm,
    OutcomeForm,
    RevokeForm,
    SanitiseForm,
    TaskForm,
)
from .selectors import intel_logs_visible_to, is_unit_member, unit_members_allowed, unit_members_to_name

PURPOSE = "counter-corruption intelligence"


def _require_member(request) -> None:
    if not is_unit_member(request.user):
        raise Http404


def _visible_log(request, public_id, *, purpose: str = PURPOSE):
    _require_member(request)
    return get_visible_or_404(
        user=request.user,
        selector=intel_logs_visible_to,
        lookup={"public_id": public_id},
        purpose=purpose,
        request=request,
    )


@login_required
def intel_list(request):
    _require_member(request)
    logs = (
        intel_logs_visible_to(user=request.user)
        .select_related("tasked_to")
        .prefetch_related("themes", "subjects__person")
    )
    filterset = IntelLogFilter(request.GET or None, queryset=logs)
    page = Paginator(filterset.qs.distinct(), 25).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    # a search by a person's name is itself an access event (its filters are in the purpose)
    log_list_read(user=request.user, objects=page.object_list, purpose="intelligence logs", request=request)
    return render(
        request,
        "counter_corruption/intel/list.html",
        {"filter": filterset, "page": page, "today": timezone.localdate()},
    )


def _report_for(request, reference: str):
    """The reporting-line report through reporting's selector (404 if hidden), logged."""
    from reporting.selectors import reports_visible_to

    return get_visible_or_404(
        user=request.user,
        selector=reports_visible_to,
        lookup={"reference": reference},
        purpose="recording counter-corruption intelligence from a report",
        request=request,
    )


@login_required
def intel_new(request):
    _require_member(request)
    reference = request.POST.get("report") or request.GET.get("report") or ""
    report = _report_for(request, reference) if reference else None
    initial = {"received_on": timezone.localdate()}
    if report is not None:
        text = "\n".join(
            part
            for part in (
                report.what_happened,
                report.when_happened and f"When: {report.when_happened}",
                report.where_happened and f"Where: {report.where_happened}",
                report.people_described and f"Who: {report.people_described}",
            )
            if part
        )
        initial.update(
            source_type="reporting_line",
            received_on=timezone.localtime(report.received_at).date(),
            original_text=text,
            subjects=" ".join(link.person.staff_number for link in report.person_links.select_related("person")),
        )
    form = IntelRecordForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        fields = {
            "original_text": data["original_text"],
            "received_on": data["received_on"],
            "subjects": data["subjects"],
            "entities": data["entities"],
            "themes": list(data["themes"]),
            "at_risk": data["at_risk"],
            "handling_level": data["handling_level"],
        }
        try:
            if report is not None:
                log = services.intel_log_record_from_report(
                    actor=request.user, report_reference=report.reference, **fields
                )
            else:
                log = services.intel_log_record(actor=request.user, source_type=data["source_type"], **fields)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Intelligence {log.reference} recorded.")
            return redirect("counter_corruption:intel-detail", public_id=log.public_id)
    status = 400 if form.is_bound else 200
    return render(request, "counter_corruption/intel/new.html", {"form": form, "report": report}, status=status)


@login_required
def intel_detail(request, public_id):
    log = _visible_log(request, public_id)
    today = timezone.localdate()
    context = {
        "log": log,
        "subjects": list(log.subjects.select_related("person__unit")),
        "entities": list(log.entity_mentions.select_related("entity")),
        "grants": list(log.grants.select_related("user", "granted_by")),
        "themes": list(log.themes.all()),
        "overdue": log.review_overdue(today),
        "today": today,
        "named_only": log.handling_level == HandlingLevel.NAMED,
        "revoke_form": RevokeForm(),
    }
    return render(request, "counter_corruption/intel/detail.html", context)


# --------------------------------------------------------------- one page per decision


def _grade(request, log, form):
    services.intel_grade(actor=request.user, log=log, **form.cleaned_data)
    return "Grading recorded."


def _sanitise(request, log, form):
    services.intel_sanitise(
        actor=request.user,
        log=log,
        sanitised_text=form.cleaned_data["sanitised_text"],
        reason=form.cleaned_data["reason"] or "sanitised",
    )
    return "Sanitised text recorded."


def _classify(request, log, form):
    services.intel_classify(
        actor=request.user, log=log, **{**form.cleaned_data, "themes": list(form.cleaned_data["themes"])}
    )
    return "Themes, risk and handling level recorded."


def _grant(request, log, form):
    user = form.member("user")
    if user is None:
        raise ValidationError({"user": "Choose a person to name."})
    services.intel_grant(actor=request.user, log=log, user=user, reason=form.cleaned_data["reason"])
    return f"{user.get_full_name()} named on the log."


def _task(request, log, form):
    services.intel_task(
        actor=request.user,
        log=log,
        owner=form.member("owner"),
        tasking=form.cleaned_data["tasking"],
        review_on=form.cleaned_data["review_on"],
        reason=form.cleaned_data["reason"],
    )
    return "Tasking recorded."


def _operation(request, log, form):
    log = services.intel_operation_develop(
        actor=request.user,
        log=log,
        name=form.cleaned_data["name"],
        members=form.chosen_members(),
        reason=form.cleaned_data["reason"],
    )
    return f"Developed into an operation: restricted case {log.operation.reference}."


def _outcome(request, log, form):
    log = services.intel_outcome_record(
        actor=request.user, log=log, outcome=form.cleaned_data["outcome"], reason=form.cleaned_data["reason"]
    )
    extra = f" Conduct matter {log.case.reference} opened." if log.case_id else ""
    return f"Outcome recorded: {log.get_outcome_display().lower()}.{extra}"


def _initial_classify(log):
    return {
        "themes": list(log.themes.all()),
        "at_risk": log.at_risk,
        "handling_level": log.handling_level,
    }


# name -> (title, form class, whom to offer, initial, action)
DECISIONS = {
    "grade": (
        "Grade the intelligence (3x5x2)",
        GradeForm,
        None,
        lambda log: {
            "source_evaluation": log.source_evaluation,
            "intelligence_assessment": log.intelligence_assessment,
            "handling_code": log.handling_code,
            "handling_conditions": log.handling_conditions,
        },
        _grade,
    ),
    "sanitise": ("Sanitise", SanitiseForm, None, lambda log: {"sanitised_text": log.sanitised_text}, _sanitise),
    "classify": ("Themes, risk and handling level", ClassifyForm, None, _initial_classify, _classify),
    "grant": ("Name a person on the log", GrantForm, unit_members_to_name, lambda log: {}, _grant),
    "task": (
        "Tasking decision",
        TaskForm,
        unit_members_allowed,
        lambda log: {
            "owner": str(log.tasked_to_id or ""),
            "tasking": log.tasking,
            "review_on": log.review_on,
        },
        _task,
    ),
    "operation": ("Develop into an operation", OperationForm, unit_members_allowed, lambda log: {}, _operation),
    "outcome": ("Record the outcome", OutcomeForm, None, lambda log: {}, _outcome),
}


@login_required
def intel_decision(request, public_id, decision):
    if decision not in DECISIONS:
        raise Http404
    log = _visible_log(request, public_id)
    title, form_class, offer, initial, action = DECISIONS[decision]
    kwargs = {"members": offer(log=log)} if offer else {}
    form = form_class(request.POST if request.method == "POST" else None, initial=initial(log), **kwargs)
    if form.is_bound and form.is_valid():
        try:
            message = action(request, log, form)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, message)
            return redirect("counter_corruption:intel-detail", public_id=log.public_id)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "counter_corruption/intel/decision.html",
        {"log": log, "form": form, "title": title, "decision": decision},
        status=status,
    )


@login_required
def intel_revoke(request, public_id):
    log = _visible_log(request, public_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = RevokeForm(request.POST)
    error = "Give the reason to remove the person."
    if form.is_valid():
        grant = log.grants.select_related("user").filter(user_id=form.cleaned_data["user"]).first()
        try:
            if grant is None:
                raise ValidationError("That person is not named on this log.")
            services.intel_grant_revoke(
                actor=request.user, log=log, user=grant.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"{grant.user.get_full_name()} is no longer named on the log.")
            return redirect("counter_corruption:intel-detail", public_id=log.public_id)
    messages.error(request, error)
    return redirect(reverse("counter_corruption:intel-detail", kwargs={"public_id": log.public_id}))


def case_intelligence_section(case, user) -> dict:
    """The case page's 'From intelligence' panel (cases.extensions reader section): the sanitised
    text to every reader of the case; the link to the log only for those who may read it. The
    reader is only shown logs (no access event on a log: it is never opened here)."""
    from .selectors import intel_logs_for_cases

    found = intel_logs_for_cases(user=user, case_ids=[case.pk]).get(case.pk, [])
    return {"intelligence_refs": [{"log": log, "may_open": may_open} for log, may_open in found]}
