"""Vetting officers' screening pages: runs (request, response, progress), hits, possible matches."""

from __future__ import annotations

import csv
import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from audit.choices import AccessAction
from audit.services import access_event_record
from core.forms import GovukFormMixin
from core.spreadsheet import safe_row
from infra.outbox import enqueue

from .clearance_services import clearance_current
from .models import HitGrade, HitStatus, RunStatus
from .selectors import (
    candidates_visible_to,
    hit_get,
    hits_visible_to,
    record_hit_view,
    record_list_view,
    runs_visible_to,
)
from .services import (
    candidate_identity_decide,
    hit_close,
    hit_conduct_matter_create,
    hit_vetting_review_open,
    request_csv_rows,
    response_attach,
    results_csv_rows,
    run_progress,
    screening_run_create,
)
from .views import require_vetting

MAX_RESPONSE_BYTES = 4 * 1024**3


class ResponseForm(GovukFormMixin, forms.Form):
    file = forms.FileField(label="PND response file (JSON Lines)")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise ValidationError("The file is empty")
        if upload.size > MAX_RESPONSE_BYTES:
            raise ValidationError("The file is larger than 4 GB")
        head = upload.read(2048)
        upload.seek(0)
        if b"\x00" in head or not head.lstrip().startswith(b"{"):
            raise ValidationError("This is not a JSON Lines file: each line should be one JSON object")
        return upload


class HitActionForm(GovukFormMixin, forms.Form):
    action = forms.ChoiceField(
        label="What happens to this hit",
        widget=forms.RadioSelect,
        choices=[
            ("close", "Close it: nothing further needed"),
            ("vetting_review", "Open a vetting (aftercare) review"),
            ("conduct_matter", "Create a conduct matter"),
        ],
    )
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class IdentityForm(GovukFormMixin, forms.Form):
    confirmed = forms.TypedChoiceField(
        label="Is this the employee?",
        widget=forms.RadioSelect,
        choices=[("yes", "Yes: the same person"), ("no", "No: a different person")],
        coerce=lambda v: v == "yes",
    )
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


def home_sections(user) -> list[dict]:
    hits = hits_visible_to(user=user).filter(status=HitStatus.NEW, grade=HitGrade.REVIEW).select_related("person")
    mine = list(hits.filter(assigned_to=user)[:10])
    possible = candidates_visible_to(user=user).filter(decision="possible", identity_confirmed__isnull=True)
    runs = runs_visible_to(user=user).exclude(status=RunStatus.COMPLETE)[:5]
    return [
        {
            "key": "hits",
            "title": f"Screening hits for you to review ({hits.filter(assigned_to=user).count()})",
            "hits_listed": len(mine),
            "items": [
                {
                    "label": f"{h.person.display_name}: {h.category.replace('_', ' ')}",
                    "url": reverse("vetting:hit", args=[h.public_id]),
                }
                for h in mine
            ],
            "empty": "No screening hits waiting for you.",
            "more_url": reverse("vetting:hits"),
            "more_label": "All screening hits",
        },
        {
            "key": "possible",
            "title": f"Possible matches to confirm ({possible.count()})",
            "items": [],
            "empty": "",
            "more_url": reverse("vetting:possibles"),
            "more_label": "Confirm or reject possible matches",
        },
        {
            "key": "runs",
            "title": "Screening runs in progress",
            "items": [{"label": str(r), "url": reverse("vetting:run", args=[r.public_id])} for r in runs],
            "empty": "None in progress.",
            "more_url": reverse("vetting:runs"),
            "more_label": "All screening runs",
        },
    ]


@login_required
def runs(request):
    require_vetting(request.user)
    if request.method == "POST":
        run = screening_run_create(actor=request.user)
        messages.success(request, f"Run started: download the request for {run.people} people and send it to PND.")
        return redirect("vetting:run", public_id=run.public_id)
    return render(request, "vetting/screening_runs.html", {"runs": runs_visible_to(user=request.user)[:50]})


@login_required
def run_detail(request, public_id):
    require_vetting(request.user)
    run = get_object_or_404(runs_visible_to(user=request.user), public_id=public_id)
    form = ResponseForm()
    status = 200
    if request.method == "POST":
        form = ResponseForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                upload = form.cleaned_data["file"]
                response_attach(run=run, source=upload, filename=upload.name)
            except ValidationError as exc:
                form.add_error("file", exc.messages)
            else:
                from .tasks import screening_start

                enqueue(screening_start, run.id)
                messages.success(request, "Response received: resolution has started.")
                return redirect("vetting:run", public_id=run.public_id)
        status = 400
    context = {"run": run, "form": form, "progress": run_progress(run)}
    template = "vetting/_run_progress.html" if request.headers.get("HX-Request") else "vetting/screening_run.html"
    return render(request, template, context, status=status)


