"""Annual reviews: the daily job marks approved business interests whose review date has come as
due and reminds the declarer once per review; overdue reviews and old undecided entries queue."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command

from integrity.choices import EntryStatus
from integrity.models import BusinessInterest
from integrity.services import entry_decide, review_reminders_send
from integrity.tasks import business_interest_reviews_remind
from notifications.models import Notification

from .conftest import declare_business, staff_user

pytestmark = pytest.mark.django_db


def _approved(approver, declarer, decided_on):
    return entry_decide(actor=approver, entry=declare_business(declarer), decision="approved", decided_on=decided_on)


def test_a_review_reminder_is_sent_once_per_review(approver):
    declarer = staff_user()
    entry = _approved(approver, declarer, date(2025, 11, 1))
    Notification.objects.all().delete()
    assert review_reminders_send(today=date(2026, 10, 31)) == 0  # not due yet
    assert review_reminders_send(today=date(2026, 11, 1)) == 1
    assert review_reminders_send(today=date(2026, 11, 2)) == 0
    call_command("business_interest_reviews", "--today", "2026-11-03")
    assert business_interest_reviews_remind.apply().get() == "0 review reminder(s) sent"
    note = Notification.objects.get(user=declarer)
    assert "Annual review" in note.subject and entry.reference in note.subject
    entry.refresh_from_db()
    assert entry.status == EntryStatus.REVIEW_DUE


def test_after_the_review_is_decided_the_next_years_review_is_reminded_again(approver):
    declarer = staff_user()
    entry = _approved(approver, declarer, date(2025, 11, 1))
    review_reminders_send(today=date(2026, 11, 1))
    entry.refresh_from_db()
    entry_decide(actor=approver, entry=entry, decision="approved", decided_on=date(2026, 11, 5))
    entry.refresh_from_db()
    assert entry.status == EntryStatus.DECIDED and entry.review_on == date(2027, 11, 5)
    assert review_reminders_send(today=date(2027, 11, 5)) == 1
    assert entry.reminders.count() == 2


def test_refused_and_undecided_interests_are_never_reminded(approver):
    declarer = staff_user()
    entry_decide(actor=approver, entry=declare_business(declarer), decision="refused", reasons="Conflict")
    declare_business(declarer)
    assert review_reminders_send(today=date.today() + timedelta(days=800)) == 0


def test_the_overdue_queue_lists_past_due_reviews_and_old_undecided_entries(signed_in, approver, settings):
    settings.INTEGRITY_DECISION_OVERDUE_DAYS = 28
    today = date.today()
    overdue = _approved(approver, staff_user(), today - timedelta(days=400))
    current = _approved(approver, staff_user(), today - timedelta(days=100))
    old = declare_business(staff_user())
    BusinessInterest.objects.filter(pk=old.pk).update(declared_on=today - timedelta(days=40))
    fresh = declare_business(staff_user())
    page = signed_in(approver).get("/integrity/overdue/").content.decode()
    reviews, undecided = page.split("Undecided, declared before")
    assert overdue.reference in reviews and current.reference not in reviews
    assert old.reference in undecided and fresh.reference not in undecided
