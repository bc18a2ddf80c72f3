import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django_otp.plugins.otp_totp.models import TOTPDevice

SIGNED_IN_AT = "signed_in_at"

# Pages a signed-in user may reach before completing the second factor.
_OPEN_PATHS = ("/sign-in/", "/sign-out/", "/healthz")


def second_factor_complete(user) -> bool:
    if not user.is_authenticated:
        return False
    return bool(user.is_verified() or user.second_factor_exempt)


class SecondFactorRequiredMiddleware:
    """A password alone opens nothing: every staff account needs its TOTP second factor.

    The API is guarded by its own authentication class (a session counts only once verified).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        path = request.path
        if (
            user.is_authenticated
            and not second_factor_complete(user)
            and not path.startswith(_OPEN_PATHS)
            and not path.startswith(settings.STATIC_URL)
            and not path.startswith("/api/")
        ):
            if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                return redirect(f"{reverse('accounts:verify')}?next={path}")
            return redirect(reverse("accounts:enrol"))
        return self.get_response(request)


@receiver(user_logged_in, dispatch_uid="accounts.stamp_sign_in_time")
def _stamp_sign_in_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = time.time()


class SessionLifetimeMiddleware:
    """A session ends SESSION_MAX_AGE_SECONDS after sign-in however active it is (the idle timeout
    alone would let a session in constant use live for ever). A session without the stamp (made
    before this existed) starts its lifetime now."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            signed_in_at = request.session.get(SIGNED_IN_AT)
            if not isinstance(signed_in_at, int | float):
                request.session[SIGNED_IN_AT] = time.time()
            elif time.time() - signed_in_at > settings.SESSION_MAX_AGE_SECONDS:
                logout(request)  # flushes the session; the request goes on signed out
        return self.get_response(request)


class NoStoreMiddleware:
    """No page, document or API answer may be kept by a browser or proxy cache: every response the
    application makes is marked `Cache-Control: no-store` here, so no view can forget (case pages,
    PDFs, exports, triage). Static files are served before this by WhiteNoise and keep their
    long-lived caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(settings.STATIC_URL):
            add_never_cache_headers(response)
        return response
