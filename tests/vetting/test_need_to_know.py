"""Vetting need-to-know (issue 12, items 18, 11, 19 and 20): a vetting officer never reads or
decides a clearance, screening hit or possible match about themself, anyone above them in their
line-management chain or anyone they declared a conflict with; new hits are routed round them;
opening a vetting review needs a live clearance; every view of a hit is in the access log; the
screening CSVs cannot carry spreadsheet formulas."""

import csv
import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from audit.models import AccessEvent
from cases.models import ConflictDeclaration
from tests.conftest import quick_sign_in
from tests.factories import PersonFactory, UserFactory
from vetting.clearance_services import clearance_apply, clearance_decide
from vetting.models import (
    AftercareReview,
    Clearance,
    ClearanceLevel,
    HitStatus,
    ScreeningCandidate,
    ScreeningHit,
    ScreeningRequestRow,
    ScreeningRun,
)
from vetting.services import candidate_identity_decide, hit_close, hit_conduct_matter_create, hit_vetting_review_open

pytestmark = pytest.mark.django_db


class World:
    """The officer (a person managed by `manager`, who is managed by `director`), a colleague they
    declared a conflict with, a stranger, and a second vetting officer outside that chain."""

    def __init__(self):
        self.director = PersonFactory(surname="DIRECTOR")
        self.manager = PersonFactory(surname="MANAGER", line_manager=self.director)
        self.me = PersonFactory(surname="MYSELF", line_manager=self.manager)
        self.conflicted = PersonFactory(surname="CONFLICTED")
        self.stranger = PersonFactory(surname="STRANGER")
        self.officer = UserFactory(role="vetting_officer", person=self.me)
        ConflictDeclaration.objects.create(user=self.officer, person=self.conflicted, reason="My brother-in-law")
        self.other = UserFactory(role="vetting_officer", person=PersonFactory(surname="OTHERVETTER"))
        self.run = ScreeningRun.objects.create()
        self._line = 0

    @property
    def blocked(self):
        return [self.me, self.manager, self.director, self.conflicted]

    def candidate(self, person, decision="match", records=()):
        self._line += 1
        return ScreeningCandidate.objects.create(
            run=self.run, line=self._line, request_ref=f"R{self._line}", pnd_person_id=f"PND-{self._line}",
            person=person, decision=decision, score=95 if decision == "match" else 70, reasons=["name"],
            records=list(records),
        )  # fmt: skip

    def hit(self, person, **fields):
        candidate = self.candidate(person)
        return ScreeningHit.objects.create(
            run=self.run, candidate=candidate, person=person, pnd_person_id=candidate.pnd_person_id,
            record_id=f"PND-R-{candidate.line}", content_hash=f"{candidate.line:064d}", category="arrest",
            grade="review", **fields,
        )  # fmt: skip

    def clearance(self, person, state="applied"):
        clearance = clearance_apply(
            actor=self.other, person=person, level=ClearanceLevel.objects.get(code="RV"), applied_on=date(2025, 1, 6)
        )
        if state == "granted":
            clearance_decide(actor=self.other, clearance=clearance, to_state="granted", rationale="Checks clear")
        return clearance


@pytest.fixture
def world():
    return World()


# ---------------------------------------------------------------- item 18: reads


def test_hits_about_self_chain_or_conflict_are_not_found_on_pages_or_api(world):
    client = quick_sign_in(world.officer)
    blocked = {p.id: world.hit(p) for p in world.blocked}
    visible = world.hit(world.stranger)
    for hit in blocked.values():
        assert client.get(f"/vetting/screening/hits/{hit.public_id}/").status_code == 404
        assert client.get(f"/api/vetting/screening-hits/{hit.public_id}/").status_code == 404
        response = client.post(
            f"/api/vetting/screening-hits/{hit.public_id}/decide/",
            {"action": "close", "reason": "Nothing in it"},
            content_type="application/json",
        )
        assert response.status_code == 404
        page = client.post(f"/vetting/screening/hits/{hit.public_id}/", {"action": "close", "reason": "x"})
        assert page.status_code == 404
    assert client.get(f"/vetting/screening/hits/{visible.public_id}/").status_code == 200
    listing = client.get("/api/vetting/screening-hits/").json()
    assert [h["id"] for h in listing["results"]] == [str(visible.public_id)]
    html = client.get("/vetting/screening/hits/").content.decode()
    assert "Stranger" in html
    for person in world.blocked:
        assert person.staff_number not in html
    home = client.get("/vetting/").content.decode()
    for person in world.blocked:
        assert person.staff_number not in home and person.display_name not in home
    assert not ScreeningHit.objects.exclude(status=HitStatus.NEW).exists()
    # the other vetting officer, outside the chain, sees them all
    other = quick_sign_in(world.other)
    for hit in blocked.values():
        assert other.get(f"/api/vetting/screening-hits/{hit.public_id}/").status_code == 200


