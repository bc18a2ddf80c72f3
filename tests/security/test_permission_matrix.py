"""Every URL the project serves, for every role: who gets in, and what everyone else gets.

A URL with no declared expectation fails the test, so new pages cannot skip the question.
"""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from accounts.choices import (
    AUDIT_READERS,
    CASE_READERS,
    COUNTER_CORRUPTION_UNIT,
    INTEGRITY_APPROVERS,
    INTEGRITY_HISTORY_READERS,
    REPORT_TRIAGERS,
    REPORTER_IDENTITY_READERS,
    WORKFORCE_READERS,
    Role,
)
from integrity.registers import REGISTERS as INTEGRITY_REGISTERS
from integrity.selectors import REGISTER_READERS
from tests.conftest import quick_sign_in
from tests.factories import CaseFactory, PersonFactory, UserFactory
from workforce.models import WorkforceImport

pytestmark = pytest.mark.django_db

ALL_ROLES = [r.value for r in Role]
QUEUE = frozenset({Role.SUPERVISOR, Role.APPROPRIATE_AUTHORITY})
EVERYONE = frozenset(ALL_ROLES) | {"no_role"}
PUBLIC = "public"
ADMIN = frozenset({Role.ADMINISTRATOR})
ANALYST = frozenset({Role.ANALYST})
VETTING = frozenset({Role.VETTING_OFFICER})
WITHDRAWAL = frozenset({Role.VETTING_OFFICER, Role.APPROPRIATE_AUTHORITY})
STATISTICS = frozenset({Role.ANALYST, Role.OVERSIGHT_READER})
UNIT = frozenset({Role.COUNTER_CORRUPTION})  # disclosure-controlled aggregates


def _timeliness_expectations() -> dict:
    """Issue 16 part B: the page for the force (exact) and the oversight reader (published); the
    matters behind a figure for the force only; the rebuild button for analysts."""
    from governance.roles import TIMELINESS_EXACT_READERS, TIMELINESS_PUBLISHED_READERS

    return {
        "governance:timeliness": (TIMELINESS_EXACT_READERS | TIMELINESS_PUBLISHED_READERS, 404),
        "governance:timeliness-matters": (TIMELINESS_EXACT_READERS, 404),
        "governance:timeliness-refresh": ("post-only-for", ANALYST),
    }


def _governance_oversight_expectations() -> dict:
    """The local policing body's own pages (governance/urls_oversight.py): its reader only."""
    readers = frozenset({Role.OVERSIGHT_READER})
    return {f"governance:oversight-{name}": (readers, 404) for name in ("home", "suspensions", "hearings")}


