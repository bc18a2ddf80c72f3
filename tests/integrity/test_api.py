"""The registers' API: declare (201 or 400 by field), list and read with need-to-know, decide (400
with reasons, 409 when decided already)."""

import pytest

from integrity.models import BusinessInterest, GiftHospitality

from .conftest import declare_business, staff_user

pytestmark = pytest.mark.django_db


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_a_declaration_through_the_api_is_saved_for_the_caller(signed_in):
    user = staff_user()
    response = _post(
        signed_in(user), "/api/integrity/gifts/",
        {"offered_by": "A supplier", "description": "Two match tickets", "estimated_value": "180",
         "offered_on": "2026-11-01", "accepted": True, "reason": "Declined at first, then accepted"},
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "awaiting" and body["person"]["staff_number"] == user.person.staff_number
    assert GiftHospitality.objects.get(public_id=body["id"]).person == user.person


def test_a_bad_declaration_answers_400_with_reasons_by_field(signed_in):
    client = signed_in(staff_user())
    response = _post(client, "/api/integrity/business-interests/", {"category": "x", "hours_per_week": "lots"})
    assert response.status_code == 400
    assert {"category", "business_name", "hours_per_week", "conflict_statement"} <= set(response.json())
    response = _post(client, "/api/integrity/business-interests/", {"business_name": ["a", "b"]})
    assert response.status_code == 400 and "business_name" in response.json()
    assert client.post("/api/integrity/changes/", "[1]", content_type="application/json").status_code == 400
    assert BusinessInterest.objects.count() == 0


def test_a_declaration_by_a_user_without_a_workforce_record_answers_400(signed_in):
    from tests.factories import UserFactory

    response = _post(
        signed_in(UserFactory()), "/api/integrity/changes/",
        {"kind": "address", "changed_on": "2026-10-01", "details": "Moved"},
    )  # fmt: skip
    assert response.status_code == 400 and "workforce record" in str(response.json())


def test_deciding_through_the_api(signed_in, approver):
    entry = declare_business(staff_user())
    client = signed_in(approver)
    url = f"/api/integrity/business-interests/{entry.public_id}/decide/"
    response = _post(client, url, {"decision": "refused"})
    assert response.status_code == 400 and "reasons" in response.json()
    assert _post(client, url, {"decision": "maybe"}).status_code == 400
    response = _post(client, url, {"decision": "conditions", "reasons": "Overlap with role"})
    assert response.status_code == 400 and "conditions" in response.json()
    response = _post(client, url, {"decision": "refused", "reasons": "Conflicts with the role"})
    assert response.status_code == 200 and response.json()["decision"] == "refused"
    assert _post(client, url, {"decision": "approved"}).status_code == 409


def test_the_api_list_filters_by_status(signed_in, approver):
    awaiting = declare_business(staff_user())
    client = signed_in(approver)
    results = client.get("/api/integrity/business-interests/", {"status": "decided"}).json()["results"]
    assert str(awaiting.public_id) not in {r["id"] for r in results}
    results = client.get("/api/integrity/business-interests/", {"status": "awaiting"}).json()["results"]
    assert str(awaiting.public_id) in {r["id"] for r in results}


def test_odd_input_answers_400_or_an_empty_list_never_a_server_error(signed_in, approver):
    entry = declare_business(staff_user())
    client = signed_in(approver)
    for query in ({"staff_number": "a\x00b"}, {"declared_since": "not-a-date"}, {"status": "\x00"}, {"page": "x"}):
        assert client.get("/api/integrity/business-interests/", query).status_code in (200, 400, 404), query
        assert client.get("/integrity/", query).status_code == 200, query
    for body in (
        {"business_name": "a\x00b", "hours_per_week": "1e400", "category": "\x00"},
        {"hours_per_week": "NaN"},
        {"category": None, "business_name": 12},
    ):
        assert _post(client, "/api/integrity/business-interests/", body).status_code == 400, body
    url = f"/api/integrity/business-interests/{entry.public_id}/decide/"
    assert _post(client, url, {"decision": "refused", "reasons": "\x00"}).status_code == 400
    assert client.post(url, "not json", content_type="application/json").status_code == 400
