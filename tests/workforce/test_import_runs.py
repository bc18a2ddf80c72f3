"""A recorded HR import never stays "Running": an unexpected error fails it with the reason, and
two uploads of one file at once are serialised (one creates, the other finds nothing to change)."""

import threading

import pytest
from django.db import connection

from tests.factories import UserFactory
from workforce.choices import ImportStatus
from workforce.models import Person, WorkforceImport
from workforce.services import workforce_import_run
from workforce.synthetic import generate_people, people_to_csv

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_database_error_during_an_import_marks_it_failed_with_the_reason():
    people = generate_people(20, seed=31)
    people[7]["surname"] = "REFUSEDBYDB"
    # a real constraint of the database that the row validation knows nothing about
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE workforce_person ADD CONSTRAINT test_refuse CHECK (surname <> 'REFUSEDBYDB') NOT VALID"
        )
    try:
        run = WorkforceImport.objects.create(filename="hr.csv", content=people_to_csv(people))
        run = workforce_import_run(run=run)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE workforce_person DROP CONSTRAINT test_refuse")
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED and run.finished_at is not None
    assert "nothing was imported" in run.refusal and "IntegrityError" in run.refusal
    assert Person.objects.count() == 0


def test_two_uploads_of_the_same_file_at_once_are_serialised_and_both_finish():
    data = people_to_csv(generate_people(400, seed=32))
    admin = UserFactory(role="administrator")
    runs = [WorkforceImport.objects.create(filename="hr.csv", content=data, uploaded_by=admin) for _ in range(2)]
    barrier = threading.Barrier(2)
    problems = []

    def go(run):
        try:
            barrier.wait()
            workforce_import_run(run=run)
        except Exception as exc:  # noqa: BLE001
            problems.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=go, args=(r,)) for r in runs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert problems == []
    done = [WorkforceImport.objects.get(pk=r.pk) for r in runs]
    assert [r.status for r in done] == [ImportStatus.DONE, ImportStatus.DONE]
    assert sorted((r.created, r.unchanged) for r in done) == [(0, 400), (400, 0)]
    assert Person.objects.count() == 400
    second = next(r for r in done if r.created == 0)
    assert any("waited for it to finish" in w["reason"] for w in second.warnings)


def test_the_page_of_a_failed_import_shows_the_reason(client):
    from tests.conftest import quick_sign_in

    admin = UserFactory(role="administrator")
    run = WorkforceImport.objects.create(
        filename="hr.csv",
        content=b"x",
        status=ImportStatus.FAILED,
        refusal="The import failed and nothing was imported: IntegrityError",
    )
    page = quick_sign_in(admin).get(f"/workforce/imports/{run.public_id}/")
    assert page.status_code == 200
    assert b"nothing was imported" in page.content and b"Failed" in page.content
