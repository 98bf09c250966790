"""The reader's text form: what a person reading the page takes the text to say.

A name can be hidden from a plain string search and still be read by everyone:
"T<U+200B>omos" (a zero-width space), "Tоmos" (a Cyrillic о), "𝐓𝐨𝐦𝐨𝐬" (mathematical bold),
"<U+202E>somoT<U+202C>" (a right-to-left override displays "Tomos"), "To**mos**" (part of
the word in bold). Detect, anonymise, verify and the final gate all match terms in the
reader form built here, so they agree on what the reader sees.

The reader form is:
- Unicode NFKC, character by character (ligatures, full-width and mathematical letters
  become plain letters); compatibility spacing accents ("´") are left alone, since
  `termmatch` reads some of them as apostrophes;
- without format characters (Unicode category Cf: zero-width space, joiner and
  non-joiner, word joiner, soft hyphen, BOM, bidi controls);
- with a combining mark that composes with its letter composed (w + U+0302 -> ŵ), and one
  that does not compose dropped (the reader sees the letter under it);
- with text between a right-to-left override (U+202E) and its pop (U+202C, or the end of
  the line) reversed, as it is displayed: the override reverses even Latin letters;
- with confusable letters folded to the Latin letter they look like, from Unicode's
  confusables table as the `confusable-homoglyphs` package ships it (offline JSON);
  ASCII and accented Latin letters are never folded (Welsh ŵ, ŷ, â stay as written);
- for Markdown, with inline markup that splits a word joined: "To**mos**", "To*mos*",
  "~~To~~mos", "To^mos^" and paired "To_mos_" read "Tomos".

Diacritics are kept: `termmatch.fold` makes matching diacritic-insensitive. NFKC runs
before the confusables table, so a character with a compatibility form takes it (long
ſ reads as s, Roman numeral Ⅰ as I) even where it looks more like another letter; and a
look-alike with no Latin letter in Unicode's table (Cyrillic д, Greek Σ) stays as it is.

`reader_form` returns the folded text with a map back to the original string, so a
match found in the reader form is replaced in the original (the whole original span,
hidden characters and split markup included).
"""

from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

RLO = "\u202e"  # right-to-left override: displays the following letters reversed
PDF = "\u202c"  # pop directional formatting: ends the override
# Opening controls that a PDF closes (embeddings and overrides), for nesting.
_PUSHERS = frozenset("\u202a\u202b\u202d\u202e")

# Characters that may change in the reader form, besides markup: anything outside ASCII.
_SPECIAL = re.compile(r"[^\x00-\x7f]")
# Inline Markdown delimiters (emphasis, strong, strikeout, superscript, subscript).
_DELIMS = "*_~^"
_RUN = re.compile(r"(?:\\?[*_~^])+")  # delimiter runs, escaped ones too

# Names of the kinds of format character, for the ingest report (counts only).
FORMAT_KINDS: dict[str, str] = {
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\u2060": "word joiner",
    "\u00ad": "soft hyphen",
    "\ufeff": "byte order mark (zero-width no-break space)",
    **dict.fromkeys("\u202a\u202b\u202c\u202d\u202e", "bidi embedding or override"),
    **dict.fromkeys("\u2066\u2067\u2068\u2069\u200e\u200f\u061c", "bidi isolate or mark"),
}


def is_format_char(ch: str) -> bool:
    """True for an invisible format character (Unicode category Cf)."""
    return unicodedata.category(ch) == "Cf"


def format_kind(ch: str) -> str:
    """A reader's name for the kind of a format character ("soft hyphen")."""
    return FORMAT_KINDS.get(ch, "other invisible format character")


def count_format_chars(text: str) -> Counter[str]:
    """How many format characters of each kind (`format_kind`) the text holds."""
    return Counter(format_kind(ch) for ch in text if is_format_char(ch))


def strip_format_chars(text: str) -> str:
    """The text without format characters (Cf); nothing else changes."""
    if text.isascii():
        return text
    return "".join(ch for ch in text if not is_format_char(ch))


