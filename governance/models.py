"""Governance models live in modules of their own, one per part, imported here for Django."""

from .models_timeliness import (  # noqa: F401
    TimelinessChunk,
    TimelinessClock,
    TimelinessFact,
    TimelinessFigure,
    TimelinessRun,
)
