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


def test_the_validated_view_follows_every_edit() -> None:
    loaded = new_list("r1")
    merge_proposals(loaded, [_prop("Morwenna Testhealth")], draft_sha256="a" * 64)
    with loaded.edit() as doc:
        doc["entries"][0]["decision"] = "redact"
    assert loaded.model.entries[0].decision is Decision.redact
    # an edit that leaves the list invalid is refused when it is done
    with pytest.raises(InputError, match="replacement"), loaded.edit() as doc:
        doc["entries"][0]["replacement"] = ""


def test_unchanged_list_is_written_byte_for_byte_and_comments_once(tmp_path: Path) -> None:
    path = tmp_path / "r1.yaml"
    loaded = new_list("r1")
    merge_proposals(loaded, [_prop("Morwenna Testhealth")], draft_sha256="a" * 64)
    _save(path, loaded)
    text = path.read_text(encoding="utf-8").replace(
        "decision: undecided", "# a reviewer's comment\n    decision: undecided", 1
    )
    path.write_text(text, encoding="utf-8")
    again = load_list(path, ref="r1", entity_types=TYPES)
    assert again.dump() == text
    for _ in range(2):
        merge_proposals(again, [_prop("Morwenna Testhealth")], draft_sha256="a" * 64)
        update_counts(again, "Morwenna Testhealth")
    out = again.dump()
    assert out.count("# a reviewer's comment") == 1
    assert out.count("CONFIDENTIAL") == 1


# (replacement, refused because of)
MARKUP = [
    ("[x](javascript:alert(1))", "link"),
    ("Child <b>A</b>", "HTML"),
    ("Child A>", "HTML"),
    ("`Child A`", "backtick"),
    ("[a]: http://example.invalid", "link definition"),
    ("Child A{: onclick=x }", "attribute list"),
    ("Child A {onmouseover=x}", "attribute list"),
    ("see http://example.invalid", "address"),
    ("javascript:alert(1)", "link scheme"),
    ("Child\nA", "control"),
    ("Child\u202eA", "control"),
    ("Child " + "A" * 120, "characters"),
]


@pytest.mark.parametrize(("replacement", "why"), MARKUP)
@pytest.mark.parametrize("field", ["replacement", "replacement_cy"])
def test_a_replacement_is_plain_text(
    tmp_path: Path, replacement: str, why: str, field: str
) -> None:
    path = tmp_path / "r1.yaml"
    loaded = new_list("r1")
    merge_proposals(loaded, [_prop("Morwenna Testhealth")], draft_sha256="a" * 64)
    _save(path, loaded)
    body = path.read_text(encoding="utf-8")
    quoted = '"' + replacement.replace("\n", "\\n").replace("\u202e", "\\u202E") + '"'
    path.write_text(body.replace("replacement: Person 1", f"{field}: {quoted}"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_list(path, ref="r1", entity_types=TYPES)
    message = caught.value.render()
    assert "plain text" in message and why in message
    assert f"entries -> 0 -> {field}" in message  # names the entry


@pytest.mark.parametrize(
    "replacement", ["Child A", "[address]", "Plentyn A", "March 2021", "y lleoliad", "Person 12"]
)
def test_ordinary_labels_are_accepted(replacement: str) -> None:
    loaded = new_list("r1")
    merge_proposals(
        loaded, [_prop("Morwenna Testhealth", replacement=replacement)], draft_sha256="a" * 64
    )
    assert loaded.model.entries[0].replacement == replacement


def test_a_variant_a_person_removed_is_not_proposed_again() -> None:
    loaded = new_list("r1")
    merge_proposals(
        loaded,
        [_prop("Morwenna Testhealth", variants=["Morwenna", "Wenna"])],
        draft_sha256="a" * 64,
    )
    # A person takes "Wenna" out (it is someone else) and decides the entry.
    with loaded.edit() as doc:
        doc["entries"][0]["variants"] = ["Morwenna"]
        doc["entries"][0]["decision"] = "redact"
    before = loaded.model.list_sha256()

    def removed(term: str, form: str) -> bool:  # cpr wrote "Wenna" there last time
        return (term, form) == ("Morwenna Testhealth", "Wenna")

    again = [_prop("Morwenna Testhealth", variants=["Morwenna", "Wenna"])]
    merge_proposals(loaded, again, draft_sha256="a" * 64, removed=removed)
    entry = loaded.model.entries[0]
    assert (entry.variants, entry.not_variants) == (["Morwenna"], ["Wenna"])
    assert loaded.model.list_sha256() == before  # the approval stands
    keys = [line.split(":")[0].strip("- ") for line in loaded.dump().splitlines() if ":" in line]
    assert keys.index("variants") < keys.index("not_variants") < keys.index("contexts")
    # Once recorded, the removal holds without the trail's memory, and a new variant joins.
    merge_proposals(
        loaded,
        [_prop("Morwenna Testhealth", variants=["Wenna", "Testhealth"])],
        draft_sha256="b" * 64,
    )
    entry = loaded.model.entries[0]
    assert (entry.variants, entry.not_variants) == (["Morwenna", "Testhealth"], ["Wenna"])
    # A lone proposal of the removed form does not come back as a new entry either.
    merge_proposals(loaded, [_prop("Wenna")], draft_sha256="b" * 64)
    assert [e.term for e in loaded.model.entries] == ["Morwenna Testhealth"]
