"""Street addresses (ADDRESS) and the towns written after them (LOCATION).

An address is an optional flat, an optional house name, an optional house number and a
street: Welsh streets start with their street word ("Heol y Bryn", "Rhodfa'r Eglwys"),
English ones end with it ("Church Street"). Street words that are also ordinary nouns
("Court", "Park", "View") only count after a house number.
"""

from __future__ import annotations

from functools import cache

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult

from pipeline.stages.detect.recognisers._rules import (
    CAP,
    END,
    Check,
    RuleRecognizer,
    compile_re,
    words,
)
from pipeline.stages.detect.recognisers.places import AREA_NAMES
from pipeline.stages.detect.recognisers.public import is_public_context
from pipeline.stages.detect.recognisers.sweeps import RARE_ZIPF, zipf

# Words that end a street's name and start an institution's ("Heol Fawr Surgery").
_INSTITUTION = (
    r"(?:Surgery|Medical|Health|Hospital|School|Primary|Junior|Infants?|High|Comprehensive|"
    r"Nursery|Day Nursery|Clinic|Pharmacy|Practice|Care Home|Nursing Home|Community Centre|"
    r"Family Centre|Children's Centre|Ltd|Limited|Garage|Hotel)"
)
_INSTITUTION_AFTER = regex.compile(rf"\s+{_INSTITUTION}\b")
_WORD = rf"(?!{_INSTITUTION}\b){CAP}"
_CAPX = rf"(?:St\.?|{_WORD})"
_NUM = r"\d{1,4}[A-Za-z]?(?:\s*[-–]\s*\d{1,4}[A-Za-z]?)?"
_FLAT = r"(?:(?:Flat|FLAT|Apartment|Apt\.?|Unit|Fflat|Room)\s+\d{1,4}[A-Za-z]?,?\s+)"
_HOUSE = rf"(?:{CAP}(?:\s+{CAP}){{0,2}},\s+)"
_ART = r"(?:y|yr|Y|Yr|a|ar|o|i|dan|uwch)"

# Welsh street words that are rarely anything else.
_WELSH_STRONG = (
    r"(?:Y\s+|Yr\s+)?(?:Heol|Hewl|Stryd|Ffordd|Lôn|Lon|Rhodfa|Clos|Cilgant|Teras|Ystad|Rhes|"
    r"Cwrt|Llys|Gerddi|Ffordd)(?:['’]r)?"
)
# Welsh words that also start house names, farms and personal names (Bryn, Parc).
_WELSH_WEAK = (
    r"(?:Maes|Bryn|Cae|Parc|Llwyn|Bro|Pant|Tan|Dôl|Dol|Glan|Cwm|Nant|Pen|Ael|Coed|Bron|Min|"
    r"Erw|Gwel|Tir|Plas|Tŷ|Ty|Tai|Bryniau|Godre|Blaen|Gallt|Allt|Porth|Pentre)(?:['’]r)?"
)
_WELSH_NAME = rf"(?:[\s-]+(?:{_ART}[\s-]+)?{_WORD}){{1,3}}"

_ENGLISH_SAFE = (
    r"(?:Street|Road|Lane|Avenue|Close|Crescent|Drive|Terrace|Gardens|Grove|Mews|Rise|"
    r"Parade|Boulevard|Heights|Villas|Cottages|Row|Square|Estate)"
)
_ENGLISH_ANY = (
    rf"(?:{_ENGLISH_SAFE[3:-1]}|Way|Place|Court|Hill|View|Walk|Park|Green|Bank|Fields|"
    r"Meadow|Meadows|Vale|Wharf|Yard|Gate|Croft|Chase|Glade|Wynd|St|Rd|Ave|Cres|Dr|Ln|Terr|"
    r"Gdns|Pl|Ct|Cl)\.?"
)
_ENGLISH_NAME = rf"{_CAPX}(?:\s+{_CAPX}){{0,2}}"