# url name -> (who may use it, what the others get)
#   404    hidden (pages and API details: objects you may not see do not exist for you)
#   empty  an API list that answers 200 with no results
EXPECTATIONS = {
    # the public reporting portal: no sign-in; the follow-up page needs a receipt code first
    "portal:start": (PUBLIC, None),
    "portal:new": (PUBLIC, None),
    "portal:follow-up": (PUBLIC, None),
    "portal:report": ("portal-session", None),
    "portal:leave": ("portal-session", None),
    "reporting:queue": (REPORT_TRIAGERS, 404),
    "report-list": (REPORT_TRIAGERS, 404),
    "report-detail": (REPORT_TRIAGERS, 404),
    "report-message": ("post-only-api", None),
    "reporting:import": (REPORT_TRIAGERS, 404),
    "reporting:report": (REPORT_TRIAGERS, 404),
    "reporting:file": (REPORT_TRIAGERS, 404),
    "reporting:step-up": (REPORTER_IDENTITY_READERS, 404),
    "reporting:identity": ("step-up-for", REPORTER_IDENTITY_READERS),
    **{
        f"reporting:{name}": ("post-only-for", REPORT_TRIAGERS)
        for name in ("message", "note", "link", "unlink", "conduct-matter", "close", "acknowledge", "assign-to-me")
    },
    "home": (EVERYONE, None),
    **_timeliness_expectations(),
    # a person's integrity history (page and API) and the unit's person finder
    "counter_corruption:people": (COUNTER_CORRUPTION_UNIT, 404),
    "counter_corruption:person-history": (INTEGRITY_HISTORY_READERS, 404),
    "counter-corruption-person-history": (INTEGRITY_HISTORY_READERS, 404),
    "law:rules": (EVERYONE, None),
    "healthz": (PUBLIC, None),
    "accounts:sign-in": (PUBLIC, None),
    "accounts:verify": ("signed-in-before-second-factor", None),
    "accounts:enrol": ("signed-in-before-second-factor", None),
    "accounts:sign-out": ("post-only", None),
    "cases:list": (CASE_READERS, 404),
    "cases:detail": (CASE_READERS, 404),
    "cases:new": (frozenset({Role.INVESTIGATOR, Role.SUPERVISOR, Role.APPROPRIATE_AUTHORITY}), 404),
    "cases:history-import": (ADMIN, 404),
    # the generic step pages, checked with one representative step each (the roles of every
    # step are in cases.steps.STEPS and tested in tests/cases/test_case_pages.py)
    "cases:step": (frozenset({Role.INVESTIGATOR, Role.SUPERVISOR}), 404),  # "action"
    "cases:subject-step": (frozenset({Role.APPROPRIATE_AUTHORITY}), 404),  # "severity"
    "cases:reg17-pdf": (CASE_READERS, 404),
    "hearings:outcome-notice-pdf": (CASE_READERS, 404),
    "hearings:panel": (CASE_READERS, 404),
    "hearings:panel-open": (frozenset({Role.HEARINGS_OFFICER}), 404),
    "hearings:panel-member-new": (frozenset({Role.HEARINGS_OFFICER}), 404),
    "hearings:panel-complete": ("post-only-for", frozenset({Role.HEARINGS_OFFICER})),
    "hearings:panel-member-remove": ("post-only-for", frozenset({Role.HEARINGS_OFFICER})),
    "hearings:panel-discard": ("post-only-for", frozenset({Role.HEARINGS_OFFICER})),
    "hearings:panel-advice-new": (frozenset({Role.HEARINGS_OFFICER}), 404),
    "hearings:panel-decision": (frozenset({Role.HEARINGS_OFFICER}), 404),
    "hearing-panel-list": ("post-only-api", None),
    "hearing-panel-detail": (CASE_READERS, 404),
    "hearing-panel-members": ("post-only-api", None),
    "hearing-panel-complete": ("post-only-api", None),
    "hearing-panel-advice": ("post-only-api", None),
    "hearing-panel-decision": ("post-only-api", None),
    "hearings:staff-invitation-pdf": (CASE_READERS, 404),
    "cases:evidence": (CASE_READERS, 404),
    "cases:suspension": (CASE_READERS, 404),
    "case-subject-suspension": (CASE_READERS, 404),
    "queues:suspension": (QUEUE, 404),
    "queue-suspension": (QUEUE, 404),
    "workforce:people": (WORKFORCE_READERS, 404),
    "workforce:person": (WORKFORCE_READERS, 404),
    "workforce:imports": (ADMIN, 404),
    "accounts:locked": (ADMIN, 404),
    "accounts:unlock": (ADMIN, 404),
    "workforce:import-detail": (ADMIN, 404),
    "audit:search": (AUDIT_READERS, 404),
    "api-me": (EVERYONE, None),
    "api-schema": (EVERYONE, None),
    "api-docs": (EVERYONE, None),
    "person-list": (WORKFORCE_READERS, "empty"),
    "person-detail": (WORKFORCE_READERS, 404),
    "orgunit-list": (WORKFORCE_READERS, "empty"),
    "orgunit-detail": (WORKFORCE_READERS, 404),
    "workforce-import-list": (ADMIN, "empty"),
    "workforce-import-detail": (ADMIN, 404),
    "case-list": (CASE_READERS, "empty"),
    "case-detail": (CASE_READERS, 404),
    "case-step": ("post-only-api", None),
    "queues:home": (QUEUE, 404),
    "queues:queue": (QUEUE, 404),
    "queues:export": (QUEUE, 404),
    "queues:flags": (QUEUE, 404),
    "queues:flag-review": (QUEUE, 404),
    "queues:allocate": ("post-only-for", QUEUE),
    "queue-list": (QUEUE, 404),
    "queue-detail": (QUEUE, 404),
    "intervention-flag-list": (QUEUE, 404),
    "intervention-flag-detail": (QUEUE, 404),
    "intervention-flag-review": ("post-only-api", None),
    "api-allocate": ("post-only-api", None),
    "api-workload": (QUEUE, 404),
    "case-subject-step": ("post-only-api", None),
    "access-event-list": (AUDIT_READERS, "empty"),
    "access-event-detail": (AUDIT_READERS, 404),
    "oversight:dashboard": (ANALYST, 404),
    "oversight:refresh": ("post-only-for", ANALYST),
    "oversight:compare": (ANALYST, 404),
    "oversight:flags": (ANALYST, 404),
    "oversight:flag": (ANALYST, 404),
    "oversight:drilldown": (ANALYST, 404),
    "oversight:export": (STATISTICS, 404),
    "oversight:statistics": (STATISTICS, 404),
    "oversight:reg19-reports": (frozenset({Role.OVERSIGHT_READER}), 404),
    "notifications:list": (EVERYONE, None),
    "workday:search": (EVERYONE, None),
    # issue 17 home-case (below this line)
    "workday:calendar": (CASE_READERS, 404),
    "oversight:second-look": (frozenset({Role.APPROPRIATE_AUTHORITY, Role.SUPERVISOR}), 404),
    "disparity-result-list": (ANALYST, 404),
    "disparity-flag-list": (ANALYST, 404),
    "disparity-flag-detail": (ANALYST, 404),
    "disparity-flag-review": ("post-only-api", None),
    "vetting:home": (frozenset({Role.VETTING_OFFICER}), 404),
    # vetting: clearances (below this line)
    "vetting:clearances": (frozenset({Role.VETTING_OFFICER}), 404),
    "vetting:clearance": (frozenset({Role.VETTING_OFFICER}), 404),
    "vetting:clearance-new": (frozenset({Role.VETTING_OFFICER}), 404),
    "clearance-list": (frozenset({Role.VETTING_OFFICER}), 404),
    "clearance-detail": (frozenset({Role.VETTING_OFFICER}), 404),
    "clearance-decide": ("post-only-api", None),
    # vetting: screening (below this line)
    "vetting:runs": (VETTING, 404),
    "vetting:run": (VETTING, 404),
    "vetting:run-request": (VETTING, 404),
    "vetting:possible": (VETTING, 404),
    "vetting:possibles": (VETTING, 404),
    "vetting:hits": (VETTING, 404),
    "vetting:hit": (VETTING, 404),
    "vetting:run-results": (VETTING, 404),
    "screening-hit-list": (VETTING, 404),
    "screening-hit-detail": (VETTING, 404),
    "screening-hit-decide": ("post-only-api", None),
    # performance: a supervisor sees their own reports' cases (the matrix's users line-manage nobody)
    "performance:queue": (QUEUE, 404),
    "performance:new": (QUEUE, 404),
    "performance:case": (frozenset({Role.APPROPRIATE_AUTHORITY}), 404),
    "performance:step": (frozenset({Role.APPROPRIATE_AUTHORITY}), 404),
    "performance:document": (frozenset({Role.APPROPRIATE_AUTHORITY}), 404),
    "performance-case-list": (QUEUE, 404),
    "performance-case-detail": (frozenset({Role.APPROPRIATE_AUTHORITY}), 404),
    "performance-case-step": ("post-only-api", None),
    # vetting: withdrawal (Police (Vetting) Regulations 2025)
    "vetting:withdrawals": (WITHDRAWAL, 404),
    "vetting:withdrawal-new": (WITHDRAWAL, 404),
    "vetting:withdrawal": (WITHDRAWAL, 404),
    "vetting:withdrawal-step": (WITHDRAWAL, 404),
    "vetting:withdrawal-notice": (WITHDRAWAL, 404),
    "vetting-withdrawal-list": (WITHDRAWAL, 404),
    "vetting-withdrawal-detail": (WITHDRAWAL, 404),
    "vetting-withdrawal-step": ("post-only-api", None),
    # counter-corruption: the unit's queue (its home)
    "counter_corruption:queue": (COUNTER_CORRUPTION_UNIT, 404),
    "api-cc-queue": (COUNTER_CORRUPTION_UNIT, 404),
    # counter-corruption intelligence: the unit only (need-to-know per log: tests/counter_corruption/intel)
    "counter_corruption:intel-list": (UNIT, 404),
    "counter_corruption:intel-new": (UNIT, 404),
    "counter_corruption:intel-detail": (UNIT, 404),
    "counter_corruption:intel-decision": (UNIT, 404),
    "counter_corruption:intel-revoke": ("post-only-for", UNIT),
    "intel-log-list": (UNIT, 404),
    "intel-log-detail": (UNIT, 404),
    **{f"intel-log-{n}": ("post-only-api", None) for n in ("grade", "sanitise", "task", "operation", "outcome")},
    # integrity registers: everyone with a workforce record declares their own; approvers decide others'
    # (never their own, their chain, people they manage or declared conflicts); counter-corruption reads
    "integrity:mine": (EVERYONE, None),
    "integrity:declare": (EVERYONE, None),
    "integrity:declared": (frozenset(), 404),  # the declarer's own confirmation: the matrix's users declared nothing
    "integrity:review": (frozenset(), 404),  # the declarer's own annual review: likewise
    "integrity:registers": (REGISTER_READERS, 404),
    "integrity:overdue": (REGISTER_READERS, 404),
    "integrity:entry": (REGISTER_READERS, 404),
    "integrity:decide": (INTEGRITY_APPROVERS, 404),
    **{f"integrity-{slug}-list": (EVERYONE, None) for slug in INTEGRITY_REGISTERS},  # one's own, or more
    **{f"integrity-{slug}-detail": (REGISTER_READERS, 404) for slug in INTEGRITY_REGISTERS},
    **{f"integrity-{slug}-decide": ("post-only-api", None) for slug in INTEGRITY_REGISTERS},
    # counter-corruption: link analysis (unit members only)
    "counter_corruption:network": (COUNTER_CORRUPTION_UNIT, 404),
    "counter_corruption:entity": (COUNTER_CORRUPTION_UNIT, 404),
    "counter_corruption:link-alerts": (COUNTER_CORRUPTION_UNIT, 404),
    "counter_corruption:link-alert": (COUNTER_CORRUPTION_UNIT, 404),
    "link-alert-list": (COUNTER_CORRUPTION_UNIT, 404),
    "link-alert-detail": (COUNTER_CORRUPTION_UNIT, 404),
    "link-alert-decide": ("post-only-api", None),
    # lawful business monitoring: audit extract imports (unit members only; POST upload on the list)
    "counter_corruption:monitoring-imports": (COUNTER_CORRUPTION_UNIT, 404),
    "counter_corruption:monitoring-import": (COUNTER_CORRUPTION_UNIT, 404),
    "monitoring-import-list": (COUNTER_CORRUPTION_UNIT, 404),
    "monitoring-import-detail": (COUNTER_CORRUPTION_UNIT, 404),
    "api-person-network": (COUNTER_CORRUPTION_UNIT, 404),
    # counter-corruption: lawful business monitoring review (unit members only)
    **{
        f"counter_corruption:monitoring-{name}": (UNIT, 404)
        for name in ("alerts", "alert", "rules", "rule", "watchlist", "watch-entry")
    },
    **{
        f"api-monitoring-{name}": (UNIT, 404)
        for name in ("alert-list", "alert-detail", "rule-list", "rule-detail", "watch-list")
    },
    "api-monitoring-alert-decision": ("post-only-api", None),
    **_governance_oversight_expectations(),
    # issue 17 home-others (below this line): the auditor's exports to check; marking one is POST only
    "audit:exports": (AUDIT_READERS, 404),
    "audit:export-check": ("post-only-for", AUDIT_READERS),
    # issue 17 search (below this line): the page answers everyone (each role searches only what it
    # may read); the API without a term is a 400 with the reason (tests/workday/test_search.py)
    "api-search": ("bad-request-without-term", None),
    "admin:*": ("staff-administrators", None),
    # issue 17 notifications (below this line): one's own notifications only; another's is 404
    "notifications:read-all": ("post-only", None),
    "notifications:read": ("post-only", None),
    "notifications:unread": ("post-only", None),
    "notifications:open": (frozenset(), 404),
}


