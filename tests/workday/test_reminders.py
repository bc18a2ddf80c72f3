"""Reminders before due dates: each open action's owner is told once, ACTION_REMINDER_DAYS working
days ahead, only about matters they may see; the notification asks for action (so it is e-mailed)."""

from datetime import date

import pytest

from cases import services
from cases.models import ConflictDeclaration, InvestigationAction
from core.working_days import add_working_days
from notifications.models import Notification

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)  # a Monday


def test_the_owner_is_reminded_once_before_the_due_date(matter, investigator, supervisor, settings):
    settings.ACTION_REMINDER_DAYS = 2
    case = matter()
    due_soon = services.action_record(
        actor=investigator,
        case=case,
        kind="enquiry",
        description="Get the audit log",
        due_on=add_working_days(TODAY, 2),
    )
    owned = services.action_record(
        actor=investigator, case=case, kind="note", description="Check", due_on=TODAY, owner=supervisor
    )
    services.action_record(
        actor=investigator, case=case, kind="note", description="Far off", due_on=add_working_days(TODAY, 10)
    )
    services.action_record(
        actor=investigator, case=case, kind="note", description="Done", due_on=TODAY, completed_on=TODAY
    )
    assert services.action_reminders_send(today=TODAY, batch_size=1) == 2
    reminders = Notification.objects.filter(record_kind="action")
    assert {(n.user, n.record_id) for n in reminders} == {
        (investigator, str(due_soon.pk)),
        (supervisor, str(owned.pk)),
    }
    assert all(n.needs_action for n in reminders)
    assert case.reference in reminders.get(user=supervisor).subject
    assert InvestigationAction.objects.filter(reminded_at__isnull=False).count() == 2
    # the next day's run does not remind again
    assert services.action_reminders_send(today=TODAY) == 0
    assert Notification.objects.filter(record_kind="action").count() == 2


def test_an_owner_who_may_not_see_the_matter_is_not_told(matter, investigator, supervisor):
    case = matter()
    action = services.action_record(
        actor=investigator, case=case, kind="note", description="Secret", due_on=TODAY, owner=supervisor
    )
    ConflictDeclaration.objects.create(user=supervisor, case=case, reason="Declared after the action was logged")
    assert services.action_reminders_send(today=TODAY) == 0
    assert not Notification.objects.exists()
    action.refresh_from_db()
    assert action.reminded_at is None


def test_the_task_is_thin_and_scheduled_daily():
    from audit.management.commands.setup_schedules import SCHEDULES
    from cases.tasks import action_reminders_send

    assert action_reminders_send() == 0
    assert any(task == "cases.tasks.action_reminders_send" for task, _ in SCHEDULES.values())
