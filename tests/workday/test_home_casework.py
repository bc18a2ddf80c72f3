"""The case-working roles' home sections (workday/home_casework.py): each lists the right work,
links to where it is done, hides (and does not count) matters the user may not open, and reads a
fixed number of queries however many matters there are."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from cases.models import (
    CasePriority,
    CaseSubject,
    ConflictDeclaration,
    InvestigationAction,
    InvestigationReport,
    Reg17Notice,
    Reg19Report,
)
from tests.conftest import quick_sign_in
from tests.factories import CaseFactory, PersonFactory, UnitFactory, UserFactory
from workday import home_casework as hc

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chain_started(db):
    """The access log's first event creates its chain head: start it so query counts are steady."""
    from audit.models import AccessChainHead

    AccessChainHead.objects.get_or_create(id=1)


@pytest.fixture
def today():
    return timezone.localdate()


def _hidden_pair(user, **case_fields):
    """Two matters the user may not open: one restricted (no grant), one they declared a conflict on."""
    restricted = CaseFactory(is_restricted=True, subjects=[PersonFactory()], **case_fields)
    conflicted = CaseFactory(subjects=[PersonFactory()], **case_fields)
    ConflictDeclaration.objects.create(user=user, case=conflicted, reason="Knows the subject socially")
    return restricted, conflicted


def _notice(subject, user, due):
    return Reg17Notice.objects.create(
        subject=subject,
        served_on=due - timedelta(days=14),
        response_due_on=due,
        pdf=b"",
        sha256="0" * 64,
        served_by=user,
    )


def _refs(section):
    return [item.title.split(":")[0] for item in section.items]


# ------------------------------------------------------------------ investigator


def test_my_matters_lists_my_open_cases_next_deadline_first_and_hides_what_i_cannot_open(today):
    me = UserFactory(role=Role.INVESTIGATOR)
    other = UserFactory(role=Role.INVESTIGATOR)
    soon = CaseFactory(investigator=me, received_date=today - timedelta(days=60), subjects=[PersonFactory()])
    _notice(soon.case_subjects.get(), me, today + timedelta(days=2))
    late = CaseFactory(investigator=me, received_date=today - timedelta(days=400), subjects=[PersonFactory()])
    CaseFactory(investigator=me, status="closed", subjects=[PersonFactory()])
    CaseFactory(investigator=other, subjects=[PersonFactory()])
    _hidden_pair(me, investigator=me, received_date=today - timedelta(days=500))

    section = hc.my_matters(me, today)

    assert _refs(section) == [late.reference, soon.reference]  # the overdue 12-month report first
    assert section.count == 2
    assert "reg 19" in section.items[0].action and section.items[0].due_on < today
    assert "due from" in section.items[1].action and section.items[1].due_on == today + timedelta(days=2)
    assert section.items[1].url == reverse("cases:detail", kwargs={"reference": soon.reference})


def test_actions_due_this_week_are_mine_or_unowned_on_my_matters_overdue_first(today):
    me = UserFactory(role=Role.INVESTIGATOR)
    colleague = UserFactory(role=Role.INVESTIGATOR)
    mine = CaseFactory(investigator=me, subjects=[PersonFactory()])
    theirs = CaseFactory(investigator=colleague, subjects=[PersonFactory()])
    restricted, conflicted = _hidden_pair(me, investigator=me)

    def action(case, owner, due, done=None, text="x"):
        return InvestigationAction.objects.create(
            case=case, kind="enquiry", description=text, due_on=due, completed_on=done, owner=owner, recorded_by=me
        )

    overdue = action(mine, me, today - timedelta(days=3), text="overdue")
    unowned = action(mine, None, today + timedelta(days=2), text="unowned on my matter")
    given_to_me = action(theirs, me, today + timedelta(days=7), text="given to me on a colleague's matter")
    action(mine, colleague, today, text="a colleague's")
    action(theirs, None, today, text="unowned on a colleague's matter")
    action(mine, me, today + timedelta(days=8), text="next week")
    action(mine, me, today - timedelta(days=1), done=today, text="done")
    action(restricted, me, today, text="restricted")
    action(conflicted, me, today, text="conflicted")

    section = hc.actions_due(me, today)

    assert [i.title.split(": ", 1)[1] for i in section.items] == [
        overdue.description,
        unowned.description,
        given_to_me.description,
    ]
    assert section.count == 3
    assert section.items[0].url.endswith("#action-log")


# ------------------------------------------------------------------ supervisor


def _priority(case, *, at_risk=False, score=10.0):
    components = [{"code": "twelve_months", "label": "Over 12 months", "points": 5, "detail": ""}] if at_risk else []
    return CasePriority.objects.create(case=case, is_open=True, at_risk=at_risk, score=score, components=components)