@lru_cache(maxsize=1)
def confusables_table() -> dict[str, str]:
    """Non-Latin look-alike -> the ASCII letter it is confused with (Unicode confusables).

    Built from the JSON that `confusable-homoglyphs` ships (read from the installed
    package; never fetched). A character whose homoglyphs include an ASCII letter or a
    Latin small capital (Cyrillic т -> ᴛ -> t) maps to that letter, preferring the same
    case; otherwise one step further through the table (Cyrillic к -> ĸ -> ᴋ -> k).
    ASCII and letters whose decomposition starts with an ASCII letter (accented Latin:
    ŵ, â) are left out, so they are never folded.
    """
    raw = resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8")
    data: dict[str, list[dict[str, str]]] = json.loads(raw)

    def ascii_letters(ch: str) -> list[str]:
        return [t for h in data.get(ch, ()) if len(h["c"]) == 1 for t in _latin_of(h["c"])]

    table: dict[str, str] = {}
    for ch in data:
        if len(ch) != 1 or ch.isascii() or _is_ascii_letter(unicodedata.normalize("NFD", ch)[0]):
            continue
        if unicodedata.category(ch)[0] in "MZC":  # marks, spaces, controls: never letters
            continue
        targets = ascii_letters(ch) or [
            t for h in data[ch] if len(h["c"]) == 1 for t in ascii_letters(h["c"])
        ]
        if targets:
            same_case = [t for t in targets if t.islower() == ch.islower()]
            table[ch] = (same_case or targets)[0]
    return table


def _is_ascii_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


_SMALL_CAPITAL = re.compile(r"LATIN LETTER SMALL CAPITAL ([A-Z])")


def _latin_of(ch: str) -> list[str]:
    """The ASCII letter `ch` is, if any: itself, or the letter of a Latin small capital.

    Unicode's table takes small capitals as prototypes (Cyrillic т -> ᴛ), so their
    letter comes from the character's name.
    """
    if _is_ascii_letter(ch):
        return [ch]
    m = _SMALL_CAPITAL.fullmatch(unicodedata.name(ch, ""))
    return [m.group(1).lower()] if m else []


@dataclass(frozen=True)
class Folded:
    """The reader form of a text, with a map back to the original string.

    The reader form is cut into units, each the image of one stretch of the original:
    an unchanged stretch (`ident`) maps character for character; any other unit maps as
    a whole. Units are in reader order, which differs from the original's only inside
    a right-to-left override.
    """

    text: str
    original: str
    _fstart: list[int] = field(repr=False)
    _ostart: list[int] = field(repr=False)
    _oend: list[int] = field(repr=False)
    _ident: list[bool] = field(repr=False)
    _joined: frozenset[int] = field(repr=False, default=frozenset())

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span that the reader-form span [start, end) was made from.

        The span covers every original character of the reader-form characters in it,
        with the hidden characters between them; markup that split the word is taken in
        whole ("To**mos**" for "Tomos"), so replacing the span leaves no stray "**".
        """
        if start >= end:
            i = bisect_right(self._fstart, start) - 1
            pos = self._ostart[i] if i >= 0 else 0
            return pos, pos
        first = bisect_right(self._fstart, start) - 1
        if self._ident[first]:
            # Inside one unchanged stretch (most matches): shift; no markup can be inside.
            shift = self._ostart[first] - self._fstart[first]
            if end + shift <= self._oend[first]:
                return start + shift, end + shift
        last = bisect_right(self._fstart, end - 1) - 1
        ostart, oend = len(self.original), 0
        for i in range(first, last + 1):
            if self._ident[i]:
                a = self._ostart[i] + max(start - self._fstart[i], 0)
                b = self._ostart[i] + min(end - self._fstart[i], self._oend[i] - self._ostart[i])
            else:
                a, b = self._ostart[i], self._oend[i]
            ostart, oend = min(ostart, a), max(oend, b)
        if self._joined and any(p in self._joined for p in range(ostart, oend)):
            ostart, oend = self._widen(ostart, oend)
        return ostart, oend

    def _widen(self, ostart: int, oend: int) -> tuple[int, int]:
        """Take in the split word's markup next to the span (invisible characters too)."""
        text, joined = self.original, self._joined

        def hidden(p: int) -> bool:
            return p in joined or is_invisible(text[p])

        i = ostart
        while i > 0 and hidden(i - 1):
            i -= 1
            if i in joined:
                ostart = i
        j = oend
        while j < len(text) and hidden(j):
            j += 1
            if j - 1 in joined:
                oend = j
        return ostart, oend


