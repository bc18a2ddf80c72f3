"""Shared set-up for the intelligence tests: a unit member, a log about a subject in a
line-management chain, and helpers that state what a user can reach (page, API, list agree)."""

from datetime import date

import pytest

from accounts.choices import Role
from counter_corruption.intel_services import intel_grade, intel_log_record, intel_sanitise
from tests.cases.test_need_to_know import chain  # noqa: F401  (superintendent <- inspector <- sergeant <- constable)
from tests.factories import PersonFactory, UserFactory

ORIGINAL = "Source reports that PC Subject meets Dean Marsh at the Blue Lantern club and passes PNC results."
SANITISED = "Intelligence indicates an officer may be disclosing police information to a criminal associate."


@pytest.fixture
def officer(db):
    return UserFactory(role=Role.COUNTER_CORRUPTION, first_name="Casey", last_name="Nolan", person=PersonFactory())


def record(actor, subjects, **kwargs):
    fields = {
        "source_type": "internal",
        "received_on": date(2026, 10, 1),
        "original_text": ORIGINAL,
        "subjects": subjects,
    }
    fields.update(kwargs)
    return intel_log_record(actor=actor, **fields)


def assessed(actor, subjects, **kwargs):
    log = record(actor, subjects, **kwargs)
    intel_grade(
        actor=actor, log=log, source_evaluation="B", intelligence_assessment="2", handling_code="P",
        reason="untested source, corroborated by PNC audit",
    )  # fmt: skip
    return intel_sanitise(actor=actor, log=log, sanitised_text=SANITISED)


def can_reach(client, log) -> bool:
    """Page, API and list must agree on whether the user may see the log."""
    page = client.get(f"/counter-corruption/intelligence/{log.public_id}/").status_code
    api = client.get(f"/api/counter-corruption/intelligence/{log.public_id}/").status_code
    assert page in (200, 404) and api in (200, 404), (page, api)
    assert (page == 200) == (api == 200), "page and API must agree"
    listing = client.get("/counter-corruption/intelligence/")
    listed = listing.status_code == 200 and log.reference.encode() in listing.content
    assert listed == (page == 200), "list and page must agree"
    return page == 200
