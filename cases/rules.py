"""The dates of a conduct subject's matter that decide which rule versions apply (law.rules)."""

from __future__ import annotations

from datetime import date

from law.models import RuleVersion
from law.rules import MatterDates, applicable, version_for

from .models import CaseSubject


def dates_for(subject: CaseSubject, event_date: date | None = None) -> MatterDates:
    """Conduct date: the earliest incident date of the subject's allegations; attention: when the
    matter came to the force's attention; assessment: the latest severity assessment (or the date
    an imported matter was assessed in the previous system). Uses prefetched allegations and
    assessments when the caller has them (the case page)."""
    conduct = assessed = None
    if subject.pk:
        incidents = [a.incident_date for a in subject.allegations.all() if a.incident_date]
        conduct = min(incidents) if incidents else None
        assessments = sorted(subject.severity_assessments.all(), key=lambda a: (a.assessed_on, a.pk), reverse=True)
        assessed = assessments[0].assessed_on if assessments else None
    return MatterDates(
        conduct_date=conduct,
        attention_date=subject.case.received_date,
        assessment_date=assessed or subject.severity_date,
        event_date=event_date,
    )


def rule_for(subject: CaseSubject, rule: str, event_date: date | None = None) -> RuleVersion:
    """The version of `rule` that applies to this subject's matter."""
    return version_for(rule, dates_for(subject, event_date))


def rules_applying(
    subject: CaseSubject, all_versions: list[RuleVersion] | None = None
) -> list[tuple[RuleVersion, date]]:
    """Every rule's version for this subject's matter, with the date that decided it."""
    return applicable(dates_for(subject), all_versions)
