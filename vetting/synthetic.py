"""Synthetic PND bulk-check data with ground truth (tests and benchmarks). Every person is made up.

`generate(n_employees, seed)` returns employees (the request rows), the candidates PND would send
back for them, and the set of (request_ref, pnd_person_id) pairs that really are the employee. The
result also carries `.variations` ((request_ref, pnd_person_id) -> the variation labels applied to
that true candidate, `[]` when PND holds the employee exactly as the force does) and
`.decoy_kinds` ((request_ref, pnd_person_id) -> the kind of decoy) for error breakdowns.
`to_request_csv`, `to_response_jsonl` and `to_truth_csv` write the shared formats
(docs: shared/formats/pnd-screening.md); `write_files` writes all three to a folder.

Names are a mix of British backgrounds (White British, Irish, South Asian, Black African, Black
Caribbean, Eastern and Southern European, East Asian), common surnames weighted heavily (SMITH,
JONES, KHAN, PATEL, BROWN ...) so that decoys are hard; some double-barrelled (hyphenated)
surnames and forenames, apostrophes (O'NEILL), diacritics (ZOË, JOSÉ, Ó BRIAIN, ŁUKASZ), Polish
feminine surnames (-SKA), and maiden names kept as previous surnames.

True candidates (the employee's own PND record), each variation with its own probability and
several at once at times (labels in brackets): case (case_title, case_lower); maiden name as the
primary surname (previous_surname); hyphen spaced, removed or one part only, in the surname or a
forename (hyphen_spaced, hyphen_removed, hyphen_one_part, forename_hyphen_*); apostrophe removed or
spaced (apostrophe_removed, apostrophe_spaced); dots dropped (punctuation); diacritics stripped
(diacritics_stripped); a nickname or spelling variant from this module's own table (nickname);
initials only (initials); middle name dropped, added, or used as the forename (middle_dropped,
middle_added, middle_as_forename); one-character typo (typo_surname_* or typo_forename_* with
substitution, transposition, deletion or insertion); forename and surname swapped (swapped);
another name as primary with the real one as an alias (alias); an extra unrelated alias
(extra_alias); date of birth day/month transposed, one digit off, year one out, missing, or
several with one correct (dob_transposed, dob_one_digit, dob_year_off, dob_missing, dob_several);
postcode moved, several, or missing (postcode_moved, postcode_several, postcode_missing); gender
missing or (rarely) different (gender_missing, gender_different); a rare employee without a date
of birth on the request (employee_dob_missing).

Decoys (other people PND returns for the same request_ref), kinds and rules:
- same_name_other_dob: the employee's surname (or a previous surname) and first forename, middle
  names the same, absent or different; a date of birth at least three years away and not within
  one edit.
- same_name_near_dob: as above with a close date of birth that is still at least two edits away
  (two digits, transposition plus a digit, year two to four out, or day and month both different).
- same_name_same_address: same name, postcode and gender, 20-35 years apart (father and son).
- same_name_no_dob: same name, no date of birth held (cannot be rejected; meant for review).
- nickname_other_dob: a nickname of the employee's forename, date of birth at least two edits away.
- similar_surname_other_dob: surname one typo away, same forename, distant date of birth.
- same_surname_initial: same surname and a different forename with the same initial (or the
  initial alone), date of birth at least two edits away.
- same_surname_other_forename: same surname, a clearly different forename, distant date of birth.
- same_dob_other_name: same date of birth, surname and forename clearly different.
- same_dob_same_forename: same date of birth and forename, surname clearly different.
- twin: same surname and date of birth (often the same postcode), a clearly different forename
  with a different initial.
- spouse: same surname and postcode, the other gender, clearly different forename, a date of
  birth within about ten years but at least two edits away.
"Within one edit" of a date of birth (`dob_within_one_edit`) means equal, day and month
transposed, one digit of YYYYMMDD different, or the year one out. "Clearly different" means not
equal, not a nickname of one another, not sharing a part, and more than two letters apart.
Whatever the kind, a decoy never has a name related to the employee's (surname equal or within two
letters or sharing a part, and forename equal, a nickname, an initial of, or one letter from it)
together with a date of birth within one edit (`decoy_is_distinguishable`); a decoy may carry an
unrelated alias or two dates of birth, both under the same rule. A few employees (about 3%) get
three to seven decoys; the others a Poisson number, so that the mean is `decoys_per_employee`.
"""

from __future__ import annotations

import csv
import io
import json
import math
import random
import unicodedata
from dataclasses import fields
from datetime import date, timedelta
from pathlib import Path

from .matching import Candidate, CandidateName, Employee

REQUEST_HEADER = ["request_ref", "surname", "forenames", "previous_surnames", "date_of_birth", "gender", "postcode"]
TRUTH_HEADER = ["request_ref", "pnd_person_id", "is_employee"]

# ---------------------------------------------------------------- names


def _weighted(text: str) -> list[tuple[str, float]]:
    """'SMITH:12 JONES:8 LEE' -> [(name, weight)]; names with spaces are written with '_'."""
    out = []
    for item in text.split():
        name, _, weight = item.partition(":")
        out.append((name.replace("_", " "), float(weight or 1)))
    return out


