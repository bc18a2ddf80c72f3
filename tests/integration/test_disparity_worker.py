from datetime import date

import pytest

from oversight.models import DisparityRefresh, DisparityResult, RefreshStatus
from oversight.simulate import simulate
from tests.conftest import quick_sign_in
from tests.factories import UserFactory
from tests.integration.conftest import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_an_on_demand_refresh_runs_on_the_worker_and_a_second_request_does_not_start_another(celery_worker):
    simulate(people=3_000, commands=2, units_per_command=2, cutoff=date.today(), seed=0.2)
    analyst = quick_sign_in(UserFactory(role="analyst"))
    assert analyst.post("/disparities/refresh/").status_code == 302
    assert analyst.post("/disparities/refresh/").status_code == 302  # while it runs: told, not duplicated
    assert wait_for(lambda: DisparityRefresh.objects.filter(status=RefreshStatus.COMPLETE).exists(), timeout=120), (
        celery_worker.log.read_text()[-3000:]
    )
    refresh = DisparityRefresh.objects.get()
    assert refresh.trigger == "on_demand" and refresh.tests > 0
    assert DisparityResult.objects.filter(refresh=refresh, level="force").exists()
    # the scheduled task while nothing runs starts and completes a refresh of its own
    from oversight.tasks import refresh_disparities

    refresh_disparities.delay()
    assert wait_for(lambda: DisparityRefresh.objects.filter(status=RefreshStatus.COMPLETE).count() == 2, timeout=120)
    assert DisparityRefresh.objects.filter(trigger="scheduled", status="complete").exists()
