"""A notification about a record the user can no longer open is hidden: from the page, the unread
count and the e-mail. Unknown kinds are hidden (fail closed); each kind's checker runs once a page."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from accounts.choices import Role
from cases.models import CaseAccessGrant, ConflictDeclaration
from notifications.selectors import notifications_visible_to, unread_count
from notifications.services import notifications_email, notify
from notifications.visibility import register, visible_records
from tests.conftest import quick_sign_in
from tests.factories import CaseFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_count_cache():
    cache.clear()


def _about_case(user, case, **kwargs):
    (note,) = notify(
        [user], f"Case {case.reference}: action due", url=f"/cases/{case.reference}/",
        record_kind="case", record_id=case.reference, needs_action=True, **kwargs,
    )  # fmt: skip
    return note


def _shown(client):
    return [n.subject for n in client.get("/notifications/?show=all").context["page"].object_list]


def test_a_conflict_declared_after_the_notification_hides_it_from_page_count_and_email():
    investigator = UserFactory(role=Role.INVESTIGATOR, email="inv@example.test")
    subject = PersonFactory()
    case = CaseFactory(subjects=[subject])
    note = _about_case(investigator, case)
    client = quick_sign_in(investigator)
    assert _shown(client) == [note.subject]
    ConflictDeclaration.objects.create(user=investigator, person=subject, reason="Neighbour")
    cache.clear()
    assert _shown(client) == []
    assert unread_count(user=investigator) == 0
    assert client.get(reverse("notifications:open", args=[note.public_id])).status_code == 404
    assert notifications_email() == 0 and mail.outbox == []
    note.refresh_from_db()
    assert note.emailed_at is None and note.read_at is None


def test_a_restricted_case_is_hidden_unless_the_user_is_named():
    named, other = UserFactory(role=Role.INVESTIGATOR), UserFactory(role=Role.INVESTIGATOR)
    case = CaseFactory(subjects=[PersonFactory()])
    case.is_restricted = True
    case.save()
    CaseAccessGrant.objects.create(case=case, user=named)
    _about_case(named, case)
    _about_case(other, case)
    assert _shown(quick_sign_in(named)) == [f"Case {case.reference}: action due"]
    assert _shown(quick_sign_in(other)) == []
    assert unread_count(user=other) == 0 and unread_count(user=named) == 1


def test_a_user_who_lost_the_role_no_longer_sees_notifications_about_cases():
    user = UserFactory(role=Role.INVESTIGATOR)
    _about_case(user, CaseFactory(subjects=[PersonFactory()]))
    user.groups.clear()
    assert list(notifications_visible_to(user=user)) == []


def test_unknown_kinds_are_hidden_and_notifications_about_no_record_are_shown():
    user = UserFactory(role=Role.INVESTIGATOR)
    notify([user], "About nothing in particular")
    notify([user], "About a kind nobody registered", record_kind="no_such_kind", record_id="1")
    notify([user], "About a case reference that is not there", record_kind="case", record_id="PSD-0000-00000")
    notify([user], "A malformed report id", record_kind="report", record_id="not-a-uuid")
    assert _shown(quick_sign_in(user)) == ["About nothing in particular"]
    assert unread_count(user=user) == 1


def test_each_kind_is_checked_once_for_the_whole_page():
    calls = []

    def checker(user, ids):
        calls.append(set(ids))
        return {i for i in ids if i != "2"}

    register("test_kind", checker)
    user = UserFactory(role=Role.INVESTIGATOR)
    for i in range(1, 5):
        notify([user], f"Thing {i}", record_kind="test_kind", record_id=i)
    assert sorted(n.record_id for n in notifications_visible_to(user=user)) == ["1", "3", "4"]
    assert calls == [{"1", "2", "3", "4"}]
    # a checker answering ids it was not asked about cannot make them visible
    register("test_kind", lambda user, ids: {"99"})
    assert visible_records(user, [("test_kind", "1")]) == set()


@pytest.mark.parametrize(
    "kind",
    ["case", "action", "report", "screening_hit", "clearance", "disparity_flag", "integrity_entry", "intel_log"],
)
def test_every_record_kind_has_a_checker_that_denies_a_user_without_the_role(kind):
    from notifications.visibility import checker_for

    checker = checker_for(kind)
    assert checker is not None, kind
    nobody = UserFactory(role=None)
    assert checker(nobody, {"1", "00000000-0000-0000-0000-000000000001", "PSD-2026-00001"}) == set()


def test_a_vetting_officer_does_not_see_a_clearance_reminder_about_their_manager():
    from vetting.models import Clearance

    manager = PersonFactory()
    officer = UserFactory(role=Role.VETTING_OFFICER, person=PersonFactory(line_manager=manager))
    clearance = Clearance.objects.create(person=manager, level_id="RV", applied_on="2026-01-05")
    other = Clearance.objects.create(person=PersonFactory(), level_id="RV", applied_on="2026-01-05")
    for c in (clearance, other):
        notify([officer], f"Clearance {c.id}", record_kind="clearance", record_id=c.id)
    assert [n.subject for n in notifications_visible_to(user=officer)] == [f"Clearance {other.id}"]
