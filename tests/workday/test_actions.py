"""The action log: who owns an action, when it is due, marking it done (and undoing that, with a
reason), overdue first, every change in the action's history with who and why."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.choices import Role
from cases import services
from cases.models import ConflictDeclaration, InvestigationAction
from tests.conftest import quick_sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_action_is_logged_with_its_owner_and_due_date_from_the_case_page(matter, investigator, supervisor):
    case = matter()
    client = quick_sign_in(investigator)
    due = timezone.localdate() + timedelta(days=5)
    response = client.post(
        f"/cases/{case.reference}/do/action/",
        {"kind": "enquiry", "description": "Request the audit log", "owner": supervisor.pk, "due_on": due},
    )
    assert response.status_code == 302
    action = InvestigationAction.objects.get(case=case)
    assert (action.owner, action.due_on, action.completed_on, action.recorded_by) == (
        supervisor,
        due,
        None,
        investigator,
    )
    page = client.get(f"/cases/{case.reference}/").content.decode()
    assert "Request the audit log" in page and "Sam Okafor" in page and "Mark as done" in page


def test_the_owner_must_be_someone_who_may_see_the_matter(matter, investigator, supervisor):
    case = matter()
    ConflictDeclaration.objects.create(user=supervisor, case=case, reason="Knows the officer")
    client = quick_sign_in(investigator)
    response = client.post(
        f"/cases/{case.reference}/do/action/",
        {"kind": "enquiry", "description": "Request the audit log", "owner": supervisor.pk},
    )
    assert response.status_code == 400
    assert "Sam Okafor may not see this matter" in response.content.decode()
    assert not InvestigationAction.objects.exists()


def test_bad_input_shows_field_errors_not_a_500(matter, investigator):
    case = matter()
    client = quick_sign_in(investigator)
    response = client.post(
        f"/cases/{case.reference}/do/action/",
        {"kind": "enquiry", "description": "", "completed_on": "2999-01-01", "due_on": "not a date"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Describe the action" in body and "cannot be in the future" in body and "There is a problem" in body
    assert not InvestigationAction.objects.exists()


def test_marking_done_records_the_day_and_who_and_a_second_press_is_refused(matter, investigator, supervisor):
    case = matter()
    action = services.action_record(actor=investigator, case=case, kind="interview", description="Interview PC")
    client = quick_sign_in(supervisor)
    response = client.post(f"/cases/{case.reference}/actions/{action.pk}/done/")
    assert response.status_code == 302 and response["Location"].endswith("#action-log")
    action.refresh_from_db()
    assert action.completed_on == timezone.localdate() and action.completed_by == supervisor
    assert action.completed_recorded_at is not None
    response = client.post(f"/cases/{case.reference}/actions/{action.pk}/done/", follow=True)
    assert "already recorded by Sam Okafor" in response.content.decode()


def test_undo_needs_a_reason_which_is_kept_in_the_history(matter, investigator):
    case = matter()
    action = services.action_record(actor=investigator, case=case, kind="note", description="Call the witness")
    services.action_complete(actor=investigator, action=action)
    client = quick_sign_in(investigator)
    url = f"/cases/{case.reference}/actions/{action.pk}/reopen/"
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400 and "Give the reason" in response.content.decode()
    response = client.post(url, {"reason": "The witness did not answer"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.completed_on is None and action.completed_by is None
    event = action.events.order_by("-pgh_id").first()
    assert event.pgh_context.metadata["reason"] == "The witness did not answer"


def test_overdue_actions_come_first(matter, investigator):
    from cases.views import actions_in_order

    case = matter()
    today = timezone.localdate()
    later = services.action_record(
        actor=investigator, case=case, kind="note", description="later", due_on=today + timedelta(days=9)
    )
    done = services.action_record(actor=investigator, case=case, kind="note", description="done", completed_on=today)
    overdue = services.action_record(
        actor=investigator, case=case, kind="note", description="overdue", due_on=today - timedelta(days=3)
    )
    assert [a.description for a in actions_in_order(case, today)] == ["overdue", "later", "done"]
    assert [later.pk, done.pk, overdue.pk]  # all three listed


def test_someone_who_may_not_see_the_matter_cannot_mark_its_actions_done(matter, investigator):
    case = matter()
    action = services.action_record(actor=investigator, case=case, kind="note", description="x")
    outsider = UserFactory(role=Role.INVESTIGATOR)
    ConflictDeclaration.objects.create(user=outsider, case=case, reason="Related")
    response = quick_sign_in(outsider).post(f"/cases/{case.reference}/actions/{action.pk}/done/")
    assert response.status_code == 404
    reader = UserFactory(role=Role.APPROPRIATE_AUTHORITY)
    assert quick_sign_in(reader).post(f"/cases/{case.reference}/actions/{action.pk}/done/").status_code == 404
    action.refresh_from_db()
    assert action.completed_on is None


def test_the_service_refuses_an_owner_who_may_not_see_the_matter(matter, investigator):
    case = matter()
    hidden = UserFactory(role=Role.INVESTIGATOR)
    ConflictDeclaration.objects.create(user=hidden, case=case, reason="Related")
    with pytest.raises(ValidationError) as refused:
        services.action_record(actor=investigator, case=case, kind="note", description="x", owner=hidden)
    assert "owner" in refused.value.message_dict
