"""Schemathesis over the whole OpenAPI schema, as an authorised user: no 5xx anywhere."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error

from accounts.choices import Role
from misconduct.wsgi import application
from tests.factories import CaseFactory, PersonFactory, UserFactory


@pytest.fixture
def api_schema(db):
    # As Django's test client does: keep the test's transaction open across WSGI requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    admin = UserFactory(role=Role.ADMINISTRATOR)
    token = Token.objects.create(user=admin)
    yield schemathesis.openapi.from_wsgi("/api/schema/", application, headers={"Authorization": f"Token {token.key}"})
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def everyone_token(db):
    """A token for a user holding every role, so every endpoint answers with data."""
    user = UserFactory(role=Role.ADMINISTRATOR)
    from django.contrib.auth.models import Group

    user.groups.set(Group.objects.all())
    CaseFactory(subjects=[PersonFactory()])
    return Token.objects.create(user=user).key


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_endpoint_answers_5xx(case, everyone_token):
    case.call_and_validate(headers={"Authorization": f"Token {everyone_token}"}, checks=[not_a_server_error])
