"""A case's next deadlines: the one definition the case page and the work lists share.

- `next_deadlines(case, subjects, today)`: the case page's "Next deadlines" (subjects loaded with
  their reg 17 notices and proceedings with outcomes prefetched).
- `deadlines_by_case(cases, today)`: the same deadlines for many cases in a fixed number of queries
  (the home page's work lists), keyed by case id, each list sorted by date.

Each deadline is (date, what is due). Police staff matters (the force's procedure) add their own
deadlines through cases.extensions, not the regulations' ones here.
"""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from django.db.models import Q

from .models import CaseSubject
from .staff_procedure import is_staff_matter
from .suspension import deadlines_shown as suspension_deadlines_shown

SUBJECT_PREFETCH = ("reg17_notices", "proceedings__outcome")


def by_date(deadline: tuple) -> tuple:
    """Sort key: dated deadlines first (soonest, most overdue first), then any without a date."""
    return (deadline[0] is None, deadline[0] or date.max, deadline[1])


def subject_deadlines(subject, today: date, *, suspension: bool = True) -> list[tuple[date, str]]:
    """One subject's deadlines under the regulations: reg 17/18 responses still in their window,
    outcome notices not yet given, scheduled meetings and hearings, and (unless `suspension` is
    False) suspension decisions and reviews."""
    found = []
    name = subject.person.display_name
    for notice in subject.reg17_notices.all():
        # shown until the window passes or the response is recorded (whatever the stage)
        if not notice.response_received_on and notice.response_due_on >= today:
            found.append((notice.response_due_on, f"{notice.response_label} due from {name}"))
    if is_staff_matter(subject):
        return found  # the police staff procedure's own deadlines (cases.extensions.case_deadlines)
    for proceeding in subject.proceedings.all():
        outcome = getattr(proceeding, "outcome", None)
        if outcome and not outcome.notice_given_on:  # until the notice's service is recorded
            found.append((outcome.notice_due_on, f"Outcome notice to {name} (5 working days)"))
        elif proceeding.status == "scheduled" and proceeding.scheduled_for:
            when = f" at {proceeding.scheduled_time:%H:%M}" if proceeding.scheduled_time else ""
            where = f", {proceeding.venue}" if proceeding.venue else ""
            found.append((proceeding.scheduled_for, f"{proceeding.get_forum_display()} for {name}{when}{where}"))
    if suspension:
        found.extend(suspension_deadlines_shown(subject, today))
    return found


def twelve_month_deadline(case, subjects, sent: set[int] | frozenset = frozenset()) -> tuple[date, str] | None:
    """The next regulation 19 report while the matter is open (not for police staff only): at 12
    months, then every 6 months, the first period whose report has not been sent (``sent``: the
    period numbers submitted). A report sent moves the deadline on to the next one."""
    if case.status != "open" or (subjects and all(is_staff_matter(s) for s in subjects)):
        return None
    period = 1
    while period in sent:
        period += 1
    due = case.received_date + relativedelta(months=12 + 6 * (period - 1))
    if period == 1:
        return (due, "12 months since the matter came to attention (reg 19 report)")
    return (due, f"12-month report {period} (reg 19): six months after the last one")


def reg19_sent_by_case(case_ids) -> dict[int, set[int]]:
    """{case id: the reg 19 report periods submitted} in one query."""
    from .models import Reg19Report

    sent: dict[int, set[int]] = {}
    rows = Reg19Report.objects.filter(case_id__in=list(case_ids), submitted_on__isnull=False)
    for case_id, period in rows.values_list("case_id", "period_number"):
        sent.setdefault(case_id, set()).add(period)
    return sent


def next_deadlines(case, subjects, today: date) -> list[tuple[date, str]]:
    """Every deadline of one case, soonest (or most overdue) first: the case page's list."""
    from .extensions import case_deadlines

    found = [d for s in subjects for d in subject_deadlines(s, today)]
    twelve = twelve_month_deadline(case, subjects, reg19_sent_by_case([case.pk]).get(case.pk, set()))
    if twelve:
        found.append(twelve)
    found += case_deadlines(case, subjects)
    return sorted(found, key=by_date)


def mark_procedures(subjects) -> None:
    """Work out each subject's conduct procedure with one query (is_staff_matter then asks none)."""
    from .lifecycle import procedure_for
    from .models import ConductProcedure

    procedures = list(ConductProcedure.objects.all())
    by_type: dict[str, str] = {}
    for subject in subjects:
        kind = subject.person.person_type
        if kind not in by_type:
            found = next((p for p in procedures if kind in (p.person_types or [])), None)
            by_type[kind] = found.code if found is not None else procedure_for(subject.person).code
        subject._procedure_code = by_type[kind]


def deadlines_by_case(cases, today: date) -> dict[int, list[tuple[date, str]]]:
    """{case id: its deadlines, sorted} for already-authorised cases, in a fixed number of queries:
    subjects with their notices and proceedings, suspension deadlines only for the (few)
    subjects with a criminal event or a standing restriction, and the other apps' queue deadlines."""
    from .extensions import queue_deadlines

    cases = list(cases)
    if not cases:
        return {}
    subjects = list(
        CaseSubject.objects.filter(case__in=[c.pk for c in cases])
        .select_related("person")
        .prefetch_related(*SUBJECT_PREFETCH)
        .order_by("id")
    )
    mark_procedures(subjects)
    restricted = set(
        CaseSubject.objects.filter(id__in=[s.id for s in subjects])
        .filter(Q(criminal_events__isnull=False) | Q(suspended=True) | Q(restricted_duties=True))
        .values_list("id", flat=True)
    )
    by_case: dict[int, list] = {c.pk: [] for c in cases}
    subjects_of: dict[int, list] = {c.pk: [] for c in cases}
    for subject in subjects:
        subjects_of[subject.case_id].append(subject)
        by_case[subject.case_id] += subject_deadlines(subject, today, suspension=False)
        if subject.id in restricted:
            by_case[subject.case_id] += suspension_deadlines_shown(subject, today)
    sent = reg19_sent_by_case(c.pk for c in cases)
    for case in cases:
        twelve = twelve_month_deadline(case, subjects_of[case.pk], sent.get(case.pk, set()))
        if twelve:
            by_case[case.pk].append(twelve)
    for case_id, items in queue_deadlines(cases).items():
        by_case.setdefault(case_id, []).extend(items)
    return {k: sorted(v, key=by_date) for k, v in by_case.items()}
