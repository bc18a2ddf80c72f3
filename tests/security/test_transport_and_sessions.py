"""Transport and session hardening: HSTS and the HTTPS redirect settable by environment (on by
default in production), no signed-in page kept in any cache, and a session that ends a fixed time
after sign-in however active it is."""

import time

import pytest
from django.test import Client

from accounts.choices import Role
from tests.conftest import quick_sign_in, sign_in
from tests.factories import UserFactory
from tests.security.test_production_settings import PRODUCTION, _load_settings

PRINT = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.SESSION_MAX_AGE_SECONDS)"
)


def _values(tmp_path, **env):
    result = _load_settings(tmp_path, code=PRINT, **env)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.split()


def test_production_defaults_to_hsts_and_the_https_redirect(tmp_path):
    hsts, redirect, lifetime = _values(tmp_path, **PRODUCTION)
    assert int(hsts) >= 31536000 and redirect == "True" and int(lifetime) == 10 * 3600


def test_hsts_and_the_redirect_are_set_by_environment(tmp_path):
    hsts, redirect, lifetime = _values(
        tmp_path, **PRODUCTION, SECURE_HSTS_SECONDS="600", SECURE_SSL_REDIRECT="0", SESSION_MAX_AGE_SECONDS="3600"
    )
    assert (hsts, redirect, lifetime) == ("600", "False", "3600")


@pytest.mark.django_db
def test_no_signed_in_response_may_be_stored(settings):
    client = quick_sign_in(UserFactory(role=Role.SUPERVISOR))
    for url in ("/", "/cases/", "/queues/all/", "/api/me/", "/does-not-exist/"):
        response = client.get(url)
        assert "no-store" in response.get("Cache-Control", ""), (url, response.status_code)
    assert "no-store" in Client().get("/sign-in/").get("Cache-Control", "")


@pytest.mark.django_db
def test_the_session_ends_a_fixed_time_after_sign_in_however_active(settings):
    user = UserFactory(role=Role.INVESTIGATOR)
    client = sign_in(Client(), user)
    assert client.get("/cases/").status_code == 200
    session = client.session
    signed_in_at = session["signed_in_at"]
    assert abs(signed_in_at - time.time()) < 60
    # still active, 1 s short of the limit: fine
    session["signed_in_at"] = time.time() - settings.SESSION_MAX_AGE_SECONDS + 30
    session.save()
    assert client.get("/cases/").status_code == 200
    # past the limit: signed out, even though the last request was moments ago
    session = client.session
    session["signed_in_at"] = time.time() - settings.SESSION_MAX_AGE_SECONDS - 1
    session.save()
    response = client.get("/cases/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
    assert client.get("/api/me/").status_code in (401, 403)
    assert "_auth_user_id" not in client.session
