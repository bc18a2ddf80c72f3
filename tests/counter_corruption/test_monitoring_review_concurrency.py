"""Two analysts deciding the same alert at the same moment: the alert is locked, one decision is
recorded and the other refused (AlertAlreadyDecided, the API's 409); one conduct matter at most."""

import threading

import pytest
from django.db import connection

from accounts.choices import Role
from cases.models import Case
from counter_corruption.models import MonitoringAlert
from counter_corruption.monitoring_services import AlertAlreadyDecided, alert_decide
from tests.factories import PersonFactory, UserFactory

from .monitoring_review_world import family_alert

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def events_table():
    # unmanaged and partitioned: not flushed between transactional tests
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE counter_corruption_auditevent")
    yield
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE counter_corruption_auditevent")


def test_two_analysts_deciding_at_once_record_one_decision(events_table):
    alert = family_alert(searcher=PersonFactory())
    analysts = [UserFactory(role=Role.COUNTER_CORRUPTION, person=PersonFactory()) for _ in range(2)]
    start = threading.Barrier(2)
    outcomes = []

    def decide(analyst):
        try:
            start.wait()
            alert_decide(actor=analyst, alert=alert, decision="conduct", reason="Searches with no purpose.")
            outcomes.append("decided")
        except AlertAlreadyDecided:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(a,)) for a in analysts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["decided", "refused"]
    assert Case.objects.filter(source="monitoring").count() == 1
    assert MonitoringAlert.objects.get(pk=alert.pk).status == "conduct"
