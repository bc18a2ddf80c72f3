"""Link analysis: sightings of outside people, addresses, phones, vehicles, businesses and e-mail
addresses against workforce people, resolved to one Entity each (links_resolve.py) and recorded as
EntityLink rows; link alerts when a new link joins a person to an entity already linked to another
person who is a subject of intelligence or of a conduct matter.

The nightly job is a run (LinkRun):

1. ``link_run_start`` collects every sighting since the last run (intelligence logs' subjects x
   entities in one INSERT ... SELECT; the screening hits, conduct matters, reporting-line reports
   and registers through their ``entity_mentions``), resolves them and writes entities and links
   in bulk (ON CONFLICT DO NOTHING), then cuts the links new since the last finished run into
   chunks. All in one transaction: a worker killed here leaves nothing, and the run starts again.
2. ``link_chunk_check`` (one per chunk, any number of workers) claims its chunk with
   ``FOR UPDATE SKIP LOCKED``, raises the chunk's alerts with one set-based statement and marks it
   done in the same transaction: a killed worker's chunk is redone whole, a done one never.
3. The last chunk done closes the run. ``link_sweep`` re-sends chunks a lost message left.

One run at a time (an advisory lock); alerts are unique per (person, entity), so once only.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

import pghistory
import pgtrigger
from django.apps import apps
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from core.entities import EntityMention

from .choices import EntityKind, LinkAlertStatus, LinkSource
from .links_resolve import entity_key, person_key, person_match
from .models import Entity, EntityLink, LinkAlert, LinkAlertDecision, LinkChunk, LinkRun

log = logging.getLogger(__name__)

CHUNK_LINKS = 100_000  # link ids per chunk
_LOCK = "hashtext('counter-corruption-link-run')"


# ---------------------------------------------------------------- sources


def source_mentions(*, since: datetime | None) -> Iterable[EntityMention]:
    """Every source app's sightings (core.entities contract), intelligence aside (done in SQL)."""
    from cases.entity_mentions import entity_mentions as conduct
    from integrity.entities import entity_mentions as registers
    from reporting.entity_mentions import entity_mentions as reports
    from vetting.entity_mentions import entity_mentions as screening

    for source in (screening, conduct, reports, registers):
        yield from source(since=since)


_INTELLIGENCE_LINKS = """
    INSERT INTO counter_corruption_entitylink
        (entity_id, person_id, source_kind, source_id, relationship, seen_on, recorded_at)
    SELECT ie.entity_id, s.person_id, %s, l.public_id::text, ie.relationship, l.received_on, now()
    FROM counter_corruption_intelentity ie
    JOIN counter_corruption_intelsubject s ON s.log_id = ie.log_id
    JOIN counter_corruption_intellog l ON l.id = ie.log_id
    ORDER BY ie.id, s.id
    ON CONFLICT DO NOTHING
"""


def intelligence_links_record() -> int:
    """Each intelligence log's subjects x the entities it mentions, as links (already resolved:
    a log's entities are Entity rows)."""
    with connection.cursor() as cursor:
        cursor.execute(_INTELLIGENCE_LINKS, [LinkSource.INTELLIGENCE])
        return cursor.rowcount


# ---------------------------------------------------------------- resolution


def _known_people(sounds: set[str]) -> dict[str, list[tuple[str, dict]]]:
    known: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    if not sounds:
        return known
    rows = Entity.objects.filter(kind=EntityKind.OUTSIDE_PERSON, attributes__sound__in=sorted(sounds))
    for key, attributes in rows.values_list("key", "attributes"):
        known[attributes.get("sound", "")].append((key, attributes))
    return known


