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
