"""The review of lawful business monitoring alerts: unit members only, never about themselves or
their chain (up or down) or a declared conflict; each decision (no further action, management
action, conduct matter with the events as evidence, intelligence log) taken once; the rules page's
false-positive rates and rule history; the watch list; every read of alerts or events logged."""

import csv
import io

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.choices import Role
from audit.models import AccessEvent
from cases.models import Case, ConflictDeclaration
from counter_corruption.history import integrity_history
from counter_corruption.models import AlertStatus, IntelLog, MonitoringAlert, MonitoringRule, WatchListEntry
from counter_corruption.monitoring_selectors import alerts_visible_to
from counter_corruption.monitoring_services import AlertAlreadyDecided, alert_decide, rule_update
from tests.conftest import quick_sign_in
from tests.factories import PersonFactory, UserFactory

from .monitoring_review_world import family_alert, seeded_rules

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def rules():
    seeded_rules()  # a transactional test elsewhere in the run may have flushed the seeded rows


@pytest.fixture
def analyst():
    return UserFactory(role=Role.COUNTER_CORRUPTION, person=PersonFactory(), first_name="Dana", last_name="Reeve")


@pytest.fixture
def searcher():
    return PersonFactory(surname="MARLOW", forenames="Kerry")


@pytest.fixture
def alert(searcher):
    return family_alert(searcher=searcher)


def _page(alert):
    return reverse("counter_corruption:monitoring-alert", kwargs={"public_id": alert.public_id})


def _api(alert, suffix=""):
    return f"/api/counter-corruption/monitoring/alerts/{alert.public_id}/{suffix}"


# ------------------------------------------------------------------ who sees an alert


def test_another_unit_member_sees_the_alert(analyst, alert):
    assert list(alerts_visible_to(user=analyst)) == [alert]


def test_nobody_outside_the_unit_sees_alerts(alert):
    for role in (None, Role.INVESTIGATOR, Role.SUPERVISOR, Role.VETTING_OFFICER, Role.ANALYST):
        user = UserFactory(role=role, person=PersonFactory())
        assert not alerts_visible_to(user=user).exists()
        client = quick_sign_in(user)
        for url in (
            reverse("counter_corruption:monitoring-alerts"),
            _page(alert),
            _api(alert),
            reverse("counter_corruption:monitoring-rules"),
            reverse("counter_corruption:monitoring-watchlist"),
            "/api/counter-corruption/monitoring/rules/",
            "/api/counter-corruption/monitoring/watch-list/",
        ):
            assert client.get(url).status_code == 404, (role, url)  # fmt: skip


def test_the_searcher_themself_in_the_unit_never_sees_their_alert(searcher, alert):
    member = UserFactory(role=Role.COUNTER_CORRUPTION, person=searcher)
    assert not alerts_visible_to(user=member).exists()
    assert quick_sign_in(member).get(_page(alert)).status_code == 404


def test_the_searchers_line_managers_one_and_two_levels_up_never_see_it(searcher, alert):
    second = PersonFactory()
    first = PersonFactory(line_manager=second)
    searcher.line_manager = first
    searcher.save()
    for manager in (first, second):
        member = UserFactory(role=Role.COUNTER_CORRUPTION, person=manager)
        assert not alerts_visible_to(user=member).exists(), manager
        assert quick_sign_in(member).get(_page(alert)).status_code == 404
        assert APIClient().get(_api(alert)).status_code in (401, 403)


def test_someone_the_searcher_manages_never_sees_it(searcher, alert):
    report = PersonFactory(line_manager=searcher)
    member = UserFactory(role=Role.COUNTER_CORRUPTION, person=report)
    assert not alerts_visible_to(user=member).exists()


def test_a_member_with_a_declared_conflict_never_sees_it(analyst, searcher, alert):
    ConflictDeclaration.objects.create(user=analyst, person=searcher, reason="neighbour")
    assert not alerts_visible_to(user=analyst).exists()
    client = quick_sign_in(analyst)
    assert client.get(_page(alert)).status_code == 404
    page = client.get(reverse("counter_corruption:monitoring-alerts")).content.decode()
    assert searcher.staff_number not in page


# ------------------------------------------------------------------ pages


