import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from accounts.models import User
from audit.access import get_visible_or_404, log_list_read
from audit.choices import AccessAction
from audit.services import access_event_record
from core.pagination import count_free_page
from core.spreadsheet import safe_cell

from .filters import QueueFilter
from .forms import AllocationForm
from .intervention import intervention_flag_review
from .models import InterventionFlag
from .queues import QUEUE_ROLES, QUEUES, cases_by_id, queue_cases
from .selectors import flag_evidence_for, intervention_flags_visible_to
from .services import cases_allocate, investigator_workload
from .views import apply_validation_error

PAGE_SIZE = 25
FLAG_REVIEW_LABELS = {"status": "Outcome of the review", "note": "What was found and decided"}


def _require(user):
    if not user.has_role(*QUEUE_ROLES):
        raise Http404


def _queue_page(request, queue):
    filterset = QueueFilter(request.GET or None, queryset=queue_cases(user=request.user, queue=queue))
    # Two steps: the page's ids from a lean query that walks the priority index (no COUNT over
    # a national-sized queue; one extra id says whether there is a next page), then the rows.
    page = count_free_page(filterset.qs.values_list("id", flat=True), requested=request.GET.get("page"), size=PAGE_SIZE)
    rows = cases_by_id(page.rows)
    return filterset, rows, page.has_next, page.number


@login_required
def queue(request, queue="unallocated"):
    _require(request.user)
    if queue not in QUEUES:
        raise Http404
    context = _queue_context(request, queue)
    template = "cases/_queue_body.html" if request.headers.get("HX-Request") else "cases/queue.html"
    return render(request, template, context)


@login_required
def allocate(request):
    _require(request.user)
    if request.method != "POST":
        return HttpResponse(status=405)
    queue = request.POST.get("queue", "unallocated")
    if queue not in QUEUES:
        queue = "unallocated"
    form = AllocationForm(request.POST, user=request.user)
    if form.is_valid():
        investigator = form.cleaned_data["investigator"]
        try:
            cases_allocate(
                actor=request.user,
                cases=form.case_objects,
                investigator=investigator,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                f"{len(form.case_objects)} case(s) allocated to {investigator.get_full_name() or investigator.username}.",
            )
            if not request.headers.get("HX-Request"):
                return redirect(f"/queues/{queue}/?{request.GET.urlencode()}")
            return render(request, "cases/_queue_body.html", _queue_context(request, queue))
    # Refused: the form again with each error at its field (htmx swaps 400 answers in: base.html)
    context = _queue_context(request, queue, allocation_form=form)
    template = "cases/_queue_body.html" if request.headers.get("HX-Request") else "cases/queue.html"
    return render(request, template, context, status=400)


def _queue_context(request, queue, allocation_form=None) -> dict:
    filterset, rows, has_next, page_number = _queue_page(request, queue)
    from .extensions import queue_deadlines

    deadlines = queue_deadlines(rows)
    for case in rows:
        case.deadlines = deadlines.get(case.pk, [])
    log_list_read(user=request.user, objects=rows, purpose=f"supervisor's queue: {queue}", request=request)
    form = allocation_form or AllocationForm(user=request.user)
    return {
        "allocation_form": form,
        "chosen_cases": set(form["cases"].value() or []) if form.is_bound else set(),
        "chosen_investigator": str(form["investigator"].value() or "") if form.is_bound else "",
        "queue": queue,
        "queues": QUEUES,
        "filter": filterset,
        "rows": rows,
        "has_next": has_next,
        "page_number": page_number,
        "workload": investigator_workload(),
        "investigators": User.objects.filter(groups__name="investigator", is_active=True).order_by(
            "last_name", "username"
        ),
        "query": request.GET.urlencode(),
    }


@login_required
def export_csv(request, queue="unallocated"):
    _require(request.user)
    if queue not in QUEUES:
        raise Http404
    filterset = QueueFilter(request.GET or None, queryset=queue_cases(user=request.user, queue=queue))
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="queue-{queue}.csv"'
    writer = csv.writer(response)
    cell = safe_cell  # spreadsheet formula injection: a cell must never start like a formula

    writer.writerow(["reference", "priority", "why", "received", "investigator", "subjects"])
    count = 0
    for case in filterset.qs.select_related("priority", "investigator").prefetch_related("case_subjects__person")[
        :10000
    ]:
        priority = getattr(case, "priority", None)
        writer.writerow(
            cell(value)
            for value in [
                case.reference,
                priority.score if priority else "",
                "; ".join(c["label"] for c in (priority.components if priority else [])),
                case.received_date.isoformat(),
                case.investigator.username if case.investigator else "",
                "; ".join(s.person.staff_number for s in case.case_subjects.all()),
            ]
        )
        count += 1
    # an export of a list through the queue's selector: one disclosure event for the file
    access_event_record(
        actor=request.user,
        action=AccessAction.EXPORT,
        object_type="queue",
        object_id=queue,
        object_label=f"{queue} ({count} cases)",
        purpose="supervisor's queue export",
        request=request,
    )
    return response


@login_required
def flags(request):
    _require(request.user)
    status = request.GET.get("status", "open")
    queryset = intervention_flags_visible_to(user=request.user).select_related("person__unit", "rule", "reviewed_by")
    if status == "open":
        queryset = queryset.filter(status__in=["new", "under_review"])
    shown = flag_evidence_for(user=request.user, flags=queryset[:200])
    log_list_read(user=request.user, objects=shown, purpose="early-intervention flags", request=request)
    return render(
        request,
        "cases/flags.html",
        {"flags": shown, "status": status, "statuses": InterventionFlag.Status.choices},
    )


@login_required
def flag_review(request, flag_id):
    _require(request.user)
    flag = get_visible_or_404(
        user=request.user,
        selector=lambda *, user: intervention_flags_visible_to(user=user).select_related("person", "rule"),
        lookup={"public_id": flag_id},
        purpose="early-intervention flag review",
        request=request,
    )
    flag_evidence_for(user=request.user, flags=[flag])
    errors = {}  # field -> messages (the page names each field in its error summary)
    if request.method == "POST":
        try:
            intervention_flag_review(
                actor=request.user, flag=flag, status=request.POST.get("status", ""), note=request.POST.get("note", "")
            )
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        else:
            messages.success(request, "Review recorded.")
            return redirect("queues:flags")
    return render(
        request,
        "cases/flag_review.html",
        {
            "flag": flag,
            "errors": errors,
            "summary": [
                (name, FLAG_REVIEW_LABELS.get(name, ""), message)
                for name, messages_ in errors.items()
                for message in messages_
            ],
            "posted": request.POST if errors else {},
            "statuses": InterventionFlag.Status.choices[1:],
        },
        status=400 if errors else 200,
    )
