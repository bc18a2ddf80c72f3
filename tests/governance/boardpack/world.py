"""A small force with known answers for every section of the board pack."""

from datetime import UTC, date, datetime, timedelta

from cases.models import CaseSubject
from cases.priority import priority_score_cases
from counter_corruption.models import AlertStatus, MonitoringAlert, MonitoringRule
from oversight.models import DisparityRefresh, DisparityResult
from tests.counter_corruption.monitoring_review_world import seeded_rules
from tests.factories import CaseFactory, CommandFactory, PersonFactory, UserFactory
from vetting.models import Clearance, ClearanceLevel, ScreeningCandidate, ScreeningHit, ScreeningRun

TODAY = date(2026, 12, 1)
MONTH = date(2026, 11, 1)
SUBJECT_SURNAME = "QUILLFEATHER"  # a subject and searcher's name that must never reach the pack


def open_cases(n: int, *, received: date, stage: str = "received", allocated=None) -> list:
    cases = []
    for _ in range(n):
        case = CaseFactory(
            received_date=received, investigator=allocated, subjects=[PersonFactory(surname=SUBJECT_SURNAME)]
        )
        CaseSubject.objects.filter(case=case).update(stage=stage)
        cases.append(case)
    priority_score_cases(case_ids=[c.id for c in cases], today=TODAY)
    return cases


def clearances() -> dict:
    rv = ClearanceLevel.objects.get(code="RV")
    make = Clearance.objects.create
    make(person=PersonFactory(), level=rv, state="applied", applied_on=TODAY - timedelta(days=10))
    make(person=PersonFactory(), level=rv, state="applied", applied_on=TODAY - timedelta(days=120))
    make(person=PersonFactory(), level=rv, state="applied", applied_on=TODAY - timedelta(days=200))
    # due for renewal within 90 days: one with a renewal application, one without
    renewing = PersonFactory()
    make(
        person=renewing,
        level=rv,
        state="granted",
        granted_on=date(2020, 1, 1),
        expires_on=TODAY + timedelta(days=20),
        applied_on=date(2019, 12, 1),
    )
    make(person=renewing, level=rv, state="applied", applied_on=TODAY - timedelta(days=5))
    make(
        person=PersonFactory(),
        level=rv,
        state="granted",
        granted_on=date(2020, 1, 1),
        expires_on=TODAY + timedelta(days=40),
        applied_on=date(2019, 12, 1),
    )
    # past its renewal date and still active (the expiry job has not run)
    make(
        person=PersonFactory(),
        level=rv,
        state="granted",
        granted_on=date(2019, 1, 1),
        expires_on=TODAY - timedelta(days=3),
        applied_on=date(2018, 12, 1),
    )
    # expired in November
    make(
        person=PersonFactory(),
        level=rv,
        state="expired",
        granted_on=date(2019, 1, 1),
        expires_on=date(2026, 11, 12),
        applied_on=date(2018, 12, 1),
    )
    return {"applied": 4, "overdue": 2, "due": 2, "due_not_applied": 1, "renewal_overdue": 1, "expired": 1}  # fmt: skip


def hits(*, review: int, information: int) -> None:
    run = ScreeningRun.objects.create()
    for i in range(review + information):
        person = PersonFactory(surname=SUBJECT_SURNAME)
        candidate = ScreeningCandidate.objects.create(
            run=run,
            line=i + 1,
            request_ref=f"R{i}",
            pnd_person_id=f"PND-{i}",
            person=person,
            decision="match",
            score=95,
        )
        ScreeningHit.objects.create(
            run=run, candidate=candidate, person=person, pnd_person_id=f"PND-{i}", record_id=f"PND-R-{i}",
            content_hash="0" * 64, category="arrest", grade="review" if i < review else "information",
        )  # fmt: skip


def alerts() -> None:
    seeded_rules()
    family = MonitoringRule.objects.get(code="family")
    other = MonitoringRule.objects.exclude(code="family").order_by("code").first()
    decider = UserFactory()
    for i, (rule, raised, status, decided) in enumerate(
        [
            (family, TODAY - timedelta(days=5), "open", None),
            (family, TODAY - timedelta(days=45), "open", None),
            (family, TODAY - timedelta(days=100), "open", None),
            (other, TODAY - timedelta(days=2), "open", None),
            (other, TODAY - timedelta(days=40), AlertStatus.NO_FURTHER_ACTION, datetime(2026, 11, 20, 12, tzinfo=UTC)),
            (other, TODAY - timedelta(days=40), AlertStatus.CONDUCT_MATTER, datetime(2026, 11, 21, 12, tzinfo=UTC)),
            (other, TODAY - timedelta(days=80), AlertStatus.NO_FURTHER_ACTION, datetime(2026, 10, 20, 12, tzinfo=UTC)),
        ]
    ):
        alert = MonitoringAlert.objects.create(
            searcher=PersonFactory(surname=SUBJECT_SURNAME), rule=rule, period=date(2026, 1 + i, 1), status=status,
            decided_at=decided, decided_by=decider if decided else None, reasons=[f"{SUBJECT_SURNAME} searched"],
        )  # fmt: skip
        MonitoringAlert.objects.filter(id=alert.id).update(raised_at=datetime.combine(raised, datetime.min.time(), UTC))


def refresh_with_flags() -> DisparityRefresh:
    refresh = DisparityRefresh.objects.create(
        data_cutoff=date(2026, 10, 31), method_version="test", rule={}, status="complete", trigger="command"
    )
    command = CommandFactory(name="Specialist Operations")

    def result(level, unit, group, n, events, status="", stage="s2_gross", ratio=None):
        return DisparityResult.objects.create(
            refresh=refresh, level=level, unit=unit, window_months=36, population="all", source="all", stage=stage,
            group=group, n=n, events=events, headcount=n, rate=events / n, ratio=ratio,
            ratio_low=ratio and ratio * 0.8, ratio_high=ratio and ratio * 1.3, status=status,
        )  # fmt: skip

    # force: Black flagged with counts that can be published
    result("force", None, "white", 400, 40)
    result("force", None, "black", 100, 25, "FLAG", ratio=2.5)
    # command: Asian flagged with 3 events (suppressed)
    result("command", command, "white", 200, 20)
    result("command", command, "asian", 30, 3, "FLAG", ratio=1.0)
    result("command", command, "black", 40, 9)
    # unit level: only counted
    result("unit", command, "black", 40, 9, "FLAG", ratio=2.0)
    return refresh