# Capitalised words that start sentences or name institutions, never streets.
_STOP = words(
    """
    The A An In On At To From And Of For With By After Before During When While Where
    Family Crown County Magistrates Youth Civil Supreme Council Local This That Their
    His Her Its Our Your My Mother Father Child Police
    """
)

_B = r"(?<![\p{L}\p{M}\p{N}'’,-])"

# Institutions: a name ending in one of these before a comma is not a house name
# ("Crown Court, High Street").
_NOT_HOUSE = words(
    """
    Court Centre Hospital School Surgery Council Police Board Service Services Office
    Station Unit Team Department
    """
)

# The alternatives, most specific first: at any position the first that matches wins, and
# the scan then resumes after it, so "4 Maes y Coed, Lôn Las" is two addresses, not one
# address and a house called "Coed".
_FORMS: list[tuple[str, str, float]] = [
    # 12 Heol y Bryn, Flat 3, 7 Rhodfa'r Eglwys, 9 Bro Deg
    (
        "welsh-numbered",
        rf"{_FLAT}?{_HOUSE}?{_NUM}\s+(?P<street>(?:{_WELSH_STRONG}|{_WELSH_WEAK}){_WELSH_NAME})",
        0.9,
    ),
    # 15 Church Street, Flat 5, 50 Station Road
    (
        "english-numbered",
        rf"{_FLAT}?{_HOUSE}?{_NUM}\s+(?P<street>{_ENGLISH_NAME}\s+{_ENGLISH_ANY})",
        0.9,
    ),
    # Nant-yr-Eira, Rhodfa'r Eglwys; Flat 2, Lôn Las
    ("welsh-house", rf"(?:{_FLAT}|{_HOUSE})(?P<street>{_WELSH_STRONG}{_WELSH_NAME})", 0.85),
    ("english-house", rf"(?:{_FLAT}|{_HOUSE})(?P<street>{_ENGLISH_NAME}\s+{_ENGLISH_SAFE})", 0.8),
    # Lôn Las, Ffordd Penrhos, Y Stryd Fawr
    ("welsh-street", rf"(?P<street>{_WELSH_STRONG}{_WELSH_NAME})", 0.7),
    # Maes y Coed, Bryn yr Eglwys: a weak word only with the article after it
    ("welsh-weak-street", rf"(?P<street>{_WELSH_WEAK}[\s-]+{_ART}[\s-]+{CAP}(?:\s+{CAP})?)", 0.6),
    # Bryn Road, Maesglas Close
    ("english-street", rf"(?P<street>{_ENGLISH_NAME}\s+{_ENGLISH_SAFE})", 0.7),
]
_ADDRESS = "|".join(rf"(?P<{name.replace('-', '_')}>{body})" for name, body, _ in _FORMS)
_ADDRESS = rf"{_B}(?P<address>{_ADDRESS}){END}"
_SCORES = {name.replace("-", "_"): score for name, _, score in _FORMS}
_HOUSE_RE = regex.compile(rf"\A(?:{_FLAT})?(?P<house>{_HOUSE})")


# --- addresses written the continental way: street word first, or number last -------------

