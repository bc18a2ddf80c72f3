"""The dates of a conduct subject's matter that decide which rule versions apply (law.rules)."""

from __future__ import annotations

from datetime import date

from django.db.models import Min

from law.models import RuleVersion
from law.rules import MatterDates, version_for

from .models import CaseSubject


def dates_for(subject: CaseSubject, event_date: date | None = None) -> MatterDates:
    """Conduct date: the earliest incident date of the subject's allegations; attention: when the
    matter came to the force's attention; assessment: the latest severity assessment (or the date
    an imported matter was assessed in the previous system)."""
    conduct = subject.allegations.aggregate(first=Min("incident_date"))["first"] if subject.pk else None
    latest = subject.severity_assessments.order_by("-assessed_on", "-id").first() if subject.pk else None
    assessed = latest.assessed_on if latest else subject.severity_date
    return MatterDates(
        conduct_date=conduct,
        attention_date=subject.case.received_date,
        assessment_date=assessed,
        event_date=event_date,
    )


def rule_for(subject: CaseSubject, rule: str, event_date: date | None = None) -> RuleVersion:
    """The version of `rule` that applies to this subject's matter."""
    return version_for(rule, dates_for(subject, event_date))
