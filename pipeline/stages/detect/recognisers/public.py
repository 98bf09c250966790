"""Public context a report keeps: countries, nationalities, languages and ethnic groups.

The guidance treats them as context, not identifiers ("a Polish-speaking family", "the
Kurdish interpreter"). The names come from maintained data, never a hand list of the
drafts' words: country and language names from `pycountry` (ISO 3166-1, ISO 639-1) and
CLDR through `babel` (English and Welsh), nationality adjectives derived from the
country names by the usual English suffixes and accepted only when `wordfreq` knows
the result as a word, and the ethnic-group categories of the 2021 Census
(`pipeline/data/ethnic_groups.txt`, see SOURCES.md).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from wordfreq import zipf_frequency

ETHNIC_GROUPS = Path(__file__).resolve().parents[3] / "data" / "ethnic_groups.txt"
# A derived adjective ("Eritrea" -> "Eritrean") counts only if English uses it this much.
DEMONYM_ZIPF = 2.0
_SUFFIXES = ("n", "an", "ian", "i", "ese", "ish")


def _derived(country: str) -> set[str]:
    """Nationality adjectives a country name may take ("Nigeria" -> "Nigerian")."""
    stems = {country, country[:-1]} if country[-1:] in "aeiouy" else {country}
    forms = {stem + suffix for stem in stems for suffix in _SUFFIXES}
    return {f for f in forms if zipf_frequency(f.lower(), "en") >= DEMONYM_ZIPF}


@cache
def public_context_names() -> tuple[frozenset[str], frozenset[str]]:
    """Lower-cased names: (countries, nationalities, languages and ethnic groups)."""
    import babel
    import pycountry

    countries: set[str] = set()
    others: set[str] = set()
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                countries.add(value)
                if " " not in value:
                    others |= _derived(value)
    for language in pycountry.languages:
        if hasattr(language, "alpha_2"):
            others.add(language.name)
    for code in ("en", "cy"):
        locale = babel.Locale(code)
        names = [v for k, v in locale.territories.items() if k.isalpha() and len(k) == 2]
        countries.update(names)
        if code == "cy":
            # Welsh writes some countries with the article, which mutates or drops in
            # prose: "Yr Iseldiroedd", "o'r Iseldiroedd".
            countries.update(n.split(" ", 1)[1] for n in names if n.startswith(("Yr ", "Y ")))
        others.update(v for k, v in locale.languages.items() if len(k) == 2)
    for line in ETHNIC_GROUPS.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            others.add(line.strip())
    return (
        frozenset(n.casefold() for n in countries),
        frozenset(n.casefold() for n in others) - frozenset(n.casefold() for n in countries),
    )


def is_public_context(term: str, *, person: bool = False) -> bool:
    """The term is a country, nationality, language or ethnic group ("Scottish Travellers").

    A term of several words counts when the whole is such a name, or each word is. With
    `person` (the term was found as a person's name) a country name alone does not count:
    Jordan, India and Georgia are also given names.
    """
    countries, others = public_context_names()
    known = others if person else countries | others
    folded = term.casefold().strip()
    if folded in known:
        return True
    parts = [p for p in folded.replace("-", " ").split() if p not in {"and", "or", "of", "the"}]
    return bool(parts) and all(p in known for p in parts)
