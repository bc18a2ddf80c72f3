"""The screening hits list: every hit reachable (paged, never silently cut), those that need review
first, counts said; PND codes shown as words on the list and on a hit."""

import re
import uuid
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.conftest import quick_sign_in
from tests.factories import PersonFactory, UserFactory
from vetting.models import HitGrade, ScreeningCandidate, ScreeningHit, ScreeningRun

pytestmark = pytest.mark.django_db


def _hits(specs):
    """specs: (grade, category, offence_group) per hit, the first raised longest ago."""
    run = ScreeningRun.objects.create()
    person = PersonFactory()
    candidate = ScreeningCandidate.objects.create(
        run=run, line=1, request_ref="R1", pnd_person_id="P1", person=person, decision="match", score=1.0
    )
    hits = ScreeningHit.objects.bulk_create(
        [
            ScreeningHit(
                run=run,
                candidate=candidate,
                person=person,
                pnd_person_id="P1",
                record_id=f"PND-R-{i:05d}",
                content_hash=f"h{i}",
                category=category,
                offence_group=group,
                record_date=date(2026, 1, 1),
                grade=grade,
            )
            for i, (grade, category, group) in enumerate(specs)
        ]
    )
    start = timezone.now() - timedelta(days=len(hits))
    for i, hit in enumerate(hits):  # raised_at is auto_now_add: set an order that can be seen
        ScreeningHit.objects.filter(pk=hit.pk).update(raised_at=start + timedelta(hours=i))
    return hits


def _record_ids(content: bytes) -> list[str]:
    """The hits listed, in order, by their PND record ids."""
    links = re.findall(r"/vetting/screening/hits/([0-9a-f-]{36})/", content.decode())
    records = dict(ScreeningHit.objects.filter(public_id__in=links).values_list("public_id", "record_id"))
    return [records[uuid.UUID(link)] for link in links]


def test_every_hit_is_reachable_needs_review_first_then_newest_with_counts():
    # 5 that need review raised first (oldest), then 230 information-only ones
    specs = [(HitGrade.REVIEW, "arrest", "drug_offences")] * 5 + [(HitGrade.INFORMATION, "crime_victim", "")] * 230
    _hits(specs)
    client = quick_sign_in(UserFactory(role="vetting_officer"))
    first = client.get("/vetting/screening/hits/")
    assert first.status_code == 200
    shown = first.content.decode()
    ids = _record_ids(first.content)
    assert ids[:5] == [f"PND-R-{i:05d}" for i in (4, 3, 2, 1, 0)], ids[:6]  # needs review, newest first
    assert ids[5] == "PND-R-00234"  # then information only, newest first
    assert "235 hits" in shown and "5 need review" in shown
    seen = list(ids)
    page = 2
    while 'rel="next"' in shown:
        response = client.get(f"/vetting/screening/hits/?status=new&page={page}")
        shown = response.content.decode()
        seen += _record_ids(response.content)
        page += 1
    assert sorted(seen) == [f"PND-R-{i:05d}" for i in range(235)]


def test_pnd_codes_are_shown_as_words_on_the_list_and_the_hit():
    review, information = _hits(
        [
            (HitGrade.REVIEW, "arrest", "violence_against_the_person"),
            (HitGrade.INFORMATION, "crime_victim", "public_order"),
        ]
    )
    client = quick_sign_in(UserFactory(role="vetting_officer"))
    listing = client.get("/vetting/screening/hits/").content.decode()
    detail = client.get(f"/vetting/screening/hits/{information.public_id}/").content.decode()
    for page in (listing, detail):
        assert "crime_victim" not in page and "public_order" not in page
    assert "Victim of crime, public order" in listing and "Arrest, violence against the person" in listing
    assert "Victim of crime, public order" in detail