def test_supervisor_sees_the_team_at_risk_unallocated_and_reg19_due(today):
    unit = UnitFactory(name="Professional Standards Investigations")  # others are in the factory's default unit
    boss = UserFactory(role=Role.SUPERVISOR, person=PersonFactory(unit=unit))
    team_member = UserFactory(role=Role.INVESTIGATOR, person=PersonFactory(unit=unit))
    below = UserFactory(role=Role.INVESTIGATOR, person=PersonFactory(line_manager=boss.person))
    outsider = UserFactory(role=Role.INVESTIGATOR, person=PersonFactory())
    at_risk = CaseFactory(investigator=team_member, subjects=[PersonFactory()])
    at_risk_below = CaseFactory(investigator=below, subjects=[PersonFactory()])
    _priority(at_risk, at_risk=True, score=30)
    _priority(at_risk_below, at_risk=True, score=20)
    _priority(CaseFactory(investigator=outsider, subjects=[PersonFactory()]), at_risk=True)  # not my team
    _priority(CaseFactory(investigator=team_member, subjects=[PersonFactory()]))  # not at risk
    waiting = CaseFactory(received_date=today - timedelta(days=3), subjects=[PersonFactory()])
    _priority(waiting)
    for hidden in _hidden_pair(boss, investigator=team_member):
        _priority(hidden, at_risk=True, score=99)
    for hidden in _hidden_pair(boss):
        _priority(hidden, score=99)
        Reg19Report.objects.create(
            case=hidden, period_number=1, due_on=today, attention_date=hidden.received_date, progress="p"
        )
    draft = Reg19Report.objects.create(
        case=at_risk, period_number=1, due_on=today + timedelta(days=10), attention_date=today, progress="p"
    )
    Reg19Report.objects.create(
        case=at_risk_below,
        period_number=1,
        due_on=today - timedelta(days=1),
        attention_date=today,
        progress="p",
        submitted_on=today,
    )
    twelve = CaseFactory(
        investigator=below, received_date=today - timedelta(days=355), subjects=[PersonFactory()]
    )  # reaches 12 months within 30 days, no draft yet

    risk = hc.team_at_risk(boss, today)
    assert _refs(risk) == [at_risk.reference, at_risk_below.reference] and risk.count == 2
    assert "Over 12 months" in risk.items[0].detail or "Over 12 months" in risk.items[0].action

    free = hc.unallocated(boss, today)
    assert _refs(free) == [waiting.reference] and free.count == 1
    assert free.items[0].url.endswith("/do/appoint/")

    reports = hc.reg19_due(boss, today)
    assert sorted(_refs(reports)) == sorted([at_risk.reference, twelve.reference]) and reports.count == 2
    assert _refs(reports)[0] == draft.case.reference or reports.items[0].due_on <= reports.items[1].due_on


# ------------------------------------------------------------------ appropriate authority


def test_the_authority_sees_decisions_awaiting_with_links_to_take_them(today):
    from cases.suspension_models import SuspensionDecision
    from law.models import RuleVersion

    aa = UserFactory(role=Role.APPROPRIATE_AUTHORITY)
    investigator = UserFactory(role=Role.INVESTIGATOR)
    new = CaseFactory(subjects=[PersonFactory()])  # stage "received": severity to assess
    deciding = CaseFactory(investigator=investigator, subjects=[PersonFactory()])
    CaseSubject.objects.filter(case=deciding).update(stage="awaiting_decision", severity="misconduct")
    InvestigationReport.objects.create(case=deciding, summary="s", submitted_on=today, submitted_by=investigator)
    drafted = CaseFactory(investigator=investigator, subjects=[PersonFactory()])
    CaseSubject.objects.filter(case=drafted).update(stage="under_investigation", severity="misconduct")
    Reg19Report.objects.create(
        case=drafted, period_number=1, due_on=today + timedelta(days=5), attention_date=today, progress="p"
    )
    suspended = CaseFactory(investigator=investigator, subjects=[PersonFactory()])
    subject = suspended.case_subjects.get()
    CaseSubject.objects.filter(pk=subject.pk).update(
        stage="under_investigation", severity="gross_misconduct", suspended=True
    )
    SuspensionDecision.objects.create(
        subject=subject,
        outcome="suspend",
        decided_on=today - timedelta(weeks=5),  # reviews every 4 weeks (2020 rules): a week overdue
        reasons="r",
        decided_by=aa,
        rule_version=RuleVersion.objects.filter(rule="suspension", version="2020").first(),
    )
    for hidden in _hidden_pair(aa):  # stage "received" too
        Reg19Report.objects.create(case=hidden, period_number=1, due_on=today, attention_date=today, progress="p")

    section = hc.decisions_awaiting(aa, today)

    refs = _refs(section)
    assert new.reference in refs and deciding.reference in refs and drafted.reference in refs
    assert section.count == 4 and len(section.items) == 4
    urls = {i.title.split(":")[0] + " " + i.action.split(":")[0]: i.url for i in section.items}
    assert urls[f"{new.reference} Assess severity"].endswith("/severity/")
    assert urls[f"{deciding.reference} Decide case to answer"].endswith("/decision/")
    assert any(i.url.endswith("/do/reg19/") for i in section.items)
    review = section.items[0]  # dated, overdue first
    assert "suspension" in review.action and review.due_on == today - timedelta(weeks=1)
    assert review.url.endswith("/suspension/")


# ------------------------------------------------------------------ hearings officer


