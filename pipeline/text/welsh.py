"""Welsh initial mutations of place names: "yng Nghaerdydd", "i Fangor", "a Thregaron".

Welsh changes the first sound of a word after certain words, so a draft that names a
town may spell it differently from the review record. The lead expands each known place
name with these forms before matching.
"""

from __future__ import annotations

# Initial -> (soft, nasal, aspirate); None where that mutation leaves the initial alone.
# Digraphs come first so "Ll" and "Rh" are not read as "L" and "R".
_MUTATIONS: tuple[tuple[str, tuple[str | None, str | None, str | None]], ...] = (
    ("ll", ("l", None, None)),
    ("rh", ("r", None, None)),
    ("p", ("b", "mh", "ph")),
    ("t", ("d", "nh", "th")),
    ("c", ("g", "ngh", "ch")),
    ("b", ("f", "m", None)),
    ("d", ("dd", "n", None)),
    ("g", ("", "ng", None)),
    ("m", ("f", None, None)),
)
# Initials that never mutate even though they start with a mutable letter.
_FIXED = ("ch", "dd", "ff", "ph", "th")


def _recase(stem: str, new_initial: str, original_initial: str) -> str:
    """Give the mutated initial the case style of the original word."""
    if not new_initial:
        # Soft mutation of g drops it: the next letter takes the capital.
        return stem[:1].upper() + stem[1:] if original_initial[:1].isupper() else stem
    if original_initial.isupper() and len(original_initial) > 1:
        return new_initial.upper() + stem
    if original_initial[:1].isupper():
        return new_initial[:1].upper() + new_initial[1:] + stem
    return new_initial + stem


def welsh_mutations(word: str) -> set[str]:
    """The soft, nasal and aspirate mutations of a place name's initial.

    Only the first word changes ("Pen-y-bont" -> "Ben-y-bont", "Mhen-y-bont"). The
    original spelling is not included; a word whose initial does not mutate (vowels,
    "Ch", "Ff", ...) gives an empty set. Where nasal mutation makes "nb"/"nd" into
    "mb" ("yn Ninbych", said and often written "Nimbych"), both spellings are returned.

    Args:
        word: A place name as written in the review record, e.g. "Caerdydd".

    Returns:
        The mutated spellings, in the word's own case style.
    """
    lower = word.lower()
    if not word or lower.startswith(_FIXED):
        return set()
    forms: set[str] = set()
    for initial, changes in _MUTATIONS:
        if not lower.startswith(initial):
            continue
        original_initial = word[: len(initial)]
        stem = word[len(initial) :]
        if word.isupper() and len(word) > 1:
            # All capitals: mutate in capitals.
            forms.update((c.upper() + stem) for c in changes if c)
            if changes[0] == "" and stem:
                forms.add(stem)
        else:
            forms.update(_recase(stem, c, original_initial) for c in changes if c is not None)
        break
    # Nasal "N" before a labial in the next syllable is written "m": Dinbych -> Nimbych.
    for form in list(forms):
        if form[:1] in "Nn" and form[1:3].lower() in ("in", "yn") and form[3:4].lower() == "b":
            forms.add(form[0] + form[1] + "m" + form[3:])
    forms.discard(word)
    forms.discard("")
    return forms


# Which mutation each trigger word causes in the next word. "yn" (in) is nasal only
# before a place; the rewriting step asks for it only there. "ei" is read as "his" (soft);
# "a" as "and" (aspirate), the commoner reading in a review's prose.
SOFT_TRIGGERS = frozenset(
    {
        "am", "ar", "at", "gan", "heb", "i", "o", "dan", "tan", "dros", "drwy", "trwy",
        "wrth", "hyd", "ei", "dy", "dau", "dwy", "neu", "pa", "i'w", "o'i", "ail",
    }
)  # fmt: skip
ASPIRATE_TRIGGERS = frozenset({"â", "a", "gyda", "efo", "tua", "na", "chwe", "tri"})
NASAL_TRIGGERS = frozenset({"fy"})
PLACE_NASAL_TRIGGERS = frozenset({"yn", "yng", "ym"})
MUTATIONS = ("soft", "nasal", "aspirate")


def mutate(word: str, kind: str) -> str:
    """`word` with its initial mutated ("soft", "nasal" or "aspirate"); unchanged if none.

    Examples: mutate("Plentyn", "aspirate") == "Phlentyn"; mutate("cartref", "nasal") ==
    "nghartref"; mutate("Mam", "soft") == "Fam"; mutate("Gwasanaeth", "soft") == "Wasanaeth".
    """
    which = MUTATIONS.index(kind)
    lower = word.lower()
    if not word or lower.startswith(_FIXED):
        return word
    for initial, changes in _MUTATIONS:
        if not lower.startswith(initial):
            continue
        new = changes[which]
        if new is None:
            return word
        stem = word[len(initial) :]
        if word.isupper() and len(word) > 1:
            return (new.upper() + stem) if new else stem
        return _recase(stem, new, word[: len(initial)])
    return word


def nasal_yn(mutated: str) -> str:
    """The form of "yn" (in) before a nasally mutated word: "yng nghartref", "ym Mangor"."""
    low = mutated.lower()
    if low.startswith("ng"):
        return "yng"
    if low.startswith("m"):
        return "ym"
    return "yn"


def trigger_of(word: str, *, place: bool) -> str | None:
    """The mutation the word `word` causes in the next word, or None."""
    low = word.lower().replace("\u2019", "'")
    if low in SOFT_TRIGGERS:
        return "soft"
    if low in ASPIRATE_TRIGGERS:
        return "aspirate"
    if low in NASAL_TRIGGERS or (place and low in PLACE_NASAL_TRIGGERS):
        return "nasal"
    return None


# Mutated initial -> the radical initials it may come from, longest first ("ngh" before
# "ng"). A form can also be its own radical ("Mair" may be "Mair" or soft "Gmair"...), so
# the word itself is always among the candidates.
_UNMUTATE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ngh", ("c",)),
    ("mh", ("p",)),
    ("nh", ("t",)),
    ("ng", ("g",)),
    ("ph", ("p",)),
    ("th", ("t",)),
    ("ch", ("c",)),
    ("dd", ("d",)),
    ("m", ("b", "m")),
    ("n", ("d",)),
    ("f", ("b", "m")),
    ("g", ("c",)),
    ("b", ("p",)),
    ("d", ("t",)),
    ("l", ("ll",)),
    ("r", ("rh",)),
)


def radicals(word: str) -> set[str]:
    """The forms `word` may have before a mutation, itself included.

    The inverse of `mutate`: "Nghaerwyn" -> {"Nghaerwyn", "Caerwyn"}, "Lanfair" ->
    {"Lanfair", "Llanfair"}, "Wawr" -> {"Wawr", "Gwawr"} (soft mutation drops a "g"),
    "Fwrdd" -> {"Fwrdd", "Bwrdd", "Mwrdd"}. Each candidate is in the word's case style;
    none is checked against a dictionary.
    """
    forms = {word}
    if not word:
        return forms
    lower = word.lower()
    for initial, sources in _UNMUTATE:
        if lower.startswith(initial):
            stem = word[len(initial) :]
            for source in sources:
                forms.add(_recase(stem, source, word[: len(initial)]))
            break
    if lower[:1] in "aeiouwyrlâêîôûŵŷ" or lower[:1] == "":
        # Soft mutation of "g" drops it: "Wawr" from "Gwawr", "Olau" from "Golau".
        forms.add(("G" if word[:1].isupper() else "g") + (word[:1].lower() + word[1:]))
    forms.discard("")
    return forms
