"""An independent generator of force systems' audit extracts with planted misuse, for measuring the
monitoring rules on data they were never tuned on, at scale (bench/monitoring.py) and in the demo.

Written from shared/formats/system-audit.md and the issue, not from the project's own generator:
its name tables, nicknames, distributions and ways of planting are its own.

The world (`world_create`): commands and units, a workforce with home postcodes and some previous
surnames, declared notifiable associations, conduct matters in which workforce people are subjects
with named complainants and victims, and a watch list of public figures. Each person's family are
outside people (the person's surname or a previous surname at the home postcode): they exist only
in the events, derived from the seed.

The extract (`extract_write`) reads whatever workforce the database holds (the one made here, or
the demo's) and streams the CSV with constant memory:

- background work: jobs (an occurrence reference) worked by two to five officers of one unit, each
  searching the job's people, addresses and vehicles, often more than once; quick checks with no
  occurrence (stop checks, a name given at the roadside); searches of the occurrence itself;
- realistic coincidences: very common surnames; a colleague searched on a job both worked (a
  colleague as victim or witness); namesakes of public figures born years apart; people with the
  searcher's surname at another postcode; a public figure searched on a real job (a burglary at
  their home);
- planted misuse, every kind in turn: family, a colleague with no shared job, the searcher's own
  record, a complainant or victim in the searcher's own conduct matter, a declared association, a
  public figure, and one person searched again and again with no occurrence. A quarter carry a
  name variant (a nickname, a date of birth keyed wrong, a partial query, lower case); one in six
  carries an occurrence reference no one else used (a made-up job).

The truth (planted ``system``, ``event_id``, kind, searcher) is written beside the CSV.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from counter_corruption.monitoring_keys import postcode_key, surname_key

from .monitoring_import import OPTIONAL, REQUIRED

HEADER = REQUIRED + OPTIONAL  # the format's columns, in its order (shared/formats/system-audit.md)
TRUTH_HEADER = ["system", "event_id", "kind", "staff_number"]
KINDS = ("family", "colleague", "self", "self_subject_complainant", "association", "public_figure", "repeat")
LONDON = ZoneInfo("Europe/London")

# ---------------------------------------------------------------- this generator's own tables

# Surnames with a steep (Zipf-like) frequency: the first few are very common, as in England.
SURNAME_TABLE = (
    "SMITH JONES TAYLOR BROWN WILLIAMS WILSON JOHNSON DAVIES PATEL WRIGHT ROBINSON WOOD THOMPSON EVANS HUGHES "
    "KHAN WALKER GREEN EDWARDS ALI HALL LEWIS CLARK ROBERTS KING TURNER HILL SCOTT JACKSON MOORE COOPER WARD "
    "MORRIS HARRIS WATSON YOUNG BAKER ALLEN BELL PRICE PARKER LEE HUSSAIN AHMED SINGH KAUR BEGUM CAMPBELL "
    "MURRAY KELLY MURPHY BOYLE DOHERTY REID STEWART HOLT FENWICK ASPINALL CROSSLEY DRINKWATER HEPWORTH "
    "LOCKWOOD MOSSOP NETTLETON OLDROYD PILLING RAMSBOTTOM SUGDEN THWAITE UTTLEY VARLEY WHITWORTH YEADON "
    "ABIODUN BANJO DANQUAH EKWUEME FASHOLA GYAMFI IHEANACHO KUFFOUR LAWAL MBEKI NDIAYE OYELARAN "
    "BHATTI CHAUDHARY DESAI GILANI HAFEEZ JOSHI KAPOOR LALL MALIK NAQVI PARMAR RANA SETHI THAKKAR "
    "BARANOWSKI CZARNECKI DUDEK GÓRSKI JASIŃSKI KACZMAREK LIS MAJEWSKI PAWLAK RUTKOWSKI SOKOŁOWSKI "
    "ÓLAFSSON O'ROURKE MCALINDEN FFRENCH HOANG TRUONG "
    "ZHOU QIAN KIM PARK SATO TANAKA ABERNETHY BLACKWOOD CARMICHAEL DUNWOODY ELPHINSTONE FAIRBAIRN"
).split()
SURNAME_TABLE += ["ST JOHN", "DE SOUZA", "VAN DER BERG", "NÍ BHRIAIN", "BHRIAIN-KELLY"]
SURNAME_WEIGHTS = [1.0 / (rank + 1) ** 0.9 for rank in range(len(SURNAME_TABLE))]

FORENAME_TABLE_M = (
    "OLIVER HARRY GEORGE NOAH JACK LEO ARTHUR MUHAMMAD OSCAR CHARLIE FREDDIE ALFIE THEO ARCHIE JOSHUA "
    "REUBEN TOBIAS LEWIS KIERAN DOMINIC PATRICK STANLEY VINCENT WALTER CYRIL ROLAND ERNEST NIGEL GRAHAM "
    "KEITH TREVOR ROY BRIAN COLIN MALCOLM BARNABY OBINNA FEMI KOJO TARIQ ZAHID ARJUN NIKHIL MAREK BOGDAN"
).split()
FORENAME_TABLE_F = (
    "OLIVIA AMELIA ISLA AVA IVY FREYA LILY FLORENCE MIA WILLOW ROSIE SOPHIA EVELYN PHOEBE HARRIET "
    "BEATRICE IMOGEN MATILDA LYDIA HAZEL JOAN BRENDA SHEILA MAUREEN PAULINE DENISE TRACEY LORRAINE "
    "YVONNE JOANNE ADAEZE FOLAKE AMA SADIA RUKHSANA PRIYANKA NEHA ZOFIA HALINA MARGARET ELIZABETH"
).split()
# Nicknames this generator's searchers type (its own table).
NICKNAMES = {
    "OLIVER": "OLLIE",
    "HARRY": "HAL",
    "GEORGE": "GEORDIE",
    "JACK": "JACKIE",
    "ARTHUR": "ART",
    "MUHAMMAD": "MO",
    "CHARLIE": "CHAS",
    "FREDDIE": "FRED",
    "ALFIE": "ALF",
    "THEO": "TED",
    "JOSHUA": "JOSH",
    "TOBIAS": "TOBY",
    "DOMINIC": "DOM",
    "PATRICK": "PADDY",
    "STANLEY": "STAN",
    "VINCENT": "VINCE",
    "WALTER": "WALLY",
    "BARNABY": "BARNEY",
    "OBINNA": "OBI",
    "OLIVIA": "LIVVY",
    "AMELIA": "MILLIE",
    "FLORENCE": "FLO",
    "SOPHIA": "SOPHIE",
    "EVELYN": "EVIE",
    "HARRIET": "HATTIE",
    "BEATRICE": "BEA",
    "IMOGEN": "IMMY",
    "MATILDA": "TILLY",
    "MARGARET": "MAGS",
    "ELIZABETH": "LIBBY",
    "JOANNE": "JO",
    "PRIYANKA": "PRIYA",
    "LORRAINE": "RAINY",
}
# Postcode areas this generator's people live in.
AREAS = "AL BN CM CT GU HP LU ME MK RG RH SG SL SS TN WD".split()
STREETS = "MILL LANE,CHURCH ROAD,STATION ROAD,THE GREEN,PARK AVENUE,KINGS WAY,ORCHARD CLOSE,VICTORIA STREET".split(",")
COMMAND_UNITS = {
    "Response and Patrol": ["North Response", "South Response", "East Response", "West Response", "Night Turn"],
    "Neighbourhoods": ["Town Centre Team", "Rural Team", "Harbour Team", "Estates Team"],
    "Investigations": ["CID North", "CID South", "Domestic Abuse Unit", "Fraud Squad", "Major Crime"],
    "Operations Support": ["Roads Policing", "Firearms", "Dogs", "Custody Suite"],
    "Contact Management": ["Control Room", "Enquiry Office", "Records Bureau"],
    "Business Services": ["People Services", "Finance Office", "Estates and Fleet", "Information Management"],
}
RANKS = [("PC", 55), ("DC", 10), ("PS", 12), ("DS", 4), ("INSP", 4), ("CI", 1), ("STAFF", 14)]
SYSTEMS = [("PND", 30), ("RMS", 30), ("CAD", 14), ("INTEL", 10), ("CUSTODY", 8), ("ANPR", 8)]
ACTIONS = [("search", 66), ("view", 28), ("print", 4), ("export", 2)]
WATCH_CATEGORIES = ["politician", "footballer", "broadcaster", "musician", "soap actor", "reality star", "peer"]
QUICK_REASONS = ["", "", "", "stop check", "name given at roadside", "welfare check", "checking a caller"]


def _weighted(pairs):
    values, weights = zip(*pairs)
    total = sum(weights)
    return list(values), [w / total for w in weights]


def _choice_table(pairs, size: int = 1000) -> list:
    """A list of ``size`` values in their weights' proportions: one randrange picks one."""
    values, weights = _weighted(pairs)
    table = []
    for value, weight in zip(values, weights):
        table += [value] * max(1, round(weight * size))
    return table