# Street words that open a street's name in European languages (Italian, French, Spanish,
# Catalan, Portuguese, Romanian, Polish, Greek transliterated): "Via Roma 12", "Rue de la
# Gare 3", "Avda. del Mar 9". Generic words of each language, not names of streets.
_PREFIX_TYPES = (
    r"(?:Via|Viale|Vicolo|Piazza|Piazzale|Corso|Largo|Contrada|Borgo|Strada|Rue|Chemin|"
    r"Allée|Impasse|Quai|Route|Calle|Avenida|Avda\.|Av\.|Paseo|Pasaje|Plaza|Camino|Carrer|"
    r"Carretera|Ronda|Travesía|Rua|Travessa|Praça|Estrada|Alameda|Bairro|Beco|Rodovia|"
    r"Calea|Aleea|Bulevardul|Piața|Ulica|Ul\.|Aleja|Odos|Leoforos|Οδός|Λεωφόρος|Πλατεία)"
)
# Endings of one-word street names in Germanic, Nordic, Dutch, Finnish and Hungarian
# ("Bahnhofstraße", "Lindevej", "Storgatan", "Kerkstraat", "Mannerheimintie"), and the
# same words standing alone after a name ("Langenhorner Chaussee").
_SUFFIX_TYPES = (
    r"(?:straße|strasse|str\.|weg|gasse|platz|allee|damm|ufer|steig|pfad|chaussee|markt|"
    r"vej|gade|gata|gatan|vägen|väg|veien|vegen|gate|gränd|straat|laan|plein|gracht|kade|"
    r"dreef|steeg|singel|braut|stígur|vegur|tie|katu|kuja|polku|utca)"
)
_PARTICLE = (
    r"(?:de|di|da|do|dos|das|del|della|delle|dei|degli|du|des|la|le|les|el|van|von|der|den|"
    r"St\.?|San|Santa|São|d['’]|l['’])"
)
_HOUSE_NO = r"\d{1,5}[A-Za-z]?(?:[-/]\d{1,4}[A-Za-z]?)?"
_LEADING = r"(?:(?P<lead>\d{1,5})[ \t]+(?:\d{1,4}[A-Za-z]?[ \t]+)?)"
_NAME_PART = rf"(?:{_PARTICLE}|{CAP})"
_INTL_FORMS: list[tuple[str, str, float]] = [
    # Via Carlo Rossi 12, 4 Rue de la Paix 12, Avda. del Sol 9
    (
        "prefix",
        rf"{_LEADING}?{_PREFIX_TYPES}(?:[ \t]+{_NAME_PART}){{1,4}}(?:[ \t]+(?P<no>{_HOUSE_NO}))?",
        0.8,
    ),
    # Lindevej 46, Paul-Ernst-Platz 3, Langenhorner Chaussee 76
    (
        "suffix",
        rf"{_LEADING}?(?P<word>(?:{CAP}[ \t]+)?(?=\p{{Lu}})[\p{{L}}\p{{M}}-]*(?i:{_SUFFIX_TYPES}))"
        rf"[ \t]+(?P<no>{_HOUSE_NO})",
        0.8,
    ),
    # 12 Kowalska 7: a building number, a street name that is not English, a house number
    (
        "numbered",
        rf"{_LEADING}(?P<words>{_NAME_PART}(?:[ \t]+{_NAME_PART}){{0,3}})[ \t]+"
        rf"(?P<no>{_HOUSE_NO})",
        0.7,
    ),
    # Aristotelous 54 street: the street word after the number, in lower case
    (
        "street-after",
        rf"(?P<words>{CAP}(?:[ \t]+{CAP}){{0,2}})[ \t]+{_HOUSE_NO}"
        rf"(?=[ \t]+(?:street|road|avenue|str\.)(?![\p{{L}}]))",
        0.6,
    ),
    # P.O. Box 50, PO Box 1234, 12 P.O. Box 50
    ("po-box", rf"{_LEADING}?(?:P\.?[ \t]?O\.?|Post[ \t]+Office)[ \t]+Box[ \t]+\d{{1,6}}", 0.8),
]
# Not inside a reference either ("no. 40660/08 Kowal 12"): no slash or point before.
_INTL_B = r"(?<![\p{L}\p{M}\p{N}'’,./-])"
_INTL_RE = [
    (name, compile_re(rf"{_INTL_B}(?:{body}){END}"), score) for name, body, score in _INTL_FORMS
]
# What every match of a form holds, found cheaply first: the full pattern then runs only
# in a window around each such hit (most reports have none).
_INTL_HITS = {
    "prefix": compile_re(rf"(?<![\p{{L}}]){_PREFIX_TYPES}[ \t]"),
    # a lower-case letter, then a number: the word before is tested in `_suffix_hit`
    "suffix": compile_re(r"(?<=\p{Ll}\.?)[ \t]+\d"),
    "numbered": compile_re(r"\d[ \t]+\p{Lu}"),
    "street-after": compile_re(r"\d[ \t]+(?:street|road|avenue|str\.)(?![\p{L}])"),
    "po-box": compile_re(r"(?i:box)[ \t]+\d"),
}


