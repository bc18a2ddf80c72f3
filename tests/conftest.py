import os

import pytest
from django.db import connection
from django.test import Client

from tests.factories import PASSWORD, UserFactory, current_code, totp_device


def sign_in(client: Client, user, password: str = PASSWORD) -> Client:
    """The real two-step sign-in: password, then the TOTP code."""
    device = totp_device(user)
    response = client.post("/sign-in/", {"username": user.username, "password": password})
    assert response.status_code == 302, response.content[:500]
    response = client.post("/sign-in/verify/", {"token": current_code(device)})
    assert response.status_code == 302 and "/sign-in/" not in response["Location"], response.content[:500]
    return client


@pytest.fixture
def user_with_role(db):
    def make(role: str | None, **kwargs):
        return UserFactory(role=role, **kwargs)

    return make


@pytest.fixture
def signed_in(db):
    """signed_in(user) -> a test client that has completed both sign-in steps."""

    def make(user):
        return sign_in(Client(), user)

    return make


def quick_sign_in(user) -> Client:
    """A client whose session has completed both factors, without walking the sign-in pages
    (the sign-in itself is specified in tests/accounts); for tests that sign in many users."""
    from django_otp import DEVICE_ID_SESSION_KEY

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
    session.save()
    return client


# One real Celery worker for the whole session, shared by the integration and browser tests
# (two would share the queues and take each other's tasks).
@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """Start one real worker for the integration tests; stop it at the end."""
    from misconduct.celery import app

    with django_db_blocker.unblock():
        app.control.purge()  # nothing left over from an earlier run
        env = dict(os.environ, DATABASE_NAME=connection.settings_dict["NAME"], TESTING="1")
        worker = _worker_class()(env, tmp_path_factory.mktemp("celery") / "worker.log").start()
        if not worker.wait_ready():
            worker.stop()
            pytest.fail("Celery worker did not start:\n" + worker.log.read_text()[-3000:])
        yield worker
        worker.stop()
        connection.close()


def _worker_class():
    from tests.integration.conftest import Worker

    return Worker