def _notifications_world(user) -> dict:
    """A notification of a user none of the matrix's clients is (so each of them gets 404)."""
    from notifications.services import notify

    (note,) = notify([user], "Something to look at", url="/")
    on_note = {"public_id": note.public_id}
    return {f"notifications:{name}": on_note for name in ("open", "read", "unread")}


def _board_pack_expectations() -> dict:
    from governance.roles import BOARD_PACK_READERS

    return {"governance:board-packs": (BOARD_PACK_READERS, 404), "governance:board-pack": (BOARD_PACK_READERS, 404)}


EXPECTATIONS.update(_board_pack_expectations())


def _home_office_return_expectations() -> dict:
    """Governance part A: the return's page (exact for analysts, suppressed for the oversight
    reader) and the analysts' CSV; 404 to everyone else."""
    from governance.roles import RETURN_EXACT_READERS, RETURN_PUBLISHED_READERS

    return {
        "governance:return": (RETURN_EXACT_READERS | RETURN_PUBLISHED_READERS, 404),
        "governance:return-csv": (RETURN_EXACT_READERS, 404),
    }


def _home_office_return_world() -> dict:
    return {"governance:return-csv": {"year": 2025}}


EXPECTATIONS.update(_home_office_return_expectations())
# issue 17 action log, diary, timeline (below this line)
CASEWORK = frozenset({Role.INVESTIGATOR, Role.SUPERVISOR})
EXPECTATIONS.update(
    {
        "workday:diary": (CASEWORK, 404),
        "cases:action-done": ("post-only-for", CASEWORK),
        "cases:action-reopen": (CASEWORK, 404),
        "cases:custody-movement": (CASEWORK, 404),
    }
)


