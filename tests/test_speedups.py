"""Faster term matching finds exactly what the plain definitions find (invented examples)."""

from __future__ import annotations

import re
import unicodedata

import pytest

from pipeline.stages.detect.findings import KeptSpans
from pipeline.text.termmatch import (
    TermMatcher,
    _atoms,
    _common_form,
    _compile,
    fold,
    is_ordinary_word,
    normalise,
)


def _fold_by_char(text: str) -> str:
    """The definition of folding, one character at a time."""
    out = []
    for ch in text:
        if ch in "\u2019\u2018\u02bc\u0060\u00b4":
            out.append("'")
        elif ch in "\u2010\u2011\u2012\u2013\u2014":
            out.append("-")
        elif ch == "\u00a0":
            out.append(" ")
        else:
            out.append(unicodedata.normalize("NFD", ch)[0])
    return "".join(out)


@pytest.mark.parametrize(
    "text",
    [
        "Siân Ŵyn and Llŷr",
        "O’Brien‘s `quote´ ʼtwas",
        "Nant‑yr‑Eira – 3—4 ‐ ‒",
        "no\u00a0break",
        "Zoë Ångström Łukasz Şahin Nguyễn",
        "漢字 and 😀 and \u0301 alone",
        "",
    ],
)
def test_fold_is_the_character_by_character_definition(text: str) -> None:
    text = normalise(text)
    assert fold(text) == _fold_by_char(text)
    assert len(fold(text)) == len(text)


def _ordinary_by_regex(term: str, folded_text: str) -> bool:
    """The plain test: the lower-case form appears with no word character either side."""
    low = fold(normalise(term)).lower()
    return re.search(r"(?<!\w)" + re.escape(low) + r"(?!\w)", folded_text) is not None


DRAFT = (
    "Will said he will go to the park on Monday. Rose rose early; the social worker "
    "visited. She said “good morning” to the well-known grocer. Planning went ahead. "
    "will"
)

ORDINARY_CASES = [
    # (term, expected)
    ("Will", True),  # a common word written in lower case here
    ("Rose", True),
    ("Park", True),
    ("Social Worker", True),  # several words, exactly spaced as in the text
    ("Good Morning", True),
    ("Well-Known", True),  # a hyphenated word
    ("Ann", False),  # only inside "Planning"
    ("Plan", False),  # only inside "Planning"
    ("Grocers", False),  # not in the text
    ("Monday", False),  # capitalised only
    ("Social  Worker", False),  # two spaces: not as written in the text
    ("Known", True),  # after a hyphen: no word character directly before
    ("Gwen", False),  # not a common word
    ("Go To", True),
]


@pytest.mark.parametrize(("term", "expected"), ORDINARY_CASES)
def test_ordinary_word_as_the_regex_definition(term: str, expected: bool) -> None:
    folded = fold(normalise(DRAFT))
    assert is_ordinary_word(term, folded) is expected
    # The set and str.find look-ups agree with the regex wherever the word is common.
    if expected:
        assert _ordinary_by_regex(term, folded)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("will", True),  # the whole text
        ("will.", True),
        ("wills", False),
        ("_will", False),  # an underscore is a word character
        ("goodwill", False),
        ("the will of", True),
    ],
)
def test_ordinary_word_at_the_edges_of_the_text(text: str, expected: bool) -> None:
    folded = fold(text)
    assert is_ordinary_word("Will", folded) is expected
    assert _ordinary_by_regex("Will", folded) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("he went to the park", True),
        ("he went to the parking", False),
        ("the parkland and the park", True),  # a later occurrence counts
        ("xthe park", False),
    ],
)
def test_ordinary_phrase_checks_every_occurrence(text: str, expected: bool) -> None:
    folded = fold(text)
    assert is_ordinary_word("The Park", folded) is expected
    assert _ordinary_by_regex("The Park", folded) is expected


def _spans(matcher: TermMatcher, text: str) -> list[tuple[int, int, str]]:
    return [(m.start, m.end, m.term_key) for m in matcher.finditer(text)]


def test_cached_matcher_matches_like_a_fresh_one() -> None:
    terms = ["Tomos Pritchard", "Tomos", "Cwm Derw Surgery", "Will"]
    text = normalise("Tomos Pritchard and Will went to Cwm Derw Surgery; will Tomos?")
    first = _spans(TermMatcher(terms, case_sensitive=["Will"]), text)
    again = _spans(TermMatcher(terms, case_sensitive=["Will"]), text)  # from the caches
    _compile.cache_clear()
    _atoms.cache_clear()
    _common_form.cache_clear()
    fresh = _spans(TermMatcher(terms, case_sensitive=["Will"]), text)
    assert first == again == fresh
    assert [text[s:e] for s, e, _ in fresh] == [
        "Tomos Pritchard",
        "Will",
        "Cwm Derw Surgery",
        "Tomos",
    ]


def test_a_changed_list_gets_its_own_matcher() -> None:
    text = normalise("Eirlys met Bryn Tegid and Bryn at Ysgol Fach.")
    before = TermMatcher(["Bryn", "Ysgol Fach"])
    assert [text[s:e] for s, e, _ in _spans(before, text)] == ["Bryn", "Bryn", "Ysgol Fach"]
    after = TermMatcher(["Bryn", "Ysgol Fach", "Eirlys", "Bryn Tegid"])
    assert [text[s:e] for s, e, _ in _spans(after, text)] == [
        "Eirlys",
        "Bryn Tegid",
        "Bryn",
        "Ysgol Fach",
    ]
    # The first list's matcher is unchanged by the second.
    assert [text[s:e] for s, e, _ in _spans(before, text)] == ["Bryn", "Bryn", "Ysgol Fach"]


def test_case_rule_follows_each_draft() -> None:
    """A term that is an ordinary word in one draft and not in the next is judged per draft."""
    with_word = fold("Rose rose early.")
    without = fold("Rose left early.")
    assert is_ordinary_word("Rose", with_word)
    assert not is_ordinary_word("Rose", without)
    assert is_ordinary_word("Rose", with_word)
    text = "Rose left; the rose bloomed."
    strict = TermMatcher(["Rose"], case_sensitive=["Rose"])
    loose = TermMatcher(["Rose"])
    assert [text[s:e] for s, e, _ in _spans(strict, text)] == ["Rose"]
    assert [text[s:e] for s, e, _ in _spans(loose, text)] == ["Rose", "rose"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kit", True),
        ("KIT", True),
        ("kIt", True),
        ("\u212ait", False),  # the Kelvin sign is not a letter k to the pattern itself
        ("\u017fam", False),  # nor is a long s an s
        ("\u0130wan", False),  # nor a dotted capital I an i
    ],
)
def test_grouped_ascii_letters_match_as_letter_classes(text: str, expected: bool) -> None:
    pattern = _compile(("Kit", "Sam", "Iwan"), frozenset())
    assert pattern is not None
    reference = re.compile(r"(?<![\w])(?:[kK][iI][tT]|[sS][aA][mM]|[iI][wW][aA][nN])(?![\w])")
    assert (pattern.search(text) is not None) is expected
    assert (reference.search(text) is not None) is expected


def test_kept_spans_near_holds_every_span_that_touches() -> None:
    """The bisected list never leaves out a span a plain scan would find touching."""
    spans = [(0, 5), (2, 40), (10, 12), (15, 18), (18, 25), (50, 60), (60, 61)]
    kept = KeptSpans(spans)
    for start in range(0, 65):
        for end in range(start, 66):
            touching = [(s, e) for s, e in spans if s <= end and start <= e]
            near = kept.near(start, end)
            assert [sp for sp in near if sp in touching] == touching