def _run_csv(request, public_id, *, rows, kind: str, label: str, purpose: str) -> HttpResponse:
    """A run's CSV download (request or results), written to the access log as an export."""
    require_vetting(request.user)
    run = get_object_or_404(runs_visible_to(user=request.user), public_id=public_id)
    buffer = io.StringIO()
    # a cell from HR or PND data must never open as a spreadsheet formula
    csv.writer(buffer).writerows(safe_row(row) for row in rows(run))
    access_event_record(
        actor=request.user,
        action=AccessAction.EXPORT,
        object_type=f"screening_{kind}",
        object_id=str(run.public_id),
        object_label=label.format(run=run),
        purpose=purpose,
        request=request,
    )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="screening-{kind}-{str(run.public_id)[:8]}.csv"'
    return response


@login_required
def run_request(request, public_id):
    return _run_csv(
        request,
        public_id,
        rows=request_csv_rows,
        kind="request",
        label="PND request, {run.people} people",
        purpose="Bulk check request for PND",
    )


@login_required
def run_results(request, public_id):
    """One row per candidate: request_ref, pnd_person_id, decision, score, reasons (as the command)."""
    return _run_csv(
        request,
        public_id,
        rows=results_csv_rows,
        kind="results",
        label="Screening results",
        purpose="Identity resolution results",
    )


HITS_PER_PAGE = 50


@login_required
def hits(request):
    require_vetting(request.user)
    status = request.GET.get("status", "new")
    grade = request.GET.get("grade", "")
    qs = hits_visible_to(user=request.user).select_related("person", "assigned_to")
    if status in HitStatus.values:
        qs = qs.filter(status=status)
    if grade in HitGrade.values:
        qs = qs.filter(grade=grade)
    if request.GET.get("mine"):
        qs = qs.filter(assigned_to=request.user)
    unassigned = bool(request.GET.get("unassigned"))
    if unassigned:
        qs = qs.filter(assigned_to__isnull=True)
    # those that need review before information only, then the newest: paged, never cut short
    needs_review = Case(When(grade=HitGrade.REVIEW, then=Value(0)), default=Value(1))
    qs = qs.order_by(needs_review, "-raised_at", "-id")
    page = Paginator(qs, HITS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = shown = list(page.object_list)
    record_list_view(
        user=request.user,
        object_type="screening_hits",
        count=len(shown),
        label=f"screening hits ({status or 'all'}{', unassigned' if unassigned else ''})",
        purpose="Screening hit review",
        request=request,
    )
    return render(
        request,
        "vetting/screening_hits.html",
        {
            "hits": shown,
            "page": page,
            "needing_review": qs.filter(grade=HitGrade.REVIEW).count(),
            "status": status,
            "grade": grade,
            "statuses": HitStatus.choices,
            "unassigned": unassigned,
        },
    )


@login_required
def hit_detail(request, public_id):
    require_vetting(request.user)
    hit = hit_get(user=request.user, public_id=public_id)
    form = HitActionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid() and hit.status == HitStatus.NEW:
            action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
            try:
                if action == "close":
                    hit_close(actor=request.user, hit=hit, reason=reason)
                elif action == "vetting_review":
                    hit_vetting_review_open(actor=request.user, hit=hit, reason=reason)
                else:
                    case = hit_conduct_matter_create(actor=request.user, hit=hit, reason=reason)
                    messages.success(request, f"Conduct matter {case.reference} created from this hit.")
                    return redirect("vetting:hit", public_id=hit.public_id)
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(request, "Hit updated.")
                return redirect("vetting:hit", public_id=hit.public_id)
        elif form.is_valid():
            form.add_error(None, "This hit has already been dealt with")
        status = 400
    record_hit_view(user=request.user, hit=hit, purpose="Screening hit review", request=request)
    return render(
        request,
        "vetting/screening_hit.html",
        {
            "hit": hit,
            "form": form,
            "live_clearance": clearance_current(person=hit.person),
            "withdrawal_types": ("officer", "special"),
        },
        status=status,
    )


@login_required
def possibles(request):
    require_vetting(request.user)
    qs = candidates_visible_to(user=request.user).filter(decision="possible", identity_confirmed__isnull=True)
    shown = list(qs.select_related("person", "run").order_by("-score")[:200])
    record_list_view(
        user=request.user,
        object_type="screening_candidates",
        count=len(shown),
        label="possible matches to confirm",
        purpose="Identity review of possible matches",
        request=request,
    )
    return render(request, "vetting/screening_possibles.html", {"candidates": shown})


@login_required
def possible_detail(request, public_id, line):
    require_vetting(request.user)
    candidate = get_object_or_404(
        candidates_visible_to(user=request.user).select_related("person", "run"),
        run__public_id=public_id,
        line=line,
        decision="possible",
    )
    form = IdentityForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                raised = candidate_identity_decide(actor=request.user, candidate=candidate, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(request, f"Recorded. {raised} new hit(s) raised." if raised else "Recorded.")
                return redirect("vetting:possibles")
        status = 400
    access_event_record(
        actor=request.user,
        action=AccessAction.VIEW,
        object_type="screening_candidate",
        object_id=f"{candidate.run.public_id}:{candidate.line}",
        object_label=f"{candidate.person.staff_number} possible {candidate.pnd_person_id}",
        purpose="Identity review of a possible match",
        request=request,
    )
    return render(request, "vetting/screening_possible.html", {"candidate": candidate, "form": form}, status=status)


__all__ = ["runs", "Http404"]
