from django.db.models import QuerySet

from accounts.choices import WORKFORCE_READERS, Role

from .models import OrgUnit, Person, WorkforceImport


def people_visible_to(*, user) -> QuerySet[Person]:
    if not user.is_authenticated or not user.has_role(*WORKFORCE_READERS):
        return Person.objects.none()
    return Person.objects.select_related("command", "unit", "line_manager", "ethnicity")


def org_units_visible_to(*, user) -> QuerySet[OrgUnit]:
    if not user.is_authenticated or not user.has_role(*WORKFORCE_READERS):
        return OrgUnit.objects.none()
    return OrgUnit.objects.select_related("parent")


def workforce_imports_visible_to(*, user) -> QuerySet[WorkforceImport]:
    if not user.is_authenticated or not user.has_role(Role.ADMINISTRATOR):
        return WorkforceImport.objects.none()
    return WorkforceImport.objects.select_related("uploaded_by").defer("content")
