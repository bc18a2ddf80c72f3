"""The project's own synthetic world for lawful business monitoring (every person made up).

``world_build`` bulk-creates a workforce (units, ranks, home postcodes, some previous surnames),
declared associations and a watch list; ``extract_write`` streams an extract CSV of background
searches (most on jobs worked by 2-6 officers of one unit, each job with its occurrence) with
realistic coincidences (common surnames; colleagues searched on shared jobs; people with a
searcher's surname at other postcodes; namesakes of public figures born on other days) and planted
misuse of each kind, and writes the truth ``system,event_id,kind`` beside it."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from workforce.synthetic import FORENAMES_F, FORENAMES_M, SURNAMES

from .monitoring_import import OPTIONAL, REQUIRED

NICKNAMES = {
    "JAMES": "JIM",
    "ELIZABETH": "LIZ",
    "MICHAEL": "MIKE",
    "DANIEL": "DAN",
    "THOMAS": "TOM",
    "REBECCA": "BECKY",
}
PLANTED_KINDS = ("family", "colleague", "self", "association", "complainant", "public_figure", "repeat")
HEADER = REQUIRED + OPTIONAL  # the format's columns, in its order (shared/formats/system-audit.md)
SYSTEMS = ("PND", "RMS", "CAD", "INTEL", "CUSTODY")


@dataclass
class World:
    people: list = field(default_factory=list)  # (staff, surname, forenames, dob, postcode, previous, unit)
    associations: dict = field(default_factory=dict)  # staff -> (forename, surname, dob)
    declarers: list = field(default_factory=list)  # the people with a declared association
    complainants: dict = field(default_factory=dict)  # staff -> (forename, surname) in their own matter
    subjects: list = field(default_factory=list)  # the people who are subjects of a conduct matter
    watch: list = field(default_factory=list)  # (forename, surname, dob)


def _dob(rng: random.Random, young=1960, old=2004) -> date:
    return date(rng.randint(young, old), rng.randint(1, 12), rng.randint(1, 28))


def _postcode(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPRSTUWXYZ"
    return f"{rng.choice(letters)}{rng.choice(letters)}{rng.randint(1, 99)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def _forename(rng: random.Random) -> str:
    return rng.choice(FORENAMES_F + FORENAMES_M)


def world_build(*, people: int, seed: int = 1) -> World:
    """Bulk-create the workforce, associations and watch list; return what the extract needs."""
    from integrity.models import NotifiableAssociation
    from workforce.choices import UnitKind
    from workforce.models import OrgUnit, Person

    from .models.monitoring import WatchListEntry

    rng = random.Random(seed)
    command = OrgUnit.objects.create(name="Monitoring synthetic command", kind=UnitKind.COMMAND)
    units = OrgUnit.objects.bulk_create(
        [OrgUnit(name=f"Synthetic unit {i}", kind=UnitKind.UNIT, parent=command) for i in range(max(2, people // 40))]
    )
    world = World()
    rows = []
    for i in range(people):
        surname = rng.choice(SURNAMES)
        previous = [rng.choice(SURNAMES)] if rng.random() < 0.1 else []
        unit = rng.choice(units)
        rank = rng.choice(("PC", "PC", "PC", "PS", "DC", "Staff"))
        person = (f"MS{seed}{i:07d}", surname, _forename(rng), _dob(rng), _postcode(rng), previous, unit.id, rank)
        world.people.append(person)
        rows.append(
            Person(
                staff_number=person[0],
                person_type="officer",
                surname=surname,
                forenames=person[2],
                previous_surnames=previous,
                date_of_birth=person[3],
                postcode=person[4],
                rank_or_grade=rank,
                unit=unit,
                command=command,
                start_date=date(2015, 1, 5),
            )
        )
    created = Person.objects.bulk_create(rows, batch_size=5000)
    by_staff = {p.staff_number: p for p in created}
    declared = []
    for person in rng.sample(world.people, max(1, people // 50)):
        associate = (_forename(rng), rng.choice(SURNAMES), _dob(rng))
        world.associations[person[0]] = associate
        world.declarers.append(person)
        declared.append(
            NotifiableAssociation(
                person=by_staff[person[0]],
                declared_on=date(2026, 1, 5),
                associate_name=f"{associate[0]} {associate[1]}",
                associate_date_of_birth=associate[2],
                relationship="friend",
                how_known="Synthetic",
                their_record="None known",
            )
        )
    NotifiableAssociation.objects.bulk_create(declared)
    _conduct_matters(rng, world, by_staff, seed)
    for _ in range(30):
        world.watch.append((_forename(rng), rng.choice(SURNAMES), _dob(rng, 1950, 1995)))
    WatchListEntry.objects.bulk_create(
        [WatchListEntry(forenames=f, surname=s, date_of_birth=d, category="public figure") for f, s, d in world.watch]
    )
    return world


def _conduct_matters(rng: random.Random, world: World, by_staff: dict, seed: int) -> None:
    """One in a hundred people a subject of a conduct matter with a named complainant."""
    from cases.models import Allegation, AllegationCategory, Case, CaseSubject

    category = AllegationCategory.objects.order_by("code").first()
    if category is None:
        return
    chosen = rng.sample(world.people, max(1, len(world.people) // 100))
    cases = Case.objects.bulk_create(
        [
            Case(reference=f"MON-{seed}-{i:06d}", summary="Synthetic conduct matter", received_date=date(2026, 3, 2))
            for i in range(len(chosen))
        ]
    )
    subjects = CaseSubject.objects.bulk_create(
        [CaseSubject(case=case, person=by_staff[person[0]]) for case, person in zip(cases, chosen, strict=True)]
    )
    allegations = []
    for case, subject, person in zip(cases, subjects, chosen, strict=True):
        complainant = (_forename(rng), rng.choice(SURNAMES))
        world.complainants[person[0]] = complainant
        world.subjects.append(person)
        allegations.append(
            Allegation(
                case=case,
                subject=subject,
                category=category,
                description="Synthetic allegation",
                complainant_name=f"{complainant[0]} {complainant[1]}",
            )
        )
    Allegation.objects.bulk_create(allegations)


def _typo(rng: random.Random, born: date) -> date:
    pick = rng.random()
    if pick < 0.5 or born.day > 12:
        return born.replace(year=born.year + 1)
    return born.replace(day=born.month, month=born.day)


def extract_write(world: World, path, truth_path, *, events: int, seed: int = 1, month=(2026, 10)) -> dict:
    """Stream ``events`` rows (about 1% planted misuse) to ``path`` and the truth beside it."""
    rng = random.Random(seed * 7919)
    start = datetime(*month, 1, tzinfo=UTC)
    by_unit: dict[int, list] = {}
    for person in world.people:
        by_unit.setdefault(person[6], []).append(person)
    units = [u for u in by_unit.values() if len(u) >= 2]
    counter = iter(range(1, 10**9))
    counts = dict.fromkeys(PLANTED_KINDS, 0)
    with open(path, "w", newline="", encoding="utf-8") as out, open(truth_path, "w", newline="") as truth_out:
        writer, truth = csv.writer(out), csv.writer(truth_out)
        writer.writerow(HEADER)
        truth.writerow(["system", "event_id", "kind"])

        def row(searcher, surname, forenames, dob, postcode, occurrence="", ref="", at=None, kind=None):
            number = next(counter)
            system = rng.choice(SYSTEMS)
            when = at or start + timedelta(seconds=rng.randint(0, 26 * 86400))
            writer.writerow(
                [
                    system,
                    f"{system}-{seed}-{number}",
                    when.isoformat(),
                    searcher[0],
                    "search",
                    "person",
                    f"{surname} {forenames[:1]}*",
                    surname,
                    forenames,
                    dob.isoformat() if dob else "",
                    postcode,
                    ref or f"R{rng.randint(1, 10**9)}",
                    occurrence,
                    "",
                ]
            )
            if kind:
                truth.writerow([system, f"{system}-{seed}-{number}", kind])
                counts[kind] += 1
            return number

        written = 0
        planted_every = 100
        while written < events:
            if written and written % planted_every == 0:
                written += _plant(rng, world, row, start)
                continue
            unit = rng.choice(units)
            crew = rng.sample(unit, min(len(unit), rng.randint(2, 6)))
            job = f"OCC{seed}-{next(counter)}"
            for officer in crew:
                for _ in range(rng.randint(1, 3)):
                    pick = rng.random()
                    if pick < 0.03:  # a colleague met on the job (on it too): shared occurrence
                        other = rng.choice([p for p in crew if p is not officer])
                        row(officer, other[1], other[2], other[3], "", occurrence=job)
                    elif pick < 0.06:  # the searcher's surname at another postcode
                        occurrence = job if rng.random() < 0.5 else ""
                        row(officer, officer[1], _forename(rng), _dob(rng), _postcode(rng), occurrence=occurrence)
                    elif pick < 0.08:  # a public figure's namesake born another day
                        f, s, _d = rng.choice(world.watch)
                        row(officer, s, f, _dob(rng), _postcode(rng), occurrence=job)
                    else:
                        occurrence = job if rng.random() > 0.05 else ""
                        row(officer, rng.choice(SURNAMES), _forename(rng), _dob(rng), _postcode(rng), occurrence)
                    written += 1
    return counts


def _plant(rng: random.Random, world: World, row, start) -> int:
    """One act of misuse (one to four events) of a random kind."""
    kind = rng.choice(PLANTED_KINDS)
    searcher = rng.choice(world.people)
    when = start + timedelta(seconds=rng.randint(0, 26 * 86400))
    if rng.random() < 0.3:
        when = when.replace(hour=rng.choice((23, 0, 1, 2)))
    occurrence = f"OWN{rng.randint(1, 10**9)}" if rng.random() < 0.15 else ""
    times = rng.randint(1, 3)
    if kind == "family":
        surname = rng.choice([searcher[1], *searcher[5]])
        target = (surname, _forename(rng), _dob(rng), searcher[4])
    elif kind == "colleague":
        other = rng.choice(world.people)
        if other is searcher:
            return 0
        forename = NICKNAMES.get(other[2], other[2]) if rng.random() < 0.3 else other[2]
        born = _typo(rng, other[3]) if rng.random() < 0.2 else other[3]
        target = (other[1], forename, born, _postcode(rng))
    elif kind == "self":
        target = (searcher[1], searcher[2], searcher[3], searcher[4])
    elif kind == "association":
        if searcher[0] not in world.associations:
            searcher = rng.choice(world.declarers)
        f, s, d = world.associations[searcher[0]]
        target = (s, f, d, _postcode(rng))
    elif kind == "complainant":
        if searcher[0] not in world.complainants:
            if not world.subjects:
                return 0
            searcher = rng.choice(world.subjects)
        f, s = world.complainants[searcher[0]]
        target = (s, f, _dob(rng), _postcode(rng))
    elif kind == "public_figure":
        f, s, d = rng.choice(world.watch)
        target = (s, f, d, _postcode(rng))
    else:  # repeat: one person looked up again and again
        times = rng.randint(3, 5)
        target = (rng.choice(SURNAMES), _forename(rng), _dob(rng), _postcode(rng))
        occurrence = ""
    ref = f"R{rng.randint(1, 10**9)}"
    for n in range(times):
        row(searcher, *target, occurrence=occurrence, ref=ref, at=when + timedelta(days=n), kind=kind)
    return times
