import pytest

from cases.models import CaseAccessGrant, ConflictDeclaration
from cases.selectors import cases_visible_to
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():
    """superintendent <- inspector <- sergeant <- constable (line management)."""
    supt = PersonFactory(rank_or_grade="SUPT")
    insp = PersonFactory(rank_or_grade="INSP", line_manager=supt)
    sgt = PersonFactory(rank_or_grade="PS", line_manager=insp)
    pc = PersonFactory(rank_or_grade="PC", line_manager=sgt)
    return {"supt": supt, "insp": insp, "sgt": sgt, "pc": pc}


def _can_see(client, case) -> bool:
    status = client.get(f"/cases/{case.reference}/").status_code
    assert status in (200, 404)
    api = client.get(f"/api/cases/{case.reference}/").status_code
    assert (api == 200) == (status == 200), "page and API must agree"
    listed = case.reference.encode() in client.get("/cases/").content
    assert listed == (status == 200), "list and detail must agree"
    return status == 200


def test_nobody_sees_a_case_about_themselves(user_with_role, signed_in, chain):
    investigator = user_with_role("investigator", person=chain["sgt"])
    case = CaseFactory(subjects=[chain["sgt"]])
    assert not _can_see(signed_in(investigator), case)


def test_investigator_cannot_see_case_about_anyone_above_them_in_their_chain(user_with_role, signed_in, chain):
    investigator = user_with_role("investigator", person=chain["sgt"])
    client = signed_in(investigator)
    assert not _can_see(client, CaseFactory(subjects=[chain["insp"]]))
    assert not _can_see(client, CaseFactory(subjects=[chain["supt"]]))
    # but can see a case about someone below them or unrelated (no rule hides those)
    assert _can_see(client, CaseFactory(subjects=[chain["pc"]]))
    assert _can_see(client, CaseFactory(subjects=[PersonFactory()]))


def test_one_conflicted_subject_hides_a_case_with_several(user_with_role, signed_in, chain):
    investigator = user_with_role("supervisor", person=chain["sgt"])
    case = CaseFactory(subjects=[PersonFactory(), chain["insp"]])
    assert not _can_see(signed_in(investigator), case)


def test_a_declared_conflict_hides_the_case_or_every_case_about_the_person(user_with_role, signed_in):
    user = user_with_role("appropriate_authority")
    friend = PersonFactory()
    about_friend = CaseFactory(subjects=[friend])
    other = CaseFactory(subjects=[PersonFactory()])
    client = signed_in(user)
    assert _can_see(client, about_friend) and _can_see(client, other)
    ConflictDeclaration.objects.create(user=user, person=friend, reason="Neighbour")
    ConflictDeclaration.objects.create(user=user, case=other, reason="Witness in the incident")
    assert not _can_see(client, about_friend)
    assert not _can_see(client, other)


def test_restricted_cases_are_only_for_named_people(user_with_role, signed_in):
    case = CaseFactory(subjects=[PersonFactory()], is_restricted=True)
    named = user_with_role("investigator")
    unnamed = user_with_role("supervisor")
    CaseAccessGrant.objects.create(case=case, user=named, reason="Operation lead")
    assert _can_see(signed_in(named), case)
    assert not _can_see(signed_in(unnamed), case)


@pytest.mark.parametrize("role", ["vetting_officer", "oversight_reader", "auditor", "administrator", None])
def test_roles_without_case_work_see_no_cases(user_with_role, signed_in, role):
    case = CaseFactory(subjects=[PersonFactory()])
    user = user_with_role(role)
    assert not cases_visible_to(user=user).exists()
    assert signed_in(user).get(f"/cases/{case.reference}/").status_code == 404


def test_a_line_management_cycle_in_hr_data_does_not_hang_the_selector(user_with_role, chain):
    chain["supt"].line_manager = chain["pc"]
    chain["supt"].save()
    user = user_with_role("investigator", person=chain["sgt"])
    case = CaseFactory(subjects=[chain["pc"]])
    # in a cycle everyone is above everyone: the case is hidden, and the query ends
    assert not cases_visible_to(user=user).filter(pk=case.pk).exists()


def test_identity_details_are_only_shown_to_vetting_and_administrators(user_with_role, signed_in):
    person = PersonFactory(postcode="SE1 7PB")
    for role, shown in [("vetting_officer", True), ("investigator", False), ("administrator", True)]:
        client = signed_in(user_with_role(role))
        assert (b"SE1 7PB" in client.get(f"/workforce/people/{person.public_id}/").content) == shown
        data = client.get(f"/api/workforce/people/{person.public_id}/").json()
        assert (data["postcode"] == "SE1 7PB") == shown
