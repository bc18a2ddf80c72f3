"""Labels for slices, stages and groups, shared by pages, exports and notices."""

from cases.choices import Source
from workforce.choices import EthnicGroup

from .models import Population, Stage, UnitLevel


def group_label(group: str) -> str:
    return EthnicGroup(group).label if group in EthnicGroup.values else group


def stage_label(stage: str) -> str:
    return Stage(stage).label if stage in Stage.values else stage


def population_label(population: str) -> str:
    return Population(population).label if population in Population.values else population


def source_label(source: str) -> str:
    if source == "all":
        return "All sources"
    return Source(source).label if source in Source.values else source


def unit_label(level: str, unit) -> str:
    if level == UnitLevel.FORCE:
        return "Whole force"
    return str(unit) if unit is not None else "(unit removed)"


WATCH_LABEL = "Unadjusted signal"
WATCH_MEANING = (
    "Unadjusted signal (WATCH): the ratio is outside 0.80-1.25 but another condition of the flag rule fails, "
    "most often the adjusted p-value. It is not evidence on its own: data with no disparity at all produce "
    "some in every refresh."
)
FAMILY_NAMES = {"force": "the force", "command": "all commands", "unit": "all units"}


def status_label(status: str) -> str:
    """The words shown for a stored status (exports and pages)."""
    return {"WATCH": WATCH_LABEL.lower(), "INSUFFICIENT": "insufficient data"}.get(status, status)


def method_statement(refresh) -> str:
    """How this refresh adjusted its p-values, in words for the page."""
    families = refresh.families or {}
    if not families:  # method version 1
        return f"p-values adjusted (Benjamini-Hochberg) across all {refresh.tests:,} comparisons of the refresh as one family"
    parts = [f"{FAMILY_NAMES[level]} {families.get(level, 0):,}" for level in ("force", "command", "unit")]
    return (
        f"p-values adjusted (Benjamini-Hochberg) within one family per level, each across windows, populations, "
        f"sources and stages: {'; '.join(parts)} comparisons"
    )


def family_of(result) -> str:
    """The family a result's adjusted p-value belongs to, in words."""
    refresh = result.refresh
    families = refresh.families or {}
    if not families:
        return f"all {refresh.tests:,} comparisons of the refresh"
    return f"the {families.get(result.level, 0):,} comparisons of {FAMILY_NAMES.get(result.level, result.level)}"
