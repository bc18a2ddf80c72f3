"""The Django admin cannot be used to escalate: an administrator manages other users' roles, but
cannot make anyone (least of all themselves) a superuser, grant model permissions directly,
change their own roles, or reach API tokens, authenticator devices or raw history there."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.test import Client

from accounts.choices import Role
from accounts.models import User
from tests.conftest import quick_sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _administrator():
    user = UserFactory(role=Role.ADMINISTRATOR)
    user.is_staff = True
    user.save()
    return user


def _change_form_post(user, **extra):
    """Everything the stock Django user change form accepts, with escalation attempts added."""
    data = {
        "username": user.username,
        "first_name": "Ada",
        "last_name": "Admin",
        "email": "",
        "is_active": "on",
        "is_staff": "on",
        "date_joined_0": "2026-01-05",
        "date_joined_1": "09:00:00",
        "last_login_0": "",
        "last_login_1": "",
        "person": "",
    }
    data.update(extra)
    return data


def test_the_user_form_offers_no_superuser_or_permission_fields():
    administrator = _administrator()
    other = UserFactory(role=Role.INVESTIGATOR)
    client = quick_sign_in(administrator)
    for user in (administrator, other):
        page = client.get(f"/admin/accounts/user/{user.pk}/change/")
        assert page.status_code == 200
        html = page.content.decode()
        assert 'name="is_superuser"' not in html
        assert 'name="user_permissions"' not in html
        assert 'name="is_demo_account"' not in html
    # others' roles are the administrator's to manage; their own are not
    assert 'name="groups"' in client.get(f"/admin/accounts/user/{other.pk}/change/").content.decode()
    assert 'name="groups"' not in client.get(f"/admin/accounts/user/{administrator.pk}/change/").content.decode()


def test_an_administrator_cannot_make_themselves_superuser_or_grant_themselves_anything():
    administrator = _administrator()
    client = quick_sign_in(administrator)
    auditor = Group.objects.get(name=Role.AUDITOR)
    token_perms = Permission.objects.filter(content_type__app_label="authtoken")
    response = client.post(
        f"/admin/accounts/user/{administrator.pk}/change/",
        _change_form_post(
            administrator,
            is_superuser="on",
            is_demo_account="on",
            groups=[auditor.pk, Group.objects.get(name=Role.ADMINISTRATOR).pk],
            user_permissions=[p.pk for p in token_perms],
        ),
    )
    assert response.status_code == 302, response.content[:2000]
    administrator.refresh_from_db()
    assert administrator.first_name == "Ada"  # the form was accepted ...
    assert not administrator.is_superuser  # ... but nothing was escalated
    assert not administrator.is_demo_account
    assert not administrator.user_permissions.exists()
    assert set(administrator.groups.values_list("name", flat=True)) == {Role.ADMINISTRATOR}


def test_an_administrator_manages_other_users_roles_but_cannot_escalate_them():
    administrator = _administrator()
    other = UserFactory(role=Role.INVESTIGATOR)
    client = quick_sign_in(administrator)
    supervisor = Group.objects.get(name=Role.SUPERVISOR)
    response = client.post(
        f"/admin/accounts/user/{other.pk}/change/",
        _change_form_post(
            other,
            is_superuser="on",
            groups=[supervisor.pk],
            user_permissions=[p.pk for p in Permission.objects.filter(content_type__app_label="authtoken")],
        ),
    )
    assert response.status_code == 302, response.content[:2000]
    other.refresh_from_db()
    assert set(other.groups.values_list("name", flat=True)) == {Role.SUPERVISOR}
    assert not other.is_superuser and not other.user_permissions.exists()


def test_an_administrator_cannot_take_over_a_superuser_account():
    administrator = _administrator()
    root = UserFactory(role=None, is_superuser=True, is_staff=True)
    client = quick_sign_in(administrator)
    page = client.get(f"/admin/accounts/user/{root.pk}/change/")
    assert page.status_code == 403 or 'name="username"' not in page.content.decode()  # at most read-only
    response = client.post(
        f"/admin/accounts/user/{root.pk}/password/",
        {"password1": "a-new-password-2026!", "password2": "a-new-password-2026!", "usable_password": "true"},
    )
    assert response.status_code in (403, 302)
    root.refresh_from_db()
    assert not root.check_password("a-new-password-2026!")


def test_tokens_authenticator_devices_and_raw_history_are_not_in_the_admin():
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from pghistory.models import Events
    from rest_framework.authtoken.models import Token, TokenProxy

    for model in (Token, TokenProxy, TOTPDevice, Events):
        assert not admin.site.is_registered(model), model
    # not even a superuser reaches them
    root = UserFactory(role=None, is_superuser=True, is_staff=True)
    client = quick_sign_in(root)
    for url in ("/admin/authtoken/tokenproxy/add/", "/admin/otp_totp/totpdevice/", "/admin/pghistory/events/"):
        assert client.get(url).status_code == 404, url
    assert Client().get("/admin/authtoken/tokenproxy/").status_code in (302, 404)


def test_create_administrator_makes_a_staff_administrator_who_is_not_a_superuser(monkeypatch):
    import io

    from django.core.management import CommandError, call_command

    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-admin-passphrase-2026\n"))
    call_command("create_administrator", "first.admin", "--password-stdin", stdout=io.StringIO())
    user = User.objects.get(username="first.admin")
    assert user.is_staff and not user.is_superuser and not user.is_demo_account
    assert user.roles == {Role.ADMINISTRATOR} and user.check_password("a-long-admin-passphrase-2026")
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    with pytest.raises(CommandError, match="Password refused"):
        call_command("create_administrator", "second.admin", "--password-stdin")
    assert not User.objects.filter(username="second.admin").exists()
