from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse

from audit.access import get_visible_or_404, log_read
from audit.choices import AccessAction
from cases.selectors import cases_visible_to

from .models import StaffHearing


@login_required
def invitation_pdf(request, reference, proceeding_id):
    """The invitation to a disciplinary hearing before a manager (police staff procedure)."""
    case = get_visible_or_404(
        user=request.user,
        selector=cases_visible_to,
        lookup={"reference": reference},
        purpose="invitation to a disciplinary hearing",
        request=request,
        log=False,
    )
    hearing = StaffHearing.objects.filter(proceeding__subject__case=case, proceeding__public_id=proceeding_id).first()
    if hearing is None:
        raise Http404
    log_read(
        user=request.user,
        obj=case,
        action=AccessAction.PRINT,
        purpose="invitation to a disciplinary hearing (police staff)",
        request=request,
    )
    response = HttpResponse(bytes(hearing.invitation_pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="hearing-invitation-{case.reference}.pdf"'
    return response
