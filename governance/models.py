"""Governance models live in modules of their own, one per part, imported here for Django."""

from .models_boardpack import BoardPack, BoardPackStatus  # noqa: F401
from .models_oversight import HearingPublicityDirection  # noqa: F401
from .models_return import ReturnSummary  # noqa: F401
from .models_timeliness import (  # noqa: F401
    TimelinessChunk,
    TimelinessClock,
    TimelinessFact,
    TimelinessFigure,
    TimelinessRun,
)