def entities_resolve(mentions: list[EntityMention]) -> list[tuple[EntityMention, int]]:
    """Each mention with the id of its Entity (created where new, in bulk); mentions that are not
    a thing of their kind (a phone with too few digits) are dropped."""
    resolved: list[tuple[EntityMention, tuple[str, str]]] = []
    new: dict[tuple[str, str], Entity] = {}
    nominal: set[tuple[str, str]] = set()
    people = {}
    for mention in mentions:
        if mention.kind == EntityKind.OUTSIDE_PERSON:
            found = person_key(mention.raw, mention.attributes)
            if found:
                people[id(mention)] = found
    known = _known_people({details["sound"] for _key, details in people.values()})
    for mention in mentions:
        found = entity_key(mention.kind, mention.raw, mention.attributes)
        if found is None:
            continue
        key, display = found
        attributes = {}
        if mention.kind == EntityKind.OUTSIDE_PERSON:
            _key, attributes = people[id(mention)]
            same = known.get(attributes["sound"], [])
            if key not in {k for k, _a in same}:
                key = person_match(attributes, same) or key
            if key not in {k for k, _a in same}:
                same.append((key, attributes))  # later mentions resolve to this new person
        elif mention.kind == EntityKind.ADDRESS:
            attributes = {"text": display}
        pair = (mention.kind, key)
        new.setdefault(pair, Entity(kind=mention.kind, key=key, display=display, attributes=attributes))
        if mention.attributes.get("nominal"):
            nominal.add(pair)
        resolved.append((mention, pair))
    Entity.objects.bulk_create(new.values(), ignore_conflicts=True, batch_size=5000)
    ids = _entity_ids(set(new))
    if nominal:
        Entity.objects.filter(id__in=[ids[p] for p in nominal], is_nominal=False).update(is_nominal=True)
    return [(mention, ids[pair]) for mention, pair in resolved]


