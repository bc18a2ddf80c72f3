"""The search box (workday.search): finds by reference, staff number, surname and free text; never
returns or counts a record the user cannot open; every search is logged; bad input is a message."""

from datetime import date

import pytest
from django.utils import timezone

from audit.models import AccessEvent
from cases.models import Allegation, CaseAccessGrant, ConflictDeclaration
from reporting.models import Report, ReportPersonLink
from tests.conftest import quick_sign_in
from tests.factories import CaseFactory, PersonFactory, UserFactory
from vetting.models import HitGrade, ScreeningCandidate, ScreeningHit, ScreeningRun
from workday.search import SearchTermError, clean_term, search

pytestmark = pytest.mark.django_db


def _group(groups, kind):
    return next((g for g in groups if g.kind == kind), None)


def _refs(groups, kind):
    group = _group(groups, kind)
    return {r.reference for r in group.results} if group else set()


def _report(reference, text, person=None, by=None):
    report = Report.objects.create(
        reference=reference,
        received_at=timezone.now(),
        what_happened=text,
        people_described="PC 4471, response team",
        acknowledge_due_on=date(2026, 1, 10),
        feedback_due_on=date(2026, 2, 10),
    )
    if person is not None:
        ReportPersonLink.objects.create(report=report, person=person, reason="named", linked_by=by)
    return report


@pytest.fixture
def world():
    alpha = PersonFactory(surname="HOLLOWAY", forenames="JANE", staff_number="AB12345", previous_surnames=["MARSH"])
    beta = PersonFactory(surname="HOLLOWAY", forenames="TOM", staff_number="AB99999")
    open_case = CaseFactory(reference="PSD-2026-00101", summary="Excessive force during an arrest", subjects=[alpha])
    Allegation.objects.create(
        case=open_case,
        subject=open_case.case_subjects.get(),
        category_id="violence",
        description="Struck the detained man with a baton outside the Blue Lantern",
    )
    restricted = CaseFactory(
        reference="PSD-2026-00102", summary="Excessive force, restricted operation", is_restricted=True, subjects=[beta]
    )
    return {"alpha": alpha, "beta": beta, "open": open_case, "restricted": restricted}


def test_finds_by_reference_staff_number_surname_and_free_text(world):
    user = UserFactory(role="supervisor")
    assert _refs(search(user, "PSD-2026-00101"), "cases") == {"PSD-2026-00101"}
    assert _refs(search(user, "psd-2026-00101"), "cases") == {"PSD-2026-00101"}
    by_number = search(user, "AB12345")
    assert _refs(by_number, "people") == {"AB12345"}
    assert _refs(by_number, "cases") == {"PSD-2026-00101"}
    by_surname = search(user, "holloway")
    assert _refs(by_surname, "people") == {"AB12345", "AB99999"}
    assert _refs(search(user, "Marsh"), "people") == {"AB12345"}  # a previous surname
    assert _refs(search(user, "Jane Holloway"), "people") == {"AB12345"}
    assert _refs(search(user, "baton"), "cases") == {"PSD-2026-00101"}  # allegation text, stemmed
    assert _refs(search(user, "arrested"), "cases") == {"PSD-2026-00101"}  # summary, stemmed


def test_restricted_case_is_neither_returned_nor_counted_until_granted(world):
    user = UserFactory(role="supervisor")
    groups = search(user, "excessive force")
    assert _refs(groups, "cases") == {"PSD-2026-00101"}
    assert _group(groups, "cases").count == 1
    assert _group(search(user, "PSD-2026-00102"), "cases").count == 0
    CaseAccessGrant.objects.create(case=world["restricted"], user=user, reason="named on the operation")
    groups = search(user, "excessive force")
    assert _refs(groups, "cases") == {"PSD-2026-00101", "PSD-2026-00102"}
    assert _group(groups, "cases").count == 2


def test_conflicts_of_interest_hide_cases_and_reports(world):
    user = UserFactory(role="supervisor")
    ConflictDeclaration.objects.create(user=user, person=world["alpha"], reason="my brother")
    _report("RPT-AAAA-BBBB", "Cash taken at the Blue Lantern club", person=world["alpha"], by=user)
    _report("RPT-CCCC-DDDD", "Cash taken at the Red Lion", by=user)
    groups = search(user, "PSD-2026-00101")
    assert _refs(groups, "cases") == set() and _group(groups, "cases").count == 0
    groups = search(user, "cash")
    assert _refs(groups, "reports") == {"RPT-CCCC-DDDD"} and _group(groups, "reports").count == 1
    other = UserFactory(role="supervisor")
    ConflictDeclaration.objects.create(user=other, case=world["open"], reason="I know the complainant")
    groups = search(other, "baton")
    assert _group(groups, "cases").count == 0


