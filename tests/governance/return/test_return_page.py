"""The page (exact for analysts, suppressed for the oversight reader), the CSV download, the
command, access events and who gets 404."""

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from accounts.choices import Role
from audit.models import AccessEvent
from governance.home_office import COLUMNS, headline_tables, last_complete_year
from tests.conftest import quick_sign_in
from tests.factories import UserFactory

from .conftest import YEAR

pytestmark = pytest.mark.django_db

OTHERS = [r for r in Role if r not in (Role.ANALYST, Role.OVERSIGHT_READER)]


def _page(client, **params):
    return client.get(reverse("governance:return"), params)


def test_the_analyst_sees_exact_tables_and_downloads_the_file_both_logged(history_year):
    analyst = UserFactory(role=Role.ANALYST)
    client = quick_sign_in(analyst)
    response = _page(client, year=YEAR)
    assert response.status_code == 200
    body = response.content.decode()
    assert response.context["tables"] == headline_tables(YEAR, published=False)
    assert "[c]" not in body and reverse("governance:return-csv", args=[YEAR]) in body
    assert AccessEvent.objects.filter(actor=analyst, action="view", object_type="home_office_return").count() == 1
    download = client.get(reverse("governance:return-csv", args=[YEAR]))
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert lines[0] == COLUMNS and len(lines) == 1 + len(history_year["expected"])
    event = AccessEvent.objects.get(actor=analyst, action="disclose")
    assert (event.object_type, event.object_id) == ("home_office_return", str(YEAR))


def test_the_oversight_reader_sees_suppressed_tables_without_the_file(history_year):
    reader = UserFactory(role=Role.OVERSIGHT_READER)
    client = quick_sign_in(reader)
    response = _page(client, year=YEAR)
    assert response.status_code == 200
    body = response.content.decode()
    assert "[c]" in body and 'data-testid="suppression-note"' in body
    assert reverse("governance:return-csv", args=[YEAR]) not in body
    assert response.context["tables"]["published"] is True
    assert client.get(reverse("governance:return-csv", args=[YEAR])).status_code == 404
    assert AccessEvent.objects.filter(actor=reader, action="view", object_type="home_office_return").exists()


@pytest.mark.parametrize("role", OTHERS)
def test_everyone_else_gets_404(role):
    client = quick_sign_in(UserFactory(role=role))
    assert _page(client).status_code == 404
    assert client.get(reverse("governance:return-csv", args=[YEAR])).status_code == 404


def test_signed_out_is_sent_to_sign_in():
    from django.test import Client

    response = Client().get(reverse("governance:return"))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


@pytest.mark.parametrize("bad", ["abc", "20255", "1999", "9999", "", "2025.5"])
def test_a_bad_year_is_a_field_error_never_a_500(bad):
    client = quick_sign_in(UserFactory(role=Role.ANALYST))
    response = _page(client, year=bad)
    assert response.status_code == 400
    assert 'class="govuk-error-message"' in response.content.decode()
    assert response.context["form"].errors["year"]


def test_the_default_year_is_the_last_complete_financial_year():
    client = quick_sign_in(UserFactory(role=Role.ANALYST))
    response = _page(client)
    assert response.status_code == 200 and response.context["tables"]["year"] == last_complete_year()


def test_the_menu_shows_the_return_to_analysts_and_the_oversight_home_links_to_it():
    for role in Role:
        body = quick_sign_in(UserFactory(role=role)).get(reverse("home")).content.decode()
        assert ('href="/governance/home-office-return/"' in body) == (role == Role.ANALYST), role
    # the oversight reader has one menu entry, Oversight, whose page links to the return
    body = quick_sign_in(UserFactory(role=Role.OVERSIGHT_READER)).get(reverse("governance:oversight-home"))
    assert reverse("governance:return") in body.content.decode()


def test_the_command_writes_the_return_and_records_a_disclosure(history_year, tmp_path):
    out = tmp_path / "return.csv"
    stdout = io.StringIO()
    call_command("export_home_office_return", "--year", str(YEAR), str(out), stdout=stdout)
    lines = list(csv.reader(out.open(encoding="utf-8")))
    assert lines[0] == COLUMNS and len(lines) - 1 == len(history_year["expected"])
    assert f"{len(lines) - 1} rows" in stdout.getvalue()
    event = AccessEvent.objects.get(action="disclose", object_type="home_office_return")
    assert event.actor is None and event.object_id == str(YEAR)


@pytest.mark.parametrize("bad", ["twenty", "1999", "3000", "20x5"])
def test_the_command_refuses_a_bad_year_clearly(bad, tmp_path):
    with pytest.raises(CommandError, match="--year"):
        call_command("export_home_office_return", "--year", bad, str(tmp_path / "x.csv"))
    assert not (tmp_path / "x.csv").exists()
