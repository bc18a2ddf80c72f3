"""A second, independent generator of PND candidates with ground truth, for measuring identity
resolution on variations the matcher was not tuned on (issue 12, item 36).

Written from a description of how a person's record in an HR system differs from the same
person's records in police systems, not from the first generator (vetting/synthetic.py) or the
matcher's rules. Its name tables, nicknames and transliterations are its own.

How the same person differs (each applied independently, so they combine):
- dates of birth keyed by hand: a slip onto the neighbouring key (top row or keypad), the decade
  digit (1993 for 2003), the day or month a little out, the year one out, year and day both a
  little out, day and month swapped (US order), two digits swapped, 1 January for an unknown day,
  a second (wrong) date held beside the right one, or no date at all;
- names: upper case, typing slips (neighbouring key, doubled or dropped letter, swapped letters),
  forename and surname in each other's place, double-barrelled or hyphenated surnames with one
  part dropped or the parts run together, maiden and married names (either side may hold either),
  nicknames and anglicised forms, transliteration variants, a middle name used as the forename,
  middle names missing, initials, titles and suffixes left in the name fields, Mc/Mac and O';
- postcodes after a move, written without a space or in lower case, or missing; gender missing.

Realistic non-matches (decoys) returned by a broad bulk check: a father or son of the same name at
the same address, siblings and twins, a spouse, cousins elsewhere, people with the same common
name born within a few years, people whose surname is only similar. A decoy never has the
employee's full name with the employee's date of birth: nothing could tell them apart.

`generate()` returns the same shape as vetting.synthetic.generate, so bench/screening_matching.py
measures both.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from .matching import Candidate, CandidateName, Employee

# ---------------------------------------------------------------- people

# (surname pool, male forenames, female forenames, share of the workforce)
BACKGROUNDS = {
    "english": (
        "SMITH JONES TAYLOR BROWN WILLIAMS WILSON JOHNSON DAVIES ROBINSON WRIGHT THOMPSON EVANS WALKER WHITE "
        "ROBERTS GREEN HALL WOOD JACKSON CLARKE PATEL HUGHES EDWARDS TURNER HILL MOORE HARRIS COOPER WARD KING "
        "BAKER MORRIS PARKER CARTER PHILLIPS HARRISON BENNETT LEWIS ALLEN MITCHELL HOLMES FOSTER SHAW RICHARDSON "
        "MARSHALL ATKINSON CHAPMAN WEBB BUTLER SIMPSON BARNES PEARSON HOLLAND FLETCHER BRADSHAW HARGREAVES "
        "ASHWORTH WHITTAKER BRIGGS PICKERING SUTCLIFFE CROWTHER",
        "JOHN WILLIAM JAMES ROBERT MICHAEL DAVID RICHARD THOMAS CHRISTOPHER DANIEL MATTHEW ANTHONY MARK PAUL "
        "STEVEN ANDREW KENNETH JOSHUA GEORGE EDWARD HENRY CHARLES PETER SAMUEL BENJAMIN JONATHAN ALEXANDER "
        "NICHOLAS GARETH GARY BARRY DARREN TERENCE DEREK ALFRED ARCHIBALD THEODORE SEBASTIAN LAWRENCE "
        "FREDERICK RAYMOND LEONARD GEOFFREY STUART NEIL LEE DEAN CRAIG WAYNE",
        "MARGARET ELIZABETH SARAH EMMA CATHERINE SUSAN JENNIFER REBECCA VICTORIA SAMANTHA CHARLOTTE "
        "ELEANOR OLIVIA ISABELLA JESSICA EMILY AMELIA FRANCES PENELOPE ABIGAIL HANNAH JACQUELINE PATRICIA "
        "DOROTHY DEBORAH AMANDA KIMBERLEY NATASHA GEORGINA SHARON KAREN JULIE NICOLA CLAIRE LOUISE "
        "RACHEL LAURA GEMMA KELLY",
        0.56,
    ),
    "scottish_irish_welsh": (
        "MACDONALD MCDONALD MACLEOD MCLEAN MACKENZIE CAMPBELL STEWART MURRAY FRASER ROSS O'BRIEN O'NEILL "
        "O'SULLIVAN MURPHY KELLY BYRNE RYAN DOYLE MCCARTHY GALLAGHER DOHERTY LLEWELLYN PRICE PRITCHARD "
        "GRIFFITHS MORGAN OWEN REES VAUGHAN",
        "SEAN CIARAN EOIN DIARMUID SEAMUS PADRAIG DAFYDD RHYS IEUAN HAMISH ANGUS CALLUM IAIN FERGUS "
        "CONOR DECLAN LIAM GARETH EMYR",
        "SIOBHAN NIAMH ROISIN AOIFE SIAN GWENLLIAN CERYS MAIRI ISLA EILIDH CAITLIN ORLA BRONAGH FIONA MORAG BETHAN",
        0.12,
    ),
    "south_asian": (
        "KHAN HUSSAIN AHMED ALI SHAH MAHMOOD RAHMAN CHOWDHURY SIDDIQUI QURESHI IQBAL AKHTAR BEGUM "
        "SINGH KAUR SANDHU GILL DHILLON SIDHU GREWAL PATEL SHARMA GUPTA KUMAR MISTRY PATIL NAIR IYER",
        "MOHAMMED AHMED HASSAN OSMAN YUSUF MUSTAFA ABDULLAH IBRAHIM IMRAN TARIQ ASIF GURPREET RAJINDER "
        "SUKHWINDER JASWINDER KULDEEP PARAMJIT SATNAM SIDDHARTH VENKATESH ARJUN RAHUL VIKRAM",
        "FATIMA AISHA ZAINAB KHADIJA AMINA NAZIA SHABANA YASMIN HARPREET MANJIT NARINDER PRIYA LAKSHMI "
        "ANJALI DEEPA SUNITA",
        0.12,
    ),
    "african_caribbean": (
        "ADEYEMI OKAFOR OKONKWO ADEBAYO OLUWASEUN MENSAH BOATENG ASANTE OWUSU AGYEMAN CAMPBELL WILLIAMS "
        "BROWN GRANT FRANCIS CLARKE JOSEPH SAMUELS EZE NWOSU",
        "ADEBAYO OLUWASEUN CHUKWUEMEKA NNAMDI KWAME KOFI YAW OLUWATOBI DESMOND WINSTON DELROY CLIFTON "
        "LEROY MARCUS TYRONE EMMANUEL",
        "OLUWATOYIN CHIDINMA OLUWAFUNMILAYO AKOSUA ABENA NGOZI BEVERLEY MARCIA JOLENE SHANICE PRECIOUS BLESSING GRACE",
        0.08,
    ),
    "eastern_european": (
        "KOWALSKI KOWALCZYK NOWAK WÓJCIK WIŚNIEWSKI LEWANDOWSKI ZIELIŃSKI SZYMAŃSKI DĄBROWSKI KOZŁOWSKI "
        "IVANOV PETROV SMIRNOV KOVALENKO SHEVCHENKO POPESCU IONESCU",
        "PIOTR JAKUB ŁUKASZ MACIEJ TOMASZ KRZYSZTOF GRZEGORZ WOJCIECH PAWEŁ ALEKSANDR SERGEI DMITRI "
        "YURI OLEKSANDR ANDREI",
        "KATARZYNA AGNIESZKA MAŁGORZATA JOANNA ANNA MAGDALENA TATIANA NATALIA OKSANA IRINA ELENA",
        0.07,
    ),
    "east_asian": (
        "ZHANG WANG LI CHEN LIU YANG HUANG ZHAO WU XU NGUYEN TRAN LE PHAM",
        "WEI JIAN HAO MING JUN TUAN MINH HUNG",
        "LI NA MEI XIU YING LAN HUONG LINH",
        0.05,
    ),
}

# Nicknames, short and anglicised forms (this generator's own table).
FORENAME_FORMS = {
    "WILLIAM": "BILL WILL WILLIE",
    "JOHN": "JACK JOHNNY",
    "JAMES": "JIM JIMMY JAMIE",
    "ROBERT": "BOB ROB BOBBY",
    "MICHAEL": "MIKE MICK",
    "DAVID": "DAVE",
    "RICHARD": "DICK RICK RICHIE",
    "THOMAS": "TOM TOMMY",
    "CHRISTOPHER": "CHRIS KIT",
    "DANIEL": "DAN DANNY",
    "MATTHEW": "MATT",
    "ANTHONY": "TONY",
    "STEVEN": "STEVE",
    "ANDREW": "ANDY DREW",
    "KENNETH": "KEN KENNY",
    "JOSHUA": "JOSH",
    "EDWARD": "TED EDDIE NED",
    "HENRY": "HARRY HAL",
    "CHARLES": "CHARLIE CHAS",
    "PETER": "PETE",
    "SAMUEL": "SAM SAMMY",
    "BENJAMIN": "BEN BENJI",
    "JONATHAN": "JON JONNY",
    "ALEXANDER": "ALEX SANDY",
    "NICHOLAS": "NICK NICKY",
    "GARETH": "GAZ",
    "GARY": "GAZ",
    "BARRY": "BAZ",
    "DARREN": "DAZ",
    "TERENCE": "TEL TERRY",
    "DEREK": "DEL",
    "ALFRED": "ALF ALFIE",
    "ARCHIBALD": "ARCHIE",
    "THEODORE": "THEO TED",
    "SEBASTIAN": "SEB",
    "LAWRENCE": "LAURIE LARRY",
    "FREDERICK": "FRED FREDDIE",
    "RAYMOND": "RAY",
    "LEONARD": "LEN LENNY",
    "GEOFFREY": "GEOFF",
    "MARGARET": "PEGGY MAGGIE MEG",
    "ELIZABETH": "BETTY LIZ BETH ELSIE",
    "CATHERINE": "KATE KATIE CATH",
    "SUSAN": "SUE SUSIE",
    "JENNIFER": "JENNY JEN",
    "REBECCA": "BECKY BEX",
    "VICTORIA": "VICKY TORI",
    "SAMANTHA": "SAM SAMMY",
    "CHARLOTTE": "CHARLIE LOTTIE",
    "ELEANOR": "ELLIE NELL",
    "OLIVIA": "LIV LIVVY",
    "ISABELLA": "BELLA IZZY",
    "JESSICA": "JESS",
    "EMILY": "EM MILLIE",
    "AMELIA": "MILLIE",
    "FRANCES": "FRAN FANNY",
    "PENELOPE": "PENNY",
    "ABIGAIL": "ABBY",
    "JACQUELINE": "JACKIE",
    "PATRICIA": "PAT TRISH",
    "DOROTHY": "DOT DOTTIE",
    "DEBORAH": "DEBBIE DEB",
    "AMANDA": "MANDY",
    "KIMBERLEY": "KIM",
    "NATASHA": "TASHA",
    "GEORGINA": "GEORGIE",
    "SHARON": "SHAZ",
    "KAREN": "KAZ",
    "NICOLA": "NICKY",
    "SEAMUS": "JAMES",
    "PADRAIG": "PATRICK PADDY",
    "DAFYDD": "DAVID DAI",
    "EOIN": "OWEN",
    "DIARMUID": "DERMOT",
    "IEUAN": "EVAN",
    "RHYS": "REECE",
    "CIARAN": "KIERAN",
    "GWENLLIAN": "GWEN",
    "CALLUM": "CAL",
    "GURPREET": "PREET",
    "RAJINDER": "RAJ",
    "SUKHWINDER": "SUKHI",
    "JASWINDER": "JAS",
    "PARAMJIT": "PAM",
    "SIDDHARTH": "SID",
    "VENKATESH": "VENKAT",
    "ABDULLAH": "ABDUL",
    "ADEBAYO": "BAYO",
    "OLUWASEUN": "SEUN",
    "OLUWATOBI": "TOBI TOBY",
    "CHUKWUEMEKA": "EMEKA",
    "OLUWATOYIN": "TOYIN",
    "OLUWAFUNMILAYO": "FUNMI",
    "CHIDINMA": "CHIDI",
    "DESMOND": "DES",
    "DELROY": "ROY",
    "CLIFTON": "CLIFF",
    "BEVERLEY": "BEV",
    "EMMANUEL": "MANNY",
    "PIOTR": "PETER",
    "JAKUB": "JACOB KUBA",
    "ŁUKASZ": "LUKE",
    "MACIEJ": "MATTHEW",
    "TOMASZ": "TOM THOMAS",
    "KRZYSZTOF": "CHRIS",
    "GRZEGORZ": "GREG",
    "WOJCIECH": "WOJTEK",
    "PAWEŁ": "PAUL",
    "ALEKSANDR": "SASHA ALEX",
    "DMITRI": "DIMA",
    "KATARZYNA": "KASIA KATE",
    "AGNIESZKA": "AGA AGNES",
    "MAŁGORZATA": "GOSIA MARGARET",
    "MAGDALENA": "MAGDA",
    "TATIANA": "TANYA",
    "NATALIA": "NATASHA",
    "WEI": "WAYNE",
    "MING": "MICHAEL",
}

# Transliterations and spellings of the same name (either side may hold any of them).
SPELLINGS = [
    "MOHAMMED MUHAMMAD MOHAMED MOHAMMAD MUHAMMED MOHAMAD",
    "AHMED AHMAD",
    "HASSAN HASAN",
    "HUSSAIN HUSSEIN HUSAIN",
    "OSMAN USMAN OTHMAN",
    "YUSUF YOUSUF YOUSEF YOUSSEF",
    "MUSTAFA MOSTAFA MUSTAPHA",
    "ABDULLAH ABDALLAH",
    "IBRAHIM EBRAHIM",
    "FATIMA FATEMA FATIMAH",
    "AISHA AYESHA AISHAH",
    "ZAINAB ZAYNAB",
    "KHADIJA KHADIJAH KHADEEJA",
    "YASMIN YASMEEN JASMINE",
    "SIDDIQUI SIDDIQI SIDDIQUE",
    "CHOWDHURY CHOUDHURY CHAUDHRY CHOUDHARY",
    "QURESHI QURAISHI KURESHI",
    "RAHMAN REHMAN",
    "MAHMOOD MAHMUD MEHMOOD",
    "AKHTAR AKTAR",
    "ALEKSANDR ALEXANDER ALEKSANDER",
    "OLEKSANDR OLEXANDR ALEKSANDR",
    "SERGEI SERGEY",
    "DMITRI DMITRY DMITRIY",
    "YURI YURIY IURII",
    "ANDREI ANDREY",
    "TATIANA TATYANA",
    "NATALIA NATALYA",
    "IRINA IRYNA",
    "ELENA YELENA HELENA",
    "OKSANA OXANA",
    "KOVALENKO KOWALENKO",
    "SHEVCHENKO SHEVCHENKO SHEWCHENKO",
    "SMIRNOV SMIRNOFF",
    "IVANOV IVANOFF",
    "ZHANG CHANG",
    "WANG WONG",
    "CHEN CHAN",
    "XU HSU",
    "LIU LAU",
    "HUANG WONG",
    "ZHAO CHAO",
    "WU NG",
    "SEAN SHAUN SHAWN",
    "SIOBHAN SHIVAUN SHEVAUN",
    "NIAMH NEVE NIEVE",
    "ROISIN ROSHEEN",
    "AOIFE EEFA",
    "SIAN SHAN",
    "CAITLIN KATELYN",
    "MAIRI MARY",
    "RHYS REES REECE",
]

TITLES = ["MR", "MRS", "MS", "MISS", "DR"]
SUFFIXES = ["JNR", "JR", "SNR", "II", "III"]
AREAS = "B BS CF CV DE E EC EH G GL HU L LE LS M N NE NG NW OX PL S SE SO SR SW TS W WF WV YO".split()
SURNAME_PREFIXES = [("MAC", "MC"), ("MC", "MAC")]

# The keys next to each digit: on the top row of a keyboard, and on a keypad.
NEIGHBOUR_KEYS = {
    "0": "9",
    "1": "24",
    "2": "1355",
    "3": "246",
    "4": "3571",
    "5": "4682",
    "6": "579",
    "7": "684",
    "8": "7955",
    "9": "806",
}


def _pools():
    pools = {}
    for name, (surnames, male, female, share) in BACKGROUNDS.items():
        pools[name] = (surnames.split(), male.split(), female.split(), share)
    return pools


POOLS = _pools()
_SPELLING_OF = {}
for _line in SPELLINGS:
    _names = _line.split()
    for _n in _names:
        _SPELLING_OF.setdefault(_n, set()).update(x for x in _names if x != _n)


class Generated(tuple):
    """(employees, candidates, truth): unpacks as three; `.variations` and `.decoy_kinds` beside."""

    def __new__(cls, employees, candidates, truth, variations, decoy_kinds):
        self = super().__new__(cls, (employees, candidates, truth))
        self.employees, self.candidates, self.truth = employees, candidates, truth
        self.variations, self.decoy_kinds = variations, decoy_kinds
        return self


# ---------------------------------------------------------------- small helpers


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _postcode(rng: random.Random, area: str | None = None) -> str:
    area = area or rng.choice(AREAS)
    return f"{area}{rng.randint(1, 28)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"


def _typo(rng: random.Random, word: str) -> str:
    """A typing slip: a neighbouring letter, a doubled or dropped letter, or two letters swapped."""
    letters = [c for c in word]
    if len(letters) < 3:
        return word
    i = rng.randrange(1, len(letters))  # the first letter is usually right
    kind = rng.choice(["neighbour", "double", "drop", "swap"])
    keyboard = ["QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM"]
    if kind == "neighbour" and letters[i].isalpha():
        for row in keyboard:
            if letters[i] in row:
                j = row.index(letters[i])
                options = [row[k] for k in (j - 1, j + 1) if 0 <= k < len(row)]
                letters[i] = rng.choice(options)
                break
    elif kind == "double":
        letters.insert(i, letters[i])
    elif kind == "drop" and len(letters) > 4:
        del letters[i]
    elif kind == "swap" and i < len(letters) - 1 and letters[i] != letters[i + 1]:
        letters[i], letters[i + 1] = letters[i + 1], letters[i]
    else:
        letters.insert(i, letters[i])
    return "".join(letters)


def _title_case(rng: random.Random, text: str) -> str:
    return text.upper() if rng.random() < 0.7 else text.title()


# ---------------------------------------------------------------- dates of birth


def _keystroke(rng: random.Random, dob: date) -> date | None:
    """One digit of DDMMYYYY typed as the key next to it (not the century)."""
    digits = dob.strftime("%d%m%Y")
    positions = [0, 1, 2, 3, 6, 7]
    for _ in range(10):
        i = rng.choice(positions)
        wrong = rng.choice(NEIGHBOUR_KEYS[digits[i]])
        text = digits[:i] + wrong + digits[i + 1 :]
        d = _valid(int(text[4:]), int(text[2:4]), int(text[:2]))
        if d and d != dob:
            return d
    return None


def _dob_variation(rng: random.Random, dob: date) -> tuple[list[date], str]:
    r = rng.random()
    kinds = [
        ("keystroke", 0.030),
        ("decade", 0.012),
        ("day_out", 0.015),
        ("month_out", 0.008),
        ("year_one_out", 0.012),
        ("year_and_day_out", 0.008),
        ("day_month_swapped", 0.012),
        ("digits_swapped", 0.008),
        ("first_of_january", 0.006),
        ("second_wrong_date", 0.020),
        ("missing", 0.035),
    ]
    for kind, share in kinds:
        if r >= share:
            r -= share
            continue
        d = None
        if kind == "keystroke":
            d = _keystroke(rng, dob)
        elif kind == "decade":
            d = _valid(dob.year + rng.choice([-10, 10]), dob.month, dob.day)
        elif kind == "day_out":
            d = dob + timedelta(days=rng.choice([-3, -2, -1, 1, 2, 3]))
        elif kind == "month_out":
            d = _valid(dob.year, dob.month + rng.choice([-1, 1]), dob.day)
        elif kind == "year_one_out":
            d = _valid(dob.year + rng.choice([-1, 1]), dob.month, dob.day)
        elif kind == "year_and_day_out":
            d = _valid(dob.year + rng.choice([-1, 1, -10, 10]), dob.month, dob.day)
            d = d + timedelta(days=rng.choice([-2, -1, 1, 2])) if d else None
        elif kind == "day_month_swapped":
            d = _valid(dob.year, dob.day, dob.month) if dob.day != dob.month else None
        elif kind == "digits_swapped":
            y = str(dob.year)
            options = [
                _valid(int(y[:2] + y[3] + y[2]), dob.month, dob.day),
                _valid(dob.year, dob.month, int(f"{dob.day:02d}"[::-1])),
            ]
            options = [o for o in options if o and o != dob]
            d = rng.choice(options) if options else None
        elif kind == "first_of_january":
            d = date(dob.year, 1, 1) if (dob.month, dob.day) != (1, 1) else None
        elif kind == "second_wrong_date":
            other = _keystroke(rng, dob) or dob + timedelta(days=rng.randint(30, 400))
            return [dob, other] if rng.random() < 0.5 else [other, dob], kind
        elif kind == "missing":
            return [], kind
        if d is None or d == dob or d.year < 1930:
            return [dob], ""
        return [d], f"dob_{kind}"
    return [dob], ""


# ---------------------------------------------------------------- employees


def _employee(rng: random.Random, ref: str) -> tuple[Employee, str, list[str], str]:
    names = list(POOLS)
    background = rng.choices(names, weights=[POOLS[n][3] for n in names])[0]
    surnames, male, female, _ = POOLS[background]
    gender = rng.choice("MF")
    first = rng.choice(male if gender == "M" else female)
    middles = []
    if rng.random() < 0.55:
        middles.append(rng.choice([n for n in (male if gender == "M" else female) if n != first]))
        if rng.random() < 0.1:
            middles.append(rng.choice(male if gender == "M" else female))
    surname = rng.choice(surnames)
    if background in ("english", "scottish_irish_welsh") and rng.random() < 0.07:
        other = rng.choice([s for s in surnames if s != surname])
        surname = f"{surname}-{other}" if rng.random() < 0.6 else f"{surname} {other}"
    previous = []
    maiden = ""
    if gender == "F" and rng.random() < 0.3:
        maiden = rng.choice([s for s in surnames if s != surname])
        if rng.random() < 0.7:  # HR knows the maiden name; otherwise only PND does
            previous.append(maiden)
    dob = date(1962, 1, 1) + timedelta(days=rng.randrange(365 * 44))
    employee = Employee(
        ref=ref,
        surname=surname.title() if rng.random() < 0.6 else surname,
        forenames=" ".join([first, *middles]).title(),
        previous_surnames=[p.title() for p in previous],
        date_of_birth=dob,
        gender=gender,
        postcode=_postcode(rng) if rng.random() < 0.97 else "",
    )
    return employee, background, [first, *middles], maiden


# ---------------------------------------------------------------- the same person in PND


def _surname_as_recorded(rng, employee: Employee, maiden: str, labels: list[str]) -> tuple[str, list[str]]:
    """The surname police hold, and any alias surnames."""
    surname = employee.surname.upper()
    aliases = []
    parts = surname.replace("-", " ").split()
    if len(parts) > 1:
        r = rng.random()
        if r < 0.35:
            surname = rng.choice(parts)
            labels.append("double_barrelled_one_part")
        elif r < 0.5:
            surname = "".join(parts) if rng.random() < 0.5 else " ".join(parts)
            labels.append("double_barrelled_joined_or_spaced")
        elif r < 0.58:
            surname = f"{parts[1]}-{parts[0]}"
            labels.append("double_barrelled_order")
    if maiden:
        r = rng.random()
        if r < 0.3:
            surname, aliases = maiden, [surname]
            labels.append("maiden_name_primary")
        elif r < 0.45:
            surname = maiden
            labels.append("maiden_name_only")
        elif r < 0.7:
            aliases = [maiden]
    for a, b in SURNAME_PREFIXES:
        if surname.startswith(a) and rng.random() < 0.3:
            surname = b + surname[len(a) :]
            labels.append("mc_mac")
            break
    if "'" in surname and rng.random() < 0.5:
        surname = surname.replace("'", "" if rng.random() < 0.5 else " ")
        labels.append("apostrophe")
    if surname in _SPELLING_OF and rng.random() < 0.35:
        surname = rng.choice(sorted(_SPELLING_OF[surname]))
        labels.append("surname_transliteration")
    if rng.random() < 0.04:
        surname = _typo(rng, surname)
        labels.append("surname_typo")
    return surname, aliases


def _forenames_as_recorded(rng, given: list[str], labels: list[str]) -> str:
    first, middles = given[0], list(given[1:])
    r = rng.random()
    if r < 0.07 and first in FORENAME_FORMS:
        first = rng.choice(FORENAME_FORMS[first].split())
        labels.append("nickname_or_anglicised")
    elif r < 0.11 and first in _SPELLING_OF:
        first = rng.choice(sorted(_SPELLING_OF[first]))
        labels.append("forename_transliteration")
    elif r < 0.14 and middles:
        first, middles = middles[0], middles[1:]
        labels.append("known_by_middle_name")
    elif r < 0.17:
        first = first[0]
        middles = [m[0] for m in middles] if rng.random() < 0.5 else middles
        labels.append("initials")
    elif r < 0.21:
        first = _typo(rng, first)
        labels.append("forename_typo")
    if middles and rng.random() < 0.35:
        middles = []
        labels.append("middle_name_missing")
    return " ".join([first, *middles])


def _true_candidate(rng, employee: Employee, given: list[str], maiden: str, pnd_id: str):
    labels: list[str] = []
    surname, alias_surnames = _surname_as_recorded(rng, employee, maiden, labels)
    forenames = _forenames_as_recorded(rng, given, labels)
    if rng.random() < 0.03:
        forenames = f"{rng.choice(TITLES)} {forenames}"
        labels.append("title_in_forenames")
    elif rng.random() < 0.02:
        surname = f"{surname} {rng.choice(SUFFIXES)}"
        labels.append("suffix_in_surname")
    if rng.random() < 0.04:
        surname, forenames = forenames, surname
        labels.append("names_swapped")
    names = [CandidateName(_title_case(rng, surname), _title_case(rng, forenames), "primary")]
    for alias in alias_surnames:
        names.append(CandidateName(alias, forenames.upper(), "alias"))
    if rng.random() < 0.08:  # an alias that is only a nickname of the primary
        names.append(CandidateName(surname, _typo(rng, forenames.split()[0]), "alias"))
    dobs, dob_label = _dob_variation(rng, employee.date_of_birth)
    if dob_label:
        labels.append(dob_label)
    postcodes = []
    if employee.postcode:
        r = rng.random()
        if r < 0.5:
            postcodes = [employee.postcode]
        elif r < 0.6:
            postcodes = [employee.postcode.replace(" ", "").lower()]
            labels.append("postcode_format")
        elif r < 0.85:
            postcodes = [_postcode(rng)] + ([employee.postcode] if rng.random() < 0.3 else [])
            labels.append("moved")
        else:
            labels.append("postcode_missing")
    gender = employee.gender if rng.random() < 0.93 else ""
    if not gender:
        labels.append("gender_missing")
    return Candidate(employee.ref, pnd_id, names, dobs, gender, postcodes, _records(rng, pnd_id)), labels


# ---------------------------------------------------------------- people who are not the employee


def _different_first(rng, background: str, gender: str, given: list[str]) -> str:
    _, male, female, _ = POOLS[background]
    pool = male if gender == "M" else female
    # none of the employee's own names: a brother is not called by the employee's middle name
    related = {n for g in given for n in (g, *FORENAME_FORMS.get(g, "").split(), *_SPELLING_OF.get(g, ()))}
    choices = [n for n in pool if n not in related and n[0] != given[0][0]]
    return rng.choice(choices or pool)


def _decoy(rng, employee: Employee, background: str, given: list[str], pnd_id: str) -> tuple[Candidate, str]:
    kind = rng.choices(
        ["father_or_son", "sibling", "twin", "spouse", "cousin", "common_name_similar_dob", "similar_surname"],
        weights=[0.12, 0.18, 0.04, 0.12, 0.12, 0.30, 0.12],
    )[0]
    dob, surname, gender, postcode = employee.date_of_birth, employee.surname.upper(), employee.gender, ""
    forenames = " ".join(given).upper()
    if kind == "father_or_son":
        gender = "M"
        if employee.gender != "M":
            forenames = _different_first(rng, background, "M", given)
        else:
            forenames = given[0]
        years = rng.randint(19, 38) * rng.choice([-1, 1])
        dob = _valid(dob.year + years, rng.randint(1, 12), rng.randint(1, 28))
        postcode = employee.postcode
        if rng.random() < 0.2:
            surname += " " + ("SNR" if years < 0 else "JNR")
    elif kind == "sibling":
        gender = rng.choice("MF")
        forenames = _different_first(rng, background, gender, given)
        dob = dob + timedelta(days=rng.choice([-1, 1]) * rng.randint(300, 3500))
        postcode = employee.postcode if rng.random() < 0.5 else _postcode(rng)
    elif kind == "twin":
        gender = rng.choice("MF")
        forenames = _different_first(rng, background, gender, given)
        postcode = employee.postcode
    elif kind == "spouse":
        gender = "F" if employee.gender == "M" else "M"
        forenames = _different_first(rng, background, gender, given)
        dob = dob + timedelta(days=rng.randint(-2500, 2500))
        postcode = employee.postcode
    elif kind == "cousin":
        forenames = _different_first(rng, background, rng.choice("MF"), given)
        dob = dob + timedelta(days=rng.randint(-5000, 5000))
        postcode = _postcode(rng)
        gender = rng.choice("MF")
    elif kind == "common_name_similar_dob":
        # the same name (perhaps a short form of it), born within a few years, elsewhere
        if rng.random() < 0.3 and given[0] in FORENAME_FORMS:
            forenames = rng.choice(FORENAME_FORMS[given[0]].split())
        else:
            forenames = given[0]
        dob = dob + timedelta(days=rng.randint(-1100, 1100))
        postcode = _postcode(rng)
    else:  # similar_surname: a broad bulk-check hit on a surname a letter or two away
        surname = _typo(rng, surname)
        forenames = _different_first(rng, background, gender, given) if rng.random() < 0.6 else given[0]
        dob = date(1962, 1, 1) + timedelta(days=rng.randrange(365 * 44))
        postcode = _postcode(rng)
    if dob is None or dob == employee.date_of_birth and kind not in ("twin",):
        dob = employee.date_of_birth + timedelta(days=rng.choice([-1, 1]) * rng.randint(400, 4000))
    names = [CandidateName(surname, forenames, "primary")]
    dobs = [dob] if rng.random() < 0.96 else []
    if rng.random() < 0.85 and not postcode:
        postcode = _postcode(rng)
    candidate = Candidate(
        employee.ref, pnd_id, names, dobs, gender if rng.random() < 0.95 else "", [postcode] if postcode else [],
        _records(rng, pnd_id),
    )  # fmt: skip
    return candidate, kind


CATEGORIES = ["arrest", "charge", "conviction", "caution", "intelligence", "crime_victim", "witness", "stop_search"]


def _records(rng: random.Random, pnd_id: str) -> list[dict]:
    return [
        {"record_id": f"{pnd_id}-R{i}", "category": rng.choice(CATEGORIES), "date": "2026-01-01", "summary": ""}
        for i in range(rng.randint(0, 2))
    ]


# ---------------------------------------------------------------- the whole set


def generate(n_employees: int, seed: int = 0, decoys_per_employee: float = 0.6, true_share: float = 0.5):
    """Employees, PND candidates (in random order within each request) and the true pairs, with
    the variation labels of each true pair and the kind of each decoy."""
    rng = random.Random(f"independent-{seed}")
    employees, candidates, truth, variations, kinds = [], [], set(), {}, {}
    counter = 0
    for i in range(n_employees):
        employee, background, given, maiden = _employee(rng, f"IND{seed:03d}{i:07d}")
        employees.append(employee)
        group = []
        if rng.random() < true_share:
            counter += 1
            candidate, labels = _true_candidate(rng, employee, given, maiden, f"PNDI-{seed}-{counter:08d}")
            group.append(candidate)
            key = (employee.ref, candidate.pnd_person_id)
            truth.add(key)
            variations[key] = labels or ["none"]
        decoys = 0
        while rng.random() < decoys_per_employee / (1 + decoys_per_employee):  # geometric, mean as asked
            decoys += 1
        for _ in range(decoys):
            counter += 1
            candidate, kind = _decoy(rng, employee, background, given, f"PNDI-{seed}-{counter:08d}")
            group.append(candidate)
            kinds[(employee.ref, candidate.pnd_person_id)] = kind
        rng.shuffle(group)
        candidates.extend(group)
    return Generated(employees, candidates, truth, variations, kinds)
