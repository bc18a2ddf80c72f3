"""A member of the counter-corruption unit uploads a force systems' audit extract, watches the
import's progress and reads its figures and bad rows.

The chunks are imported by this test's process (standing in for the workers) while the page polls (the rules run that follows
is another part of issue 15 and is stood in for here), so each step of the progress can be seen."""

import pytest
from django.utils import timezone

from accounts.choices import Role
from counter_corruption.models import AuditImport, AuditImportChunk
from tests.e2e.conftest import browser_sign_in, screenshot
from tests.factories import PASSWORD, PersonFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADER = "system,event_id,occurred_at,staff_number,action,query_type,result_surname,result_postcode,reason_text"


def test_a_unit_member_uploads_an_extract_and_sees_progress_then_the_figures(
    page, live_server, tmp_path, settings, monkeypatch
):
    from django.db import connection

    from counter_corruption import monitoring_import_views, monitoring_rules
    from counter_corruption.monitoring_import import chunk_import, import_split

    def rules_run_start(*, audit_import_id=None, **kwargs):  # the rules part's stand-in
        AuditImport.objects.filter(id=audit_import_id).update(status="complete", finished_at=timezone.now())

    monkeypatch.setattr(monitoring_rules, "rules_run_start", rules_run_start)
    # this process plays the workers (a session worker may be running: it must not take the import)
    monkeypatch.setattr(monitoring_import_views, "import_enqueue", lambda imp: None)
    settings.MONITORING_DIR = str(tmp_path / "store")
    settings.MONITORING_CHUNK_ROWS = 4
    settings.MONITORING_RETENTION_MONTHS = 0
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE counter_corruption_auditevent")
    searcher = PersonFactory(staff_number="S555001")
    member = UserFactory(role=Role.COUNTER_CORRUPTION, person=PersonFactory())
    lines = [HEADER] + [
        f"PND,EV{n},2026-11-0{1 + n % 5}T09:1{n % 10}:00+00:00,{searcher.staff_number},search,person,Synthetic{n},AB1 2CD,"
        for n in range(10)
    ]
    lines += [
        "PND,EV10,2026-11-02T09:10:00,S555001,search,person,Naive,,",  # no offset: line 12
        'RMS,EV11,2026-11-02T09:10:00+00:00,S555999,view,person,Unknown,,"rang about\nthe job"',  # unknown staff
        "PND,EV12,2026-11-02T09:10:00+00:00,S555001,delete,person,Bad,,",  # line 15
        "PND,EV1,2026-11-02T09:10:00+00:00,S555001,search,person,Again,,",  # a duplicate
    ]
    extract = tmp_path / "pnd-audit-2026-11-05.csv"
    extract.write_text("\n".join(lines) + "\n")
    bad = tmp_path / "not-an-extract.csv"
    bad.write_text("name,date\nSmith,2026-11-01\n")

    browser_sign_in(page, live_server.url, member, PASSWORD)
    page.goto(f"{live_server.url}/counter-corruption/monitoring/imports/")
    page.set_input_files("#id_file", str(bad))
    page.click("button:has-text('Upload and import')")
    assert "lacks the required column(s): system, event_id" in page.locator("#file-error").inner_text()
    screenshot(page, "monitoring-import-refused")

    page.set_input_files("#id_file", str(extract))
    page.click("button:has-text('Upload and import')")
    page.wait_for_selector("[data-testid=import-progress][data-status=splitting]")
    imp = AuditImport.objects.get()
    assert import_split(imp) == 4
    chunks = list(AuditImportChunk.objects.filter(audit_import=imp).order_by("number").values_list("id", flat=True))
    chunk_import(chunks[0])
    chunk_import(chunks[1])
    page.wait_for_selector("[data-testid=progress-text]:has-text('2 of 4 chunks')", timeout=15000)
    assert page.locator("[data-testid=import-status]").inner_text() == "Importing events"
    screenshot(page, "monitoring-import-progress")
    chunk_import(chunks[2])
    chunk_import(chunks[3])
    page.wait_for_selector("[data-testid=import-progress][data-status=complete]", timeout=15000)

    assert page.locator("[data-testid=rows-read]").inner_text() == "14"
    assert page.locator("[data-testid=imported]").inner_text() == "11"
    assert page.locator("[data-testid=duplicates]").inner_text() == "1"
    assert page.locator("[data-testid=bad-rows]").inner_text() == "2"
    assert page.locator("[data-testid=unknown-staff]").inner_text().startswith("1")
    bad_rows = page.locator("[data-testid=bad-lines]").inner_text()
    assert "12\toccurred_at has no UTC offset" in bad_rows and "15\taction must be" in bad_rows
    screenshot(page, "monitoring-import-complete")

    page.click("a:has-text('All imports')")
    assert "pnd-audit-2026-11-05.csv" in page.locator("[data-testid=imports]").inner_text()
    screenshot(page, "monitoring-imports")
    assert page.csp_violations == []
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE counter_corruption_auditevent")
