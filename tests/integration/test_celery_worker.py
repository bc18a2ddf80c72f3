import uuid
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from audit.models import WorkerHeartbeat
from audit.tasks import record_worker_heartbeat
from tests.conftest import quick_sign_in
from tests.factories import UserFactory
from tests.integration.conftest import wait_for
from workforce.models import Person, WorkforceImport
from workforce.synthetic import generate_people, people_to_csv
from workforce.tasks import sweep_workforce_imports

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


class Rollback(Exception):
    pass


def test_a_task_enqueued_in_a_committed_transaction_runs_and_one_rolled_back_never_runs(celery_worker):
    rolled_back, committed = f"rb-{uuid.uuid4().hex}", f"ok-{uuid.uuid4().hex}"
    with pytest.raises(Rollback), transaction.atomic():
        transaction.on_commit(lambda: record_worker_heartbeat.delay(rolled_back))
        raise Rollback
    with transaction.atomic():
        transaction.on_commit(lambda: record_worker_heartbeat.delay(committed))
        # not sent before the commit
        assert not WorkerHeartbeat.objects.filter(token=committed).exists()
    assert wait_for(lambda: WorkerHeartbeat.objects.filter(token=committed).exists())
    # the queue is FIFO and the worker has finished the later task: the earlier one was never sent
    assert not WorkerHeartbeat.objects.filter(token=rolled_back).exists()
    assert "record_worker_heartbeat[" in celery_worker.log.read_text()


def test_an_uploaded_workforce_file_is_imported_by_the_worker(celery_worker):
    admin = UserFactory(role="administrator")
    client = quick_sign_in(admin)
    people = generate_people(500, seed=11)
    for index in range(10):
        people[index * 40]["date_of_birth"] = "not-a-date"
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("hr-extract.csv", people_to_csv(people), content_type="text/csv")
    response = client.post("/workforce/imports/", {"file": upload})
    assert response.status_code == 302
    run = WorkforceImport.objects.get()
    assert wait_for(lambda: WorkforceImport.objects.get(pk=run.pk).status == "done", timeout=60)
    run.refresh_from_db()
    assert (run.created, len(run.errors)) == (490, 10)
    assert [e["line"] for e in run.errors] == [i * 40 + 2 for i in range(10)]
    assert Person.objects.count() == 490
    page = client.get(f"/workforce/imports/{run.public_id}/")
    assert b"Rows not imported" in page.content


def test_an_import_a_crash_left_pending_is_picked_up_by_the_sweeper(celery_worker):
    run = WorkforceImport.objects.create(filename="lost.csv", content=people_to_csv(generate_people(20, seed=12)))
    WorkforceImport.objects.filter(pk=run.pk).update(uploaded_at=timezone.now() - timedelta(minutes=30))
    sweep_workforce_imports.delay()
    assert wait_for(lambda: WorkforceImport.objects.get(pk=run.pk).status == "done", timeout=60)
    assert Person.objects.count() == 20


def test_a_bad_upload_shows_field_errors_and_stores_nothing(celery_worker):
    client = quick_sign_in(UserFactory(role="administrator"))
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post("/workforce/imports/", {"file": SimpleUploadedFile("photo.jpg", b"\xff\xd8")})
    assert response.status_code == 400
    assert b"The selected file must be a CSV" in response.content
    response = client.post("/workforce/imports/", {})
    assert b"Select the workforce CSV file to import" in response.content
    assert not WorkforceImport.objects.exists()
    assert Client().post("/workforce/imports/").status_code == 302  # anonymous: to sign-in
