import json
from pathlib import Path

import pytest

from accounts.choices import Role
from tests.e2e.conftest import browser_sign_in, screenshot
from tests.factories import PASSWORD, PersonFactory, UserFactory
from vetting.models import ScreeningHit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_vetting_officer_starts_a_run_watches_it_and_turns_a_hit_into_a_conduct_matter(
    page, live_server, tmp_path, settings, celery_worker
):
    settings.SCREENING_DIR = str(tmp_path / "store")
    officer = UserFactory(role=Role.VETTING_OFFICER, first_name="Vic", last_name="Vetter")
    UserFactory(role=Role.INVESTIGATOR)
    people = [PersonFactory(postcode="SE1 7PB", gender="M") for _ in range(12)]

    browser_sign_in(page, live_server.url, officer, PASSWORD)
    page.click("#navigation a:has-text('Vetting')")
    page.click(".moj-sub-navigation a:has-text('Screening runs')")
    page.click("[data-testid=start-run]")
    with page.expect_download() as download:
        page.click("[data-testid=download-request]")
    request_csv = Path(download.value.path()).read_text().splitlines()
    assert len(request_csv) == len(people) + 1 and request_csv[0].startswith("request_ref,surname")

    # PND's answer: each employee once, with an arrest record; and a decoy with another name
    by_name = {p.surname: p for p in people}
    response = tmp_path / "pnd-response.jsonl"
    with response.open("w") as out:
        for i, row in enumerate(request_csv[1:]):
            ref, surname, forenames, _, dob, gender, postcode = row.split(",")
            out.write(json.dumps({"request_ref": ref, "pnd_person_id": f"PND-{i}", "names": [{"surname": surname, "forenames": forenames, "type": "primary"}], "dates_of_birth": [dob], "gender": gender, "postcodes": [postcode], "records": [{"record_id": f"PND-R-{i}", "force_code": "01", "category": "arrest", "offence_group": "violence_against_the_person", "date": "2026-09-01", "summary": "Arrested on suspicion of ABH"}]}) + "\n")  # fmt: skip
            out.write(json.dumps({"request_ref": ref, "pnd_person_id": f"PND-D{i}", "names": [{"surname": "UNRELATED", "forenames": "PERSON", "type": "primary"}], "dates_of_birth": ["1950-01-01"], "records": []}) + "\n")  # fmt: skip
        out.write("this line is broken\n")
    assert by_name
    page.set_input_files("#id_file", str(response))
    page.click("button:has-text('Upload and resolve')")
    progress = page.locator("[data-testid=run-progress]")
    progress.wait_for()
    screenshot(page, "screening-progress")
    page.wait_for_selector("[data-testid=run-progress][data-status=complete]", timeout=60000)
    assert page.locator("[data-testid=candidates]").inner_text() == str(2 * len(people))
    assert "this line" not in page.locator("[data-testid=bad-lines]").inner_text()
    assert page.locator("[data-testid=bad-lines]").inner_text().count("not valid JSON") == 1
    screenshot(page, "screening-complete")

    page.click("[data-testid=hits-count]")
    page.locator("[data-testid=hits-table] a").first.click()
    page.check("input[value=conduct_matter]")
    page.fill("#id_reason", "Arrest for assault not declared by the officer")
    page.click("button:has-text('Record')")
    assert "Conduct matter created" in page.locator("[data-testid=hit-status]").inner_text()
    reference = page.locator("[data-testid=hit-case]").inner_text()
    screenshot(page, "screening-hit-to-conduct-matter")
    assert ScreeningHit.objects.filter(case__reference=reference).exists()
    assert page.csp_violations == []