def _action_log_world(case, item, actor) -> dict:
    from cases.models import InvestigationAction

    action = InvestigationAction.objects.create(case=case, kind="enquiry", description="x", recorded_by=actor)
    on_action = {"reference": case.reference, "action_id": action.pk}
    return {
        "cases:action-done": on_action,
        "cases:action-reopen": on_action,
        "cases:custody-movement": {"reference": case.reference, "evidence_id": item.public_id},
    }


def _walk(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern, ns)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name or '<unnamed ' + str(pattern.pattern) + '>'}", pattern


def served_url_names() -> list[str]:
    names = []
    for name, _pattern in _walk(get_resolver()):
        names.append(name)
    return sorted(set(names))


def _expectation(name):
    if name.startswith("admin:"):
        return EXPECTATIONS["admin:*"]
    return EXPECTATIONS.get(name)


def test_every_served_url_declares_who_may_use_it():
    missing = [n for n in served_url_names() if _expectation(n) is None]
    assert missing == [], f"URLs with no declared expectation: {missing}"


VETTING_ABOUT_A_PERSON = [
    "vetting:clearance", "clearance-detail", "vetting:possible", "vetting:hit", "screening-hit-detail",
]  # fmt: skip


def test_vetting_records_about_the_officer_or_their_chain_do_not_exist_for_them(world):
    """Need-to-know on top of the role: the world's clearance, hit and possible match are about one
    person; a vetting officer who is that person, or who reports to them, gets 404."""
    from vetting.models import Clearance

    person = Clearance.objects.get(public_id=world["vetting:clearance"]["public_id"]).person
    report = PersonFactory(line_manager=person)
    for who in (person, report):
        client = quick_sign_in(UserFactory(role=Role.VETTING_OFFICER, person=who))
        for name in VETTING_ABOUT_A_PERSON:
            assert client.get(reverse(name, kwargs=world[name])).status_code == 404, (who, name)
    colleague = quick_sign_in(UserFactory(role=Role.VETTING_OFFICER, person=PersonFactory()))
    for name in VETTING_ABOUT_A_PERSON:
        assert colleague.get(reverse(name, kwargs=world[name])).status_code == 200, name


