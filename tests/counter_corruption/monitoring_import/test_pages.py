"""The unit's import pages and API: upload with field errors for a bad file, progress and figures,
404 for anyone outside the unit, and an access event for each import viewed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.choices import Role
from audit.models import AccessEvent
from counter_corruption.models import AuditImport, ImportStatus
from counter_corruption.monitoring_import import import_create, import_to_completion
from tests.conftest import quick_sign_in
from tests.factories import UserFactory

from .conftest import HEADER, extract, row

pytestmark = pytest.mark.django_db
LIST = "counter_corruption:monitoring-imports"


def upload(content: bytes, name="extract.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def good_csv() -> bytes:
    return ("\n".join([HEADER, row(1), row(2, action="bad")]) + "\n").encode()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("extract.csv", b"", "file is empty"),
        ("extract.xlsx", b"system,event_id\n", "Choose a CSV file"),
        ("extract.csv", b"system,event_id,occurred_at\nPND,1,x\n", "lacks the required column(s): staff_number"),
        ("extract.csv", b"\xff\xfe\x00s\x00y", "not a UTF-8 CSV"),
    ],
)
def test_a_bad_file_gets_a_field_error_and_no_import(member, name, content, message):
    response = quick_sign_in(member).post(reverse(LIST), {"file": upload(content, name)})

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["file"])
    assert not AuditImport.objects.exists()


def test_a_member_uploads_an_extract_and_sees_its_page(member):
    client = quick_sign_in(member)
    response = client.post(reverse(LIST), {"file": upload(good_csv())})

    imp = AuditImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("counter_corruption:monitoring-import", args=[imp.public_id])
    assert (imp.origin, imp.uploaded_by, imp.status) == ("upload", member, ImportStatus.SPLITTING)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b'hx-trigger="every 2s"' in page.content  # polled while the workers run
    listed = client.get(reverse(LIST))
    assert b"extract.csv" in listed.content


def test_the_import_page_shows_the_figures_and_bad_rows_by_line_and_is_logged(member, tmp_path):
    imp = import_to_completion(
        import_create(source=extract(tmp_path, [row(1), row(2, action="bad")]), filename="e.csv", origin="command")
    )
    before = AccessEvent.objects.count()
    response = quick_sign_in(member).get(reverse("counter_corruption:monitoring-import", args=[imp.public_id]))

    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-testid="imported">1<' in text and 'data-testid="bad-rows">1<' in text
    assert "action must be search, view, print or export" in text
    assert b"every 2s" not in response.content
    event = AccessEvent.objects.order_by("-id").first()
    assert AccessEvent.objects.count() == before + 1
    assert (event.object_type, event.object_id, event.actor) == ("audit_import", str(imp.public_id), member)


@pytest.mark.parametrize("role", [Role.ANALYST, Role.INVESTIGATOR, Role.APPROPRIATE_AUTHORITY])
def test_anyone_outside_the_unit_gets_404_on_pages_and_api(role, tmp_path):
    imp = import_create(source=extract(tmp_path, [row(1)]), filename="e.csv", origin="command")
    client = quick_sign_in(UserFactory(role=role))

    assert client.get(reverse(LIST)).status_code == 404
    assert client.post(reverse(LIST), {"file": upload(good_csv())}).status_code == 404
    assert client.get(reverse("counter_corruption:monitoring-import", args=[imp.public_id])).status_code == 404
    assert client.get(reverse("monitoring-import-list")).status_code == 404
    assert client.get(reverse("monitoring-import-detail", args=[imp.public_id])).status_code == 404
    assert client.post(reverse("monitoring-import-list"), {"file": upload(good_csv())}).status_code == 404
    assert AuditImport.objects.count() == 1


def test_api_upload_201_with_the_import_and_400_with_reasons(member):
    client = quick_sign_in(member)
    created = client.post(reverse("monitoring-import-list"), {"file": upload(good_csv())})
    assert created.status_code == 201
    assert created.json()["status"] == "splitting"
    assert created.json()["progress"]["chunks_total"] == 0

    refused = client.post(reverse("monitoring-import-list"), {"file": upload(b"a,b\n1,2\n")})
    assert refused.status_code == 400
    assert "lacks the required column(s)" in refused.json()["file"][0]
    assert AuditImport.objects.count() == 1


def test_api_list_and_detail_with_progress(member, tmp_path, searcher):
    imp = import_to_completion(import_create(source=extract(tmp_path, [row(1)]), filename="e.csv", origin="command"))
    client = quick_sign_in(member)

    listed = client.get(reverse("monitoring-import-list")).json()
    items = listed["results"] if isinstance(listed, dict) else listed
    assert [i["public_id"] for i in items] == [str(imp.public_id)]
    detail = client.get(reverse("monitoring-import-detail", args=[imp.public_id])).json()
    assert detail["imported"] == 1
    assert detail["progress"]["percent"] == 100 and detail["progress"]["bad_lines"] == []