def test_possible_matches_about_self_chain_or_conflict_are_not_found(world):
    client = quick_sign_in(world.officer)
    blocked = [world.candidate(p, decision="possible") for p in world.blocked]
    visible = world.candidate(world.stranger, decision="possible")
    for candidate in blocked:
        url = f"/vetting/screening/runs/{world.run.public_id}/candidates/{candidate.line}/"
        assert client.get(url).status_code == 404
        assert client.post(url, {"confirmed": "no", "reason": "Not me"}).status_code == 404
    url = f"/vetting/screening/runs/{world.run.public_id}/candidates/{visible.line}/"
    assert client.get(url).status_code == 200
    html = client.get("/vetting/screening/possible-matches/").content.decode()
    assert world.stranger.display_name in html
    for person in world.blocked:
        assert person.display_name not in html
    assert not ScreeningCandidate.objects.filter(identity_confirmed__isnull=False).exists()


def test_clearances_about_self_chain_or_conflict_are_not_found(world):
    client = quick_sign_in(world.officer)
    blocked = [world.clearance(p) for p in world.blocked]
    visible = world.clearance(world.stranger)
    for clearance in blocked:
        assert client.get(f"/vetting/clearances/{clearance.public_id}/").status_code == 404
        assert client.get(f"/api/vetting/clearances/{clearance.public_id}/").status_code == 404
        response = client.post(
            f"/vetting/clearances/{clearance.public_id}/",
            {"action": "decide", "decide-to_state": "granted", "decide-rationale": "All fine"},
        )
        assert response.status_code == 404
    assert client.get(f"/vetting/clearances/{visible.public_id}/").status_code == 200
    listing = client.get("/api/vetting/clearances/").json()
    assert [c["id"] for c in listing["results"]] == [str(visible.public_id)]
    html = client.get("/vetting/clearances/").content.decode()
    for person in world.blocked:
        assert person.staff_number not in html
    home = client.get("/vetting/").content.decode()
    for person in world.blocked:
        assert person.staff_number not in home
    assert Clearance.objects.filter(state="applied").count() == 5
    assert list(Clearance.objects.visible_to(world.officer)) == [visible]  # the queryset shortcut too


# ---------------------------------------------------------------- item 18: decisions


def test_decisions_about_self_chain_or_conflict_are_refused_by_the_services(world):
    for person in world.blocked:
        hit = world.hit(person)
        for decide in (hit_close, hit_vetting_review_open, hit_conduct_matter_create):
            with pytest.raises(ValidationError, match="line-management chain"):
                decide(actor=world.officer, hit=hit, reason="Looks fine to me")
        hit.refresh_from_db()
        assert hit.status == HitStatus.NEW and hit.case is None
        candidate = world.candidate(person, decision="possible")
        with pytest.raises(ValidationError, match="line-management chain"):
            candidate_identity_decide(actor=world.officer, candidate=candidate, confirmed=False, reason="Not me")
        clearance = world.clearance(person)
        with pytest.raises(ValidationError, match="line-management chain"):
            clearance_decide(actor=world.officer, clearance=clearance, to_state="granted", rationale="Fine")
        clearance.refresh_from_db()
        assert clearance.state == "applied"
        with pytest.raises(ValidationError, match="line-management chain"):
            clearance_apply(actor=world.officer, person=person, level=ClearanceLevel.objects.get(code="MV"))
    # the same decisions about a stranger go through
    assert hit_close(actor=world.officer, hit=world.hit(world.stranger), reason="Declared").status == HitStatus.CLOSED
    clearance = world.clearance(world.stranger)
    clearance_decide(actor=world.officer, clearance=clearance, to_state="granted", rationale="Checks clear")
    assert clearance.state == "granted"


# ---------------------------------------------------------------- item 18: routing


