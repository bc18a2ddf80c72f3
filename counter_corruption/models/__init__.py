"""The counter-corruption unit's records. Split by subject: intel (logs, their subjects, entities
mentioned and named-people grants), entities (outside people, addresses, phones, vehicles,
businesses, and their links to workforce people), alerts (link alerts)."""

from .entities import Entity, EntityLink, LinkAlert
from .intel import IntelEntity, IntelGrant, IntelLog, IntelSubject, Theme
from .links import LinkAlertDecision, LinkChunk, LinkRun

__all__ = [
    "Entity",
    "EntityLink",
    "IntelEntity",
    "IntelGrant",
    "IntelLog",
    "IntelSubject",
    "LinkAlert",
    "LinkAlertDecision",
    "LinkChunk",
    "LinkRun",
    "Theme",
]
