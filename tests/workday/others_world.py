"""Records for the other roles' work lists, written straight to the models (each app's own tests
cover its services; these only need rows the home page reads). Shared by the unit and browser tests."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from django.utils import timezone

_numbers = itertools.count(1)


def hits(person, count: int, *, grade: str = "review"):
    """count screening hits about person, the first raised longest ago."""
    from vetting.models import ScreeningCandidate, ScreeningHit, ScreeningRun

    n = next(_numbers)
    run = ScreeningRun.objects.create()
    candidate = ScreeningCandidate.objects.create(
        run=run, line=1, request_ref=f"R{n}", pnd_person_id=f"P{n}", person=person, decision="match", score=1.0
    )
    made = []
    start = timezone.now() - timedelta(days=count + 1)
    for i in range(count):
        hit = ScreeningHit.objects.create(
            run=run,
            candidate=candidate,
            person=person,
            pnd_person_id=f"P{n}",
            record_id=f"PND-R-{n}-{i:04d}",
            content_hash=f"h{n}-{i}",
            category="arrest",
            offence_group="Theft offences",
            record_date=date(2026, 1, 1),
            grade=grade,
        )
        ScreeningHit.objects.filter(pk=hit.pk).update(raised_at=start + timedelta(hours=i))
        made.append(hit)
    return made


def clearance(person, *, state: str = "applied", applied_on: date, expires_on: date | None = None, level="SC"):
    from vetting.models.clearances import Clearance, ensure_clearance_levels

    ensure_clearance_levels()
    fields = {"person": person, "level_id": level, "applied_on": applied_on, "expires_on": expires_on}
    if state != "applied":
        fields |= {"granted_on": applied_on, "decided_on": applied_on}
    made = Clearance(**fields)
    Clearance.objects.bulk_create([made])  # the state field is protected: set it as stored
    Clearance.objects.filter(person=person, level_id=level, applied_on=applied_on).update(state=state)
    return Clearance.objects.get(person=person, level_id=level, applied_on=applied_on)


def report(*, days_ago: int, acknowledged: bool = False, about=None, linked_by=None):
    from reporting.models import Report, ReportPersonLink

    n = next(_numbers)
    received = timezone.now() - timedelta(days=days_ago)
    made = Report.objects.create(
        reference=f"RL-T{n:05d}",
        received_at=received,
        what_happened="Synthetic report for the work list.",
        acknowledge_due_on=received.date() + timedelta(days=7),
        feedback_due_on=received.date() + timedelta(days=28),
        acknowledged_at=received + timedelta(days=1) if acknowledged else None,
        status="assessing" if acknowledged else "received",
    )
    if about is not None:
        ReportPersonLink.objects.create(report=made, person=about, reason="named", linked_by=linked_by)
    return made


def disparity_flags(count: int):
    """count new flags on different cells (a window length each, never reused), the first raised first."""
    from oversight.models import DisparityFlag, DisparityRefresh, DisparityResult

    refresh = DisparityRefresh.objects.create(
        data_cutoff="2026-10-31", method_version="disparity-1.0", rule={}, trigger="command", status="complete"
    )
    made = []
    for _ in range(count):
        common = {
            "level": "force",
            "window_months": 12 + next(_numbers),
            "population": "all",
            "source": "all",
            "stage": "s2_gross",
        }
        result = DisparityResult.objects.create(
            refresh=refresh, **common, group="black", n=40, events=20, headcount=400
        )
        made.append(DisparityFlag.objects.create(**common, group="black", first_result=result, latest_result=result))
    return made


def intel_log(*, review_on: date, subjects=(), tasked_to=None, status: str = "tasked"):
    from counter_corruption.models import IntelLog, IntelSubject

    n = next(_numbers)
    log = IntelLog.objects.create(
        reference=f"INT-T-{n:05d}",
        received_on=review_on - timedelta(days=60),
        source_type="internal",
        source_evaluation="B",
        intelligence_assessment="2",
        handling_code="P",
        original_text="Synthetic intelligence text.",
        sanitised_text="Synthetic sanitised text.",
        status=status,
        handling_level="unit",
        tasked_to=tasked_to,
        tasking="Check the synthetic lead.",
        tasked_on=review_on - timedelta(days=30),
        review_on=review_on,
    )
    for person in subjects:
        IntelSubject.objects.create(log=log, person=person)
    return log


def link_alert(*, person):
    from counter_corruption.models import Entity, LinkAlert

    entity = Entity.objects.create(kind="person", key=f"entity-t-{next(_numbers)}", display="J SMITH (synthetic)")
    return LinkAlert.objects.create(person=person, entity=entity, reasons=["test"])


def export_events(actor, count: int, *, action: str = "export"):
    from audit.services import access_event_record

    return [
        access_event_record(
            actor=actor,
            action=action,
            object_type="queue",
            object_id=f"q{i}",
            object_label=f"queue export {i}",
            purpose="supervisor's queue export",
        )
        for i in range(count)
    ]
