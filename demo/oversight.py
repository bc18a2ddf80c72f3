"""Demo for the local policing body's oversight reader: the 12-month (regulation 19) reports the
force has sent. Suspensions come from demo/suspension.py and hearings in public (to come and held,
with venues) from demo/panels.py and demo/dismissals.py; only the reports were missing."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model

from cases.choices import SubjectStage
from cases.models import Reg19Report
from cases.services import reg19_drafts_make, reg19_report_submit

REPORTS = 8  # a page's worth for the demo, not every report due


def demo_oversight_create(*, today: date) -> int:
    """Draft the reports that have fallen due and submit a few, written without names (the force's
    own drafts list the subjects by name for the appropriate authority to edit out)."""
    authority = get_user_model().objects.filter(groups__name="appropriate_authority").order_by("id").first()
    if authority is None or Reg19Report.objects.filter(submitted_on__isnull=False).exists():
        return 0
    reg19_drafts_make(today=today)
    made = 0
    drafts = Reg19Report.objects.filter(submitted_on__isnull=True, case__is_restricted=False).select_related("case")
    for report in drafts.order_by("due_on", "id")[:REPORTS]:
        stages = sorted(
            {SubjectStage(s).label.lower() for s in report.case.case_subjects.values_list("stage", flat=True)}
        )
        reg19_report_submit(
            actor=authority,
            report=report,
            progress=f"{report.case.case_subjects.count()} subject(s); stage: {', '.join(stages)}. "
            "Witness statements and digital evidence gathered.",
            reasons_for_delay="Awaiting analysis of digital devices by the force's digital forensics unit.",
            planned_steps="Interview the subject(s) once the analysis is back; then the investigation report.",
            expected_completion=today + timedelta(days=90),
            expected_report_date=today + timedelta(days=120),
        )
        made += 1
    return made
