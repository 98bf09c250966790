"""Replacement in context: what the reader sees around each replacement, English and Welsh.

Every example of issue 10 is a row here, plus table-driven rows of each rewriting rule.
All names are invented.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import InputError
from pipeline.model.redaction_list import Decision, Entry, load_list
from pipeline.stages.anonymise import anonymise_text
from pipeline.stages.verify import verify_text
from pipeline.text.rewrite import Hit, rewrite
from pipeline.text.welsh import mutate


def _e(
    term: str, type_: str, replacement: str, cy: str = "", variants: list[str] | None = None
) -> Entry:
    return Entry(
        term=term,
        type=type_,
        decision=Decision.redact,
        replacement=replacement,
        replacement_cy=cy,
        variants=variants or [],
    )


ENTRIES = [
    _e("Tomos Pritchard", "PERSON", "Child A", "Plentyn A", ["Tomos", "Tommy"]),
    _e("Siân Pritchard", "PERSON", "Mother", "Mam", ["Siân"]),
    _e("Craig Whitfield", "PERSON", "Mother's partner", "Partner Mam", ["Whitfield"]),
    _e("Teilo", "PERSON", "Child T", "Plentyn T"),
    _e("Evans", "PERSON", "Person 4", "Unigolyn 4"),
    _e("Bryn Surgery", "ORG_LOCAL", "Local service 2", "Gwasanaeth lleol 2"),
    _e("Aled", "PERSON", "Person 1", "Unigolyn 1"),
    _e("Prydderch", "PERSON", "Person 1", "Unigolyn 1"),
    _e("Morgan", "PERSON", "Person 3", "Unigolyn 3", ["Morgans"]),
    _e("Lloyd", "PERSON", "Person 7", "Unigolyn 7"),
    _e("Ysbyty Glan Hafren", "ORG_LOCAL", "a specialist hospital", "yr ysbyty"),
    _e("Gwen Ifan", "PERSON", "the allocated social worker", "y gweithiwr cymdeithasol"),
    _e("Summer", "PERSON", "Person 9", "Unigolyn 9"),
    _e("2 Tŷ Gwennol", "ADDRESS", "[address]", "[cyfeiriad]"),
    _e("14 Heol y Garn", "LOCATION", "the family home", "cartref y teulu", ["SA99 9ZZ"]),
    _e("Pentre Ifan", "LOCATION", "a village in the Board area", "pentref yn ardal y Bwrdd"),
    _e("Abertawe", "LOCATION", "a city in South Wales", "dinas yn ne Cymru"),
    _e("Llanelli", "LOCATION", "another town", "tref arall"),
    _e("14 March 2021", "DATE", "March 2021"),
    _e("3rd of March 2023", "DATE", "March 2023"),
    _e("7 February", "DATE", "February"),
    _e("14 January 2024", "DATE", "January 2024"),
    _e("14 Ionawr 2024", "DATE", "Ionawr 2024"),
    _e("3 Medi 2022", "DATE", "Medi 2022"),
    _e("14eg o Fawrth", "DATE", "Mawrth"),
]

ENGLISH = [
    # (text, expected): the examples first, then each rule's edge cases.
    ("He was admitted on 14 March 2021.", "He was admitted in March 2021."),
    ("It was the 3rd of March 2023.", "It was March 2023."),
    ("They met on Tuesday 7 February.", "They met in February."),
    ("On 14 March 2021 he moved.", "In March 2021 he moved."),
    (
        "On the morning of Sunday 14 January 2024, he called.",
        "One morning in January 2024, he called.",
    ),
    ("Mr Whitfield moved in.", "Mother's partner moved in."),
    ("It was Mr Whitfield who called.", "It was Mother's partner who called."),
    ("Dr Evans of Bryn Surgery saw him.", "The GP of Local service 2 saw him."),
    ("He saw Dr Evans.", "He saw the doctor."),
    ("PC Evans attended.", "The police officer attended."),  # the role the title gives
    ("Mr Evans attended.", "Person 4 attended."),
    ("Aled Prydderch was there.", "Person 1 was there."),  # never "Person 1 Person 1"
    ("Her name is Morgan-Lloyd.", "Her name is Person 3."),  # never "Person 3-Person 7"
    (
        "He lived with his mother, Siân, and his sister.",
        "He lived with his mother, and his sister.",
    ),
    ("His mother, Siân, said so.", "His mother said so."),
    ("His allocated social worker, Gwen Ifan, visited.", "His allocated social worker visited."),
    ("Tomos (also known as Tommy) was seen.", "Child A was seen."),
    ("He went to the Ysbyty Glan Hafren.", "He went to a specialist hospital."),
    ("The Ysbyty Glan Hafren took him.", "A specialist hospital took him."),
    ("Summer 2024 was hot.", "Summer 2024 was hot."),  # a season used as one is no name
    ("It rained in the Summer.", "It rained in the Summer."),
    ("Summer said so.", "Person 9 said so."),  # but a girl called Summer is
    ("Summer's bag.", "Person 9's bag."),
    ("3.4.2 Tŷ Gwennol was the only placement.", "3.4.2 [address] was the only placement."),
    ("They lived at 14 Heol y Garn, Pentre Ifan SA99 9ZZ.", "They lived at the family home."),
    (
        "Mother and Whitfield separated, Siân moved.",
        "Mother and Mother's partner separated, Mother moved.",
    ),
    ("the family home was cold", "the family home was cold"),  # no match: nothing changes
    ("They met at Morgans' home.", "They met at Person 3's home."),  # a plural possessive
]

WELSH = [
    ("Aeth â Teilo i'r ysbyty.", "Aeth â Phlentyn T i'r ysbyty."),  # aspirate after â
    ("Aeth i Ysbyty Glan Hafren.", "Aeth i'r ysbyty."),  # never "i yr ysbyty"
    ("Symudodd i Abertawe.", "Symudodd i ddinas yn ne Cymru."),  # never "i dinas"
    ("Daeth o Lanelli.", "Daeth o dref arall."),  # never "o tref"
    ("Roedd yn byw yn 14 Heol y Garn.", "Roedd yn byw yng nghartref y teulu."),
    ("Roedd yn byw ym Mhentre Ifan.", "Roedd yn byw ym mhentref yn ardal y Bwrdd."),
    ("Siaradodd ei Siân.", "Siaradodd ei Fam."),  # soft after ei
    ("Symudodd Mr Whitfield i mewn.", "Symudodd Partner Mam i mewn."),  # never "Mr Partner Mam"
    ("Roedd â Mr Whitfield.", "Roedd â Phartner Mam."),
    ("Gwelodd Dr Evans o Bryn Surgery ef.", "Gwelodd y meddyg teulu o Wasanaeth lleol 2 ef."),
    ("Fe'i derbyniwyd ar 14 Ionawr 2024.", "Fe'i derbyniwyd ym mis Ionawr 2024."),
    ("Cyfarfu ar y 14eg o Fawrth.", "Cyfarfu ym mis Mawrth."),
    ("Y cyfnod o 3 Medi 2022.", "Y cyfnod o Fedi 2022."),  # a Welsh month mutates too
    ("Roedd yn byw gyda'i fam, Siân, a'i chwaer.", "Roedd yn byw gyda'i fam a'i chwaer."),
    ("Gwahanodd Siân a Teilo.", "Gwahanodd Mam a Phlentyn T."),
]


@pytest.mark.parametrize(("text", "expected"), ENGLISH)
def test_english_replacements_read_as_prose(text: str, expected: str) -> None:
    assert anonymise_text(text, ENTRIES)[0] == expected


@pytest.mark.parametrize(("text", "expected"), WELSH)
def test_welsh_replacements_take_their_mutation(text: str, expected: str) -> None:
    assert anonymise_text(text, ENTRIES, lang="cy")[0] == expected


@pytest.mark.parametrize(("text", "expected"), ENGLISH + WELSH)
def test_rewritten_output_still_verifies(text: str, expected: str) -> None:
    lang = "cy" if (text, expected) in WELSH else "en"
    output = anonymise_text(text, ENTRIES, lang=lang)[0]
    assert not [p for p in verify_text(output, ENTRIES, None, lang=lang) if p.kind != "undecided"]


@pytest.mark.parametrize(
    ("word", "kind", "expected"),
    [
        ("Plentyn", "aspirate", "Phlentyn"),
        ("cartref", "nasal", "nghartref"),
        ("Mam", "soft", "Fam"),
        ("tref", "soft", "dref"),
        ("dinas", "soft", "ddinas"),
        ("Gwasanaeth", "soft", "Wasanaeth"),
        ("Llys", "soft", "Lys"),
        ("Ffion", "soft", "Ffion"),  # ff never mutates
        ("Unigolyn", "soft", "Unigolyn"),  # a vowel never mutates
    ],
)
def test_mutate(word: str, kind: str, expected: str) -> None:
    assert mutate(word, kind) == expected


def test_edits_never_overlap() -> None:
    text = "Mr Whitfield, Mr Whitfield and the Ysbyty Glan Hafren"
    hits = [
        Hit(3, 12, "Mother's partner", "PERSON"),
        Hit(17, 26, "Mother's partner", "PERSON"),
        Hit(35, 53, "a specialist hospital", "ORG_LOCAL"),
    ]
    edits = rewrite(text, hits)
    assert all(a.end <= b.start for a, b in pairwise(edits))


def test_a_clitic_word_is_not_a_short_name() -> None:
    # "Mae" of "Lily-Mae" is a Welsh word: "Mae'r" is the verb, not the name.
    entries = [_e("Lily-Mae Owen", "PERSON", "Child B", "Plentyn B", ["Mae"])]
    text = "Mae'r tîm yn gwybod. mae hi yma."
    assert anonymise_text(text, entries, lang="cy")[0] == text


def test_a_name_with_a_clitic_is_still_replaced() -> None:
    # "Teilo'n" is "Teilo yn": the name is there, so it goes.
    text = "Roedd Teilo'n hapus. mae teilo yn waith."
    assert anonymise_text(text, ENTRIES, lang="cy")[0].startswith("Roedd Plentyn T'n hapus.")


def _write_list(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "r.yaml"
    path.write_text("review: r\ndraft_sha256: ''\nentries:\n" + body, encoding="utf-8")
    return path


def test_a_nickname_can_have_its_own_entry(tmp_path: Path) -> None:
    path = _write_list(
        tmp_path,
        "  - {term: Tomos Pritchard, type: PERSON, decision: redact, replacement: Child A,"
        " variants: [Tomos, Tommy]}\n"
        "  - {term: Tommy, type: PERSON, decision: redact, replacement: the boy}\n",
    )
    entries = load_list(path, ref="r", entity_types={"PERSON"}).model.entries
    # The more specific entry (whose term the nickname is) wins.
    assert anonymise_text("Tomos, called Tommy", entries)[0] == "Child A, called the boy"


def test_one_term_in_two_entries_is_still_refused(tmp_path: Path) -> None:
    path = _write_list(
        tmp_path,
        "  - {term: Tomos, type: PERSON, decision: redact, replacement: Child A}\n"
        "  - {term: Tomos, type: PERSON, decision: redact, replacement: Child B}\n",
    )
    with pytest.raises(InputError):
        load_list(path, ref="r", entity_types={"PERSON"})


_WORDS = ["Mr", "Dr", "on", "the", "a", "ar", "y", "i", "â", "yn", "yng", ",", "(", ")",
          "his", "mother", "fam", "3.4.", "of", "also known as", "'s", "'r", "Tuesday"]  # fmt: skip
_TERMS = [e.term for e in ENTRIES] + ["Whitfield", "Siân", "Tommy", "Lanelli", "Mhentre Ifan"]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(_WORDS + _TERMS), min_size=1, max_size=12),
    st.sampled_from(["en", "cy"]),
)
def test_no_redacted_term_survives_the_rewriting(words: list[str], lang: str) -> None:
    # Whatever stands around the terms, widening a span never leaves a term behind.
    output = anonymise_text(" ".join(words), ENTRIES, lang=lang)[0]
    assert not [p for p in verify_text(output, ENTRIES, None, lang=lang) if p.kind != "undecided"]


def test_replacements_side_by_side_that_spell_a_term_are_no_leak() -> None:
    # "Lloyd" -> "Person 7", "7 February" -> "February": the output reads "7 February"
    # only across two replacements, so nothing of the draft is left.
    output = anonymise_text("Lloyd 7 February", ENTRIES, lang="en")[0]
    assert not [p for p in verify_text(output, ENTRIES, None, lang="en") if p.kind != "undecided"]
    # ...while the same words written in the draft itself are still a leak.
    leaks = verify_text("Person 7 met on 7 February", ENTRIES, None, lang="en")
    assert [p.kind for p in leaks] == ["redacted-term"]


@pytest.mark.parametrize(
    ("text", "term", "new", "expected"),
    [
        # a replacement with no Welsh wording takes no mutation, but "yn" still agrees
        ("Roedd hi'n byw yng Nghaerwen.", "Nghaerwen", "Place 2", "Roedd hi'n byw yn Place 2."),
        ("Ym Mhorthwen roedd hi.", "Mhorthwen", "Place 3", "Yn Place 3 roedd hi."),
        ("Roedd hi'n byw ym Mhorthwen.", "Mhorthwen", "Morfa", "Roedd hi'n byw ym Morfa."),
    ],
)
def test_yn_agrees_with_an_unmutated_replacement(
    text: str, term: str, new: str, expected: str
) -> None:
    start = text.index(term)
    edits = rewrite(text, [Hit(start, start + len(term), new, "LOCATION")], lang="cy")
    for e in sorted(edits, key=lambda e: -e.start):
        text = text[: e.start] + e.new + text[e.end :]
    assert text == expected


@pytest.mark.parametrize(
    ("text", "hits", "expected"),
    [
        # a town and its state, then a ZIP code: one place, one post code
        (
            "They live at Brackenford OH 40213 now.",
            [("Brackenford", "LOCATION", "Place 1"), ("OH", "LOCATION", "Place 2"),
             ("40213", "POSTCODE", "[postcode]")],
            "They live at Place 1 now.",
        ),
        # two places in a list keep their comma and both labels
        (
            "She moved between Brackenford, Oldcastle and Penhallow.",
            [("Brackenford", "LOCATION", "Place 1"), ("Oldcastle", "LOCATION", "Place 2"),
             ("Penhallow", "LOCATION", "Place 3")],
            "She moved between Place 1, Place 2 and Place 3.",
        ),
        # a title written the American way, with a no-break space after it (as pandoc
        # writes "Mr." followed by a name)
        ("Ask Mr.\u00a0Quillfeather today.", [("Quillfeather", "PERSON", "Person 4")],
         "Ask Person 4 today."),
    ],
)  # fmt: skip
def test_neighbouring_parts_and_titles(
    text: str, hits: list[tuple[str, str, str]], expected: str
) -> None:
    found = [
        Hit(text.index(t), text.index(t) + len(t), new, kind, new[-1].isdigit())
        for t, kind, new in hits
    ]
    for e in sorted(rewrite(text, found), key=lambda e: -e.start):
        text = text[: e.start] + e.new + text[e.end :]
    assert text == expected