def _confirm(world, person, decider):
    records = [{"record_id": f"REC-{person.id}", "category": "arrest", "date": "2026-05-01", "summary": "s"}]
    candidate = world.candidate(person, decision="possible", records=records)
    assert candidate_identity_decide(actor=decider, candidate=candidate, confirmed=True, reason="Same person") == 1
    return ScreeningHit.objects.get(candidate=candidate)


def test_new_hits_are_routed_round_self_chain_and_conflicts(world):
    third = UserFactory(role="vetting_officer")
    for person in world.blocked:
        hit = _confirm(world, person, third)
        assert hit.assigned_to_id in {world.other.id, third.id}, person.surname
    # spread over the officers who may see them, the blocked one included for strangers
    strangers = [_confirm(world, PersonFactory(), third) for _ in range(6)]
    assert world.officer.id in {h.assigned_to_id for h in strangers}


def test_a_hit_nobody_may_review_waits_unassigned(world):
    world.other.is_active = False
    world.other.save()
    hit = _confirm(world, world.manager, UserFactory(role="investigator"))
    assert hit.assigned_to is None
    assert _confirm(world, world.stranger, world.officer).assigned_to == world.officer
    # the unassigned queue is on the hits page for the officers who may see it
    html = quick_sign_in(UserFactory(role="vetting_officer")).get("/vetting/screening/hits/?unassigned=1")
    assert world.manager.staff_number in html.content.decode()
    assert world.stranger.staff_number not in html.content.decode()


# ---------------------------------------------------------------- item 11


def test_a_vetting_review_for_someone_with_no_clearance_is_refused_with_the_reason(world):
    hit = world.hit(world.stranger)
    with pytest.raises(ValidationError, match="no granted or suspended clearance"):
        hit_vetting_review_open(actor=world.officer, hit=hit, reason="Arrest not declared")
    hit.refresh_from_db()
    assert hit.status == HitStatus.NEW and not AftercareReview.objects.exists()
    client = quick_sign_in(world.officer)
    page = client.post(
        f"/vetting/screening/hits/{hit.public_id}/", {"action": "vetting_review", "reason": "Arrest not declared"}
    )
    assert page.status_code == 400 and "no granted or suspended clearance" in page.content.decode()
    api = client.post(
        f"/api/vetting/screening-hits/{hit.public_id}/decide/",
        {"action": "vetting_review", "reason": "Arrest not declared"},
        content_type="application/json",
    )
    assert api.status_code == 400 and "no granted or suspended clearance" in str(api.json())
    # a pending application is named, so the officer knows where the hit belongs
    world.clearance(world.stranger)
    with pytest.raises(ValidationError, match="RV application"):
        hit_vetting_review_open(actor=world.officer, hit=hit, reason="Arrest not declared")
    hit.refresh_from_db()
    assert hit.status == HitStatus.NEW


def test_a_vetting_review_opens_on_the_live_clearance(world):
    clearance = world.clearance(world.stranger, state="granted")
    hit = world.hit(world.stranger)
    hit_vetting_review_open(actor=world.officer, hit=hit, reason="Arrest not declared")
    hit.refresh_from_db()
    review = AftercareReview.objects.get(source_hit=hit)
    assert hit.status == HitStatus.VETTING_REVIEW and review.clearance == clearance
    assert review.trigger == "screening_hit" and review.opened_by == world.officer


# ---------------------------------------------------------------- item 19


def _events(**filters):
    return AccessEvent.objects.filter(**filters).count()


def test_every_view_of_a_hit_or_possible_match_writes_an_access_event(world):
    client = quick_sign_in(world.officer)
    hit = world.hit(world.stranger, assigned_to=world.officer)
    candidate = world.candidate(world.stranger, decision="possible")
    checks = [
        (f"/api/vetting/screening-hits/{hit.public_id}/", {"object_type": "screening_hit"}),
        ("/api/vetting/screening-hits/", {"object_type": "screening_hits"}),
        ("/vetting/screening/hits/", {"object_type": "screening_hits"}),
        (f"/vetting/screening/hits/{hit.public_id}/", {"object_type": "screening_hit"}),
        ("/vetting/screening/possible-matches/", {"object_type": "screening_candidates"}),
        (
            f"/vetting/screening/runs/{world.run.public_id}/candidates/{candidate.line}/",
            {"object_type": "screening_candidate"},
        ),
        ("/vetting/", {"object_type": "screening_hits"}),
    ]
    for url, filters in checks:
        before = _events(actor=world.officer, **filters)
        assert client.get(url).status_code == 200, url
        assert _events(actor=world.officer, **filters) == before + 1, url
    event = AccessEvent.objects.filter(object_type="screening_hit").first()
    assert event.object_id == str(hit.public_id) and world.stranger.staff_number in event.object_label


