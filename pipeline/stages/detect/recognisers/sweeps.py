"""Sweeps for what the model and the shaped patterns miss: names, numbers, handles, ages.

Each sweep returns plain `Span`s; detection (`findings.find_all`) drops those inside a
public name or another finding, and gives them the source "sweep" for the reviewer.

- `name_sweep`: capitalised words that are not English dictionary words (wordfreq), runs
  of them with particles ("ap Hywel", "de Souza", "Al-Amin"), scored by context (titles,
  kinship and role words, verbs of people); rarer-than-word names ("Olli-Pekka") need no
  context, names that are also words ("Wei", "Roma") need it. Lower-case name-shaped
  words inside quotes ("texted “hi babić”") count when English does not know them at all.
  A short form from the `nicknames` table (Bert, Kit) counts only when a full name it
  belongs to is already found in the text.
- `identifier_sweep`: digit runs of six or more and codes mixing capitals and digits with
  separators ("AB/CD/23/012345", "XY23C00999", "K7654321"), never a date, money, a measure,
  a legislation section or the document's own numbering ("3.4.").
- `handle_sweep`: "@someone.x_07", and a username or group chat named in quotes.
- `age_sweep`: ages to the month or week ("3 years 5 months", "22 weeks old",
  "pum mlwydd a dau fis"), which `age_in_years` turns into whole years.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate

import regex
from wordfreq import zipf_frequency

from pipeline.stages.detect.recognisers._rules import CAP

# A word English uses less than this (Zipf scale) is not a dictionary word: most given
# names and surnames of other origins fall below it (Tomasz, Siobhan, Chidi, Olli).
RARE_ZIPF = 3.0
# Below this, a capitalised word next to a person's context is taken for a name
# ("her brother Ahmed", "Wei said"); above it, it is a word ("her brother Will" is left
# to the model, which reads the sentence).
NAMEY_ZIPF = 4.5
# A lower-case word in quotes counts only if English does not know it at all.
QUOTED_ZIPF = 1.0

SWEEP_SCORE = 0.45
CONTEXT_SCORE = 0.65


@dataclass(frozen=True)
class Span:
    """One span a sweep proposes."""

    start: int
    end: int
    entity_type: str
    score: float


@lru_cache(maxsize=16384)
def zipf(word: str) -> float:
    """How common an English word is (Zipf scale, 0 when unknown)."""
    return zipf_frequency(word.lower(), "en")


# --- names --------------------------------------------------------------------------------

_PARTICLES = (
    "ap|ab|ferch|verch|de|da|das|do|dos|di|del|della|van|von|der|den|ten|ter|le|la|du|des|"
    "bin|binti|bint|ibn|al|el|mac|mc"
)
_PARTICLE = regex.compile(_PARTICLES)
_TOKEN = regex.compile(r"\S+")
_PREFIXED = rf"(?:al|el|ad|ar|as|ash|at|az|an|bin|ibn|abu|abd)-{CAP}"
_WORD = rf"(?:{CAP}|{_PREFIXED})"
_RUN = regex.compile(
    rf"(?<![\p{{L}}\p{{M}}\p{{N}}_'’@./-])(?:(?:{_PARTICLES})[ \t]+)?{_WORD}"
    rf"(?:[ \t]+(?:(?:{_PARTICLES})[ \t]+)?{_WORD}){{0,3}}(?![\p{{L}}\p{{M}}\p{{N}}_@])"
)
# "CAMHS", "PPNs", "GPs": capitals-only abbreviations and their plurals.
_ABBREVIATION = regex.compile(r"\p{Lu}{2,}s?|\p{Lu}\p{Ll}?\p{Lu}+s?")
_POSSESSIVE = regex.compile(r"['’]s?$")
_LOWER_WORDS = regex.compile(r"(?<![\p{L}\p{M}])\p{Ll}[\p{L}\p{M}'’-]*")

TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "professor",
        "sir",
        "dame",
        "lord",
        "lady",
        "rev",
        "revd",
        "cllr",
        "councillor",
        "pc",
        "dc",
        "ds",
        "di",
        "dci",
        "sgt",
        "sergeant",
        "inspector",
        "constable",
        "judge",
        "hhj",
        "nurse",
        "sister",
        "master",
        "madam",
    ]
)
_KIN = (
    r"mum|mam|mummy|mother|dad|daddy|father|son|daughter|brother|sister|sibling|"
    r"half-brother|half-sister|step-?father|step-?mother|step-?brother|step-?sister|"
    r"partner|boyfriend|girlfriend|husband|wife|ex-partner|ex|fiancée?|uncle|aunt|auntie|"
    r"cousin|nan|nana|nanny|gran|granny|grandmother|grandfather|grandma|grandad|grandpa|"
    r"grandson|granddaughter|grandparents?|friend|neighbour|baby|child|infant|twin|carer|"
    r"worker|nurse|teacher|officer|visitor|midwife|doctor|practitioner|consultant|manager|"
    r"paediatrician|sergeant|constable|solicitor|guardian|childminder|landlord|lodger|"
    r"called|named|nicknamed|known\s+as|aka|and|with"
)
_BEFORE = regex.compile(
    rf"(?i:(?<![\p{{L}}])(?:{_KIN}|{'|'.join(sorted(TITLES))})\.?)[ \t]*,?[ \t]*$"
)
_VERBS = (
    r"said|says|told|tells|reported|reports|disclosed|explained|asked|stated|shared|"
    r"cried|screamed|shouted|texted|messaged|phoned|rang|called|visited|attended|arrived|"
    r"left|went|came|returned|lived|lives|stayed|stays|moved|walked|ran|slept|wanted|"
    r"refused|agreed|denied|admitted|felt|feels|became|was\s+born|is\s+aged|aged|who|whose|"
    r"herself|himself|and\s+(?:her|his|their)"
)
# Verbs that follow people and things alike: context only in mid-sentence.
_WEAK_VERBS = r"has|had|was|is|did|does|would|could"
_AFTER = regex.compile(
    rf"^(?:['’]s?[ \t]+(?i:{_KIN})|[ \t]*,?[ \t]+(?:{_VERBS})(?![\p{{L}}])"
    r"|[ \t]*\((?:aged[ \t]+)?\d|:[ \t]+\S)"
)
_AFTER_WEAK = regex.compile(rf"^[ \t]*,?[ \t]+(?:{_WEAK_VERBS})(?![\p{{L}}])")
_STANDS_ALONE = regex.compile(
    r"^(?:['’]s?)?(?:[ \t]*[,.;:!?)\]\n]|[ \t]*$|[ \t]+(?:and|or|&)[ \t])"
)
_SENTENCE_END = regex.compile(r"(?:^|[.!?:;|#*>\n(\[\"“‘]|^\s*[-+]|\d[.)])[ \t]*$")
_LOWER_WORD = regex.compile(r"(?<![\p{L}\p{M}])\p{Ll}[\p{L}\p{M}]{2,}(?![\p{L}\p{M}])")
_QUOTED = regex.compile(r"[\"“](?P<q>[^\"“”\n]{1,300})[\"”]|‘(?P<s>[^‘’\n]{1,300})’(?![\p{L}])")


@cache
def _nicknames() -> dict[str, frozenset[str]]:
    """Short form -> the full names it is short for, from the `nicknames` package's table."""
    import csv
    from importlib.resources import files

    table: dict[str, set[str]] = {}
    with files("nicknames").joinpath("names.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row.get("relationship") == "has_nickname":
                table.setdefault(row["name2"].lower(), set()).add(row["name1"].lower())
    return {k: frozenset(v) for k, v in table.items()}


@cache
def given_names() -> frozenset[str]:
    """The full given names of the `nicknames` table, lower case.

    Forms that are only ever short forms (Kit, Bex) are not among them: a short form
    counts only beside its full name.
    """
    return frozenset(n for names in _nicknames().values() for n in names)


def full_names_of(short: str) -> frozenset[str]:
    """The full first names a short form belongs to ("bert" -> albert, herbert, ...)."""
    return _nicknames().get(short.lower(), frozenset())


def _at_sentence_start(text: str, pos: int) -> bool:
    return bool(_SENTENCE_END.search(text[max(0, pos - 6) : pos]))


def _bare(word: str) -> str:
    return _POSSESSIVE.sub("", word)


class _Words:
    """What the text says about its own words: which appear in lower case."""

    def __init__(self, text: str) -> None:
        self.lower = {w.lower().strip("'’") for w in _LOWER_WORDS.findall(text)}

    def is_word(self, word: str) -> bool:
        """A dictionary word, or one this text also writes in lower case."""
        w = _bare(word).lower()
        return w in self.lower or all(zipf(p) >= NAMEY_ZIPF for p in w.split("-") if p)

    def rare(self, word: str) -> bool:
        """Rarer than a dictionary word and never written in lower case here."""
        w = _bare(word).lower()
        parts = [p for p in regex.split(r"[-'’]", w) if len(p) > 1] or [w]
        return w not in self.lower and all(zipf(p) < RARE_ZIPF for p in parts)


class _Covered:
    """Spans already found, for "is this span inside one?" in a bisection."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.max_ends = list(accumulate((e for _, e in self.spans), max))

    def holds(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start)
        return bool(i) and self.max_ends[i - 1] >= end


def name_sweep(
    text: str,
    covered: Sequence[tuple[int, int]],
    *,
    stop: Iterable[str] = (),
    known_first_names: Iterable[str] = (),
) -> list[Span]:
    """Person-like words the other detectors missed (see the module docstring).

    Args:
        text: the draft (main language).
        covered: spans already found or public; a run inside one is skipped.
        stop: lower-cased words that are never a name here (public terms' words, agency
            and place words, months and weekdays, nationalities).
        known_first_names: first names of people already found (for short forms).
    """
    inside = _Covered(covered)
    stopset = frozenset(stop) | TITLES
    firsts = {f.lower() for f in known_first_names}
    words = _Words(text)
    spans: list[Span] = []
    for run in _RUN.finditer(text):
        # Split the run at stop words, dictionary words and capitals-only abbreviations.
        pieces: list[list[regex.Match[str]]] = [[]]
        for w in _TOKEN.finditer(run[0]):
            token = _bare(w[0])
            lowered = token.lower()
            particle = _PARTICLE.fullmatch(token) is not None
            if (
                lowered in stopset
                or _ABBREVIATION.fullmatch(token) is not None
                or (not particle and words.is_word(token))
            ):
                pieces.append([])
                continue
            pieces[-1].append(w)
        for piece in pieces:
            while piece and _PARTICLE.fullmatch(piece[-1][0]):
                piece.pop()
            if not piece:
                continue
            start = run.start() + piece[0].start()
            end = run.start() + piece[-1].end()
            end -= len(text[start:end]) - len(_POSSESSIVE.sub("", text[start:end]))
            if end <= start or inside.holds(start, end):
                continue
            names = [w[0] for w in piece if not _PARTICLE.fullmatch(w[0])]
            rare = [words.rare(n) for n in names]
            initial = _at_sentence_start(text, start)
            after = text[end : end + 30]
            context = (
                bool(_BEFORE.search(text[max(0, start - 30) : start]))
                or bool(_AFTER.match(after))
                or (not initial and bool(_AFTER_WEAK.match(after)))
            )
            short_form = len(names) == 1 and bool(full_names_of(_bare(names[0])) & firsts)
            if short_form:
                score = CONTEXT_SCORE
            elif all(rare):
                # A capital opening a sentence is no evidence; another mid-sentence use is.
                lone = len(names) == 1 and initial and not context
                if lone and not _used_mid_sentence(text, names[0]):
                    continue
                score = CONTEXT_SCORE if context or len(names) > 1 else SWEEP_SCORE
            elif (any(rare) and len(names) > 1) or (
                context and not initial and all(zipf(_bare(n)) < NAMEY_ZIPF for n in names)
            ):
                score = SWEEP_SCORE
            elif (
                (context or (not initial and _STANDS_ALONE.match(after)))
                and len(names) <= 3
                and _bare(names[0]).lower() in given_names()
            ):
                # A given name of the nicknames table in a person's place: beside a
                # person's context, or standing alone mid-sentence ("..., Steve.") and not
                # the first word of a compound ("Moses basket").
                score = SWEEP_SCORE
            else:
                continue
            spans.append(Span(start, end, "PERSON", score))
    spans.extend(_quoted_names(text, inside, words))
    return spans


def _used_mid_sentence(text: str, word: str) -> bool:
    pattern = rf"(?<![\p{{L}}\p{{M}}]){regex.escape(word)}(?![\p{{L}}\p{{M}}])"
    return any(not _at_sentence_start(text, m.start()) for m in regex.finditer(pattern, text))


def _quoted_names(text: str, inside: _Covered, words: _Words) -> list[Span]:
    """Lower-case words in quotes that English does not know ("hi babić")."""
    spans = []
    for q in _QUOTED.finditer(text):
        group = "q" if q["q"] is not None else "s"
        base = q.start(group)
        for w in _LOWER_WORD.finditer(q[group]):
            word = w[0]
            start, end = base + w.start(), base + w.end()
            if inside.holds(start, end) or zipf(word) >= QUOTED_ZIPF:
                continue
            if not any(ord(c) > 127 for c in word) and len(word) < 4:
                continue
            spans.append(Span(start, end, "PERSON", SWEEP_SCORE))
    return spans


# --- identifiers ----------------------------------------------------------------------------

_ID_B = r"(?<![\p{L}\p{N}_/.£$€#@-])"
_ID_E = r"(?![\p{L}\p{N}_@]|[/.-][\p{L}\p{N}])"
# A code: capitals and digits joined by / - . (no spaces), holding at least one digit.
_CODE = regex.compile(rf"{_ID_B}(?=[A-Z0-9/.-]*\d)[A-Z0-9]+(?:[/.-][A-Z0-9]+)*{_ID_E}")
_MONEY_BEFORE = regex.compile(r"(?:[£$€]|\b(?:GBP|EUR|USD))\s*$")
_UNIT_AFTER = regex.compile(
    r"^\s*(?:k|m|bn|p|kg|g|mg|mcg|ml|l|cm|mm|km|miles?|ft|inch(?:es)?|lbs?|oz|kcal|%|percent|"
    r"per\s+cent|pounds|people|words|hours|minutes|days|weeks|months|years)(?![\p{L}])",
    regex.I,
)
_SECTION_BEFORE = regex.compile(
    r"(?i:\b(?:section|sections|s|ss|para|paragraph|paragraphs|regulation|reg|rule|article|"
    r"schedule|part|chapter|page|pages|pp?|appendix|annex|figure|table|clause|version|v)\.?\s*)$"
)
_DATE_LIKE = regex.compile(
    r"(?:\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?|(?:19|20)\d{2}(?:[/.-]\d{1,2}){0,2}|"
    r"\d{1,2}[/.-](?:19|20)\d{2})"
)
_NUMBERING = regex.compile(r"\d+(?:\.\d+)*\.?")
_REF_CONTEXT = regex.compile(
    r"(?i:\b(?:crime|case|incident|log|storm|occurrence|court|police|file|job|referral|"
    r"reference|ref|claim|application|hospital|patient|unit|record|account|number|no|"
    r"id|notice|order|warrant|docket)\b)[^.\n]{0,25}$"
)


def _identifier_ok(token: str, text: str, start: int, end: int) -> bool:
    digits = sum(c.isdigit() for c in token)
    letters = sum(c.isalpha() for c in token)
    if _NUMBERING.fullmatch(token) and "." in token:
        return False  # "3.4.", "4.1.10": the document's numbering
    if _DATE_LIKE.fullmatch(token):
        return False
    if _MONEY_BEFORE.search(text[max(0, start - 5) : start]) or _UNIT_AFTER.match(
        text[end : end + 16]
    ):
        return False
    if _SECTION_BEFORE.search(text[max(0, start - 14) : start]):
        return False
    if letters == 0:
        # A bare number: six digits or more (a seven-digit council number), any separator.
        return digits >= 6
    # A code: at least three digits and six characters ("K7654321", "XY23C00999").
    return digits >= 3 and len(token) >= 6


def identifier_sweep(text: str) -> list[Span]:
    """Reference-shaped codes and long numbers; CASE_REF next to a reference word."""
    spans = []
    for m in _CODE.finditer(text):
        token = m[0].rstrip(".")
        start, end = m.start(), m.start() + len(token)
        if not _identifier_ok(token, text, start, end):
            continue
        labelled = bool(_REF_CONTEXT.search(text[max(0, start - 40) : start]))
        entity = "CASE_REF" if labelled else "OTHER_ID"
        spans.append(Span(start, end, entity, 0.75 if labelled else 0.5))
    return spans


# --- phones and address parts -------------------------------------------------------------

# An international number: "+41 53 147 37 99", "+1-202-555-0143", "00 48 512 345 678".
_INTL_PHONE = regex.compile(
    r"(?<![\p{L}\p{N}+])(?:\+|00[ ]?)[1-9]\d{0,2}(?:[ .\-]?\(?\d{1,4}\)?){2,6}(?![\p{N}])"
)
# A number after a phone label: "Mobile: 730 064 218", "Fax: (07700)553419".
_LABELLED_PHONE = regex.compile(
    r"(?i:\b(?:tel|telephone|phone|mobile|mob|cell|fax|desk|landline|whatsapp|home|work)"
    r"\.?(?:\s+(?:no|number))?\.?\s*[:\-]?\s*)"
    r"(?P<n>\+?\(?\d[\d \-().]{5,18}\d)(?![\p{N}])"
)
# A national number of another country in groups ("76 177 296", "469 2020") after a word
# of calling or messaging, or followed by the kind of line it is ("723 813 266 office").
_GROUPED = r"(?<![\p{N}.,/:£$€-])\d{2,5}(?:[ .-]\d{2,5}){1,4}(?![\p{N}]|[.,/:-]\d)"
_CUED_PHONE = regex.compile(
    r"(?i:\b(?:call|calls|called|calling|ring|rang|phone|phoned|telephone|mobile|text|"
    r"texted|texts|message|messages|messaged|sms|whatsapp|dial|dialled|fax)\b)"
    rf"[^.?!\n\d]{{0,30}}?(?P<n>{_GROUPED})"
)
_KIND_PHONE = regex.compile(
    rf"(?P<n>{_GROUPED})[ \t]+(?i:office|mobile|home|work|fax|cell|landline)(?![\p{{L}}])"
)
_DATE_GROUPS = regex.compile(r"(\d{1,2})[ .-](\d{1,2})[ .-](\d{2}|\d{4})")


def _grouped_phone_ok(number: str) -> bool:
    """Six to twelve digits in groups, and not a date written with spaces ("12 03 2021")."""
    if not 6 <= _digits(number) <= 12:
        return False
    date = _DATE_GROUPS.fullmatch(number)
    return not (date and 1 <= int(date[1]) <= 31 and 1 <= int(date[2]) <= 12)


# Flat and suite numbers of addresses written the American or European way.
_UNIT = regex.compile(r"(?<![\p{L}])(?:Apt|Apartment|Suite|Ste)\.?[ \t]*#?\d+[A-Z]?(?![\p{N}])")
# A postal code closing an address line: "Svratka 45098", "Czech Republic 45098".
_LINE_END_CODE = regex.compile(
    r"(?<=\p{Lu}[\p{L}\p{M}.]*,?[ \t]+)(?!(?:19|20)\d{2}[ \t]*$)\d{4,5}(?:-\d{4})?[ \t]*$",
    regex.M,
)


def _digits(text: str) -> int:
    return sum(c.isdigit() for c in text)


def phone_sweep(text: str) -> list[Span]:
    """International numbers, and numbers after a phone label."""
    spans = [
        Span(m.start(), m.end(), "PHONE", 0.6)
        for m in _INTL_PHONE.finditer(text)
        if 8 <= _digits(m[0]) <= 15
    ]
    spans += [
        Span(m.start("n"), m.end("n"), "PHONE", 0.7)
        for m in _LABELLED_PHONE.finditer(text)
        if 7 <= _digits(m["n"]) <= 15
    ]
    spans += [
        Span(m.start("n"), m.end("n"), "PHONE", 0.55)
        for m in _CUED_PHONE.finditer(text)
        if _grouped_phone_ok(m["n"])
    ]
    for m in _KIND_PHONE.finditer(text):
        start = _number_before_kind(m["n"])
        if start is not None:
            spans.append(Span(m.start("n") + start, m.end("n"), "PHONE", 0.55))
    return spans


_GROUP = regex.compile(r"\d+")


def _number_before_kind(groups: str) -> int | None:
    """Where the number before "office" or "mobile" starts in its run of digit groups.

    A post code the line before may run into it ("40321 723 813 266 office"): the
    number is the longest run of trailing groups that is still a phone number's length.
    """
    if _digits(groups) <= 12:
        return 0 if _grouped_phone_ok(groups) else None
    for group in _GROUP.finditer(groups):
        if _grouped_phone_ok(groups[group.start() :]):
            return group.start()
    return None


def address_sweep(text: str) -> list[Span]:
    """Flat and suite numbers, and postal codes ending an address line."""
    spans = [Span(m.start(), m.end(), "ADDRESS", 0.6) for m in _UNIT.finditer(text)]
    spans += [
        Span(m.start(), m.start() + len(m[0].rstrip()), "POSTCODE", 0.5)
        for m in _LINE_END_CODE.finditer(text)
    ]
    return spans


# --- handles --------------------------------------------------------------------------------

_AT_HANDLE = regex.compile(
    r"(?<![\p{L}\p{N}_.@])@[\p{L}\p{N}_](?:[\p{L}\p{N}_.]{0,28}[\p{L}\p{N}_])?"
)
_NAMED_HANDLE = regex.compile(
    r"(?i:\b(?:user\s?name|handle|account|profile|gamer\s?tag|screen\s?name|group\s+chat|"
    r"group|chat|channel|server)(?:\s+name)?(?:\s+(?:called|named|was|is|of))?\s*:?\s*)"
    r"[\"“‘'](?P<h>[^\"“”‘’'\n]{2,40})[\"”’']"
)


def handle_sweep(text: str) -> list[Span]:
    """Social-media handles and usernames, and named group chats."""
    spans = [Span(m.start(), m.end(), "HANDLE", 0.85) for m in _AT_HANDLE.finditer(text)]
    spans += [Span(m.start("h"), m.end("h"), "HANDLE", 0.7) for m in _NAMED_HANDLE.finditer(text)]
    return spans


# --- ages -------------------------------------------------------------------------------------

_NUM_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    # Welsh, with their mutated forms
    "un": 1, "dau": 2, "dwy": 2, "ddau": 2, "ddwy": 2, "tri": 3, "tair": 3, "dri": 3,
    "dair": 3, "pedwar": 4, "pedair": 4, "bedwar": 4, "bedair": 4, "pum": 5, "pump": 5,
    "bum": 5, "chwe": 6, "chwech": 6, "saith": 7, "wyth": 8, "naw": 9, "deg": 10, "ddeg": 10,
    "un ar ddeg": 11, "deuddeg": 12, "ddeuddeg": 12,
    # aspirate mutation after "a" ("tair blwydd a phum mis")
    "thri": 3, "thair": 3, "phedwar": 4, "phedair": 4, "phum": 5, "phump": 5,
}  # fmt: skip
_N = r"(?:\d{1,2}|" + "|".join(sorted(_NUM_WORDS, key=len, reverse=True)) + ")"
_AGE_PATTERNS = [
    # 3 years 5 months, 3 years and 5 months (old), 3yrs 5m, 3 y 5 m
    regex.compile(
        rf"(?i:(?<![\p{{L}}\p{{N}}]){_N}[ \t-]*(?:years?|yrs?|y)[ \t]*,?[ \t]*(?:and[ \t]+)?"
        rf"{_N}[ \t-]*(?:months?|mths?|mos?|m)(?:[ \t]+old)?(?![\p{{L}}]))"
    ),
    # 22 weeks old, 5 months old, a 5-month-old, 10-week-old
    regex.compile(
        rf"(?i:(?<![\p{{L}}\p{{N}}]){_N}[ \t-]*(?:weeks?|months?|days?)[ \t-]+old(?![\p{{L}}]))"
    ),
    # aged 22 weeks, aged five months
    regex.compile(
        rf"(?i:(?<=\b(?:aged|age)[ \t]+){_N}[ \t]+(?:weeks?|months?|days?)(?![\p{{L}}]))"
    ),
    # Welsh: pum mlwydd a dau fis (oed), 3 blwydd a 5 mis oed, 22 wythnos oed
    regex.compile(
        rf"(?i:(?<![\p{{L}}\p{{N}}]){_N}[ \t]+"
        rf"(?:mlwydd|blwydd|flwydd|mlynedd|blynedd|flynedd|oed)[ \t]+"
        rf"(?:a|ac)[ \t]+{_N}[ \t]+(?:mis|fis|wythnos)(?:[ \t]+ar[ \t]+(?:ddeg|bymtheg))?"
        rf"(?:[ \t]+oed)?(?![\p{{L}}]))"
    ),
    regex.compile(
        rf"(?i:(?<![\p{{L}}\p{{N}}]){_N}[ \t]+(?:wythnos|mis|fis|diwrnod)[ \t]+oed(?![\p{{L}}]))"
    ),
    # Welsh: tri mis a dwy wythnos (oed)
    regex.compile(
        rf"(?i:(?<![\p{{L}}\p{{N}}]){_N}[ \t]+(?:mis|fis)[ \t]+(?:a|ac)[ \t]+{_N}[ \t]+"
        rf"(?:wythnos|diwrnod)(?:[ \t]+oed)?(?![\p{{L}}]))"
    ),
]
_AGE_PARTS = regex.compile(
    rf"(?i:(?P<n>{_N})[ \t-]*(?P<u>years?|yrs?|y|mlwydd|blwydd|flwydd|mlynedd|blynedd|flynedd|"
    rf"weeks?|"
    rf"wythnos|months?|mths?|mos?|m|mis|fis|days?|diwrnod)(?![\p{{L}}]))"
)


_AGE_CUE = regex.compile(
    r"(?i:month|week|mth|\bmo\b|\bdays?\s+old|\bm\b|\bmis\b|\bfis\b|wythnos|diwrnod)"
)


def age_sweep(text: str) -> list[Span]:
    """Ages to the month, week or day."""
    if not _AGE_CUE.search(text):
        return []
    found = sorted(
        ((m.start(), m.end()) for p in _AGE_PATTERNS for m in p.finditer(text)),
        key=lambda se: (se[0], -se[1]),
    )
    spans: list[Span] = []
    for start, end in found:
        if not any(s.start <= start and end <= s.end for s in spans):
            spans.append(Span(start, end, "AGE", 0.8))
    return spans


def age_in_years(term: str, *, lang: str = "en") -> str:
    """An age to the month or week in whole years: "3 years old", "under 1"."""
    years = 0
    months = 0
    for m in _AGE_PARTS.finditer(term):
        n = m["n"].lower()
        value = int(n) if n.isdigit() else _NUM_WORDS.get(n, 0)
        unit = m["u"].lower()
        if unit[0] in "yb" or unit.startswith(("ml", "fl")):  # "dwy flwydd": soft after dwy
            years += value
        elif unit.startswith(("mo", "mi", "mt", "fi")) or unit == "m":
            months += value
    years += months // 12
    if lang == "cy":
        return f"{years} oed" if years else "dan 1 oed"
    if years == 0:
        return "under 1"
    return f"{years} year{'s' if years != 1 else ''} old"
