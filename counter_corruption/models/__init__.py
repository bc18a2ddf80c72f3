"""The counter-corruption unit's records. Split by subject: intel (logs, their subjects, entities
mentioned and named-people grants), entities (outside people, addresses, phones, vehicles,
businesses, and their links to workforce people), alerts (link alerts), monitoring (lawful business monitoring: audit events, rules,
alerts), queue (the unit's
prioritised queue and its weights)."""

from .entities import Entity, EntityLink, LinkAlert
from .intel import IntelEntity, IntelGrant, IntelLog, IntelSubject, Theme
from .links import LinkAlertDecision, LinkChunk, LinkRun
from .monitoring import (
    AlertEvent,
    AlertStatus,
    AuditEvent,
    AuditEventKey,
    AuditImport,
    AuditImportChunk,
    EventMatch,
    ImportOrigin,
    ImportStatus,
    MonitoringAlert,
    MonitoringRule,
    RulesChunk,
    RulesRun,
    WatchListEntry,
)
from .queue import QueueItemKind, QueueScoringChunk, QueueScoringRun, QueueWeight, UnitQueueItem

__all__ = [
    "AlertEvent",
    "AlertStatus",
    "AuditEvent",
    "AuditEventKey",
    "AuditImport",
    "AuditImportChunk",
    "EventMatch",
    "ImportOrigin",
    "ImportStatus",
    "MonitoringAlert",
    "MonitoringRule",
    "RulesChunk",
    "RulesRun",
    "WatchListEntry",
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
    "QueueItemKind",
    "QueueScoringChunk",
    "QueueScoringRun",
    "QueueWeight",
    "Theme",
    "UnitQueueItem",
]
