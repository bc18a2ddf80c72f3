"""The public portal: no sign-in, no address kept (see middleware.py), every string translatable."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from . import ratelimit
from .attachments import AttachmentRefused
from .forms import FollowUpForm, ReporterMessageForm, ReportForm
from .models import MessageDirection, Report
from .services import AlreadySubmitted, normalise_reference, receipt_check, report_submit, reporter_message_add

SESSION_KEY = "portal_report"


def _client_key(request) -> str:
    # Set by PortalPrivacyMiddleware; a request that somehow bypassed it shares one allowance.
    return getattr(request, "client_key", "unknown")


def _throttled(request, bucket: str):
    minutes = ratelimit.retry_minutes(bucket)
    return render(request, "reporting/public/throttled.html", {"minutes": minutes}, status=429)


def start(request):
    return render(request, "reporting/public/start.html")


@never_cache
@csrf_protect
def report_new(request):
    if request.method != "POST":
        return render(request, "reporting/public/new.html", {"form": ReportForm()})
    form = ReportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request, "reporting/public/new.html", {"form": form, "files_lost": bool(request.FILES)}, status=400
        )
    key = _client_key(request)
    if not ratelimit.take("report", key):  # checked and counted in one atomic step
        return _throttled(request, "report")
    try:
        submitted = report_submit(
            submission_token=form.cleaned_data["submission_token"],
            what_happened=form.cleaned_data["what_happened"],
            when_happened=form.cleaned_data["when_happened"],
            where_happened=form.cleaned_data["where_happened"],
            people_described=form.cleaned_data["people_described"],
            how_known=form.cleaned_data["how_known"],
            how_known_detail=form.cleaned_data["how_known_detail"],
            ongoing=form.ongoing_value(),
            identity=form.identity(),
            uploads=form.cleaned_data["files"],
        )
    except AlreadySubmitted:
        ratelimit.give_back("report", key)
        return render(request, "reporting/public/already_sent.html", status=409)
    except AttachmentRefused as refused:
        ratelimit.give_back("report", key)
        form.add_error("files", refused.message)
        return render(request, "reporting/public/new.html", {"form": form, "files_lost": True}, status=400)
    # The receipt code exists only in this response: it is not stored, logged or put in a session.
    return render(
        request,
        "reporting/public/sent.html",
        {
            "reference": submitted.report.reference,
            "receipt": submitted.receipt,
            "anonymous": submitted.report.anonymous,
        },
    )


@never_cache
@csrf_protect
def follow_up(request):
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key = _client_key(request)
        reference_key = ratelimit.keyed_hash("reference:" + normalise_reference(form.cleaned_data["reference"]))
        # each try is counted before the check (atomically), and given back if the code was right
        allowed = ratelimit.take("receipt", key)
        allowed = ratelimit.take("receipt_reference", reference_key) and allowed
        if not allowed:
            return _throttled(request, "receipt")
        report = receipt_check(reference=form.cleaned_data["reference"], receipt=form.cleaned_data["receipt"])
        if report is None:
            form.add_error(None, _("The reference or receipt code is not right. Check them and try again."))
        else:
            ratelimit.give_back("receipt", key)
            ratelimit.give_back("receipt_reference", reference_key)
            request.session.cycle_key()
            request.session[SESSION_KEY] = str(report.public_id)
            return redirect("portal:report")
    return render(request, "reporting/public/follow_up.html", {"form": form}, status=400 if form.errors else 200)


def _reporter_report(request) -> Report | None:
    public_id = request.session.get(SESSION_KEY)
    if not public_id:
        return None
    return Report.objects.filter(public_id=public_id).first()


@never_cache
@csrf_protect
def report_status(request):
    report = _reporter_report(request)
    if report is None:
        messages.info(request, _("Enter your reference and receipt code to see your report."))
        return redirect("portal:follow-up")
    form = ReporterMessageForm()
    status = 200
    if request.method == "POST":
        form = ReporterMessageForm(request.POST, request.FILES)
        key = _client_key(request)
        if not ratelimit.take("message", key):
            return _throttled(request, "message")
        if form.is_valid():
            try:
                reporter_message_add(report=report, body=form.cleaned_data["body"], uploads=form.cleaned_data["files"])
            except AttachmentRefused as refused:
                form.add_error("files", refused.message)
            else:
                messages.success(request, _("Thank you. Your message has been added to your report."))
                return redirect("portal:report")
        ratelimit.give_back("message", key)  # not added: this try does not count
        status = 400
    thread = list(report.messages.prefetch_related("attachments"))
    return render(
        request,
        "reporting/public/report.html",
        {
            "report": report,
            "thread": thread,
            "from_reporter": MessageDirection.FROM_REPORTER,
            "first_files": report.attachments.filter(message__isnull=True),
            "form": form,
        },
        status=status,
    )


@csrf_protect
def sign_out(request):
    if request.method == "POST":
        request.session.flush()
        messages.info(request, _("You have left your report. Keep your reference and receipt code safe."))
    return redirect("portal:start")
