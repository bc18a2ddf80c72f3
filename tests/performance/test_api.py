"""The performance API: 400 with reasons for an illegal step, 409 when someone acted first."""

import pytest
from rest_framework.test import APIClient

from performance.choices import PerformanceState

pytestmark = pytest.mark.django_db


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def opened(chain):
    client = _client(chain["line_manager"])
    response = client.post(
        "/api/performance/cases/",
        {"staff_number": chain["officer"].staff_number, "kind": "performance", "attention_date": "2025-06-01",
         "concerns": "Missed three court warnings."},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.data
    return client, response.data["reference"]


def test_open_and_record_a_first_stage_meeting(opened):
    client, reference = opened
    response = client.post(
        f"/api/performance/cases/{reference}/steps/first-stage/",
        {"meeting_on": "2025-06-02", "outcome": "written_improvement_notice", "improvement_required": "Answer warnings.",
         "reasons": "Accepted.", "expected_state": "opened"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 200, response.data
    assert response.data["state"] == PerformanceState.FIRST_IMPROVEMENT
    assert response.data["meetings"][0]["period_ends_on"] == "2025-09-02"
    assert "assess" in response.data["allowed_steps"]
    assert any("specified period" in d["what"] for d in response.data["deadlines"])


def test_an_illegal_step_is_a_400_with_reasons(opened):
    client, reference = opened
    response = client.post(f"/api/performance/cases/{reference}/steps/assess/", {}, format="json")
    assert response.status_code == 400
    assert "not possible while the case is" in response.data["step"][0]
    response = client.post(
        f"/api/performance/cases/{reference}/steps/first-stage/",
        {"meeting_on": "2025-06-02", "outcome": "dismissal", "reasons": "x"},
        format="json",
    )
    assert response.status_code == 400 and "outcome" in response.data
    response = client.post("/api/performance/cases/", {"staff_number": "NOPE", "kind": "performance"}, format="json")
    assert response.status_code == 400 and "staff_number" in response.data


def test_a_step_on_a_case_someone_else_moved_is_a_409(opened, chain):
    client, reference = opened
    data = {
        "meeting_on": "2025-06-02",
        "outcome": "no_further_action",
        "reasons": "Explained.",
        "expected_state": "opened",
    }
    assert client.post(f"/api/performance/cases/{reference}/steps/first-stage/", data, format="json").status_code == 200
    other = _client(chain["second_line"])
    response = other.post(f"/api/performance/cases/{reference}/steps/first-stage/", data, format="json")
    assert response.status_code == 409
    assert "Sam Sergeant" in response.data["non_field_errors"][0]


def test_others_get_404_or_an_empty_list(opened, chain):
    _client_, reference = opened
    officer = _client(chain["officer_user"])
    assert officer.get(f"/api/performance/cases/{reference}/").status_code == 404
    assert officer.get("/api/performance/cases/").data["results"] == []