@pytest.fixture
def world():
    person = PersonFactory()
    case = CaseFactory(subjects=[PersonFactory()])
    run = WorkforceImport.objects.create(filename="x.csv", content=b"")
    from audit.services import access_event_record

    event = access_event_record(
        actor=None, action="view", object_type="case", object_id="x", object_label="X", purpose="t"
    )
    from cases.models import EvidenceItem, Reg17Notice

    subject = case.case_subjects.get()
    admin = UserFactory(role=None)
    from cases.models import InterventionFlag, InterventionRule

    flag = InterventionFlag.objects.create(
        person=person, rule=InterventionRule.objects.first(), evidence={"allegations": 3}
    )
    notice = Reg17Notice.objects.create(
        subject=subject,
        served_on="2026-01-05",
        response_due_on="2026-01-19",
        pdf=b"%PDF-1.4",
        sha256="0" * 64,
        served_by=admin,
    )
    from hearings.models import Proceeding, ProceedingOutcome

    proceeding = Proceeding.objects.create(subject=subject, forum="meeting", scheduled_for="2026-02-02")
    ProceedingOutcome.objects.create(
        proceeding=proceeding,
        finding="misconduct",
        outcome="written_warning",
        reasons="Proven",
        decided_on="2026-02-02",
        notice_due_on="2026-02-09",
        notice_given_on="2026-02-03",
        notice_pdf=b"%PDF-1.4",
    )
    from hearings.models import HearingPanel
    from law.models import RuleVersion

    hearing = Proceeding.objects.create(subject=subject, forum="hearing", scheduled_for="2026-12-02")
    HearingPanel.objects.create(
        proceeding=hearing,
        referred_on="2026-01-05",
        rule_version=RuleVersion.objects.filter(rule="hearing_panel").last(),
    )
    on_panel = {"reference": case.reference, "proceeding_id": hearing.public_id}
    from hearings.models import StaffHearing

    StaffHearing.objects.create(
        proceeding=proceeding, hearing_manager="A Manager", invitation_sent_on="2026-01-20", invitation_method="email",
        earliest_hearing_on="2026-01-27", companion_kind="work_colleague", invitation_pdf=b"%PDF-1.4",
        invitation_sha256="0" * 64, arranged_by=admin,
    )  # fmt: skip
    item = EvidenceItem.objects.create(
        case=case,
        exhibit_reference="AB/1",
        description="Audit log",
        filename="log.csv",
        content_type="text/csv",
        size=3,
        content=b"a,b",
        sha256="0" * 64,
        received_by=admin,
    )
    from oversight.models import DisparityFlag, DisparityRefresh, DisparityResult, SecondLook

    refresh = DisparityRefresh.objects.create(
        data_cutoff="2026-10-31", method_version="disparity-1.0", rule={}, trigger="command", status="complete"
    )
    common = {"refresh": refresh, "level": "force", "window_months": 12, "population": "all", "source": "all"}
    result = DisparityResult.objects.create(**common, stage="s2_gross", group="black", n=40, events=20, headcount=400)
    common.pop("refresh")
    disparity_flag = DisparityFlag.objects.create(
        **common, stage="s2_gross", group="black", first_result=result, latest_result=result
    )
    look = SecondLook.objects.create(
        subject=subject, kind="severity", flag=disparity_flag, decision_summary="Gross misconduct", decided_by=admin
    )
    from vetting.models import ScreeningCandidate, ScreeningHit, ScreeningRun

    screening_run = ScreeningRun.objects.create()
    candidate = ScreeningCandidate.objects.create(
        run=screening_run, line=1, request_ref="R1", pnd_person_id="PND-1", person=person, decision="possible", score=70
    )
    hit = ScreeningHit.objects.create(
        run=screening_run, candidate=candidate, person=person, pnd_person_id="PND-1", record_id="PND-R-1",
        content_hash="0" * 64, category="arrest", grade="review",
    )  # fmt: skip
    from vetting.models import Clearance

    clearance = Clearance.objects.create(person=person, level_id="RV", applied_on="2026-01-05")
    from reporting.models import Report, ReportAttachment, ReportPersonLink

    report = Report.objects.create(
        reference="RPT-AAAA-BBBB", received_at="2026-11-01T10:00Z", what_happened="x",
        acknowledge_due_on="2026-11-08", feedback_due_on="2027-02-01",
    )  # fmt: skip
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reporting import attachments

    upload = SimpleUploadedFile("note.txt", b"What I saw on Friday.\n")
    checked = attachments.check_upload(upload)
    attachment = ReportAttachment.objects.create(
        report=report, name=checked.name, size=checked.size, sha256=checked.sha256,
        content_type=checked.content_type, kind=checked.kind, path=attachments.store(upload, checked),
    )  # fmt: skip
    ReportPersonLink.objects.create(report=report, person=person, reason="named", linked_by=admin)
    on_report = {"reference": report.reference}
    from performance.models import PerformanceCase, PerformanceMeeting

    performance_case = PerformanceCase.objects.create(
        reference="PERF-2026-00001",
        officer=person,
        kind="performance",
        concerns="Late files",
        attention_date="2026-01-05",
    )
    performance_meeting = PerformanceMeeting.objects.create(
        case=performance_case, stage="first", notice_given_on="2026-01-06", meeting_on="2026-01-13"
    )
    on_performance = {"reference": performance_case.reference}
    from vetting.withdrawal_services import assessor_appoint, duty_record, severity_assess, withdrawal_start

    vetter = UserFactory(role=Role.VETTING_OFFICER)
    withdrawal = withdrawal_start(
        actor=vetter, person=PersonFactory(), source="intelligence", information="x", reason="y",
        received_on=date(2026, 9, 1),
    )  # fmt: skip
    duty_record(actor=vetter, case=withdrawal, declaration="not_declared", reason="x")
    severity_assess(actor=vetter, case=withdrawal, outcome="withdrawal_assessment", reasons="x")
    assessor_appoint(actor=vetter, case=withdrawal, assessor=vetter, reason="x")
    on_withdrawal = {"public_id": withdrawal.public_id}
    from counter_corruption.intel_services import intel_log_record

    intel = intel_log_record(
        actor=UserFactory(role=Role.COUNTER_CORRUPTION), source_type="internal", received_on=date(2026, 10, 1),
        original_text="x", subjects=[PersonFactory()],
    )  # fmt: skip
    on_intel = {"public_id": intel.public_id}
    on_registers = _register_entries(person)
    return {
        "counter_corruption:intel-detail": on_intel,
        "counter_corruption:intel-revoke": on_intel,
        "counter_corruption:intel-decision": {**on_intel, "decision": "grade"},
        "intel-log-detail": {"id": intel.public_id},
        **{f"intel-log-{n}": {"id": intel.public_id} for n in ("grade", "sanitise", "task", "operation", "outcome")},
        **on_registers,
        **_link_analysis_world(person),
        **_monitoring_import_world(),
        **_monitoring_review_world(),
        **_board_pack_world(),
        **_home_office_return_world(),
        **_action_log_world(case, item, admin),
        **_notifications_world(admin),
        **{
            f"reporting:{name}": on_report
            for name in (
                "report",
                "message",
                "note",
                "link",
                "conduct-matter",
                "close",
                "acknowledge",
                "assign-to-me",
                "identity",
            )
        },  # fmt: skip
        "reporting:unlink": {**on_report, "person_id": person.public_id},
        "performance:case": on_performance,
        "performance:step": {**on_performance, "step": "first-stage"},
        "performance:document": {
            **on_performance,
            "meeting_id": performance_meeting.public_id,
            "document": "meeting-notice",
        },  # fmt: skip
        "performance-case-detail": on_performance,
        "performance-case-step": {**on_performance, "step": "first-stage"},
        "report-detail": on_report,
        "report-message": on_report,
        "reporting:file": {**on_report, "public_id": attachment.public_id},
        "vetting:withdrawal": on_withdrawal,
        "vetting:withdrawal-step": {**on_withdrawal, "step": "interview"},
        "vetting:withdrawal-notice": {**on_withdrawal, "notice_id": withdrawal.notices.get().public_id},
        "vetting-withdrawal-detail": on_withdrawal,
        "vetting-withdrawal-step": {**on_withdrawal, "step": "interview"},
        "vetting:clearance": {"public_id": clearance.public_id},
        "clearance-detail": {"public_id": clearance.public_id},
        "clearance-decide": {"public_id": clearance.public_id},
        "vetting:run": {"public_id": screening_run.public_id},
        "vetting:run-request": {"public_id": screening_run.public_id},
        "vetting:possible": {"public_id": screening_run.public_id, "line": 1},
        "vetting:hit": {"public_id": hit.public_id},
        "vetting:run-results": {"public_id": screening_run.public_id},
        "screening-hit-detail": {"public_id": hit.public_id},
        "screening-hit-decide": {"public_id": hit.public_id},
        "oversight:flag": {"public_id": disparity_flag.public_id},
        "disparity-flag-detail": {"public_id": disparity_flag.public_id},
        "disparity-flag-review": {"public_id": disparity_flag.public_id},
        "oversight:drilldown": {"result_id": result.id, "which": "events"},
        "oversight:export": {"fmt": "csv"},
        "oversight:second-look": {"public_id": look.public_id},
        "cases:step": {"reference": case.reference, "step": "action"},
        "queues:queue": {"queue": "all"},
        "queues:export": {"queue": "all"},
        "queues:flag-review": {"flag_id": flag.public_id},
        "queue-detail": {"reference": case.reference},
        "intervention-flag-detail": {"public_id": flag.public_id},
        "intervention-flag-review": {"public_id": flag.public_id},
        "case-step": {"reference": case.reference, "step": "action"},
        "case-subject-step": {"reference": case.reference, "subject_id": str(subject.public_id), "step": "severity"},
        "cases:subject-step": {"reference": case.reference, "subject_id": subject.public_id, "step": "severity"},
        "cases:reg17-pdf": {"reference": case.reference, "notice_id": notice.public_id},
        "hearings:outcome-notice-pdf": {"reference": case.reference, "proceeding_id": proceeding.public_id},
        **{
            f"hearings:{n}": on_panel
            for n in ("panel", "panel-member-new", "panel-complete", "panel-advice-new", "panel-discard")
        },
        "hearings:panel-decision": on_panel,
        "hearings:panel-member-remove": {**on_panel, "seat_id": hearing.public_id},
        "hearings:panel-open": {"reference": case.reference, "proceeding_id": proceeding.public_id},
        **{
            f"hearing-panel-{n}": {"proceeding_id": hearing.public_id}
            for n in ("detail", "members", "complete", "advice", "decision")
        },
        "hearings:staff-invitation-pdf": {"reference": case.reference, "proceeding_id": proceeding.public_id},
        "cases:evidence": {"reference": case.reference, "evidence_id": item.public_id},
        "workforce:person": {"public_id": person.public_id},
        "person-detail": {"public_id": person.public_id},
        "orgunit-detail": {"public_id": person.unit.public_id},
        "workforce:import-detail": {"public_id": run.public_id},
        "workforce-import-detail": {"public_id": run.public_id},
        "cases:detail": {"reference": case.reference},
        "cases:suspension": {"reference": case.reference, "subject_id": subject.public_id},
        "case-subject-suspension": {"reference": case.reference, "subject_id": str(subject.public_id)},
        "case-detail": {"reference": case.reference},
        "access-event-detail": {"public_id": event.public_id},
        "counter_corruption:person-history": {"public_id": person.public_id},
        "counter-corruption-person-history": {"public_id": person.public_id},
    }