_SUFFIX_ENDS = tuple(_SUFFIX_TYPES[3:-1].replace("\\", "").split("|"))


def _suffix_hit(hit: regex.Match[str], text: str) -> bool:
    """Whether the word before a number ends in a street word ("Lindevej 4")."""
    word = text[max(0, hit.start() - 40) : hit.start()].rsplit(None, 1)[-1]
    return word.lower().endswith(_SUFFIX_ENDS)


def _windows(
    text: str, hits: regex.Pattern[str], *, before: int = 80, keep: Check | None = None
) -> list[tuple[int, int]]:
    """Merged spans of text around each hit: far enough back for a street's name."""
    spans: list[tuple[int, int]] = []
    for hit in hits.finditer(text):
        if keep is not None and not keep(hit, text):
            continue
        start, end = max(0, hit.start() - before), min(len(text), hit.end() + 40)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


# A year is never a house number ("12 May 2020", "the Children Act 1989").
_YEAR = regex.compile(r"(?:1[89]|20)\d{2}")
# Words that make "number, words, number" something other than an address.
_NOT_STREET = words(
    """
    Act Acts Regulations Order Section Part Schedule Chapter Paragraph Appendix Annex Page
    Year Years Month Months Week Weeks Day Days Room Ward Bed Bay Level Floor Table Figure
    Stage Step Phase Item Question Option Version Child Children Person Sibling Baby
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    """
)
# A building number written before a street the patterns found ("083 254 Acacia Street"):
# US-style addresses put one number before another.
_LEAD_NUMBER = regex.compile(r"(?<![\p{L}\p{N}.,/:£$€#-])\d{1,5}[ \t]+\Z")


def _rare(word: str, *, below: float | None = None) -> bool:
    """Not an English dictionary word (a street name of another language)."""
    return zipf(word.strip(".")) < (RARE_ZIPF if below is None else below)


def _intl_ok(name: str, match: regex.Match[str]) -> bool:
    """Whether a continental-style match is an address, not a date, section or count."""
    lead, no = match.groupdict().get("lead"), match.groupdict().get("no")
    if lead is not None and _YEAR.fullmatch(lead):
        return False
    if no is not None and _YEAR.fullmatch(no) and lead is None:
        return False
    if name == "prefix":
        # "Via" and "Rue" are also words: a number on either side makes it a street.
        return lead is not None or no is not None
    if name == "suffix":
        return _rare(match["word"].split()[-1])
    if name in ("numbered", "street-after"):
        parts = match["words"].split()
        if any(p in _NOT_STREET for p in parts):
            return False
        return any(_rare(p) for p in parts) and (name != "numbered" or not _YEAR.fullmatch(no))
    return True


def _with_lead(text: str, start: int) -> int:
    """`start` moved left over a building number written just before it."""
    m = _LEAD_NUMBER.search(text[max(0, start - 12) : start])
    if m is None or (m.start() == 0 and start > 12):
        return start
    number = m[0].strip()
    if _YEAR.fullmatch(number):
        return start
    return start - len(m[0])


def _address_span(match: regex.Match[str]) -> tuple[int, int, float] | None:
    """The address's span and score, or None when it is an institution's name."""
    form = next(name for name in _SCORES if match[name] is not None)
    street = match["street"]
    if form.startswith("english") and street.split()[0] in _STOP:
        return None
    start, end = match.span("address")
    if _INSTITUTION_AFTER.match(match.string, end):
        # "Heol Fawr Surgery", "Station Road Primary School": the organisation recognisers
        # report these whole; a street inside an institution's name is not an address.
        return None
    house = _HOUSE_RE.match(match["address"])
    if house and house["house"].rstrip(", ").split()[-1] in _NOT_HOUSE:
        # Keep the street alone, as a bare street scores.
        return match.start("street"), end, 0.7 if form.endswith("house") else _SCORES[form]
    return start, end, _SCORES[form]


