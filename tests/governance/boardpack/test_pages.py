"""The pages: who may read the packs (others 404), asking for this month's pack with a reason,
and the download logged as an export (or a print)."""

from datetime import date

import pytest
from django.urls import reverse

from audit.models import AccessEvent
from governance.models import BoardPack
from governance.roles import BOARD_PACK_READERS
from infra.models import OutboxMessage
from tests.conftest import quick_sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pack():
    return BoardPack.objects.create(
        month=date(2026, 10, 1), status="ready", pdf=b"%PDF-1.4 pack", pages=6, sha256="a" * 64
    )


@pytest.mark.parametrize("role", ["investigator", "supervisor", "oversight_reader", "counter_corruption", None])
def test_people_who_do_not_read_board_packs_get_404(role, pack):
    client = quick_sign_in(UserFactory(role=role))
    assert client.get(reverse("governance:board-packs")).status_code == 404
    assert client.get(reverse("governance:board-pack", args=[pack.public_id])).status_code == 404
    assert client.post(reverse("governance:board-packs"), {"reason": "For the board"}).status_code == 404
    assert not AccessEvent.objects.filter(object_type="board_pack").exists()


@pytest.mark.parametrize("role", sorted(BOARD_PACK_READERS))
def test_a_reader_lists_downloads_and_the_download_is_logged_as_an_export(role, pack):
    user = UserFactory(role=role)
    client = quick_sign_in(user)
    page = client.get(reverse("governance:board-packs"))
    assert page.status_code == 200
    assert "October 2026" in page.content.decode() and "Board pack" in page.content.decode()
    response = client.get(reverse("governance:board-pack", args=[pack.public_id]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content == b"%PDF-1.4 pack"
    assert 'filename="board-pack-2026-10.pdf"' in response["Content-Disposition"]
    event = AccessEvent.objects.get(object_type="board_pack")
    assert (event.actor, event.action, event.object_id) == (user, "export", str(pack.public_id))
    client.get(reverse("governance:board-pack", args=[pack.public_id]), {"print": "1"})
    assert AccessEvent.objects.filter(object_type="board_pack", action="print").count() == 1


def test_a_pack_not_ready_cannot_be_downloaded(pack):
    BoardPack.objects.filter(id=pack.id).update(status="pending")
    client = quick_sign_in(UserFactory(role="analyst"))
    assert client.get(reverse("governance:board-pack", args=[pack.public_id])).status_code == 404


def test_generating_needs_a_reason_and_then_shows_the_pack_waiting():
    client = quick_sign_in(UserFactory(role="analyst"))
    bad = client.post(reverse("governance:board-packs"), {"reason": " "})
    assert bad.status_code == 400 and "Give the reason" in bad.content.decode()
    assert not BoardPack.objects.exists()
    done = client.post(reverse("governance:board-packs"), {"reason": "For the December board"}, follow=True)
    assert done.status_code == 200
    pack = BoardPack.objects.get()
    assert pack.status == "pending" and pack.reason == "For the December board"
    assert OutboxMessage.objects.filter(task="governance.boardpack_tasks.board_pack_generate", args=[pack.id]).exists()
    html = done.content.decode()
    assert "Waiting to be generated" in html and 'hx-trigger="every 3s"' in html
    partial = client.get(reverse("governance:board-packs"), headers={"HX-Request": "true"})
    assert partial.status_code == 200 and "<form" not in partial.content.decode()


def test_the_navigation_has_one_board_pack_line_for_readers_only():
    reader = quick_sign_in(UserFactory(role="analyst")).get("/").content.decode()
    assert reader.count(">Board pack<") == 1
    other = quick_sign_in(UserFactory(role="investigator")).get("/").content.decode()
    assert ">Board pack<" not in other
