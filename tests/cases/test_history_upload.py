"""The administrators' upload page for the case-history import (cases.history does the work)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cases.history import HEADER
from cases.models import Case, CaseEvent, CaseSubject
from cases.views import HISTORY_COLUMNS
from tests.cases.test_history_import import csv_bytes, row
from tests.conftest import quick_sign_in
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/cases/history/import/"


def upload(data: bytes, name: str = "old-cases.csv") -> dict:
    return {"file": SimpleUploadedFile(name, data, content_type="text/csv")}


@pytest.fixture
def admin():
    return quick_sign_in(UserFactory(role="administrator", username="ada.admin"))


@pytest.fixture
def history():
    """Three good rows and two bad ones (lines 3 and 5 of the file)."""
    p1, p2, p3 = PersonFactory(), PersonFactory(), PersonFactory()
    return csv_bytes(
        [
            row(p1),
            row(p2, case_ref="OLD/2019/002", received_date="2019-13-01"),
            row(p3, case_ref="OLD/2019/003", severity="misconduct", severity_date="2019-04-01"),
            row(p1, case_ref="OLD/2019/004", staff_number="NOSUCH1"),
            row(p2, case_ref="OLD/2020/001", received_date="2020-01-10"),
        ]
    )


def test_the_url_is_named_and_the_page_explains_the_format(admin):
    assert reverse("cases:history-import") == URL
    response = admin.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Subjects must already be in the workforce" in page
    assert 'type="file"' in page and 'enctype="multipart/form-data"' in page
    assert "The file format: columns and values" in page
    for column in HEADER:
        assert f"<code>{column}</code>" in page
    assert list(HISTORY_COLUMNS) == HEADER  # the explanation keeps up with the importer


def test_an_administrator_uploads_history_and_sees_counts_and_bad_rows_by_line(admin, history):
    response = admin.post(URL, upload(history))
    assert response.status_code == 200
    assert response.templates[0].name == "cases/history_result.html"
    result = response.context["result"]
    assert (result.rows_read, result.created, result.updated, result.unchanged) == (5, 3, 0, 0)
    assert [line for line, _reason in result.errors] == [3, 5]
    page = response.content.decode()
    assert '<dd class="govuk-summary-list__value" data-testid="rows-read">5</dd>' in page
    assert '<dd class="govuk-summary-list__value" data-testid="created">3</dd>' in page
    assert '<dd class="govuk-summary-list__value" data-testid="bad-row-count">2</dd>' in page
    assert "Rows not imported" in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">3</td>' in page
    assert "received_date &#x27;2019-13-01&#x27; is not a date in the form YYYY-MM-DD" in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">5</td>' in page
    assert "staff_number NOSUCH1 is not in the workforce" in page
    assert sorted(Case.objects.values_list("reference", flat=True)) == ["OLD/2019/001", "OLD/2019/003", "OLD/2020/001"]
    # history says who did it, from where, and why
    context = CaseEvent.objects.get(reference="OLD/2019/003", pgh_label="insert").pgh_context.metadata
    assert context["reason"] == "case history import of old-cases.csv"
    assert (context["username"], context["url"]) == ("ada.admin", URL)


def test_uploading_the_same_history_again_creates_nothing(admin, history):
    admin.post(URL, upload(history))
    response = admin.post(URL, upload(history))
    assert response.status_code == 200
    result = response.context["result"]
    assert (result.rows_read, result.created, result.updated, result.unchanged) == (5, 0, 0, 3)
    assert [line for line, _reason in result.errors] == [3, 5]
    assert '<dd class="govuk-summary-list__value" data-testid="created">0</dd>' in response.content.decode()
    assert (Case.objects.count(), CaseSubject.objects.count()) == (3, 3)


@pytest.mark.parametrize("role", ["investigator", "analyst", "supervisor", "auditor", None])
def test_only_administrators_may_use_the_page(role, history):
    client = quick_sign_in(UserFactory(role=role))
    # denied pages do not exist for you (the project's rule; see tests/security)
    assert client.get(URL).status_code == 404
    assert client.post(URL, upload(history)).status_code == 404
    assert not Case.objects.exists()


def test_anonymous_is_sent_to_sign_in(history):
    response = Client().post(URL, upload(history))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
    assert not Case.objects.exists()


def test_an_empty_post_shows_a_field_error(admin):
    response = admin.post(URL, {})
    assert response.status_code == 400  # as the workforce import: the form again, with its errors
    page = response.content.decode()
    assert "govuk-error-summary" in page and "govuk-form-group--error" in page
    assert "Select the case history CSV file to import" in page


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("photo.jpg", b"\xff\xd8\xff\xe0", "The selected file must be a CSV"),
        ("old.csv", b"", "The selected file is empty"),
        ("old.csv", bytes(range(256)) * 8, "The selected file is not a CSV: it contains binary data"),
        ("old.csv", "case_ref,surname\nA1,M\xfcller\n".encode("latin-1"), "cannot be read as UTF-8 text"),
    ],
)
def test_a_file_that_is_not_a_readable_csv_gets_a_field_error(admin, name, data, message):
    response = admin.post(URL, upload(data, name))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Case.objects.exists()


def test_binary_garbage_is_refused_with_a_clear_message(admin):
    garbage = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64
    response = admin.post(URL, upload(garbage, "export.csv"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "The selected file is not a CSV: it contains binary data" in page
    assert not Case.objects.exists()


def test_a_file_the_importer_refuses_shows_its_reason_on_the_form(admin):
    response = admin.post(URL, upload(b"case_ref,surname\nOLD/1,SMITH\n", "wrong.csv"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "wrong.csv was refused: The header row is wrong (missing: allegation_ref" in page
    assert "unexpected: surname" in page and "Nothing was imported." in page
    # a header the CSV reader cannot read is refused too, not a server error
    response = admin.post(URL, upload(b'"' + b"x" * 200_000 + b'"\n', "huge.csv"))
    assert response.status_code == 400
    assert "huge.csv was refused: The header row cannot be read as CSV" in response.content.decode()
    assert not Case.objects.exists()


def test_the_workforce_import_page_links_to_the_case_history_import(admin):
    page = admin.get("/workforce/imports/").content.decode()
    assert f'href="{URL}"' in page
