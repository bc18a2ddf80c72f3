"""The case timeline with real dates: each entry shows the day the thing happened (as entered on
its own record: the incident date, the date a notice was served, the day a movement happened)
beside when it was recorded here and by whom. Records brought in by the history import say
"Imported"; they carry the previous system's dates, never the day of the import.

Built from the dated records of the matter (and the lifecycle steps that have no record of their
own); the hearings app's proceedings and outcomes are read through the subjects' reverse
relations, so cases never imports hearings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from .history import EVENT as IMPORT_EVENT
from .staff_procedure import is_staff_matter, policy_for

# Steps whose record is on the timeline in its own right (with its own date): their lifecycle
# entry would say the same thing twice.
COVERED_EVENTS = frozenset(
    {
        "matter_recorded",
        "allegation_recorded",
        "iopc_referral_recorded",
        "iopc_mode_recorded",
        "severity_assessed",
        "severity_reassessed",
        "reg17_notice_served",
        "staff_misconduct_notice_served",
        "written_response_received",
        "action_logged",
        "evidence_received",
        "custody_recorded",
        "investigation_report_submitted",
        "case_to_answer_decided",
        "reg19_report_submitted",
        "proceeding_scheduled",
        "outcome_recorded",
        "outcome_notified",
    }
)


@dataclass
class TimelineEntry:
    happened_on: date
    title: str
    detail: str = ""
    recorded_at: datetime | None = None
    recorded_by: str = ""
    imported: bool = False
    kind: str = ""

    @property
    def sort_key(self):
        return (self.happened_on, self.recorded_at or datetime.min.replace(tzinfo=timezone.get_current_timezone()))


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def _day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


class _Steps:
    """The lifecycle entries of the matter, to find who recorded a record that does not say."""

    def __init__(self, transitions):
        self.by_key: dict = {}
        for t in transitions:
            self.by_key.setdefault((t.event, t.subject_id), []).append(t)

    def last(self, event: str, subject_id=None):
        found = self.by_key.get((event, subject_id))
        return found[0] if found else None  # transitions come newest first


def case_timeline(case, subjects) -> list[TimelineEntry]:
    """Every dated record of the matter, newest first (by the day it happened, then when recorded).

    `subjects`: the case's CaseSubjects with person, allegations__category, reg17_notices,
    severity_assessments__assessed_by, decisions and proceedings__outcome prefetched.
    """
    imported = case.from_history_import
    transitions = list(case.transitions.select_related("actor", "subject__person").order_by("-at", "-id"))
    steps = _Steps(transitions)
    entries: list[TimelineEntry] = []
    add = entries.append

    add(
        TimelineEntry(
            case.received_date,
            "Matter came to attention",
            case.summary,
            case.created_at,
            _name(case.created_by),
            imported,
            "received",
        )
    )
    for s in subjects:
        name = s.person.display_name
        for a in s.allegations.all():
            if a.incident_date:
                where = f", {a.incident_place}" if a.incident_place else ""
                add(
                    TimelineEntry(
                        a.incident_date,
                        f"Incident: {a.category.label} ({name})",
                        f"{a.description[:200]}{where}",
                        a.created_at,
                        _name(getattr(steps.last("allegation_recorded", s.pk), "actor", None)),
                        imported and bool(a.legacy_ref),
                        "incident",
                    )
                )
        for sa in s.severity_assessments.all():
            add(
                TimelineEntry(
                    sa.assessed_on,
                    f"Severity assessed for {name}: {sa.get_severity_display()}",
                    sa.rationale[:300],
                    sa.created_at,
                    _name(sa.assessed_by),
                    kind="severity",
                )
            )
        if s.severity_date:  # decided in the previous system (history import)
            add(
                TimelineEntry(
                    s.severity_date,
                    f"Severity assessed for {name}: {s.get_severity_display() or 'not recorded'}",
                    "In the previous system",
                    imported=True,
                    kind="severity",
                )
            )
        if s.decision_date:
            answer = {True: "case to answer", False: "no case to answer"}.get(s.case_to_answer, "decided")
            add(
                TimelineEntry(
                    s.decision_date, f"Decision for {name}: {answer}", "In the previous system", None, "", True
                )
            )
        if imported and s.finalised_on and not s.decisions.all() and not s.proceedings.all():
            add(TimelineEntry(s.finalised_on, f"Finalised for {name}", s.get_closure_reason_display(), imported=True))
        for n in s.reg17_notices.all():
            add(
                TimelineEntry(
                    n.served_on,
                    f"Notice of investigation served on {name}",
                    f"Response due {n.response_due_on:%-d %B %Y}",
                    n.created_at,
                    _name(n.served_by),
                    kind="notice",
                )
            )
            if n.response_received_on:
                step = steps.last("written_response_received", s.pk)
                add(
                    TimelineEntry(
                        n.response_received_on,
                        f"Written response received from {name}",
                        "",
                        getattr(step, "at", None),
                        _name(getattr(step, "actor", None)),
                        kind="notice",
                    )
                )
        for d in s.decisions.all():
            step = steps.last("case_to_answer_decided", s.pk)
            add(
                TimelineEntry(
                    d.decided_on,
                    f"Decision for {name}: {'case to answer' if d.case_to_answer else 'no case to answer'}",
                    f"{d.get_route_display()}. {d.rationale[:250]}",
                    getattr(step, "at", None),
                    _name(d.decided_by),
                    kind="decision",
                )
            )
        for p in s.proceedings.all():
            if p.scheduled_for:
                step = steps.last("proceeding_scheduled", s.pk)
                add(
                    TimelineEntry(
                        p.scheduled_for,
                        f"{p.get_forum_display()} for {name}",
                        p.venue,
                        p.created_at,
                        _name(getattr(step, "actor", None)),
                        imported and step is None,
                        "proceeding",
                    )
                )
            outcome = getattr(p, "outcome", None)
            if outcome is not None:
                step = steps.last("outcome_recorded", s.pk)
                add(
                    TimelineEntry(
                        outcome.decided_on,
                        f"Outcome for {name}: {outcome.get_outcome_display()}",
                        outcome.get_finding_display(),
                        getattr(step, "at", None),
                        _name(outcome.recorded_by),
                        outcome.recorded_by_id is None,
                        "outcome",
                    )
                )
                if outcome.notice_given_on:
                    add(
                        TimelineEntry(
                            outcome.notice_given_on,
                            f"Outcome notice given to {name}",
                            "",
                            None,
                            _name(outcome.notice_given_by),
                            outcome.recorded_by_id is None,
                            "outcome",
                        )
                    )

    iopc = getattr(case, "iopc_referral", None)
    if iopc is not None:
        add(
            TimelineEntry(
                iopc.referred_on or _day(iopc.recorded_at),
                "Referred to the IOPC" if iopc.referred else "Decided not to refer to the IOPC",
                iopc.rationale[:300],
                iopc.recorded_at,
                _name(iopc.recorded_by),
                iopc.recorded_by_id is None,
                "iopc",
            )
        )
        if iopc.mode and iopc.mode_decided_on:
            step = steps.last("iopc_mode_recorded")
            add(
                TimelineEntry(
                    iopc.mode_decided_on,
                    f"IOPC decided: {iopc.get_mode_display()}",
                    "",
                    getattr(step, "at", None),
                    _name(getattr(step, "actor", None)),
                    kind="iopc",
                )
            )

    for action in case.actions.select_related("recorded_by", "completed_by", "owner"):
        add(
            TimelineEntry(
                _day(action.recorded_at),
                f"Action logged: {action.get_kind_display()}",
                action.description[:300] + (f" (due {action.due_on:%-d %B %Y})" if action.due_on else ""),
                action.recorded_at,
                _name(action.recorded_by),
                kind="action",
            )
        )
        if action.completed_on:
            add(
                TimelineEntry(
                    action.completed_on,
                    f"Action done: {action.get_kind_display()}",
                    action.description[:300],
                    action.completed_recorded_at,
                    _name(action.completed_by or action.recorded_by),
                    kind="action",
                )
            )

    for item in case.evidence.select_related("received_by").prefetch_related("custody__by").defer("content"):
        add(
            TimelineEntry(
                _day(item.received_at),
                f"Evidence received: exhibit {item.exhibit_reference}",
                item.description,
                item.received_at,
                _name(item.received_by),
                kind="evidence",
            )
        )
        for c in item.custody.all():
            if c.happened_at is None:
                continue  # receipt and downloads: the chain of custody on the evidence section shows them
            add(
                TimelineEntry(
                    _day(c.happened_at),
                    f"Exhibit {item.exhibit_reference} moved: {c.from_location} to {c.to_location}",
                    c.purpose,
                    c.at,
                    _name(c.by),
                    kind="custody",
                )
            )

    for r in case.reports.select_related("submitted_by"):
        step = steps.last("investigation_report_submitted")
        add(
            TimelineEntry(
                r.submitted_on,
                "Investigation report submitted",
                r.summary[:300],
                getattr(step, "at", None),
                _name(r.submitted_by),
                kind="report",
            )
        )
    for r in case.reg19_reports.select_related("submitted_by"):
        if r.submitted_on:
            step = steps.last("reg19_report_submitted")
            add(
                TimelineEntry(
                    r.submitted_on,
                    f"Regulation 19 report {r.period_number} submitted to the local policing body",
                    "",
                    getattr(step, "at", None),
                    _name(r.submitted_by),
                    kind="reg19",
                )
            )
    for d in case.diary_entries.select_related("author"):
        add(TimelineEntry(d.happened_on, "Diary entry", d.text, d.recorded_at, _name(d.author), kind="diary"))

    # a police staff subject's stages in the procedure's own words
    staff_labels = {s.pk: policy_for(s).params.get("stage_labels", {}) for s in subjects if is_staff_matter(s)}
    for t in transitions:
        if t.event in COVERED_EVENTS:
            continue
        title = t.event_label + (f": {t.subject.person.display_name}" if t.subject_id else "")
        labels = staff_labels.get(t.subject_id) or {}
        detail = ""
        if t.to_stage and t.from_stage != t.to_stage:
            start = labels.get(t.from_stage) or t.from_label or "New"
            detail = f"{start} → {labels.get(t.to_stage) or t.to_label}"
        if t.reason and t.event != IMPORT_EVENT and t.reason.lower() != t.event_label.lower():
            detail = f"{detail}. {t.reason[:300]}" if detail else t.reason[:300]
        add(TimelineEntry(_day(t.at), title, detail, t.at, _name(t.actor), t.event == IMPORT_EVENT, kind="step"))
    entries.sort(key=lambda e: e.sort_key, reverse=True)
    return entries