class AddressRecognizer(RuleRecognizer):
    """Whole street addresses: flat, house name, number and street."""

    PATTERN = compile_re(_ADDRESS)

    def __init__(self) -> None:
        super().__init__("ADDRESS", [], name="UkAddressRecognizer")

    def find(self, text: str) -> list[RecognizerResult]:
        """Every address, left to right."""
        results = []
        for match in self.PATTERN.finditer(text):
            span = _address_span(match)
            if span is not None:
                start, end, score = span
                results.append(self.result("ADDRESS", _with_lead(text, start), end, score))
        for name, pattern, score in _INTL_RE:
            keep = _suffix_hit if name == "suffix" else None
            for pos, endpos in _windows(text, _INTL_HITS[name], keep=keep):
                for match in pattern.finditer(text, pos, endpos):
                    if _intl_ok(name, match):
                        start = _with_lead(text, match.start())
                        results.append(self.result("ADDRESS", start, match.end(), score))
        return EntityRecognizer.remove_duplicates(results)


def address_recogniser() -> AddressRecognizer:
    """A fresh address recogniser."""
    return AddressRecognizer()


# A town after the street: "..., Tregaron" or "..., Tregaron, SY25 1SH".
_LOCALITY = rf"{CAP}(?:\s+(?:{CAP}|upon|on|in))*?"
_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?(?:\s?\d[A-Z]{2})?"
_STREET_RE = compile_re(rf"(?:{_ADDRESS})")


_LOCALITY_TAIL = (
    r"(?=\s*(?:$|[,.;:|)\]\n]|\s+(?:and|where|with|in|on|for|from|to|until|before|after)\b))"
)
# (name, what follows the street, score): a postcode after the town makes it surer.
_LOCALITY_RULES = [
    (
        "town-postcode",
        compile_re(rf",\s*(?:{CAP}(?:\s+{CAP})*,\s*)?(?P<loc>{_LOCALITY}),?\s+{_POSTCODE}{END}"),
        0.85,
    ),
    ("town", compile_re(rf",\s*(?P<loc>{_LOCALITY}){_LOCALITY_TAIL}"), 0.6),
    ("second-town", compile_re(rf",\s*{_LOCALITY},\s*(?P<loc>{_LOCALITY}){_LOCALITY_TAIL}"), 0.6),
]


# Towns of addresses written the American or continental way: after the flat or suite
# ("Apt. 12 Almere Netherlands 1234"), before a state and ZIP code ("Springfield IL
# 62704"), and a town in capitals after moving ("we moved here from WOODBRIDGE").
_SEGMENT_SEP = r"[ \t]+(?:[^\p{L}\p{N}\s]{1,4}[ \t]+)?"
_UNIT_TOWN = compile_re(
    rf"(?<![\p{{L}}])(?:Apt|Apartment|Suite|Ste)\.?[ \t]*#?\d+[A-Z]?"
    rf"(?P<tail>(?:{_SEGMENT_SEP}{CAP}(?:[ \t]+{CAP}){{0,3}}){{1,2}})"
)
_UNIT_WORDS = words("Apt Apartment Suite Ste")
# Police ranks before a collar number ("PC 12345") are not a state before its ZIP code.
_RANKS = words("PC DC DS DI PS SC")
_CAP_RUN = compile_re(rf"{CAP}(?:[ \t]+{CAP})*")
_STATE_ZIP = compile_re(
    rf"(?<![\p{{L}}\p{{M}}])(?P<town>{CAP}(?:[ \t]+{CAP}){{0,2}}),?[ \t]+(?P<state>[A-Z]{{2}})"
    r"[ \t]+\d{5}(?:-\d{4})?(?![\p{N}])"
)
_MOVED_TOWN = compile_re(
    r"(?i:\b(?:moved|moving|move|relocated)(?:[ \t]+(?:here|there|back|away))?[ \t]+(?:from|to)|"
    r"\b(?:lives|lived|living|grew[ \t]+up|born|raised)[ \t]+in)[ \t]+"
    r"(?P<loc>\p{Lu}{4,}(?:[ \t-]\p{Lu}{2,}){0,2})(?![\p{L}\p{M}])"
)
_ZIP_HIT = compile_re(r"(?<=[A-Z]{2})[ \t]+\d{5}(?![\p{N}])")
_CAPITALS_HIT = compile_re(r"(?<![\p{L}])\p{Lu}{4,}(?![\p{L}\p{M}])")
# An abbreviation ("CAMHS", "NSPCC") has few vowels; a town in capitals has many.
_VOWELS = frozenset("AEIOUYÀÁÂÄÅÆÈÉÊËÌÍÎÏÒÓÔÖØÙÚÛÜ")


