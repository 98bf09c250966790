"""Without a case file, two different people never share one entry or one replacement.

A surname (or first name) two found full names share is a variant of neither: it is a
proposal of its own, marked `shared-name`, replaced "[family name]", "[first name]" or
"[name]". A lone first name that belongs to one full name still joins it; a title with a
shared surname ("Mrs Doe") joins the one person the text says it fits. With a case file
the record decides, as before. A reviewer can split a shared surname out of an entry.
Every name here is invented.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.records import case_file_record

from pipeline.model.casefile import SHARED_REPLACEMENT
from pipeline.model.policy import Policy, load_policy
from pipeline.model.redaction_list import Decision, Entry, Proposal, merge_proposals
from pipeline.model.review_record import ReviewRecord
from pipeline.stages.anonymise import anonymise_text
from pipeline.stages.detect.findings import Finding
from pipeline.stages.detect.propose import SHARED_SOURCE, build_proposals, gender_in_text
from pipeline.stages.review_report import why_proposed

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(ROOT / "redaction_rules" / "policy.yaml")


def findings(text: str, *terms: str) -> list[Finding]:
    """Every occurrence of each term, as the model would tag a person."""
    return [
        Finding(m.start(), m.end(), term, "PERSON", 0.8, "ner")
        for term in terms
        for m in re.finditer(rf"(?<!\w){re.escape(term)}(?!\w)", text)
    ]


def people(
    text: str, policy: Policy, *terms: str, record: ReviewRecord | None = None
) -> dict[str, Proposal]:
    proposals = build_proposals(text, findings(text, *terms), record=record, policy=policy)
    return {p.term: p for p in proposals if p.type == "PERSON"}


# text, the names the model finds, then each expected proposal: term -> (variants,
# replacement, or None for a numbered "Person N").
CASES = [
    (
        "Jane Doe and Tom Doe moved. Doe was the name on the door.",
        ["Jane Doe", "Tom Doe", "Doe"],
        {"Jane Doe": (["Jane"], None), "Tom Doe": (["Tom"], None), "Doe": ([], "[family name]")},
    ),
    (
        "Jane Doe met Jane Roe. Later Jane rang.",
        ["Jane Doe", "Jane Roe", "Jane"],
        {"Jane Doe": (["Doe"], None), "Jane Roe": (["Roe"], None), "Jane": ([], "[first name]")},
    ),
    (
        "Ivor Prentice met Nia Ivor. Ivor left.",
        ["Ivor Prentice", "Nia Ivor", "Ivor"],
        {
            "Ivor Prentice": (["Prentice"], None),
            "Nia Ivor": (["Nia"], None),
            "Ivor": ([], "[name]"),
        },
    ),
    # A lone first name that belongs to one full name joins it.
    (
        "Jane Doe and Tom Doe moved. Jane said so.",
        ["Jane Doe", "Tom Doe", "Jane"],
        {"Jane Doe": (["Jane"], None), "Tom Doe": (["Tom"], None)},
    ),
    # One person named two ways is one entry.
    (
        "Jane Mary Doe, known as Jane Doe, said Doe was her name.",
        ["Jane Mary Doe", "Jane Doe", "Doe"],
        {"Jane Mary Doe": (["Jane Doe", "Jane", "Mary", "Doe"], None)},
    ),
    # A shared surname never seen alone gets no entry of its own.
    (
        "Jane Doe and Tom Doe moved.",
        ["Jane Doe", "Tom Doe"],
        {"Jane Doe": (["Jane"], None), "Tom Doe": (["Tom"], None)},
    ),
    # A title joins the one person the text says it fits.
    (
        "Jane Doe, the mother, and Tom Doe (father) came. Mrs Doe spoke; Mr Doe left.",
        ["Jane Doe", "Tom Doe", "Doe"],
        {"Jane Doe": (["Jane", "Mrs Doe"], None), "Tom Doe": (["Tom", "Mr Doe"], None)},
    ),
    # Without anything that says who is who, the title stays with the shared surname.
    (
        "Jane Doe and Tom Doe came. Mrs Doe spoke.",
        ["Jane Doe", "Tom Doe", "Doe"],
        {"Jane Doe": (["Jane"], None), "Tom Doe": (["Tom"], None), "Doe": ([], "[family name]")},
    ),
    # Two women: "Mrs Doe" could be either.
    (
        "Jane Doe, the mother, and Ann Doe, her sister, came. Mrs Doe spoke.",
        ["Jane Doe", "Ann Doe", "Doe"],
        {"Jane Doe": (["Jane"], None), "Ann Doe": (["Ann"], None), "Doe": ([], "[family name]")},
    ),
]


@pytest.mark.parametrize(("text", "terms", "expected"), CASES)
def test_people_are_not_merged(
    policy: Policy, text: str, terms: list[str], expected: dict[str, tuple[list[str], str | None]]
) -> None:
    got = people(text, policy, *terms)
    assert set(got) == set(expected)
    replacements = [p.replacement for p in got.values()]
    assert len(set(replacements)) == len(replacements)  # one replacement per entry
    for term, (variants, replacement) in expected.items():
        p = got[term]
        assert p.variants == variants
        if replacement is None:
            assert re.fullmatch(r"Person \d+", p.replacement)
            assert SHARED_SOURCE not in p.proposed_by
        else:
            assert p.replacement == replacement
            assert SHARED_SOURCE in p.proposed_by
            assert p.decision is Decision.undecided  # a person decides


def test_no_two_proposals_share_a_form(policy: Policy) -> None:
    """What would let the list fold two people into one entry: a form in two proposals."""
    text = "Jane Doe, Tom Doe and Jane Roe met. Doe and Jane were late. Mrs Doe rang."
    got = people(text, policy, "Jane Doe", "Tom Doe", "Jane Roe", "Doe", "Jane")
    forms = [f.casefold() for p in got.values() for f in (p.term, *p.variants)]
    assert len(forms) == len(set(forms))


def _entries(proposals: list[Proposal]) -> list[Entry]:
    return [
        Entry(
            term=p.term,
            type=p.type,
            decision=Decision.redact,
            replacement=p.replacement,
            variants=p.variants,
        )
        for p in proposals
    ]


def test_the_published_text_keeps_two_people_apart(policy: Policy) -> None:
    text = "Jane Doe, the mother, met Tom Doe, the father. Mr Doe left. Doe is rare."
    proposals = list(people(text, policy, "Jane Doe", "Tom Doe", "Doe").values())
    out, _ = anonymise_text(text, _entries(proposals))
    jane, tom = (
        next(p.replacement for p in proposals if p.term == t) for t in ("Jane Doe", "Tom Doe")
    )
    assert jane != tom
    assert f"{tom} left." in out
    assert "[family name] is rare." in out
    assert "Doe" not in out


def test_the_reviewer_is_told_why_a_shared_name_stands_alone(policy: Policy) -> None:
    text = "Jane Doe and Tom Doe moved. Doe was the name on the door."
    shared = people(text, policy, "Jane Doe", "Tom Doe", "Doe")["Doe"]
    entry = _entries([shared])[0].model_copy(update={"proposed_by": shared.proposed_by})
    assert "share" in why_proposed(entry, None)


@pytest.mark.parametrize(
    ("text", "name", "gender"),
    [
        ("Mrs Jane Doe came.", "Jane Doe", "f"),
        ("Jane Doe, the mother, came.", "Jane Doe", "f"),
        ("Tom Doe (father) came.", "Tom Doe", "m"),
        ("His father, Tom Doe, came.", "Tom Doe", "m"),
        ("Jane Doe, Cai's grandmother, came.", "Jane Doe", "f"),
        ("Jane Doe came.", "Jane Doe", None),
        ("Mr Alex Doe and Mrs Alex Doe came.", "Alex Doe", None),  # said both ways
    ],
)
def test_gender_in_text(text: str, name: str, gender: str | None) -> None:
    assert gender_in_text(text, [name]) == gender


def test_with_a_case_file_the_record_decides(policy: Policy) -> None:
    record = case_file_record(
        {"role": "mother", "names": ["Jane Doe"], "pseudonym": "Mother"},
        {"role": "father", "names": ["Tom Doe"], "pseudonym": "Father"},
    )
    text = "Jane Doe and Tom Doe moved. Doe was the name on the door."
    got = people(text, policy, "Jane Doe", "Tom Doe", "Doe", record=record)
    assert got["Doe"].replacement == SHARED_REPLACEMENT
    assert got["Doe"].proposed_by == ["case-file"]
    assert {got["Jane Doe"].replacement, got["Tom Doe"].replacement} == {"Mother", "Father"}
    assert all(SHARED_SOURCE not in p.proposed_by for p in got.values())


def test_a_reviewer_splits_a_shared_surname_out_of_an_entry(workspace: Path) -> None:
    """An older list (or a person) put a shared surname in one person's entry: split it."""
    from pipeline.stages.decide import split_variant
    from pipeline.stages.detect import detect_review
    from pipeline.stages.ingest import ingest_review
    from pipeline.stages.review import open_review
    from pipeline.store.workspace import Workspace

    (ref,) = [d.name for d in (workspace / "drafts").iterdir() if d.is_dir()]
    review = open_review(Workspace(workspace), ref)
    ingest_review(review)
    detect_review(review)
    loaded = review.load_list()
    old = Proposal("Jane Doe", "PERSON", "Person 40", ["ner"], 0.8, variants=["Jane", "Doe"])
    merge_proposals(loaded, [old], draft_sha256="")
    loaded.write()
    index = next(i for i, e in enumerate(review.load_list().model.entries) if e.term == "Jane Doe")

    split_variant(review, index, "Doe", replacement=SHARED_REPLACEMENT)

    loaded = review.load_list()
    entries = loaded.model.entries
    assert entries[index].variants == ["Jane"]
    assert entries[index].not_variants == ["Doe"]
    assert (entries[index + 1].term, entries[index + 1].replacement) == ("Doe", SHARED_REPLACEMENT)
    # Detection proposing the old grouping again does not fold it back.
    merge_proposals(loaded, [old], draft_sha256="")
    entries = loaded.model.entries
    assert entries[index].variants == ["Jane"]
    assert entries[index + 1].term == "Doe"
