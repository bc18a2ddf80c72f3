from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from tests.conftest import sign_in
from tests.factories import PASSWORD, current_code, totp_device

pytestmark = pytest.mark.django_db


def test_password_alone_opens_nothing_until_the_second_factor(user_with_role):
    user = user_with_role("investigator")
    totp_device(user)
    client = Client()
    client.post("/sign-in/", {"username": user.username, "password": PASSWORD})
    response = client.get("/cases/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/verify/")
    # nor does the API accept the half-signed-in session
    assert client.get("/api/cases/").status_code in (401, 403)


def test_first_sign_in_requires_setting_up_an_authenticator(user_with_role):
    user = user_with_role("supervisor")
    client = Client()
    client.post("/sign-in/", {"username": user.username, "password": PASSWORD})
    response = client.get("/")
    assert response["Location"] == "/sign-in/set-up-authenticator/"
    page = client.get("/sign-in/set-up-authenticator/")
    assert b"data:image/svg+xml;base64," in page.content
    device = user.totpdevice_set.get()
    assert device.confirmed is False
    response = client.post("/sign-in/set-up-authenticator/", {"token": current_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get("/cases/").status_code == 200


def test_wrong_code_is_refused_with_a_clear_message(user_with_role):
    user = user_with_role("investigator")
    device = totp_device(user)
    client = Client()
    client.post("/sign-in/", {"username": user.username, "password": PASSWORD})
    wrong = "000000" if current_code(device) != "000000" else "111111"
    response = client.post("/sign-in/verify/", {"token": wrong})
    assert response.status_code == 200
    assert b"That code is not right" in response.content
    response = client.post("/sign-in/verify/", {"token": "12ab"})
    assert b"The code must be 6 digits" in response.content
    assert client.get("/cases/").status_code == 302


def test_five_failed_sign_ins_lock_the_account_even_with_the_right_password(user_with_role):
    user = user_with_role("investigator")
    client = Client()
    for _ in range(5):
        response = client.post("/sign-in/", {"username": user.username, "password": "wrong-password"})
    response = client.post("/sign-in/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert b"This account is locked" in response.content
    assert AccessAttempt.objects.get(username=user.username).failures_since_start >= 5
    # another account from the same address is not locked
    other = user_with_role("investigator")
    response = Client().post("/sign-in/", {"username": other.username, "password": PASSWORD})
    assert response.status_code == 302


def test_lockout_lasts_at_least_ten_minutes(settings):
    assert settings.AXES_COOLOFF_TIME >= timedelta(minutes=10)
    assert settings.AXES_FAILURE_LIMIT == 5


def test_every_sign_in_attempt_is_logged(user_with_role):
    user = user_with_role("investigator")
    client = Client()
    client.post("/sign-in/", {"username": user.username, "password": "nope"})
    client.post("/sign-in/", {"username": user.username, "password": PASSWORD})
    assert AccessFailureLog.objects.filter(username=user.username).count() == 1
    assert AccessLog.objects.filter(username=user.username).count() == 1


def test_session_ends_after_thirty_idle_minutes(user_with_role):
    user = user_with_role("investigator")
    client = sign_in(Client(), user)
    assert client.get("/cases/").status_code == 200
    session = Session.objects.get(session_key=client.session.session_key)
    remaining = session.expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)
    # 31 idle minutes later the session is gone
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/cases/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_demo_accounts_skip_the_second_factor_only_in_demo_mode(user_with_role, settings):
    user = user_with_role("investigator", is_demo_account=True)
    settings.DEMO_MODE = False
    client = Client()
    client.post("/sign-in/", {"username": user.username, "password": PASSWORD})
    assert client.get("/cases/").status_code == 302
    settings.DEMO_MODE = True
    response = client.get("/cases/")
    assert response.status_code == 200
    assert b"demonstration system" in response.content


def test_sign_out_needs_post_and_ends_the_session(user_with_role):
    client = sign_in(Client(), user_with_role("investigator"))
    assert client.get("/sign-out/").status_code == 405
    client.post("/sign-out/")
    assert client.get("/cases/").status_code == 302


def test_open_redirects_are_refused(user_with_role):
    user = user_with_role("investigator")
    totp_device(user)
    response = Client().post("/sign-in/?next=https://evil.example/", {"username": user.username, "password": PASSWORD})
    assert "evil.example" not in response["Location"]