BACKGROUNDS = {
    "british": {
        "weight": 52,
        "surnames": _weighted(
            "SMITH:14 JONES:9 WILLIAMS:8 TAYLOR:7 BROWN:7 DAVIES:6 EVANS:5 WILSON:5 THOMAS:5 JOHNSON:5 "
            "ROBERTS:4 ROBINSON:4 THOMPSON:4 WRIGHT:4 WALKER:4 WHITE:3 EDWARDS:3 HUGHES:3 GREEN:3 HALL:3 "
            "LEWIS:3 HARRIS:3 CLARKE:3 JACKSON:3 WOOD:2 TURNER:2 MARTIN:2 COOPER:2 HILL:2 WARD:2 MORRIS:2 "
            "MOORE:2 CLARK:2 LEE:2 KING:2 BAKER:2 HARRISON:2 MORGAN:2 ALLEN:2 JAMES:2 SCOTT:2 PHILLIPS:2 "
            "WATSON:2 DAVIS:2 PARKER:2 PRICE:2 BENNETT:2 YOUNG:2 GRIFFITHS:2 MITCHELL:2 COOK CARTER "
            "RICHARDSON BAILEY COLLINS BELL SHAW MILLER COX RICHARDS MARSHALL ANDERSON SIMPSON ELLIS ADAMS "
            "WILKINSON FOSTER CHAPMAN POWELL WEBB ROGERS GRAY MASON HUNT MATTHEWS OWEN PALMER HOLMES MILLS "
            "BARNES KNIGHT LLOYD BUTLER RUSSELL BARKER FISHER STEVENS JENKINS MURRAY DIXON HARVEY MACDONALD "
            "MCKENZIE FRASER STEWART SUTHERLAND PRITCHARD VAUGHAN HOWELLS ASHWORTH WHITTAKER BRADSHAW "
            "HARGREAVES FAIRBROTHER"
        ),
        "M": _weighted(
            "JAMES:4 JOHN:4 DAVID:4 MICHAEL:4 RICHARD:3 THOMAS:3 DANIEL:3 MATTHEW:3 CHRISTOPHER:3 ANDREW:3 "
            "MARK:3 PAUL:3 ADAM:2 OLIVER:2 JOSEPH:2 SAMUEL:2 WILLIAM:3 ROBERT:3 GEORGE:2 JACK:2 HARRY:2 "
            "CHARLES:2 EDWARD:2 ALEXANDER:2 BENJAMIN:2 NICHOLAS:2 PETER:2 STEPHEN:2 ANTHONY:2 JONATHAN:2 "
            "LUKE RYAN CRAIG GARY LEE DEAN SCOTT JAMIE BEN SAM ALEX KEVIN STUART GARETH RHYS DYLAN OWEN "
            "CALLUM LIAM CONNOR NATHAN PHILIP TIMOTHY FREDERICK HENRY LEONARD RAYMOND KENNETH GERALD "
            "TERENCE DOUGLAS GREGORY LAWRENCE FRANCIS ALBERT DONALD RONALD NATHANIEL ZACHARY JEFFREY "
            "GEOFFREY ARCHIBALD HUGH"
        ),
        "F": _weighted(
            "SARAH:4 EMMA:4 REBECCA:3 LAURA:3 CHARLOTTE:3 SOPHIE:3 HANNAH:3 AMY:3 JESSICA:3 OLIVIA:2 "
            "CHLOE:2 EMILY:2 RACHEL:2 LUCY:2 KATIE:2 GEMMA:2 CLAIRE:2 NICOLA:2 LISA:2 KELLY JOANNE HELEN "
            "ELIZABETH:3 MARGARET:2 CATHERINE:2 KATHERINE:2 VICTORIA:2 SAMANTHA:2 JENNIFER:2 SUSAN:2 "
            "DEBORAH PATRICIA CHRISTINE AMANDA ABIGAIL JACQUELINE ELEANOR FRANCESCA NATALIE ALEXANDRA MARY "
            "ANNE JULIA GABRIELLE DOROTHY THERESA FLORENCE LOUISE HOLLY BETHANY MEGAN GEORGIA ELLIE LAUREN "
            "JADE STACEY KIRSTY LEANNE DONNA TRACEY JULIE KAREN ANNE-MARIE MARY-JANE"
        ),
        "middle_M": _weighted("JAMES:3 JOHN:3 PAUL:2 PETER:2 ALEXANDER EDWARD:2 WILLIAM:2 GEORGE:2 THOMAS DAVID"),
        "middle_F": _weighted("JANE:3 MARIE:3 LOUISE:3 ANNE:2 ELIZABETH:2 VICTORIA EMMA ROSE GRACE MAY CLAIRE"),
    },
    "irish": {
        "weight": 8,
        "surnames": _weighted(
            "MURPHY:4 KELLY:4 O'NEILL:3 O'BRIEN:3 O'CONNOR:3 RYAN:3 BYRNE:3 WALSH:3 O'SULLIVAN:2 "
            "MCCARTHY:2 DOYLE:2 O'DONNELL:2 FITZGERALD:2 GALLAGHER:2 DUNNE QUINN MCLAUGHLIN O'REILLY "
            "NOLAN KAVANAGH Ó_BRIAIN Ó_SÚILLEABHÁIN Ó_CEALLAIGH MAC_CÁRTHAIGH D'ARCY"
        ),
        "M": _weighted(
            "SEÁN:2 SEAN:2 CIARÁN:2 PÁDRAIG CONOR:2 DECLAN EOIN CIAN DARRAGH OISÍN LIAM PATRICK:2 "
            "MICHAEL BRENDAN KEVIN DONAL"
        ),
        "F": _weighted(
            "SIOBHÁN:2 NIAMH:2 AOIFE:2 SINÉAD:2 ORLA RÓISÍN CAOIMHE MAIRÉAD CLODAGH GRÁINNE BRIDGET MARY "
            "CATHERINE DEIRDRE"
        ),
    },
    "south_asian": {
        "weight": 13,
        "surnames": _weighted(
            "KHAN:10 PATEL:10 SINGH:7 AHMED:6 ALI:6 HUSSAIN:5 BEGUM:4 SHAH:3 IQBAL:2 RAHMAN:2 CHOWDHURY:2 "
            "MIAH:2 SHARMA:2 KAUR:2 GILL:2 SANDHU MAHMOOD AKHTAR ISLAM UDDIN BIBI MALIK BUTT QURESHI "
            "RASHID JOSHI MISTRY PAREKH KUMAR NAIR MENON DHILLON GREWAL SIDHU BHATTI CHAUDHRY ANWAR AZIZ "
            "HAQUE SIDDIQUI"
        ),
        "M": _weighted(
            "MOHAMMED:6 MUHAMMAD:3 MOHAMMAD:2 AHMED:2 ABDUL:2 IMRAN:2 ASIF RAJ ARJUN SANJAY HARPREET "
            "GURPREET HAMZA BILAL USMAN SAJID TARIQ DEEPAK RAVI RAJESH VIKRAM AMIT NIKHIL ZAIN YUSUF "
            "IBRAHIM HUSSEIN KAMRAN FAISAL JASPAL MANDEEP"
        ),
        "F": _weighted(
            "FATIMA:3 AISHA:3 PRIYA:2 NADIA:2 AMEENA SHABANA RUKHSANA ZAINAB AYESHA ANJALI SUNITA PARVEEN "
            "NAZIA SANA HINA SHAZIA POOJA NEHA KIRAN SIMRAN JASPREET NASREEN RUBINA FARZANA"
        ),
    },
    "black_african": {
        "weight": 7,
        "surnames": _weighted(
            "OKAFOR:2 ADEYEMI:2 MENSAH:2 BOATENG:2 OWUSU:2 ASANTE OKONKWO ADEBAYO OLUWOLE NWOSU OSEI:2 "
            "DARKO ABUBAKAR KAMARA CONTEH DIALLO OGUNDIPE ADEWALE EZE OBI ACHEAMPONG AGYEMAN MWANGI "
            "OTIENO OKECHUKWU BALOGUN ADENIYI OYEWOLE SESAY"
        ),
        "M": _weighted(
            "OLUWASEUN CHIDI CHUKWUEMEKA KWAME:2 KOFI:2 ADEBAYO FEMI TUNDE YAW EMMANUEL:2 SAMUEL OLUWATOBI "
            "ABIODUN IFEANYI KWABENA KOJO SEGUN BABATUNDE OLUWAFEMI DAVID DANIEL MICHAEL"
        ),
        "F": _weighted(
            "CHIOMA:2 OLUWADAMILOLA AMA ABENA NGOZI FOLASADE EFUA BLESSING:2 PRECIOUS GRACE FUNMILAYO "
            "ADAEZE OLUWAKEMI YETUNDE ADWOA AKOSUA CHIAMAKA NKECHI TEMITOPE MERCY FAITH"
        ),
    },
    "black_caribbean": {
        "weight": 5,
        "surnames": _weighted(
            "CAMPBELL:3 BROWN:3 WILLIAMS:3 GRANT:2 FRANCIS:2 BAPTISTE JOSEPH CHARLES BECKFORD MCKENZIE "
            "ROBINSON HENRY DACOSTA ALLEYNE FORBES GAYLE REID SAMUELS THOMPSON CLARKE MORGAN BAILEY "
            "ST._LOUIS ST._JOHN"
        ),
        "M": _weighted(
            "DWAYNE DELROY LEROY WINSTON JAVON TYRONE JERMAINE DESMOND MARLON ANDRE CLIFTON DEVON KEMAR "
            "JEROME NATHANIEL MARCUS"
        ),
        "F": _weighted(
            "MARCIA SHANICE KEISHA CLAUDETTE SHAKIRA TANISHA JANICE MONIQUE SIMONE ALTHEA BEVERLEY "
            "CHANTELLE TIFFANY JASMINE"
        ),
    },
    "eastern_european": {
        "weight": 7,
        "surnames": _weighted(
            "NOWAK:3 KOWALSKI:3 WIŚNIEWSKI:2 WÓJCIK:2 KOWALCZYK KAMIŃSKI LEWANDOWSKI ZIELIŃSKI SZYMAŃSKI "
            "WOŹNIAK DĄBROWSKI MICHAŁOWSKI ŁUKASZEWICZ POPESCU:2 IONESCU PETROV HORVÁTH NOVÁK KAZLAUSKAS "
            "BĒRZIŅŠ JANKOWSKI MAZUR KRAWCZYK GRABOWSKI PAWŁOWSKI POPA STAN DVOŘÁK KOVAČ"
        ),
        "M": _weighted(
            "PIOTR:2 PAWEŁ:2 KRZYSZTOF:2 TOMASZ:2 ŁUKASZ:2 MAREK JAKUB ANDRZEJ MICHAŁ WOJCIECH ANDREI "
            "MIHAI ALEKSANDER JÁNOS DARIUSZ GRZEGORZ MATEUSZ VASILE IVAN"
        ),
        "F": _weighted(
            "KATARZYNA:2 MAŁGORZATA:2 AGNIESZKA:2 ANNA:2 MAGDALENA JOANNA IOANA ELENA ŽANETA ALEKSANDRA "
            "BARBARA EWA MONIKA JUSTYNA NATALIA ALINA DOROTA MARTA"
        ),
    },
    "southern_european": {
        "weight": 5,
        "surnames": _weighted(
            "SANTOS:2 SILVA:2 FERREIRA RODRIGUES GARCÍA MARTÍNEZ LÓPEZ ROSSI RUSSO ESPOSITO PAPADOPOULOS "
            "MÜLLER SCHMIDT DUBOIS LEFÈVRE YILMAZ ÖZTÜRK ÇELIK COSTA PEREIRA OLIVEIRA GONÇALVES FERNÁNDEZ "
            "RICCI DE_SOUZA DA_SILVA VAN_DER_BERG"
        ),
        "M": _weighted(
            "JOSÉ:2 JOÃO ANDRÉ NOËL FRANÇOIS JÜRGEN GIUSEPPE LUÍS MEHMET EMRE MARCO PEDRO CARLOS JEAN-PAUL "
            "STEFAN NIKOS ANTONIO"
        ),
        "F": _weighted(
            "MARÍA:2 RENÉE ZOË:2 CHLOË FRANCESCA SOFÍA ANA INÊS AYŞE ELIF GIULIA BEATRIZ LUCÍA HÉLÈNE ANNA-LENA"
        ),
    },
    "east_asian": {
        "weight": 3,
        "surnames": _weighted(
            "CHEN:2 WANG:2 LI:2 ZHANG LIU NGUYEN:2 TRAN LE WONG:2 LAM CHAN:2 KIM PARK TANAKA HUANG WU YANG "
            "ZHAO PHAM HO CHEUNG LEUNG NG"
        ),
        "M": _weighted("WEI JUN HAO MINH THANH KEVIN:2 JASON DANNY JIA YONG TUAN HIROSHI MING"),
        "F": _weighted("MEI LING HUI XIAO HOA JENNY:2 GRACE LILY YAN THU HANA YUKI MIN"),
    },
}

