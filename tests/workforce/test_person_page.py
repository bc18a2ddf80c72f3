"""The person page lists the matters naming the person that the reader may see. The list comes from
the cases app through workforce.extensions (workforce, a lower layer, never imports cases), so
this also shows that the section is registered wherever Django is set up."""

import pytest

from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_the_person_page_lists_the_matters_the_reader_may_see(user_with_role, signed_in):
    person = PersonFactory()
    open_case = CaseFactory(subjects=[person])
    restricted = CaseFactory(subjects=[person], is_restricted=True)
    other = CaseFactory(subjects=[PersonFactory()])
    page = signed_in(user_with_role("appropriate_authority")).get(f"/workforce/people/{person.public_id}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert open_case.reference in html
    assert restricted.reference not in html  # not named on the restricted matter
    assert other.reference not in html


def test_roles_without_case_work_see_no_matters_on_the_person_page(user_with_role, signed_in):
    person = PersonFactory()
    case = CaseFactory(subjects=[person])
    page = signed_in(user_with_role("vetting_officer")).get(f"/workforce/people/{person.public_id}/")
    assert page.status_code == 200
    assert case.reference not in page.content.decode()
