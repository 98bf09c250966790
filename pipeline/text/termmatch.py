"""Finding terms in text: whole words, any case, with or without diacritics.

Detection (counting occurrences), anonymisation (replacing) and verification (checking
nothing survived) must agree exactly on what "an occurrence" is, so all three use this
module. Matching runs on the reader form of the text (`normalise.reader_form`: no
invisible characters, look-alike letters folded, word-splitting markup joined), folded
once more for diacritics; a match's offsets are mapped back to the original, and cover
the whole original span ("To**mos**", "T<U+200B>omos"), so anonymise replaces all of it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.text.normalise import reader_form, reader_text

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


class _FoldTable(dict[int, str]):
    """`str.translate` table filled on first sight of each character (`_fold_char`)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


@lru_cache(maxsize=256)
def fold(text: str) -> str:
    """Fold diacritics, apostrophes and dashes, keeping the length and offsets.

    The text must be NFC (see `normalise`); case is left alone because the regex
    matches case-insensitively where the term asks for it. Cached (terms and drafts
    alike): one draft is folded once, however many matchers read it.
    """
    # One character to one character, so offsets stay; `translate` runs in C.
    return text.translate(_FOLD_TABLE)


def normalise(text: str) -> str:
    """NFC-normalise so that one visible letter is one code point (Siân, never Sia + ^)."""
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=8192)
def key(term: str) -> str:
    """The identity of a term: reader form, folded, case-folded, single-spaced."""
    return _SPACE_RE.sub(" ", fold(reader_text(normalise(term))).casefold().strip())


# An English word at least this common (Zipf scale: 3 is once per million words) is an
# ordinary word; rarer ones ("tomos", "carys") are names however they are written.
ORDINARY_ZIPF = 3.5


WELSH_WORDS = Path(__file__).resolve().parents[1] / "data" / "welsh_words.txt"


@lru_cache(maxsize=1)
def welsh_words() -> frozenset[str]:
    """Short Welsh words (see `pipeline/data/SOURCES.md`), folded like a matched term."""
    lines = WELSH_WORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(fold(normalise(w)) for w in lines if w and not w.startswith("#"))


def is_ordinary_word(term: str, folded_text: str, *, lang: str = "en") -> bool:
    """True for a name that is also a common word of `lang` written in lower case here.

    "Will" in a draft that also says "will" is matched only when capitalised, so the
    child called Will is redacted and the verb kept. A name that is not a common word
    ("tomos") is matched in any case, even if someone wrote it in lower case. English
    uses wordfreq's figures; wordfreq has no Welsh, so a Welsh text ("cy") uses the
    shipped Welsh word list ("mae" of "Lily-Mae" in a text that says "mae").
    """
    low = _common_form(term, lang)
    return low is not None and _occurs_as_word(low, folded_text)


@lru_cache(maxsize=8192)
def _common_form(term: str, lang: str) -> str | None:
    """The folded lower-case form of a term made of common words of `lang`, else None.

    Cached: it depends on the term alone, and the policy's terms recur in every draft.
    """
    low = fold(reader_text(normalise(term))).lower()
    if not low.strip():
        return None
    if lang == "cy":
        if not all(word in welsh_words() for word in low.split()):
            return None
    else:
        # Imported here: wordfreq's data takes a quarter of a second to load, which
        # commands that never match text (`cpr --help`, `status`, `audit`) should not pay.
        from wordfreq import zipf_frequency

        if not all(zipf_frequency(word, "en") >= ORDINARY_ZIPF for word in low.split()):
            return None
    return low


_WORD_RE = re.compile(r"\w+")


def _occurs_as_word(low: str, folded_text: str) -> bool:
    r"""Whether `low` occurs as written with no word character directly before or after.

    The same test as searching for `(?<!\w)low(?!\w)`, without a regex scan of the
    whole text per term: one word is looked up in the text's set of words, a longer
    term is found with `str.find` and its two neighbours checked.
    """
    if _WORD_RE.fullmatch(low):
        return low in _words_of(folded_text)
    start = folded_text.find(low)
    while start != -1:
        end = start + len(low)
        before, after = folded_text[start - 1 : start], folded_text[end : end + 1]
        if not _WORD_RE.match(before) and not _WORD_RE.match(after):
            return True
        start = folded_text.find(low, start + 1)
    return False


@lru_cache(maxsize=8)
def _words_of(folded_text: str) -> frozenset[str]:
    """The maximal runs of word characters of a text."""
    return frozenset(_WORD_RE.findall(folded_text))


@dataclass(frozen=True)
class Match:
    """One occurrence of a term in the original text."""

    start: int
    end: int
    term_key: str


_END = ""  # marks, in the trie, that a term ends at this node
# Not "'n" (yn): a name takes it too ("Teilo'n"), and a missed name would be a leak.
_NO_CLITIC = r"(?!'(?:r|i|w|u|m|th|ch)(?!\w))"


@lru_cache(maxsize=8192)
def _atoms(folded: str, *, case_sensitive: bool) -> tuple[str, ...]:
    """The regex atoms of one folded term: a letter in either case, or as written.

    Cached: the policy's terms recur in every draft's matchers.
    """
    atoms: list[str] = []
    for i, part in enumerate(folded.split()):
        if i:
            atoms.append(r"\s+")  # any run of white space ("Tomos  Pritchard")
        atoms.extend(_atom(ch, case_sensitive=case_sensitive) for ch in part)
    return tuple(atoms)