def _link_analysis_world(person) -> dict:
    from counter_corruption.models import Entity, EntityLink, LinkAlert

    entity = Entity.objects.create(kind="phone", key="07700900999", display="07700 900999")
    EntityLink.objects.create(entity=entity, person=person, source_kind="register", source_id="x")
    link_alert = LinkAlert.objects.create(person=person, entity=entity, reasons=["A new link."])
    return {
        "counter_corruption:network": {"public_id": person.public_id},
        "api-person-network": {"public_id": person.public_id},
        "counter_corruption:entity": {"public_id": entity.public_id},
        "counter_corruption:link-alert": {"public_id": link_alert.public_id},
        "link-alert-detail": {"public_id": link_alert.public_id},
        "link-alert-decide": {"public_id": link_alert.public_id},
    }


def _board_pack_world() -> dict:
    from governance.models import BoardPack

    pack = BoardPack.objects.create(month=date(2026, 10, 1), status="ready", pdf=b"%PDF-1.4 test", pages=1)
    return {"governance:board-pack": {"public_id": pack.public_id}}


def _monitoring_import_world() -> dict:
    from counter_corruption.models import AuditImport

    imp = AuditImport.objects.create(filename="extract.csv", path="/nonexistent/extract.csv", status="complete")
    return {
        "counter_corruption:monitoring-import": {"public_id": imp.public_id},
        "monitoring-import-detail": {"public_id": imp.public_id},
    }


