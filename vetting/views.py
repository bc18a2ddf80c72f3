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

    return render(request, "vetting/home.html", home_context(request.user))
