"""The menu marks one entry as the current one: the entry whose address is the longest match for
the page (an administrator on /workforce/imports/ is in "Workforce import", not also "Workforce")."""

import pytest

from accounts.choices import Role
from tests.conftest import quick_sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _active(client, path):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return [item["label"] for item in response.context["navigation"] if item["active"]]


def test_only_the_longest_matching_menu_entry_is_active():
    client = quick_sign_in(UserFactory(role=Role.ADMINISTRATOR))
    labels = [item["label"] for item in client.get("/").context["navigation"]]
    assert "Workforce" in labels and "Workforce import" in labels
    assert _active(client, "/workforce/imports/") == ["Workforce import"]
    assert _active(client, "/workforce/") == ["Workforce"]
    assert _active(client, "/") == ["Home"]