@cache
def _official_country_names() -> frozenset[str]:
    """Countries' official names of ISO 3166-1 (pycountry), lower case: "czech republic"."""
    import pycountry

    return frozenset(
        c.official_name.casefold() for c in pycountry.countries if hasattr(c, "official_name")
    )


def _without_country(start: int, run: str) -> tuple[int, int] | None:
    """The span of a run of capitalised words, less a country name that ends it."""
    parts = list(regex.finditer(r"\S+", run))
    for i in range(len(parts)):
        tail = run[parts[i].start() :]
        if is_public_context(tail) or tail.casefold() in _official_country_names():
            parts = parts[:i]
            break
    if not parts or parts[0][0] in _STOP or parts[0][0].rstrip(".") in _UNIT_WORDS:
        return None
    return start, start + parts[-1].end()


def _foreign_towns(text: str) -> list[tuple[int, int, float]]:
    """Towns in addresses written the American or continental way."""
    spans: list[tuple[int, int, float]] = []
    for match in _UNIT_TOWN.finditer(text):
        base = match.start("tail")
        for run in _CAP_RUN.finditer(match["tail"]):
            span = _without_country(base + run.start(), run[0])
            if span is not None:
                spans.append((*span, 0.6))
    for pos, endpos in _windows(text, _ZIP_HIT, before=60):
        for match in _STATE_ZIP.finditer(text, pos, endpos):
            town = match["town"].split()
            if (
                town[0] not in _STOP
                and match["state"] not in _RANKS
                and any(_rare(w, below=4.5) for w in town)
            ):
                spans.append((*match.span("town"), 0.6))
                spans.append((*match.span("state"), 0.5))
    for pos, endpos in _windows(text, _CAPITALS_HIT, before=40):
        for match in _MOVED_TOWN.finditer(text, pos, endpos):
            loc = match["loc"]
            letters = [c for c in loc if c.isalpha()]
            if sum(c in _VOWELS for c in letters) >= 0.3 * len(letters):
                spans.append((*match.span("loc"), 0.5))
    return spans


class LocalityRecognizer(RuleRecognizer):
    """Towns written after a street address; surer when a postcode follows.

    The street is found once and each kind of tail is tried where it ends, rather than
    running the long address pattern again for every kind of tail.
    """

    def __init__(self) -> None:
        super().__init__("LOCATION", [], name="AddressLocalityRecognizer")

    def find(self, text: str) -> list[RecognizerResult]:
        """Each town after an address, scored by what follows it."""
        results = []
        for street in _STREET_RE.finditer(text):
            if _address_span(street) is None:
                continue
            for _, tail, score in _LOCALITY_RULES:
                match = tail.match(text, street.end())
                if match is None:
                    continue
                loc = match["loc"]
                if (
                    loc not in AREA_NAMES
                    and loc.split()[0] not in _STOP
                    and _STREET_RE.fullmatch(loc) is None
                ):
                    start, end = match.span("loc")
                    results.append(self.result("LOCATION", start, end, score))
        for start, end, score in _foreign_towns(text):
            results.append(self.result("LOCATION", start, end, score))
        return EntityRecognizer.remove_duplicates(results)


def locality_recogniser() -> LocalityRecognizer:
    """A fresh locality recogniser."""
    return LocalityRecognizer()
