"""The facts behind the timeliness figures, for one chunk of matters.

Every stage runs between two business dates (when things happened): the matter received, the
severity assessed (SeverityAssessment.assessed_on, or CaseSubject.severity_date for a matter from the
previous system), the investigation report submitted, case to answer decided (CaseToAnswerDecision
or CaseSubject.decision_date), the proceeding's outcome decided, and the subject finalised. A stage
is counted only where both of its dates exist and run forwards; a matter imported with only some
dates contributes the stages it has, and nothing is invented. An open matter contributes its age in
its current stage (where that stage's start is known) and its age since it was received."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Min

from cases.choices import ClosureReason, SubjectStage
from cases.models import (
    Case,
    CaseSubject,
    CaseToAnswerDecision,
    InvestigationReport,
    Reg17Notice,
    Reg19Report,
    SeverityAssessment,
)
from cases.staff_procedure import staff_person_types
from cases.suspension import next_review_due
from cases.suspension_models import SuspensionDecision, SuspensionOutcome, SuspensionReview
from hearings.models import ProceedingOutcome
from performance.choices import PerformanceState
from performance.models import PerformanceCase
from vetting.models.withdrawal import WithdrawalCase, WithdrawalStage

from .models_timeliness import CaseType, ClockStatus, TimelinessClock, TimelinessFact


@dataclass(frozen=True)
class StageDef:
    key: str
    label: str
    case_types: tuple[str, ...]


CONDUCT_TYPES = (CaseType.CONDUCT, CaseType.STAFF)
STAGES = [
    StageDef("assessment", "Received to severity assessment", CONDUCT_TYPES),
    StageDef("investigation", "Assessment to investigation report", CONDUCT_TYPES),
    StageDef("decision", "Report to case-to-answer decision", CONDUCT_TYPES),
    StageDef("proceedings", "Decision to outcome of proceedings", CONDUCT_TYPES),
    StageDef("finalisation", "Outcome (or reflective practice) to finalised", CONDUCT_TYPES),
    StageDef("vetting_assessment", "Information received to severity assessment", (CaseType.VETTING,)),
    StageDef("vetting_decision", "Assessment to withdrawal decision", (CaseType.VETTING,)),
    StageDef("end_to_end", "Received to finalised (end to end)", tuple(CaseType.values)),
]
STAGE_LABELS = {s.key: s.label for s in STAGES}
STAGE_ORDER = [s.key for s in STAGES]

CLOCKS = [
    ("reg18", "Reg 18: subject's response within 10 working days of the reg 17 notice"),
    ("reg19", "Reg 19: 12-month report to the local policing body"),
    ("outcome_notice", "Outcome notified within 5 working days"),
    ("suspension_decision", "Reg 11B: suspension decision within 3 working days"),
    ("suspension_review", "Suspension reviewed on time"),
]
CLOCK_LABELS = dict(CLOCKS)

# the current stage of an open subject -> the stage it is spending time in
OPEN_STAGE = {
    SubjectStage.RECEIVED: "assessment",
    SubjectStage.ASSESSED: "investigation",
    SubjectStage.UNDER_INVESTIGATION: "investigation",
    SubjectStage.AWAITING_DECISION: "decision",
    SubjectStage.REFERRED: "proceedings",
    SubjectStage.OUTCOME_RECORDED: "finalisation",
    SubjectStage.UNDER_APPEAL: "finalisation",
    SubjectStage.RPRP: "finalisation",
}


def _first_by(queryset, key: str, field: str) -> dict[int, date]:
    return dict(queryset.values(key).annotate(first=Min(field)).values_list(key, "first"))


class _Rows:
    """Collects the chunk's fact and clock rows with the dimensions of the matter they belong to."""

    def __init__(self, *, run_id: int, chunk_id: int, as_of: date):
        self.run_id, self.chunk_id, self.as_of = run_id, chunk_id, as_of
        self.facts: list[TimelinessFact] = []
        self.clocks: list[TimelinessClock] = []

    def stage(self, dims: dict, stage: str, start: date | None, end: date | None, *, is_open: bool) -> None:
        if start is None:
            return
        if is_open:
            end = None
            days = (self.as_of - start).days
        else:
            if end is None or end < start:
                return  # a stage without both dates (or with dates out of order) is not counted
            days = (end - start).days
        if days < 0:
            return
        self.facts.append(
            TimelinessFact(
                run_id=self.run_id, chunk_id=self.chunk_id, stage=stage, start_on=start, end_on=end,
                days=days, is_open=is_open, **dims,
            )
        )  # fmt: skip

    def clock(self, dims: dict, clock: str, due: date | None, met: date | None, *, matter_open: bool) -> None:
        if due is None:
            return
        if met is not None:
            status = ClockStatus.MET if met <= due else ClockStatus.MISSED
        elif due >= self.as_of:
            status = ClockStatus.PENDING
        else:
            status = ClockStatus.OPEN_OVERDUE if matter_open else ClockStatus.MISSED
        self.clocks.append(
            TimelinessClock(
                run_id=self.run_id, chunk_id=self.chunk_id, clock=clock, due_on=due, met_on=met,
                status=status, **dims,
            )
        )  # fmt: skip


