"""An administrator unlocks an account django-axes locked after failed sign-ins: with a reason,
recorded, once; the user can sign in again at once."""

import threading
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.utils import timezone

from accounts.choices import Role
from accounts.lockouts import account_unlock, lockouts_count, lockouts_visible_to
from accounts.models import AccountUnlock
from tests.conftest import quick_sign_in
from tests.factories import PASSWORD, UserFactory
from workday.home import sections_for

pytestmark = pytest.mark.django_db


def _lock(username: str) -> None:
    """Five real failed sign-ins through the sign-in page."""
    client = Client()
    for _ in range(5):
        client.post("/sign-in/", {"username": username, "password": "wrong-password"})
    assert client.post("/sign-in/", {"username": username, "password": PASSWORD}).status_code == 429


def test_a_locked_account_is_listed_unlocked_with_a_reason_and_signs_in_again():
    admin = UserFactory(role=Role.ADMINISTRATOR)
    officer = UserFactory(role=Role.INVESTIGATOR)
    _lock(officer.username)
    [lock] = lockouts_visible_to(user=admin)
    assert lock.username == officer.username and lock.failures >= 5
    assert lock.until > timezone.now()

    unlock = account_unlock(actor=admin, username=officer.username, reason="Called the desk; identity confirmed.")
    assert (unlock.unlocked_by, unlock.failures, unlock.reason) == (admin, lock.failures, unlock.reason)
    assert lockouts_visible_to(user=admin) == [] and lockouts_count(user=admin) == 0
    assert not AccessAttempt.objects.filter(username=officer.username).exists()
    assert Client().post("/sign-in/", {"username": officer.username, "password": PASSWORD}).status_code == 302


def test_only_administrators_unlock_and_see_locks():
    officer = UserFactory(role=Role.INVESTIGATOR)
    _lock(officer.username)
    for role in (Role.SUPERVISOR, Role.AUDITOR, None):
        user = UserFactory(role=role)
        assert lockouts_visible_to(user=user) == [] and lockouts_count(user=user) == 0
        with pytest.raises(ValidationError):
            account_unlock(actor=user, username=officer.username, reason="Because.")
    assert AccessAttempt.objects.filter(username=officer.username).exists()


def test_a_reason_is_required_and_an_expired_or_unlocked_account_is_refused(settings):
    admin = UserFactory(role=Role.ADMINISTRATOR)
    officer = UserFactory(role=Role.INVESTIGATOR)
    _lock(officer.username)
    with pytest.raises(ValidationError) as error:
        account_unlock(actor=admin, username=officer.username, reason="   ")
    assert "reason" in error.value.message_dict
    account_unlock(actor=admin, username=officer.username, reason="Identity confirmed.")
    with pytest.raises(ValidationError) as error:
        account_unlock(actor=admin, username=officer.username, reason="Again.")
    assert error.value.code == "conflict"
    # a lock older than the cool-off has run out by itself: nothing to unlock
    _lock("someone.else")
    AccessAttempt.objects.filter(username="someone.else").update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    )
    assert lockouts_visible_to(user=admin) == []
    with pytest.raises(ValidationError):
        account_unlock(actor=admin, username="someone.else", reason="Identity confirmed.")
    assert AccountUnlock.objects.count() == 1


def test_the_pages_list_unlock_and_answer_bad_input_with_field_errors():
    admin = UserFactory(role=Role.ADMINISTRATOR)
    officer = UserFactory(role=Role.INVESTIGATOR, username="dana.locked")
    _lock(officer.username)
    client = quick_sign_in(admin)
    page = client.get("/accounts/locked/").content.decode()
    assert "dana.locked" in page and "/accounts/locked/unlock/?username=dana.locked" in page

    form = client.get("/accounts/locked/unlock/?username=dana.locked")
    assert form.status_code == 200 and "Unlock dana.locked" in form.content.decode()
    bad = client.post("/accounts/locked/unlock/", {"username": "dana.locked", "reason": ""})
    assert bad.status_code == 400
    assert "There is a problem" in bad.content.decode() and 'href="#id_reason"' in bad.content.decode()
    assert AccessAttempt.objects.filter(username="dana.locked").exists()

    done = client.post("/accounts/locked/unlock/", {"username": "dana.locked", "reason": "Identity confirmed."})
    assert done.status_code == 302 and done["Location"] == "/accounts/locked/"
    after = client.get("/accounts/locked/").content.decode()
    assert "dana.locked is unlocked" in after and "Identity confirmed." in after
    # the same form again, or a name never locked: back to the list with a message, never a 500
    again = client.post("/accounts/locked/unlock/", {"username": "dana.locked", "reason": "Twice."}, follow=True)
    assert again.status_code == 200 and "no longer locked" in again.content.decode()
    for query in ("", "?username=nobody", "?username=%00%ff" + "x" * 300):
        unknown = client.get("/accounts/locked/unlock/" + query)
        assert unknown.status_code == 200 and "is not locked now" in unknown.content.decode(), query


def test_the_administrators_home_lists_a_lock_and_loses_it_when_unlocked():
    admin = UserFactory(role=Role.ADMINISTRATOR)
    officer = UserFactory(role=Role.INVESTIGATOR)
    _lock(officer.username)

    def section():
        [found] = [s for s in sections_for(admin, timezone.localdate()) if s.key == "admin-imports"]
        return found

    before = section()
    assert before.count == 1 and before.items[0].title == f"Account locked: {officer.username}"
    assert before.items[0].url == f"/accounts/locked/unlock/?username={officer.username}"
    account_unlock(actor=admin, username=officer.username, reason="Identity confirmed.")
    assert section().count == 0


@pytest.mark.django_db(transaction=True)
def test_two_administrators_unlocking_at_once_record_one_unlock():
    first, second = UserFactory(role=Role.ADMINISTRATOR), UserFactory(role=Role.ADMINISTRATOR)
    officer = UserFactory(role=Role.INVESTIGATOR)
    _lock(officer.username)
    barrier, results = threading.Barrier(2), {}

    def press(admin):
        barrier.wait()
        try:
            account_unlock(actor=admin, username=officer.username, reason=f"By {admin.username}.")
            results[admin.username] = "unlocked"
        except ValidationError as error:
            results[admin.username] = error.code
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(a,)) for a in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results.values()) == ["conflict", "unlocked"]
    assert AccountUnlock.objects.count() == 1
