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
