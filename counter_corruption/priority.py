"""The counter-corruption queue's score: explainable, batch-based, idempotent.

A log's or link alert's score is the sum of its components; each component is a weight held as
data (``QueueWeight``, seeded below, changed by the administrator with history) applied to one
fact, and is stored with a plain-words reason, so the queue can say why an item is where it is.

An intelligence log scores for:

- **theme**: the weight of its *highest-weighted* theme (``Theme.weight`` x the ``theme``
  multiplier). The maximum, not the sum: a log about abuse of position for a sexual purpose is
  that, however many further themes it is tagged with, and a sum would reward tagging generously;
- **grading** (3x5x2): the source evaluation (A reliable scores most, C nothing) plus the
  intelligence assessment (1 known directly scores most; 5 suspected to be false takes points
  away). A legacy 5x5x5 grading is mapped to the nearest 3x5x2 value (``legacy_to_3x5x2``); a log
  not yet graded gets the ``ungraded`` points, so it is not buried before anyone has graded it;
- **vulnerability** of anyone at risk: a child > a vulnerable adult > an adult;
- **time**: points per week since it was received (capped), and points once its review date has
  passed (the tasking decision's review date; before any tasking, ``parameter`` days after receipt);
- **history** of its subjects: other intelligence logs about them, and conduct allegations against
  them (including imported ones), each capped.

A link alert scores for being raised at all (``link_alert``), for the entity being a criminal
nominal, for the other subjects already linked to the entity, for the intelligence and conduct
history of the officer and those others, and for time, as a log does.

The same function scores one item after a change and the whole queue at night (in chunks).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from .choices import AtRisk, IntelStatus, LinkAlertStatus
from .models import IntelLog, IntelSubject, LinkAlert, QueueItemKind, QueueWeight, Theme, UnitQueueItem

# code, label (as the explanation shows it), weight, parameter: for the counted components (age per
# week, history and others linked per item) a cap on their points; for review_overdue the days
# from receipt to the first review when no tasking set a review date
QUEUE_WEIGHTS = [
    ("theme", "Theme", 1.0, None),
    ("source_a", "Source evaluation A: reliable", 20, None),
    ("source_b", "Source evaluation B: untested", 8, None),
    ("source_c", "Source evaluation C: not reliable", 0, None),
    ("assessment_1", "Assessment 1: known directly to the source", 20, None),
    ("assessment_2", "Assessment 2: known indirectly, corroborated", 14, None),
    ("assessment_3", "Assessment 3: known indirectly", 6, None),
    ("assessment_4", "Assessment 4: not known", 0, None),
    ("assessment_5", "Assessment 5: suspected to be false", -25, None),
    ("ungraded", "Not yet graded", 10, None),
    ("at_risk_child", "A child is at risk", 50, None),
    ("at_risk_vulnerable_adult", "A vulnerable adult is at risk", 35, None),
    ("at_risk_adult", "An adult is at risk", 15, None),
    ("age", "Waiting", 1, 20),
    ("review_overdue", "Review date passed", 20, 14),
    ("history_intel", "Other intelligence about the subjects", 4, 24),
    ("history_conduct", "Conduct allegations against the subjects", 3, 24),
    ("link_alert", "New link to an entity already linked to another subject", 20, None),
    ("nominal", "The entity is a criminal nominal", 30, None),
    ("other_people", "Others linked to the entity", 5, 20),
]

SOURCE_CODES = {"A": "source_a", "B": "source_b", "C": "source_c"}
ASSESSMENT_CODES = {str(n): f"assessment_{n}" for n in range(1, 6)}
AT_RISK_CODES = {
    AtRisk.CHILD: "at_risk_child",
    AtRisk.VULNERABLE_ADULT: "at_risk_vulnerable_adult",
    AtRisk.ADULT: "at_risk_adult",
}
AT_RISK_WORDS = {
    AtRisk.CHILD: "the log records a child at risk",
    AtRisk.VULNERABLE_ADULT: "the log records a vulnerable adult at risk",
    AtRisk.ADULT: "the log records an adult at risk",
}
# 5x5x5 -> 3x5x2 (nearest meaning). Source: A always / B mostly reliable -> A reliable; C sometimes
# reliable and E untested -> B untested; D unreliable -> C. Intelligence: 1 known true and 2 known
# personally to the source -> 1; 3 not known personally but corroborated -> 2; 4 cannot be judged
# -> 4 not known; 5 suspected false -> 5.
LEGACY_SOURCE = {"A": "A", "B": "A", "C": "B", "D": "C", "E": "B"}
LEGACY_ASSESSMENT = {"1": "1", "2": "1", "3": "2", "4": "4", "5": "5"}
_LEGACY = re.compile(r"^\s*([A-Ea-e])\s*([1-5])")


def ensure_queue_weights(**kwargs) -> None:
    """Seed the weights that are missing; never overwrite a force's own."""
    for code, label, weight, parameter in QUEUE_WEIGHTS:
        QueueWeight.objects.get_or_create(
            code=code, defaults={"label": label, "weight": weight, "parameter": parameter}
        )


