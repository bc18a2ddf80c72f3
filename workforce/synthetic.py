"""Synthetic workforce generator (demo data and benchmarks). Every person is made up.

Shaped like shared/samples/workforce-sample.csv: ethnicity codes in rough proportion to a
London force, ranks and staff bands, commands and units, line management, some leavers.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta

from .services import HEADER, OPTIONAL_COLUMNS

SURNAMES = (
    "SMITH JONES WILLIAMS TAYLOR BROWN DAVIES EVANS WILSON THOMAS JOHNSON ROBERTS ROBINSON THOMPSON WRIGHT WALKER "
    "WHITE EDWARDS HUGHES GREEN HALL LEWIS HARRIS CLARKE PATEL JACKSON WOOD TURNER MARTIN COOPER HILL WARD MORRIS "
    "MOORE CLARK LEE KING BAKER HARRISON MORGAN ALLEN JAMES SCOTT PHILLIPS WATSON DAVIS PARKER PRICE BENNETT YOUNG "
    "GRIFFITHS MITCHELL KELLY COOK CARTER RICHARDSON BAILEY COLLINS BELL SHAW MURPHY MILLER COX RICHARDS KHAN "
    "MARSHALL ANDERSON SIMPSON ELLIS ADAMS SINGH BEGUM WILKINSON FOSTER CHAPMAN POWELL WEBB ROGERS GRAY MASON ALI "
    "HUNT HUSSAIN CAMPBELL MATTHEWS OWEN PALMER HOLMES MILLS BARNES KNIGHT LLOYD BUTLER RUSSELL BARKER FISHER "
    "STEVENS JENKINS MURRAY DIXON HARVEY OKAFOR ADEYEMI MENSAH BOATENG OWUSU ASANTE NOWAK KOWALSKI SANTOS SILVA "
    "AHMED RAHMAN CHOWDHURY MIAH SHAH IQBAL NGUYEN CHEN WANG LI ZHANG GRANT CAMPBELL-BROWN O'BRIEN O'CONNOR"
).split()
FORENAMES_F = "SARAH EMMA REBECCA LAURA CHARLOTTE SOPHIE HANNAH AMY JESSICA ZARA AISHA FATIMA PRIYA CHIOMA GRACE OLIVIA CHLOE EMILY RACHEL NADIA MARIA ANNA".split()
FORENAMES_M = "JAMES JOHN DAVID MICHAEL RICHARD THOMAS DANIEL MATTHEW CHRISTOPHER ANDREW MARK PAUL MOHAMMED ADAM OLIVER JOSEPH SAMUEL KWAME TUNDE RAJ HASSAN PIOTR LUCAS".split()
MIDDLE_F = "JANE MARIE LOUISE ANNE VICTORIA EMMA".split()
MIDDLE_M = "PAUL JOHN JAMES PETER ALEXANDER EDWARD".split()

# (code, weight): a rough London force profile; NS for not stated.
ETHNICITY = [
    ("W1", 58),
    ("W2", 3),
    ("W9", 8),
    ("W3", 0.3),
    ("W4", 0.2),
    ("M1", 1.5),
    ("M2", 0.7),
    ("M3", 1),
    ("M9", 1),
    ("A1", 4),
    ("A2", 1.5),
    ("A3", 1.2),
    ("A9", 1.5),
    ("A4", 0.6),
    ("O1", 0.3),
    ("B1", 2.5),
    ("B2", 2.5),
    ("B9", 0.8),
    ("O2", 0.4),
    ("O9", 1),
    ("NS", 6),
    ("", 2),
]
COMMANDS = {
    "Frontline Policing": [
        "Central West BCU",
        "Central East BCU",
        "North BCU",
        "South BCU",
        "East BCU",
        "West BCU",
        "North West BCU",
        "South East BCU",
    ],
    "Met Operations": ["Roads and Transport", "Taskforce", "Aviation", "Marine Policing", "Contact Centre"],
    "Specialist Operations": ["Counter Terrorism", "Royalty and Specialist Protection", "Protection Command"],
    "Specialist Crime": ["Homicide", "Serious and Organised Crime", "Public Protection", "Economic Crime"],
    "Professionalism": ["Directorate of Professional Standards", "Vetting", "Anti-Corruption and Abuse Command"],
    "Corporate Services": ["Human Resources", "Digital Data and Technology", "Finance", "Property Services"],
}
OFFICER_RANKS = [("PC", 70), ("PS", 15), ("INSP", 6), ("CI", 2.5), ("SUPT", 1.2), ("CSUPT", 0.5), ("COMMANDER", 0.15)]
STAFF_BANDS = [("B", 20), ("C", 30), ("D", 25), ("E", 15), ("F", 7), ("G", 3)]
TYPES = [("officer", 60), ("staff", 33), ("pcso", 2.5), ("special", 3.5), ("contractor", 1)]
POSTCODE_AREAS = [
    "SE1",
    "SW9",
    "E1",
    "N1",
    "W2",
    "BR1",
    "CR0",
    "RM1",
    "UB1",
    "HA1",
    "IG1",
    "EN1",
    "KT1",
    "TW1",
    "DA1",
    "NW3",
    "E15",
    "SE18",
]
SHOULDER_RANKS = frozenset({"PC", "PS", "PCSO", "SC"})
RANK_ORDER = {
    "COMMANDER": 7,
    "CSUPT": 6,
    "SUPT": 5,
    "CI": 4,
    "INSP": 3,
    "PS": 2,
    "PC": 1,
    "G": 6,
    "F": 5,
    "E": 4,
    "D": 3,
    "C": 2,
    "B": 1,
}


def _pick(rng: random.Random, weighted):
    values, weights = zip(*weighted)
    return rng.choices(values, weights=weights)[0]


def generate_people(
    n: int,
    *,
    seed: int = 2026,
    prefix: str = "MP",
    start: int = 100000,
    leaver_share: float = 0.03,
    today: date | None = None,
) -> list[dict]:
    """n synthetic people as dicts with the HR extract's columns."""
    rng = random.Random(seed)
    # shoulder numbers from their own generator, so every other column is what it was before them
    shoulder_rng = random.Random(f"{seed}:shoulder")
    worn: set[str] = set()
    today = today or date(2026, 11, 1)
    people = []
    for i in range(n):
        gender = rng.choices(["F", "M", "X", ""], weights=[38, 60, 0.5, 1.5])[0]
        first = rng.choice(FORENAMES_F if gender == "F" else FORENAMES_M)
        forenames = first if rng.random() < 0.6 else f"{first} {rng.choice(MIDDLE_F if gender == 'F' else MIDDLE_M)}"
        surname = rng.choice(SURNAMES)
        previous = rng.choice(SURNAMES) if gender == "F" and rng.random() < 0.15 else ""
        person_type = _pick(rng, TYPES)
        rank = (
            _pick(rng, OFFICER_RANKS)
            if person_type == "officer"
            else ("PCSO" if person_type == "pcso" else ("SC" if person_type == "special" else _pick(rng, STAFF_BANDS)))
        )
        age = rng.randint(19, 64)
        dob = today - timedelta(days=age * 365 + rng.randint(0, 364))
        service_years = rng.randint(0, max(0, age - 18))
        start_date = today - timedelta(days=service_years * 365 + rng.randint(0, 364))
        if start_date <= dob + timedelta(days=18 * 365):
            start_date = dob + timedelta(days=18 * 365 + rng.randint(1, 300))
        command = rng.choice(list(COMMANDS))
        unit = rng.choice(COMMANDS[command])
        end_date = ""
        if rng.random() < leaver_share:
            end_date = (today - timedelta(days=rng.randint(1, 700))).isoformat()
            if end_date <= start_date.isoformat():
                end_date = ""
        postcode = f"{rng.choice(POSTCODE_AREAS)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        people.append(
            {
                "staff_number": f"{prefix}{start + i}",
                "person_type": person_type,
                "surname": surname,
                "forenames": forenames,
                "previous_surnames": previous,
                "date_of_birth": dob.isoformat(),
                "gender": gender,
                "ethnicity_code": _pick(rng, ETHNICITY),
                "rank_or_grade": rank,
                "command": command,
                "unit": unit,
                "line_manager_staff_number": "",
                "start_date": start_date.isoformat(),
                "end_date": end_date,
                "postcode": postcode,
                "shoulder_number": _shoulder_number(shoulder_rng, rank, unit, worn),
            }
        )
    # Line management: within each unit, people report to someone more senior in it.
    by_unit: dict[tuple[str, str], list[dict]] = {}
    for p in people:
        by_unit.setdefault((p["command"], p["unit"]), []).append(p)
    for members in by_unit.values():
        members.sort(key=lambda p: -RANK_ORDER.get(p["rank_or_grade"], 0))
        for index, person in enumerate(members):
            if index == 0:
                continue
            seniors = [m for m in members[: max(1, index // 8 + 1)] if m is not person]
            person["line_manager_staff_number"] = rng.choice(seniors)["staff_number"]
    return people


def _shoulder_number(rng: random.Random, rank: str, unit: str, worn: set[str]) -> str:
    """Constables, sergeants, PCSOs and specials wear one: a number and their borough's letters
    ("4471CW"), unique while worn. Inspectors and above, and staff, have none."""
    if rank not in SHOULDER_RANKS:
        return ""
    letters = "".join(word[0] for word in unit.split() if word not in ("BCU", "and", "of"))[:2].upper()
    while True:
        number = f"{rng.randint(1, 9999 if rank != 'PS' else 999)}{letters}"
        if number not in worn:
            worn.add(number)
            return number


def people_to_csv(people: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER + OPTIONAL_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(people)
    return buffer.getvalue().encode()
