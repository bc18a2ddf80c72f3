"""The public portal: report, receipt, follow-up, throttling, deployment on its own."""

import uuid

import pytest
from django.db import connection
from django.test import Client, override_settings

from reporting.models import Channel, Report, ReporterIdentity, ReportMessage
from reporting.services import team_message_send
from tests.factories import UserFactory
from tests.reporting.conftest import REPORT, submit

pytestmark = pytest.mark.django_db


def test_anonymous_report_gets_a_reference_and_a_receipt_shown_once():
    response, reference, receipt = submit()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    report = Report.objects.get(reference=reference)
    assert report.channel == Channel.PORTAL and report.anonymous
    assert report.what_happened == REPORT["what_happened"]
    assert report.ongoing is True and report.how_known == "saw"
    assert not ReporterIdentity.objects.exists()
    code = receipt.replace("-", "")
    assert len(code) >= 16 and code.isalnum()
    # kept only as a salted hash: the code is nowhere in the database
    with connection.cursor() as cursor:
        cursor.execute("SELECT row_to_json(r)::text FROM reporting_report r")
        rows = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("SELECT coalesce(string_agg(session_data, ' '), '') FROM django_session")
        sessions = cursor.fetchone()[0]
    assert code not in rows and receipt not in rows and code not in sessions
    assert len(report.receipt_hash) == 64
    # acknowledge within 7 days, feedback within 3 months
    received = report.received_at.date()
    assert (report.acknowledge_due_on - received).days == 7
    assert 89 <= (report.feedback_due_on - received).days <= 92


def test_two_receipts_differ_and_the_same_form_sent_twice_makes_one_report():
    token = str(uuid.uuid4())
    first, ref1, receipt1 = submit(submission_token=token)
    again, ref2, receipt2 = submit(submission_token=token)
    assert first.status_code == 200 and again.status_code == 409
    assert ref2 is None and receipt2 is None
    assert Report.objects.count() == 1
    _, _, receipt3 = submit()
    assert receipt3 != receipt1


def test_a_form_with_problems_shows_each_and_keeps_what_was_typed():
    response, reference, _ = submit(what_happened="", how_known="", contact="contact", email="not-an-email")
    assert response.status_code == 400 and reference is None
    text = response.content.decode()
    assert "There is a problem" in text
    assert "Enter what happened" in text
    assert "Select how you know about it" in text
    assert "Enter an email address in the correct format" in text
    assert "Outside the Blue Lantern club" in text  # kept
    assert Report.objects.count() == 0


def test_contact_details_are_kept_apart_and_not_shown_back():
    response, reference, receipt = submit(contact="contact", name="Alex Sample", email="alex@example.org")
    assert response.status_code == 200
    identity = ReporterIdentity.objects.get(report__reference=reference)
    assert identity.email == "alex@example.org" and not identity.report.anonymous
    client = Client()
    client.post("/report/follow-up/", {"reference": reference, "receipt": receipt})
    page = client.get("/report/follow-up/report/").content.decode()
    assert "alex@example.org" not in page and "Alex Sample" not in page


def test_contact_chosen_but_none_given_is_a_field_error():
    response, _, _ = submit(contact="contact")
    assert response.status_code == 400
    assert "Enter an email address or a phone number" in response.content.decode()


def test_follow_up_read_a_reply_and_add_information_never_seeing_internal_notes():
    _, reference, receipt = submit()
    report = Report.objects.get(reference=reference)
    officer = UserFactory(role="reporting_officer", first_name="Rita", last_name="Reyes")
    team_message_send(actor=officer, report=report, kind="acknowledgement", body="Thank you. Do you know his car?")
    from reporting.services import internal_note_add

    internal_note_add(actor=officer, report=report, body="INTERNAL: check duty rosters for PC 4471")

    client = Client()
    # lower case, spaces instead of hyphens: still accepted
    response = client.post(
        "/report/follow-up/", {"reference": reference.lower(), "receipt": receipt.lower().replace("-", " ")}
    )
    assert response.status_code == 302 and response["Location"] == "/report/follow-up/report/"
    page = client.get("/report/follow-up/report/").content.decode()
    assert "Do you know his car?" in page
    assert "Being looked at by the team" in page
    assert "INTERNAL" not in page and "rosters" not in page
    assert "Rita" not in page  # staff names are not shown to the public

    response = client.post("/report/follow-up/report/", {"body": "A silver estate, partial plate KX7"})
    assert response.status_code == 302
    message = ReportMessage.objects.get(report=report, direction="from_reporter")
    assert message.body == "A silver estate, partial plate KX7"
    report.refresh_from_db()
    assert report.reporter_updated_at is not None
    assert "partial plate KX7" in client.get("/report/follow-up/report/").content.decode()

    # an empty message is a field error, nothing stored
    response = client.post("/report/follow-up/report/", {"body": ""})
    assert response.status_code == 400 and "Enter your message" in response.content.decode()
    assert ReportMessage.objects.filter(report=report, direction="from_reporter").count() == 1

    # leaving ends the session
    client.post("/report/follow-up/leave/")
    assert client.get("/report/follow-up/report/")["Location"] == "/report/follow-up/"


