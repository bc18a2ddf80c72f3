"""The notifications page: Unread and All, mark one read or unread, mark all read, open one
(marks it read, goes only to a local address), pagination, and bad addresses answer 404."""

import uuid

import pytest
from django.urls import reverse

from accounts.choices import Role
from notifications.models import Notification
from notifications.services import notify
from tests.conftest import quick_sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = "/notifications/"


def _notes(user, n, **kwargs):
    return [notify([user], f"Notice {i}", "Something happened.", "/cases/", **kwargs)[0] for i in range(n)]


def _subjects(response):
    return [n.subject for n in response.context["page"].object_list]


def test_unread_tab_shows_only_unread_and_all_shows_both():
    user = UserFactory(role=Role.INVESTIGATOR)
    first, second, third = _notes(user, 3)
    Notification.objects.filter(id=first.id).update(read_at=first.created_at)
    client = quick_sign_in(user)
    unread = client.get(LIST)
    assert unread.status_code == 200
    assert _subjects(unread) == ["Notice 2", "Notice 1"] and unread.context["tab"] == "unread"
    assert b"Unread (2)" in unread.content
    assert _subjects(client.get(LIST + "?show=all")) == ["Notice 2", "Notice 1", "Notice 0"]
    # an unknown tab is the unread one, never an error
    assert client.get(LIST + "?show=<script>").context["tab"] == "unread"


def test_only_the_users_own_notifications_are_listed():
    user, other = UserFactory(role=Role.INVESTIGATOR), UserFactory(role=Role.INVESTIGATOR)
    notify([other], "Not yours")
    _notes(user, 1)
    assert _subjects(quick_sign_in(user).get(LIST + "?show=all")) == ["Notice 0"]


def test_mark_one_read_then_unread():
    user = UserFactory(role=Role.INVESTIGATOR)
    (note,) = _notes(user, 1)
    client = quick_sign_in(user)
    response = client.post(reverse("notifications:read", args=[note.public_id]), {"show": "all", "page": "1"})
    assert response.status_code == 302 and response["Location"] == LIST + "?show=all&page=1"
    note.refresh_from_db()
    read_at = note.read_at
    assert read_at is not None
    # marking it read again keeps the first time it was read
    client.post(reverse("notifications:read", args=[note.public_id]))
    note.refresh_from_db()
    assert note.read_at == read_at
    response = client.post(reverse("notifications:unread", args=[note.public_id]), {"show": "evil", "page": "x"})
    assert response["Location"] == LIST + "?show=unread"
    note.refresh_from_db()
    assert note.read_at is None


def test_mark_all_read_marks_only_the_users_own():
    user, other = UserFactory(role=Role.INVESTIGATOR), UserFactory(role=Role.INVESTIGATOR)
    _notes(user, 3)
    (theirs,) = _notes(other, 1)
    client = quick_sign_in(user)
    assert client.post(reverse("notifications:read-all")).status_code == 302
    assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    page = client.get(LIST)
    assert _subjects(page) == [] and b"You have no unread notifications" in page.content


def test_opening_a_notification_marks_it_read_and_goes_to_its_record():
    user = UserFactory(role=Role.INVESTIGATOR)
    (note,) = notify([user], "Action due", url="/cases/?q=1")
    client = quick_sign_in(user)
    assert client.get(LIST).context["page"].paginator.count == 1
    response = client.get(reverse("notifications:open", args=[note.public_id]))
    assert response.status_code == 302 and response["Location"] == "/cases/?q=1"
    note.refresh_from_db()
    assert note.read_at is not None
    assert client.get(LIST).context["page"].paginator.count == 0


@pytest.mark.parametrize(
    "stored",
    ["https://evil.example/phish", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "", "cases/"],
)
def test_opening_never_redirects_off_the_site(stored):
    user = UserFactory(role=Role.INVESTIGATOR)
    (note,) = notify([user], "Odd address", url=stored)
    response = quick_sign_in(user).get(reverse("notifications:open", args=[note.public_id]))
    assert response.status_code == 302 and response["Location"] == LIST + "?show=all"


def test_pages_of_25_and_a_page_past_the_end_is_the_last():
    user = UserFactory(role=Role.INVESTIGATOR)
    _notes(user, 30)
    client = quick_sign_in(user)
    first = client.get(LIST)
    assert len(first.context["page"].object_list) == 25 and b'rel="next"' in first.content
    assert len(client.get(LIST + "?page=2").context["page"].object_list) == 5
    assert client.get(LIST + "?page=99").context["page"].number == 2
    assert client.get(LIST + "?page=abc").context["page"].number == 1


def test_someone_elses_or_an_unknown_or_malformed_notification_is_404_never_500():
    user, other = UserFactory(role=Role.INVESTIGATOR), UserFactory(role=Role.INVESTIGATOR)
    (theirs,) = _notes(other, 1)
    client = quick_sign_in(user)
    for name in ("open",):
        assert client.get(reverse(f"notifications:{name}", args=[theirs.public_id])).status_code == 404
        assert client.get(reverse(f"notifications:{name}", args=[uuid.uuid4()])).status_code == 404
    for name in ("read", "unread"):
        assert client.post(reverse(f"notifications:{name}", args=[theirs.public_id])).status_code == 404
    assert client.get("/notifications/12/open/").status_code == 404
    assert client.post("/notifications/not-a-uuid/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_service_navigation_shows_the_unread_count():
    user = UserFactory(role=Role.INVESTIGATOR)
    _notes(user, 3)
    client = quick_sign_in(user)
    page = client.get("/")
    assert b'data-testid="notifications-unread">3<' in page.content
    client.post(reverse("notifications:read-all"))
    assert b'data-testid="notifications-unread"' not in client.get("/").content


def test_the_unread_count_costs_one_query(django_assert_num_queries):
    from notifications.selectors import unread_count

    user = UserFactory(role=Role.INVESTIGATOR)
    _notes(user, 3)
    with django_assert_num_queries(1):
        assert unread_count(user=user) == 3
