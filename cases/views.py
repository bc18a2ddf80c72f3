from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from accounts.choices import CASE_READERS
from audit.choices import AccessAction
from audit.services import access_event_record

from .filters import CaseFilter
from .selectors import cases_visible_to


@login_required
def case_list(request):
    if not request.user.has_role(*CASE_READERS):
        raise Http404
    cases = cases_visible_to(user=request.user).prefetch_related("case_subjects__person")
    filterset = CaseFilter(request.GET or None, queryset=cases)
    page = Paginator(filterset.qs, 25).get_page(request.GET.get("page"))
    return render(request, "cases/list.html", {"filter": filterset, "page": page})


@login_required
def case_detail(request, reference):
    case = (
        cases_visible_to(user=request.user)
        .prefetch_related("case_subjects__person__unit")
        .filter(reference=reference)
        .first()
    )
    if case is None:
        raise Http404
    access_event_record(
        actor=request.user,
        action=AccessAction.VIEW,
        object_type="case",
        object_id=str(case.public_id),
        object_label=case.reference,
        purpose="case work",
        request=request,
    )
    return render(request, "cases/detail.html", {"case": case})