def test_the_queue_explains_each_alert_highest_score_first_and_logs_the_search(analyst, alert):
    low = family_alert(searcher=PersonFactory(surname="ASHBY"), score=35)
    client = quick_sign_in(analyst)
    response = client.get(reverse("counter_corruption:monitoring-alerts"), {"q": alert.searcher.staff_number})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Family" in page and "82" in page and alert.searcher.staff_number in page
    assert "home postcode with their surname" in page and low.searcher.staff_number not in page
    event = AccessEvent.objects.filter(actor=analyst).latest("seq")
    assert event.object_type == "monitoring_alert_list"
    assert f"q={alert.searcher.staff_number}" in event.purpose and alert.searcher.staff_number in event.object_label
    everything = client.get(reverse("counter_corruption:monitoring-alerts")).content.decode()
    assert everything.index(alert.searcher.staff_number) < everything.index(low.searcher.staff_number)


def test_a_bad_filter_shows_no_alerts_and_no_error(analyst, alert):
    response = quick_sign_in(analyst).get(reverse("counter_corruption:monitoring-alerts"), {"rule": "nonsense"})
    assert response.status_code == 200 and 'data-testid="no-alerts"' in response.content.decode()


def test_the_alert_page_shows_the_events_and_what_matched_and_is_an_access_event(analyst, alert):
    response = quick_sign_in(analyst).get(_page(alert))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('data-testid="alert-event"') == 2
    for text in ("PND-7781001", "MARLOW D*", "Daniel Marlow, same surname", "strength 1.00", "checking",
                 "No occurrence recorded", reverse("counter_corruption:person-history", args=[alert.searcher.public_id])):  # fmt: skip
        assert text in page, text
    event = AccessEvent.objects.filter(actor=analyst).latest("seq")
    assert (event.object_type, event.object_id) == ("monitoring_alert", str(alert.public_id))
    assert "events" in event.purpose


