"""Triage of the reporting line inside the force: queue, report, actions, identity (step-up)."""

from __future__ import annotations

import time
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.choices import COUNTER_CORRUPTION_UNIT, REPORT_TRIAGERS
from audit.access import get_visible_or_404, log_list_read
from audit.choices import AccessAction
from audit.services import access_event_record
from workforce.selectors import people_visible_to

from . import attachments
from .forms import (
    CloseForm,
    ConductMatterForm,
    IdentityForm,
    IntermediaryImportForm,
    LinkForm,
    NoteForm,
    StepUpForm,
    TeamMessageForm,
    UnlinkForm,
)
from .models import Channel, IntermediaryImport, ReportStatus
from .selectors import may_see_identity, reports_visible_to
from .services import (
    identity_reveal,
    internal_note_add,
    report_acknowledge,
    report_assign,
    report_close,
    report_conduct_matter_create,
    report_person_link,
    report_person_unlink,
    team_message_send,
)

STEP_UP_KEY = "step_up_at"


def _require_triager(user):
    if not user.has_role(*REPORT_TRIAGERS):
        raise Http404


def triage_action(view):
    """Signed in, a triager (404 otherwise, whatever the method), then POST only."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        _require_triager(request.user)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def _report_or_404(request, reference, *, purpose="triage of the reporting line", log=True):
    """The report through the selector (404 if hidden), with its access event."""
    _require_triager(request.user)
    return get_visible_or_404(
        user=request.user,
        selector=reports_visible_to,
        lookup={"reference": reference},
        purpose=purpose,
        request=request,
        log=log,
    )


@login_required
def queue(request):
    _require_triager(request.user)
    today = timezone.localdate()
    view = request.GET.get("view", "open")
    qs = reports_visible_to(user=request.user).select_related("assigned_to", "case")
    if view == "open":
        qs = qs.filter(status__in=[ReportStatus.RECEIVED, ReportStatus.ASSESSING])
    elif view in ReportStatus.values:
        qs = qs.filter(status=view)
    channel = request.GET.get("channel", "")
    if channel in Channel.values:
        qs = qs.filter(channel=channel)
    if request.GET.get("mine"):
        qs = qs.filter(assigned_to=request.user)
    # Most urgent first: acknowledgement overdue, then new information from the reporter, then oldest.
    qs = qs.annotate(
        urgency=Case(
            When(acknowledged_at__isnull=True, acknowledge_due_on__lt=today, then=Value(0)),
            When(reporter_updated_at__isnull=False, then=Value(1)),
            When(acknowledged_at__isnull=True, then=Value(2)),
            When(feedback_given_at__isnull=True, feedback_due_on__lt=today, then=Value(3)),
            default=Value(4),
            output_field=IntegerField(),
        )
    ).order_by("urgency", "received_at")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    log_list_read(user=request.user, objects=page.object_list, purpose="reporting line queue", request=request)
    counts = reports_visible_to(user=request.user).aggregate(
        unacknowledged=Count(
            "pk", filter=Q(acknowledged_at__isnull=True, status__in=[ReportStatus.RECEIVED, ReportStatus.ASSESSING])
        ),
        overdue=Count(
            "pk",
            filter=Q(
                acknowledged_at__isnull=True,
                acknowledge_due_on__lt=today,
                status__in=[ReportStatus.RECEIVED, ReportStatus.ASSESSING],
            ),
        ),
        new_information=Count("pk", filter=Q(reporter_updated_at__isnull=False)),
    )
    return render(
        request,
        "reporting/queue.html",
        {
            "page": page,
            "view": view,
            "channel": channel,
            "statuses": ReportStatus.choices,
            "channels": Channel.choices,
            "today": today,
            "counts": counts,
        },
    )


def _detail_context(request, report, **forms):
    query = request.GET.get("q", "").strip()
    candidates = []
    if query:
        people = people_visible_to(user=request.user).filter(is_leaver=False)
        candidates = list(
            people.filter(
                Q(staff_number__iexact=query) | Q(surname__icontains=query) | Q(forenames__icontains=query)
            ).select_related("unit")[:10]
        )
        log_list_read(user=request.user, objects=candidates, purpose="people to link to a report", request=request)
    context = {
        "all_forms": [
            forms.get(name)
            for name in ("message_form", "note_form", "link_form", "matter_form", "close_form")
            if forms.get(name) is not None
        ],
        "report": report,
        "thread": list(report.messages.select_related("author").prefetch_related("attachments")),
        "notes": list(report.internal_notes.select_related("author")),
        "first_files": list(report.attachments.filter(message__isnull=True)),
        "links": list(report.person_links.select_related("person", "person__unit", "linked_by")),
        "may_see_identity": may_see_identity(user=request.user),
        # the counter-corruption unit records a report as intelligence (its own pages)
        "may_record_intelligence": request.user.has_role(*COUNTER_CORRUPTION_UNIT),
        "query": query,
        "candidates": candidates,
        "today": timezone.localdate(),
        "message_form": forms.get("message_form")
        or TeamMessageForm(initial={"kind": "update" if report.acknowledged_at else "acknowledgement"}),
        "note_form": forms.get("note_form") or NoteForm(),
        "link_form": forms.get("link_form") or LinkForm(),
        "matter_form": forms.get("matter_form")
        or ConductMatterForm(initial={"summary": f"Reporting line {report.reference}: {report.what_happened[:200]}"}),
        "close_form": forms.get("close_form") or CloseForm(),
    }
    return context


@login_required
def report_detail(request, reference):
    report = _report_or_404(request, reference)
    return render(request, "reporting/detail.html", _detail_context(request, report))


def _act(request, report, form_name, form, action):
    """Run one triage action; on a problem show the page again with the errors (status 400)."""
    if form.is_valid():
        try:
            result = action(form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, result)
            return redirect("reporting:report", reference=report.reference)
    context = _detail_context(request, report, **{form_name: form})
    return render(request, "reporting/detail.html", context, status=400)


@triage_action
def message_send(request, reference):
    report = _report_or_404(request, reference)

    def action(data):
        team_message_send(actor=request.user, report=report, kind=data["kind"], body=data["body"])
        return "Message sent. The reporter sees it when they next follow up."

    return _act(request, report, "message_form", TeamMessageForm(request.POST), action)


@triage_action
def note_add(request, reference):
    report = _report_or_404(request, reference)

    def action(data):
        internal_note_add(actor=request.user, report=report, body=data["body"])
        return "Internal note added."

    return _act(request, report, "note_form", NoteForm(request.POST), action)


@triage_action
def person_link(request, reference):
    report = _report_or_404(request, reference)

    def action(data):
        person = people_visible_to(user=request.user).filter(staff_number=data["staff_number"].strip()).first()
        if person is None:
            raise ValidationError({"staff_number": "No one in the workforce has that staff number."})
        report_person_link(actor=request.user, report=report, person=person, reason=data["reason"])
        return f"{person.display_name} ({person.staff_number}) linked to this report."

    return _act(request, report, "link_form", LinkForm(request.POST), action)


@triage_action
def person_unlink(request, reference, person_id):
    report = _report_or_404(request, reference)
    link = get_object_or_404(report.person_links.select_related("person"), person__public_id=person_id)
    form = UnlinkForm(request.POST)
    if form.is_valid():
        report_person_unlink(actor=request.user, link=link, reason=form.cleaned_data["reason"])
        messages.success(request, f"Link to {link.person.display_name} removed.")
    else:
        messages.error(request, "Give a reason to remove the link.")
    return redirect("reporting:report", reference=report.reference)


@triage_action
def conduct_matter(request, reference):
    report = _report_or_404(request, reference)

    def action(data):
        case = report_conduct_matter_create(
            actor=request.user, report=report, summary=data["summary"], reason=data["reason"]
        )
        return f"Conduct matter {case.reference} opened from this report."

    return _act(request, report, "matter_form", ConductMatterForm(request.POST), action)


@triage_action
def close(request, reference):
    report = _report_or_404(request, reference)

    def action(data):
        report_close(actor=request.user, report=report, reason=data["reason"], note=data["note"])
        return "Report closed."

    return _act(request, report, "close_form", CloseForm(request.POST), action)


@triage_action
def acknowledge(request, reference):
    report = _report_or_404(request, reference)
    report_acknowledge(actor=request.user, report=report)
    messages.success(request, "Recorded as acknowledged.")
    return redirect("reporting:report", reference=report.reference)


@triage_action
def assign_to_me(request, reference):
    report = _report_or_404(request, reference)
    report_assign(actor=request.user, report=report, user=request.user)
    messages.success(request, "This report is assigned to you.")
    return redirect("reporting:report", reference=report.reference)


@login_required
def attachment_download(request, reference, public_id):
    report = _report_or_404(request, reference, log=False)  # logged below as the file's export
    item = get_object_or_404(report.attachments, public_id=public_id)
    access_event_record(
        actor=request.user,
        action=AccessAction.EXPORT,
        object_type="report_attachment",
        object_id=str(item.public_id),
        object_label=f"{report.reference} {item.sha256[:12]}",
        purpose="triage of the reporting line",
        request=request,
    )
    try:
        stored = attachments.open_stored(item.path)
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    # Always a download, never shown inline: files from the public are not trusted.
    return FileResponse(
        stored,
        as_attachment=True,
        filename=item.name,
        content_type="application/octet-stream",
    )


def _step_up_fresh(request) -> bool:
    at = request.session.get(STEP_UP_KEY)
    return bool(at) and time.time() - float(at) < settings.STEP_UP_SECONDS


@never_cache
@login_required
def step_up(request):
    """Re-authenticate (password and, where the account has one, the authenticator code)."""
    if not may_see_identity(user=request.user):
        raise Http404
    target = request.GET.get("next") or request.POST.get("next") or reverse("reporting:queue")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("reporting:queue")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    form = StepUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, username=request.user.get_username(), password=form.cleaned_data["password"])
        if device is not None and not form.cleaned_data["token"]:
            form.add_error("token", "Enter the code from your authenticator app.")
        elif user is None or user.pk != request.user.pk:
            form.add_error("password", "That password is not right.")
        elif device is not None and not (
            device.verify_is_allowed()[0] and device.verify_token(form.cleaned_data["token"] or "")
        ):
            form.add_error("token", "That code is not right, or has expired. Try the newest code.")
        else:
            request.session[STEP_UP_KEY] = time.time()
            return redirect(target)
    return render(
        request,
        "reporting/step_up.html",
        {"form": form, "next": target, "needs_token": device is not None, "minutes": settings.STEP_UP_SECONDS // 60},
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
def identity(request, reference):
    report = _report_or_404(request, reference)
    if not may_see_identity(user=request.user):
        raise Http404
    if not _step_up_fresh(request):
        return redirect(f"{reverse('reporting:step-up')}?next={request.path}")
    form = IdentityForm(request.POST or None)
    shown = None
    if request.method == "POST" and form.is_valid():
        shown = identity_reveal(
            actor=request.user, report=report, purpose=form.cleaned_data["purpose"], request=request
        )
        return render(
            request, "reporting/identity.html", {"report": report, "identity": shown, "revealed": True, "form": form}
        )
    return render(
        request,
        "reporting/identity.html",
        {"report": report, "identity": None, "revealed": False, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def intermediary_import(request):
    _require_triager(request.user)
    from .importing import ImportRefused
    from .importing import intermediary_import as run_import

    form = IntermediaryImportForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = run_import(
                actor=request.user,
                intermediary=form.cleaned_data["intermediary"],
                file_name=upload.name[:200],
                data=upload.read(),
            )
        except ImportRefused as refused:
            form.add_error("file", str(refused))
            status = 400
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "reporting/import.html",
        {"form": form, "result": result, "recent": IntermediaryImport.objects.all()[:10]},
        status=status,
    )
