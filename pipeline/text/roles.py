"""Practitioners' roles: the words that name them in a review, in English and in Welsh.

A practitioner the case file does not list is replaced by their role where the text gives
it ("the health visitor, Anna Bell," -> "the health visitor"), not by a numbered label.
This module holds the vocabulary both detection (which proposes the replacement) and the
rewriting step (which keeps "the health visitor, the health visitor" out of the prose)
read. One person with a role is "the health visitor" ("yr ymwelydd iechyd"); two people
sharing a role in one review are "Health visitor 1" and "Health visitor 2" ("Ymwelydd
iechyd 1"), written like the other numbered labels ("Person 3").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.text.welsh import welsh_mutations


@dataclass(frozen=True)
class Role:
    """One practitioner role: its replacement nouns and the forms that name it in a text."""

    en: str  # "health visitor": the English noun of the replacement
    cy: str  # "ymwelydd iechyd": the Welsh noun
    cy_the: str  # "yr ymwelydd iechyd": with the article (and the mutation it causes)
    forms: tuple[str, ...] = ()  # other English or Welsh wordings ("HV", "health visiting")

    def replacement(self, lang: str = "en", number: int | None = None) -> str:
        """The replacement: "the health visitor", or "Health visitor 2" when numbered."""
        noun = self.cy if lang == "cy" else self.en
        if number is not None:
            return f"{noun[:1].upper()}{noun[1:]} {number}"
        return self.cy_the if lang == "cy" else f"the {self.en}"


def _r(en: str, cy: str, cy_the: str | None = None, *forms: str) -> Role:
    the = cy_the or ("yr " if cy[:1].lower() in "aeiouwyh" else "y ") + cy
    return Role(en, cy, the, tuple(forms))


# Most specific first where one contains another ("school nurse" before "nurse"); matching
# is longest-first anyway. Foster carers, family and friends are not practitioners.
ROLES: tuple[Role, ...] = (
    _r("social worker", "gweithiwr cymdeithasol", None, "SW", "social work practitioner"),
    _r("health visitor", "ymwelydd iechyd", None, "HV"),
    _r("midwife", "bydwraig", "y fydwraig", "community midwife"),
    _r("school nurse", "nyrs ysgol"),
    _r("designated nurse", "nyrs ddynodedig", "y nyrs ddynodedig"),
    _r("nurse", "nyrs", None, "CPN", "community psychiatric nurse", "staff nurse"),
    _r("GP", "meddyg teulu", None, "general practitioner", "family doctor"),
    _r("designated doctor", "meddyg dynodedig"),
    _r("doctor", "meddyg"),
    _r("paediatrician", "pediatregydd", None, "consultant paediatrician", "pediatregydd"),
    _r("psychiatrist", "seiciatrydd"),
    _r("psychologist", "seicolegydd"),
    _r("consultant", "ymgynghorydd"),
    _r("paramedic", "parafeddyg"),
    _r("police officer", "swyddog heddlu", None, "police constable", "constable", "PC"),
    _r("police community support officer", "swyddog cymorth cymunedol", None, "PCSO"),
    _r("detective", "ditectif", None, "detective constable", "detective sergeant"),
    _r("police sergeant", "sarjant heddlu", None, "sergeant"),
    _r("probation officer", "swyddog prawf", None, "probation practitioner"),
    _r("housing officer", "swyddog tai"),
    _r("education officer", "swyddog addysg", None, "elective home education officer"),
    _r("education welfare officer", "swyddog lles addysg", None, "EWO"),
    _r(
        "independent reviewing officer",
        "swyddog adolygu annibynnol",
        None,
        "IRO",
        "independent reviewing officer (IRO)",
    ),
    _r("personal adviser", "cynghorydd personol", None, "personal advisor"),
    _r("head teacher", "pennaeth", None, "headteacher", "headmaster", "headmistress"),
    _r("teacher", "athro", None, "class teacher", "form tutor"),
    _r("tutor", "tiwtor", None, "college tutor"),
    _r(
        "designated safeguarding lead",
        "arweinydd diogelu dynodedig",
        None,
        "DSL",
        "safeguarding lead",
        "designated safeguarding person",
    ),
    _r("family support worker", "gweithiwr cymorth i deuluoedd", None, "FSW"),
    _r("youth worker", "gweithiwr ieuenctid"),
    _r("substance misuse worker", "gweithiwr camddefnyddio sylweddau"),
    _r("support worker", "gweithiwr cymorth", None, "key worker", "keyworker"),
    _r("CAMHS practitioner", "ymarferydd CAMHS", None, "CAMHS worker", "CAMHS clinician"),
    _r("counsellor", "cwnselydd", None, "counselor"),
    _r("therapist", "therapydd"),
    _r("team manager", "rheolwr tîm"),
    _r("childminder", "gwarchodwr plant"),
    _r("officer", "swyddog", None, "attending officer"),
)

# Titles that give a role ("PC Anna Bell" is a police officer). "Dr" is a doctor or, by
# what the text says of them, a GP: see the caller.
TITLE_ROLES: dict[str, str] = {
    "PC": "police officer",
    "WPC": "police officer",
    "Constable": "police officer",
    "PCSO": "police community support officer",
    "DC": "detective",
    "DS": "detective",
    "Sgt": "police sergeant",
    "Sergeant": "police sergeant",
    "Dr": "doctor",
    "Doctor": "doctor",
    "Nurse": "nurse",
    "Midwife": "midwife",
    "Officer": "officer",
}

_BY_EN = {r.en.casefold(): r for r in ROLES}
# Upper-case abbreviations match only in capitals ("HV", not "hv").
_ABBREVIATION = re.compile(r"[A-Z]{2,5}")


def role(name: str) -> Role:
    """The role whose English noun is `name` ("health visitor")."""
    return _BY_EN[name.casefold()]


def _surface_forms() -> tuple[dict[str, Role], dict[str, Role]]:
    words: dict[str, Role] = {}
    abbreviations: dict[str, Role] = {}
    for r in ROLES:
        for form in (r.en, r.cy, *r.forms):
            if _ABBREVIATION.fullmatch(form):
                abbreviations.setdefault(form, r)
                continue
            words.setdefault(form.casefold(), r)
            if re.fullmatch(r"[a-z ]+", form.casefold()) and form.isascii():
                words.setdefault(form.casefold() + "s", r)  # "health visitors"
        # Welsh: "i weithiwr cymdeithasol", "â'r fydwraig": the noun's mutated forms.
        first, _, rest = r.cy.partition(" ")
        for m in welsh_mutations(first):
            words.setdefault((m + (" " + rest if rest else "")).casefold(), r)
    return words, abbreviations


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, Role], dict[str, Role], re.Pattern[str]]:
    words, abbreviations = _surface_forms()
    alt = "|".join(
        re.escape(w).replace(r"\ ", r"[^\S\n]+") for w in sorted(words, key=len, reverse=True)
    )
    abbr = "|".join(sorted(abbreviations, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w'\u2019-])(?:(?i:{alt})|{abbr})(?![\w-])")
    return words, abbreviations, pattern


def role_pattern() -> re.Pattern[str]:
    """One pattern for every form of every role, longest first, whole words."""
    return _tables()[2]


def role_named(phrase: str) -> Role | None:
    """The role a matched form names ("Health Visitors" -> health visitor), or None."""
    words, abbreviations, _ = _tables()
    if phrase in abbreviations:
        return abbreviations[phrase]
    return words.get(re.sub(r"\s+", " ", phrase).casefold())


@lru_cache(maxsize=1)
def _replacements() -> tuple[dict[str, Role], dict[str, Role]]:
    plain: dict[str, Role] = {}
    labels: dict[str, Role] = {}
    for r in ROLES:
        for lang in ("en", "cy"):
            plain.setdefault(r.replacement(lang).casefold(), r)
            labels.setdefault(r.replacement(lang, 0)[:-2].casefold(), r)
    return plain, labels


_LABEL = re.compile(r"(.+) (\d+)")


def role_of_replacement(new: str) -> tuple[Role, bool] | None:
    """The role a replacement names, and whether it is numbered; None for any other.

    "the health visitor" -> (health visitor, False); "Health visitor 2" -> (health
    visitor, True); "yr ymwelydd iechyd" the same; "Person 3" -> None.
    """
    plain, labels = _replacements()
    new = new.strip()
    m = _LABEL.fullmatch(new)
    if m:
        found = labels.get(m.group(1).casefold())
        return (found, True) if found and m.group(1)[:1].isupper() else None
    found = plain.get(new.casefold())
    return (found, False) if found else None


# A word that makes a noun phrase definite or possessive: "the", "her", "Mother's", "y".
DETERMINER = (
    r"(?:the|a|an|his|her|their|its|our|y|yr|ei|eu|"
    r"[^\W\d_][\w-]*['\u2019]s|[^\W\d_]+s['\u2019])"
)
# Articles only: a numbered label may take the place of "the health visitor, NAME".
ARTICLE = re.compile(r"(?i)(?:the|a|an|y|yr)")
# Words that end a noun phrase: "his visit by social worker ..." has no determiner.
_NOT_MODIFIERS = (
    "by|to|from|with|at|in|on|of|for|and|or|but|was|were|is|are|had|has|said|told|saw|"
    "gan|i|o|â|gyda|ar|yn|wrth|ac|a|neu|am|dan|heb|efo|roedd|oedd|mae|bod"
)
# A determiner (and up to three words) just before a role: "the allocated", "the Flying
# Start".
DETERMINER_BEFORE = re.compile(
    rf"(?<![\w'\u2019])(?P<det>(?i:{DETERMINER}))[^\S\n]+"
    rf"(?:(?!(?i:{_NOT_MODIFIERS})[^\S\n])[^\W\d_][\w-]*[^\S\n]+){{0,3}}$"
)


@lru_cache(maxsize=1)
def role_before() -> re.Pattern[str]:
    """A role ending just before a name: "the health visitor, " or "social worker "."""
    return re.compile(rf"(?P<role>{role_pattern().pattern})(?P<comma>,?)[^\S\n]+$")


@lru_cache(maxsize=1)
def role_after() -> re.Pattern[str]:
    """A role in an apposition after a name: ", the allocated social worker" or " (HV"."""
    return re.compile(
        rf"(?P<open>[^\S\n]*\([^\S\n]*|,[^\S\n]+)(?:(?P<det>(?i:{DETERMINER}))[^\S\n]+)?"
        rf"(?P<mods>(?:[\w'\u2019-]+[^\S\n]+){{0,3}}?)(?P<role>{role_pattern().pattern})"
    )
