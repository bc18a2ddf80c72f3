"""The demo's 12-month reports: every period that fell due was sent on time (historic dates, written
without names), the newest are for the oversight reader to read, and no matter's next 12-month
report is shown overdue."""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from accounts.choices import Role
from cases.deadlines import reg19_sent_by_case, twelve_month_deadline
from cases.models import Reg19Report
from demo.oversight import demo_oversight_create
from oversight.models import Reg19Reading
from tests.factories import CaseFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_sends_every_report_that_fell_due_on_time_and_without_the_subjects_names():
    today = timezone.localdate()
    UserFactory(role=Role.APPROPRIATE_AUTHORITY)
    reader = UserFactory(role=Role.OVERSIGHT_READER)
    one_year = CaseFactory(received_date=today - timedelta(days=400), subjects=[PersonFactory(surname="QUILLFEATHER")])
    # 12, 18, 24 and 30 months fell due 40 days or more ago: four reports
    long_running = CaseFactory(received_date=today - relativedelta(months=30, days=40), subjects=[PersonFactory()])
    staff_only = CaseFactory(received_date=today - timedelta(days=500), subjects=[PersonFactory(person_type="staff")])
    assert demo_oversight_create(today=today) == 5
    report = Reg19Report.objects.get(case=one_year)
    assert "Quillfeather" not in report.progress
    assert report.submitted_on <= report.due_on  # sent when it fell due, not on the day of seeding
    periods = Reg19Report.objects.filter(case=long_running).order_by("period_number")
    assert [r.period_number for r in periods] == [1, 2, 3, 4]
    assert all(r.submitted_on and r.submitted_on <= r.due_on for r in periods)
    assert not Reg19Report.objects.filter(case=staff_only).exists()  # police staff: no reg 19 report
    sent = reg19_sent_by_case([one_year.pk, long_running.pk])
    for case in (one_year, long_running):
        due, _ = twelve_month_deadline(case, list(case.case_subjects.all()), sent[case.pk])
        assert due > today  # the next report, not one long overdue
    # read: the reports sent more than six weeks ago; the newest are on the reader's list to read
    read = set(Reg19Reading.objects.filter(reader=reader).values_list("report", flat=True))
    assert read == set(
        Reg19Report.objects.filter(submitted_on__lte=today - timedelta(days=42)).values_list("pk", flat=True)
    )
    assert periods[0].pk in read and report.pk not in read  # due 35 days ago: not yet read
    assert demo_oversight_create(today=today) == 0  # once only
