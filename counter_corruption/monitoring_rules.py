"""Resolution of audit events to known people, the rules, and the alerts they raise.

Contract with the import (counter_corruption.monitoring_import): when every chunk of an import is
stored, the import calls ``rules_run_start(audit_import_id=...)``, which creates a RulesRun over
the import's stored event rows (chunked by partition month and row-id range) and enqueues its
chunks; the import's status goes to "resolving" until the run finishes, then "complete".

How it stays fast: nothing loops over all events in Python. The run's start writes the people the
force knows (workforce, searchers' homes, declared and linked associations, complainants in the
searchers' own conduct matters, the watch list) with their normalised keys into a small UNLOGGED
table; each chunk joins its events to it in SQL on the surname key, the forename's nickname group
(or initial) and a cheap date-of-birth block, and only the few candidate pairs whose date of birth
is not exact are confirmed in Python with the screening work's date-of-birth scoring. The
period-wide rules (repeats, peer volume) are GROUP BY queries at the run's finish.

How benign coincidences are kept down (docs/monitoring/rules.md): a name alone never matches
(forename group and date of birth must agree where both are known; family needs the home
postcode); a colleague searched under a job the colleague also worked on is not a match; an event
whose occurrence other officers also used is weak (strength 0.3): it raises no alert, it only
joins one that stronger events raised (and lowers its score)."""

from __future__ import annotations

import io
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import pghistory
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from vetting.matching import _dob as dob_score
from vetting.names import _equivalents

from .links_resolve import canonical_forename
from .models import EntityLink
from .models.monitoring import (
    AlertEvent,
    AlertStatus,
    AuditImport,
    EventMatch,
    ImportStatus,
    MonitoringAlert,
    MonitoringRule,
    RulesChunk,
    RulesRun,
    WatchListEntry,
)
from .monitoring_keys import EVENTS_TABLE, forename_key, month_of, next_month, partitions, postcode_key, surname_key

log = logging.getLogger(__name__)

KNOWN = "counter_corruption_monknown"
NICK = "counter_corruption_monnick"
CHUNK_IDS = 50_000
WEAK = 0.3  # an occurrence other officers also used: a real shared job
OWN_OCCURRENCE = 0.7  # an occurrence nobody else used
REASON_ONLY = 0.8  # no occurrence, but a reason typed
STRONG_ENOUGH = 0.5  # an alert is raised only by an event this strong; weaker ones only join it
JOIN_FLOOR = 0.25  # weaker still (a slip or a bare name on a shared job): not even joined
DOB_SAME_PERSON = 0.65  # transposed, one digit, a year out (vetting.matching scores)
UNTIED = 0.45  # a date of birth slip, or none, with nothing else tying the person: weak
NIGHT_HOURS = (23, 0, 1, 2, 3, 4, 5)

RULE_SENTENCES = {
    "family": "Searched a person at their own home postcode with their surname",
    "colleague": "Searched a colleague ({label}) with no job they both worked on",
    "self": "Searched their own record",
    "self_subject_complainant": "Searched {label}, complainant or victim in a conduct matter in which they are a subject",
    "association": "Searched {label}",
    "public_figure": "Searched a public figure on the watch list ({label})",
    "repeat": "Searched the same person ({label}) again and again in the month with no occurrence",
    "volume": "Far more person searches than others of the same rank and unit",
}
KIND_RULE = {
    "self": "self",
    "colleague": "colleague",
    "home": "family",
    "association": "association",
    "linked": "association",
    "complainant": "self_subject_complainant",
    "watch": "public_figure",
}


def ensure_monitoring_rules(sender=None, **kwargs) -> None:
    """post_migrate: the seeded rules (migration 0005) that are missing, never overwriting the
    unit's changes (a test database flush removes rows a data migration added)."""
    from importlib import import_module

    seeded = import_module("counter_corruption.migrations.0005_monitoring").RULES
    if MonitoringRule.objects.count() >= len(seeded):
        return
    for order, (code, label, weight, params, description) in enumerate(seeded):
        MonitoringRule.objects.get_or_create(
            code=code,
            defaults={"label": label, "weight": weight, "params": params, "description": description, "order": order},
        )


