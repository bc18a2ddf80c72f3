import base64
import io
from urllib.parse import quote

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .choices import Role
from .forms import SignInForm, TokenForm, UnlockForm
from .lockouts import account_unlock, lockouts_visible_to, recent_unlocks
from .middleware import second_factor_complete


def _safe_next(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def sign_in(request):
    if second_factor_complete(request.user):
        return redirect(_safe_next(request))
    form = SignInForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        login(request, form.get_user())
        return redirect(_safe_next(request))
    return render(request, "accounts/sign_in.html", {"form": form, "next": _safe_next(request, "")})


def locked_out(request, credentials=None, *args, **kwargs):
    """django-axes calls this once an account has had too many failed sign-ins."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    form = SignInForm(request)
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "locked_minutes": minutes},
        status=429,
    )


@login_required
def verify(request):
    if second_factor_complete(request.user):
        return redirect(_safe_next(request))
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect("accounts:enrol")
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if device.verify_is_allowed()[0] and device.verify_token(form.cleaned_data["token"]):
            otp_login(request, device)
            return redirect(_safe_next(request))
        form.add_error("token", "That code is not right, or has expired. Try the newest code.")
    return render(request, "accounts/verify.html", {"form": form, "next": _safe_next(request, "")})


def _qr_svg_data_uri(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@login_required
def enrol(request):
    """First sign-in: register an authenticator app (TOTP) for this account."""
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("accounts:verify")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="Authenticator app", confirmed=False)
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, "Your authenticator app is set up.")
            return redirect("home")
        form.add_error("token", "That code is not right. Check the time on your phone and try the newest code.")
    secret = base64.b32encode(device.bin_key).decode()
    issuer = quote(settings.OTP_TOTP_ISSUER)
    return render(
        request,
        "accounts/enrol.html",
        {"form": form, "qr": _qr_svg_data_uri(device.config_url), "secret": secret, "issuer": issuer},
    )


@require_POST
def sign_out(request):
    logout(request)
    messages.info(request, "You have signed out.")
    return redirect("accounts:sign-in")


def _require_administrator(user):
    if not user.has_role(Role.ADMINISTRATOR):
        raise Http404


@login_required
def locked(request):
    """Accounts locked now after failed sign-ins, each with "Unlock", and the last unlocks."""
    _require_administrator(request.user)
    return render(
        request,
        "accounts/locked.html",
        {
            "lockouts": lockouts_visible_to(user=request.user),
            "unlocks": recent_unlocks(user=request.user),
            "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
        },
    )


@login_required
def unlock(request):
    """GET ?username=: the unlock form for one locked account; POST: unlock it with a reason."""
    _require_administrator(request.user)
    data = request.POST if request.method == "POST" else None
    username = (request.POST or request.GET).get("username", "")
    lockout = next((x for x in lockouts_visible_to(user=request.user) if x.username == username), None)
    form = UnlockForm(data, initial={"username": username})
    if request.method == "POST" and form.is_valid():
        try:
            account_unlock(
                actor=request.user, username=form.cleaned_data["username"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "conflict":
                messages.info(request, error.messages[0])
                return redirect("accounts:locked")
            form.add_error(None, error)
        else:
            messages.success(request, f"{username} is unlocked: they can sign in again.")
            return redirect("accounts:locked")
    return render(
        request,
        "accounts/unlock.html",
        {"form": form, "lockout": lockout, "username": username},
        status=400 if form.errors else 200,
    )
