from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from accounts.choices import Role

VETTING_ROLES = (Role.VETTING_OFFICER,)


def require_vetting(user):
    if not user.has_role(*VETTING_ROLES):
        raise Http404


@login_required
def home(request):
    """The vetting officer's landing page: expiring clearances, reviews, screening hits."""
    require_vetting(request.user)
    from .home import home_context
    from .selectors import record_list_view

    context = home_context(request.user)
    listed = sum(section.get("hits_listed", 0) for section in context["sections"])
    if listed:  # the home page names people with screening hits: that is a view of them
        record_list_view(
            user=request.user,
            object_type="screening_hits",
            count=listed,
            label="screening hits on the vetting home page",
            purpose="Screening hit review",
            request=request,
        )
    return render(request, "vetting/home.html", context)