# ---------------------------------------------------------------- item 20


def test_the_screening_csvs_cannot_carry_a_spreadsheet_formula(world):
    evil = PersonFactory(surname='=HYPERLINK("http://x","y")', forenames="+ALEX", postcode="@SUM(1)")
    ScreeningRequestRow.objects.create(run=world.run, request_ref="R77", person=evil)
    candidate = world.candidate(world.stranger)
    ScreeningCandidate.objects.filter(id=candidate.id).update(pnd_person_id="-2+3", reasons=["=cmd|' /C calc'!A0"])
    client = quick_sign_in(world.officer)
    request_csv = client.get(f"/vetting/screening/runs/{world.run.public_id}/request.csv").content.decode()
    rows = list(csv.reader(io.StringIO(request_csv)))
    row = next(r for r in rows if r[0] == "R77")
    assert row[1] == '\'=HYPERLINK("http://x","y")' and row[2] == "'+ALEX" and row[6] == "'@SUM(1)"
    results_csv = client.get(f"/vetting/screening/runs/{world.run.public_id}/results.csv").content.decode()
    rows = list(csv.reader(io.StringIO(results_csv)))[1:]
    assert rows and all(r[1] == "'-2+3" and r[4].startswith("'=") for r in rows)
    for text in (request_csv, results_csv):
        for line in text.splitlines():
            assert not any(cell[:1] in "=+-@\t\r" for cell in next(csv.reader([line])) if cell)


def test_clearance_lists_with_names_write_an_access_event(world):
    world.clearance(world.stranger)
    client = quick_sign_in(world.officer)
    for url in ("/vetting/clearances/", "/api/vetting/clearances/"):
        before = _events(actor=world.officer, object_type="clearances")
        assert client.get(url).status_code == 200
        assert _events(actor=world.officer, object_type="clearances") == before + 1, url


def test_renewal_reminders_are_not_sent_about_oneself_or_ones_chain(world):
    from datetime import timedelta

    from django.utils import timezone

    from notifications.models import Notification
    from vetting.clearance_services import expiry_reminders_send

    today = timezone.localdate()
    for person in (world.manager, world.stranger):
        clearance = world.clearance(person, state="granted")
        Clearance.objects.filter(id=clearance.id).update(expires_on=today + timedelta(days=30))
    assert expiry_reminders_send(today=today) == 2
    mine = set(Notification.objects.filter(user=world.officer).values_list("subject", flat=True))
    assert len(mine) == 1 and world.stranger.staff_number in mine.pop()
    assert Notification.objects.filter(user=world.other).count() == 2


# ---------------------------------------------------------------- the guard: one way to read vetting records


def test_vetting_pages_and_api_read_protected_records_only_through_the_selector():
    """No page, API or home module of the vetting app reads a clearance, hit, candidate or review
    straight from its model: every read goes through vetting.selectors (self, chain, conflicts)."""
    import re
    from pathlib import Path

    import vetting

    protected = r"\b(Clearance|ScreeningHit|ScreeningCandidate|AftercareReview|ClearanceAppeal)\.objects\.(?!none\(\))"
    root = Path(vetting.__file__).parent
    offenders = []
    for name in ("views.py", "screening_views.py", "screening_api.py", "api.py", "clearance_views.py", "home.py"):
        for number, line in enumerate((root / name).read_text().splitlines(), 1):
            if re.search(protected, line):
                offenders.append(f"vetting/{name}:{number}: {line.strip()}")
    assert not offenders, "read through vetting.selectors instead:\n" + "\n".join(offenders)


def test_the_demo_never_has_the_vetting_officer_decide_about_themself_or_their_chain(world, tmp_path, settings):
    from demo.vetting import demo_vetting_create

    settings.SCREENING_DIR = str(tmp_path / "store")
    made = demo_vetting_create(actor=world.officer, seed=1, clearances=20)
    assert made["clearances"] == 2  # the stranger and the other vetting officer: nobody else may be vetted
    assert not Clearance.objects.filter(person__in=world.blocked).exists()
