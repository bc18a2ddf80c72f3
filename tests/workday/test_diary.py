"""The investigator's diary: a week by day of their own actions, their matters' deadlines and their
diary entries, only on matters they may see; entries added from the case page or the diary."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.choices import Role
from audit.models import AccessEvent
from cases import services
from cases.models import ConflictDeclaration, DiaryEntry
from tests.conftest import quick_sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def test_the_week_lists_my_actions_deadlines_and_diary_entries_by_day(matter, investigator, supervisor):
    today = timezone.localdate()
    case = matter(received=today - timedelta(days=40))
    services.action_record(
        actor=investigator, case=case, kind="enquiry", description="Ask IT for the audit log", due_on=today
    )
    services.action_record(
        actor=investigator, case=case, kind="note", description="Somebody else's", due_on=today, owner=supervisor
    )
    services.action_record(
        actor=investigator, case=case, kind="note", description="Chase the statement", due_on=today - timedelta(days=20)
    )
    services.diary_entry_add(actor=investigator, case=case, happened_on=today, text="Spoke to the complainant")
    client = quick_sign_in(investigator)
    response = client.get("/diary/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ask IT for the audit log" in body and "Spoke to the complainant" in body
    assert "Somebody else&#x27;s" not in body and "Somebody else's" not in body
    assert "Chase the statement" in body and "Overdue" in body  # overdue, whatever the week
    assert AccessEvent.objects.filter(actor=investigator, purpose__startswith="my diary").exists()
    # the supervisor owns the other action
    assert "Somebody else" in quick_sign_in(supervisor).get("/diary/").content.decode()


def test_a_deadline_of_my_matter_shows_in_its_week(matter, investigator):
    received = timezone.localdate() - timedelta(days=300)
    case = matter(received=received)
    from dateutil.relativedelta import relativedelta

    twelve_months = case.received_date + relativedelta(months=12)
    body = quick_sign_in(investigator).get(f"/diary/?week={monday_of(twelve_months)}").content.decode()
    assert "12 months since the matter came to attention" in body and case.reference in body


def test_previous_and_next_weeks_and_nonsense_weeks(investigator):
    client = quick_sign_in(investigator)
    this_monday = monday_of(timezone.localdate())
    body = client.get(f"/diary/?week={this_monday - timedelta(days=3)}").content.decode()
    assert f"?week={this_monday - timedelta(days=14)}" in body and f"?week={this_monday}" in body
    assert client.get("/diary/?week=2026-13-45").status_code == 200
    assert client.get("/diary/?week=<script>").status_code == 200


def test_a_matter_i_may_no_longer_see_leaves_my_diary(matter, investigator):
    today = timezone.localdate()
    case = matter()
    services.diary_entry_add(actor=investigator, case=case, happened_on=today, text="Visited the scene")
    ConflictDeclaration.objects.create(user=investigator, case=case, reason="Now related")
    body = quick_sign_in(investigator).get("/diary/").content.decode()
    assert "Visited the scene" not in body and case.reference not in body


def test_adding_an_entry_from_the_diary_page(matter, investigator):
    case = matter()
    client = quick_sign_in(investigator)
    day = timezone.localdate() - timedelta(days=10)
    response = client.post(
        "/diary/", {"reference": case.reference.lower(), "happened_on": day, "text": "Called the force solicitor"}
    )
    assert response.status_code == 302 and f"week={monday_of(day)}" in response["Location"]
    entry = DiaryEntry.objects.get()
    assert (entry.case, entry.author, entry.happened_on) == (case, investigator, day)
    assert "Called the force solicitor" in client.get(response["Location"]).content.decode()


def test_bad_diary_input_shows_field_errors_not_a_500(matter, investigator):
    case = matter()
    hidden = matter()
    ConflictDeclaration.objects.create(user=investigator, case=hidden, reason="Related")
    client = quick_sign_in(investigator)
    response = client.post("/diary/", {"reference": case.reference, "happened_on": "2999-01-01", "text": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert "cannot be in the future" in body and "Write what happened" in body
    response = client.post("/diary/", {"reference": hidden.reference, "happened_on": "2026-01-01", "text": "x"})
    assert response.status_code == 400 and "There is no matter" in response.content.decode()
    response = client.post("/diary/", {"reference": "PSD-1", "happened_on": "31/02/2026", "text": "x"})
    assert response.status_code == 400 and "Date it happened must be a real date" in response.content.decode()
    assert not DiaryEntry.objects.exists()


def test_adding_an_entry_from_the_case_page(matter, investigator):
    case = matter()
    client = quick_sign_in(investigator)
    response = client.post(
        f"/cases/{case.reference}/do/diary/", {"happened_on": "2026-03-04", "text": "Collected the CCTV"}
    )
    assert response.status_code == 302
    response = client.post(f"/cases/{case.reference}/do/diary/", {"happened_on": "2999-03-04", "text": ""})
    assert response.status_code == 400
    assert DiaryEntry.objects.get().text == "Collected the CCTV"


def test_only_case_workers_have_a_diary():
    assert quick_sign_in(UserFactory(role=Role.ANALYST)).get("/diary/").status_code == 404


def test_the_demo_gives_the_investigator_diary_entries_and_custody_movements_in_the_past(matter, supervisor):
    from cases.models import CustodyEntry
    from demo.workday_actions import demo_workday_actions_create

    demo_investigator = UserFactory(role=Role.INVESTIGATOR, username="investigator")
    case = matter(received=timezone.localdate() - timedelta(days=60))
    services.investigator_appoint(actor=supervisor, case=case, investigator=demo_investigator, reason="Demo")
    assert demo_workday_actions_create(today=timezone.localdate()) == "2 diary entries, 2 custody movements"
    today = timezone.localdate()
    assert all(case.received_date <= e.happened_on < today for e in DiaryEntry.objects.all())
    assert all(c.happened_at.date() < today for c in CustodyEntry.objects.filter(happened_at__isnull=False))
    assert demo_workday_actions_create(today=today) == "0 diary entries, 0 custody movements"  # once