def reader_text(text: str, *, markdown: bool = True) -> str:
    """The reader form of `text`, without the offset map."""
    return reader_form(text, markdown=markdown).text


@lru_cache(maxsize=32)
def reader_form(text: str, *, markdown: bool = True) -> Folded:
    """The reader form of `text` (see the module docstring) and its map to `text`.

    Args:
        text: the text as stored (NFC, as `termmatch.normalise` makes it).
        markdown: join inline Markdown markup that splits a word (off for text already
            rendered, such as a built page's visible text).

    Returns:
        The folded text and its offset map; cached, as several matchers read one text.
    """
    joined = _joined_markup(text) if markdown else frozenset()
    segments = _override_segments(text)
    changing = None if text.isascii() else _changing(text)
    if not joined and not segments and changing is None:
        n = len(text)
        return Folded(text, text, [0], [0], [n], [True])
    units: list[tuple[int, int, str, bool]] = []  # (ostart, oend, out, identical)
    pos = 0
    for seg_start, seg_end in segments:
        _fold_span(text, pos, seg_start, joined, changing, units)
        first = len(units)
        _fold_span(text, seg_start, seg_end, joined, None, units, per_char=True)
        units[first:] = units[first:][::-1]
        pos = seg_end
    _fold_span(text, pos, len(text), joined, changing, units)
    fstart: list[int] = []
    ostart: list[int] = []
    oend: list[int] = []
    ident: list[bool] = []
    outs: list[str] = []
    f = 0
    for a, b, out, same in units:
        if not out:  # a dropped character: covered by its neighbours' spans
            continue
        fstart.append(f)
        ostart.append(a)
        oend.append(b)
        ident.append(same)
        outs.append(out)
        f += len(out)
    if not outs:
        return Folded("", text, [0], [0], [0], [True], joined)
    return Folded("".join(outs), text, fstart, ostart, oend, ident, joined)


def _changing(text: str) -> re.Pattern[str] | None:
    """A pattern for the characters of `text` that the reader form changes, if any."""
    chars = sorted(ch for ch in set(_SPECIAL.findall(text)) if _is_mark(ch) or _fold_char(ch) != ch)
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]") if chars else None


@lru_cache(maxsize=8192)
def _nfkc(ch: str) -> str:
    out = unicodedata.normalize("NFKC", ch)
    # Spacing accents ("´" -> " \u0301") and the like: keep them as written.
    if len(out) > 1 and out[0] == " ":
        return ch
    return out


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    """One character's reader form: NFKC, then confusables folded ("" for a Cf)."""
    if unicodedata.category(ch) == "Cf":
        return ""
    table = confusables_table()
    return "".join(table.get(c, c) for c in _nfkc(ch))


def _fold_span(
    text: str,
    start: int,
    end: int,
    joined: frozenset[int],
    changing: re.Pattern[str] | None,
    units: list[tuple[int, int, str, bool]],
    *,
    per_char: bool = False,
) -> None:
    """Append the units of text[start:end]; unchanged stretches stay whole unless per_char."""
    run_start = start  # start of the pending unchanged stretch
    if per_char:
        indices: Iterable[int] = range(start, end)
    else:  # only these can change: a long English text is mostly skipped at C speed
        found = {m.start() for m in changing.finditer(text, start, end)} if changing else set()
        indices = sorted(found | {p for p in joined if start <= p < end})
    for i in indices:
        ch = text[i]
        if i in joined:
            out = ""
        elif ch.isascii():
            if not per_char:
                continue
            out = ch
        else:
            out = _fold_char(ch)
        mark = bool(out) and _is_mark(out[0])
        if out == ch and not per_char and not mark:
            continue
        if run_start < i:
            units.append((run_start, i, text[run_start:i], True))
        run_start = i + 1
        if mark:
            _attach_mark(units, i, out)
        else:
            units.append((i, i + 1, out, out == ch))
    if run_start < end:
        units.append((run_start, end, text[run_start:end], True))


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Me")