def _entity_ids(pairs: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    by_kind: dict[str, list[str]] = defaultdict(list)
    for kind, key in pairs:
        by_kind[kind].append(key)
    ids = {}
    for kind, keys in by_kind.items():
        for start in range(0, len(keys), 5000):
            rows = Entity.objects.filter(kind=kind, key__in=keys[start : start + 5000]).values_list("key", "id")
            ids.update({(kind, key): entity_id for key, entity_id in rows})
    return ids


def entity_resolve(*, kind: str, raw: str, attributes: dict | None = None, is_nominal: bool = False) -> Entity:
    """The Entity a value is (created if new): for intelligence logs' entities and the demo."""
    mention = EntityMention(
        person_id=0, kind=kind, raw=raw, source_kind="", source_id="", attributes=dict(attributes or {})
    )
    resolved = entities_resolve([mention])
    if not resolved:
        raise ValueError(f"not a {kind}: {raw!r}")
    entity = Entity.objects.get(id=resolved[0][1])
    if is_nominal and not entity.is_nominal:
        entity.is_nominal = True
        entity.save(update_fields=["is_nominal"])
    return entity


def links_record(mentions: Iterable[EntityMention], *, batch: int = 20_000) -> tuple[int, int]:
    """Resolve and write the links of these mentions: (mentions read, links added)."""
    read = added = 0
    pending: list[EntityMention] = []

    def flush():
        nonlocal added
        rows = [
            EntityLink(
                entity_id=entity_id,
                person_id=m.person_id,
                source_kind=m.source_kind,
                source_id=m.source_id,
                relationship=m.relationship[:120],
                seen_on=m.seen_on,
            )
            for m, entity_id in entities_resolve(pending)
        ]
        if rows:
            before = EntityLink.objects.aggregate(top=Max("id"))["top"] or 0
            EntityLink.objects.bulk_create(rows, ignore_conflicts=True, batch_size=5000)
            added += EntityLink.objects.filter(id__gt=before).count()
        pending.clear()

    for mention in mentions:
        read += 1
        pending.append(mention)
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    return read, added


# ---------------------------------------------------------------- the run


def _last_finished() -> LinkRun | None:
    return LinkRun.objects.filter(finished_at__isnull=False).order_by("-to_link_id", "-id").first()


def link_run_unfinished() -> LinkRun | None:
    return LinkRun.objects.filter(finished_at__isnull=True).order_by("id").first()


def link_run_start(*, reason: str = "nightly", chunk_links: int = CHUNK_LINKS, enqueue: bool = True) -> LinkRun:
    """Collect and resolve sightings, then cut the new links into chunks (one transaction). An
    unfinished run is resumed instead: its chunks are sent again."""
    from infra.outbox import enqueue_many

    from .links_tasks import link_chunk_check

    with transaction.atomic(), pghistory.context(reason=f"link analysis: {reason}"):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT pg_advisory_xact_lock({_LOCK})")  # noqa: S608 (a constant)
        unfinished = link_run_unfinished()
        if unfinished is not None and link_run_finish_if_done(run_id=unfinished.id):
            unfinished = None  # its last chunk was done but the worker stopped before closing it
        if unfinished is not None:
            if enqueue:
                pending = list(unfinished.chunks.filter(done_at__isnull=True).values_list("id", flat=True))
                unfinished.chunks.filter(id__in=pending).update(enqueued_at=timezone.now())
                enqueue_many(link_chunk_check, [(chunk_id,) for chunk_id in pending], queue="analytics")
            return unfinished
        last = _last_finished()
        since = last.started_at if last else None
        run = LinkRun.objects.create(reason=reason, since=since, from_link_id=last.to_link_id if last else 0)
        intelligence = intelligence_links_record()
        read, added = links_record(source_mentions(since=since))
        run.mentions = read + intelligence
        run.links_added = added + intelligence
        run.to_link_id = EntityLink.objects.aggregate(top=Max("id"))["top"] or run.from_link_id
        run.save(update_fields=["mentions", "links_added", "to_link_id"])
        chunks = chunks_cut(run=run, chunk_links=chunk_links)
        if enqueue:
            enqueue_many(link_chunk_check, [(chunk.id,) for chunk in chunks], queue="analytics")
        if not chunks:
            run.finished_at = timezone.now()
            run.save(update_fields=["finished_at"])
    log.info(
        "link run %s: %s mentions, %s links added, %s chunks", run.public_id, run.mentions, run.links_added, len(chunks)
    )
    return run


def chunks_cut(*, run: LinkRun, chunk_links: int) -> list[LinkChunk]:
    now = timezone.now()
    bounds = list(range(run.from_link_id, run.to_link_id, chunk_links)) if run.to_link_id > run.from_link_id else []
    return LinkChunk.objects.bulk_create(
        [
            LinkChunk(run=run, number=n, low_id=low, high_id=min(low + chunk_links, run.to_link_id), enqueued_at=now)
            for n, low in enumerate(bounds, start=1)
        ]
    )


# The alerts of one chunk, set-based: each new link's (person, entity) whose entity is linked to
# another person who is a subject of intelligence or of a conduct matter; reasons in plain words
# built from counts (never names: a reader may not see every person behind them).
_CHUNK_ALERTS = """
WITH fresh AS (
    SELECT l.person_id, l.entity_id,
           array_agg(DISTINCT l.source_kind ORDER BY l.source_kind) AS sources,
           min(l.seen_on) AS first_seen
    FROM counter_corruption_entitylink l
    WHERE l.id > %s AND l.id <= %s
    GROUP BY l.person_id, l.entity_id
),
subject_people AS MATERIALIZED (
    -- the (few) people who are subjects of intelligence or of a conduct matter
    SELECT person_id, bool_or(of_intelligence) AS of_intelligence, bool_or(of_conduct) AS of_conduct
    FROM (SELECT person_id, true AS of_intelligence, false AS of_conduct FROM counter_corruption_intelsubject
          UNION ALL
          SELECT person_id, false, true FROM cases_casesubject) s
    GROUP BY person_id
),
subject_links AS MATERIALIZED (
    SELECT DISTINCT o.entity_id, o.person_id AS other_id, sp.of_intelligence, sp.of_conduct
    FROM subject_people sp
    JOIN counter_corruption_entitylink o ON o.person_id = sp.person_id
    WHERE o.id <= %s
),
subjects AS (
    SELECT f.person_id, f.entity_id, sl.other_id, sl.of_intelligence, sl.of_conduct
    FROM fresh f
    JOIN subject_links sl ON sl.entity_id = f.entity_id AND sl.other_id <> f.person_id
),
counted AS (
    SELECT person_id, entity_id,
           count(*) AS subjects,
           count(*) FILTER (WHERE of_intelligence) AS intelligence,
           count(*) FILTER (WHERE of_conduct) AS conduct
    FROM subjects GROUP BY person_id, entity_id
),
raised AS (
    INSERT INTO counter_corruption_linkalert (public_id, person_id, entity_id, reasons, status, raised_at)
    SELECT gen_random_uuid(), c.person_id, c.entity_id,
           jsonb_build_array(
               format('A new link to %%s%%s (%%s) from %%s%%s.',
                      CASE WHEN k.label ~* '^[aeiou]' THEN 'an ' ELSE 'a ' END, lower(k.label), e.display, f.sources_text,
                      CASE WHEN f.first_seen IS NULL THEN '' ELSE ', seen ' || to_char(f.first_seen, 'DD Mon YYYY') END),
               format('The same %%s is already linked to %%s other %%s: %%s.',
                      lower(k.label), c.subjects, CASE WHEN c.subjects = 1 THEN 'person' ELSE 'people' END,
                      concat_ws(', ',
                          CASE WHEN c.intelligence > 0 THEN c.intelligence || ' subject'
                               || CASE WHEN c.intelligence > 1 THEN 's' ELSE '' END || ' of intelligence' END,
                          CASE WHEN c.conduct > 0 THEN c.conduct || ' subject'
                               || CASE WHEN c.conduct > 1 THEN 's' ELSE '' END || ' of a conduct matter' END))
           ) || CASE WHEN e.is_nominal THEN
                    jsonb_build_array('The ' || lower(k.label) || ' is flagged as a known criminal nominal.')
                ELSE '[]'::jsonb END,
           %s, now()
    FROM counted c
    JOIN (SELECT person_id, entity_id, first_seen,
                 array_to_string(ARRAY(SELECT CASE s WHEN 'intelligence' THEN 'an intelligence log'
                                                     WHEN 'screening' THEN 'a screening hit'
                                                     WHEN 'register' THEN 'an integrity register'
                                                     WHEN 'conduct' THEN 'a conduct matter'
                                                     WHEN 'report' THEN 'a reporting-line report'
                                                     ELSE 'business monitoring' END
                                       FROM unnest(sources) AS s), ' and ') AS sources_text
          FROM fresh) f ON f.person_id = c.person_id AND f.entity_id = c.entity_id
    JOIN counter_corruption_entity e ON e.id = c.entity_id
    JOIN (VALUES %(kinds)s) AS k(kind, label) ON k.kind = e.kind
    WHERE c.subjects > 0
    ORDER BY c.person_id, c.entity_id
    ON CONFLICT (person_id, entity_id) DO NOTHING
    RETURNING id, person_id, entity_id, public_id, raised_at, reasons, status
),
history AS (
    -- the insert events pghistory's row trigger would write, in one statement (the trigger is
    -- skipped for this statement only: a savepoint per row cost more than the rest of the job)
    INSERT INTO %(events)s (pgh_created_at, pgh_label, pgh_obj_id, pgh_context_id, id, public_id, person_id,
                            entity_id, reasons, status, raised_at)
    SELECT now(), 'insert', r.id, (SELECT _pgh_attach_context()), r.id, r.public_id, r.person_id, r.entity_id,
           r.reasons, r.status, r.raised_at
    FROM raised r
)
INSERT INTO counter_corruption_linkalert_other_people (linkalert_id, person_id)
SELECT r.id, s.other_id
FROM raised r JOIN subjects s ON s.person_id = r.person_id AND s.entity_id = r.entity_id
ON CONFLICT DO NOTHING
RETURNING linkalert_id
"""


def _kinds_values() -> str:
    # constants from the code's own choices, quoted for SQL: nothing from a user
    return ", ".join(f"('{k}', '{label.replace(chr(39), chr(39) * 2)}')" for k, label in EntityKind.choices)


def chunk_alerts_raise(*, low: int, high: int, top: int) -> int:
    """Raise the alerts of links with ids in (low, high]; ``top`` is the run's last link. Returns
    the number of alerts raised."""
    events = apps.get_model("counter_corruption", "LinkAlertEvent")._meta.db_table
    sql = _CHUNK_ALERTS.replace("%(kinds)s", _kinds_values()).replace("%(events)s", connection.ops.quote_name(events))
    with pgtrigger.ignore("counter_corruption.LinkAlert:insert_insert"), connection.cursor() as cursor:
        # one statement over ~100,000 links: sort in memory, and no JIT compile (it costs more than it saves)
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, [low, high, top, LinkAlertStatus.OPEN])
        return len({row[0] for row in cursor.fetchall()})


