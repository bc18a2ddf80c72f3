"""The demo's intelligence: 300 logs over every theme and source type, statuses spread, overdue
reviews, legacy gradings, one operation, named-only logs naming cc-officer but not cc-officer-2;
for different seeds and dates."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.choices import Role
from counter_corruption.choices import IntelOutcome, SourceType
from counter_corruption.models import IntelLog, Theme
from counter_corruption.selectors import intel_logs_visible_to
from demo.intelligence import demo_intelligence_create
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("seed, today", [(1, None), (2, date(2026, 6, 30))])
def test_the_demo_makes_300_logs_across_themes_sources_and_statuses(seed, today):
    today = today or timezone.localdate()
    officer = UserFactory(role=Role.COUNTER_CORRUPTION, username="cc-officer")
    colleague = UserFactory(role=Role.COUNTER_CORRUPTION, username="cc-officer-2")
    for _ in range(60):
        PersonFactory()
    assert demo_intelligence_create(seed=seed, today=today) == 300
    assert demo_intelligence_create(seed=seed, today=today) == 0  # once only
    logs = IntelLog.objects.all()
    assert logs.count() == 300
    assert set(logs.values_list("themes__code", flat=True)) >= set(Theme.objects.values_list("code", flat=True))
    assert set(logs.values_list("source_type", flat=True)) == set(SourceType.values)
    assert set(logs.values_list("status", flat=True)) == {"received", "assessed", "tasked", "operation", "closed"}
    assert set(logs.exclude(outcome="").values_list("outcome", flat=True)) == set(IntelOutcome.values)
    assert logs.filter(status="tasked", review_on__lt=min(today, timezone.localdate())).exists()
    assert logs.filter(status="tasked", review_on__gte=min(today, timezone.localdate())).exists()
    assert logs.filter(status="operation").count() == 1
    assert logs.exclude(legacy_grading="").filter(source_evaluation="").count() >= 20
    assert logs.filter(entity_mentions__isnull=False).distinct().count() >= 50
    assert logs.filter(status__in=["received"], received_on__gt=today).count() == 0
    named = logs.filter(handling_level="named")
    assert named.count() >= 3
    assert intel_logs_visible_to(user=officer).filter(handling_level="named").count() == named.count()
    assert not intel_logs_visible_to(user=colleague).filter(handling_level="named").exists()
    assert all(log.sanitised_text != log.original_text for log in logs.exclude(sanitised_text=""))
    assert logs.filter(received_on__lt=today - timedelta(days=365)).exists()  # imported history
