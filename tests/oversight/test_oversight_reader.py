"""The oversight reader (the local policing body, e.g. MOPAC): read-only statistics and the 12-month
(reg 19) reports, as domain.md says; never case details, people or the analysts' drill-downs."""

from datetime import date

import pytest

from accounts.choices import Role
from audit.models import AccessEvent
from cases.models import Reg19Report
from oversight.models import DisparityRefresh, DisparityResult
from tests.conftest import quick_sign_in
from tests.factories import CaseFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    refresh = DisparityRefresh.objects.create(
        data_cutoff="2026-10-31", method_version="disparity-1.0", rule={}, trigger="command", status="complete"
    )
    common = {"refresh": refresh, "level": "force", "window_months": 12, "population": "all", "source": "all"}
    DisparityResult.objects.create(**common, stage="s1_system", group="white", n=900, events=120, headcount=900)
    DisparityResult.objects.create(**common, stage="s1_system", group="black", n=100, events=3, headcount=100)
    DisparityResult.objects.create(**common, stage="s1_system", group="asian", n=150, events=30, headcount=150)
    return refresh


def test_the_oversight_reader_reads_disclosure_controlled_statistics_and_nothing_behind_them(published):
    reader = UserFactory(role=Role.OVERSIGHT_READER)
    client = quick_sign_in(reader)
    home = client.get("/")
    labels = [item["label"] for item in home.context["navigation"]]
    assert "Oversight" in labels, labels  # one entry: its home links the statistics and the reports
    page = client.get("/disparities/statistics/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Black" in text and "Asian" in text and "120" in text
    assert ">3<" not in text and "[c]" in text  # a count under the threshold is suppressed
    assert AccessEvent.objects.filter(actor=reader, object_type="disparity_statistics").exists()
    assert client.get("/disparities/export.csv").status_code == 200
    for hidden in ("/cases/", "/disparities/", "/disparities/compare/", "/disparities/flags/", "/workforce/"):
        assert client.get(hidden).status_code == 404, hidden


def test_the_oversight_reader_reads_submitted_reg19_reports_only():
    subject = PersonFactory(forenames="Zebedee", surname="QUARTERMAINE")
    case = CaseFactory(subjects=[subject])
    common = {"case": case, "attention_date": date(2025, 6, 1), "progress": "Witness statements taken"}
    Reg19Report.objects.create(
        **common,
        period_number=1,
        due_on=date(2026, 6, 1),
        reasons_for_delay="Awaiting forensic results",
        planned_steps="Interview under caution",
        submitted_on=date(2026, 6, 2),
    )
    Reg19Report.objects.create(
        case=case,
        attention_date=date(2025, 6, 1),
        progress="Draft not yet sent",
        period_number=2,
        due_on=date(2026, 12, 1),
    )
    reader = UserFactory(role=Role.OVERSIGHT_READER)
    client = quick_sign_in(reader)
    page = client.get("/disparities/reg19/")
    assert page.status_code == 200
    text = page.content.decode()
    assert case.reference in text and "Awaiting forensic results" in text and "Interview under caution" in text
    assert "Draft not yet sent" not in text
    assert "QUARTERMAINE" not in text and "Zebedee" not in text
    event = AccessEvent.objects.get(actor=reader, object_type="reg19_report_list")
    assert f"{case.reference}/1" in event.object_label
    # other roles do not get the page
    assert quick_sign_in(UserFactory(role=Role.INVESTIGATOR)).get("/disparities/reg19/").status_code == 404