def _latest(*dates: date | None) -> date | None:
    known = [d for d in dates if d is not None]
    return max(known) if known else None


def case_facts(rows: _Rows, case_ids: list[int]) -> None:
    subjects = list(
        CaseSubject.objects.filter(case_id__in=case_ids).values(
            "id", "case_id", "stage", "severity", "closure_reason", "finalised_on", "severity_date",
            "decision_date", "case__received_date", "person__command_id", "person__unit_id",
            "person__person_type",
        )
    )  # fmt: skip
    if not subjects:
        return
    subject_ids = [s["id"] for s in subjects]
    staff_types = set(staff_person_types().values_list("person_type", flat=True))
    assessed = _first_by(SeverityAssessment.objects.filter(subject_id__in=subject_ids), "subject_id", "assessed_on")
    reported = _first_by(InvestigationReport.objects.filter(case_id__in=case_ids), "case_id", "submitted_on")
    decided = _first_by(CaseToAnswerDecision.objects.filter(subject_id__in=subject_ids), "subject_id", "decided_on")
    outcomes = list(
        ProceedingOutcome.objects.filter(proceeding__subject_id__in=subject_ids).values_list(
            "proceeding__subject_id", "decided_on", "notice_due_on", "notice_given_on"
        )
    )
    outcome_on: dict[int, date] = {}
    for subject_id, decided_on, _, _ in outcomes:
        outcome_on[subject_id] = min(decided_on, outcome_on.get(subject_id, decided_on))
    by_id, case_dims = {}, {}
    for s in subjects:
        open_ = s["stage"] != SubjectStage.CLOSED
        received = s["case__received_date"]
        dims = {
            "case_type": CaseType.STAFF if s["person__person_type"] in staff_types else CaseType.CONDUCT,
            "matter_id": s["case_id"],
            "subject_id": s["id"],
            "command_id": s["person__command_id"],
            "unit_id": s["person__unit_id"],
            "severity": s["severity"],
            "year_received": received.year,
        }
        by_id[s["id"]] = (dims, open_)
        case_dims.setdefault(s["case_id"], (dims, open_))
        if open_:
            case_dims[s["case_id"]] = (dims, True)
        milestones = {
            "received": received,
            "assessed": assessed.get(s["id"]) or s["severity_date"],
            "reported": reported.get(s["case_id"]),
            "decided": decided.get(s["id"]) or s["decision_date"],
            "outcome": outcome_on.get(s["id"]),
            "finalised": s["finalised_on"] if not open_ else None,
        }
        through_rprp = s["stage"] == SubjectStage.RPRP or s["closure_reason"] == ClosureReason.RPRP_COMPLETE
        finalisation_start = milestones["outcome"]
        if finalisation_start is None and through_rprp:
            finalisation_start = _latest(milestones["assessed"], milestones["decided"])
        spans = {
            "assessment": (milestones["received"], milestones["assessed"]),
            "investigation": (milestones["assessed"], milestones["reported"]),
            "decision": (milestones["reported"], milestones["decided"]),
            "proceedings": (milestones["decided"], milestones["outcome"]),
            "finalisation": (finalisation_start, milestones["finalised"]),
        }
        current = OPEN_STAGE.get(s["stage"]) if open_ else None
        for stage, (start, end) in spans.items():
            if stage == current:
                rows.stage(dims, stage, start, None, is_open=True)
            elif end is not None:
                rows.stage(dims, stage, start, end, is_open=False)
        rows.stage(dims, "end_to_end", received, milestones["finalised"], is_open=open_)
    for subject_id, _, due, given in outcomes:
        dims, open_ = by_id[subject_id]
        rows.clock(dims, "outcome_notice", due, given, matter_open=open_)
    for subject_id, due, received_on in Reg17Notice.objects.filter(subject_id__in=subject_ids).values_list(
        "subject_id", "response_due_on", "response_received_on"
    ):
        dims, open_ = by_id[subject_id]
        rows.clock(dims, "reg18", due, received_on, matter_open=open_)
    for case_id, due, submitted in Reg19Report.objects.filter(case_id__in=case_ids).values_list(
        "case_id", "due_on", "submitted_on"
    ):
        if case_id in case_dims:
            dims, open_ = case_dims[case_id]
            rows.clock(dims, "reg19", due, submitted, matter_open=open_)
    decisions = list(SuspensionDecision.objects.filter(subject_id__in=subject_ids).select_related("rule_version"))
    for decision in decisions:
        dims, open_ = by_id[decision.subject_id]
        rows.clock(dims, "suspension_decision", decision.due_on, decision.decided_on, matter_open=open_)
    for subject_id, due, reviewed in SuspensionReview.objects.filter(decision__subject_id__in=subject_ids).values_list(
        "decision__subject_id", "due_on", "reviewed_on"
    ):
        dims, open_ = by_id[subject_id]
        rows.clock(dims, "suspension_review", due, reviewed, matter_open=open_)
    for decision in decisions:
        # the review a standing suspension is waiting for (only overdue or pending: not yet met)
        if decision.outcome == SuspensionOutcome.SUSPEND and decision.ended_on is None:
            dims, open_ = by_id[decision.subject_id]
            if open_:
                rows.clock(dims, "suspension_review", next_review_due(decision), None, matter_open=True)


