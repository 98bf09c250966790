"""The redaction list: merging never loses a person's decision, comments survive."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import InputError
from pipeline.model.redaction_list import (
    Decision,
    LoadedList,
    Proposal,
    load_list,
    merge_proposals,
    new_list,
    update_counts,
)

TYPES = ["PERSON", "LOCATION", "DATE"]


def _save(path: Path, loaded: LoadedList) -> None:
    loaded.write(path)


def _prop(term: str, **kw) -> Proposal:
    return Proposal(
        term=term,
        type=kw.pop("type", "PERSON"),
        replacement=kw.pop("replacement", "Person 1"),
        proposed_by=kw.pop("proposed_by", ["ner"]),
        score=kw.pop("score", 0.8),
        **kw,
    )


def test_merge_adds_and_counts(tmp_path: Path) -> None:
    loaded = new_list("r1")
    loaded.path = tmp_path / "r1.yaml"
    merge_proposals(
        loaded, [_prop("Morwenna Testhealth", variants=["Morwenna"])], draft_sha256="a" * 64
    )
    update_counts(loaded, "Morwenna Testhealth met Morwenna; MORWENNA left.")
    entry = loaded.model.entries[0]
    assert entry.decision is Decision.undecided
    assert entry.occurrences == 3
    assert entry.contexts and "«Morwenna Testhealth»" in entry.contexts[0]


def test_rerun_keeps_person_edits_and_comments(tmp_path: Path) -> None:
    path = tmp_path / "r1.yaml"
    loaded = new_list("r1")
    loaded.path = path
    merge_proposals(loaded, [_prop("Morwenna Testhealth")], draft_sha256="a" * 64)
    _save(path, loaded)
    # A reviewer decides, changes the replacement, writes a note and a comment.
    text = path.read_text(encoding="utf-8")
    text = text.replace("decision: undecided", "decision: redact  # checked with the chair")
    text = text.replace("replacement: Person 1", "replacement: Health Visitor")
    text = text.replace("note: ''", "note: the health visitor")
    path.write_text(text, encoding="utf-8")

    again = load_list(path, ref="r1", entity_types=TYPES)
    merge_proposals(
        again,
        [
            _prop("Morwenna Testhealth", replacement="Person 9", score=0.95),
            _prop("Gwilym Newname", replacement="Person 2"),
        ],
        draft_sha256="b" * 64,
    )
    update_counts(again, "Gwilym Newname spoke.")
    _save(path, again)
    out = path.read_text(encoding="utf-8")
    assert "# checked with the chair" in out
    first = load_list(path, ref="r1", entity_types=TYPES).model.entries[0]
    assert (first.decision, first.replacement, first.note) == (
        Decision.redact,
        "Health Visitor",
        "the health visitor",
    )
    assert first.occurrences == 0  # no longer found, but kept
    assert [e.term for e in again.model.entries] == ["Morwenna Testhealth", "Gwilym Newname"]


def test_variant_of_existing_entry_joins_it(tmp_path: Path) -> None:
    loaded = new_list("r1")
    merge_proposals(
        loaded, [_prop("Morwenna Testhealth", variants=["Testhealth"])], draft_sha256="a" * 64
    )
    merge_proposals(loaded, [_prop("Testhealth")], draft_sha256="a" * 64)
    assert len(loaded.model.entries) == 1


def test_list_hash_ignores_derived_fields_but_not_decisions() -> None:
    loaded = new_list("r1")
    merge_proposals(loaded, [_prop("Morwenna Testhealth")], draft_sha256="a" * 64)
    before = loaded.model.list_sha256()
    update_counts(loaded, "Morwenna Testhealth")
    assert loaded.model.list_sha256() == before
    with loaded.edit() as doc:
        doc["entries"][0]["decision"] = "keep"
    assert loaded.model.list_sha256() != before


@pytest.mark.parametrize(
    ("body", "message"),
    [
        # an unknown key, with its line
        (
            "review: r1\nentries:\n  - term: X\n    type: PERSON\n    decison: redact\n",
            "unknown key",
        ),
        # a type the policy does not declare
        ("review: r1\nentries:\n  - term: X\n    type: PERSONS\n", "unknown type"),
        # one term decided twice
        (
            "review: r1\nentries:\n  - {term: X Y, type: PERSON}\n  - {term: x y, type: PERSON}\n",
            "same term",
        ),
        # redact without a replacement
        ("review: r1\nentries:\n  - {term: X, type: PERSON, decision: redact}\n", "replacement"),
        # the list of another review
        ("review: r2\nentries: []\n", "list of r1"),
    ],
)
def test_invalid_lists_are_refused(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "r1.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_list(path, ref="r1", entity_types=TYPES)
    assert message in caught.value.render()
    assert str(path) in caught.value.render()


names = st.from_regex(r"[A-Z][a-z]{2,8}( [A-Z][a-z]{2,8})?", fullmatch=True)


@settings(max_examples=60, deadline=None)
@given(
    first=st.lists(names, min_size=1, max_size=6, unique_by=str.casefold),
    second=st.lists(names, max_size=6),
    decisions=st.lists(st.sampled_from(list(Decision)), min_size=6, max_size=6),
)
def test_redetect_never_loses_a_decision(
    first: list[str], second: list[str], decisions: list[Decision]
) -> None:
    loaded = new_list("r1")
    merge_proposals(loaded, [_prop(t) for t in first], draft_sha256="a" * 64)
    # a person decides every entry
    with loaded.edit() as doc:
        for entry, decision in zip(doc["entries"], decisions, strict=False):
            entry["decision"] = decision.value
            entry["replacement"] = f"Chosen {decision.value}"
            entry["note"] = "decided"
    decided = [(e.term, e.decision, e.replacement, e.note) for e in loaded.model.entries]
    merge_proposals(
        loaded, [_prop(t, replacement="Person 7") for t in second + first], draft_sha256="b" * 64
    )
    after = [(e.term, e.decision, e.replacement, e.note) for e in loaded.model.entries]
    assert after[: len(decided)] == decided


def test_a_form_is_never_given_to_two_entries() -> None:
    loaded = new_list("r1")
    merge_proposals(
        loaded,
        [
            _prop("Morwenna Testhealth", variants=["Morwenna"]),
            _prop("Testhealth Clinic", type="LOCATION"),
        ],
        draft_sha256="a" * 64,
    )
    # A later proposal joins the first entry but also names the second one's term.
    merge_proposals(
        loaded, [_prop("Morwenna", variants=["Testhealth Clinic"])], draft_sha256="a" * 64
    )
    forms = [f.casefold() for e in loaded.model.entries for f in e.surface_forms()]
    assert len(forms) == len(set(forms))