def _monitoring_review_world() -> dict:
    from counter_corruption.models import WatchListEntry
    from tests.counter_corruption.monitoring_review_world import family_alert

    alert = family_alert(searcher=PersonFactory())
    entry = WatchListEntry.objects.create(surname="Fenwick", forenames="Alys", category="broadcaster")
    on_alert = {"public_id": alert.public_id}
    return {
        "counter_corruption:monitoring-alert": on_alert,
        "api-monitoring-alert-detail": on_alert,
        "api-monitoring-alert-decision": on_alert,
        "counter_corruption:monitoring-rule": {"code": "family"},
        "api-monitoring-rule-detail": {"code": "family"},
        "counter_corruption:monitoring-watch-entry": {"public_id": entry.public_id},
    }


def _register_entries(person) -> dict:
    """One entry in each integrity register, declared by ``person``: the URL kwargs of its pages."""
    from integrity.models import (
        BusinessInterest,
        CircumstanceChange,
        GiftHospitality,
        NotifiableAssociation,
    )

    common = {"person": person, "declared_on": date(2026, 11, 2)}
    entries = {
        "business-interests": BusinessInterest.objects.create(
            **common, category_id="directorship", business_name="Marsh Logistics Ltd", activity="Director",
            hours_per_week=2, conflict_statement="None",
        ),
        "associations": NotifiableAssociation.objects.create(
            **common, associate_name="Dean Marsh", relationship="friend", how_known="School", their_record="Burglary"
        ),
        "gifts": GiftHospitality.objects.create(
            **common, offered_by="A hotel", description="Dinner", estimated_value=120, offered_on=date(2026, 11, 1),
            accepted=True, reason="Thanks",
        ),
        "changes": CircumstanceChange.objects.create(
            **common, kind_id="address", details="Moved", changed_on=date(2026, 10, 1)
        ),
    }  # fmt: skip
    urls = {}
    for slug, entry in entries.items():
        on_entry = {"register": slug, "public_id": entry.public_id}
        urls[f"integrity-{slug}-detail"] = urls[f"integrity-{slug}-decide"] = {"public_id": entry.public_id}
        if slug == "business-interests":
            urls.update({f"integrity:{name}": on_entry for name in ("entry", "decide", "declared", "review")})
    urls["integrity:declare"] = {"register": "business-interests"}
    return urls


