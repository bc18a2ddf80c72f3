"""The other roles' work lists on the home page: each section lists the right things, oldest or most
urgent first; a record the user may not open is neither listed nor counted; the page costs a
bounded number of queries whatever the data's size; an auditor checks an export and it leaves."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from audit.models import ExportCheck
from cases.models import ConflictDeclaration
from tests.conftest import quick_sign_in
from tests.factories import PersonFactory, UserFactory
from workday.home import SECTION_LIMIT, sections_for

from . import others_world as world

pytestmark = pytest.mark.django_db


def _user(role, *, person=True):
    user = UserFactory(role=role)
    if person:
        user.person = PersonFactory()
        user.save()
    return user


def _section(user, key):
    found = {s.key: s for s in sections_for(user, timezone.localdate())}
    return found.get(key)


def _conflict(user, person):
    ConflictDeclaration.objects.create(user=user, person=person, reason="my neighbour")


def _home(user):
    response = quick_sign_in(user).get("/")
    assert response.status_code == 200
    return response.content.decode()


# ------------------------------------------------------------------ vetting officer


def test_vetting_hits_to_decide_oldest_first_and_hidden_ones_not_counted():
    officer = _user(Role.VETTING_OFFICER)
    seen, hidden = PersonFactory(), PersonFactory()
    made = world.hits(seen, 3)
    world.hits(seen, 2, grade="information")  # information only: nothing to decide
    world.hits(hidden, 2)
    _conflict(officer, hidden)
    section = _section(officer, "vetting-hits")
    assert section.count == 3
    assert [i.url for i in section.items] == [reverse("vetting:hit", args=[h.public_id]) for h in made]
    assert hidden.display_name not in _home(officer)


def test_vetting_clearances_renewals_due_then_applications():
    officer = _user(Role.VETTING_OFFICER)
    today = timezone.localdate()
    soon = world.clearance(PersonFactory(), state="granted", applied_on=today - timedelta(days=2000),
                           expires_on=today + timedelta(days=20))  # fmt: skip
    world.clearance(PersonFactory(), state="granted", applied_on=today - timedelta(days=100),
                    expires_on=today + timedelta(days=2000))  # not due  # fmt: skip
    applied = world.clearance(PersonFactory(), applied_on=today - timedelta(days=40))
    hidden = PersonFactory()
    world.clearance(hidden, applied_on=today - timedelta(days=50))
    _conflict(officer, hidden)
    section = _section(officer, "vetting-clearances")
    assert section.count == 2
    assert [i.url for i in section.items] == [
        reverse("vetting:clearance", args=[soon.public_id]),
        reverse("vetting:clearance", args=[applied.public_id]),
    ]
    assert section.items[0].due_on == soon.expires_on


# ------------------------------------------------------------------ analyst


def test_analyst_sees_new_disparity_flags_only():
    analyst = _user(Role.ANALYST)
    flags = world.disparity_flags(3)
    flags[2].status = "under_review"
    flags[2].save()
    section = _section(analyst, "analyst-flags")
    assert section.count == 2
    assert [i.url for i in section.items] == [reverse("oversight:flag", args=[f.public_id]) for f in flags[:2]]
    assert _section(_user(Role.INVESTIGATOR), "analyst-flags") is None


# ------------------------------------------------------------------ reporting line


def test_reports_to_acknowledge_and_to_triage():
    officer = _user(Role.REPORTING_OFFICER)
    old, new = world.report(days_ago=9), world.report(days_ago=2)
    triage = world.report(days_ago=5, acknowledged=True)
    hidden_person = PersonFactory()
    world.report(days_ago=20, about=hidden_person, linked_by=officer)
    _conflict(officer, hidden_person)
    acknowledge = _section(officer, "reports-acknowledge")
    assert acknowledge.count == 2
    assert [i.title for i in acknowledge.items] == [old.reference, new.reference]
    assert acknowledge.items[0].due_on == old.acknowledge_due_on
    waiting = _section(officer, "reports-triage")
    assert [i.title for i in waiting.items] == [triage.reference] and waiting.count == 1


# ------------------------------------------------------------------ auditor


def test_auditor_checks_an_export_and_it_leaves_the_list():
    auditor = _user(Role.AUDITOR)
    supervisor = UserFactory(role=Role.SUPERVISOR)
    events = world.export_events(supervisor, 3)
    world.export_events(auditor, 1)  # their own: another auditor checks it
    world.export_events(supervisor, 1, action="view")  # not an export
    assert _section(auditor, "auditor-exports").count == 3
    client = quick_sign_in(auditor)
    page = client.get(reverse("audit:exports"))
    assert page.status_code == 200 and page.content.decode().count('data-testid="export-row"') == 3
    response = client.post(reverse("audit:export-check"), {"event": str(events[0].public_id), "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    check = ExportCheck.objects.get()
    assert check.event == events[0] and check.checked_by == auditor
    assert _section(auditor, "auditor-exports").count == 2
    # checked twice: refused with a message, not an error
    again = client.post(reverse("audit:export-check"), {"event": str(events[0].public_id)}, follow=True)
    assert "already been checked" in again.content.decode() and ExportCheck.objects.count() == 1
    # bad input and other roles: 404, GET: 405
    assert client.post(reverse("audit:export-check"), {"event": "nonsense"}).status_code == 404
    assert client.get(reverse("audit:export-check")).status_code == 405
    other = quick_sign_in(UserFactory(role=Role.SUPERVISOR))
    assert other.post(reverse("audit:export-check"), {"event": str(events[1].public_id)}).status_code == 404


def test_an_auditor_cannot_check_their_own_export():
    from django.core.exceptions import ValidationError

    from audit.services import export_check

    auditor = _user(Role.AUDITOR)
    (own,) = world.export_events(auditor, 1)
    with pytest.raises(ValidationError):
        export_check(actor=auditor, event=own)


def test_exports_older_than_30_days_leave_the_list():
    from audit.selectors import exports_to_check

    auditor = _user(Role.AUDITOR)
    world.export_events(UserFactory(role=Role.SUPERVISOR), 1)
    later = timezone.now() + timedelta(days=31)
    assert exports_to_check(user=auditor).count() == 1
    assert exports_to_check(user=auditor, now=later).count() == 0


# ------------------------------------------------------------------ counter-corruption unit


def test_cc_taskings_past_review_and_alerts_with_need_to_know():
    officer = _user(Role.COUNTER_CORRUPTION)
    today = timezone.localdate()
    late = world.intel_log(review_on=today - timedelta(days=3), tasked_to=officer)
    world.intel_log(review_on=today + timedelta(days=3), tasked_to=officer)  # not yet due
    hidden = PersonFactory()
    world.intel_log(review_on=today - timedelta(days=9), subjects=[hidden])
    alert = world.link_alert(person=PersonFactory())
    world.link_alert(person=hidden)
    _conflict(officer, hidden)
    taskings = _section(officer, "cc-taskings")
    assert taskings.count == 1
    assert taskings.items[0].url == reverse("counter_corruption:intel-decision", args=[late.public_id, "task"])
    alerts = _section(officer, "cc-alerts")
    assert alerts.count == 1 and alerts.items[0].url == reverse("counter_corruption:link-alert", args=[alert.public_id])


# ------------------------------------------------------------------ integrity registers


def test_integrity_approver_sees_declarations_to_decide_not_their_own_or_conflicted():
    from tests.integrity.conftest import declare_business, declare_gift

    approver = _user(Role.INTEGRITY_APPROVER)
    declarer = _user(None)
    gift = declare_gift(declarer)
    interest = declare_business(declarer)
    declare_business(approver)  # their own
    conflicted = _user(None)
    declare_business(conflicted)
    _conflict(approver, conflicted.person)
    section = _section(approver, "integrity-decisions")
    assert section.count == 2
    assert {i.url for i in section.items} == {
        reverse("integrity:decide", args=["gifts", gift.public_id]),
        reverse("integrity:decide", args=["business-interests", interest.public_id]),
    }


def test_my_declarations_due_for_anyone_with_a_workforce_record():
    from integrity.models import BusinessInterest
    from tests.integrity.conftest import declare_business

    staff = _user(None)
    entry = declare_business(staff)
    assert _section(staff, "my-declarations") is None  # nothing due yet
    BusinessInterest.objects.filter(pk=entry.pk).update(
        status="decided", decision="approved", review_on=timezone.localdate() + timedelta(days=5)
    )
    section = _section(staff, "my-declarations")
    assert section.count == 1
    assert section.items[0].url == reverse("integrity:review", args=["business-interests", entry.public_id])
    assert "My declarations due" in _home(staff)
    assert _section(_user(None, person=False), "my-declarations") is None


def test_an_answered_review_leaves_my_declarations_and_joins_the_approvers_decisions():
    from integrity.models import BusinessInterest
    from integrity.services import review_answer
    from tests.integrity.conftest import declare_business

    staff, approver = _user(None), _user(Role.INTEGRITY_APPROVER)
    today = timezone.localdate()
    first, second = declare_business(staff), declare_business(staff, business_name="Harbour Kayaks")
    BusinessInterest.objects.filter(pk__in=[first.pk, second.pk]).update(
        status="decided", decision="approved", decided_by=approver, review_on=today - timedelta(days=2)
    )
    assert _section(staff, "my-declarations").count == 2
    assert _section(approver, "integrity-decisions").count == 0
    review_answer(actor=staff, entry=first, changed=True, detail="Now 5 hours a week.")
    section = _section(staff, "my-declarations")
    assert section.count == 1 and second.reference in section.items[0].title
    decisions = _section(approver, "integrity-decisions")
    assert decisions.count == 1
    item = decisions.items[0]
    assert item.url == reverse("integrity:decide", args=["business-interests", first.public_id])
    assert item.action == "Decide the annual review" and "something has changed" in item.detail
    review_answer(actor=staff, entry=second, changed=False, detail="")
    assert _section(staff, "my-declarations") is None


def test_my_declarations_costs_the_same_queries_whatever_the_number_due():
    from integrity.models import BusinessInterest
    from tests.integrity.conftest import declare_business

    staff = _user(None)
    due = dict(status="decided", decision="approved", review_on=timezone.localdate() + timedelta(days=3))
    BusinessInterest.objects.filter(pk=declare_business(staff).pk).update(**due)
    with CaptureQueriesContext(connection) as small:
        _section(staff, "my-declarations")
    for _ in range(SECTION_LIMIT + 3):
        BusinessInterest.objects.filter(pk=declare_business(staff).pk).update(**due)
    with CaptureQueriesContext(connection) as large:
        section = _section(staff, "my-declarations")
    assert section.count == SECTION_LIMIT + 4 and len(section.items) == SECTION_LIMIT
    assert len(large) <= len(small) + 1  # the count, once the list is longer than a page


# ------------------------------------------------------------------ oversight reader, administrator


def test_oversight_reader_sees_the_12_month_reports_not_yet_read():
    from cases.models import Reg19Report
    from oversight.models import Reg19Reading
    from tests.factories import CaseFactory

    reader = _user(Role.OVERSIGHT_READER, person=False)
    other_reader = _user(Role.OVERSIGHT_READER, person=False)
    today = timezone.localdate()

    def report(days, **case):
        return Reg19Report.objects.create(
            case=CaseFactory(**case), period_number=1, due_on=today, attention_date=today, progress="x",
            submitted_on=today - timedelta(days=days),
        )  # fmt: skip

    old, recent, read = report(45), report(0), report(3)
    report(0, is_restricted=True)  # never reaches the policing body: not listed, not counted
    Reg19Report.objects.create(case=CaseFactory(), period_number=1, due_on=today, attention_date=today, progress="x")
    Reg19Reading.objects.create(report=read, reader=reader)
    Reg19Reading.objects.create(report=old, reader=other_reader)  # another reader's reading is theirs
    section = _section(reader, "oversight-reports")
    assert section.count == 2
    assert [old.case.reference in section.items[0].title, recent.case.reference in section.items[1].title] == [True] * 2
    assert section.items[0].url.endswith(f"#report-{old.pk}")


def test_marking_a_12_month_report_read_takes_it_off_the_list(signed_in):
    from cases.models import Reg19Report
    from oversight.models import Reg19Reading
    from tests.factories import CaseFactory

    reader = _user(Role.OVERSIGHT_READER, person=False)
    today = timezone.localdate()
    shown = Reg19Report.objects.create(
        case=CaseFactory(), period_number=1, due_on=today, attention_date=today, progress="x", submitted_on=today
    )
    hidden = Reg19Report.objects.create(
        case=CaseFactory(is_restricted=True), period_number=1, due_on=today, attention_date=today, progress="x",
        submitted_on=today,
    )  # fmt: skip
    client = signed_in(reader)
    url = reverse("oversight:reg19-reports")
    assert client.post(url, {"report": hidden.pk}).status_code == 404  # a report it may not open
    assert client.post(url, {"report": "nonsense"}).status_code == 404
    response = client.post(url, {"report": shown.pk, "page": "1"})
    assert response.status_code == 302
    assert client.post(url, {"report": shown.pk}).status_code == 302  # twice: still one reading
    assert Reg19Reading.objects.filter(reader=reader).count() == 1
    assert _section(reader, "oversight-reports").count == 0
    assert "Not read" not in client.get(url).content.decode()


def test_administrator_sees_the_last_import_and_its_errors():
    from workforce.models import WorkforceImport

    admin = _user(Role.ADMINISTRATOR, person=False)
    WorkforceImport.objects.create(filename="old.csv", content=b"", status="done")
    WorkforceImport.objects.create(
        filename="new.csv", content=b"", status="done", errors=[{"line": 3, "staff_number": "X", "reason": "bad"}]
    )
    section = _section(admin, "admin-imports")
    assert section.items[0].title.endswith("new.csv") and "1 bad row" in section.items[0].action
    assert section.count == 1


# ------------------------------------------------------------------ the page as a whole


def _one_of_everything(users, per: int):
    today = timezone.localdate()
    world.hits(PersonFactory(), per)
    for _ in range(per):
        world.clearance(PersonFactory(), applied_on=today - timedelta(days=10))
        world.report(days_ago=3)
        world.report(days_ago=3, acknowledged=True)
        world.intel_log(review_on=today - timedelta(days=2))
        world.link_alert(person=PersonFactory())
    world.disparity_flags(per)
    world.export_events(UserFactory(role=Role.SUPERVISOR), per)


@pytest.mark.parametrize(
    "role",
    [
        Role.VETTING_OFFICER,
        Role.ANALYST,
        Role.REPORTING_OFFICER,
        Role.AUDITOR,
        Role.COUNTER_CORRUPTION,
        Role.INTEGRITY_APPROVER,
        Role.OVERSIGHT_READER,
        Role.ADMINISTRATOR,
    ],
)
def test_home_query_count_does_not_grow_with_the_data(role):
    user = _user(role)
    client = quick_sign_in(user)
    _one_of_everything([user], 2)
    client.get("/")
    with CaptureQueriesContext(connection) as small:
        assert client.get("/").status_code == 200
    _one_of_everything([user], SECTION_LIMIT + 3)
    with CaptureQueriesContext(connection) as large:
        page = client.get("/")
    assert page.status_code == 200
    # "View all" appears once a section holds more than it shows: one count query more per section
    assert len(large) <= len(small) + 6, [q["sql"][:120] for q in large.captured_queries]
    assert len(large) < 60
