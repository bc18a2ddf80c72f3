from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

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
