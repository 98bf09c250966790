"""The reader's text form: a name hidden by Unicode or by markup is still the name.

Names are invented (Heledd, Gruffydd, Zofia, Tomos); no real person.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.model.redaction_list import Decision, Entry
from pipeline.stages.anonymise import anonymise_text
from pipeline.text.normalise import (
    confusables_table,
    count_format_chars,
    display_order,
    reader_form,
    reader_text,
    strip_format_chars,
)
from pipeline.text.termmatch import TermMatcher, key

READER_CASES = [
    # (text as stored, what the reader reads)
    ("Heledd", "Heledd"),  # plain text is unchanged
    ("He\u200bledd", "Heledd"),  # zero-width space
    ("He\u200cle\u200ddd", "Heledd"),  # zero-width non-joiner and joiner
    ("Gruff\u00adydd", "Gruffydd"),  # soft hyphen (Word's optional hyphen)
    ("Zo\u2060fia\ufeff", "Zofia"),  # word joiner, byte order mark
    ("H\u0435l\u0435dd", "Heledd"),  # Cyrillic е
    ("\u0417ofi\u0430", "\u0417ofia"),  # Cyrillic З looks like a digit, not a letter: kept
    ("\u0422\u043e\u043c\u043e\u0455", "Tomos"),  # Cyrillic Т, о, м, о, ѕ
    ("\U0001d407\U0001d41e\U0001d425\U0001d41e\U0001d41d\U0001d41d", "Heledd"),  # math bold
    ("\uff28\uff45\uff4c\uff45\uff44\uff44", "Heledd"),  # full-width letters
    ("He\u0334ledd", "Heledd"),  # a combining overlay that does not compose: dropped
    ("Sia\u0302n", "Siân"),  # a combining accent that composes: composed, kept
    ("x \u202eddeleH\u202c y", "x Heledd y"),  # right-to-left override: displayed order
    ("\u202eaifoZ", "Zofia"),  # an override not closed runs to the end of the line
    ("He**ledd**", "Heledd"),  # bold on part of a word
    ("**He**ledd", "Heledd"),  # bold on the start of a word
    ("Gruff*ydd*", "Gruffydd"),  # italic
    ("~~Zo~~fia", "Zofia"),  # struck out
    ("He_led_d", "Heledd"),  # paired underscores inside a word
    ("Zo^fia^", "Zofia"),  # superscript
    ("He\u200b**ledd**", "Heledd"),  # markup after an invisible character
    ("He\\*\\*ledd", "Heledd"),  # escaped asterisks inside a word still read as the name
    ("case_file", "case_file"),  # one underscore is not markup
    ("see *Heledd* today", "see *Heledd* today"),  # emphasis on whole words is left alone
    ("2 * 3 and **bold**", "2 * 3 and **bold**"),
    ("ŵyr, ŷd, âr, ên, Siôn", "ŵyr, ŷd, âr, ên, Siôn"),  # Welsh accents survive
    ("O\u00b4Brien and O\u2019Brien", "O\u00b4Brien and O\u2019Brien"),  # apostrophes as written
    ("\ufb01ne", "fine"),  # ligature
]


@pytest.mark.parametrize(("text", "expected"), READER_CASES)
def test_reader_form(text: str, expected: str) -> None:
    assert reader_text(text) == expected


@pytest.mark.parametrize(
    ("text", "term", "original"),
    [
        # (text, term found, the original span replaced)
        ("I saw He\u200bledd.", "Heledd", "He\u200bledd"),
        ("I saw He**ledd** today", "Heledd", "He**ledd**"),
        ("I saw **He**ledd today", "Heledd", "**He**ledd"),
        ("I saw Pritch**ard** today", "Pritchard", "Pritch**ard**"),
        ("I saw \u202eddeleH\u202c today", "Heledd", "ddeleH"),
        ("I saw H\u0435l\u0435dd today", "Heledd", "H\u0435l\u0435dd"),
        ("I saw He\u0334ledd today", "Heledd", "He\u0334ledd"),
        ("I saw Heledd\u0334 today", "Heledd", "Heledd\u0334"),  # the mark goes with its letter
        ("Siân a Zo\u00adfia", "Zofia", "Zo\u00adfia"),
    ],
)
def test_match_maps_back_to_the_whole_original_span(text: str, term: str, original: str) -> None:
    matches = list(TermMatcher([term]).finditer(text))
    assert [text[m.start : m.end] for m in matches] == [original]


def test_offsets_outside_changes_are_exact() -> None:
    text = "Zofia ﬁ Heledd\u200b Gruffydd"
    folded = reader_form(text)
    start = folded.text.index("Gruffydd")
    assert folded.to_original(start, start + 8) == (text.index("Gruffydd"), len(text))


def test_anonymise_replaces_the_original_span_without_leftover_markup() -> None:
    entries = [
        Entry(
            term="Heledd Gruffydd",
            type="PERSON",
            decision=Decision.redact,
            replacement="Child A",
            variants=["Heledd", "Gruffydd"],
        )
    ]
    text = "He**ledd** met Gruff\u00adydd and \u202eddeleH\u202c, H\u0435l\u0435dd."
    out, n = anonymise_text(text, entries)
    assert n == 4
    assert out == "Child A met Child A and \u202eChild A\u202c, Child A."


def test_keys_agree_across_hidden_forms() -> None:
    assert key("He\u200bledd") == key("H\u0435ledd") == key("Heledd")
    assert key("Siân") == key("Sian")  # diacritics still fold in the key


def test_confusables_table_is_offline_and_leaves_latin_alone() -> None:
    table = confusables_table()
    assert table["\u043e"] == "o" and table["\u0391"] == "A" and table["\u0435"] == "e"
    for ch in "ŵŷâêîôûŴŶÂáéíóúäëïöüçñ":
        assert ch not in table
    assert not any(ch.isascii() for ch in table)


def test_format_characters_are_counted_by_kind_and_stripped() -> None:
    text = "Gruff\u00adydd He\u200bledd Zo\u200bfia \u202e!\u202c"
    assert count_format_chars(text) == {
        "soft hyphen": 1,
        "zero-width space": 2,
        "bidi embedding or override": 2,
    }
    assert strip_format_chars(text) == "Gruffydd Heledd Zofia !"


def test_display_order_reverses_the_override_and_mirrors_brackets() -> None:
    assert display_order("a \u202eddeleH\u202c b") == "a Heledd b"
    assert display_order("\u202e(aifoZ)") == "(Zofia)"  # mirrored, as a browser shows it


HIDERS = ["\u200b", "\u200c", "\u200d", "\u00ad", "\u2060", "\u0334", "\u0335"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 5), st.sampled_from(HIDERS)), max_size=4),
    st.sampled_from(["", "**", "*", "~~"]),
    st.integers(1, 5),
)
def test_hidden_name_is_always_found(inserts: list[tuple[int, str]], markup: str, cut: int) -> None:
    name = "Heledd"
    chars = list(name)
    for pos, hider in sorted(inserts, reverse=True):
        chars.insert(pos + 1, hider)  # after a letter, so a mark has a letter to sit on
    hidden = "".join(chars)
    if markup:
        # Emphasis on the tail of the word, cut at a letter (never inside a hider run).
        letters = [i for i, c in enumerate(hidden) if c.isalpha()]
        at = letters[cut]
        hidden = hidden[:at] + markup + hidden[at:] + markup
    text = f"Yesterday {hidden} was seen."
    matches = list(TermMatcher([name]).finditer(text))
    assert len(matches) == 1
    m = matches[0]
    # Nothing readable is left outside the span: no letter of the name, no stray "**".
    assert reader_text(text[: m.start]) == "Yesterday "
    assert reader_text(text[m.end :]) == " was seen."