def _proceeding(case, *, forum="hearing", when=None, status="scheduled"):
    from hearings.models import Proceeding

    return Proceeding.objects.create(
        subject=case.case_subjects.get(), forum=forum, status=status, scheduled_for=when, venue="Room 1"
    )


def test_the_hearings_officer_sees_the_fortnight_panels_and_notices_due(today):
    from hearings.models import ProceedingOutcome
    from hearings.panel_models import HearingPanel

    officer = UserFactory(role=Role.HEARINGS_OFFICER)
    soon = _proceeding(CaseFactory(subjects=[PersonFactory()]), when=today + timedelta(days=3))
    meeting = _proceeding(CaseFactory(subjects=[PersonFactory()]), forum="meeting", when=today + timedelta(days=1))
    _proceeding(CaseFactory(subjects=[PersonFactory()]), when=today + timedelta(days=20))  # later: panel only
    done = _proceeding(CaseFactory(subjects=[PersonFactory()]), when=today + timedelta(days=5))
    HearingPanel.objects.create(proceeding=done, status="complete", referred_on=today)
    held = _proceeding(CaseFactory(subjects=[PersonFactory()]), when=today - timedelta(days=10), status="held")
    CaseSubject.objects.filter(pk=held.subject_id).update(stage="outcome_recorded")
    ProceedingOutcome.objects.create(
        proceeding=held,
        finding="misconduct",
        outcome="written_warning",
        reasons="r",
        decided_on=today - timedelta(days=10),
        notice_due_on=today - timedelta(days=3),
    )
    for hidden in _hidden_pair(officer):
        _proceeding(hidden, when=today + timedelta(days=2))

    coming = hc.hearings_coming(officer, today)
    assert [i.due_on for i in coming.items] == [
        today + timedelta(days=1),
        today + timedelta(days=3),
        today + timedelta(days=5),
    ]
    assert coming.count == 3
    panels = hc.panels_to_complete(officer, today)
    assert panels.count == 2 and panels.items[0].due_on == soon.scheduled_for
    assert panels.items[0].url == reverse(
        "hearings:panel", kwargs={"reference": soon.subject.case.reference, "proceeding_id": soon.public_id}
    )
    notices = hc.outcome_notices_due(officer, today)
    assert notices.count == 1 and notices.items[0].url.endswith("/outcome-notice/")
    assert meeting.subject.case.reference not in _refs(panels)


def test_the_calendar_shows_the_month_and_the_list_without_hidden_matters(today):
    officer = UserFactory(role=Role.HEARINGS_OFFICER)
    shown = _proceeding(CaseFactory(subjects=[PersonFactory()]), when=today)
    for hidden in _hidden_pair(officer):
        _proceeding(hidden, when=today)
    client = quick_sign_in(officer)
    page = client.get(reverse("workday:calendar")).content.decode()
    assert shown.subject.case.reference in page and page.count('data-testid="calendar-item"') == 1
    assert '<th scope="col"' in page and "<caption" in page
    listed = client.get(reverse("workday:calendar") + "?view=list").content.decode()
    assert listed.count('data-testid="calendar-row"') == 1
    nxt = (today.replace(day=1) + timedelta(days=32)).strftime("%Y-%m")
    assert client.get(reverse("workday:calendar") + f"?month={nxt}").status_code == 200
    assert client.get(reverse("workday:calendar") + "?month=nonsense").status_code == 200
    assert quick_sign_in(UserFactory(role=None)).get(reverse("workday:calendar")).status_code == 404


# ------------------------------------------------------------------ the page and its queries


def _home_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


@pytest.mark.parametrize(
    "role", [Role.INVESTIGATOR, Role.SUPERVISOR, Role.APPROPRIATE_AUTHORITY, Role.HEARINGS_OFFICER]
)
def test_home_reads_a_fixed_number_of_queries(role, today, django_assert_max_num_queries):
    user = UserFactory(role=role, person=PersonFactory(unit=UnitFactory(name="Professional Standards")))
    investigator = (
        user
        if role == Role.INVESTIGATOR
        else UserFactory(role=Role.INVESTIGATOR, person=PersonFactory(unit=user.person.unit))
    )
    client = quick_sign_in(user)

    def make(n):
        for _ in range(n):
            case = CaseFactory(
                investigator=investigator, received_date=today - timedelta(days=370), subjects=[PersonFactory()]
            )
            _priority(case, at_risk=True)
            _notice(case.case_subjects.get(), investigator, today + timedelta(days=4))
            InvestigationAction.objects.create(
                case=case, kind="enquiry", description="d", due_on=today, owner=investigator, recorded_by=investigator
            )
            Reg19Report.objects.create(case=case, period_number=1, due_on=today, attention_date=today, progress="p")
            _proceeding(case, when=today + timedelta(days=2))

    make(11)  # past SECTION_LIMIT: each section also counts its whole list (one query)
    few, _ = _home_queries(client)
    make(9)
    with django_assert_max_num_queries(60):
        many, page = _home_queries(client)
    assert many == few, f"{role}: {few} queries with 11 matters, {many} with 20"
    assert 'data-testid="work-item"' in page
