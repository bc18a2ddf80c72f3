"""Need-to-know for intelligence: only the unit, never a subject or anyone in a subject's chain,
'named people only' logs only for the named; every read an access event; outside the unit only
the sanitised text, wherever a log is referenced."""

import pytest

from accounts.choices import Role
from audit.models import AccessEvent
from counter_corruption.intel_services import intel_grant, intel_outcome_record
from tests.conftest import quick_sign_in
from tests.factories import PersonFactory, UserFactory

from .conftest import ORIGINAL, SANITISED, assessed, can_reach, record

pytestmark = pytest.mark.django_db


def test_a_unit_member_sees_a_log_and_someone_outside_the_unit_does_not(officer):
    log = record(officer, [PersonFactory()])
    assert can_reach(quick_sign_in(UserFactory(role=Role.COUNTER_CORRUPTION)), log)
    for role in (Role.INVESTIGATOR, Role.APPROPRIATE_AUTHORITY, Role.REPORTING_OFFICER, Role.INTEGRITY_APPROVER, None):
        client = quick_sign_in(UserFactory(role=role))
        assert client.get(f"/counter-corruption/intelligence/{log.public_id}/").status_code == 404
        assert client.get(f"/api/counter-corruption/intelligence/{log.public_id}/").status_code == 404
        assert client.get("/counter-corruption/intelligence/").status_code == 404
        assert client.get("/api/counter-corruption/intelligence/").status_code == 404


def test_the_subject_never_sees_a_log_about_themselves_even_in_the_unit(officer, chain):
    log = record(officer, [chain["pc"]])
    subject = UserFactory(role=Role.COUNTER_CORRUPTION, person=chain["pc"])
    assert not can_reach(quick_sign_in(subject), log)


def test_the_subjects_line_manager_direct_or_two_levels_up_never_sees_it(officer, chain):
    log = record(officer, [chain["pc"]])
    for manager in (chain["sgt"], chain["insp"], chain["supt"]):
        member = UserFactory(role=Role.COUNTER_CORRUPTION, person=manager)
        assert not can_reach(quick_sign_in(member), log), manager.rank_or_grade


def test_a_member_without_the_named_people_grant_gets_404_and_the_named_member_and_recorder_see_it(officer):
    log = record(officer, [PersonFactory()], handling_level="named")
    named = UserFactory(role=Role.COUNTER_CORRUPTION)
    other = UserFactory(role=Role.COUNTER_CORRUPTION)
    intel_grant(actor=officer, log=log, user=named, reason="Tasked to the disclosure team")
    assert not can_reach(quick_sign_in(other), log)
    assert can_reach(quick_sign_in(named), log)
    assert can_reach(quick_sign_in(officer), log)


def test_every_view_of_a_log_page_and_api_is_an_access_event(officer):
    log = record(officer, [PersonFactory()])
    client = quick_sign_in(officer)
    before = AccessEvent.objects.filter(object_type="intelligence_log", object_label=log.reference).count()
    client.get(f"/counter-corruption/intelligence/{log.public_id}/")
    client.get(f"/api/counter-corruption/intelligence/{log.public_id}/")
    client.get(f"/counter-corruption/intelligence/{log.public_id}/grade/")
    events = AccessEvent.objects.filter(object_type="intelligence_log", object_label=log.reference, actor=officer)
    assert events.count() == before + 3


def test_searching_the_logs_by_a_persons_name_is_itself_logged(officer):
    person = PersonFactory(surname="MARLOWE")
    log = record(officer, [person])
    response = quick_sign_in(officer).get("/counter-corruption/intelligence/?q=marlowe")
    assert log.reference in response.content.decode()
    event = AccessEvent.objects.filter(actor=officer, object_type="intelligence_log_list").latest("seq")
    assert "q=marlowe" in event.purpose and log.reference in event.object_label


def test_the_conduct_matter_a_log_leads_to_shows_only_the_sanitised_text_and_links_back_for_the_unit(officer):
    subject = PersonFactory()
    log = assessed(officer, [subject])
    log = intel_outcome_record(actor=officer, log=log, outcome="conduct", reason="Disclosure: a conduct matter")
    case = log.case
    assert case.source == "intelligence" and SANITISED[:60] in case.summary and "Dean Marsh" not in case.summary
    investigator = quick_sign_in(UserFactory(role=Role.INVESTIGATOR))
    page = investigator.get(f"/cases/{case.reference}/").content.decode()
    assert SANITISED in page and ORIGINAL not in page and "Dean Marsh" not in page
    assert f"/counter-corruption/intelligence/{log.public_id}/" not in page
    api = investigator.get(f"/api/cases/{case.reference}/").content.decode()
    assert "Dean Marsh" not in api
    unit_page = quick_sign_in(officer).get(f"/cases/{case.reference}/").content.decode()
    assert f"/counter-corruption/intelligence/{log.public_id}/" in unit_page
    assert ORIGINAL not in unit_page  # the original stays on the log's own page


def test_a_unit_member_not_named_on_a_named_log_gets_no_link_from_the_case(officer):
    log = assessed(officer, [PersonFactory()], handling_level="named")
    log = intel_outcome_record(actor=officer, log=log, outcome="conduct", reason="Conduct matter")
    other = quick_sign_in(UserFactory(role=Role.COUNTER_CORRUPTION))
    page = other.get(f"/cases/{log.case.reference}/").content.decode()
    assert SANITISED in page and f"/counter-corruption/intelligence/{log.public_id}/" not in page


def test_a_persons_integrity_history_shows_intelligence_sanitised_outside_the_unit(officer):
    from counter_corruption.intel_sources import history_entries

    subject = PersonFactory()
    log = assessed(officer, [subject])
    unsanitised = record(officer, [subject])
    (mine,) = [e for e in history_entries(user=officer, person=subject) if e.reference == log.reference]
    assert mine.detail == ORIGINAL and mine.url.endswith(f"{log.public_id}/")
    authority = UserFactory(role=Role.APPROPRIATE_AUTHORITY)
    entries = history_entries(user=authority, person=subject)
    assert [e.reference for e in entries] == [log.reference]  # never an unsanitised log outside the unit
    assert entries[0].detail == SANITISED and entries[0].url == ""
    assert unsanitised.reference not in [e.reference for e in entries]
    manager = UserFactory(role=Role.APPROPRIATE_AUTHORITY, person=PersonFactory())
    subject.line_manager = manager.person
    subject.save()
    assert history_entries(user=manager, person=subject) == []


def test_intelligence_offers_its_entity_mentions_with_raw_values_that_resolve_back(officer):
    from counter_corruption.entity_keys import entity_key
    from counter_corruption.intel_services import EntityInput
    from counter_corruption.intel_sources import entity_mentions

    a, b = PersonFactory(), PersonFactory()
    log = record(officer, [a, b], entities=[
        EntityInput(kind="person", raw="Dean Marsh", attributes={"date_of_birth": "1984-03-02"}),
        EntityInput(kind="address", raw="12 Mill Street, Leeds LS1 1AA"),
    ])  # fmt: skip
    mentions = list(entity_mentions())
    assert {(m.person_id, m.kind) for m in mentions} == {(p.pk, k) for p in (a, b) for k in ("person", "address")}
    for m in mentions:
        entity = log.entity_mentions.get(entity__kind=m.kind).entity
        assert entity_key(m.kind, m.raw, m.attributes)[0] == entity.key
        assert m.source_kind == "intelligence" and m.source_id == str(log.public_id)