# This module's own table of nicknames and spelling variants (formal name, gender: variants); the
# matcher keeps its own, so the benchmark shows what it does not know.
NICKNAMES_TEXT = """
WILLIAM M: BILL BILLY WILL WILLIE LIAM
ROBERT M: BOB BOBBY ROB ROBBIE
RICHARD M: DICK RICK RICKY RICH RICHIE
JAMES M: JIM JIMMY JAMIE
JOHN M: JACK JOHNNY JON
JONATHAN M: JON JONNY
JOSEPH M: JOE JOEY
THOMAS M: TOM TOMMY
MICHAEL M: MIKE MICK MICKY
CHRISTOPHER M: CHRIS KIT
NICHOLAS M: NICK NICKY
ANTHONY M: TONY
ANDREW M: ANDY DREW
EDWARD M: ED EDDIE TED NED
DANIEL M: DAN DANNY
DAVID M: DAVE DAVY
STEPHEN M: STEVE STEVEN
PETER M: PETE
PATRICK M: PAT PADDY
MATTHEW M: MATT
BENJAMIN M: BEN BENNY
SAMUEL M: SAM SAMMY
ALEXANDER M: ALEX SANDY ALEC
CHARLES M: CHARLIE CHAS
HENRY M: HARRY HAL
GEOFFREY M: GEOFF JEFF
JEFFREY M: JEFF
GREGORY M: GREG
TIMOTHY M: TIM
PHILIP M: PHIL PHILLIP
LAWRENCE M: LARRY LAURENCE
LEONARD M: LEN LENNY
RAYMOND M: RAY
RONALD M: RON RONNIE
DONALD M: DON
KENNETH M: KEN KENNY
GERALD M: GERRY
TERENCE M: TERRY
FREDERICK M: FRED FREDDIE
ALBERT M: BERT
FRANCIS M: FRANK
DOUGLAS M: DOUG
NATHANIEL M: NATE NAT NATHAN
ZACHARY M: ZACH ZAK
ARCHIBALD M: ARCHIE
HUGH M: HUGHIE
ELIZABETH F: LIZ LIZZIE BETH BETTY ELIZA LIBBY LISA
MARGARET F: PEGGY MAGGIE MEG MADGE
CATHERINE F: KATE KATHY CATH CATHY KATIE
KATHERINE F: KATE KATHY KATIE KATHRYN
JENNIFER F: JEN JENNY
REBECCA F: BECKY BECCA
SUSAN F: SUE SUZY
DEBORAH F: DEBBIE DEBRA
PATRICIA F: PAT TRISH TRICIA
VICTORIA F: VICKY VICKI TORI
CHRISTINE F: CHRIS CHRISSIE TINA
SAMANTHA F: SAM SAMMY
AMANDA F: MANDY
ABIGAIL F: ABBY ABBIE
JACQUELINE F: JACKIE JACQUI
GABRIELLE F: GABBY
JESSICA F: JESS
HELEN F: NELL ELLEN
ELEANOR F: ELLIE NORA
FRANCESCA F: FRAN
NATALIE F: NAT
ALEXANDRA F: ALEX SANDRA LEXI
DOROTHY F: DOT DOLLY
MARY F: MOLLY POLLY
ANNE F: ANNIE ANN ANNA HANNAH NAN
SARAH F: SARA SALLY
THERESA F: TERESA TESS TERRY
JULIA F: JULIE
FLORENCE F: FLO FLOSSIE
CHARLOTTE F: LOTTIE CHARLIE
LOUISE F: LOU
EMILY F: EM MILLIE
MOHAMMED M: MOHAMMAD MUHAMMAD MOHAMED MUHAMMED MOHAMAD MEHMET
MUHAMMAD M: MOHAMMED MOHAMMAD MOHAMED
MOHAMMAD M: MOHAMMED MUHAMMAD
AHMED M: AHMAD
HUSSEIN M: HUSSAIN HUSAIN
YUSUF M: YOUSUF YOUSEF
IBRAHIM M: EBRAHIM
RAJESH M: RAJ
VIKRAM M: VIK
JASPREET F: JAS
AISHA F: AYSHA AYESHA
FATIMA F: FATIMAH FATEMA
OLUWASEUN M: SEUN
OLUWATOBI M: TOBI
OLUWAFEMI M: FEMI
BABATUNDE M: TUNDE
CHUKWUEMEKA M: EMEKA
OLUWADAMILOLA F: DAMILOLA DAMI
OLUWAKEMI F: KEMI
FOLASADE F: SADE
FUNMILAYO F: FUNMI
TEMITOPE F: TOPE
KATARZYNA F: KASIA KATE KATHERINE
MAŁGORZATA F: GOSIA MARGARET
AGNIESZKA F: AGA
MAGDALENA F: MAGDA
WOJCIECH M: WOJTEK
PIOTR M: PETER
PAWEŁ M: PAUL PAWEL
KRZYSZTOF M: KRIS CHRIS
TOMASZ M: TOMEK TOM
JAKUB M: KUBA JACOB
ŁUKASZ M: LUKE
ALEKSANDER M: OLEK ALEX
ALEKSANDRA F: OLA ALEX
SEÁN M: SHAUN SHAWN JOHN
EOIN M: OWEN JOHN
SIOBHÁN F: SHIVAUN
NIAMH F: NEVE
PÁDRAIG M: PATRICK PADDY
CIARÁN M: KIERAN KIERON
JOSÉ M: JOSEPH PEPE
JOÃO M: JOHN
MARÍA F: MARIA MARY
GIUSEPPE M: JOSEPH PEPPE
""".strip()


