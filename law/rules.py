"""Which version of a rule applies to a matter: answered from the matter's dates.

    version_for("suspension", MatterDates(conduct_date=..., attention_date=...))

Each version says which date of the matter decides (`applies_by`: its transitional provision). The
newest commenced version whose deciding date is on or after its commencement applies; a matter older
than every version gets the oldest. A date the matter does not have falls back in the order conduct
date, date it came to attention, date of the step, today (an allegation with no incident date is
judged by when it was reported); a rule decided by the date of a step not yet taken is judged by
today's date.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from django.utils import timezone

from .models import AppliesBy, RuleVersion

FALLBACK = ("conduct_date", "attention_date", "event_date")


# Plain names of the rules, shown on the page (a rule not named here shows its code).
RULE_NAMES = {
    "hearing_panel": "Misconduct hearing panels",
    "gross_misconduct_outcome": "Outcome after a finding of gross misconduct",
    "indictable_only_conviction": "Conviction for an indictable-only offence",
    "severity_outcomes": "Severity assessment outcomes",
    "former_officer_forum": "Former officers: forum",
    "notice_service": "Service of notices",
    "pat_appeal_by_authority": "Appeals to the Police Appeals Tribunal by the chief officer or policing body",
    "vetting_withdrawal": "Withdrawal of vetting clearance",
    "suspension": "Suspension and restricted duties",
    "police_staff_procedure": "Police staff misconduct procedure (force policy)",
    "performance_procedure": "Unsatisfactory performance and attendance",
}


def rule_name(code: str) -> str:
    return RULE_NAMES.get(code, code.replace("_", " ").capitalize())


class RuleMissing(LookupError):
    pass


@dataclass(frozen=True)
class MatterDates:
    conduct_date: date | None = None
    attention_date: date | None = None
    assessment_date: date | None = None
    event_date: date | None = None

    def deciding(self, applies_by: str) -> date:
        """The date that decides a version with this `applies_by`, with the fallbacks. A rule decided
        by the date of a step not yet taken is judged as if it were taken today."""
        if applies_by == AppliesBy.EVENT_DATE:
            return self.event_date or timezone.localdate()
        order = (applies_by, *[f for f in FALLBACK if f != applies_by])
        for name in order:
            value = getattr(self, name)
            if value is not None:
                return value
        return timezone.localdate()

    def as_dict(self) -> dict[str, date | None]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def versions(rule: str) -> list[RuleVersion]:
    """All versions of a rule, oldest first (not yet commenced ones last)."""
    return _ordered(RuleVersion.objects.filter(rule=rule))


def _choose(known: list[RuleVersion], dates: MatterDates) -> RuleVersion:
    commenced = [v for v in known if v.commences_on is not None]
    for version in reversed(commenced):
        if dates.deciding(version.applies_by) >= version.commences_on:
            return version
    return commenced[0] if commenced else known[0]


def _ordered(found) -> list[RuleVersion]:
    return sorted(found, key=lambda v: (v.commences_on is None, v.commences_on or date.max, v.version))


def version_for(rule: str, dates: MatterDates) -> RuleVersion:
    """The version of `rule` that applies to a matter with these dates."""
    known = versions(rule)
    if not known:
        raise RuleMissing(f"No versions of the rule '{rule}' are recorded (reference data not loaded?)")
    return _choose(known, dates)


def is_in_force(rule: str, version: str, on: date | None = None) -> bool:
    """Has this version commenced by `on` (today by default)? For switches such as a power not yet
    commenced: the version exists as data with an empty commencement date until an order is made."""
    found = RuleVersion.objects.filter(rule=rule, version=version).first()
    if found is None or found.commences_on is None:
        return False
    return found.commences_on <= (on or timezone.localdate())


def ensure_versions(rows: list[dict]) -> None:
    """Seed rule versions from an app's reference data: created when missing, never overwritten
    (a force's administrator may have changed them, with history)."""
    for row in rows:
        row = dict(row)
        rule, version = row.pop("rule"), row.pop("version")
        if "applies_by" in row:
            AppliesBy(row["applies_by"])  # a typo in reference data fails loudly at migrate
        RuleVersion.objects.get_or_create(rule=rule, version=version, defaults=row)


def applicable(dates: MatterDates, all_versions: list[RuleVersion] | None = None) -> list[tuple[RuleVersion, date]]:
    """Every rule's applicable version for a matter with these dates, with the date that decided
    it: what a case page lists under "Rules that apply to this matter". One query for all rules
    (pass `all_versions` to share it between subjects)."""
    if all_versions is None:
        all_versions = list(RuleVersion.objects.all())
    by_rule: dict[str, list[RuleVersion]] = {}
    for v in all_versions:
        by_rule.setdefault(v.rule, []).append(v)
    result = []
    for rule in sorted(by_rule):
        chosen = _choose(_ordered(by_rule[rule]), dates)
        result.append((chosen, dates.deciding(chosen.applies_by)))
    return result