def link_chunk_check(*, chunk_id: int) -> int:
    """Claim one chunk (skipped if done or held by another worker), raise its alerts, mark it done:
    one transaction."""
    with transaction.atomic():
        chunk = (
            LinkChunk.objects.select_for_update(skip_locked=True)
            .filter(id=chunk_id, done_at__isnull=True)
            .select_related("run")
            .first()
        )
        if chunk is None:
            return 0
        raised = chunk_alerts_raise(low=chunk.low_id, high=chunk.high_id, top=chunk.run.to_link_id)
        chunk.done_at = timezone.now()
        chunk.alerts = raised
        chunk.save(update_fields=["done_at", "alerts"])
    link_run_finish_if_done(run_id=chunk.run_id)
    return raised


def link_run_finish_if_done(*, run_id: int) -> bool:
    with transaction.atomic():
        if LinkChunk.objects.filter(run_id=run_id, done_at__isnull=True).exists():
            return False
        raised = sum(LinkChunk.objects.filter(run_id=run_id).values_list("alerts", flat=True))
        finished = bool(
            LinkRun.objects.filter(id=run_id, finished_at__isnull=True).update(
                finished_at=timezone.now(), alerts_raised=raised
            )
        )
        if finished and raised:
            # the alerts were raised in bulk (no signals): score them into the unit's queue now, in
            # chunks on the workers, rather than at the next nightly re-score
            from django.db.models import Exists, OuterRef

            from .models import UnitQueueItem
            from .queue_tasks import queue_run_start

            unscored = LinkAlert.objects.filter(status=LinkAlertStatus.OPEN).exclude(
                Exists(UnitQueueItem.objects.filter(alert_id=OuterRef("pk")))
            )
            queue_run_start(
                reason="link alerts raised", log_ids=[], alert_ids=list(unscored.values_list("id", flat=True))
            )
        return finished