def is_invisible(ch: str) -> bool:
    """A format character or a combining mark: nothing a reader reads on its own."""
    return unicodedata.category(ch) in ("Cf", "Mn", "Me")


def _attach_mark(units: list[tuple[int, int, str, bool]], i: int, mark: str) -> None:
    """Attach the combining mark at `i` to the letter before it.

    Composed with it when it can be (w + U+0302 -> ŵ), otherwise dropped; either way
    part of that letter's span.
    """
    if not units or units[-1][1] != i or not units[-1][2]:
        units.append((i, i + 1, "", False))  # no letter before it: nothing to read
        return
    a, b, prev, same = units.pop()
    if same and len(prev) > 1:  # split the letter off the unchanged stretch it ends
        units.append((a, b - 1, prev[:-1], True))
        a, prev = b - 1, prev[-1]
    composed = unicodedata.normalize("NFC", prev[-1] + mark)
    units.append((a, i + 1, prev[:-1] + (composed if len(composed) == 1 else prev[-1]), False))


_MIRROR = str.maketrans("()[]{}<>", ")(][}{><")


def display_order(text: str) -> str:
    """The text with each right-to-left override applied and its controls removed.

    The letters between U+202E and its U+202C (or the end of the line) are put in the
    order they are displayed in, brackets mirrored as a browser mirrors them; nothing
    else changes (other format characters stay, for `strip_format_chars`).
    """
    segments = _override_segments(text)
    if not segments:
        return text
    parts: list[str] = []
    pos = 0
    for start, end in segments:
        parts.append(text[pos : start - 1])  # up to the RLO, without it
        parts.append(text[start:end][::-1].translate(_MIRROR))
        pos = end + 1 if end < len(text) and text[end] == PDF else end
    parts.append(text[pos:])
    return "".join(parts)


def _override_segments(text: str) -> list[tuple[int, int]]:
    """Spans of text displayed reversed: after an RLO, to its PDF or the end of the line."""
    if RLO not in text:
        return []
    segments: list[tuple[int, int]] = []
    i = text.find(RLO)
    while i != -1:
        depth, j = 1, i + 1
        while j < len(text) and text[j] not in "\n\u2029":
            if text[j] in _PUSHERS:
                depth += 1
            elif text[j] == PDF:
                depth -= 1
                if depth == 0:
                    break
            j += 1
        segments.append((i + 1, j))
        i = text.find(RLO, j)
    return segments


def _word_char_at(text: str, i: int, step: int) -> bool:
    """True when the first visible character from `i` (going by `step`) is a letter or digit."""
    while 0 <= i < len(text) and is_invisible(text[i]):
        i += step
    return 0 <= i < len(text) and text[i].isalnum()


def _joined_markup(text: str) -> frozenset[int]:
    """Positions of inline Markdown delimiters that split a word, to drop in the reader form.

    A word (a run of non-space characters) that holds a delimiter run with a letter or
    digit on each side (format characters and marks skipped) is joined: all its `*`, `~` and `^`
    runs go, and its `_` runs when there are at least two (one underscore is a name like
    "a_b", not markup). Escaped delimiters go too: a reader reads "He**ledd" as a name.
    """
    if not any(d in text for d in _DELIMS):
        return frozenset()
    drop: set[int] = set()
    done_until = -1
    for m in _RUN.finditer(text):
        s, e = m.start(), m.end()
        if s < done_until or not (_word_char_at(text, s - 1, -1) and _word_char_at(text, e, 1)):
            continue
        ws = s
        while ws > 0 and not text[ws - 1].isspace():
            ws -= 1
        we = e
        while we < len(text) and not text[we].isspace():
            we += 1
        done_until = we
        runs = list(_RUN.finditer(text, ws, we))
        underscores = sum(1 for r in runs if "_" in r.group())
        for r in runs:
            if "_" not in r.group() or underscores >= 2:
                drop.update(range(r.start(), r.end()))
    return frozenset(drop)
