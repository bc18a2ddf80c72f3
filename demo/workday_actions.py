"""Demo diary entries and custody movements (issue 17): the demo investigator's matters get a few
diary entries and exhibits that moved after they were received, all dated in the past (as
entered), so the timeline and the diary show real dates rather than the day the demo was seeded."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pghistory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from cases import services
from cases.selectors import cases_visible_to

DIARY_LINES = [
    "Spoke to the complainant by telephone; they will send the screenshots by Friday.",
    "Reviewed the force systems audit extract with the information security team.",
    "Met the subject's federation representative to agree an interview date.",
    "Site visit: noted the CCTV camera positions outside the custody suite.",
]
MOVEMENTS = [
    ("Professional Standards property store", "Digital forensics unit", "Sent for examination"),
    ("Digital forensics unit", "Professional Standards property store", "Returned after examination"),
]


def _day(received: date, today: date, days_after: int) -> date:
    return max(received, min(received + timedelta(days=days_after), today - timedelta(days=1)))


def demo_workday_actions_create(*, today: date) -> str:
    investigator = User.objects.filter(username="investigator").first()
    if investigator is None:
        return "no demo investigator"
    cases = list(
        cases_visible_to(user=investigator)
        .filter(investigator=investigator, status="open")
        .exclude(diary_entries__author=investigator)
        .order_by("-received_date")[:6]
    )
    entries = movements = 0
    with pghistory.context(reason="demo data"):
        for n, case in enumerate(cases):
            for k in range(2 + n % 2):
                services.diary_entry_add(
                    actor=investigator,
                    case=case,
                    happened_on=_day(case.received_date, today, 3 + 9 * k),
                    text=DIARY_LINES[(n + k) % len(DIARY_LINES)],
                )
                entries += 1
            if n >= 3 or case.evidence.exists():
                continue
            item = services.evidence_add(
                actor=investigator,
                case=case,
                exhibit_reference=f"DR/{n + 1}",
                description="Force systems audit extract (synthetic)",
                upload=SimpleUploadedFile(f"audit-{n + 1}.csv", b"when,who,what\n2026-01-05,TS1,search\n"),
            )
            for k, (origin, destination, purpose) in enumerate(MOVEMENTS):
                moved = datetime.combine(_day(case.received_date, today, 5 + 7 * k), time(10 + k * 4, 15))
                services.custody_movement_record(
                    actor=investigator,
                    item=item,
                    happened_at=min(timezone.make_aware(moved), timezone.now()),
                    from_location=origin,
                    to_location=destination,
                    purpose=purpose,
                )
                movements += 1
    return f"{entries} diary entries, {movements} custody movements"