@lru_cache(maxsize=4096)
def _atom(ch: str, *, case_sensitive: bool) -> str:
    """One character's atom: the letter in either case, or the character as written."""
    low, up = ch.lower(), ch.upper()
    if case_sensitive or low == up or len(low) != 1 or len(up) != 1:
        return re.escape(ch)
    return f"[{re.escape(low)}{re.escape(up)}]"


@lru_cache(maxsize=8192)
def _term_form(term: str) -> str:
    """A term as the trie holds it: reader form, folded, stripped."""
    return fold(reader_text(normalise(term))).strip()


# A run of ASCII letters in either case as one group, "(?ai:tomos)", not "[tT][oO][mM]...":
# the same matches (ASCII-only case folding, so no Kelvin sign for "k"), a third of the
# pattern to compile. Non-ASCII letters keep their two-letter class.
_ASCII_GROUP = "(?ai:"


def _ascii_pair(atom: str) -> str | None:
    """The lower-case letter of an atom "[xX]" for an ASCII letter x, else None."""
    if len(atom) == 4 and atom[0] == "[" and atom[3] == "]":
        low, up = atom[1], atom[2]
        if "a" <= low <= "z" and up == low.upper():
            return low
    return None


def _join(atom: str, body: str) -> str:
    """An atom followed by the regex of its node, ASCII letter pairs merged into a group."""
    letter = _ascii_pair(atom)
    if letter is None:
        return atom + body
    if body.startswith(_ASCII_GROUP):  # only ever a group made here: escapes start with "\\"
        return _ASCII_GROUP + letter + body[len(_ASCII_GROUP) :]
    following = _ascii_pair(body[:4])
    if following is not None:
        return _ASCII_GROUP + letter + following + ")" + body[4:]
    return atom + body


def _emit(node: dict) -> tuple[str, int]:
    """The trie as a regex, deeper branches first and an optional end last; and its depth.

    So at any position the longest term is tried first, as in a longest-first
    alternation of whole terms. Each node's depth is worked out once, on the way up.
    """
    branches = [(atom, *_emit(child)) for atom, child in node.items() if atom != _END]
    branches.sort(key=lambda b: (-b[2], b[0]))
    depth = max((1 + d for _, _, d in branches), default=0)
    alternatives = [_join(atom, body) for atom, body, _ in branches]
    if not alternatives:
        return "", depth
    body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
    if _END in node:
        return f"(?:{body})?", depth
    return body, depth


@lru_cache(maxsize=256)
def _compile(terms: tuple[str, ...], sensitive: frozenset[str]) -> re.Pattern[str] | None:
    """One trie-shaped regex for all the terms; cached, since the policy's terms recur.

    A trie, not an alternation of whole terms: Python's engine would try every term at
    every word, which is slow with the hundreds of terms of a long list.
    """
    trie: dict = {}
    for term in terms:
        folded = _term_form(term)
        # A name that is also an ordinary word: capitalised or all capitals only.
        forms = (
            [(folded, True), (folded.upper(), True)]
            if key(term) in sensitive
            else [(folded, False)]
        )
        for form, exact in forms:
            node = trie
            for atom in _atoms(form, case_sensitive=exact):
                node = node.setdefault(atom, {})
            if exact:
                # An ordinary word never matches with a Welsh clitic attached ("Mae'r"):
                # that is the word, not the name.
                node = node.setdefault(_NO_CLITIC, {})
            node[_END] = {}
    if not trie:
        return None
    # Whole words only: no letter or digit directly before or after.
    return re.compile(r"(?<![\w])" + _emit(trie)[0] + r"(?![\w])")


class TermMatcher:
    """Compiled matcher for many terms at once; the longest term wins at any position."""

    def __init__(self, terms: Iterable[str], *, case_sensitive: Iterable[str] = ()) -> None:
        by_key: dict[str, str] = {}
        for term in terms:
            if term and term.strip():
                by_key.setdefault(key(term), term)
        self._keys = frozenset(by_key)
        sensitive = frozenset(key(t) for t in case_sensitive) & self._keys
        self._regex = _compile(tuple(sorted(by_key.values())), sensitive)

    def finditer(self, text: str) -> Iterator[Match]:
        """Non-overlapping matches in NFC `text`, in reading order, as spans of `text`.

        The search runs on the reader form of `text`; each span is mapped back to the
        original characters it was made from (hidden characters and split markup
        included).
        """
        if self._regex is None:
            return
        reader = reader_form(text)
        same = reader.text is text
        for m in self._regex.finditer(fold(reader.text)):
            # The matched text's key is the term's key: the same folding made both, and
            # the match is already folded, so only case and spaces remain to normalise.
            k = _SPACE_RE.sub(" ", m.group().casefold().strip())
            if k not in self._keys:
                k = key(m.group())
            if k not in self._keys:  # cannot happen; fail loudly rather than skip a term
                raise AssertionError("a match does not map back to a term")
            start, end = (m.start(), m.end()) if same else reader.to_original(m.start(), m.end())
            yield Match(start, end, k)


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of an offset."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col