# ---------------------------------------------------------------- the run and its chunks


def rules_run_start(*, audit_import_id: int | None = None, months=None, reason: str = "import") -> RulesRun:
    """Create a rules run over an import's events (or every event of ``months``), write the known
    people it resolves to, and enqueue its chunks through the outbox. Returns the RulesRun (an
    import's existing run when it has one: calling again starts nothing)."""
    from infra.outbox import enqueue_many

    from .monitoring_rules_tasks import monitoring_rules_chunk

    wanted = {month_of(m) for m in months} if months else None
    with transaction.atomic():
        if audit_import_id:  # an import's run is made once (its last chunk may be stored twice)
            AuditImport.objects.select_for_update().filter(id=audit_import_id).first()
            earlier = RulesRun.objects.filter(audit_import_id=audit_import_id).first()
            if earlier is not None:
                return earlier
        run = RulesRun.objects.create(audit_import_id=audit_import_id, reason=reason[:200])
        chunks = []
        for month, table, attached in partitions():
            if not attached or (wanted is not None and month not in wanted):
                continue
            where, params = ("audit_import_id = %s", [audit_import_id]) if audit_import_id else ("TRUE", [])
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT min(id), max(id) FROM {table} WHERE {where} GROUP BY id / %s ORDER BY 1",
                    [*params, CHUNK_IDS],
                )
                for low, high in cursor.fetchall():
                    chunks.append(RulesChunk(run=run, number=len(chunks) + 1, month=month, low_id=low, high_id=high))
        RulesChunk.objects.bulk_create(chunks)
        run.chunks_total = len(chunks)
        run.save(update_fields=["chunks_total"])
        _known_people_write(run)
        now = timezone.now()
        RulesChunk.objects.filter(run=run).update(enqueued_at=now)
        enqueue_many(monitoring_rules_chunk, [(chunk.id,) for chunk in chunks])
        if not chunks:
            transaction.on_commit(lambda: rules_run_finish(run.id))
    return run


def rules_run_to_completion(run: RulesRun) -> RulesRun:
    """Every chunk of the run and its finish, in this process (command line, tests, benchmarks)."""
    for chunk_id in RulesChunk.objects.filter(run=run, done_at__isnull=True).values_list("id", flat=True):
        rules_chunk_run(chunk_id)
    rules_run_finish(run.id)
    run.refresh_from_db()
    return run


def rules_chunk_run(chunk_id: int) -> int:
    """Resolve one chunk's events (claimed once) into EventMatch rows; finish the run after the last."""
    with transaction.atomic():
        chunk = (
            RulesChunk.objects.select_for_update(skip_locked=True)
            .select_related("run")
            .filter(id=chunk_id, done_at__isnull=True)
            .first()
        )
        if chunk is None:
            return 0
        matches = _chunk_matches(chunk)
        EventMatch.objects.bulk_create(matches, ignore_conflicts=True, batch_size=2000)
        chunk.done_at = timezone.now()
        chunk.matches = len(matches)
        chunk.save(update_fields=["done_at", "matches"])
        run_id = chunk.run_id
    if not RulesChunk.objects.filter(run_id=run_id, done_at__isnull=True).exists():
        rules_run_finish(run_id)
    return len(matches)


def rules_runs_sweep(*, stale_minutes: int = 10) -> int:
    """Chunks a dead worker left are enqueued again; a run whose chunks are all done is finished."""
    from infra.outbox import enqueue_many

    from .monitoring_rules_tasks import monitoring_rules_chunk

    stale = timezone.now() - timedelta(minutes=stale_minutes)
    count = 0
    for run_id in RulesRun.objects.filter(finished_at__isnull=True).values_list("id", flat=True):
        left = RulesChunk.objects.filter(run_id=run_id, done_at__isnull=True)
        if not left.exists():
            rules_run_finish(run_id)
            continue
        ids = list(left.filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=stale)).values_list("id", flat=True))
        if ids:
            with transaction.atomic():
                RulesChunk.objects.filter(id__in=ids).update(enqueued_at=timezone.now())
                enqueue_many(monitoring_rules_chunk, [(i,) for i in ids])
            count += len(ids)
    return count


