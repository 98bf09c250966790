"""Anonymise and verify: no redacted term survives, whatever the text around it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.model.redaction_list import Decision, Entry
from pipeline.model.review_record import ReviewRecord
from pipeline.stages.anonymise import anonymise_text
from pipeline.stages.verify import verify_text
from pipeline.text.termmatch import fold


def _entry(
    term: str,
    replacement: str,
    decision: Decision = Decision.redact,
    variants: list[str] | None = None,
) -> Entry:
    return Entry(
        term=term,
        type="PERSON",
        decision=decision,
        replacement=replacement,
        variants=variants or [],
    )


ENTRIES = [
    _entry("Tomos Pritchard", "Child A", variants=["Tomos", "T.P."]),
    _entry("Siân Pritchard", "Mother", variants=["Siân"]),
    _entry("Pritchard", "[family name]"),
    _entry("Heol y Felin", "[address]"),
    _entry("Will Street", "Will Street", Decision.keep),
    _entry("Will", "Child B"),
]

CASES = [
    # (text, expected)
    ("Tomos's mother", "Child A's mother"),  # possessive kept
    ("TOMOS PRITCHARD", "Child A"),  # capitals, longest match first
    ("Sian and Siân", "Mother and Mother"),  # diacritics either way
    ("Tomorrow Tomos came", "Tomorrow Child A came"),  # never inside another word
    ("Mr Pritchard said", "Mr [family name] said"),  # shared surname
    ("T.P. was seen", "Child A was seen"),  # initials
    ("Will said he will go to Will Street", "Child B said he will go to Will Street"),  # keep
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_anonymise_cases(text: str, expected: str) -> None:
    assert anonymise_text(text, ENTRIES)[0] == expected


def test_undecided_entries_are_replaced_too() -> None:
    entries = [_entry("Morwenna", "Person 1", Decision.undecided)]
    assert anonymise_text("Morwenna left", entries)[0] == "Person 1 left"


def test_verify_reports_line_and_no_value() -> None:
    record = ReviewRecord.model_validate(
        {
            "reference": "X 1/2024",
            "board": "B",
            "review_type": "concise",
            "criteria": {"outcome": "died", "on_register_or_looked_after_in_6_months": False},
            "reviewers": ["R One"],
            "panel_chair": "P Chair",
            "identities": [{"role": "child", "pseudonym": "Child A", "names": ["Tomos Pritchard"]}],
        }
    )
    problems = verify_text("fine\nstill Tomos here", [], record)
    assert [(p.line, p.kind) for p in problems] == [(2, "identity")]
    assert "Tomos" not in problems[0].render()


filler = st.text(
    alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"]), max_size=12
)
surface = st.sampled_from(
    [
        "Tomos",
        "TOMOS",
        "tomos",
        "Tomos Pritchard",
        "Siân",
        "SIAN",
        "sian",
        "Pritchard",
        "T.P.",
        "Heol y Felin",
        "HEOL Y FELIN",
    ]
)


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.tuples(filler, surface), min_size=1, max_size=6), tail=filler)
def test_no_redacted_term_survives(parts: list[tuple[str, str]], tail: str) -> None:
    text = "".join(f"{before} {term} " for before, term in parts) + tail
    output, _ = anonymise_text(text, ENTRIES[:4])
    problems = verify_text(output, ENTRIES[:4], None)
    assert not problems, (text, output)
    assert "tomos" not in fold(output).lower().replace("tomorrow", "")


def _record(identities: list[dict]) -> ReviewRecord:
    return ReviewRecord.model_validate(
        {
            "reference": "X 1/2024",
            "board": "B",
            "review_type": "concise",
            "criteria": {"outcome": "died", "on_register_or_looked_after_in_6_months": False},
            "reviewers": ["R One"],
            "panel_chair": "P Chair",
            "identities": identities,
        }
    )


def test_verify_ordinary_word_identity_only_when_capitalised() -> None:
    record = _record([{"role": "mother", "pseudonym": "Mother", "names": ["Hope Testname"]}])
    assert verify_text("in the hope that it helps", [], record) == []
    assert [p.kind for p in verify_text("Hope said so, in the hope", [], record)] == ["identity"]


def test_replacement_text_is_not_a_leak_but_an_unsafe_replacement_is_reported() -> None:
    record = _record(
        [{"role": "carer", "pseudonym": "Foster carer 1", "names": ["Dawn Testcarer"]}]
    )
    entries = [_entry("Foster", "Person 2", Decision.undecided)]
    problems = verify_text("She met Foster carer 1.", entries, record)
    assert [p.kind for p in problems] == ["undecided"]
    unsafe = [_entry("Testcarer", "Testcarer family")]
    assert [p.kind for p in verify_text("fine", unsafe, record)] == ["replacement"]


def test_welsh_text_catches_mutated_names_and_places() -> None:
    entries = [
        _entry("Teilo Testname", "Plentyn A", variants=["Teilo"]),
        Entry(term="Caerdydd", type="LOCATION", decision=Decision.redact, replacement="dinas"),
    ]
    text = "Aeth Mam â Theilo i Gaerdydd; roedd Deilo yng Nghaerdydd."
    output, _ = anonymise_text(text, entries, lang="cy")
    # Replacements not given as Welsh take no mutation, but "yng" still becomes "yn".
    assert output == "Aeth Mam â Plentyn A i dinas; roedd Plentyn A yn dinas."
    assert verify_text(text, entries, None, lang="cy")  # the draft itself fails
    assert not verify_text(output, entries, None, lang="cy")
    record = _record([{"role": "child", "pseudonym": "Plentyn A", "names": ["Teilo Testname"]}])
    assert [p.kind for p in verify_text("gyda Theilo", [], record, lang="cy")] == ["identity"]


def test_a_public_term_shields_an_entry_inside_it_but_not_the_entry_itself() -> None:
    entries = [
        Entry(term="Cwm", type="LOCATION", decision=Decision.redact, replacement="a village")
    ]
    public = ["Cwm Taf Morgannwg University Health Board"]
    text = "They moved to Cwm. Cwm Taf Morgannwg University Health Board was told."
    output, _ = anonymise_text(text, entries, public=public)
    assert output == (
        "They moved to a village. Cwm Taf Morgannwg University Health Board was told."
    )
    assert not verify_text(output, entries, None, public=public)
    assert verify_text("Cwm again", entries, None, public=public)


def test_known_place_inside_an_agency_name_is_not_a_leak() -> None:
    record = _record([{"role": "place", "pseudonym": "a city", "names": ["Cardiff"]}])
    public = ["Cardiff and Vale University Health Board"]
    text = "Cardiff and Vale University Health Board saw him."
    assert verify_text(text, [], record, public=public) == []
    assert [p.kind for p in verify_text("He moved to Cardiff.", [], record, public=public)] == [
        "identity"
    ]


def test_structured_dates_may_show_a_day_the_report_redacts() -> None:
    entries = [
        Entry(
            term="12 February 2024",
            type="DATE",
            decision=Decision.redact,
            replacement="February 2024",
        ),
        _entry("Teilo", "Child T"),
    ]
    page = "Referral: 12 February 2024\n\nOn 12 February 2024 Teilo was seen."
    kinds = [
        p.kind for p in verify_text(page, entries, None, structured_dates=["12 February 2024"])
    ]
    assert kinds == ["redacted-term"]  # only Teilo: dates are shielded, names never
    assert len(verify_text(page, entries, None)) == 3


def test_welsh_page_uses_the_welsh_replacement_when_there_is_one() -> None:
    entries = [
        Entry(
            term="Teilo Testname",
            type="PERSON",
            decision=Decision.redact,
            replacement="Child T",
            replacement_cy="Plentyn T",
            variants=["Teilo"],
        ),
        _entry("Caerdydd", "a city"),
    ]
    text = "Aeth Teilo i Gaerdydd."
    assert anonymise_text(text, entries, lang="cy")[0] == "Aeth Plentyn T i a city."
    assert anonymise_text("Teilo left.", entries)[0] == "Child T left."
    before = Entry(term="X", type="PERSON", decision=Decision.redact, replacement="A")
    after = before.model_copy(update={"replacement_cy": "B"})
    from pipeline.model.redaction_list import RedactionList

    assert (
        RedactionList(review="r", entries=[before]).list_sha256()
        != RedactionList(review="r", entries=[after]).list_sha256()
    )
