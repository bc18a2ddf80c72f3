"""A member of staff declares on simple pages: field errors shown, a confirmation, status listed."""

import pytest

from integrity.choices import EntryStatus
from integrity.models import BusinessInterest, GiftHospitality
from tests.factories import UserFactory

from .conftest import declare_gift, staff_user

pytestmark = pytest.mark.django_db


def test_declaring_a_business_interest_saves_it_awaiting_a_decision_and_confirms(signed_in):
    user = staff_user()
    client = signed_in(user)
    response = client.post(
        "/integrity/mine/business-interests/declare/",
        {"category": "property_letting", "business_name": "Flat 2, 9 Hill Street", "activity": "I let a flat",
         "hours_per_week": "1", "payment": "£650 a month rent", "conflict_statement": "None: a private tenant."},
    )  # fmt: skip
    entry = BusinessInterest.objects.get(person=user.person)
    assert response.status_code == 302 and response["Location"].endswith(f"/{entry.public_id}/declared/")
    assert (
        entry.status == EntryStatus.AWAITING and entry.declared_by == user and entry.category_id == "property_letting"
    )
    confirmation = client.get(response["Location"]).content.decode()
    assert "Declaration sent" in confirmation and entry.reference in confirmation
    mine = client.get("/integrity/mine/").content.decode()
    assert entry.reference in mine and "Awaiting decision" in mine


def test_a_declaration_with_missing_or_bad_fields_shows_field_errors_and_saves_nothing(signed_in):
    client = signed_in(staff_user())
    response = client.post(
        "/integrity/mine/business-interests/declare/", {"category": "nonsense", "hours_per_week": "200"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert {"category", "business_name", "activity", "hours_per_week", "conflict_statement"} <= set(form.errors)
    page = response.content.decode()
    assert "There is a problem" in page and 'href="#id_business_name"' in page
    assert BusinessInterest.objects.count() == 0


def test_a_gift_offered_in_the_future_or_with_a_negative_value_is_refused_by_field(signed_in):
    client = signed_in(staff_user())
    response = client.post(
        "/integrity/mine/gifts/declare/",
        {"offered_by": "A supplier", "description": "Tickets", "estimated_value": "-5", "offered_on": "2099-01-01",
         "accepted": "yes", "reason": "x"},
    )  # fmt: skip
    assert set(response.context["form"].errors) == {"estimated_value", "offered_on"}
    assert GiftHospitality.objects.count() == 0


def test_a_declined_gift_or_one_at_or_below_the_threshold_is_recorded_without_a_decision(settings):
    settings.INTEGRITY_GIFT_APPROVAL_THRESHOLD = "50"
    user = staff_user()
    assert declare_gift(user, value="120", accepted=False).status == EntryStatus.RECORDED
    assert declare_gift(user, value="50", accepted=True).status == EntryStatus.RECORDED
    assert declare_gift(user, value="50.01", accepted=True).status == EntryStatus.AWAITING


def test_a_user_without_a_workforce_record_is_told_and_cannot_declare(signed_in):
    client = signed_in(UserFactory())
    assert "not linked to a workforce record" in client.get("/integrity/mine/").content.decode()
    response = client.post(
        "/integrity/mine/changes/declare/", {"kind": "address", "changed_on": "2026-10-01", "details": "New flat"}
    )
    assert response.status_code == 200 and "not linked to a workforce record" in response.content.decode()


def test_my_declarations_is_in_the_menu_only_for_users_with_a_workforce_record(signed_in):
    def labels(user):
        return [item["label"] for item in signed_in(user).get("/").context["navigation"]]

    assert "My declarations" in labels(staff_user())
    assert "My declarations" not in labels(UserFactory())
    assert "Integrity registers" not in labels(staff_user())
