"""The demo's 12-month reports for the oversight reader: sent, and written without names."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.choices import Role
from cases.models import Reg19Report
from demo.oversight import demo_oversight_create
from tests.factories import CaseFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_sends_the_reports_due_without_the_subjects_names():
    today = timezone.localdate()
    UserFactory(role=Role.APPROPRIATE_AUTHORITY)
    CaseFactory(received_date=today - timedelta(days=400), subjects=[PersonFactory(surname="QUILLFEATHER")])
    assert demo_oversight_create(today=today) == 1
    report = Reg19Report.objects.get()
    assert report.submitted_on is not None and "Quillfeather" not in report.progress
    assert demo_oversight_create(today=today) == 0  # once only
