"""Finding terms in text: whole words, any case, with or without diacritics.

Detection (counting occurrences), anonymisation (replacing) and verification (checking
nothing survived) must agree exactly on what "an occurrence" is, so all three use this
module. Matching runs on a folded copy of the text that has the same length as the
original, so a match's offsets are valid in the original too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from wordfreq import zipf_frequency

APOSTROPHES = "\u2019\u2018\u02bc\u0060\u00b4"
DASHES = "\u2010\u2011\u2012\u2013\u2014"
_SPACE_RE = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in APOSTROPHES:
        return "'"
    if ch in DASHES:
        return "-"
    if ch == "\u00a0":
        return " "
    base = unicodedata.normalize("NFD", ch)[0]
    # Only replace when the decomposition keeps one base letter (â -> a, ŷ -> y);
    # characters that do not decompose stay as they are.
    return base if len(base) == 1 else ch


def fold(text: str) -> str:
    """Fold diacritics, apostrophes and dashes, keeping the length and offsets.

    The text must be NFC (see `normalise`); case is left alone because the regex
    matches case-insensitively where the term asks for it.
    """
    return "".join(_fold_char(ch) for ch in text)


def normalise(text: str) -> str:
    """NFC-normalise so that one visible letter is one code point (Siân, never Sia + ^)."""
    return unicodedata.normalize("NFC", text)


def key(term: str) -> str:
    """The identity of a term: folded, case-folded, single-spaced."""
    return _SPACE_RE.sub(" ", fold(normalise(term)).casefold().strip())


# An English word at least this common (Zipf scale: 3 is once per million words) is an
# ordinary word; rarer ones ("tomos", "carys") are names however they are written.
ORDINARY_ZIPF = 3.5


def is_ordinary_word(term: str, folded_text: str) -> bool:
    """True for a name that is also a common English word written in lower case here.

    "Will" in a draft that also says "will" is matched only when capitalised, so the
    child called Will is redacted and the verb kept. A name that is not a common word
    ("tomos") is matched in any case, even if someone wrote it in lower case.
    """
    low = fold(normalise(term)).lower()
    if not low.strip() or not all(
            zipf_frequency(word, "en") >= ORDINARY_ZIPF for word in low.split()):
        return False
    pattern = re.compile(r"(?<!\w)" + re.escape(low) + r"(?!\w)")
    return pattern.search(folded_text) is not None


@dataclass(frozen=True)
class Match:
    """One occurrence of a term in the original text."""

    start: int
    end: int
    term_key: str


def _term_pattern(term: str, *, case_sensitive: bool) -> str:
    folded = fold(normalise(term)).strip()
    # Any run of white space in the term matches any run in the text ("Tomos  Pritchard").
    body = r"\s+".join(re.escape(part) for part in folded.split())
    if not case_sensitive:
        return f"(?i:{body})"
    # Capitalised or all capitals, never all lower case.
    return f"(?:{body}|{re.escape(folded.upper())})"


class TermMatcher:
    """Compiled matcher for many terms at once; the longest term wins at any position."""

    def __init__(self, terms: Iterable[str], *, case_sensitive: Iterable[str] = ()) -> None:
        sensitive = {key(t) for t in case_sensitive}
        by_key: dict[str, str] = {}
        for term in terms:
            if term and term.strip():
                by_key.setdefault(key(term), term)
        # Longest first, so "Tomos Pritchard" wins over "Tomos" at the same position.
        ordered = sorted(by_key.items(), key=lambda kv: (-len(kv[0]), kv[0]))
        self._keys = [k for k, _ in ordered]
        if not ordered:
            self._regex: re.Pattern[str] | None = None
            return
        alternatives = [
            f"(?P<t{i}>{_term_pattern(term, case_sensitive=k in sensitive)})"
            for i, (k, term) in enumerate(ordered)
        ]
        # Whole words only: no letter or digit directly before or after.
        self._regex = re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])")

    def finditer(self, text: str) -> Iterator[Match]:
        """Non-overlapping matches, left to right, in NFC `text`."""
        if self._regex is None:
            return
        for m in self._regex.finditer(fold(text)):
            group = m.lastgroup
            assert group is not None
            yield Match(m.start(), m.end(), self._keys[int(group[1:])])


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of an offset."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col
