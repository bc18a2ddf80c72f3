"""Vetting clearances: levels as data, the lifecycle with a rationale for every decision, appeals,
aftercare reviews, expiry on the renewal date, renewal reminders, the vetting officer's pages and
the API."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.management.commands.setup_schedules import SCHEDULES
from audit.models import AccessEvent
from notifications.models import Notification
from tests.conftest import quick_sign_in
from tests.factories import PersonFactory, UserFactory
from vetting.clearance_services import (
    aftercare_review_close,
    aftercare_review_open,
    clearance_appeal_decide,
    clearance_appeal_lodge,
    clearance_apply,
    clearance_current,
    clearance_decide,
    clearances_expire,
    expiry_reminders_send,
)
from vetting.clearance_tasks import expire_and_remind
from vetting.clearance_views import home_sections
from vetting.models import (
    AftercareReview,
    Clearance,
    ClearanceAppeal,
    ClearanceDecision,
    ClearanceLevel,
    ClearanceReminder,
)

pytestmark = pytest.mark.django_db

APPLIED_ON = date(2024, 1, 8)


@pytest.fixture
def officer():
    return UserFactory(role="vetting_officer", first_name="Vera", last_name="Vetter")


@pytest.fixture
def person():
    return PersonFactory(surname="HOLDER", forenames="JAMIE", rank_or_grade="DS", date_of_birth=date(1981, 7, 23))


def _applied(officer, person=None, level="RV", applied_on=APPLIED_ON):
    return clearance_apply(
        actor=officer,
        person=person or PersonFactory(),
        level=ClearanceLevel.objects.get(code=level),
        applied_on=applied_on,
    )


def _granted(officer, person=None, level="RV", granted_on=date(2024, 2, 1)):
    clearance = _applied(officer, person, level, applied_on=granted_on - timedelta(days=24))
    clearance_decide(
        actor=officer, clearance=clearance, to_state="granted", rationale="Checks clear", decided_on=granted_on
    )
    return clearance


def _expiring(officer, days, today, level="MV"):
    clearance = _granted(officer, level=level)
    Clearance.objects.filter(id=clearance.id).update(expires_on=today + timedelta(days=days))
    clearance.refresh_from_db()
    return clearance


# ---------------------------------------------------------------- levels


def test_levels_are_seeded_as_data_with_their_renewal_periods():
    levels = {level.code: level for level in ClearanceLevel.objects.all()}
    assert set(levels) == {"RV", "MV", "NPPV1", "NPPV2A", "NPPV2F", "NPPV3", "CTC", "SC", "SCE", "DV"}
    assert (levels["RV"].renewal_months, levels["MV"].renewal_months, levels["NPPV1"].renewal_months) == (120, 84, 36)
    assert {c for c, level in levels.items() if level.is_recorded} == {"CTC", "SC", "SCE", "DV"}
    assert all(level.active for level in levels.values())


def test_a_changed_renewal_period_applies_to_the_next_grant(officer):
    ClearanceLevel.objects.filter(code="NPPV1").update(renewal_months=24)
    clearance = _granted(officer, level="NPPV1", granted_on=date(2024, 2, 1))
    assert clearance.expires_on == date(2026, 2, 1)


# ---------------------------------------------------------------- lifecycle


def test_a_clearance_is_granted_suspended_reinstated_and_withdrawn_each_with_its_rationale(officer, person):
    clearance = _applied(officer, person)
    assert clearance.state == "applied"
    clearance_decide(
        actor=officer,
        clearance=clearance,
        to_state="granted",
        rationale="All checks clear",
        decided_on=date(2024, 2, 1),
    )
    assert (clearance.state, clearance.granted_on, clearance.expires_on) == (
        "granted",
        date(2024, 2, 1),
        date(2034, 2, 1),
    )
    clearance_decide(actor=officer, clearance=clearance, to_state="suspended", rationale="Arrested; under review")
    assert clearance.state == "suspended"
    clearance_decide(actor=officer, clearance=clearance, to_state="granted", rationale="No further action by CPS")
    # reinstatement keeps the original grant and renewal date
    assert (clearance.state, clearance.granted_on, clearance.expires_on) == (
        "granted",
        date(2024, 2, 1),
        date(2034, 2, 1),
    )
    clearance_decide(actor=officer, clearance=clearance, to_state="withdrawn", rationale="Undisclosed association")
    clearance.refresh_from_db()
    assert (clearance.state, clearance.rationale, clearance.decided_by) == (
        "withdrawn",
        "Undisclosed association",
        officer,
    )
    rows = list(clearance.decisions.values_list("from_state", "to_state", "rationale", "decided_by"))
    assert rows == [
        ("", "applied", "Application for RV recorded", officer.id),
        ("applied", "granted", "All checks clear", officer.id),
        ("granted", "suspended", "Arrested; under review", officer.id),
        ("suspended", "granted", "No further action by CPS", officer.id),
        ("granted", "withdrawn", "Undisclosed association", officer.id),
    ]
    event = clearance.events.filter(pgh_label="update").latest("pgh_id")
    assert event.state == "withdrawn"
    assert event.pgh_context.metadata["user"] == officer.id
    assert "Undisclosed association" in event.pgh_context.metadata["reason"]


@pytest.mark.parametrize(
    "path",
    [
        ["refused"],
        ["withdrawn"],
        ["granted", "expired"],
        ["granted", "withdrawn"],
        ["granted", "suspended", "withdrawn"],
    ],
)
def test_every_other_legal_transition_is_recorded(officer, path):
    clearance = _applied(officer)
    for state in path:
        clearance_decide(actor=officer, clearance=clearance, to_state=state, rationale=f"Reasons for {state}")
    assert clearance.state == path[-1]
    assert list(clearance.decisions.values_list("to_state", flat=True)) == ["applied", *path]


@pytest.mark.parametrize(
    "path, illegal",
    [
        ([], "suspended"),
        ([], "expired"),
        (["granted"], "granted"),
        (["granted", "suspended"], "expired"),
        (["granted", "suspended"], "suspended"),
        (["refused"], "granted"),
        (["withdrawn"], "granted"),
        (["granted", "expired"], "granted"),
        (["granted", "expired"], "withdrawn"),
    ],
)
def test_illegal_transitions_are_refused_with_a_message(officer, path, illegal):
    clearance = _applied(officer)
    for state in path:
        clearance_decide(actor=officer, clearance=clearance, to_state=state, rationale="ok")
    before = clearance.decisions.count()
    with pytest.raises(ValidationError) as error:
        clearance_decide(actor=officer, clearance=clearance, to_state=illegal, rationale="Try anyway")
    assert "cannot become" in error.value.message_dict["to_state"][0]
    clearance.refresh_from_db()
    assert clearance.state == (path[-1] if path else "applied")
    assert clearance.decisions.count() == before


@pytest.mark.parametrize("rationale", ["", "   ", None])
def test_every_decision_needs_a_rationale(officer, rationale):
    clearance = _applied(officer)
    with pytest.raises(ValidationError) as error:
        clearance_decide(actor=officer, clearance=clearance, to_state="granted", rationale=rationale)
    assert "rationale" in error.value.message_dict
    clearance.refresh_from_db()
    assert clearance.state == "applied" and clearance.decisions.count() == 1


def test_decisions_cannot_be_dated_in_the_future_or_before_the_application(officer):
    clearance = _applied(officer)
    with pytest.raises(ValidationError, match="future"):
        clearance_decide(
            actor=officer,
            clearance=clearance,
            to_state="granted",
            rationale="ok",
            decided_on=timezone.localdate() + timedelta(days=1),
        )
    with pytest.raises(ValidationError, match="before the application"):
        clearance_decide(
            actor=officer, clearance=clearance, to_state="granted", rationale="ok", decided_on=date(2023, 1, 1)
        )


def test_a_second_pending_application_for_the_same_level_is_refused(officer, person):
    _applied(officer, person)
    with pytest.raises(ValidationError, match="already has a pending RV application"):
        _applied(officer, person)
    _applied(officer, person, level="MV")  # another level is a different clearance
    assert Clearance.objects.filter(person=person).count() == 2


def test_a_stale_copy_cannot_overwrite_a_newer_decision(officer):
    clearance = _applied(officer)
    stale = Clearance.objects.get(id=clearance.id)
    clearance_decide(actor=officer, clearance=clearance, to_state="refused", rationale="Adverse information")
    with pytest.raises(ValidationError, match="changed this clearance"):
        clearance_decide(actor=officer, clearance=stale, to_state="granted", rationale="Checks clear")
    clearance.refresh_from_db()
    assert clearance.state == "refused"


def test_the_current_clearance_is_the_live_one(officer, person):
    old = _granted(officer, person, level="RV", granted_on=date(2014, 1, 2))
    clearance_decide(actor=officer, clearance=old, to_state="expired", rationale="Lapsed")
    live = _granted(officer, person, level="MV")
    assert clearance_current(person=person) == live
    assert clearance_current(person=PersonFactory()) is None


# ---------------------------------------------------------------- appeals


def test_an_appeal_overturning_a_refusal_grants_the_clearance(officer):
    clearance = _applied(officer)
    clearance_decide(
        actor=officer,
        clearance=clearance,
        to_state="refused",
        rationale="Debt not declared",
        decided_on=date(2024, 3, 1),
    )
    appeal = clearance_appeal_lodge(
        actor=officer, clearance=clearance, grounds="Debt was declared on page 4", lodged_on=date(2024, 3, 10)
    )
    assert appeal.against.to_state == "refused" and appeal.is_open
    with pytest.raises(ValidationError, match="already been appealed"):
        clearance_appeal_lodge(actor=officer, clearance=clearance, grounds="Again")
    clearance_appeal_decide(
        actor=officer, appeal=appeal, result="overturned", reasons="Declared in full", decided_on=date(2024, 4, 2)
    )
    clearance.refresh_from_db()
    appeal.refresh_from_db()
    assert (appeal.result, appeal.decided_on, appeal.decided_by) == ("overturned", date(2024, 4, 2), officer)
    assert (clearance.state, clearance.granted_on, clearance.expires_on) == (
        "granted",
        date(2024, 4, 2),
        date(2034, 4, 2),
    )
    last = clearance.decisions.last()
    assert (last.from_state, last.to_state, last.appeal) == ("refused", "granted", appeal)
    assert last.rationale == "Appeal overturned the refusal: Declared in full"
    with pytest.raises(ValidationError, match="already been decided"):
        clearance_appeal_decide(actor=officer, appeal=appeal, result="upheld", reasons="Changed my mind")


def test_an_upheld_appeal_against_a_withdrawal_leaves_it_withdrawn(officer):
    clearance = _granted(officer)
    clearance_decide(actor=officer, clearance=clearance, to_state="withdrawn", rationale="Misuse of systems")
    appeal = clearance_appeal_lodge(actor=officer, clearance=clearance, grounds="Disproportionate")
    clearance_appeal_decide(actor=officer, appeal=appeal, result="upheld", reasons="Proportionate to the risk")
    clearance.refresh_from_db()
    assert clearance.state == "withdrawn"
    assert not clearance.decisions.filter(appeal=appeal).exists()


def test_an_overturned_withdrawal_restores_the_original_renewal_date(officer):
    clearance = _granted(officer, granted_on=date(2024, 2, 1))
    clearance_decide(actor=officer, clearance=clearance, to_state="withdrawn", rationale="Misuse of systems")
    appeal = clearance_appeal_lodge(actor=officer, clearance=clearance, grounds="Wrong person")
    clearance_appeal_decide(actor=officer, appeal=appeal, result="overturned", reasons="Audit log was someone else's")
    clearance.refresh_from_db()
    assert (clearance.state, clearance.expires_on) == ("granted", date(2034, 2, 1))
    assert clearance.decisions.last().rationale.startswith("Appeal overturned the withdrawal")


def test_only_refusals_and_withdrawals_can_be_appealed_and_grounds_and_reasons_are_required(officer):
    clearance = _granted(officer)
    with pytest.raises(ValidationError, match="Only a refusal or a withdrawal"):
        clearance_appeal_lodge(actor=officer, clearance=clearance, grounds="Pre-emptive")
    clearance_decide(actor=officer, clearance=clearance, to_state="withdrawn", rationale="Risk")
    with pytest.raises(ValidationError) as error:
        clearance_appeal_lodge(actor=officer, clearance=clearance, grounds=" ")
    assert "grounds" in error.value.message_dict
    appeal = clearance_appeal_lodge(actor=officer, clearance=clearance, grounds="Unfair")
    with pytest.raises(ValidationError) as error:
        clearance_appeal_decide(actor=officer, appeal=appeal, result="overturned", reasons="")
    assert "reasons" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        clearance_appeal_decide(actor=officer, appeal=appeal, result="maybe", reasons="Hmm")
    assert "result" in error.value.message_dict
    assert ClearanceAppeal.objects.get(id=appeal.id).is_open


# ---------------------------------------------------------------- aftercare


def test_aftercare_review_closed_as_suspended_suspends_the_clearance(officer):
    clearance = _granted(officer)
    review = aftercare_review_open(
        actor=officer, clearance=clearance, trigger="adverse_information", note="Intelligence report 123"
    )
    assert review.is_open and review.opened_by == officer and review.opened_on == timezone.localdate()
    aftercare_review_close(actor=officer, review=review, outcome="suspended", note="Pending the investigation")
    clearance.refresh_from_db()
    assert (review.outcome, review.closed_by, clearance.state) == ("suspended", officer, "suspended")
    decision = clearance.decisions.last()
    assert (decision.to_state, decision.aftercare_review) == ("suspended", review)
    assert decision.rationale == "Aftercare review: Pending the investigation"
    with pytest.raises(ValidationError, match="already closed"):
        aftercare_review_close(actor=officer, review=review, outcome="no_change", note="x")


@pytest.mark.parametrize("outcome", ["no_change", "conditions"])
def test_aftercare_review_closed_without_action_leaves_the_clearance_granted(officer, outcome):
    clearance = _granted(officer)
    review = aftercare_review_open(actor=officer, clearance=clearance, trigger="periodic", note="Annual check")
    aftercare_review_close(actor=officer, review=review, outcome=outcome, note="Report finances monthly")
    clearance.refresh_from_db()
    assert clearance.state == "granted" and clearance.decisions.count() == 2


def test_aftercare_review_closed_as_withdrawn_withdraws_a_suspended_clearance(officer):
    clearance = _granted(officer)
    clearance_decide(actor=officer, clearance=clearance, to_state="suspended", rationale="Charged")
    review = aftercare_review_open(
        actor=officer, clearance=clearance, trigger="change_of_circumstances", note="Charged"
    )
    aftercare_review_close(actor=officer, review=review, outcome="withdrawn", note="Convicted")
    clearance.refresh_from_db()
    assert clearance.state == "withdrawn"


def test_aftercare_needs_a_live_clearance_a_note_and_a_known_trigger(officer):
    applied = _applied(officer)
    with pytest.raises(ValidationError, match="Only a granted or suspended clearance"):
        aftercare_review_open(actor=officer, clearance=applied, trigger="periodic", note="x")
    granted = _granted(officer)
    with pytest.raises(ValidationError) as error:
        aftercare_review_open(actor=officer, clearance=granted, trigger="periodic", note="  ")
    assert "note" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        aftercare_review_open(actor=officer, clearance=granted, trigger="gossip", note="x")
    assert "trigger" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        aftercare_review_open(actor=None, clearance=granted, trigger="screening_hit", note="x", source_hit_id=999999)
    assert "source_hit_id" in error.value.message_dict
    assert not AftercareReview.objects.exists()


def test_a_screening_hit_opens_one_review_however_often_it_is_passed_on(officer, person):
    from vetting.models import ScreeningCandidate, ScreeningHit, ScreeningRun

    clearance = _granted(officer, person)
    run = ScreeningRun.objects.create()
    candidate = ScreeningCandidate.objects.create(
        run=run, line=1, request_ref="R1", pnd_person_id="PND-1", person=person, decision="match", score=95
    )
    hit = ScreeningHit.objects.create(
        run=run, candidate=candidate, person=person, pnd_person_id="PND-1", record_id="PND-R-1",
        content_hash="0" * 64, category="arrest", grade="review",
    )  # fmt: skip
    first = aftercare_review_open(
        actor=None, clearance=clearance, trigger="screening_hit", note="PND: arrest", source_hit_id=hit.id
    )
    again = aftercare_review_open(
        actor=officer, clearance=clearance, trigger="screening_hit", note="PND: arrest", source_hit_id=hit.id
    )
    assert first == again and first.opened_by is None
    assert AftercareReview.objects.filter(source_hit=hit).count() == 1


# ---------------------------------------------------------------- expiry and reminders


def test_granted_clearances_expire_on_their_renewal_date_once(officer):
    due = _granted(officer, level="NPPV1", granted_on=date(2020, 5, 4))  # renewal 4 May 2023
    not_due = _granted(officer, level="RV")
    suspended = _granted(officer, level="NPPV1", granted_on=date(2020, 5, 4))
    clearance_decide(actor=officer, clearance=suspended, to_state="suspended", rationale="Under investigation")
    assert clearances_expire(today=date(2023, 5, 3)) == 0
    assert clearances_expire(today=date(2023, 5, 4)) == 1
    assert clearances_expire(today=date(2023, 5, 4)) == 0
    assert clearances_expire() == 0
    for c in (due, not_due, suspended):
        c.refresh_from_db()
    assert (due.state, not_due.state, suspended.state) == ("expired", "granted", "suspended")
    decision = due.decisions.last()
    assert (decision.from_state, decision.to_state, decision.decided_by, decision.decided_on) == (
        "granted",
        "expired",
        None,
        date(2023, 5, 4),
    )
    assert decision.rationale == "Expired on renewal date (4 May 2023)"
    assert due.decisions.filter(to_state="expired").count() == 1
    assert due.events.latest("pgh_id").pgh_context.metadata["reason"] == "clearance expired on its renewal date"


def test_reminders_go_to_active_vetting_officers_at_most_once_in_30_days(officer):
    other_officer = UserFactory(role="vetting_officer")
    UserFactory(role="vetting_officer", is_active=False)
    investigator = UserFactory(role="investigator")
    today = date(2030, 6, 1)
    soon = _expiring(officer, 60, today)
    later = _expiring(officer, 125, today)  # outside the window for another 35 days
    gone = _expiring(officer, 30, today)
    clearance_decide(actor=officer, clearance=gone, to_state="withdrawn", rationale="Left the role")

    assert expiry_reminders_send(today=today) == 1
    notices = Notification.objects.order_by("user_id")
    assert [n.user for n in notices] == sorted([officer, other_officer], key=lambda u: u.id)
    assert notices[0].url == f"/vetting/clearances/{soon.public_id}/"
    assert soon.person.staff_number in notices[0].subject and "MV" in notices[0].subject
    assert "60 days" in notices[0].body
    assert not Notification.objects.filter(user=investigator).exists()

    assert expiry_reminders_send(today=today) == 0
    assert expiry_reminders_send(today=today + timedelta(days=29)) == 0
    assert Notification.objects.count() == 2
    assert expiry_reminders_send(today=today + timedelta(days=30)) == 1
    assert Notification.objects.count() == 4
    assert expiry_reminders_send(today=today + timedelta(days=35)) == 1  # now 90 days out
    assert ClearanceReminder.objects.filter(clearance=later).count() == 1
    assert list(ClearanceReminder.objects.filter(clearance=soon).values_list("sent_on", flat=True)) == [
        today + timedelta(days=30),
        today,
    ]


def test_the_daily_task_expires_and_reminds_and_is_scheduled_at_six(officer):
    today = timezone.localdate()
    _expiring(officer, 10, today)
    lapsed = _expiring(officer, -1, today)
    assert expire_and_remind() == "1 expired, 1 reminded"
    lapsed.refresh_from_db()
    assert lapsed.state == "expired"
    assert expire_and_remind() == "0 expired, 0 reminded"
    task, schedule = SCHEDULES["Expire clearances and send renewal reminders"]
    assert (task, schedule[:3]) == ("vetting.clearance_tasks.expire_and_remind", ("cron", "0", "6"))


# ---------------------------------------------------------------- pages


@pytest.fixture
def client(officer):
    return quick_sign_in(officer)


def test_the_pages_are_for_vetting_officers_only(officer):
    clearance = _applied(officer)
    for role in ("investigator", "administrator", None):
        other = quick_sign_in(UserFactory(role=role))
        for url in ("/vetting/clearances/", "/vetting/clearances/new/", f"/vetting/clearances/{clearance.public_id}/"):
            assert other.get(url).status_code == 404
        response = other.post(
            f"/vetting/clearances/{clearance.public_id}/",
            {"action": "decide", "decide-to_state": "granted", "decide-rationale": "x"},
        )
        assert response.status_code == 404
    clearance.refresh_from_db()
    assert clearance.state == "applied"


def test_the_list_filters_by_state_level_and_expiry_and_has_tabs(officer, client):
    today = timezone.localdate()
    soon = _expiring(officer, 20, today, level="MV")
    later = _expiring(officer, 200, today, level="RV")
    pending = _applied(officer, level="SC")
    reviewed = _granted(officer, level="DV")
    aftercare_review_open(actor=officer, clearance=reviewed, trigger="adverse_information", note="Report")

    def names(query):
        response = client.get("/vetting/clearances/", query)
        assert response.status_code == 200
        html = response.content.decode()
        return {c.person.display_name for c in (soon, later, pending, reviewed) if c.person.display_name in html}

    assert names({}) == {c.person.display_name for c in (soon, later, pending, reviewed)}
    assert names({"state": "applied"}) == {pending.person.display_name}
    assert names({"level": "MV"}) == {soon.person.display_name}
    assert names({"expiring_within": "30"}) == {soon.person.display_name}
    assert names({"expiring_within": "365", "level": "RV"}) == {later.person.display_name}
    assert names({"q": soon.person.staff_number}) == {soon.person.display_name}
    assert names({"tab": "expiring"}) == {soon.person.display_name}
    assert names({"tab": "review"}) == {reviewed.person.display_name}
    assert "Adverse information" in client.get("/vetting/clearances/", {"tab": "review"}).content.decode()
    # nonsense filters: field errors, never a 500
    response = client.get("/vetting/clearances/", {"expiring_within": "soon", "state": "<b>", "tab": "x"})
    assert response.status_code == 200 and "govuk-error-message" in response.content.decode()


def test_the_list_makes_a_fixed_number_of_queries(officer, client, django_assert_max_num_queries):
    for _ in range(3):
        _granted(officer)
    client.get("/vetting/clearances/")  # warm the session and level caches
    # 12 for the page, 2 for the officer's own chain and conflicts, 4 for the access event
    with django_assert_max_num_queries(18):
        small = client.get("/vetting/clearances/")
    for _ in range(10):
        _granted(officer)
    with django_assert_max_num_queries(18):
        big = client.get("/vetting/clearances/")
    assert small.status_code == big.status_code == 200


def test_the_clearance_page_shows_the_person_history_and_only_legal_decisions(officer, client, person):
    clearance = _applied(officer, person)
    response = client.get(f"/vetting/clearances/{clearance.public_id}/")
    assert response.status_code == 200
    html = response.content.decode()
    for shown in ("Jamie Holder", person.staff_number, "DS", person.unit.name, "Application for RV recorded"):
        assert shown in html
    assert "1981" not in html and "23 July" not in html  # no date of birth
    assert 'value="granted"' in html and 'value="refused"' in html and 'value="withdrawn"' in html
    assert 'value="suspended"' not in html and 'value="expired"' not in html
    assert 'data-testid="appeal-form"' not in html and 'data-testid="aftercare-open-form"' not in html
    assert AccessEvent.objects.filter(actor=officer, object_type="clearance", object_id=str(clearance.public_id))


def test_a_decision_without_rationale_is_a_field_error_not_a_change(officer, client):
    clearance = _applied(officer)
    url = f"/vetting/clearances/{clearance.public_id}/"
    response = client.post(url, {"action": "decide", "decide-to_state": "granted", "decide-rationale": " "})
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html and "Give the rationale" in html
    response = client.post(url, {"action": "decide", "decide-to_state": "suspended", "decide-rationale": "Because"})
    assert response.status_code == 400 and "Choose one of the decisions offered" in response.content.decode()
    response = client.post(url, {"action": "decide", "decide-to_state": "granted", "decide-decided_on": "31/02/x"})
    assert response.status_code == 400
    response = client.post(url, {"action": "appeal", "appeal-grounds": "Not offered"})
    assert response.status_code == 302  # the appeal form is not on offer: back to the page
    clearance.refresh_from_db()
    assert clearance.state == "applied" and not clearance.appeals.exists()


def test_decision_appeal_and_aftercare_through_the_page(officer, client):
    clearance = _applied(officer)
    url = f"/vetting/clearances/{clearance.public_id}/"
    today = timezone.localdate().isoformat()
    response = client.post(
        url,
        {"action": "decide", "decide-to_state": "refused", "decide-rationale": "Adverse", "decide-decided_on": today},
    )
    assert response.status_code == 302 and response["Location"] == url
    assert 'data-testid="appeal-form"' in client.get(url).content.decode()
    response = client.post(url, {"action": "appeal", "appeal-grounds": "", "appeal-lodged_on": today})
    assert response.status_code == 400 and "Give the grounds of the appeal" in response.content.decode()
    response = client.post(url, {"action": "appeal", "appeal-grounds": "Mistaken identity", "appeal-lodged_on": today})
    assert response.status_code == 302
    response = client.post(
        url,
        {
            "action": "appeal-decide",
            "appeal-decide-result": "overturned",
            "appeal-decide-reasons": "Wrong person",
            "appeal-decide-decided_on": today,
        },
    )
    assert response.status_code == 302
    clearance.refresh_from_db()
    assert clearance.state == "granted"
    response = client.post(url, {"action": "aftercare-open", "aftercare-open-trigger": "periodic"})
    assert response.status_code == 400 and "Say what prompted the review" in response.content.decode()
    response = client.post(
        url, {"action": "aftercare-open", "aftercare-open-trigger": "periodic", "aftercare-open-note": "Annual"}
    )
    assert response.status_code == 302
    review = clearance.aftercare_reviews.get()
    key = f"aftercare-close-{review.public_id}"
    response = client.post(url, {"action": key, f"{key}-outcome": "suspended", f"{key}-closed_on": today})
    assert response.status_code == 400 and "Give the rationale for the outcome" in response.content.decode()
    response = client.post(
        url,
        {"action": key, f"{key}-outcome": "suspended", f"{key}-outcome_note": "Debts", f"{key}-closed_on": today},
    )
    assert response.status_code == 302
    clearance.refresh_from_db()
    review.refresh_from_db()
    assert (clearance.state, review.outcome) == ("suspended", "suspended")
    html = client.get(url).content.decode()
    for text in ("Mistaken identity", "Wrong person", "Annual", "Debts", "Appeal overturned the refusal"):
        assert text in html
    assert 'value="granted"' in html and "Reinstate" in html


def test_recording_a_clearance(officer, client, person):
    response = client.get("/vetting/clearances/new/")
    assert response.status_code == 200 and "CTC" in response.content.decode()
    response = client.post("/vetting/clearances/new/", {"staff_number": "NOBODY1", "level": "RV", "applied_on": "x"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "No one in the workforce has staff number NOBODY1" in html and "govuk-error-summary" in html
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post(
        "/vetting/clearances/new/", {"staff_number": person.staff_number, "level": "RV", "applied_on": future}
    )
    assert response.status_code == 400 and "cannot be in the future" in response.content.decode()
    data = {
        "staff_number": person.staff_number.lower(),
        "level": "SC",
        "applied_on": "2025-03-01",
        "note": "UKSV ref 1",
    }
    response = client.post("/vetting/clearances/new/", data)
    clearance = Clearance.objects.get(person=person)
    assert response.status_code == 302 and response["Location"] == f"/vetting/clearances/{clearance.public_id}/"
    assert (clearance.level_id, clearance.applied_on, clearance.recorded_by) == ("SC", date(2025, 3, 1), officer)
    response = client.post("/vetting/clearances/new/", data)
    assert response.status_code == 400 and "already has a pending SC application" in response.content.decode()


def test_the_vetting_home_shows_expiring_clearances_and_open_reviews(officer, client):
    today = timezone.localdate()
    soon = _expiring(officer, 15, today)
    reviewed = _granted(officer)
    aftercare_review_open(actor=officer, clearance=reviewed, trigger="periodic", note="Annual")
    sections = {s["key"]: s for s in home_sections(officer)}
    assert sections["expiring"]["title"] == "Clearances expiring in the next 90 days"
    assert [i["url"] for i in sections["expiring"]["items"]] == [f"/vetting/clearances/{soon.public_id}/"]
    assert sections["expiring"]["more_url"] == "/vetting/clearances/?tab=expiring"
    assert [i["url"] for i in sections["aftercare"]["items"]] == [f"/vetting/clearances/{reviewed.public_id}/"]
    assert home_sections(UserFactory(role="investigator")) == []
    html = client.get("/vetting/").content.decode()
    assert soon.person.display_name in html and 'data-testid="vetting-expiring"' in html


# ---------------------------------------------------------------- API


def test_the_api_lists_reads_and_decides(officer, client, person):
    clearance = _applied(officer, person)
    _granted(officer)
    listing = client.get("/api/vetting/clearances/", {"state": "applied"}).json()
    assert [c["id"] for c in listing["results"]] == [str(clearance.public_id)]
    assert set(listing["results"][0]["person"]) == {"id", "staff_number", "name", "rank_or_grade", "unit"}
    detail = client.get(f"/api/vetting/clearances/{clearance.public_id}/").json()
    assert detail["allowed_decisions"] == ["granted", "refused", "withdrawn"]
    assert AccessEvent.objects.filter(actor=officer, object_type="clearance", purpose="vetting (API)").count() == 1
    assert client.get("/api/vetting/clearances/", {"expiring_within": "soon"}).status_code == 400

    url = f"/api/vetting/clearances/{clearance.public_id}/decide/"
    bad = client.post(url, {"to_state": "granted", "rationale": ""}, content_type="application/json")
    assert bad.status_code == 400 and "rationale" in bad.json()
    bad = client.post(url, {"to_state": "suspended", "rationale": "x"}, content_type="application/json")
    assert bad.status_code == 400 and "cannot become" in bad.json()["to_state"][0]
    bad = client.post(url, {"to_state": "promoted", "rationale": "x"}, content_type="application/json")
    assert bad.status_code == 400 and "to_state" in bad.json()
    assert client.post(url, "[]", content_type="application/json").status_code == 400
    ok = client.post(url, {"to_state": "granted", "rationale": "Checks clear"}, content_type="application/json")
    assert ok.status_code == 200
    body = ok.json()
    assert body["state"] == "granted" and body["decisions"][-1]["rationale"] == "Checks clear"
    assert body["allowed_decisions"] == ["suspended", "withdrawn", "expired"]
    assert ClearanceDecision.objects.filter(clearance=clearance, to_state="granted", decided_by=officer).exists()

    other = quick_sign_in(UserFactory(role="investigator"))
    assert other.get("/api/vetting/clearances/").status_code == 404
    assert other.get(f"/api/vetting/clearances/{clearance.public_id}/").status_code == 404
    refused = other.post(url, {"to_state": "withdrawn", "rationale": "x"}, content_type="application/json")
    assert refused.status_code == 404
