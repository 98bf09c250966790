"""Term matching: the single definition of "an occurrence" for detect, anonymise and verify."""

from __future__ import annotations

import pytest

from pipeline.text.termmatch import TermMatcher, fold, is_ordinary_word, key, normalise

CASES = [
    # (terms, text, expected matched surface strings)
    (["Tomos"], "Tomos's mother", ["Tomos"]),  # possessive: "'s" is not part of the word
    (["Tomos"], "TOMOS left", ["TOMOS"]),  # any case
    (["Siân"], "Sian and Siân and SIAN", ["Sian", "Siân", "SIAN"]),  # with or without diacritics
    (["Sian"], "Siân’s brother", ["Siân"]),  # folded term, curly apostrophe in the text
    (["Tomos", "Tomos Pritchard"], "Tomos Pritchard came", ["Tomos Pritchard"]),  # longest first
    (["Tom"], "Tomorrow Tom came", ["Tom"]),  # never inside another word
    (["Tomos Pritchard"], "Tomos\u00a0 Pritchard", ["Tomos\u00a0 Pritchard"]),  # any spacing
    (["Nant-yr-Eira"], "at Nant‑yr‑Eira.", ["Nant‑yr‑Eira"]),  # non-breaking hyphens
    (["T.P."], "said T.P. today", ["T.P."]),  # initials
]


@pytest.mark.parametrize(("terms", "text", "expected"), CASES)
def test_matches(terms: list[str], text: str, expected: list[str]) -> None:
    text = normalise(text)
    found = [text[m.start : m.end] for m in TermMatcher(terms).finditer(text)]
    assert found == expected


def test_ordinary_word_matches_only_when_capitalised() -> None:
    text = "Will said he will go. WILL agreed."
    assert is_ordinary_word("Will", fold(text))
    matcher = TermMatcher(["Will"], case_sensitive=["Will"])
    assert [text[m.start : m.end] for m in matcher.finditer(text)] == ["Will", "WILL"]


def test_name_not_used_as_word_is_not_ordinary() -> None:
    assert not is_ordinary_word("Gwen", fold("Gwen went home."))


def test_fold_keeps_length_and_key_ignores_case_and_diacritics() -> None:
    text = normalise("Llŷr ap Siôn’s")
    assert len(fold(text)) == len(text)
    assert key("LLŶR  AP SIÔN") == key("llyr ap sion")


def test_longest_term_wins_across_case_rules() -> None:
    # "Rose" is a name written in any case; "Rose Hill" is an ordinary-word place that
    # matches only capitalised: at "Rose Hill" the longer term must still win.
    text = "Rose Hill and rose and ROSE HILL"
    matcher = TermMatcher(["Rose", "Rose Hill"], case_sensitive=["Rose Hill"])
    found = [text[m.start : m.end] for m in matcher.finditer(text)]
    assert found == ["Rose Hill", "rose", "ROSE HILL"]


def test_many_terms_match_like_one_by_one() -> None:
    terms = [f"Name{i} Surname{i % 7}" for i in range(300)] + ["Name1", "Surname3"]
    text = "Name1 Surname1 met Name12 Surname5, then Name1 and Surname3 left."
    found = [text[m.start : m.end] for m in TermMatcher(terms).finditer(text)]
    assert found == ["Name1 Surname1", "Name12 Surname5", "Name1", "Surname3"]
