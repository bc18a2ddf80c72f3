"""Who sees a register entry: the declarer; approvers and counter-corruption officers, except about
themselves, their chain upwards, people they manage and declared conflicts; nobody else (404).
Page, API and list agree."""

import pytest

from accounts.choices import Role
from audit.models import AccessEvent
from cases.models import ConflictDeclaration
from tests.factories import PersonFactory

from .conftest import declare_association, declare_business, declare_change, declare_gift, staff_user

pytestmark = pytest.mark.django_db


def _can_see(client, entry, slug="business-interests") -> bool:
    page = client.get(f"/integrity/{slug}/{entry.public_id}/").status_code
    assert page in (200, 404)
    api = client.get(f"/api/integrity/{slug}/{entry.public_id}/").status_code
    assert (api == 200) == (page == 200), "page and API must agree"
    listed = str(entry.public_id) in {row["id"] for row in client.get(f"/api/integrity/{slug}/").json()["results"]}
    assert listed == (page == 200), "list and detail must agree"
    return page == 200


def test_staff_member_sees_their_own_entries_and_nobody_elses(signed_in):
    me, colleague = staff_user(), staff_user()
    mine, theirs = declare_business(me), declare_business(colleague)
    client = signed_in(me)
    assert _can_see(client, mine)
    assert not _can_see(client, theirs)
    page = client.get("/integrity/mine/").content.decode()
    assert mine.reference in page and theirs.reference not in page


def test_a_line_manager_without_the_role_does_not_see_their_reports_entries(signed_in, chain):
    manager = staff_user(person=chain["sgt"])
    entry = declare_business(staff_user(person=chain["pc"]))
    assert not _can_see(signed_in(manager), entry)


def test_approver_sees_other_peoples_entries(signed_in, approver):
    entry = declare_business(staff_user())
    assert _can_see(signed_in(approver), entry)


def test_approver_does_not_see_entries_about_anyone_above_them_in_their_chain(signed_in, chain):
    approver = staff_user(person=chain["sgt"], role=Role.INTEGRITY_APPROVER)
    client = signed_in(approver)
    assert not _can_see(client, declare_business(staff_user(person=chain["insp"])))
    assert not _can_see(client, declare_business(staff_user(person=chain["supt"])))


def test_approver_does_not_see_entries_of_people_they_manage_directly_or_through_others(signed_in, chain):
    approver = staff_user(person=chain["insp"], role=Role.INTEGRITY_APPROVER)
    client = signed_in(approver)
    assert not _can_see(client, declare_business(staff_user(person=chain["sgt"])))
    assert not _can_see(client, declare_business(staff_user(person=chain["pc"])))


def test_approver_does_not_see_entries_about_someone_they_declared_a_conflict_with(signed_in, approver):
    person = PersonFactory()
    entry = declare_business(staff_user(person=person))
    ConflictDeclaration.objects.create(user=approver, person=person, reason="My brother-in-law")
    assert not _can_see(signed_in(approver), entry)


def test_approver_sees_their_own_entry_as_a_declarer_but_cannot_decide_it(signed_in, approver):
    entry = declare_business(approver)
    client = signed_in(approver)
    assert _can_see(client, entry)
    assert client.get(f"/integrity/business-interests/{entry.public_id}/decide/").status_code == 404
    response = client.post(
        f"/api/integrity/business-interests/{entry.public_id}/decide/",
        {"decision": "approved"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert client.get("/integrity/").status_code == 200
    assert entry.reference not in client.get("/integrity/", {"status": ""}).content.decode()


def test_counter_corruption_officer_reads_entries_but_does_not_decide(signed_in):
    officer = staff_user(role=Role.COUNTER_CORRUPTION)
    entry = declare_association(staff_user())
    client = signed_in(officer)
    assert _can_see(client, entry, "associations")
    assert client.get(f"/integrity/associations/{entry.public_id}/decide/").status_code == 404
    response = client.post(
        f"/api/integrity/associations/{entry.public_id}/decide/",
        {"decision": "no_action", "reasons": "x", "risk_level": "low", "risk_assessment": "x"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_other_roles_get_404_on_the_registers_and_on_entries(signed_in):
    entry = declare_gift(staff_user())
    for role in (Role.SUPERVISOR, Role.APPROPRIATE_AUTHORITY, Role.VETTING_OFFICER, Role.INVESTIGATOR, None):
        client = signed_in(staff_user(role=role))
        assert client.get("/integrity/").status_code == 404, role
        assert client.get("/integrity/overdue/").status_code == 404, role
        assert not _can_see(client, entry, "gifts"), role


def test_reading_someone_elses_entry_writes_an_access_event_and_ones_own_does_not(signed_in, approver):
    declarer = staff_user()
    entry = declare_change(declarer)
    signed_in(approver).get(f"/integrity/changes/{entry.public_id}/")
    event = AccessEvent.objects.filter(actor=approver, object_id=str(entry.public_id)).get()
    assert event.object_type == "circumstance_change" and event.object_label == entry.reference
    assert "county court" not in event.object_label + event.purpose  # never the content
    signed_in(declarer).get(f"/integrity/changes/{entry.public_id}/")
    assert not AccessEvent.objects.filter(actor=declarer, object_id=str(entry.public_id)).exists()


def test_an_unknown_register_or_malformed_id_is_404(signed_in, approver):
    client = signed_in(approver)
    assert client.get("/integrity/bank-accounts/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/integrity/mine/bank-accounts/declare/").status_code == 404
    assert client.get("/api/integrity/gifts/not-a-uuid/").status_code == 404


def test_the_register_list_the_overdue_queue_and_the_api_list_take_as_many_queries_for_5_entries_as_25(
    signed_in, approver
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(approver)
    urls = ("/integrity/", "/integrity/overdue/", "/api/integrity/business-interests/")
    for url in urls:
        client.get(url)  # warm the caches (content types, the session) first
    counts = []
    for more in (5, 20):
        for _ in range(more):
            declare_business(staff_user())
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append((url, len(queries)))
    assert counts[:3] == [(url, n) for (url, n) in counts[3:]], counts
