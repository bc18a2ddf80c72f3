"""Name normalisation and the forename-equivalence table (nicknames and spelling variants).

Reference data in code for now: groups of forenames that are the same name for matching. Each
group is symmetric; a name may sit in several groups (ALEX is ALEXANDER and ALEXANDRA).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPECIAL = str.maketrans({"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Æ": "AE", "æ": "ae", "ß": "SS", "Đ": "D", "đ": "d"})
_SEPARATORS = re.compile(r"[-‐‑–—_.,/]+")
_DROP = re.compile(r"['’`´\"]")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=200_000)
def normalise(text: str) -> str:
    """Upper case, no diacritics, no apostrophes; hyphens and dots become spaces."""
    text = (text or "").translate(_SPECIAL)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _DROP.sub("", text)
    text = _SEPARATORS.sub(" ", text)
    return _SPACES.sub(" ", text).strip().upper()


TITLES = frozenset("MR MRS MS MISS MX DR SIR DAME REV PROF LADY LORD".split())
SUFFIXES = frozenset("JR JNR SR SNR II III IV".split())


@lru_cache(maxsize=200_000)
def strip_titles(name: str) -> str:
    """A normalised name without a leading title or a trailing suffix (MR JOHN, SMITH JNR), unless
    that would leave nothing."""
    words = name.split()
    while len(words) > 1 and words[0] in TITLES:
        words = words[1:]
    while len(words) > 1 and words[-1] in SUFFIXES:
        words = words[:-1]
    return " ".join(words)


# Letters that sound alike share a class (as in Soundex); vowels, H and W between consonants and
# doubled letters drop out. Spellings and transliterations of one surname share a key: IVANOV
# IVANOFF, CHOWDHURY CHAUDHRY, QURESHI KURESHI, SIDDIQUI SIDDIQI.
_SOUND_CLASS = {**dict.fromkeys("BFPV", "1"), **dict.fromkeys("CGJKQSXZ", "2"), **dict.fromkeys("DT", "3"),
                "L": "4", **dict.fromkeys("MN", "5"), "R": "6"}  # fmt: skip


@lru_cache(maxsize=200_000)
def sound_key(name: str) -> str:
    """The sound of a normalised single name: its first letter (Q as K), then each consonant
    class (W before a vowel counts as V; PH as F)."""
    letters = name.replace(" ", "").replace("PH", "F")
    if not letters:
        return ""
    first = {"Q": "K"}.get(letters[0], letters[0])  # the first letter itself, as in Soundex
    key, last = [first], _SOUND_CLASS.get(letters[0], "")
    for i, c in enumerate(letters[1:], start=1):
        if c == "W" and i + 1 < len(letters) and letters[i + 1] in "AEIOU":
            c = "V"
        code = _SOUND_CLASS.get(c, "")
        if code and code != last:
            key.append(code)
        if c not in "HW":  # H and W do not separate two letters of one class
            last = code
    return "".join(key)


GROUPS = """
WILLIAM BILL BILLY WILL WILLIE WILLY LIAM
ROBERT BOB BOBBY ROB ROBBIE BERT
RICHARD DICK RICK RICKY RICH RICHIE
JAMES JIM JIMMY JAMIE JIMMIE
JOHN JACK JOHNNY JON
JONATHAN JON JONNY JONNIE NATHAN
JOSEPH JOE JOEY JO
THOMAS TOM TOMMY
MICHAEL MIKE MICKY MICK MICKEY
CHRISTOPHER CHRIS KIT
NICHOLAS NICK NICKY NICO
ANTHONY TONY ANT
ANDREW ANDY DREW
EDWARD ED EDDIE TED TEDDY NED
DANIEL DAN DANNY
DAVID DAVE DAVY
STEPHEN STEVE STEVIE STEVEN
STEVEN STEVE STEVIE STEPHEN
PETER PETE
PATRICK PAT PADDY
MATTHEW MATT MATTY
BENJAMIN BEN BENNY BENJI
SAMUEL SAM SAMMY
ALEXANDER ALEX SANDY XANDER ALEC ALISTAIR ALASDAIR
ALEXANDRA ALEX SANDRA LEXI ALEXA SANDY
CHARLES CHARLIE CHAS CHUCK
HENRY HARRY HAL HANK
GEOFFREY GEOFF JEFF
JEFFREY JEFF GEOFF
GREGORY GREG
TIMOTHY TIM TIMMY
PHILIP PHIL PHILLIP PIP
LAWRENCE LARRY LAURIE LAURENCE
LEONARD LEN LENNY LEO
RAYMOND RAY
RONALD RON RONNIE
DONALD DON DONNIE
KENNETH KEN KENNY
GERALD GERRY JERRY
TERENCE TERRY
FREDERICK FRED FREDDIE FREDDY
ALBERT AL BERT BERTIE
FRANCIS FRANK FRANKIE
DOUGLAS DOUG DOUGIE
NATHANIEL NATHAN NATE NAT
ZACHARY ZACH ZAK ZACK
ELIZABETH LIZ LIZZIE BETH BETTY ELIZA LIBBY BESS BETSY ELSIE LISA
MARGARET MAGGIE MEG PEGGY MAGGY MARGE GRETA MARGOT
CATHERINE CATH CATHY KATE KATIE KAT KATHERINE KATHRYN KATHLEEN CATHRYN KAY
KATHERINE KATE KATIE KATHY KAT CATHERINE KATHRYN
JENNIFER JEN JENNY JENNI
REBECCA BECKY BECCA BEX
SUSAN SUE SUSIE SUZY SUZANNE SUSANNAH
DEBORAH DEBBIE DEB DEBRA
PATRICIA PAT PATTY TRISH TRICIA
VICTORIA VICKY VICKI TORI VIC
CHRISTINE CHRIS CHRISSIE TINA CHRISTINA KRISTINE
CHRISTINA CHRIS TINA CHRISTINE KRISTINA
SAMANTHA SAM SAMMY
AMANDA MANDY MANDA
ABIGAIL ABBY ABBIE GAIL
JACQUELINE JACKIE JACQUI
GABRIELLE GABBY GABI
JESSICA JESS JESSIE
HELEN NELL NELLIE ELLEN HELENA
ELEANOR ELLIE NELL NORA ELLA
FRANCESCA FRAN FRANKIE CHESCA
NATALIE NAT TALIA NATALIA
JOANNE JO JOANNA JOAN
DOROTHY DOT DOTTIE DOLLY
MARY MOLLY POLLY MAMIE MAREE MARIA MARIE
ANNE ANN ANNIE ANNA HANNAH NAN
SARAH SARA SALLY SADIE
TERESA TERRY TESS TESSA THERESA
JULIA JULIE JULES
MOHAMMED MOHAMMAD MUHAMMAD MOHAMED MUHAMMED MOHAMAD MOHD MD MO MOHAMMET MEHMET
AHMED AHMAD AHMET
YUSUF YOUSUF YOUSSEF JOSEPH
IBRAHIM EBRAHIM ABRAHAM
HUSSEIN HUSSAIN HUSAIN HOSSEIN
ABDUL ABDAL ABDEL
OLUWASEUN SEUN SHEUN
OLUWADAMILOLA DAMI LOLA DAMILOLA
OLUWATOBI TOBI TOBY
ADEBAYO BAYO DEBO
CHUKWUEMEKA EMEKA CHUKWU
OLUWAFEMI FEMI
OLUWAKEMI KEMI
ALEKSANDER ALEKSANDR OLEKSANDR ALEXANDER SASHA OLEK ALEKS
ALEKSANDRA OLEKSANDRA ALEXANDRA SASHA OLA
KATARZYNA KASIA KATE KATHERINE
MAŁGORZATA MALGORZATA GOSIA MARGARET
PIOTR PETER
PAWEŁ PAWEL PAUL
WOJCIECH WOJTEK
JOSÉ JOSE PEPE JOSEPH
SEÁN SEAN SHAUN SHAWN JOHN
SIOBHAN SHIVAUN CHEVONNE
NIAMH NEVE NIEVE
AOIFE EFFIE EVA
CIARÁN CIARAN KIERAN KIERAN KIERON
PADRAIG PATRICK PADDY PAT
ZOË ZOE ZOEY
CHLOË CHLOE
NOËL NOEL
RENÉE RENEE RENE
""".strip()


@lru_cache(maxsize=1)
def _equivalents() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for line in GROUPS.splitlines():
        names = {normalise(n) for n in line.split()}
        for name in names:
            table.setdefault(name, set()).update(names)
    return {k: frozenset(v) for k, v in table.items()}


def same_forename(a: str, b: str) -> bool:
    """Whether two (normalised, single) forenames are the same name or a known variant."""
    if a == b:
        return True
    return b in _equivalents().get(a, ())