def _parse_nicknames() -> dict[str, tuple[str, list[str]]]:
    table = {}
    for line in NICKNAMES_TEXT.splitlines():
        head, variants = line.split(":")
        formal, gender = head.split()
        table[formal] = (gender, variants.split())
    return table


NICKNAMES = _parse_nicknames()

POSTCODE_AREAS = (
    "SE1 SW9 E1 N1 NW10 W2 BR1 CR0 DA1 E17 EN1 HA0 IG1 KT1 N17 RM1 SM1 TW1 UB1 SE18 SW2 E14 N22 NW1 W12 "
    "W5 SE15 E6 E15 CR4 BR6 KT6 TW13 UB6 HA8 IG11 RM8 EN3 SE9 SW16 N9 E11 W3 NW9"
).split()
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

RECORD_CATEGORIES = [
    ("arrest", 12),
    ("charge", 6),
    ("conviction", 8),
    ("caution", 4),
    ("intelligence", 12),
    ("domestic_abuse", 5),
    ("child_protection", 2),
    ("custody", 6),
    ("stop_search", 8),
    ("crime_suspect", 6),
    ("crime_victim", 14),
    ("witness", 12),
    ("associate_of_nominal", 2),
    ("firearms_licensing", 3),
]
OFFENCE_GROUPS = (
    "violence_against_the_person sexual_offences drug_offences fraud theft public_order "
    "misc_crimes_against_society criminal_damage_and_arson possession_of_weapons"
).split()

# QWERTY neighbours, for substitution and insertion typos.
KEYBOARD = dict(
    item.split(":")
    for item in "Q:WA W:QESA E:WRDS R:ETFD T:RYGF Y:TUHG U:YIJH I:UOKJ O:IPLK P:OL A:QWSZ S:AWEDXZ D:SERFCX F:DRTGVC G:FTYHBV H:GYUJNB J:HUIKMN K:JIOLM L:KOP Z:ASX X:ZSDC C:XDFV V:CFGB B:VGHN N:BHJM M:NJK".split()
)

DECOY_KINDS = [
    ("same_name_other_dob", 0.30),
    ("same_name_near_dob", 0.10),
    ("same_name_same_address", 0.04),
    ("same_name_no_dob", 0.02),
    ("nickname_other_dob", 0.05),
    ("similar_surname_other_dob", 0.05),
    ("same_surname_initial", 0.12),
    ("same_surname_other_forename", 0.05),
    ("same_dob_other_name", 0.16),
    ("same_dob_same_forename", 0.05),
    ("twin", 0.03),
    ("spouse", 0.03),
]

# ---------------------------------------------------------------- helpers (public ones are used by the tests)

_SPECIAL = str.maketrans({"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Æ": "AE", "æ": "ae", "ß": "SS", "Đ": "D", "đ": "d"})