def legacy_to_3x5x2(grading: str) -> tuple[str, str] | None:
    """('A', '1') for a legacy 5x5x5 grading such as 'B2/4' or 'B24'; None if it cannot be read."""
    found = _LEGACY.match(grading or "")
    if not found:
        return None
    return LEGACY_SOURCE[found[1].upper()], LEGACY_ASSESSMENT[found[2]]


def log_tasking(log: IntelLog) -> tuple[int | None, date | None]:
    """The owner (user id) and review date of a log's tasking decision, when one was made.

    The one place the queue reads the tasking decision recorded by the intelligence pages (their
    ``IntelLog.tasked_to`` and ``review_on``, added beside this part; read with getattr so that the
    queue works on the foundation alone)."""
    return getattr(log, "tasked_to_id", None), getattr(log, "review_on", None)


def current_weights() -> tuple[dict[str, QueueWeight], dict[str, Theme], str]:
    weights = {w.code: w for w in QueueWeight.objects.all()}
    themes = {t.code: t for t in Theme.objects.all()}
    fingerprint = json.dumps(
        [[k, w.weight, w.parameter] for k, w in sorted(weights.items())]
        + [[k, t.weight] for k, t in sorted(themes.items())]
    )
    return weights, themes, hashlib.sha256(fingerprint.encode()).hexdigest()[:16]


