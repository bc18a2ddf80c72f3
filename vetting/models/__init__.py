"""Vetting: clearances and their lifecycle (clearances.py); PND screening runs, candidates and hits
(screening.py)."""

from .clearances import *  # noqa: F403
from .screening import *  # noqa: F403
from .withdrawal import *  # noqa: F403
