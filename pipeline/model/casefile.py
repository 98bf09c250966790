"""The case file's identities as terms: every form a known name or place takes.

The Board already knows these people and places, so their entries are proposed as
`redact` with the record's pseudonym. A first name or surname alone, any case, with or
without diacritics, and possessives are all covered (case and diacritics by the
matcher, possessives because "'s" is not part of a word).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from pipeline.model.review_record import Identity, ReviewRecord
from pipeline.text.termmatch import key
from pipeline.text.welsh import welsh_mutations

TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "pc", "dc", "ds", "di", "sgt", "nurse"}
# Welsh patronymic particles and surname prefixes: not names on their own.
PARTICLES = {
    "ap",
    "ab",
    "ferch",
    "verch",
    "fab",
    "de",
    "van",
    "von",
    "le",
    "la",
    "y",
    "yr",
    "o",
    "of",
    "the",
    "and",
}
SHARED_REPLACEMENT = "[family name]"
SHARED_REPLACEMENT_CY = "[cyfenw'r teulu]"


@dataclass(frozen=True)
class IdentityTerms:
    """The terms of one identity: its main name, and every other form that maps to it."""

    identity: Identity
    term: str
    variants: tuple[str, ...]


def name_tokens(name: str) -> list[str]:
    """Tokens of a name that identify on their own (no titles, particles or initials)."""
    tokens = []
    for raw in re.split(r"[\s,]+", name):
        word = raw.strip(".'’\"()")
        if not word or key(word) in TITLES | PARTICLES:
            continue
        if len(word.replace(".", "")) < 2:
            continue
        tokens.append(word)
        if "-" in word:
            tokens.extend(p for p in word.split("-") if len(p) >= 3 and key(p) not in PARTICLES)
    return tokens


def _forms(identity: Identity) -> list[str]:
    forms: list[str] = []
    for name in [*identity.names, *identity.aliases]:
        forms.append(name)
        if identity.entity_type == "PERSON":
            forms.extend(name_tokens(name))
            # "Llŷr ap Rhys": the patronymic as a surname ("ap Rhys") too
            for m in re.finditer(r"\b(?:ap|ab|ferch|verch)\s+\S+", name, re.I):
                forms.append(m.group(0))
        else:
            # "House name, Street name": each part appears on its own as well
            forms.extend(p.strip() for p in name.split(",") if len(p.strip()) >= 3)
            for part in [name, *name.split(",")]:
                forms.extend(sorted(welsh_mutations(part.strip())))  # a set: fix the order
    return forms


def identity_terms(record: ReviewRecord) -> tuple[list[IdentityTerms], list[str]]:
    """Terms per identity, and the tokens several people share (a family surname).

    A form that several identities produce belongs to the one that has it as a name or
    alias of its own ("Cynwyl Elfed" the village, not the address that contains it), or,
    among places only, to the first. Otherwise (a surname shared by a family) it cannot
    take one person's pseudonym, so it becomes an entry of its own.
    """
    owners: dict[str, set[int]] = defaultdict(set)
    direct: dict[str, set[int]] = defaultdict(set)
    forms_of: list[list[str]] = []
    for i, identity in enumerate(record.identities):
        forms = _forms(identity)
        forms_of.append(forms)
        for form in forms:
            owners[key(form)].add(i)
        for name in [*identity.names, *identity.aliases]:
            direct[key(name)].add(i)
    owner_of: dict[str, int] = {}
    shared_keys: set[str] = set()
    for k, who in owners.items():
        if len(who) == 1:
            owner_of[k] = next(iter(who))
        elif len(direct[k]) == 1:
            owner_of[k] = next(iter(direct[k]))
        elif all(record.identities[i].entity_type != "PERSON" for i in who):
            owner_of[k] = min(who)
        else:
            shared_keys.add(k)
    result = []
    shared: dict[str, str] = {}
    for i, (identity, forms) in enumerate(zip(record.identities, forms_of, strict=True)):
        main = identity.names[0]
        variants: list[str] = []
        seen = {key(main)}
        for form in forms:
            k = key(form)
            if k in shared_keys:
                shared.setdefault(k, form)
            elif owner_of[k] == i and k not in seen:
                seen.add(k)
                variants.append(form)
        result.append(IdentityTerms(identity=identity, term=main, variants=tuple(variants)))
    return result, sorted(shared.values(), key=key)
