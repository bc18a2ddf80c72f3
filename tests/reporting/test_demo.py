import pytest

from accounts.choices import Role
from demo.reporting import demo_reports_create
from reporting.models import Report
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_demo_reports_cover_every_stage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for _ in range(5):
        PersonFactory(person_type="officer")
    officer = UserFactory(role=Role.REPORTING_OFFICER)
    supervisor = UserFactory(role=Role.SUPERVISOR)
    made = demo_reports_create(officer=officer, supervisor=supervisor, count=40)
    assert made["reports"] == 40 and made["intermediary"] == 8
    statuses = set(Report.objects.values_list("status", flat=True))
    assert {"received", "assessing", "closed"} <= statuses
    assert Report.objects.filter(acknowledged_at__isnull=True).exists()
    assert Report.objects.filter(channel="intermediary").count() == 8
