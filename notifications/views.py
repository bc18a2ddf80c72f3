"""The user's notifications: Unread and All, mark read or unread, open one (marks it read)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from .selectors import notification_get, notifications_visible_to
from .services import notification_mark_read, notification_mark_unread, notifications_mark_all_read

PAGE_SIZE = 25
TABS = (("unread", "Unread"), ("all", "All"))


def _tab(value) -> str:
    return value if value in dict(TABS) else "unread"


def _back(request):
    """Back to the tab and page the form was on (both checked: never a free address)."""
    url = reverse("notifications:list")
    tab = _tab(request.POST.get("show"))
    page = request.POST.get("page", "")
    query = f"?show={tab}" + (f"&page={page}" if page.isdigit() and len(page) < 9 else "")
    return redirect(url + query)


def local_url(url: str) -> str | None:
    """A stored address the service may send the user to: a path on this site, nothing else."""
    if not url or not url.startswith("/") or url.startswith("//") or "\\" in url:
        return None
    return url if url_has_allowed_host_and_scheme(url, allowed_hosts=None) else None


@require_GET
@login_required
def notification_list(request):
    tab = _tab(request.GET.get("show"))
    visible = notifications_visible_to(user=request.user)
    unread = visible.filter(read_at__isnull=True)
    rows = unread if tab == "unread" else visible
    page = Paginator(rows.order_by("-created_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    unread_total = page.paginator.count if tab == "unread" else unread.count()
    return render(
        request,
        "notifications/list.html",
        {"page": page, "tab": tab, "tabs": TABS, "unread_total": unread_total},
    )


@require_GET
@login_required
def notification_open(request, public_id):
    """Marks the notification read, then goes to what it is about (a local address only)."""
    note = notification_get(user=request.user, public_id=public_id)
    notification_mark_read(actor=request.user, notification=note)
    return redirect(local_url(note.url) or reverse("notifications:list") + "?show=all")


@require_POST
@login_required
def notification_read(request, public_id):
    note = notification_get(user=request.user, public_id=public_id)
    notification_mark_read(actor=request.user, notification=note)
    messages.success(request, "Notification marked as read.")
    return _back(request)


@require_POST
@login_required
def notification_unread(request, public_id):
    note = notification_get(user=request.user, public_id=public_id)
    notification_mark_unread(actor=request.user, notification=note)
    messages.success(request, "Notification marked as unread.")
    return _back(request)


@require_POST
@login_required
def notifications_read_all(request):
    count = notifications_mark_all_read(actor=request.user)
    messages.success(request, f"{count} notification{'' if count == 1 else 's'} marked as read.")
    return _back(request)