def link_run_inline(*, reason: str, chunk_links: int = CHUNK_LINKS) -> LinkRun:
    """The whole job in this process (the management command, the demo, tests): start or resume,
    then check every pending chunk here."""
    run = link_run_start(reason=reason, chunk_links=chunk_links, enqueue=False)
    for chunk_id in run.chunks.filter(done_at__isnull=True).order_by("number").values_list("id", flat=True):
        link_chunk_check(chunk_id=chunk_id)
    link_run_finish_if_done(run_id=run.id)
    run.refresh_from_db()
    return run


# ---------------------------------------------------------------- decisions


def link_alert_decide(*, actor, alert: LinkAlert, outcome: str, reason: str) -> LinkAlertDecision:
    """Record the unit's decision on an open alert (actioned, or no further action) with reasons."""
    if outcome not in (LinkAlertStatus.ACTIONED, LinkAlertStatus.NO_FURTHER_ACTION):
        raise ValueError("outcome must be actioned or no further action")
    if not reason.strip():
        raise ValueError("give the reason for the decision")
    with transaction.atomic(), pghistory.context(user=actor.pk, reason=f"link alert decision: {outcome}"):
        if not LinkAlert.objects.filter(pk=alert.pk, status=LinkAlertStatus.OPEN).update(status=outcome):
            raise ValueError("this alert has already been decided")
        decision = LinkAlertDecision.objects.create(
            alert=alert, outcome=outcome, reason=reason.strip(), decided_by=actor
        )
    alert.status = outcome
    return decision