# ---------------------------------------------------------------- known people


def _group(name: str) -> str:
    return canonical_forename(name) if name else ""


def _known_people_write(run: RulesRun) -> None:
    """Write the people this run resolves events to (one row per surname key) into the UNLOGGED
    table, and refresh the nickname-group table. ~50k workforce rows in well under a second."""
    from cases.models import Allegation
    from integrity.models import NotifiableAssociation
    from workforce.models import Person

    rows = []

    def add(kind, owner, person, ref, label, surnames, forename, dob, postcode=""):
        fkey = forename_key(forename)
        # one row for the forename's nickname group, one for its initial (an event naming "J"):
        # the chunk's join is then a plain hash join on (surname key, group)
        groups = {_group(fkey), fkey[:1]} if fkey else {""}
        for skey in {surname_key(s) for s in surnames if s} - {""}:
            for grp in groups:
                rows.append((run.id, kind, owner, person, ref, label[:300], skey, grp, fkey[:1], dob, postcode))

    for pid, public_id, sname, fnames, previous, dob, postcode in Person.objects.values_list(
        "id", "public_id", "surname", "forenames", "previous_surnames", "date_of_birth", "postcode"
    ).iterator(chunk_size=5000):
        surnames = [sname, *(previous or [])]
        label = f"{fnames.title()} {sname.title()}"
        add("workforce", None, pid, str(public_id), label, surnames, fnames, dob, postcode_key(postcode))
        pkey = postcode_key(postcode)
        if pkey:
            add("home", pid, None, "", "", surnames, "", None, pkey)
    for owner, public_id, name, dob in NotifiableAssociation.objects.values_list(
        "person_id", "public_id", "associate_name", "associate_date_of_birth"
    ):
        words = name.split()
        if len(words) >= 2:
            add("association", owner, None, str(public_id), f"declared association {name}", [words[-1]], words[0], dob)
    for owner, public_id, key, display in EntityLink.objects.filter(entity__kind="person").values_list(
        "person_id", "entity__public_id", "entity__key", "entity__display"
    ):
        sname, fname, born = (key.split("|") + ["", "", ""])[:3]
        if sname and fname:
            dob = date.fromisoformat(born) if born else None
            label = f"{display}, linked to them by the link analysis (not declared)"
            add("linked", owner, None, str(public_id), label, [sname], fname, dob)
    for owner, public_id, name in Allegation.objects.exclude(complainant_name="").values_list(
        "subject__person_id", "public_id", "complainant_name"
    ):
        words = name.split()
        if len(words) >= 2:
            add("complainant", owner, None, str(public_id), name.title(), [words[-1]], words[0], None)
    for public_id, sname, fnames, dob, postcode in WatchListEntry.objects.filter(active=True).values_list(
        "public_id", "surname", "forenames", "date_of_birth", "postcode"
    ):
        label = f"{fnames.title()} {sname.title()}"
        add("watch", None, None, str(public_id), label, [sname], fnames, dob, postcode_key(postcode))

    with connection.cursor() as cursor:
        # this run's rows, and any a finished run left (its finish deletes them; a crash may not)
        cursor.execute(
            f"DELETE FROM {KNOWN} k WHERE k.run_id = %s OR k.run_id NOT IN "
            "(SELECT id FROM counter_corruption_rulesrun WHERE finished_at IS NULL)",
            [run.id],
        )
        with cursor.copy(
            f"COPY {KNOWN} (run_id, kind, owner_id, person_id, ref, label, surname_key, grp, initial, dob, "
            "postcode_key) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(f"SELECT count(*) FROM {NICK}")
        if not cursor.fetchone()[0]:
            nick = io.StringIO()
            for name in _equivalents():
                key = forename_key(name)
                if key:
                    nick.write(f"{key}\t{_group(key)}\n")
            cursor.execute("CREATE TEMP TABLE IF NOT EXISTS _nick_in (name varchar(100), grp varchar(100))")
            with cursor.copy("COPY _nick_in FROM STDIN") as copy:
                copy.write(nick.getvalue())
            cursor.execute(
                f"INSERT INTO {NICK} SELECT DISTINCT ON (name) name, grp FROM _nick_in ON CONFLICT DO NOTHING"
            )
            cursor.execute("DROP TABLE _nick_in")
        cursor.execute(f"ANALYZE {KNOWN}")


# ---------------------------------------------------------------- a chunk's matches

_EVENTS = f"""
ev AS (
    SELECT e.id, e.occurred_at, e.searcher_id, e.surname_key, e.forename_key, e.postcode_key, e.result_dob,
           e.occurrence_ref, e.reason_text, coalesce(n.grp, e.forename_key) AS grp
    FROM {EVENTS_TABLE} e LEFT JOIN {NICK} n ON n.name = e.forename_key
    WHERE e.occurred_at >= %(lo)s AND e.occurred_at < %(hi)s AND e.id BETWEEN %(low)s AND %(high)s
      AND e.searcher_id IS NOT NULL AND e.surname_key <> '' AND {{import_filter}}
)"""

# A person: the same surname key, the same forename group (or its initial), and a date of
# birth that is the same, day/month swapped, or two of year/month/day the same (checked in Python).
_PEOPLE_SQL = """
WITH {events},
cand AS MATERIALIZED (
    SELECT ev.id, ev.occurred_at, ev.searcher_id, k.kind, k.person_id, k.ref, k.label, k.dob AS known_dob,
           ev.result_dob, ev.forename_key, ev.occurrence_ref, ev.reason_text,
           k.postcode_key <> '' AND k.postcode_key = ev.postcode_key AS at_their_home
    FROM ev JOIN {known} k ON k.run_id = %(run)s AND k.surname_key = ev.surname_key AND k.grp = ev.grp
         AND k.kind <> 'home' AND (k.owner_id IS NULL OR k.owner_id = ev.searcher_id)
         AND (k.dob IS NULL OR ev.result_dob IS NULL OR k.dob = ev.result_dob
              OR (extract(year FROM k.dob) = extract(year FROM ev.result_dob)
                  AND extract(month FROM k.dob) = extract(day FROM ev.result_dob)
                  AND extract(day FROM k.dob) = extract(month FROM ev.result_dob))
              OR ((extract(year FROM k.dob) = extract(year FROM ev.result_dob))::int
                  + (extract(month FROM k.dob) = extract(month FROM ev.result_dob))::int
                  + (extract(day FROM k.dob) = extract(day FROM ev.result_dob))::int >= 2))
    UNION ALL
    SELECT ev.id, ev.occurred_at, ev.searcher_id, 'home', NULL, '', '', NULL, ev.result_dob, ev.forename_key,
           ev.occurrence_ref, ev.reason_text, TRUE
    FROM ev JOIN {known} k ON k.run_id = %(run)s AND k.surname_key = ev.surname_key AND k.kind = 'home'
         AND k.owner_id = ev.searcher_id AND k.postcode_key = ev.postcode_key
)
SELECT c.id, c.occurred_at, c.searcher_id, c.kind, c.person_id, c.ref, c.label, c.known_dob, c.result_dob,
       length(c.forename_key) = 1, c.occurrence_ref, c.reason_text,
       shared.hit IS NOT NULL,
       c.at_their_home OR coalesce(a.unit_id = b.unit_id, FALSE),
       on_job.hit IS NOT NULL
FROM cand c
LEFT JOIN workforce_person a ON a.id = c.person_id
LEFT JOIN workforce_person b ON b.id = c.searcher_id
LEFT JOIN LATERAL (
    SELECT 1 AS hit FROM {table} x
    WHERE c.occurrence_ref <> '' AND x.occurrence_ref <> '' AND x.occurrence_ref = c.occurrence_ref
      AND x.searcher_id <> c.searcher_id LIMIT 1
) shared ON TRUE
LEFT JOIN LATERAL (
    SELECT 1 AS hit FROM {table} x
    WHERE c.person_id IS NOT NULL AND c.occurrence_ref <> '' AND x.occurrence_ref <> ''
      AND x.occurrence_ref = c.occurrence_ref AND x.searcher_id = c.person_id LIMIT 1
) on_job ON TRUE
"""


@dataclass
class _Candidate:
    event_id: int
    occurred_at: object
    searcher_id: int
    kind: str
    person_id: int | None
    ref: str
    label: str
    known_dob: date | None
    event_dob: date | None
    initial_only: bool
    occurrence_ref: str
    reason_text: str
    shared_job: bool
    tied: bool  # a workforce person: at their home postcode, or in the searcher's unit
    colleague_on_job: bool
    reasons: list = field(default_factory=list)


def _strength(c: _Candidate) -> float | None:
    """How strongly the event points at misuse (None: not the person / not misuse)."""
    untied = False
    if c.kind != "home" and c.known_dob and c.event_dob and c.known_dob != c.event_dob:
        score, text = dob_score(c.known_dob, [c.event_dob])
        if score < DOB_SAME_PERSON:
            return None
        c.reasons.append(text)
        # among the whole force or the watch list a date of birth a slip away finds namesakes by
        # the dozen: it counts only with something else tying the two (their home, the same unit)
        untied = c.kind in ("colleague", "watch") and not c.tied
    strength = 1.0
    if c.occurrence_ref:
        strength = WEAK if c.shared_job else OWN_OCCURRENCE
        c.reasons.append("an occurrence other officers also worked on" if c.shared_job else "own occurrence only")
    elif c.reason_text:
        strength = REASON_ONLY
        c.reasons.append("a reason typed, no occurrence")
    else:
        c.reasons.append("no occurrence recorded")
    if c.initial_only:
        strength *= 0.85
    if c.kind != "home" and c.known_dob and not c.event_dob:
        # a name with no date of birth, among the whole force or the watch list, is anyone's
        untied = untied or (c.kind in ("colleague", "watch") and not c.tied)
        strength *= 0.7
        c.reasons.append("no date of birth searched")
    if untied:
        strength *= UNTIED
        c.reasons.append("nothing else ties the two")
    hour = timezone.localtime(c.occurred_at).hour
    if hour in NIGHT_HOURS:
        c.reasons.append("at night")
    return round(strength, 2)


def _chunk_matches(chunk: RulesChunk) -> list[EventMatch]:
    run = chunk.run
    enabled = set(MonitoringRule.objects.filter(enabled=True).values_list("code", flat=True))
    import_filter = "e.audit_import_id = %(imp)s" if run.audit_import_id else "TRUE"
    sql = _PEOPLE_SQL.format(events=_EVENTS.format(import_filter=import_filter), table=EVENTS_TABLE, known=KNOWN)
    params = {
        "lo": chunk.month,
        "hi": next_month(chunk.month),
        "low": chunk.low_id,
        "high": chunk.high_id,
        "run": run.id,
        "imp": run.audit_import_id,
    }
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '64MB'")  # the joins' hashes and sorts stay in memory
        cursor.execute(sql, params)
        candidates = [_Candidate(*row) for row in cursor.fetchall()]

    self_events = {c.event_id for c in candidates if c.kind == "workforce" and c.person_id == c.searcher_id}
    out: dict[tuple, EventMatch] = {}
    for c in candidates:
        if c.kind == "workforce":
            if c.person_id == c.searcher_id:
                c.kind = "self"
            elif c.colleague_on_job:
                continue
            else:
                c.kind = "colleague"
        if c.kind == "home" and c.event_id in self_events:
            continue
        rule = KIND_RULE[c.kind]
        if rule not in enabled:
            continue
        strength = _strength(c)
        if strength is None:
            continue
        label = c.label or "a person at their home postcode with their surname"
        key = (c.event_id, rule, c.ref)
        if key in out:
            continue
        out[key] = EventMatch(
            run=run,
            event_row_id=c.event_id,
            occurred_at=c.occurred_at,
            month=chunk.month,
            searcher_id=c.searcher_id,
            rule_id=rule,
            matched_kind=c.kind,
            matched_label=label[:300],
            matched_ref=c.ref,
            strength=strength,
            reasons=c.reasons,
        )
    return list(out.values())


# ---------------------------------------------------------------- the run's finish


def rules_run_finish(run_id: int) -> bool:
    """Once per run (row lock): the period-wide rules, alerts upserted, the import completed."""
    with transaction.atomic(), pghistory.context(reason="Monitoring rules run"):
        run = RulesRun.objects.select_for_update().filter(id=run_id, finished_at__isnull=True).first()
        if run is None or RulesChunk.objects.filter(run=run, done_at__isnull=True).exists():
            return False
        rules = {r.code: r for r in MonitoringRule.objects.filter(enabled=True)}
        months = sorted(set(RulesChunk.objects.filter(run=run).values_list("month", flat=True)))
        volume = {}
        for month in months:
            if "repeat" in rules:
                EventMatch.objects.bulk_create(
                    _repeat_matches(run, month, rules["repeat"]), ignore_conflicts=True, batch_size=2000
                )
            if "volume" in rules:
                volume.update(_volume(month, rules["volume"]))
        raised, updated = _alerts_upsert(run, rules, volume)
        connection.cursor().execute(f"DELETE FROM {KNOWN} WHERE run_id = %s", [run.id])
        run.finished_at = timezone.now()
        run.matches = EventMatch.objects.filter(run=run).count()
        run.alerts_raised, run.alerts_updated = raised, updated
        run.save(update_fields=["finished_at", "matches", "alerts_raised", "alerts_updated"])
        if run.audit_import_id:
            AuditImport.objects.filter(id=run.audit_import_id, status=ImportStatus.RESOLVING).update(
                status=ImportStatus.COMPLETE, finished_at=timezone.now()
            )
    return True


def _repeat_matches(run: RulesRun, month: date, rule: MonitoringRule) -> list[EventMatch]:
    """The same person (record id, or surname + forename + date of birth) searched at least
    ``min_searches`` times in the month by one searcher, each with no occurrence."""
    least = int(rule.params.get("min_searches", 3))
    import_filter = "AND bool_or(audit_import_id = %(imp)s)" if run.audit_import_id else ""
    sql = f"""
        SELECT searcher_id, ident, min(label), array_agg(id), array_agg(occurred_at) FROM (
            SELECT id, occurred_at, searcher_id, audit_import_id,
                   CASE WHEN result_ref <> '' THEN 'r:' || result_ref
                        ELSE 'n:' || surname_key || '|' || forename_key || '|' || coalesce(result_dob::text, '') END AS ident,
                   initcap(result_forenames || ' ' || result_surname) AS label
            FROM {EVENTS_TABLE}
            WHERE occurred_at >= %(lo)s AND occurred_at < %(hi)s AND searcher_id IS NOT NULL
              AND occurrence_ref = '' AND surname_key <> ''
        ) x GROUP BY searcher_id, ident HAVING count(*) >= %(least)s {import_filter}
    """
    out = []
    with connection.cursor() as cursor:
        cursor.execute(sql, {"lo": month, "hi": next_month(month), "least": least, "imp": run.audit_import_id})
        for searcher_id, ident, label, ids, times in cursor.fetchall():
            for event_id, occurred_at in zip(ids, times, strict=True):
                reasons = [f"searched {len(ids)} times in the month", "no occurrence recorded"]
                out.append(
                    EventMatch(
                        run=run,
                        event_row_id=event_id,
                        occurred_at=occurred_at,
                        month=month,
                        searcher_id=searcher_id,
                        rule_id="repeat",
                        matched_kind="repeat",
                        matched_label=label.strip()[:300] or ident[2:][:300],
                        matched_ref=ident[:64],
                        strength=1.0,
                        reasons=reasons,
                    )
                )
    return out


def _volume(month: date, rule: MonitoringRule) -> dict[tuple[int, date], tuple[int, float]]:
    """(searcher, month) -> (person searches, peers' median) for searchers far above the others of
    the same rank and unit (at least three peers searching, and at least 20 searches)."""
    factor = float(rule.params.get("factor", 3.0))
    sql = f"""
        WITH c AS (
            SELECT searcher_id, count(*) AS n FROM {EVENTS_TABLE}
            WHERE occurred_at >= %(lo)s AND occurred_at < %(hi)s AND searcher_id IS NOT NULL AND surname_key <> ''
            GROUP BY searcher_id
        ), p AS (
            SELECT c.searcher_id, c.n, w.unit_id, w.rank_or_grade FROM c JOIN workforce_person w ON w.id = c.searcher_id
        ), g AS (
            SELECT unit_id, rank_or_grade, percentile_cont(0.5) WITHIN GROUP (ORDER BY n) AS median, count(*) AS peers
            FROM p GROUP BY unit_id, rank_or_grade
        )
        SELECT p.searcher_id, p.n, g.median FROM p JOIN g USING (unit_id, rank_or_grade)
        WHERE g.peers >= 4 AND p.n >= 20 AND p.n > %(factor)s * g.median
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, {"lo": month, "hi": next_month(month), "factor": factor})
        return {(s, month): (n, float(m)) for s, n, m in cursor.fetchall()}


def _alerts_upsert(run: RulesRun, rules: dict, volume: dict) -> tuple[int, int]:
    """Group the run's strong matches into one alert per searcher, rule and month: new alerts
    raised, open ones added to (score and reasons recomputed), a "no further action" one reopened,
    another decided one given the events and a reason "N events after the decision"."""
    groups: dict[tuple, list[EventMatch]] = defaultdict(list)
    for match in EventMatch.objects.filter(run=run, rule_id__in=list(rules), strength__gte=JOIN_FLOOR):
        groups[(match.searcher_id, match.rule_id, match.month)].append(match)
    weak_only = {key for key, matches in groups.items() if max(m.strength for m in matches) < STRONG_ENOUGH}
    if volume and rules["volume"].params.get("alone"):
        for searcher_id, month in volume:
            groups.setdefault((searcher_id, "volume", month), [])
    if not groups:
        return 0, 0
    existing = _alerts_locked(groups, rules)
    for key in weak_only - set(existing):  # weak events (real shared jobs) raise nothing alone
        del groups[key]
    new = [MonitoringAlert(searcher_id=s, rule_id=r, period=m) for (s, r, m) in groups if (s, r, m) not in existing]
    # another run finishing at the same time may raise the same alert: its row is then taken as is
    MonitoringAlert.objects.bulk_create(new, ignore_conflicts=True)
    alerts = _alerts_locked(groups, rules)
    after_decision = {}
    rows = []
    for key, matches in groups.items():
        alert = alerts[key]
        if alert.status == AlertStatus.NO_FURTHER_ACTION:
            alert.status = AlertStatus.OPEN
        elif alert.status != AlertStatus.OPEN and key in existing:
            after_decision[alert.id] = len(matches)
        rows += [
            AlertEvent(
                alert=alert,
                event_row_id=m.event_row_id,
                occurred_at=m.occurred_at,
                system="",
                event_id="",
                matched_kind=m.matched_kind,
                matched_label=m.matched_label,
                matched_ref=m.matched_ref,
                strength=m.strength,
                reasons=m.reasons,
            )
            for m in matches
        ]
    _fill_system_ids(rows)
    AlertEvent.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
    by_alert = defaultdict(list)
    for ae in AlertEvent.objects.filter(alert_id__in=[a.id for a in alerts.values()]):
        by_alert[ae.alert_id].append(ae)
    for key, alert in alerts.items():
        events = by_alert.get(alert.id, [])
        alert.score, alert.reasons = alert_score(rules[key[1]], events, volume.get((key[0], key[2])))
        if alert.id in after_decision:
            alert.reasons.append(f"{after_decision[alert.id]} events after the decision")
        alert.events_count = len(events)
        alert.first_event_at = min((e.occurred_at for e in events), default=None)
        alert.last_event_at = max((e.occurred_at for e in events), default=None)
    MonitoringAlert.objects.bulk_update(
        list(alerts.values()),
        ["score", "reasons", "events_count", "first_event_at", "last_event_at", "status", "updated_at"],
        batch_size=1000,
    )
    return len(new), len(existing)


def _alerts_locked(groups: dict, rules: dict) -> dict:
    """The alerts of these (searcher, rule, month) keys that exist, locked for this finish."""
    searchers = {k[0] for k in groups}
    return {
        (a.searcher_id, a.rule_id, a.period): a
        for a in MonitoringAlert.objects.select_for_update().filter(searcher_id__in=searchers, rule_id__in=list(rules))
        if (a.searcher_id, a.rule_id, a.period) in groups
    }


def _fill_system_ids(rows: list[AlertEvent]) -> None:
    if not rows:
        return
    wanted = {r.event_row_id for r in rows}
    found = {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT e.id, e.system, e.event_id FROM {EVENTS_TABLE} e JOIN unnest(%s::bigint[]) AS w(id) ON w.id = e.id",
            [list(wanted)],
        )
        found = {i: (s, e) for i, s, e in cursor.fetchall()}
    for row in rows:
        row.system, row.event_id = found.get(row.event_row_id, ("", ""))


def alert_score(rule: MonitoringRule, events: list, volume: tuple | None) -> tuple[int, list[str]]:
    """0-100 and the reasons, strongest first: the rule's weight, raised by more events, events
    with no occurrence or reason, night-time and peer volume; lowered by events on a real job."""
    n = len(events)
    no_occurrence = sum("no occurrence recorded" in e.reasons for e in events)
    night = sum("at night" in e.reasons for e in events)
    mean = sum(e.strength for e in events) / n if n else 0.5
    score = rule.weight * (0.6 + 0.4 * mean) + min(20, 5 * (n - 1)) if n else rule.weight * 0.5
    if n and no_occurrence * 2 >= n:
        score += 10
    if night:
        score += 5
    if volume:
        score += 10
    labels = sorted({e.matched_label for e in events})
    label = labels[0] if len(labels) == 1 else f"{len(labels)} people"
    sentence = RULE_SENTENCES.get(rule.code, rule.label).format(label=label)
    details = [f"{n} time{'s' if n != 1 else ''}"] if n else []
    if no_occurrence:
        details.append(
            "no occurrence recorded" if no_occurrence == n else f"{no_occurrence} with no occurrence recorded"
        )
    reasons = [f"{sentence} ({', '.join(details)})" if details else sentence]
    if volume:
        reasons.append(
            f"Far more person searches than others of the same rank and unit ({volume[0]} against a median of {volume[1]:g})"
        )
    if night:
        reasons.append(f"{night} of the searches at night (23:00-06:00)")
    weak = sum(e.strength < STRONG_ENOUGH for e in events)
    own = n - no_occurrence - weak
    if own:
        reasons.append(f"{own} with an occurrence or a reason that only they recorded")
    if weak:
        reasons.append(f"{weak} on a job other officers also worked on (weaker evidence)")
    return max(0, min(100, round(score))), reasons
