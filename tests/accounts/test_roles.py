import pytest
from django.contrib.auth.models import Group

from accounts.choices import Role

pytestmark = pytest.mark.django_db


def test_every_role_in_the_domain_is_a_group():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def test_roles_carry_model_permissions():
    admin = Group.objects.get(name=Role.ADMINISTRATOR)
    assert admin.permissions.filter(codename="add_workforceimport").exists()
    auditor = Group.objects.get(name=Role.AUDITOR)
    assert list(auditor.permissions.values_list("codename", flat=True)) == ["view_accessevent"]
    assert not Group.objects.get(name=Role.OVERSIGHT_READER).permissions.exists()
