"""demo/panels.py: the demo's hearings waiting for a date are scheduled with time and venue, and every
scheduled hearing gets a complete panel under the rules of its own date of referral."""

from datetime import date

import pytest

from demo.panels import demo_panels_create
from hearings.models import HearingPanel, Proceeding
from tests.factories import PersonFactory, UserFactory
from tests.hearings.test_panels import NEW, OLD, referred

pytestmark = pytest.mark.django_db


def test_demo_gives_each_scheduled_hearing_a_complete_panel_of_its_rules(people, matter):
    UserFactory(username="hearings", role="hearings_officer")
    _c, _s, old = referred(people, matter, referred_on=OLD)
    _c, _s, new = referred(people, matter, referred_on=NEW)
    _c, _s, senior = referred(people, matter, referred_on=NEW, person=PersonFactory(rank_or_grade="COMMANDER"))
    _c, waiting, _none = referred(people, matter, referred_on=NEW, schedule=False)
    refused = []
    assert demo_panels_create(seed=1, today=date(2026, 12, 1), refused=refused) == 4, refused
    fixed = Proceeding.objects.get(subject=waiting)
    assert fixed.scheduled_for > date(2026, 12, 1) and fixed.hearing_panel.status == "complete"
    versions = {p.proceeding_id: p.rule_version.version for p in HearingPanel.objects.filter(status="complete")}
    assert versions == {old.pk: "2020", new.pk: "si-2024-521", senior.pk: "si-2024-521", fixed.pk: "si-2024-521"}
    chair = HearingPanel.objects.get(proceeding=senior).seats.get(role="chair")
    assert chair.chair_basis == "other_force_senior_officer" and chair.force != "Demonstration Police Service"
    assert HearingPanel.objects.get(proceeding=new).advice.exists()
    assert all(p.scheduled_time and p.venue for p in Proceeding.objects.filter(status="scheduled"))