SYSTEM_TABLE = _choice_table(SYSTEMS)
ACTION_TABLE = _choice_table(ACTIONS)
SURNAME_DRAW = _choice_table(list(zip(SURNAME_TABLE, SURNAME_WEIGHTS)), size=4000)


def _postcode(rng: random.Random) -> str:
    return (
        f"{rng.choice(AREAS)}{rng.randint(1, 19)} {rng.randint(0, 9)}"
        f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
    )


def _forenames(rng: random.Random, female: bool) -> str:
    first = rng.choice(FORENAME_TABLE_F if female else FORENAME_TABLE_M)
    if rng.random() < 0.3:
        return f"{first} {rng.choice(FORENAME_TABLE_F if female else FORENAME_TABLE_M)}"
    return first


def _dob(rng: random.Random, youngest: int = 18, oldest: int = 80, today: date = date(2026, 11, 1)) -> date:
    return today - timedelta(days=rng.randint(youngest * 365, oldest * 365))


# ---------------------------------------------------------------- the world


def world_create(*, seed: int, people: int, prefix: str = "LBM", watch_list: int = 40) -> dict:
    """Bulk-create the world described in the module docstring; returns counts. Staff numbers are
    ``prefix`` + a number, so worlds of different prefixes can live side by side."""
    import pghistory
    from django.db import transaction

    from cases.models import Allegation, AllegationCategory, Case, CaseSubject
    from counter_corruption.models import WatchListEntry
    from integrity.models import NotifiableAssociation
    from workforce.models import OrgUnit, Person

    rng = random.Random(f"world-{seed}")
    with transaction.atomic(), pghistory.context(reason="synthetic monitoring world"):
        units = []
        for command_name, unit_names in COMMAND_UNITS.items():
            command = OrgUnit.objects.create(name=f"{command_name} ({prefix})", kind="command")
            units += OrgUnit.objects.bulk_create(
                [OrgUnit(name=f"{name} ({prefix})", kind="unit", parent=command) for name in unit_names]
            )
        rank_table = _choice_table(RANKS)
        batch = []
        for n in range(people):
            female = rng.random() < 0.42
            unit = units[rng.randrange(len(units))]
            rank = rank_table[rng.randrange(len(rank_table))]
            previous = [SURNAME_DRAW[rng.randrange(len(SURNAME_DRAW))]] if female and rng.random() < 0.2 else []
            batch.append(
                Person(
                    staff_number=f"{prefix}{n + 1:06d}",
                    person_type="staff" if rank == "STAFF" else "officer",
                    surname=SURNAME_DRAW[rng.randrange(len(SURNAME_DRAW))],
                    forenames=_forenames(rng, female),
                    previous_surnames=previous,
                    date_of_birth=_dob(rng, 19, 63),
                    gender="F" if female else "M",
                    rank_or_grade="D" if rank == "STAFF" else rank,
                    command_id=unit.parent_id,
                    unit=unit,
                    start_date=date(2000, 1, 1) + timedelta(days=rng.randrange(9000)),
                    postcode=_postcode(rng),
                )
            )
        Person.objects.bulk_create(batch, batch_size=5000)
        workforce = list(Person.objects.filter(staff_number__startswith=prefix).order_by("id"))

        associations = []
        for person in rng.sample(workforce, max(1, people // 60)):
            surname = SURNAME_DRAW[rng.randrange(len(SURNAME_DRAW))]
            associations.append(
                NotifiableAssociation(
                    person=person,
                    declared_on=date(2025, 1, 1) + timedelta(days=rng.randrange(600)),
                    status="decided",
                    decision="accepted",
                    associate_name=f"{_forenames(rng, rng.random() < 0.5).title()} {surname.title()}",
                    associate_date_of_birth=_dob(rng, 20, 70),
                    associate_address=f"{rng.randint(1, 140)} {rng.choice(STREETS).title()}, {_postcode(rng)}",
                    relationship=rng.choice(["friend", "family", "partner", "business", "neighbour"]),
                    how_known="Known for many years (synthetic)",
                    their_record="Convictions for dishonesty (synthetic)",
                )
            )
        NotifiableAssociation.objects.bulk_create(associations, batch_size=2000)

        category = AllegationCategory.objects.filter(active=True).order_by("code").first()
        subjects = rng.sample(workforce, max(1, people // 80))
        cases = Case.objects.bulk_create(
            [
                Case(
                    reference=f"{prefix}-CM-{n + 1:05d}",
                    summary="Synthetic conduct matter",
                    received_date=date(2026, 1, 1) + timedelta(days=rng.randrange(280)),
                )
                for n in range(len(subjects))
            ],
            batch_size=2000,
        )
        case_subjects = CaseSubject.objects.bulk_create(
            [CaseSubject(case=case, person=person, stage="assessed") for case, person in zip(cases, subjects)],
            batch_size=2000,
        )
        allegations = []
        for case, subject in zip(cases, case_subjects):
            for _ in range(rng.choice([1, 1, 2])):
                female = rng.random() < 0.5
                allegations.append(
                    Allegation(
                        case=case,
                        subject=subject,
                        category=category,
                        description="Synthetic allegation",
                        complainant_name=f"{_forenames(rng, female).split()[0].title()} "
                        f"{SURNAME_DRAW[rng.randrange(len(SURNAME_DRAW))].title()}",
                    )
                )
        Allegation.objects.bulk_create(allegations, batch_size=2000)

        entries = []
        for n in range(watch_list):
            female = rng.random() < 0.45
            entries.append(
                WatchListEntry(
                    surname=SURNAME_DRAW[rng.randrange(len(SURNAME_DRAW))],
                    forenames=_forenames(rng, female).split()[0],
                    date_of_birth=_dob(rng, 22, 75),
                    postcode=_postcode(rng),
                    category=WATCH_CATEGORIES[n % len(WATCH_CATEGORIES)],
                    note="Synthetic public figure",
                )
            )
        WatchListEntry.objects.bulk_create(entries)
    return {
        "people": len(workforce),
        "associations": len(associations),
        "conduct_matters": len(cases),
        "complainants": len(allegations),
        "watch_list": len(entries),
    }


# ---------------------------------------------------------------- what the extract reads


@dataclass
class Known:
    """The people the force knows, read from the database: what planting aims at and what the
    background must not hit by accident."""

    # (staff_number, surname, forenames, previous surnames, dob, postcode, unit id)
    workforce: list[tuple]
    associations: list[tuple]  # (staff_number, surname, forenames, dob or None, postcode)
    complainants: list[tuple]  # (staff_number of the subject, surname, forenames)
    watch: list[tuple]  # (surname, forenames, dob or None, postcode)
    by_unit: dict = field(default_factory=dict)


def _split_name(full: str) -> tuple[str, str]:
    parts = full.split()
    if len(parts) < 2:
        return (parts[0] if parts else "", "")
    return parts[-1], " ".join(parts[:-1])


def _postcode_in(text: str) -> str:
    tail = text.rsplit(",", 1)[-1].strip()
    return tail if 5 <= len(tail) <= 8 else ""


def known_load(*, staff_numbers: list[str] | None = None) -> Known:
    """The workforce (serving people; ``staff_numbers`` to narrow it) and its associations,
    complainants and the watch list."""
    from cases.models import Allegation
    from counter_corruption.models import WatchListEntry
    from integrity.models import NotifiableAssociation
    from workforce.models import Person

    people = Person.objects.filter(is_leaver=False).order_by("id")
    if staff_numbers is not None:
        people = people.filter(staff_number__in=staff_numbers)
    workforce = [
        (s, sn, fn, tuple(prev or ()), dob.isoformat(), pc, unit)
        for s, sn, fn, prev, dob, pc, unit in people.values_list(
            "staff_number", "surname", "forenames", "previous_surnames", "date_of_birth", "postcode", "unit_id"
        )
    ]
    associations = []
    for staff, name, dob, address in NotifiableAssociation.objects.filter(person__is_leaver=False).values_list(
        "person__staff_number", "associate_name", "associate_date_of_birth", "associate_address"
    ):
        surname, forenames = _split_name(name)
        associations.append((staff, surname, forenames, dob.isoformat() if dob else "", _postcode_in(address)))
    complainants = []
    for staff, name in (
        Allegation.objects.exclude(complainant_name="")
        .filter(subject__person__is_leaver=False)
        .values_list("subject__person__staff_number", "complainant_name")
    ):
        surname, forenames = _split_name(name)
        if surname and forenames:
            complainants.append((staff, surname, forenames))
    watch = [
        (sn, fn, dob.isoformat() if dob else "", pc)
        for sn, fn, dob, pc in WatchListEntry.objects.filter(active=True).values_list(
            "surname", "forenames", "date_of_birth", "postcode"
        )
    ]
    known = Known(workforce=workforce, associations=associations, complainants=complainants, watch=watch)
    for index, person in enumerate(workforce):
        known.by_unit.setdefault(person[6], []).append(index)
    return known


# ---------------------------------------------------------------- the extract


def _days(start: date, end: date) -> list[tuple[str, str]]:
    """(date, UTC offset as written) for each day: Europe/London's offset at noon."""
    out = []
    day = start
    while day <= end:
        offset = datetime.combine(day, time(12), LONDON).strftime("%z")
        out.append((day.isoformat(), f"{offset[:3]}:{offset[3:]}"))
        day += timedelta(days=1)
    return out


def _dob_slip(rng: random.Random, dob: str) -> str:
    """A date of birth keyed wrong: day and month swapped, a digit one out, or the year one out."""
    y, m, d = int(dob[:4]), int(dob[5:7]), int(dob[8:10])
    for candidate in (
        (y, d, m),
        (y, m, d + 1 if d < 28 else d - 1),
        (y + 1, m, d),
        (y, m, d - 10 if d > 10 else d + 10),
    ):
        if rng.random() < 0.5:
            continue
        try:
            slipped = date(*candidate).isoformat()
        except ValueError:
            continue
        if slipped != dob:
            return slipped
    return dob


class _Writer:
    """Rows buffered and written in batches; event ids numbered from the seed."""

    def __init__(self, out, truth_out, seed: int, batch: int = 20_000):
        self.out = csv.writer(out, lineterminator="\n")
        self.truth = csv.writer(truth_out, lineterminator="\n")
        self.out.writerow(HEADER)
        self.truth.writerow(TRUTH_HEADER)
        self.rows: list[list] = []
        self.batch = batch
        self.count = 0
        self.planted = 0
        self.prefix = f"S{seed:x}-"

    def row(self, system, when, staff, action, qtype, qtext, sn, fn, dob, pc, ref, occ, reason, kind=None):
        event_id = f"{self.prefix}{self.count:09d}"
        self.count += 1
        self.rows.append([system, event_id, when, staff, action, qtype, qtext, sn, fn, dob, pc, ref, occ, reason])
        if kind:
            self.truth.writerow([system, event_id, kind, staff])
            self.planted += 1
        if len(self.rows) >= self.batch:
            self.flush()

    def flush(self):
        self.out.writerows(self.rows)
        self.rows.clear()


def _outsiders(rng: random.Random, count: int, known: Known) -> list[tuple]:
    """Outside people for the background, none of them anyone the force knows: not a colleague's
    surname with their date of birth, not a family's surname at their home postcode, not an
    associate, complainant or public figure."""
    taken_dob = {(surname_key(p[1]), p[4]) for p in known.workforce}
    taken_dob |= {(surname_key(a[1]), a[3]) for a in known.associations}
    taken_dob |= {(surname_key(w[0]), w[2]) for w in known.watch}
    taken_home = {(surname_key(s), postcode_key(p[5])) for p in known.workforce for s in (p[1], *p[3])}
    taken_home |= {(surname_key(a[1]), postcode_key(a[4])) for a in known.associations}
    taken_name = {(surname_key(c[1]), c[2].split()[0].upper()) for c in known.complainants}
    taken_name |= {(surname_key(w[0]), w[1].split()[0].upper()) for w in known.watch if w[1]}
    out = []
    rand = rng.random
    keys = {surname: surname_key(surname) for surname in SURNAME_DRAW}
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    oldest = date(2026, 11, 1).toordinal() - 85 * 365
    while len(out) < count:
        surname = SURNAME_DRAW[int(rand() * len(SURNAME_DRAW))]
        table = FORENAME_TABLE_F if rand() < 0.5 else FORENAME_TABLE_M
        forenames = table[int(rand() * len(table))]
        if rand() < 0.3:
            forenames = f"{forenames} {table[int(rand() * len(table))]}"
        dob = date.fromordinal(oldest + int(rand() * 75 * 365)).isoformat()
        outward = f"{AREAS[int(rand() * len(AREAS))]}{1 + int(rand() * 19)}"
        inward = f"{int(rand() * 10)}{letters[int(rand() * 20)]}{letters[int(rand() * 20)]}"
        key = keys[surname]
        if (key, dob) in taken_dob or (key, outward + inward) in taken_home:
            continue
        if (key, forenames.split()[0]) in taken_name:
            continue
        out.append(_queried(rng, (surname, forenames, dob, f"{outward} {inward}", f"P{len(out):07d}")))
    return out


def _person_query(rng: random.Random, sn: str, fn: str, dob: str) -> str:
    """What a searcher types for a person: surname and forename, an initial and a star, or a date."""
    r = rng.random()
    if r < 0.5:
        return f"{sn} {fn.split()[0] if fn else ''}".strip()
    if r < 0.75:
        return f"{sn} {fn[:1]}*"
    if r < 0.9:
        return f"{sn} {dob}"
    return sn


def _queried(rng: random.Random, person: tuple) -> tuple:
    return (*person, _person_query(rng, person[0], person[1], person[2]))


def _plate(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNOPRSTUVWXY"
    return (
        f"{rng.choice(letters)}{rng.choice(letters)}{rng.randint(10, 75)} "
        f"{rng.choice(letters)}{rng.choice(letters)}{rng.choice(letters)}"
    )


def extract_write(
    path,
    *,
    seed: int,
    events: int,
    months: int = 1,
    end: date | None = None,
    misuse_share: float = 0.002,
    known: Known | None = None,
    planted_searchers: list[str] | None = None,
) -> dict:
    """Stream an extract of about ``events`` rows to ``path`` (the truth to ``<path>.truth.csv``)
    over the ``months`` months ending on ``end``, for the workforce in the database (or
    ``known``). ``planted_searchers``: staff numbers to plant misuse for first (the demo's).
    Returns counts: events, planted, by kind."""
    rng = random.Random(f"extract-{seed}")
    known = known or known_load()
    if len(known.workforce) < 10:
        raise ValueError("The extract needs a workforce of at least 10 people in the database.")
    end = end or date(2026, 11, 30)
    start = date(end.year, end.month, 1)
    for _ in range(max(1, months) - 1):
        start = (start - timedelta(days=1)).replace(day=1)
    days = _days(start, end)
    outsiders = _outsiders(rng, max(5000, min(100_000, len(known.workforce) * 2)), known)
    workforce = known.workforce
    unit_ids = list(known.by_unit)
    staff_index = {p[0]: i for i, p in enumerate(workforce)}
    complainants_of = {}
    for c in known.complainants:
        complainants_of.setdefault(c[0], []).append(c)
    associations = [a for a in known.associations if a[0] in staff_index]
    subjects = [s for s in complainants_of if s in staff_index]
    favoured = [s for s in (planted_searchers or []) if s in staff_index]
    path = Path(path)
    truth_path = path.with_name(path.name + ".truth.csv")
    by_kind = dict.fromkeys(KINDS, 0)
    coincidences = dict.fromkeys(["colleague_on_job", "public_figure_on_job", "namesake", "same_surname"], 0)
    rand = rng.random

    def pick(n: int) -> int:  # randrange's checks cost more than the row itself
        return int(rand() * n)

    # clock times, most by day and some at night, drawn once
    clock = [
        f"{(7 + int(rng.random() * 16)) if rng.random() < 0.85 else int(rng.random() * 7):02d}:"
        f"{int(rng.random() * 60):02d}:{int(rng.random() * 60):02d}"
        for _ in range(4096)
    ]
    day_prefix = [(f"{d}T", offset) for d, offset in days]
    n_days, n_out, n_work = len(days), len(outsiders), len(workforce)
    kind_turn = 0
    occurrence_no = 0

    def when(day: int | None = None) -> str:
        d, offset = day_prefix[pick(n_days) if day is None else day]
        return f"{d}{clock[int(rand() * 4096)]}{offset}"

    with path.open("w", newline="", encoding="utf-8") as out, truth_path.open("w", newline="") as truth_out:
        w = _Writer(out, truth_out, seed)
        while w.count < events:
            r = rand()
            if r < misuse_share * 3.2:
                # planted: one episode of the next kind in turn (an episode is ~3 events on average)
                kind = KINDS[kind_turn % len(KINDS)]
                kind_turn += 1
                if _plant(rng, w, kind, workforce, favoured, subjects, complainants_of, associations, known, outsiders,
                          unit_ids, staff_index, when, days):  # fmt: skip
                    by_kind[kind] += 1
                continue
            system = SYSTEM_TABLE[pick(1000)]
            if r < 0.4:
                # a quick check with no occurrence
                staff = workforce[pick(n_work)][0]
                sn, fn, dob, pc, ref, query = outsiders[pick(n_out)]
                w.row(system, when(), staff, ACTION_TABLE[pick(1000)], "person", query,
                      sn, fn, dob, pc, ref, "", QUICK_REASONS[pick(len(QUICK_REASONS))])  # fmt: skip
                continue
            # a job: two to five officers of one unit, the job's people, an address, a vehicle
            occurrence_no += 1
            occ = f"{'CAD' if rand() < 0.5 else 'CRI'}/{seed % 100:02d}/{occurrence_no:07d}"
            members = known.by_unit[unit_ids[pick(len(unit_ids))]]
            officers = [workforce[members[pick(len(members))]] for _ in range(2 + pick(4))]
            day = pick(n_days)
            subjects_of_job = [outsiders[pick(n_out)] for _ in range(1 + pick(3))]
            twist = rand()
            if twist < 0.03 and len(officers) > 1:
                # a colleague on the job is the victim or a witness: the others look them up
                c = officers[-1]
                subjects_of_job.append(_queried(rng, (c[1], c[2], c[4], c[5], f"PW{staff_index[c[0]]:06d}")))
                coincidences["colleague_on_job"] += 1
            elif twist < 0.08 and known.watch:
                # a namesake of a public figure, born years apart
                fig = known.watch[pick(len(known.watch))]
                other = (date.fromisoformat(fig[2]) if fig[2] else date(1980, 1, 1)) + timedelta(
                    days=1500 + pick(7500) * (1 if rand() < 0.5 else -1)
                )
                subjects_of_job.append(
                    _queried(rng, (fig[0], fig[1], other.isoformat(), _postcode(rng), f"PN{occurrence_no:07d}"))
                )
                coincidences["namesake"] += 1
            elif twist < 0.13:
                # someone with the searcher's surname at another postcode
                o = outsiders[pick(n_out)]
                subjects_of_job.append(_queried(rng, (officers[0][1], o[1], o[2], o[3], f"PS{occurrence_no:07d}")))
                coincidences["same_surname"] += 1
            elif twist < 0.1305 and known.watch:
                # a public figure's home burgled: a real job, several officers, the occurrence recorded
                fig = known.watch[pick(len(known.watch))]
                subjects_of_job.append(_queried(rng, (fig[0], fig[1], fig[2], fig[3], f"PF{occurrence_no:07d}")))
                coincidences["public_figure_on_job"] += 1
            address = outsiders[pick(n_out)]
            plate = _plate(rng)
            for officer in officers:
                staff = officer[0]
                w.row(system, when(day), staff, "view", "occurrence", occ, "", "", "", "", occ, occ, "")
                for _ in range(1 + pick(3)):
                    q = rand()
                    action = ACTION_TABLE[pick(1000)]
                    if q < 0.7:
                        sn, fn, dob, pc, ref, query = subjects_of_job[pick(len(subjects_of_job))]
                        if ref == f"PW{staff_index[staff]:06d}":
                            continue  # the colleague on the job does not search themself
                        w.row(system, when(day), staff, action, "person", query, sn, fn, dob, pc, ref, occ,
                              "")  # fmt: skip
                    elif q < 0.85:
                        w.row(system, when(day), staff, action, "address",
                              f"{1 + pick(139)} {STREETS[pick(len(STREETS))]}", "", "", "", address[3],
                              f"A{address[4][1:]}", occ, "")  # fmt: skip
                    else:
                        sn, fn, dob, pc, ref, _ = subjects_of_job[0]
                        w.row("ANPR" if rand() < 0.5 else "PND", when(day), staff, action, "vehicle", plate, sn, fn,
                              dob, pc, f"V{plate.replace(' ', '')}", occ, "")  # fmt: skip
        w.flush()
    return {
        "events": w.count,
        "planted": w.planted,
        "episodes": by_kind,
        "coincidences": coincidences,
        "truth": str(truth_path),
        "first_day": days[0][0],
        "last_day": days[-1][0],
    }


def _variant(rng: random.Random, sn: str, fn: str, dob: str) -> tuple[str, str, str]:
    """A name as a searcher might type or a system hold it: a nickname, a date keyed wrong, lower case."""
    r = rng.random()
    first = fn.split()[0] if fn else fn
    if r < 0.35 and first.upper() in NICKNAMES:
        return sn, NICKNAMES[first.upper()], dob
    if r < 0.6 and dob:
        return sn, fn, _dob_slip(rng, dob)
    if r < 0.8:
        return sn.title(), fn.title(), dob
    return sn, first, dob  # middle names dropped


def _plant(rng, w, kind, workforce, favoured, subjects, complainants_of, associations, known, outsiders, unit_ids,
           staff_index, when, days) -> bool:  # fmt: skip
    """One planted episode of ``kind``; False when the world has nothing of that kind."""
    pick_staff = (lambda: favoured[rng.randrange(len(favoured))]) if favoured and rng.random() < 0.3 else None
    if kind == "self_subject_complainant":
        if not subjects:
            return False
        staff = subjects[rng.randrange(len(subjects))]
        c = rng.choice(complainants_of[staff])
        targets = [(c[1], c[2], _dob(rng, 18, 80).isoformat(), _postcode(rng), f"PC{rng.randrange(10**7):07d}")]
    elif kind == "association":
        if not associations:
            return False
        a = associations[rng.randrange(len(associations))]
        staff = a[0]
        targets = [(a[1], a[2], a[3], a[4], f"PA{rng.randrange(10**7):07d}")]
    elif kind == "public_figure":
        if not known.watch:
            return False
        staff = pick_staff() if pick_staff else workforce[rng.randrange(len(workforce))][0]
        f = known.watch[rng.randrange(len(known.watch))]
        targets = [(f[0], f[1], f[2], f[3], f"PF{rng.randrange(10**7):07d}")]
    else:
        if pick_staff:
            index_of = staff_index[pick_staff()]
        else:
            index_of = rng.randrange(len(workforce))
        me = workforce[index_of]
        staff = me[0]
        if kind == "family":
            surname = rng.choice(me[3]) if me[3] and rng.random() < 0.5 else me[1]
            female = rng.random() < 0.5
            relative = (surname, _forenames(rng, female), _dob(rng, 5, 85).isoformat(), me[5])
            targets = [(*relative, f"PR{rng.randrange(10**7):07d}")]
        elif kind == "colleague":
            others = [u for u in unit_ids if u != me[6]] or unit_ids
            members = known.by_unit[rng.choice(others)]
            c = workforce[rng.choice(members)]
            if c[0] == staff:
                return False
            targets = [(c[1], c[2], c[4], c[5], f"PW{staff_index[c[0]]:06d}")]
        elif kind == "self":
            targets = [(me[1], me[2], me[4], me[5], f"PW{index_of:06d}")]
        else:  # repeat: one outside person, again and again, in one month
            targets = [outsiders[rng.randrange(len(outsiders))][:5]]
    searches = rng.randint(3, 6) if kind == "repeat" else rng.choice([1, 1, 2, 3])
    # one month for the whole episode (a repeat counts within a month)
    month_start = rng.randrange(len(days))
    month_days = [i for i in range(len(days)) if days[i][0][:7] == days[month_start][0][:7]]
    made_up_job = (
        f"CRI/{rng.randrange(100):02d}/9{rng.randrange(10**6):06d}" if kind != "repeat" and rng.random() < 1 / 6 else ""
    )
    for _ in range(searches):
        sn, fn, dob, pc, ref = targets[0]
        if rng.random() < 0.25:
            sn, fn, dob = _variant(rng, sn, fn, dob)
        if rng.random() < 0.2 and pc:
            pc = pc.replace(" ", "") if rng.random() < 0.5 else pc.lower()
        system = "PND" if rng.random() < 0.5 else SYSTEM_TABLE[rng.randrange(1000)]
        if system == "ANPR":
            system = "RMS"
        w.row(system, when(rng.choice(month_days)), staff, "search" if rng.random() < 0.6 else "view", "person",
              _person_query(rng, sn, fn, dob), sn, fn, dob, pc, ref, made_up_job, "", kind=kind)  # fmt: skip
    return True
