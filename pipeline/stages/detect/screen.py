"""Screening model findings before they become proposals: generic words and agencies.

spaCy's small model tags many capitalised words in a review as organisations, places or
people: "Board", "Panel", "CAMHS", "Elective Home Education", a table heading such as
"Volunteer". Each becomes an entry a reviewer must reject, and, if accepted, removes an
agency name the public should read. These rules drop such model spans. They never touch
case-file identities or pattern findings (addresses, postcodes, NHS numbers...), whose
precision is high: recall comes first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from wordfreq import zipf_frequency

from pipeline.stages.detect.recognisers.people import in_person_place
from pipeline.text.termmatch import fold

# Model types that are weak evidence on their own: most such spans in a review are agencies.
WEAK_NER_TYPES = frozenset({"ORG_LOCAL", "LOCATION"})
# An English word at least this common, tagged alone as an organisation or place, is a
# heading or an agency's short name ("the Board", "the Panel"), not a local name.
COMMON_ZIPF = 4.0
# An organisation made only of words at least this common is a description of a service
# ("Information, Advice and Assistance"); first names and surnames are rarer than this.
DESCRIPTIVE_ZIPF = 4.5
# A lone name that is also a common word ("Will", "Hope") must be used as a name.
ORDINARY_ZIPF = 3.5
# Last words of agency and public-body names: an organisation span ending in one is an
# agency ("Gwent Police", "Women's Aid"), never a child's workplace or surgery.
AGENCY_WORDS = frozenset(
    {
        "service",
        "services",
        "team",
        "aid",
        "start",
        "board",
        "panel",
        "council",
        "police",
        "trust",
        "government",
        "court",
        "courts",
        "agency",
        "authority",
        "office",
        "department",
        "inspectorate",
        "commission",
        "commissioner",
        "partnership",
        "hub",
        "forum",
        "ombudsman",
        "cymru",
        "wales",
        "nhs",
        "ministry",
        "parliament",
        "senedd",
        "tribunal",
        "directorate",
        "programme",
        "project",
        "network",
        "alliance",
        "charity",
        "society",
        "association",
        "federation",
        "institute",
    }
)
# Professional and national bodies: "Royal College of ...", "National Society for ...".
_BODY_RE = re.compile(
    r"^(?:(?:Royal|National|British|Welsh|General)\s+)*"
    r"(?:College|Society|Association|Institute|Council|Federation|Academy)\s+(?:of|for)\b"
)
# Small words inside names, ignored when judging whether a span is all common words.
_SMALL = frozenset({"of", "and", "for", "the", "in", "on", "to", "a", "an", "&"})
# Words of place and business names: a span holding one is not a person's name.
PLACE_WORDS = frozenset(
    {
        "hospital",
        "surgery",
        "centre",
        "center",
        "practice",
        "clinic",
        "school",
        "college",
        "nursery",
        "academy",
        "ltd",
        "limited",
        "plc",
        "motors",
        "garage",
        "farm",
        "hotel",
        "cafe",
        "café",
        "shop",
        "stores",
        "house",
        "home",
        "homes",
        "road",
        "street",
        "lane",
        "close",
        "avenue",
        "way",
        "park",
        "estate",
        "ward",
        "unit",
        "club",
        "church",
        "chapel",
        "inn",
        "arms",
        "court",
        "hall",
        "lodge",
        "cottage",
        "terrace",
        "drive",
        "crescent",
        "place",
        "square",
        "gardens",
        "hill",
        "view",
        "children's",
        "health",
        "medical",
        "county",
        "university",
        "royal",
        "general",
        "community",
        "primary",
        "ysgol",
        "stryd",
        "heol",
        "ffordd",
    }
)
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_ACRONYM_RE = re.compile(r"^[A-Z]{2,6}s?$")


@lru_cache(maxsize=8192)
def zipf(word: str) -> float:
    """How common an English word is (Zipf scale), diacritics folded."""
    return zipf_frequency(fold(word).lower(), "en")


def _words(text: str) -> list[str]:
    return [w for w in _WORD_RE.findall(text) if w.lower() not in _SMALL]


def is_acronym_span(term: str, text: str) -> bool:
    """Every word is a short abbreviation ("CAMHS", "NHS") never written in lower case.

    A name written in capitals in a heading ("LILY PARRY") is also written "Lily"
    elsewhere in the draft, so it is not taken for an abbreviation.
    """
    ws = [w.strip(".,;:()") for w in term.replace("&", " ").split()]
    if not ws or not all(_ACRONYM_RE.match(w) for w in ws):
        return False
    return not any(re.search(rf"\b{re.escape(w.title())}\b", text) for w in ws)


def is_agency_name(text: str) -> bool:
    """An organisation name shaped like an agency or public body."""
    ws = _words(text)
    if not ws:
        return False
    last = re.sub(r"['’]s$", "", ws[-1]).lower()
    return last in AGENCY_WORDS or bool(_BODY_RE.match(text))


def all_common(text: str, threshold: float = COMMON_ZIPF) -> bool:
    """Every word (ignoring small ones) is a common English word."""
    ws = _words(text)
    return bool(ws) and all(zipf(w) >= threshold for w in ws)


def looks_like_person(term: str) -> bool:
    """Two or three capitalised words with no place, business or agency word ("Ann Bell").

    The model often tags a full name as an organisation; typed as a person it gets
    its first name and surname as variants, so a lone "Ann" later is redacted too.
    """
    ws = term.split()
    if not 2 <= len(ws) <= 3 or not all(w[:1].isupper() and w[:1].isalpha() for w in ws):
        return False
    lowered = {re.sub(r"['’]s$", "", w).lower() for w in ws} | {w.lower() for w in ws}
    if lowered & (PLACE_WORDS | AGENCY_WORDS | _SMALL):
        return False
    return not all_common(term, DESCRIPTIVE_ZIPF) and not is_acronym_span(term, "")


def used_as_name(word: str, text: str, keep_spans: Sequence[tuple[int, int]]) -> bool:
    """`word` appears capitalised in mid-sentence outside an allow-listed name.

    "saw Will at home" is a name; "| Volunteer |" or "Daily contact..." opening a
    line or sentence is not evidence, and neither is "the Child Practice Review".
    """
    pattern = re.compile(r"(?<=[\w,;:)]\s)" + re.escape(word) + r"(?![\w'’-])")
    for m in pattern.finditer(text):
        before = text[max(0, m.start() - 3) : m.start()]
        if re.search(r"[.!?|#]\s*$", before):
            continue
        if any(s <= m.start() and m.end() <= e for s, e in keep_spans):
            continue
        return True
    return False


def dismiss(
    entity_type: str, source: str, term: str, text: str, keep_spans: Sequence[tuple[int, int]]
) -> bool:
    """Whether a finding is too generic to propose (only ever a model finding).

    Args:
        entity_type: our entity type of the finding.
        source: "ner", "pattern" or "case-file"; only "ner" is ever dismissed.
        term: the finding's cleaned text.
        text: the whole draft.
        keep_spans: occurrences of allow-listed terms in `text`.

    Returns:
        True when the finding should not be proposed.
    """
    if source != "ner":
        return False
    ws = _words(term)
    if entity_type in WEAK_NER_TYPES:
        # A section number or a date: "4.5 Transitions", "DOB 09/04/2022".
        if any(ch.isdigit() for ch in term):
            return True
        if is_acronym_span(term, text) or is_agency_name(term):
            return True
        if len(ws) == 1 and zipf(ws[0]) >= COMMON_ZIPF:
            return True
        # "Elective Home Education", "Information, Advice and Assistance".
        return entity_type == "ORG_LOCAL" and all_common(term, DESCRIPTIVE_ZIPF)
    if entity_type == "PERSON" and len(term.split()) == 1 and len(ws) == 1:
        word = ws[0]
        if zipf(word) >= ORDINARY_ZIPF:
            return not (used_as_name(word, text, keep_spans) or in_person_place(word, text))
    return False
