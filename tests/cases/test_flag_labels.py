"""An early-intervention flag's evidence is shown in words on the list and the review page, never
as its stored keys ("Percent_rank: 1.0", "Window_months")."""

import pytest

from accounts.choices import Role
from cases.models import InterventionFlag, InterventionRule
from tests.conftest import quick_sign_in
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_flag_evidence_is_shown_as_labels_on_the_list_and_the_review_page():
    rule, _ = InterventionRule.objects.get_or_create(
        code="peer_percentile", defaults={"label": "Above the 99th percentile of peers", "threshold": 99}
    )
    flag = InterventionFlag.objects.create(
        person=PersonFactory(),
        rule=rule,
        evidence={"allegations": 7, "peers": 40, "percent_rank": 1.0, "window_months": 12},
    )
    client = quick_sign_in(UserFactory(role=Role.SUPERVISOR))
    pages = {
        "list": client.get("/queues/flags/").content.decode(),
        "review": client.get(f"/queues/flags/{flag.public_id}/").content.decode(),
    }
    for name, page in pages.items():
        for raw in ("Percent_rank", "Window_months", "percent_rank", "window_months"):
            assert raw not in page, (name, raw)
        assert "Percentile rank among peers" in page and "100th" in page, name
        assert "12 months" in page, name
        assert "Peers compared" in page and "40" in page, name
