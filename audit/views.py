from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from accounts.choices import AUDIT_READERS

from .choices import AccessAction
from .filters import AccessEventFilter
from .selectors import access_events_visible_to
from .services import access_event_record


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