def test_a_role_that_cannot_read_a_kind_gets_no_group(world):
    _report("RPT-AAAA-BBBB", "Excessive force outside the club")
    investigator = UserFactory(role="investigator")
    groups = search(investigator, "excessive force")
    assert _group(groups, "reports") is None  # investigators do not triage reports
    assert _group(groups, "cases").count == 1
    reporting = UserFactory(role="reporting_officer")
    groups = search(reporting, "excessive force")
    assert _group(groups, "cases") is None  # nor do reporting officers read cases
    assert _refs(groups, "reports") == {"RPT-AAAA-BBBB"}
    assert search(UserFactory(role="auditor"), "holloway") == []
    client = quick_sign_in(UserFactory(role="auditor"))
    response = client.get("/search/", {"q": "holloway"})
    assert (
        response.status_code == 200 and b"PSD-2026-00101" not in response.content and b"AB12345" not in response.content
    )


def test_screening_hits_only_for_vetting_officers_and_never_about_a_conflict(world):
    run = ScreeningRun.objects.create()
    for person, line in ((world["alpha"], 1), (world["beta"], 2)):
        candidate = ScreeningCandidate.objects.create(
            run=run,
            line=line,
            request_ref=f"R{line}",
            pnd_person_id=f"P{line}",
            person=person,
            decision="match",
            score=1.0,
        )
        ScreeningHit.objects.create(
            run=run,
            candidate=candidate,
            person=person,
            pnd_person_id=f"P{line}",
            record_id=f"PND-R-{line}",
            content_hash="h",
            category="arrest",
            summary="Arrested for drink driving",
            grade=HitGrade.REVIEW,
        )
    vetting = UserFactory(role="vetting_officer")
    ConflictDeclaration.objects.create(user=vetting, person=world["beta"], reason="neighbour")
    groups = search(vetting, "holloway")
    assert _refs(groups, "hits") == {"AB12345"} and _group(groups, "hits").count == 1
    assert _group(search(vetting, "drink driving"), "hits").count == 1
    assert _group(search(UserFactory(role="supervisor"), "holloway"), "hits") is None


def test_each_search_writes_an_access_event_with_the_term(world):
    user = UserFactory(role="supervisor")
    client = quick_sign_in(user)
    before = AccessEvent.objects.count()
    response = client.get("/search/", {"q": "Holloway"})
    assert response.status_code == 200
    assert b"AB12345" in response.content and b"PSD-2026-00101" in response.content
    event = AccessEvent.objects.order_by("-seq").first()
    assert AccessEvent.objects.count() == before + 1
    assert event.action == "search" and event.actor == user and event.object_label == "Holloway"
    assert "Holloway" in event.purpose
    response = client.get("/api/search/", {"q": "PSD-2026-00101"})
    assert response.status_code == 200
    assert AccessEvent.objects.order_by("-seq").first().object_label == "PSD-2026-00101"
    cases = next(g for g in response.json()["groups"] if g["kind"] == "cases")
    assert cases["count"] == 1 and cases["results"][0]["url"] == "/cases/PSD-2026-00101/"


@pytest.mark.parametrize("q", ["", "a", "   ", "!!!", "?*&^%", "x" * 101, "\x00\x00", "'; DROP TABLE--"])
def test_bad_terms_get_a_plain_message_not_a_500(q):
    client = quick_sign_in(UserFactory(role="supervisor"))
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    api = client.get("/api/search/", {"q": q})
    if q == "'; DROP TABLE--":  # letters: a real (harmless) search
        assert api.status_code == 200
        return
    assert b'data-testid="search-message"' in response.content
    assert api.status_code == 400 and api.json()["q"]


def test_punctuation_and_stopwords_search_safely(world):
    user = UserFactory(role="supervisor")
    for q in ["the", "PSD-2026-", "o'brien", '"excessive force"', "force -arrest", "AB1234%", "a_b"]:
        search(user, q)  # never raises
    assert _refs(search(user, '"excessive force"'), "cases") == {"PSD-2026-00101"}
    with pytest.raises(SearchTermError):
        clean_term("--")


def test_api_400_for_bad_parameters_and_kind_filter(world):
    client = quick_sign_in(UserFactory(role="supervisor"))
    assert client.get("/api/search/").status_code == 400
    assert client.get("/api/search/", {"q": "holloway", "kind": "secrets"}).status_code == 400
    assert client.get("/api/search/", {"q": "holloway", "limit": "x"}).status_code == 400
    response = client.get("/api/search/", {"q": "holloway", "kind": "people"})
    assert [g["kind"] for g in response.json()["groups"]] == ["people"]
    page = client.get("/search/", {"q": "holloway", "kind": "people"})
    assert b'data-testid="search-people"' in page.content and b'data-testid="search-cases"' not in page.content
    none = client.get("/search/", {"q": "zzqqxx"})
    assert b'data-testid="search-none"' in none.content