def strip_diacritics(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


def normalise(text: str) -> str:
    """Upper case, no diacritics or apostrophes; hyphens and dots become spaces; spaces collapsed."""
    text = strip_diacritics(text or "").upper()
    for c in "'’`":
        text = text.replace(c, "")
    for c in "-.,":
        text = text.replace(c, " ")
    return " ".join(text.split())


def osa_distance(a: str, b: str) -> int:
    """Optimal string alignment distance (insert, delete, substitute, transpose adjacent)."""
    if a == b:
        return 0
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def _nickname_groups() -> dict[str, set[str]]:
    groups: dict[str, set[str]] = {}
    for formal, (_, variants) in NICKNAMES.items():
        names = {normalise(n) for n in [formal, *variants]}
        for n in names:
            groups.setdefault(n, set()).update(names)
    return groups


_GROUPS = _nickname_groups()


def nickname_related(a: str, b: str) -> bool:
    """Whether two normalised single forenames are equal or variants of one another in this table."""
    return a == b or b in _GROUPS.get(a, ())


def dob_within_one_edit(a: date, b: date) -> bool:
    """Equal, day and month transposed, one digit of YYYYMMDD different, or the year one out."""
    if a == b:
        return True
    if a.year == b.year and a.day == b.month and a.month == b.day:
        return True
    x, y = a.strftime("%Y%m%d"), b.strftime("%Y%m%d")
    if sum(p != q for p, q in zip(x, y)) == 1:
        return True
    return abs(a.year - b.year) == 1 and (a.month, a.day) == (b.month, b.day)


def _surname_related(a: str, b: str) -> bool:
    a2, b2 = a.replace(" ", ""), b.replace(" ", "")
    if not a2 or not b2:
        return False
    if a2 == b2 or set(a.split()) & set(b.split()):
        return True
    return osa_distance(a2, b2) <= 2


def _forename_related(a: str, b: str) -> bool:
    """First forenames (normalised): equal, nickname, initial of the other, or one letter apart."""
    x, y = a.split(), b.split()
    if not x or not y:
        return False
    p, q = x[0], y[0]
    if nickname_related(p, q):
        return True
    if len(p) == 1 or len(q) == 1:
        return p[0] == q[0]
    return osa_distance(p, q) <= 1


def clearly_different_forename(name: str, employee_forenames: str, *, other_initial: bool = False) -> bool:
    """Not equal to, a nickname of, sharing a part with, or within two letters of any employee forename."""
    n = normalise(name)
    for token in normalise(employee_forenames).split():
        for part in n.split():
            if nickname_related(part, token) or osa_distance(part, token) <= 2:
                return False
            if other_initial and part[0] == token[0]:
                return False
    return bool(n)


def clearly_different_surname(name: str, surnames: list[str]) -> bool:
    n = normalise(name)
    return bool(n) and not any(_surname_related(n, normalise(s)) for s in surnames if s)


def _employee_surnames(employee: Employee) -> list[str]:
    return [employee.surname, *[s for s in employee.previous_surnames if s]]


def _name_related(employee: Employee, name: CandidateName) -> bool:
    forenames = normalise(employee.forenames)
    surnames = [normalise(s) for s in _employee_surnames(employee)]
    cs, cf = normalise(name.surname), normalise(name.forenames)
    for s_part, f_part in ((cs, cf), (cf, cs)):
        if any(_surname_related(s_part, s) for s in surnames) and _forename_related(forenames, f_part):
            return True
    return False


def decoy_is_distinguishable(employee: Employee, candidate: Candidate) -> bool:
    """The decoy rule: no name related to the employee's together with a date of birth within one edit."""
    if employee.date_of_birth is None:
        return True
    near = any(dob_within_one_edit(employee.date_of_birth, d) for d in candidate.dates_of_birth)
    return not (near and any(_name_related(employee, n) for n in candidate.names))


# ---------------------------------------------------------------- random building blocks


def _choice_weighted(rng: random.Random, items: list[tuple[str, float]]) -> str:
    total = sum(w for _, w in items)
    r = rng.random() * total
    for name, w in items:
        r -= w
        if r < 0:
            return name
    return items[-1][0]


def _background(rng: random.Random) -> str:
    return _choice_weighted(rng, [(k, v["weight"]) for k, v in BACKGROUNDS.items()])


def _surname(rng: random.Random, background: str, gender: str) -> str:
    name = _choice_weighted(rng, BACKGROUNDS[background]["surnames"])
    if gender == "F" and name.endswith("SKI"):
        name = name[:-1] + "A"  # Polish feminine form
    return name


def _forename(rng: random.Random, background: str, gender: str) -> str:
    if rng.random() < 0.15:  # forenames cross backgrounds
        background = _background(rng)
    return _choice_weighted(rng, BACKGROUNDS[background][gender])


def _middle(rng: random.Random, background: str, gender: str, first: str) -> str:
    pool = BACKGROUNDS[background].get(f"middle_{gender}") or BACKGROUNDS[background][gender]
    for _ in range(10):
        name = _choice_weighted(rng, pool)
        if name != first:
            return name
    return "MARIE" if gender == "F" else "JOHN"


def _postcode(rng: random.Random, area: str | None = None) -> str:
    area = area or rng.choice(POSTCODE_AREAS)
    return f"{area} {rng.randint(1, 9)}{rng.choice(POSTCODE_LETTERS)}{rng.choice(POSTCODE_LETTERS)}"


def _random_date(rng: random.Random, first_year: int, last_year: int) -> date:
    start = date(first_year, 1, 1)
    return start + timedelta(days=rng.randrange((date(last_year, 12, 31) - start).days + 1))


def _hex(rng: random.Random, digits: int, seen: set[str], prefix: str) -> str:
    while True:
        value = f"{prefix}{rng.getrandbits(4 * digits):0{digits}X}"
        if value not in seen:
            seen.add(value)
            return value


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _case(rng: random.Random, labels: list[str] | None = None):
    r = rng.random()
    if r < 0.62:
        return str.upper
    if r < 0.95:
        if labels is not None:
            labels.append("case_title")
        return str.title
    if labels is not None:
        labels.append("case_lower")
    return str.lower


# ---------------------------------------------------------------- dates of birth


def _replace(d: date, **kw) -> date | None:
    try:
        return d.replace(**kw)
    except ValueError:
        return None


def _transposed(d: date) -> date | None:
    if d.day > 12 or d.day == d.month:
        return None
    return _replace(d, month=d.day, day=d.month)


def _one_digit(rng: random.Random, d: date) -> date | None:
    text = d.strftime("%Y%m%d")
    for _ in range(20):
        pos = rng.choice([2, 3, 3, 4, 5, 6, 7, 7])  # decade, year, month and day digits
        digit = rng.choice([c for c in "0123456789" if c != text[pos]])
        new = text[:pos] + digit + text[pos + 1 :]
        try:
            value = date(int(new[:4]), int(new[4:6]), int(new[6:]))
        except ValueError:
            continue
        if value.year <= 2010:
            return value
    return None


def _year_off(rng: random.Random, d: date) -> date | None:
    return _replace(d, year=d.year + rng.choice([-1, 1]))


def _far_dob(rng: random.Random, dob: date | None) -> date:
    while True:
        value = _random_date(rng, 1940, 2008)
        if dob is None or (abs(value.year - dob.year) >= 3 and not dob_within_one_edit(dob, value)):
            return value


def _near_dob(rng: random.Random, dob: date | None) -> date:
    """Close to the employee's date of birth but at least two edits away."""
    if dob is None:
        return _far_dob(rng, None)
    for _ in range(50):
        how = rng.randrange(4)
        value: date | None
        if how == 0:  # year one out and a digit of the day or month
            value = _year_off(rng, dob)
            value = value and _replace(value, day=rng.randint(1, 28))
        elif how == 1:  # transposed and a digit changed
            value = _transposed(dob)
            value = value and _one_digit(rng, value)
        elif how == 2:  # year two to four out
            value = _replace(dob, year=dob.year + rng.choice([-4, -3, -2, 2, 3, 4]))
        else:  # same year, day and month both different
            value = _replace(dob, month=rng.randint(1, 12), day=rng.randint(1, 28))
        if value and value.year <= 2010 and not dob_within_one_edit(dob, value):
            return value
    return _far_dob(rng, dob)


# ---------------------------------------------------------------- typos and name variations


def _typo(rng: random.Random, word: str) -> tuple[str, str]:
    """One-character typo in a word (letters only); returns (new word, kind)."""
    letters = [i for i, c in enumerate(word) if c.isalpha()]
    if len(letters) < 3:  # no typos in two-letter names (NG, LI): a spelling variant, not a slip
        return word, ""
    for _ in range(10):
        kind = rng.choice(["substitution", "transposition", "deletion", "insertion"])
        i = rng.choice(letters)
        c = strip_diacritics(word[i]).upper() or "A"
        if kind == "substitution":
            new = word[:i] + rng.choice(KEYBOARD.get(c, "AEIOU")) + word[i + 1 :]
        elif kind == "transposition":
            j = i + 1
            if j >= len(word) or not word[j].isalpha() or word[i] == word[j]:
                continue
            new = word[:i] + word[j] + word[i] + word[j + 1 :]
        elif kind == "deletion":
            new = word[:i] + word[i + 1 :]
        else:
            extra = word[i] if rng.random() < 0.5 else rng.choice(KEYBOARD.get(c, "AEIOU"))
            new = word[: i + 1] + extra + word[i + 1 :]
        if new != word:
            return new, kind
    return word, ""


_FORMAL_BY_NORMALISED = {normalise(k): k for k in NICKNAMES}


def _nickname(rng: random.Random, forename: str, gender: str) -> str | None:
    """A nickname or variant of a formal forename, or the formal name of a nickname (same gender)."""
    formal = forename if forename in NICKNAMES else _FORMAL_BY_NORMALISED.get(normalise(forename))
    if formal:
        return rng.choice(NICKNAMES[formal][1])
    forename = normalise(forename)
    formals = [f for f, (g, variants) in NICKNAMES.items() if forename in variants and g == gender]
    return rng.choice(formals) if formals else None


def _initials(rng: random.Random, forenames: str) -> str:
    tokens = forenames.replace("-", " ").split()
    r = rng.random()
    if r < 0.45 and len(tokens) > 1:
        return " ".join(t[0] for t in tokens)
    if r < 0.6 and len(tokens) > 1:
        return ".".join(t[0] for t in tokens) + "."
    if r < 0.75 and len(tokens) > 1:
        return f"{tokens[0][0]} {' '.join(tokens[1:])}"
    return tokens[0][0]


def _hyphen(rng: random.Random, name: str) -> tuple[str, str]:
    r = rng.random()
    parts = name.split("-")
    if r < 0.35:
        return name.replace("-", " "), "hyphen_spaced"
    if r < 0.6:
        return name.replace("-", ""), "hyphen_removed"
    return (parts[0] if r < 0.8 else parts[-1]), "hyphen_one_part"


def _other_forename(rng, gender: str, employee_forenames: str, *, other_initial: bool = False, initial: str = ""):
    for _ in range(200):
        name = _forename(rng, _background(rng), gender)
        if initial and normalise(name)[:1] != initial:
            continue
        if clearly_different_forename(name, employee_forenames, other_initial=other_initial):
            return name
    return None


def _other_surname(rng: random.Random, gender: str, surnames: list[str]) -> str:
    for _ in range(200):
        name = _surname(rng, _background(rng), gender)
        if clearly_different_surname(name, surnames):
            return name
    return "ZYLBERSZTEJN"


# ---------------------------------------------------------------- people


def _employee(rng: random.Random, ref: str) -> tuple[Employee, str]:
    background = _background(rng)
    gender = "M" if rng.random() < 0.58 else "F"
    if rng.random() < 0.04:  # double-barrelled
        second = _surname(rng, _background(rng) if rng.random() < 0.3 else background, gender)
        first = _surname(rng, background, gender)
        surname = f"{first}-{second}" if first != second else first
    else:
        surname = _surname(rng, background, gender)
    first = _forename(rng, background, gender)
    forenames = f"{first} {_middle(rng, background, gender, first)}" if rng.random() < 0.45 else first
    previous: list[str] = []
    if rng.random() < (0.3 if gender == "F" else 0.03):
        for _ in range(2 if rng.random() < 0.05 else 1):
            maiden = _surname(rng, background if rng.random() < 0.6 else _background(rng), gender)
            if maiden != surname and maiden not in previous:
                previous.append(maiden)
    dob = None if rng.random() < 0.002 else _random_date(rng, 1960, 2006)
    return Employee(ref, surname, forenames, previous, dob, gender, _postcode(rng)), background


def _true_candidate(rng: random.Random, emp: Employee, background: str, pnd_id: str) -> tuple[Candidate, list[str]]:
    labels: list[str] = []
    real_dob = emp.date_of_birth
    if real_dob is None:
        labels.append("employee_dob_missing")
        real_dob = _random_date(rng, 1960, 2006)
    surname, forenames = emp.surname, emp.forenames
    if emp.previous_surnames and rng.random() < 0.35:
        surname = rng.choice(emp.previous_surnames)
        labels.append("previous_surname")
    if "-" in surname and rng.random() < 0.45:
        surname, label = _hyphen(rng, surname)
        labels.append(label)
    if "-" in forenames and rng.random() < 0.4:
        tokens = forenames.split()
        tokens[0], label = _hyphen(rng, tokens[0])
        forenames = " ".join(tokens)
        labels.append(f"forename_{label}")
    if "'" in surname and rng.random() < 0.5:
        if rng.random() < 0.6:
            surname, label = surname.replace("'", ""), "apostrophe_removed"
        else:
            surname, label = surname.replace("'", " "), "apostrophe_spaced"
        labels.append(label)
    if "." in surname and rng.random() < 0.5:
        surname = surname.replace(".", "")
        labels.append("punctuation")
    if not (surname + forenames).isascii() and rng.random() < 0.5:
        stripped_s, stripped_f = strip_diacritics(surname), strip_diacritics(forenames)
        if (stripped_s, stripped_f) != (surname, forenames):
            surname, forenames = stripped_s, stripped_f
            labels.append("diacritics_stripped")

    tokens = forenames.split()
    r = rng.random()
    nickname = _nickname(rng, tokens[0], emp.gender)
    if r < 0.08:
        if nickname:
            forenames = " ".join([nickname, *tokens[1:]])
            labels.append("nickname")
    elif r < 0.13:
        forenames = _initials(rng, forenames)
        labels.append("initials")
    elif r < 0.25:
        if len(tokens) > 1:
            forenames = tokens[0]
            labels.append("middle_dropped")
    elif r < 0.27:
        if len(tokens) > 1:
            forenames = " ".join(tokens[1:])
            labels.append("middle_as_forename")
    elif r < 0.30 and len(tokens) == 1:
        forenames = f"{tokens[0]} {_middle(rng, background, emp.gender, tokens[0])}"
        labels.append("middle_added")

    if rng.random() < 0.07:
        if rng.random() < 0.6:
            parts = surname.split(" ")
            k = max(range(len(parts)), key=lambda i: len(parts[i]))
            parts[k], kind = _typo(rng, parts[k])
            if kind:
                surname = " ".join(parts)
                labels.append(f"typo_surname_{kind}")
        else:
            tokens = forenames.split(" ")
            tokens[0], kind = _typo(rng, tokens[0])
            if kind:
                forenames = " ".join(tokens)
                labels.append(f"typo_forename_{kind}")

    case = _case(rng, labels)
    real = CandidateName(case(surname), case(forenames), "primary")
    if rng.random() < 0.03:
        real = CandidateName(real.forenames, real.surname, "primary")
        labels.append("swapped")
    names = [real]
    if rng.random() < 0.06:
        r = rng.random()
        if r < 0.5:
            other = CandidateName(_other_surname(rng, emp.gender, _employee_surnames(emp)), emp.forenames, "primary")
        else:
            first = _other_forename(rng, emp.gender, emp.forenames) or "ROBIN"
            other_surname = emp.surname if r < 0.8 else _other_surname(rng, emp.gender, _employee_surnames(emp))
            other = CandidateName(other_surname, first, "primary")
        names = [CandidateName(case(other.surname), case(other.forenames), "primary")]
        names.append(CandidateName(real.surname, real.forenames, "alias"))
        labels.append("alias")
    elif rng.random() < 0.04:
        first = _other_forename(rng, emp.gender, emp.forenames) or "ROBIN"
        names.append(
            CandidateName(case(_other_surname(rng, emp.gender, _employee_surnames(emp))), case(first), "alias")
        )
        labels.append("extra_alias")

    r = rng.random()
    dobs = [real_dob]
    if r < 0.05 and _transposed(real_dob):
        dobs = [_transposed(real_dob)]
        labels.append("dob_transposed")
    elif 0.05 <= r < 0.10 and (value := _one_digit(rng, real_dob)):
        dobs = [value]
        labels.append("dob_one_digit")
    elif 0.10 <= r < 0.13 and (value := _year_off(rng, real_dob)):
        dobs = [value]
        labels.append("dob_year_off")
    elif 0.13 <= r < 0.17:
        dobs = []
        labels.append("dob_missing")
    elif 0.17 <= r < 0.22:
        others = [_transposed(real_dob), _one_digit(rng, real_dob), _random_date(rng, 1950, 2006)]
        extra = [d for d in others if d and d != real_dob]
        dobs = [real_dob, *rng.sample(extra, min(len(extra), rng.choice([1, 1, 2])))]
        rng.shuffle(dobs)
        labels.append("dob_several")

    r = rng.random()
    postcodes = [emp.postcode]
    if 0.55 <= r < 0.65:
        postcodes = [_postcode(rng), emp.postcode]
        rng.shuffle(postcodes)
        labels.append("postcode_several")
    elif 0.65 <= r < 0.90:
        area = emp.postcode.split()[0] if rng.random() < 0.3 else None
        postcodes = [_postcode(rng, area)]
        if postcodes[0] != emp.postcode:
            labels.append("postcode_moved")
    elif r >= 0.90:
        postcodes = []
        labels.append("postcode_missing")

    r = rng.random()
    gender = emp.gender
    if 0.90 <= r < 0.98:
        gender = ""
        labels.append("gender_missing")
    elif r >= 0.98:
        gender = "F" if emp.gender == "M" else "M"
        labels.append("gender_different")
    return Candidate(emp.ref, pnd_id, names, dobs, gender, postcodes), labels


def _decoy(rng: random.Random, emp: Employee, kind: str, pnd_id: str) -> Candidate:
    dob = emp.date_of_birth
    gender = emp.gender
    surnames = _employee_surnames(emp)
    tokens = emp.forenames.split()
    surname, forenames, dobs = emp.surname, tokens[0], []
    postcodes = [_postcode(rng, emp.postcode.split()[0] if rng.random() < 0.1 else None)]

    def same_name():
        nonlocal surname, forenames
        if emp.previous_surnames and rng.random() < 0.15:
            surname = rng.choice(emp.previous_surnames)
        r = rng.random()
        if r < 0.4 and len(tokens) > 1:
            forenames = emp.forenames
        elif r < 0.65:
            middle = _other_forename(rng, gender, emp.forenames)
            forenames = f"{tokens[0]} {middle}" if middle else tokens[0]

    if kind in ("same_name_other_dob", "same_name_near_dob", "same_name_same_address", "same_name_no_dob"):
        same_name()
        if kind == "same_name_other_dob":
            dobs = [_far_dob(rng, dob)]
        elif kind == "same_name_near_dob":
            dobs = [_near_dob(rng, dob)]
        elif kind == "same_name_same_address":
            postcodes = [emp.postcode]
            base = dob or _random_date(rng, 1960, 2006)
            for _ in range(50):
                years = rng.randint(20, 35) * (1 if base.year < 1985 or rng.random() < 0.3 else -1)
                value = _replace(base, year=base.year + years, day=rng.randint(1, 28))
                if value and value.year <= 2008 and not dob_within_one_edit(base, value):
                    dobs = [value]
                    break
            else:
                dobs = [_far_dob(rng, dob)]
    elif kind == "nickname_other_dob":
        forenames = _nickname(rng, tokens[0], gender) or tokens[0]
        dobs = [_far_dob(rng, dob) if rng.random() < 0.6 else _near_dob(rng, dob)]
    elif kind == "similar_surname_other_dob":
        parts = surname.split("-")
        parts[0], _ = _typo(rng, parts[0])
        surname = "-".join(parts)
        dobs = [_far_dob(rng, dob)]
    elif kind == "same_surname_initial":
        if rng.random() < 0.25:
            forenames = normalise(tokens[0])[0]
        else:
            forenames = _other_forename(rng, gender, emp.forenames, initial=normalise(tokens[0])[0]) or "X"
        dobs = [_far_dob(rng, dob) if rng.random() < 0.7 else _near_dob(rng, dob)]
    elif kind == "same_surname_other_forename":
        forenames = _other_forename(rng, gender, emp.forenames) or "ROBIN"
        dobs = [_far_dob(rng, dob)]
    elif kind == "same_dob_other_name":
        g = gender if rng.random() < 0.7 else ("F" if gender == "M" else "M")
        surname = _other_surname(rng, g, surnames)
        forenames = _other_forename(rng, g, emp.forenames) or "ROBIN"
        gender = g
        dobs = [dob] if dob else []
    elif kind == "same_dob_same_forename":
        surname = _other_surname(rng, gender, surnames)
        dobs = [dob] if dob else []
    elif kind == "twin":
        g = gender if rng.random() < 0.5 else ("F" if gender == "M" else "M")
        forenames = _other_forename(rng, g, emp.forenames, other_initial=True) or "ROBIN"
        gender = g
        dobs = [dob] if dob else []
        if rng.random() < 0.6:
            postcodes = [emp.postcode]
    elif kind == "spouse":
        gender = "F" if gender == "M" else "M"
        forenames = _other_forename(rng, gender, emp.forenames) or "ROBIN"
        if rng.random() < 0.7:
            postcodes = [emp.postcode]
        base = dob or _random_date(rng, 1960, 2006)
        for _ in range(50):
            value = base + timedelta(days=rng.randint(-3650, 3650))
            if value.year <= 2008 and not dob_within_one_edit(base, value):
                dobs = [value]
                break
        else:
            dobs = [_far_dob(rng, dob)]

    if kind.startswith("same_surname") or kind in ("same_name_other_dob", "nickname_other_dob"):
        if rng.random() < 0.05:
            dobs.append(_far_dob(rng, dob))
    if kind != "same_name_no_dob" and not dobs:
        dobs = [_far_dob(rng, dob)]
    case = _case(rng)
    names = [CandidateName(case(surname), case(forenames), "primary")]
    if rng.random() < 0.08:
        alias_gender = gender or "M"
        other = _other_forename(rng, alias_gender, emp.forenames) or "ROBIN"
        names.append(CandidateName(case(_other_surname(rng, alias_gender, surnames)), case(other), "alias"))
    if kind not in ("same_name_same_address", "twin", "spouse") and rng.random() < 0.05:
        postcodes = []
    out_gender = gender if rng.random() < 0.93 else ""
    return Candidate(emp.ref, pnd_id, names, dobs, out_gender, postcodes)


def _records(rng: random.Random, seen: set[str]) -> list[dict]:
    out = []
    for _ in range(rng.choice([0, 0, 1, 1, 1, 2, 2, 3, 4])):
        category = _choice_weighted(rng, RECORD_CATEGORIES)
        out.append(
            {
                "record_id": _hex(rng, 10, seen, "PND-R-"),
                "force_code": f"{rng.randint(1, 45):02d}",
                "category": category,
                "offence_group": rng.choice(OFFENCE_GROUPS) if rng.random() < 0.8 else "",
                "date": _random_date(rng, 2005, 2025).isoformat(),
                "summary": f"{category.replace('_', ' ')} record",
            }
        )
    return out


_HAS_RECORDS = "records" in {f.name for f in fields(Candidate)}


class Generated(tuple):
    """(employees, candidates, truth): unpacks as three; `.variations` and `.decoy_kinds` on the side."""

    employees: list[Employee]
    candidates: list[Candidate]
    truth: set[tuple[str, str]]
    variations: dict[tuple[str, str], list[str]]
    decoy_kinds: dict[tuple[str, str], str]

    def __new__(cls, employees, candidates, truth, variations, decoy_kinds):
        self = super().__new__(cls, (employees, candidates, truth))
        self.employees, self.candidates, self.truth = employees, candidates, truth
        self.variations, self.decoy_kinds = variations, decoy_kinds
        return self


def generate(
    n_employees: int, seed: int = 0, decoys_per_employee: float = 0.6, true_share: float = 0.5
) -> tuple[list[Employee], list[Candidate], set[tuple[str, str]]]:
    """Employees, PND candidates (grouped by request, in random order within one) and the true pairs.

    The returned tuple is a `Generated`: `.variations` maps each true pair to its variation labels,
    `.decoy_kinds` each decoy pair to its kind (see the module docstring).
    """
    rng = random.Random(seed)
    records_rng = random.Random(f"records-{seed}")
    refs: set[str] = set()
    ids: set[str] = set()
    record_ids: set[str] = set()
    several = 0.0 if decoys_per_employee <= 0 else min(0.03, 0.05 * decoys_per_employee)
    several_mean = 5.0
    lam = max(0.0, (decoys_per_employee - several * several_mean) / (1 - several))
    kinds = [k for k, _ in DECOY_KINDS]
    kind_weights = [w for _, w in DECOY_KINDS]
    employees: list[Employee] = []
    candidates: list[Candidate] = []
    truth: set[tuple[str, str]] = set()
    variations: dict[tuple[str, str], list[str]] = {}
    decoy_kinds: dict[tuple[str, str], str] = {}
    for _ in range(n_employees):
        emp, background = _employee(rng, _hex(rng, 12, refs, "R"))
        employees.append(emp)
        group: list[Candidate] = []
        if rng.random() < true_share:
            candidate, labels = _true_candidate(rng, emp, background, _hex(rng, 8, ids, "PND-"))
            group.append(candidate)
            truth.add((emp.ref, candidate.pnd_person_id))
            variations[(emp.ref, candidate.pnd_person_id)] = labels
        count = rng.randint(3, 7) if rng.random() < several else _poisson(rng, lam)
        for _ in range(count):
            kind = rng.choices(kinds, kind_weights)[0]
            pnd_id = _hex(rng, 8, ids, "PND-")
            decoy = _decoy(rng, emp, kind, pnd_id)
            for _ in range(20):
                if decoy_is_distinguishable(emp, decoy):
                    break
                decoy = _decoy(rng, emp, kind, pnd_id)
            else:
                decoy = _decoy(rng, emp, "same_dob_other_name", pnd_id)
                kind = "same_dob_other_name"
            group.append(decoy)
            decoy_kinds[(emp.ref, pnd_id)] = kind
        rng.shuffle(group)
        if _HAS_RECORDS:
            for candidate in group:
                candidate.records = _records(records_rng, record_ids)
        candidates.extend(group)
    return Generated(employees, candidates, truth, variations, decoy_kinds)


# ---------------------------------------------------------------- files in the shared formats


def to_request_csv(employees: list[Employee]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REQUEST_HEADER)
    for e in employees:
        writer.writerow(
            [
                e.ref,
                e.surname,
                e.forenames,
                ";".join(e.previous_surnames),
                e.date_of_birth.isoformat() if e.date_of_birth else "",
                e.gender,
                e.postcode,
            ]
        )
    return out.getvalue()


def candidate_to_json(c: Candidate) -> dict:
    return {
        "request_ref": c.request_ref,
        "pnd_person_id": c.pnd_person_id,
        "names": [{"surname": n.surname, "forenames": n.forenames, "type": n.type} for n in c.names],
        "dates_of_birth": [d.isoformat() for d in c.dates_of_birth],
        "gender": c.gender,
        "postcodes": list(c.postcodes),
        "records": list(getattr(c, "records", None) or []),
    }


def to_response_jsonl(candidates: list[Candidate]) -> str:
    return "".join(json.dumps(candidate_to_json(c), ensure_ascii=False) + "\n" for c in candidates)


def to_truth_csv(candidates: list[Candidate], truth: set[tuple[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TRUTH_HEADER)
    for c in candidates:
        writer.writerow([c.request_ref, c.pnd_person_id, int((c.request_ref, c.pnd_person_id) in truth)])
    return out.getvalue()


def write_files(directory, n_employees: int, seed: int = 0, **kwargs) -> dict[str, Path]:
    """pnd-request.csv, pnd-response.jsonl and pnd-truth.csv in `directory` (created if missing)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    employees, candidates, truth = generate(n_employees, seed=seed, **kwargs)
    paths = {
        "request": directory / "pnd-request.csv",
        "response": directory / "pnd-response.jsonl",
        "truth": directory / "pnd-truth.csv",
    }
    paths["request"].write_text(to_request_csv(employees), encoding="utf-8")
    paths["response"].write_text(to_response_jsonl(candidates), encoding="utf-8")
    paths["truth"].write_text(to_truth_csv(candidates, truth), encoding="utf-8")
    return paths