def withdrawal_facts(rows: _Rows, ids: list[int]) -> None:
    for w in WithdrawalCase.objects.filter(id__in=ids).values(
        "id", "stage", "information_received_on", "severity_assessed_on", "decided_on",
        "person__command_id", "person__unit_id",
    ):  # fmt: skip
        received = w["information_received_on"]
        dims = {
            "case_type": CaseType.VETTING, "matter_id": w["id"], "subject_id": None,
            "command_id": w["person__command_id"], "unit_id": w["person__unit_id"], "severity": "",
            "year_received": received.year,
        }  # fmt: skip
        undecided = w["decided_on"] is None and w["stage"] != WithdrawalStage.CLOSED
        assessed = w["severity_assessed_on"]
        if assessed is None and undecided:
            rows.stage(dims, "vetting_assessment", received, None, is_open=True)
        else:
            rows.stage(dims, "vetting_assessment", received, assessed, is_open=False)
        if undecided and assessed is not None:
            rows.stage(dims, "vetting_decision", assessed, None, is_open=True)
        else:
            rows.stage(dims, "vetting_decision", assessed, w["decided_on"], is_open=False)
        rows.stage(dims, "end_to_end", received, w["decided_on"], is_open=undecided)


def performance_facts(rows: _Rows, ids: list[int]) -> None:
    for p in PerformanceCase.objects.filter(id__in=ids).values(
        "id", "state", "attention_date", "closed_on", "officer__command_id", "officer__unit_id"
    ):
        received = p["attention_date"]
        dims = {
            "case_type": CaseType.PERFORMANCE, "matter_id": p["id"], "subject_id": None,
            "command_id": p["officer__command_id"], "unit_id": p["officer__unit_id"], "severity": "",
            "year_received": received.year,
        }  # fmt: skip
        is_open = p["state"] != PerformanceState.CLOSED
        rows.stage(dims, "end_to_end", received, p["closed_on"], is_open=is_open)


SOURCES = {
    "case": (Case, case_facts),
    "withdrawal": (WithdrawalCase, withdrawal_facts),
    "performance": (PerformanceCase, performance_facts),
}


def chunk_rows(*, run_id: int, chunk_id: int, as_of: date, source: str, ids: list[int]) -> _Rows:
    rows = _Rows(run_id=run_id, chunk_id=chunk_id, as_of=as_of)
    SOURCES[source][1](rows, ids)
    return rows
