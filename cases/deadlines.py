"""The deadlines of a matter, as the case page's "Next deadlines" and the diary show them."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta

from .extensions import case_deadlines
from .staff_procedure import is_staff_matter
from .suspension import deadlines_shown as suspension_deadlines_shown


def case_deadlines_for(case, subjects, today: date) -> list[tuple[date, str]]:
    """(due, what) for the matter, sorted by date. `subjects` are its CaseSubjects, ideally with
    reg17_notices and proceedings__outcome prefetched (the case page and the diary do)."""
    deadlines: list[tuple[date, str]] = []
    for s in subjects:
        for notice in s.reg17_notices.all():
            # shown until the window passes or the response is recorded (whatever the stage)
            if not notice.response_received_on and notice.response_due_on >= today:
                deadlines.append((notice.response_due_on, f"{notice.response_label} due from {s.person.display_name}"))
        if is_staff_matter(s):
            continue  # the police staff procedure's own deadlines (cases.extensions.case_deadlines)
        for proceeding in s.proceedings.all():
            outcome = getattr(proceeding, "outcome", None)
            if outcome and not outcome.notice_given_on:  # until the notice's service is recorded
                deadlines.append((outcome.notice_due_on, f"Outcome notice to {s.person.display_name} (5 working days)"))
            elif proceeding.status == "scheduled" and proceeding.scheduled_for:
                when = f" at {proceeding.scheduled_time:%H:%M}" if proceeding.scheduled_time else ""
                where = f", {proceeding.venue}" if proceeding.venue else ""
                deadlines.append(
                    (
                        proceeding.scheduled_for,
                        f"{proceeding.get_forum_display()} for {s.person.display_name}{when}{where}",
                    )
                )
        deadlines.extend(suspension_deadlines_shown(s, today))
    if case.status == "open" and (not subjects or not all(is_staff_matter(s) for s in subjects)):
        deadlines.append(
            (
                case.received_date + relativedelta(months=12),
                "12 months since the matter came to attention (reg 19 report)",
            )
        )
    deadlines += case_deadlines(case, subjects)
    return sorted(deadlines)
