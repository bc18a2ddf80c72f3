"""Governance models live in modules of their own, one per part, imported here for Django."""

from .models_boardpack import BoardPack, BoardPackStatus  # noqa: F401
