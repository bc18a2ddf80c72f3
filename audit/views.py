import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.choices import AUDIT_READERS

from .choices import AccessAction
from .filters import AccessEventFilter
from .selectors import EXPORT_CHECK_DAYS, access_events_visible_to, exports_to_check
from .services import access_event_record, export_check


@login_required
def search(request):
    if not request.user.has_role(*AUDIT_READERS):
        raise Http404
    events = access_events_visible_to(user=request.user).select_related(None)
    filterset = AccessEventFilter(request.GET or None, queryset=events)
    searched = bool(request.GET) and filterset.is_valid()
    page = None
    if searched:
        page = Paginator(filterset.qs.order_by("-seq"), 50).get_page(request.GET.get("page"))
        page.object_list = list(page.object_list)  # the results as they were before this search is logged
        access_event_record(
            actor=request.user,
            action=AccessAction.SEARCH,
            object_type="access_log",
            object_id="search",
            object_label=(request.GET.get("object") or request.GET.get("username") or "all")[:120],
            purpose="audit of access to protected records",
            request=request,
        )
    return render(request, "audit/search.html", {"filter": filterset, "page": page, "searched": searched})


def _require_auditor(user):
    if not user.has_role(*AUDIT_READERS):
        raise Http404


@login_required
def exports(request):
    """Exports, prints and disclosures of the last 30 days that no auditor has checked yet."""
    _require_auditor(request.user)
    events = exports_to_check(user=request.user)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    if page.object_list:  # reading the access log is itself logged (as a search is)
        access_event_record(
            actor=request.user,
            action=AccessAction.VIEW,
            object_type="access_log",
            object_id="exports",
            object_label=f"exports to check ({len(page.object_list)})",
            purpose="audit of sensitive exports",
            request=request,
        )
    return render(request, "audit/exports.html", {"page": page, "days": EXPORT_CHECK_DAYS})


@login_required
def export_check_view(request):
    """POST: mark one export as checked; back to the list (or home)."""
    _require_auditor(request.user)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    event_id = request.POST.get("event", "")
    try:
        uuid.UUID(event_id)
    except ValueError:
        raise Http404 from None
    event = access_events_visible_to(user=request.user).filter(public_id=event_id).first()
    if event is None:
        raise Http404
    try:
        export_check(actor=request.user, event=event, note=request.POST.get("note", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Marked as checked: {event.get_action_display().lower()} by {event.actor_username}.")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=False):
        back = reverse("audit:exports")
    return redirect(back or reverse("audit:exports"))
