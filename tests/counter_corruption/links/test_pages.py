"""The link analysis pages and API: unit members only (404 for anyone else); people in conflict
with the viewer (themselves, their chain up, declared conflicts, anyone they manage) are never
nodes, and a network centred on one of them is 404; every view is an access event; the picture is
server-side SVG that stays legible at 200 nodes."""

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.choices import Role
from audit.models import AccessEvent
from cases.models import ConflictDeclaration
from counter_corruption import links as job
from counter_corruption.models import EntityLink, LinkAlert
from counter_corruption.network import network_build, network_svg
from tests.conftest import quick_sign_in
from tests.factories import PersonFactory, UserFactory

from .conftest import intel_log

pytestmark = pytest.mark.django_db


def _network(person, depth=1):
    return reverse("counter_corruption:network", kwargs={"public_id": person.public_id}) + f"?depth={depth}"


@pytest.fixture
def analysed(cluster):
    job.link_run_inline(reason="test")
    return cluster


def test_a_member_sees_the_network_as_a_picture_and_a_list(member, analysed):
    response = quick_sign_in(member).get(_network(analysed["first"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page and "<script" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "Kieran Ashdown" in page and analysed["second"].staff_number in page
    assert 'data-testid="network-list"' in page
    assert AccessEvent.objects.filter(actor=member, object_id=str(analysed["first"].public_id)).exists()


@pytest.mark.parametrize("role", [None, Role.INVESTIGATOR, Role.APPROPRIATE_AUTHORITY, Role.VETTING_OFFICER])
def test_anyone_outside_the_unit_gets_404_everywhere(role, analysed):
    client = quick_sign_in(UserFactory(role=role, person=PersonFactory()))
    alert = LinkAlert.objects.first()
    entity = alert.entity
    for url in (
        _network(analysed["first"]),
        reverse("counter_corruption:entity", kwargs={"public_id": entity.public_id}),
        reverse("counter_corruption:link-alerts"),
        reverse("counter_corruption:link-alert", kwargs={"public_id": alert.public_id}),
        reverse("link-alert-list"),
        reverse("api-person-network", kwargs={"public_id": analysed["first"].public_id}),
    ):
        assert client.get(url).status_code == 404, url


def test_a_member_never_sees_their_own_network_their_managers_or_their_reports(analysed):
    second = analysed["second"]
    report = PersonFactory(line_manager=second)
    for who in (second, report, PersonFactory()):
        if who is not second and who is not report:
            second.line_manager = who
            second.save()
        member = UserFactory(role=Role.COUNTER_CORRUPTION, person=who)
        client = quick_sign_in(member)
        assert client.get(_network(second)).status_code == 404, who
        alert = LinkAlert.objects.get(person=second)
        assert (
            client.get(reverse("counter_corruption:link-alert", kwargs={"public_id": alert.public_id})).status_code
            == 404
        )
        # and in the first officer's network, the second officer is not a node
        page = client.get(_network(analysed["first"])).content.decode()
        assert second.staff_number not in page
        assert second.staff_number not in str(
            client.get(reverse("api-person-network", kwargs={"public_id": analysed["first"].public_id})).json()
        )


def test_a_declared_conflict_hides_the_person(member, analysed):
    ConflictDeclaration.objects.create(user=member, person=analysed["second"], reason="my brother-in-law")
    client = quick_sign_in(member)
    assert client.get(_network(analysed["second"])).status_code == 404
    alerts = client.get(reverse("link-alert-list")).json()
    people = (
        [a["person"]["staff_number"] for a in alerts["results"]]
        if "results" in alerts
        else [a["person"]["staff_number"] for a in alerts]
    )
    assert analysed["second"].staff_number not in people
    assert analysed["first"].staff_number in people


def test_a_member_decides_an_alert_with_reasons(member, analysed):
    client = quick_sign_in(member)
    alert = LinkAlert.objects.get(person=analysed["first"])
    url = reverse("counter_corruption:link-alert", kwargs={"public_id": alert.public_id})
    page = client.get(url).content.decode()
    assert "1 subject of intelligence" in page
    bad = client.post(url, {"outcome": "nfa", "reason": ""})
    assert bad.status_code == 200 and "There is a problem" in bad.content.decode()
    done = client.post(url, {"outcome": "nfa", "reason": "Both logs were graded and the association was declared."})
    assert done.status_code == 302
    alert.refresh_from_db()
    assert alert.status == "nfa" and alert.decision.decided_by == member
    again = APIClient()
    again.force_authenticate(member)
    answer = again.post(reverse("link-alert-decide", kwargs={"public_id": alert.public_id}),
                        {"outcome": "actioned", "reason": "Trying to decide twice here."}, format="json")  # fmt: skip
    assert answer.status_code == 400


def test_the_network_api_answers_json_and_refuses_a_bad_depth(member, analysed):
    client = quick_sign_in(member)
    url = reverse("api-person-network", kwargs={"public_id": analysed["first"].public_id})
    data = client.get(url + "?depth=2").json()
    kinds = {n["kind"] for n in data["nodes"]}
    assert {"officer", "person", "phone"} <= kinds
    assert any(e["sources"][0]["kind"] == "intelligence" for e in data["edges"])
    assert client.get(url + "?depth=7").status_code == 400
    assert client.get(_network(analysed["first"], depth="x")).status_code == 200  # the form says so
    url = reverse("counter_corruption:network", kwargs={"public_id": analysed["first"].public_id})
    assert "This field is required" not in client.get(url + "?unrelated=1").content.decode()  # no depth: 1


def test_the_picture_stays_legible_with_200_nodes():
    centre = PersonFactory()
    others = PersonFactory.create_batch(120)
    entities = [("phone", f"07700 9{n:05d}", {}) for n in range(150)]
    intel_log(subjects=[centre], entities=entities)
    for n, person in enumerate(others):
        intel_log(subjects=[person], entities=[entities[n % 150], entities[(n + 75) % 150]])
    job.link_run_inline(reason="test")
    network = network_build(person=centre, hidden=set(), depth=1)
    assert network.found == 271 and network.capped and len(network.nodes) == 200
    svg = network_svg(network, title="test")
    assert svg.count("<g><title>") == 200
    assert "Phone number" in svg and "Officer or member of staff" in svg  # the key
    assert "style=" not in svg and "<script" not in svg and "href=" not in svg  # strict CSP, no external calls
    # every label is at least 12 px and no two nodes on a ring closer than a line of text
    assert min(int(size) for size in re.findall(r'font-size="(\d+)"', svg)) >= 12
    points = sorted((round(n.x), round(n.y)) for n in network.nodes)
    for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
        assert (x1 - x2) ** 2 + (y1 - y2) ** 2 >= 1  # no two nodes on one spot
    ring = [n for n in network.nodes if n.ring == 1]
    gaps = [((a.x - b.x) ** 2 + (a.y - b.y) ** 2) ** 0.5 for a, b in zip(ring, ring[1:], strict=False)]
    assert min(gaps) >= 16
    assert EntityLink.objects.filter(person=centre).count() == 150