class _Components:
    """Collects (code, label, points, detail) from the weights; a missing weight adds nothing."""

    def __init__(self, weights: dict[str, QueueWeight]):
        self.weights, self.parts = weights, []

    def add(self, code: str, detail: str, points: float | None = None, label: str | None = None) -> None:
        weight = self.weights.get(code)
        if weight is None:
            return
        value = weight.weight if points is None else points
        if value:
            self.parts.append(
                {"code": code, "label": label or weight.label, "points": round(float(value), 2), "detail": detail}
            )

    def counted(self, code: str, count: int, detail: str) -> None:
        """``count`` times the weight, capped at the weight's parameter."""
        weight = self.weights.get(code)
        if weight is None or not count:
            return
        points = count * weight.weight
        if weight.parameter is not None:
            points = min(points, weight.parameter)
        self.add(code, detail, points)

    def waiting(self, since: date, review_due: date, today: date) -> None:
        age = self.weights.get("age")
        weeks = max(0, (today - since).days // 7)
        if age is not None and weeks:
            self.counted("age", weeks, f"waiting {weeks} week{'s' if weeks != 1 else ''} since {since:%d %b %Y}")
        if review_due < today:
            late = (today - review_due).days
            self.add(
                "review_overdue", f"review was due {review_due:%d %b %Y}, {late} day{'s' if late != 1 else ''} ago"
            )

    def history(self, intel: int, conduct: int, who: str) -> None:
        self.counted("history_intel", intel, f"{intel} other intelligence log{'s' if intel != 1 else ''} about {who}")
        self.counted(
            "history_conduct", conduct, f"{conduct} conduct allegation{'s' if conduct != 1 else ''} against {who}"
        )

    def result(self) -> tuple[float, list[dict]]:
        parts = sorted(self.parts, key=lambda p: -p["points"])
        return float(round(sum(p["points"] for p in parts), 2)), parts


def _first_review(weights, since: date) -> date:
    days = weights["review_overdue"].parameter if "review_overdue" in weights else None
    return since + timedelta(days=int(days if days is not None else 14))


def _history_of(person_ids: set[int]) -> tuple[dict[int, set[int]], dict[int, int]]:
    """Per person: the intelligence logs about them, and how many conduct allegations they have."""
    from cases.models import Allegation

    logs: dict[int, set[int]] = defaultdict(set)
    for person_id, log_id in IntelSubject.objects.filter(person_id__in=person_ids).values_list("person_id", "log_id"):
        logs[person_id].add(log_id)
    allegations = dict(
        Allegation.objects.filter(subject__person_id__in=person_ids)
        .values("subject__person_id")
        .annotate(n=Count("id"))
        .values_list("subject__person_id", "n")
    )
    return logs, allegations


def log_components(log: IntelLog, *, weights, themes, subjects: list[int], history, today: date):
    """(score, components) of one intelligence log: pure, given its facts."""
    parts = _Components(weights)
    codes = [t.code for t in log.themes.all()]
    if codes:
        top = max(codes, key=lambda c: themes[c].weight if c in themes else 0)
        multiplier = weights["theme"].weight if "theme" in weights else 1
        others = f" (the highest-weighted of {len(codes)} themes)" if len(codes) > 1 else ""
        parts.add("theme", f"{themes[top].label}{others}", themes[top].weight * multiplier)
    graded = (log.source_evaluation, log.intelligence_assessment)
    legacy = ""
    if not all(graded) and log.legacy_grading:
        mapped = legacy_to_3x5x2(log.legacy_grading)
        if mapped:
            graded, legacy = mapped, f" (legacy grading {log.legacy_grading} read as {mapped[0]}{mapped[1]})"
    if all(graded):
        source, assessment = graded
        parts.add(SOURCE_CODES[source], f"the source is graded {source}{legacy}")
        parts.add(ASSESSMENT_CODES[assessment], f"the intelligence is assessed {assessment}{legacy}")
    else:
        parts.add("ungraded", "not yet graded: scored as a priority until someone grades it")
    if log.at_risk in AT_RISK_CODES:
        parts.add(AT_RISK_CODES[log.at_risk], AT_RISK_WORDS[log.at_risk])
    _owner, review_on = log_tasking(log)
    parts.waiting(log.received_on, review_on or _first_review(weights, log.received_on), today)
    intel_by_person, allegations = history
    other_logs = set().union(*(intel_by_person.get(p, set()) for p in subjects)) - {log.id} if subjects else set()
    who = "the subject" if len(subjects) == 1 else "the subjects"
    parts.history(len(other_logs), sum(allegations.get(p, 0) for p in subjects), who)
    return parts.result()


def alert_components(alert: LinkAlert, *, weights, others: list[int], history, today: date):
    """(score, components) of one link alert: pure, given its facts."""
    parts = _Components(weights)
    parts.add("link_alert", f"{alert.entity.get_kind_display().lower()} already linked to another subject")
    if alert.entity.is_nominal:
        parts.add("nominal", "the entity is known to police as a criminal nominal")
    count = len(others)
    parts.counted("other_people", count, f"{count} other member{'s' if count != 1 else ''} of the workforce linked")
    intel_by_person, allegations = history
    people = [alert.person_id, *others]
    intel = len(set().union(*(intel_by_person.get(p, set()) for p in people)))
    parts.history(intel, sum(allegations.get(p, 0) for p in people), "the officer and those linked")
    raised = timezone.localdate(alert.raised_at) if alert.raised_at else today
    parts.waiting(raised, _first_review(weights, raised), today)
    return parts.result()


def _store(kind: str, rows: list[dict], version: str, started) -> None:
    field = "log" if kind == QueueItemKind.LOG else "alert"
    now = timezone.now()
    items = [UnitQueueItem(kind=kind, weights_version=version, scored_at=now, requested_at=None, **row) for row in rows]
    with transaction.atomic():
        UnitQueueItem.objects.bulk_create(
            items,
            update_conflicts=True,
            unique_fields=[field],
            update_fields=["is_open", "score", "components", "status", "themes", "owner", "review_due",
                           "weights_version", "scored_at"],
        )  # fmt: skip
        # a request made after this scoring started still stands (compare-and-set)
        UnitQueueItem.objects.filter(
            **{f"{field}_id__in": [row[field].id for row in rows]}, requested_at__lte=started
        ).update(requested_at=None)


def queue_score(*, log_ids: Iterable[int] = (), alert_ids: Iterable[int] = (), today: date | None = None) -> int:
    """Score these logs and link alerts now; returns how many were stored. Idempotent."""
    log_ids, alert_ids = list(log_ids), list(alert_ids)
    if not log_ids and not alert_ids:
        return 0
    today = today or timezone.localdate()
    started = timezone.now()
    weights, themes, version = current_weights()
    logs = list(IntelLog.objects.filter(id__in=log_ids).prefetch_related("themes", "subjects"))
    alerts = list(LinkAlert.objects.filter(id__in=alert_ids).select_related("entity").prefetch_related("other_people"))
    subjects = {log.id: [s.person_id for s in log.subjects.all()] for log in logs}
    others = {alert.id: [p.id for p in alert.other_people.all()] for alert in alerts}
    people = {p for ids in subjects.values() for p in ids} | {p for ids in others.values() for p in ids}
    people |= {alert.person_id for alert in alerts}
    history = _history_of(people)

    log_rows = []
    for log in logs:
        is_open = log.status != IntelStatus.CLOSED
        score, parts = (
            log_components(log, weights=weights, themes=themes, subjects=subjects[log.id], history=history, today=today)
            if is_open
            else (0.0, [])
        )
        owner_id, review_on = log_tasking(log)
        log_rows.append(
            {
                "log": log,
                "is_open": is_open,
                "score": score,
                "components": parts,
                "status": log.status,
                "themes": sorted(t.code for t in log.themes.all()),
                "owner_id": owner_id,
                "review_due": review_on or _first_review(weights, log.received_on),
            }
        )
    alert_rows = []
    for alert in alerts:
        is_open = alert.status == LinkAlertStatus.OPEN
        score, parts = (
            alert_components(alert, weights=weights, others=others[alert.id], history=history, today=today)
            if is_open
            else (0.0, [])
        )
        raised = timezone.localdate(alert.raised_at) if alert.raised_at else today
        alert_rows.append(
            {
                "alert": alert,
                "is_open": is_open,
                "score": score,
                "components": parts,
                "status": alert.status,
                "themes": [],
                "owner_id": None,
                "review_due": _first_review(weights, raised),
            }
        )
    if log_rows:
        _store(QueueItemKind.LOG, log_rows, version, started)
    if alert_rows:
        _store(QueueItemKind.ALERT, alert_rows, version, started)
    return len(log_rows) + len(alert_rows)


def queue_request(*, log_ids: Iterable[int] = (), alert_ids: Iterable[int] = ()) -> None:
    """Mark items as waiting to be re-scored (in the caller's transaction), so nothing is lost."""
    now = timezone.now()
    for kind, field, ids in ((QueueItemKind.LOG, "log", log_ids), (QueueItemKind.ALERT, "alert", alert_ids)):
        ids = list(ids)
        if ids:
            UnitQueueItem.objects.bulk_create(
                [UnitQueueItem(kind=kind, requested_at=now, **{f"{field}_id": i}) for i in ids],
                update_conflicts=True,
                unique_fields=[field],
                update_fields=["requested_at"],
            )


def queue_open_sources() -> tuple[list[int], list[int]]:
    """Every log and alert the nightly run scores: the open ones, and those still open in the
    queue (to take closed ones out)."""
    log_ids = set(IntelLog.objects.exclude(status=IntelStatus.CLOSED).values_list("id", flat=True))
    log_ids |= set(UnitQueueItem.objects.filter(is_open=True, log__isnull=False).values_list("log_id", flat=True))
    alert_ids = set(LinkAlert.objects.filter(status=LinkAlertStatus.OPEN).values_list("id", flat=True))
    alert_ids |= set(UnitQueueItem.objects.filter(is_open=True, alert__isnull=False).values_list("alert_id", flat=True))
    return sorted(log_ids), sorted(alert_ids)


def cc_rescore_enqueue(*, log: IntelLog | None = None, alert: LinkAlert | None = None) -> None:
    """Re-score a log's or a link alert's place in the queue after the caller's transaction.

    Call it from any service that changes what the score reads (grading, themes, people at risk,
    subjects, tasking, status; an alert's people or status). The request is recorded in the same
    transaction (``requested_at``) and the task goes through the outbox on the ``interactive``
    queue; the sweeper re-enqueues a request a crash left behind, and a second delivery is a no-op."""
    from infra.outbox import enqueue

    from .queue_tasks import RESCORE, item_key

    if log is not None and log.pk:
        queue_request(log_ids=[log.pk])
        enqueue(RESCORE, item_key(QueueItemKind.LOG, log.pk), queue="interactive")
    if alert is not None and alert.pk:
        queue_request(alert_ids=[alert.pk])
        enqueue(RESCORE, item_key(QueueItemKind.ALERT, alert.pk), queue="interactive")