def test_the_decision_form_shows_field_errors(analyst, alert):
    response = quick_sign_in(analyst).post(_page(alert), {"decision": "", "reason": "short"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose the decision." in page and "Give the reason in a sentence or more." in page
    assert MonitoringAlert.objects.get(pk=alert.pk).status == AlertStatus.OPEN


# ------------------------------------------------------------------ decisions


def test_no_further_action_records_the_reason_with_history(analyst, alert):
    client = quick_sign_in(analyst)
    response = client.post(_page(alert), {"decision": "nfa", "reason": "Brother reported missing: welfare check."})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert (alert.status, alert.decided_by, alert.decision_reason) == (
        "nfa",
        analyst,
        "Brother reported missing: welfare check.",
    )
    event = MonitoringAlert.pgh_event_model.objects.filter(pgh_obj=alert).latest("pgh_id")
    assert event.pgh_context.metadata["user"] == analyst.pk
    assert "welfare check" in event.pgh_context.metadata["reason"]


def test_management_action_needs_a_reason(analyst, alert):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        alert_decide(actor=analyst, alert=alert, decision="management", reason="  ")
    alert_decide(actor=analyst, alert=alert, decision="management", reason="Words of advice by the inspector.")
    assert MonitoringAlert.objects.get(pk=alert.pk).status == "management"


def test_conduct_matter_opens_a_case_from_monitoring_with_the_events_as_evidence(analyst, alert):
    response = quick_sign_in(analyst).post(
        _page(alert), {"decision": "conduct", "reason": "Repeated searches of a brother with no policing purpose."}
    )
    alert.refresh_from_db()
    case = Case.objects.get(pk=alert.case_id)
    assert response.status_code == 302 and response["Location"] == reverse("cases:detail", args=[case.reference])
    assert case.source == "monitoring" and alert.status == "conduct"
    assert list(case.case_subjects.values_list("person_id", flat=True)) == [alert.searcher_id]
    item = case.evidence.get()
    rows = list(csv.DictReader(io.StringIO(bytes(item.content).decode())))
    assert [r["event_id"] for r in rows] == ["PND-7781001", "PND-7781442"]
    assert rows[0]["system"] == "PND" and rows[0]["query_text"] == "MARLOW D*"
    assert rows[0]["matched"].startswith("Daniel Marlow") and rows[0]["occurred_at"].startswith("2026-10-03T22:41:07")
    assert "Family" in item.description


def test_intelligence_log_is_recorded_about_the_searcher(analyst, alert):
    alert = alert_decide(actor=analyst, alert=alert, decision="intelligence", reason="Pattern worth developing.")
    log = IntelLog.objects.get(pk=alert.intel_log_id)
    assert log.source_type == "monitoring"
    assert list(log.subjects.values_list("person_id", flat=True)) == [alert.searcher_id]
    assert "Family" in log.original_text and "Pattern worth developing." in log.original_text


def test_a_second_decision_is_refused_on_the_page_the_service_and_the_api(analyst, alert):
    alert_decide(actor=analyst, alert=alert, decision="nfa", reason="Explained by a welfare check.")
    with pytest.raises(AlertAlreadyDecided):
        alert_decide(actor=analyst, alert=alert, decision="conduct", reason="Changed my mind entirely.")
    other = UserFactory(role=Role.COUNTER_CORRUPTION, person=PersonFactory())
    api = APIClient()
    api.force_authenticate(other)
    response = api.post(
        _api(alert, "decision/"), {"decision": "conduct", "reason": "A second decision."}, format="json"
    )
    assert response.status_code == 409
    assert not Case.objects.filter(source="monitoring").exists()
    assert MonitoringAlert.objects.get(pk=alert.pk).status == "nfa"


def test_the_api_decision_answers_400_with_reasons_and_404_when_not_visible(analyst, searcher, alert):
    api = APIClient()
    api.force_authenticate(analyst)
    response = api.post(_api(alert, "decision/"), {"decision": "maybe"}, format="json")
    assert response.status_code == 400 and set(response.json()) == {"decision", "reason"}
    assert api.post(_api(alert, "decision/"), ["x"], format="json").status_code == 400
    self_member = UserFactory(role=Role.COUNTER_CORRUPTION, person=searcher)
    api.force_authenticate(self_member)
    assert (
        api.post(_api(alert, "decision/"), {"decision": "nfa", "reason": "My own alert!"}, format="json").status_code
        == 404
    )
    api.force_authenticate(analyst)
    response = api.post(_api(alert, "decision/"), {"decision": "nfa", "reason": "A welfare check."}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "nfa"


def test_the_api_detail_carries_the_events_and_is_logged(analyst, alert):
    api = APIClient()
    api.force_authenticate(analyst)
    body = api.get(_api(alert)).json()
    assert [e["event_id"] for e in body["events"]] == ["PND-7781001", "PND-7781442"]
    assert body["events"][0]["matched"]["kind"] == "family" and body["events"][0]["query_text"] == "MARLOW D*"
    assert AccessEvent.objects.filter(actor=analyst, object_type="monitoring_alert").exists()
    listed = api.get("/api/counter-corruption/monitoring/alerts/", {"q": alert.searcher.staff_number}).json()
    assert listed["count"] == 1
    assert AccessEvent.objects.filter(actor=analyst, object_type="monitoring_alert_list").exists()


# ------------------------------------------------------------------ rules


def test_the_rules_page_shows_the_false_positive_rate_per_rule(analyst):
    for status in ["nfa", "nfa", "conduct", "open"]:
        alert = family_alert(searcher=PersonFactory())
        MonitoringAlert.objects.filter(pk=alert.pk).update(status=status)
    page = quick_sign_in(analyst).get(reverse("counter_corruption:monitoring-rules")).content.decode()
    row = page.split('data-testid="rule-family"', 1)[1].split("</tr>", 1)[0]
    assert ">4<" in row and ">3<" in row
    assert "2 (67%)" in page.split('data-testid="fp-family"', 1)[1].split("</td>", 1)[0]
    rules = APIClient()
    rules.force_authenticate(analyst)
    family = next(r for r in rules.get("/api/counter-corruption/monitoring/rules/").json() if r["code"] == "family")
    assert (family["alerts_raised"], family["alerts_decided"], family["alerts_nfa"]) == (4, 3, 2)
    assert family["false_positive_rate"] == pytest.approx(2 / 3)


def test_a_rule_change_needs_a_reason_and_is_kept_in_its_history(analyst):
    client = quick_sign_in(analyst)
    url = reverse("counter_corruption:monitoring-rule", args=["volume"])
    response = client.post(url, {"weight": "140", "params": "[1]", "reason": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert "less than or equal to 100" in page and "Enter a JSON object" in page and "Give the reason." in page
    response = client.post(url, {"weight": "35", "enabled": "on", "params": '{"min_ratio": 6}', "reason": "Too noisy."})
    assert response.status_code == 302
    rule = MonitoringRule.objects.get(code="volume")
    assert (rule.weight, rule.enabled, rule.params) == (35, True, {"min_ratio": 6})
    history = client.get(url).content.decode().split('data-testid="rule-history"', 1)[1]
    assert "Too noisy." in history and "Dana Reeve" in history and "min_ratio: 6" in history


def test_the_api_patches_a_rule_with_a_reason_only(analyst):
    api = APIClient()
    api.force_authenticate(analyst)
    url = "/api/counter-corruption/monitoring/rules/colleague/"
    assert api.patch(url, {"weight": 20}, format="json").status_code == 400
    response = api.patch(url, {"weight": 20, "enabled": False, "reason": "Shared jobs explain most."}, format="json")
    assert response.status_code == 200 and response.json()["weight"] == 20 and response.json()["enabled"] is False
    rule_update(actor=analyst, rule=MonitoringRule.objects.get(code="colleague"), weight=25, enabled=True,
                params={}, reason="Back on.")  # fmt: skip
    reasons = [
        e.pgh_context.metadata["reason"]
        for e in MonitoringRule.pgh_event_model.objects.filter(pgh_obj_id="colleague", pgh_context__isnull=False)
    ]
    assert any("Shared jobs explain most." in r for r in reasons) and any("Back on." in r for r in reasons)


# ------------------------------------------------------------------ watch list


def test_the_watch_list_add_edit_deactivate_with_history(analyst):
    client = quick_sign_in(analyst)
    url = reverse("counter_corruption:monitoring-watchlist")
    response = client.post(
        url,
        {
            "surname": "",
            "category": "",
            "reason": "",
            **{f"date_of_birth_{p}": v for p, v in zip(("day", "month", "year"), ("23", "13", "1971"), strict=True)},
        },
    )
    assert response.status_code == 400 and "Date of birth must be a real date" in response.content.decode()
    assert 'href="#id_date_of_birth">Date of birth must be a real date</a>' in response.content.decode()
    client.post(url, {"surname": "Fenwick", "forenames": "Alys", "category": "broadcaster", "reason": "On TV"})
    entry = WatchListEntry.objects.get(surname="Fenwick")
    assert entry.added_by == analyst and entry.active
    edit = reverse("counter_corruption:monitoring-watch-entry", args=[entry.public_id])
    client.post(edit, {"surname": "Fenwick", "forenames": "Alys", "category": "politician", "postcode": "ls1 4dy",
                       "reason": "Elected"})  # fmt: skip
    client.post(edit, {"action": "deactivate", "reason": "Retired from public life"})
    entry.refresh_from_db()
    assert (entry.category, entry.postcode, entry.active) == ("politician", "LS1 4DY", False)
    reasons = [e.pgh_context.metadata["reason"] for e in WatchListEntry.pgh_event_model.objects.filter(pgh_obj=entry)]
    assert reasons == ["watch list: added: On TV", "watch list: changed: Elected",
                       "watch list: deactivated: Retired from public life"]  # fmt: skip
    assert client.get(url).status_code == 200
    assert AccessEvent.objects.filter(actor=analyst, object_type="watch_list_entry_list").exists()
    api = APIClient()
    api.force_authenticate(analyst)
    assert (
        api.post("/api/counter-corruption/monitoring/watch-list/", {"surname": "X"}, format="json").status_code == 400
    )
    created = api.post("/api/counter-corruption/monitoring/watch-list/",
                       {"surname": "Okoro", "category": "sportsperson", "reason": "Premier League"}, format="json")  # fmt: skip
    assert created.status_code == 201 and WatchListEntry.objects.filter(surname="Okoro").exists()


# ------------------------------------------------------------------ integrity history


def test_the_persons_integrity_history_shows_their_monitoring_alerts(analyst, alert):
    alert_decide(actor=analyst, alert=alert, decision="management", reason="Advice given by the inspector.")
    entries = [
        e for e in integrity_history(user=analyst, person=alert.searcher).entries if e.kind == "monitoring_alert"
    ]
    assert len(entries) == 1
    entry = entries[0]
    assert "Family" in entry.title and "October 2026" in entry.title and "score 82" in entry.title
    assert "management action" in entry.detail and "Advice given" in entry.detail
    outsider = UserFactory(role=Role.APPROPRIATE_AUTHORITY, person=PersonFactory())
    assert not [
        e for e in integrity_history(user=outsider, person=alert.searcher).entries if e.kind == "monitoring_alert"
    ]


def test_the_history_page_lists_the_alert(analyst, alert):
    url = reverse("counter_corruption:person-history", args=[alert.searcher.public_id])
    page = quick_sign_in(analyst).get(url).content.decode()
    assert "Monitoring alert" in page and _page(alert) in page


def test_the_queue_and_the_alert_page_take_a_fixed_number_of_queries(analyst):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = quick_sign_in(analyst)

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        # pghistory's middleware sets its context on each cursor: not a query of the page's own
        return len([q for q in queries.captured_queries if "set_config('pghistory" not in q["sql"]])

    first = family_alert(searcher=PersonFactory())
    few = count(reverse("counter_corruption:monitoring-alerts")), count(_page(first))
    for _ in range(6):
        family_alert(searcher=PersonFactory(), period=first.period)
    assert (count(reverse("counter_corruption:monitoring-alerts")), count(_page(first))) == few
    assert few[0] <= 13, few  # 13 with the unread notifications count in the menu (issue 17)