def _clients():
    clients = {"anonymous": Client()}
    for role in ALL_ROLES:
        clients[role] = quick_sign_in(UserFactory(role=role))
    clients["no_role"] = quick_sign_in(UserFactory(role=None))
    return clients


def _is_api(name):
    return name.startswith(
        (
            "person-",
            "orgunit-",
            "workforce-import-",
            "case-",
            "access-event-",
            "api-",
            "queue-",
            "intervention-flag-",
            "disparity-",
            "screening-hit-",
            "clearance-",
            "vetting-withdrawal-",
            "report-",
            "performance-case-",
            "hearing-panel-",
            "intel-log-",
            "integrity-",
            "link-alert-",
            "counter-corruption-",
            "monitoring-",
        )
    )


def test_permission_matrix(world):
    clients = _clients()
    failures = []
    checked = 0
    for name in served_url_names():
        if name.startswith("admin:"):
            continue  # below
        allowed, denied = _expectation(name)
        url = reverse(name, kwargs=world.get(name, {}))
        for who, client in clients.items():
            response = client.get(url)
            status = response.status_code
            checked += 1
            if allowed == PUBLIC:
                ok = status == 200 or (name == "accounts:sign-in" and status == 302 and who != "anonymous")
            elif allowed == "post-only":
                ok = status == 405
            elif allowed == "portal-session":
                ok = status == 302 and response["Location"].startswith("/report/")
            elif allowed == "step-up-for":
                if who == "anonymous":
                    ok = status == 302 and "/sign-in/" in response["Location"]
                else:
                    ok = (status == 302 and "/step-up/" in response["Location"]) if who in denied else status == 404
            elif allowed == "post-only-for":
                if who == "anonymous":
                    ok = status == 302 and "/sign-in/" in response["Location"]
                else:
                    ok = status == (405 if who in denied else 404)
            elif allowed == "post-only-api":
                ok = status in (401, 403) if who == "anonymous" else status == 405
            elif allowed == "bad-request-without-term":
                ok = status in (401, 403) if who == "anonymous" else status == 400
            elif allowed == "signed-in-before-second-factor":
                # anonymous -> sign in; fully signed in -> sent on (these pages are only for the second step)
                ok = status == 302
            elif who == "anonymous":
                ok = status in (401, 403) if _is_api(name) else (status == 302 and "/sign-in/" in response["Location"])
            elif who in allowed:
                ok = status == 200
            elif denied == "empty":
                ok = status == 200 and response.json()["count"] == 0
            else:
                ok = status == denied
            if not ok:
                failures.append(f"{who:>22} GET {url} -> {status}")
    assert failures == [], "\n".join(failures)
    assert checked > 200


def test_the_admin_is_for_staff_administrators_only():
    admin_user = UserFactory(role=Role.ADMINISTRATOR)
    admin_user.is_staff = True
    admin_user.save()
    staff = quick_sign_in(admin_user)
    admin_urls = [n for n in served_url_names() if n.startswith("admin:")]
    without_args = []
    for name in admin_urls:
        if "<unnamed" in name:
            continue  # the admin's own redirect patterns
        try:
            without_args.append(reverse(name))
        except NoReverseMatch:
            continue  # needs an object id: covered by the admin's own permission check
    assert "/admin/" in without_args
    others = [quick_sign_in(UserFactory(role=role)) for role in (Role.INVESTIGATOR, Role.SUPERVISOR, Role.AUDITOR)]
    for url in without_args:
        if url.endswith("/logout/") or url.endswith("/login/"):
            continue
        # 403 where the administrator role lacks that model permission (e.g. adding roles)
        assert staff.get(url).status_code in (200, 302, 403), url
        for client in others:
            response = client.get(url)
            # the admin sends them to its login, which is the service sign-in (it refuses non-staff)
            assert response.status_code == 302 and response["Location"].startswith(("/sign-in/", "/admin/login/")), url
    assert Client().get("/admin/login/")["Location"].startswith("/sign-in/")
    assert Group.objects.count() >= len(ALL_ROLES)