def test_a_thousand_wrong_receipt_codes_never_succeed_and_are_throttled():
    _, reference, receipt = submit()
    client = Client()
    statuses = []
    import secrets

    for _ in range(1000):
        wrong = "".join(secrets.choice("ABCDEFGHJKMNPQRSTUVWXYZ23456789") for _ in range(20))
        response = client.post(
            "/report/follow-up/", {"reference": reference, "receipt": wrong}, REMOTE_ADDR="203.0.113.9"
        )
        statuses.append(response.status_code)
    assert 302 not in statuses  # never opened
    assert statuses[:10] == [400] * 10  # "not right" for the first tries
    assert statuses[10:] == [429] * 990  # then refused without even checking
    assert "Too many attempts" in response.content.decode()
    # while throttled, even the right code does not open the report
    response = client.post(
        "/report/follow-up/", {"reference": reference, "receipt": receipt}, REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 429


def test_guessing_from_many_addresses_is_throttled_per_reference():
    _, reference, receipt = submit()
    statuses = []
    client = Client()  # one client (middleware set-up is slow), a new address each time
    for i in range(400):
        address = f"10.{i // 250}.{i % 250}.7"
        response = client.post(
            "/report/follow-up/", {"reference": reference, "receipt": "WRONG" * 4}, REMOTE_ADDR=address
        )
        statuses.append(response.status_code)
    assert 302 not in statuses
    assert statuses.count(400) == 10 and statuses.count(429) == 390
    response = Client().post("/report/follow-up/", {"reference": reference, "receipt": receipt}, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 429
    # another report is not affected by the throttling of this one
    _, other_reference, other_receipt = submit(address="192.0.2.1")
    response = Client().post(
        "/report/follow-up/", {"reference": other_reference, "receipt": other_receipt}, REMOTE_ADDR="10.9.9.9"
    )
    assert response.status_code == 302


def test_reports_from_one_address_are_rate_limited(settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "report": (3, 3600)}
    results = [submit(address="192.0.2.50")[0].status_code for _ in range(4)]
    assert results == [200, 200, 200, 429]
    assert submit(address="192.0.2.51")[0].status_code == 200
    assert Report.objects.count() == 4


def test_rate_limit_counters_hold_keyed_hashes_not_addresses():
    from reporting.ratelimit import _redis

    submit(address="192.0.2.77")
    Client().post("/report/follow-up/", {"reference": "RPT-AAAA-AAAA", "receipt": "x" * 20}, REMOTE_ADDR="192.0.2.77")
    keys = [k.decode() for k in _redis().scan_iter(match="portal:rl:*")]
    assert len(keys) >= 2
    assert not any("192.0.2.77" in k or "AAAA" in k for k in keys)


def test_the_address_never_reaches_the_views():
    from django.test import RequestFactory

    from reporting.middleware import PortalPrivacyMiddleware

    seen = {}

    def view(request):
        seen.update(request.META)
        return None

    request = RequestFactory().get(
        "/report/", REMOTE_ADDR="192.0.2.99", HTTP_X_FORWARDED_FOR="203.0.113.5", HTTP_X_REAL_IP="203.0.113.5"
    )
    PortalPrivacyMiddleware(view)(request)
    assert "192.0.2.99" not in str(seen) and "203.0.113.5" not in str(seen)
    assert len(request.client_key) == 32
    # staff pages are not changed by it
    request = RequestFactory().get("/cases/", REMOTE_ADDR="192.0.2.99")
    PortalPrivacyMiddleware(view)(request)
    assert seen["REMOTE_ADDR"] == "192.0.2.99"


def test_behind_a_proxy_the_forwarded_address_is_the_one_limited(settings):
    from reporting.ratelimit import client_address

    settings.PORTAL_PROXY_COUNT = 1
    from django.test import RequestFactory

    request = RequestFactory().get("/report/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.8")
    assert client_address(request) == "198.51.100.8"


@override_settings(ROOT_URLCONF="misconduct.urls_portal", PORTAL_ONLY=True)
def test_the_portal_can_be_served_on_its_own():
    client = Client()
    assert client.get("/report/").status_code == 200
    assert client.get("/report/new/").status_code == 200
    assert client.get("/")["Location"] == "/report/"
    for path in ("/sign-in/", "/admin/", "/api/cases/", "/cases/", "/reporting/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Report corruption or abuse" in response.content.decode()  # the portal's own error page
    response, reference, receipt = submit(client)
    assert response.status_code == 200 and reference


def test_public_pages_are_served_to_anyone_and_have_no_staff_navigation():
    for path in ("/report/", "/report/new/", "/report/follow-up/"):
        response = Client().get(path)
        assert response.status_code == 200
        text = response.content.decode()
        assert "Sign out" not in text and "OFFICIAL-SENSITIVE" not in text
    assert Client().get("/report/nothing-here/").status_code == 404


def test_the_embedded_redis_socket_url_is_understood():
    from reporting.ratelimit import redis_py_url

    assert redis_py_url("redis+socket:///srv/var/redis.sock?virtual_host=1") == "unix:///srv/var/redis.sock?db=1"
    assert redis_py_url("redis://127.0.0.1:6379/3") == "redis://127.0.0.1:6379/3"


def test_a_stale_form_gets_a_plain_explanation_not_a_technical_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/report/new/", {**REPORT, "submission_token": str(uuid.uuid4())})
    assert response.status_code == 403
    text = response.content.decode()
    assert "Your form could not be sent" in text and "CSRF" not in text
    assert Report.objects.count() == 0


def test_no_request_id_is_shared_with_a_proxy_on_the_portal():
    client = Client()
    response = client.get("/report/", HTTP_X_REQUEST_ID="proxy-id-42")
    assert "X-Request-ID" not in response
    staff_page = client.get("/sign-in/", HTTP_X_REQUEST_ID="proxy-id-42")
    assert staff_page["X-Request-ID"] == "proxy-id-42"  # staff pages keep the proxy's id for tracing
    data = {**REPORT, "submission_token": str(uuid.uuid4())}
    assert client.post("/report/new/", data, HTTP_X_REQUEST_ID="proxy-id-43").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pghistory_context WHERE metadata::text LIKE '%%proxy-id%%'")
        assert cursor.fetchone()[0] == 0
