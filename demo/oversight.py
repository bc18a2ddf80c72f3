"""Demo for the local policing body's oversight reader, and the 12-month (regulation 19) reports of
every long-running matter. Suspensions come from demo/suspension.py and hearings in public (to come
and held, with venues) from demo/panels.py and demo/dismissals.py.

A force that uses the system has sent each 12-month report when it fell due: every period that fell
due more than a few weeks ago is submitted here, on or a few days before its due date, so no list
opens with a report hundreds of days overdue. Of the reports that fell due in the last four weeks,
about half are left as drafts for the appropriate authority (their home page's "12-month reports to
sign off", the supervisor's "12-month reports due"). The oversight reader has read the reports
sent more than six weeks ago; the newer ones are on their home page to read.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model

from cases.choices import SubjectStage
from cases.models import Case, Reg19Report
from cases.services import reg19_draft, reg19_drafts_make, reg19_report_submit
from cases.staff_procedure import under_regulations

RECENT_DAYS = 28  # a report due within this many days may still be a draft
READ_AFTER_DAYS = 42  # the oversight reader has read what was sent before this


def _submit(authority, report: Reg19Report, sent_on: date, today: date) -> None:
    case = report.case
    stages = sorted({SubjectStage(s).label.lower() for s in case.case_subjects.values_list("stage", flat=True)})
    reg19_report_submit(
        actor=authority,
        report=report,
        progress=f"{case.case_subjects.count()} subject(s); stage: {', '.join(stages)}. "
        "Witness statements and digital evidence gathered.",
        reasons_for_delay="Awaiting analysis of digital devices by the force's digital forensics unit.",
        planned_steps="Interview the subject(s) once the analysis is back; then the investigation report.",
        expected_completion=max(sent_on + timedelta(days=120), today + timedelta(days=30)),
        expected_report_date=max(sent_on + timedelta(days=150), today + timedelta(days=60)),
    )
    Reg19Report.objects.filter(pk=report.pk).update(submitted_on=sent_on)  # sent when it fell due


def demo_oversight_create(*, today: date, seed: int = 19) -> int:
    """Send the 12-month reports that fell due (historic dates), draft the newest, and mark the older
    ones read by the oversight reader. Returns how many reports were sent. Runs once."""
    users = get_user_model().objects
    authority = users.filter(groups__name="appropriate_authority").order_by("id").first()
    if authority is None or Reg19Report.objects.filter(submitted_on__isnull=False).exists():
        return 0
    rng = random.Random(seed)
    long_running = (
        Case.objects.filter(status="open", received_date__lte=today - relativedelta(months=12))
        .filter(under_regulations())
        .order_by("received_date", "id")
    )
    sent = 0
    for case in long_running.iterator(chunk_size=200):
        period = 1
        while (due := case.received_date + relativedelta(months=12 + 6 * (period - 1))) <= today:
            if (today - due).days <= RECENT_DAYS and rng.random() < 0.5:
                break  # falls due about now: left for the appropriate authority (drafted below)
            report = reg19_draft(case=case, period_number=period, due_on=due)
            _submit(authority, report, min(today, due - timedelta(days=rng.randint(0, 6))), today)
            sent += 1
            period += 1
    reg19_drafts_make(today=today)  # the ones left: drafts awaiting the appropriate authority

    from oversight.models import Reg19Reading

    cutoff = today - timedelta(days=READ_AFTER_DAYS)
    for reader in users.filter(groups__name="oversight_reader"):
        Reg19Reading.objects.bulk_create(
            [
                Reg19Reading(report_id=pk, reader=reader)
                for pk in Reg19Report.objects.filter(submitted_on__lte=cutoff).values_list("pk", flat=True)
            ],
            ignore_conflicts=True,
        )
    return sent
