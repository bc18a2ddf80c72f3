"""Side views apply the selectors: a flag's evidence and a reminder never name a matter or report
the reader may not see (restricted, or conflicted)."""

from datetime import date

import pytest
from django.utils import timezone

from accounts.choices import Role
from cases.models import CaseAccessGrant, ConflictDeclaration, InterventionFlag, InterventionRule
from notifications.models import Notification
from reporting.models import Report, ReportPersonLink
from reporting.services import reminders_send
from tests.conftest import quick_sign_in
from tests.factories import CaseFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def flagged():
    """A person with three matters: one open to all, one restricted, one a supervisor declared a
    conflict with; an early-intervention flag listing all three."""
    supervisor = UserFactory(role=Role.SUPERVISOR)
    person = PersonFactory()
    open_case = CaseFactory(subjects=[person])
    restricted = CaseFactory(subjects=[person], is_restricted=True)
    conflicted = CaseFactory(subjects=[person])
    ConflictDeclaration.objects.create(user=supervisor, case=conflicted, reason="Witness")
    flag = InterventionFlag.objects.create(
        person=person,
        rule=InterventionRule.objects.get_or_create(
            code="allegations_in_window", defaults={"label": "3 or more allegations in 12 months", "threshold": 3}
        )[0],
        evidence={
            "allegations": 3,
            "window_months": 12,
            "cases": sorted([open_case.reference, restricted.reference, conflicted.reference]),
        },
    )
    return supervisor, flag, open_case, [restricted, conflicted]


def test_a_flags_evidence_lists_only_the_matters_the_reader_may_see(flagged):
    supervisor, flag, open_case, hidden = flagged
    client = quick_sign_in(supervisor)
    pages = {
        "list page": client.get("/queues/flags/").content.decode(),
        "review page": client.get(f"/queues/flags/{flag.public_id}/").content.decode(),
        "API list": client.get("/api/intervention-flags/").content.decode(),
        "API detail": client.get(f"/api/intervention-flags/{flag.public_id}/").content.decode(),
    }
    for where, body in pages.items():
        assert open_case.reference in body, where
        for case in hidden:
            assert case.reference not in body, f"{where} names {case.reference}"
    assert client.get(f"/api/intervention-flags/{flag.public_id}/").json()["evidence"]["cases"] == [open_case.reference]
    # someone granted the restricted matter sees it listed
    CaseAccessGrant.objects.create(case=hidden[0], user=supervisor, reason="Operation lead")
    assert hidden[0].reference in client.get(f"/queues/flags/{flag.public_id}/").content.decode()
    # the stored evidence itself is unchanged
    flag.refresh_from_db()
    assert len(flag.evidence["cases"]) == 3


def _report(reference, person):
    report = Report.objects.create(
        reference=reference,
        received_at=timezone.now(),
        what_happened="x",
        acknowledge_due_on=date(2026, 1, 1),
        feedback_due_on=date(2026, 4, 1),
    )
    ReportPersonLink.objects.create(report=report, person=person, reason="named", linked_by=UserFactory())
    return report


def test_reminders_never_name_a_report_the_recipient_may_not_see():
    manager = PersonFactory(rank_or_grade="INSP")
    subordinate = PersonFactory(line_manager=manager)
    # a report naming someone above the officer in their line-management chain is hidden from them
    conflicted = UserFactory(role=Role.REPORTING_OFFICER, person=subordinate)
    other = UserFactory(role=Role.REPORTING_OFFICER)
    about_manager = _report("RPT-AAAA-0001", manager)
    assert reminders_send(today=date(2026, 1, 5)) >= 1
    notified = set(
        Notification.objects.filter(subject__contains=about_manager.reference).values_list("user_id", flat=True)
    )
    assert other.pk in notified
    assert conflicted.pk not in notified


def test_a_reminder_for_an_assignee_who_may_no_longer_see_the_report_goes_to_those_who_may():
    person = PersonFactory()
    assignee = UserFactory(role=Role.REPORTING_OFFICER)
    other = UserFactory(role=Role.REPORTING_OFFICER)
    report = _report("RPT-AAAA-0002", person)
    report.assigned_to = assignee
    report.save()
    ConflictDeclaration.objects.create(user=assignee, person=person, reason="Sibling")
    reminders_send(today=date(2026, 1, 5))
    notified = set(Notification.objects.filter(subject__contains=report.reference).values_list("user_id", flat=True))
    assert notified and assignee.pk not in notified and other.pk in notified
