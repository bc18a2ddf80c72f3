from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse

from audit.choices import AccessAction
from audit.services import access_event_record
from cases.selectors import cases_visible_to

from .models import ProceedingOutcome


@login_required
def outcome_notice_pdf(request, reference, proceeding_id):
    case = cases_visible_to(user=request.user).filter(reference=reference).first()
    if case is None:
        raise Http404
    outcome = ProceedingOutcome.objects.filter(
        proceeding__subject__case=case, proceeding__public_id=proceeding_id, notice_given_on__isnull=False
    ).first()
    if outcome is None:
        raise Http404
    access_event_record(
        actor=request.user,
        action=AccessAction.PRINT,
        object_type="case",
        object_id=str(case.public_id),
        object_label=case.reference,
        purpose="outcome notice",
        request=request,
    )
    response = HttpResponse(bytes(outcome.notice_pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="outcome-notice-{case.reference}.pdf"'
    return response
