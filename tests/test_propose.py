"""Each step of `build_proposals` alone: collect, screen, merge, number, short forms.

Every name, place and organisation here is invented for the tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.records import case_file_record

from pipeline.model.casefile import SHARED_REPLACEMENT
from pipeline.model.policy import Policy, load_policy
from pipeline.model.redaction_list import Decision, Proposal
from pipeline.stages.detect.findings import Finding
from pipeline.stages.detect.propose import (
    Public,
    add_short_forms,
    best_by_term,
    build_proposals,
    casefile_proposals,
    collect_public,
    drop_shadowed,
    merge,
    number,
    screen,
    type_priority,
)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(ROOT / "redaction_rules" / "policy.yaml")


def found(text: str, term: str, entity: str, source: str = "ner", score: float = 0.8) -> Finding:
    start = text.index(term)
    return Finding(start, start + len(term), term, entity, score, source)


def prop(term: str, entity: str = "PERSON", variants: tuple[str, ...] = ()) -> Proposal:
    return Proposal(
        term=term,
        type=entity,
        replacement="",
        proposed_by=["ner"],
        score=0.8,
        variants=list(variants),
    )


# --- step 1: collect ----------------------------------------------------------------------

# (text, term, expected: covered by a public term?)
COLLECT = [
    # an agency on the policy's keep-list
    ("She rang the Welsh Government helpline.", "Welsh Government", True),
    # the record's reviewer is public
    ("Anwen Testreviewer chaired it.", "Anwen Testreviewer", True),
    # an ordinary name is not
    ("Eirlys Brynhafod rang.", "Eirlys Brynhafod", False),
]


@pytest.mark.parametrize(("text", "term", "public"), COLLECT)
def test_collect_public_finds_kept_terms_in_the_text(
    policy: Policy, text: str, term: str, public: bool
) -> None:
    kept = collect_public(text, policy, case_file_record())
    assert kept.covers(found(text, term, "ORG_LOCAL", source="pattern")) is public


def test_collect_public_keeps_common_words_of_public_names(policy: Policy) -> None:
    kept = collect_public("", policy, None)
    assert "welsh government" in kept.keys
    assert "government" in kept.words


# (kept spans, finding source, finding span, covered?)
COVERS = [
    # a pattern finding counts only when wholly inside a kept span
    ([(10, 30)], "pattern", (12, 20), True),
    ([(10, 30)], "pattern", (25, 35), False),
    # a model span touching a kept span belongs to it
    ([(10, 30)], "ner", (25, 35), True),
    ([(10, 30)], "ner", (30, 35), False),
    # overlapping kept spans: the longest reach counts
    ([(0, 50), (5, 8)], "pattern", (20, 40), True),
]


@pytest.mark.parametrize(("spans", "source", "span", "covered"), COVERS)
def test_public_covers(
    spans: list[tuple[int, int]], source: str, span: tuple[int, int], covered: bool
) -> None:
    f = Finding(span[0], span[1], "x" * (span[1] - span[0]), "LOCATION", 0.8, source)
    assert Public(spans=sorted(spans)).covers(f) is covered


CHILD = {"role": "child", "pseudonym": "Child E", "names": ["Eirlys Brynhafod"]}
MOTHER = {"role": "mother", "pseudonym": "Mother", "names": ["Gwawr Brynhafod"]}
TOWN = {"role": "place", "pseudonym": "a town", "names": ["Llanwerdd"]}

# (identities, expected (term, type, replacement) per proposal, in order)
CASEFILE = [
    ((), []),
    ((TOWN,), [("Llanwerdd", "LOCATION", "a town")]),
    ((CHILD,), [("Eirlys Brynhafod", "PERSON", "Child E")]),
    # a surname two people share is its own entry, not either person's pseudonym
    (
        (CHILD, MOTHER),
        [
            ("Eirlys Brynhafod", "PERSON", "Child E"),
            ("Gwawr Brynhafod", "PERSON", "Mother"),
            ("Brynhafod", "PERSON", SHARED_REPLACEMENT),
        ],
    ),
]


@pytest.mark.parametrize(("identities", "expected"), CASEFILE)
def test_casefile_proposals(
    identities: tuple[dict[str, object], ...], expected: list[tuple[str, str, str]]
) -> None:
    props = casefile_proposals(case_file_record(*identities))
    assert [(p.term, p.type, p.replacement) for p in props] == expected
    assert all(p.decision is Decision.redact and p.proposed_by == ["case-file"] for p in props)


def test_no_record_no_casefile_proposals() -> None:
    assert casefile_proposals(None) == []


# --- step 2: screen -----------------------------------------------------------------------

# (text, term, type, source, owned keys, expected term or None when dropped)
SCREEN = [
    # the case file's own findings are proposed from the record, not here
    ("Eirlys came.", "Eirlys", "PERSON", "case-file", (), None),
    # a form the case file already owns
    ("Eirlys came.", "Eirlys", "PERSON", "ner", ("eirlys",), None),
    # a person's title is dropped from the term
    ("Dr Tegwyn Carreglas came.", "Dr Tegwyn Carreglas", "PERSON", "ner", (), "Tegwyn Carreglas"),
    # a "person" with a digit in it is not a name
    ("Room Carreglas 2 was used.", "Carreglas 2", "PERSON", "ner", (), None),
    # a one-letter term
    ("Then X left.", "X", "PERSON", "ner", (), None),
    # a model place made only of words the draft also uses in lower case
    ("The Board met. The board agreed.", "Board", "LOCATION", "ner", (), None),
    # a public term on the keep-list
    ("Children's Services called.", "Children's Services", "ORG_LOCAL", "ner", (), None),
    # pattern findings pass
    ("at SY99 9ZZ today", "SY99 9ZZ", "POSTCODE", "pattern", (), "SY99 9ZZ"),
]


@pytest.mark.parametrize(("text", "term", "entity", "source", "owned", "expected"), SCREEN)
def test_screen(
    policy: Policy,
    text: str,
    term: str,
    entity: str,
    source: str,
    owned: tuple[str, ...],
    expected: str | None,
) -> None:
    kept = screen(
        [found(text, term, entity, source)], text, collect_public(text, policy, None), owned
    )
    assert [f.text for f in kept] == ([expected] if expected else [])


def test_screen_retypes_a_model_organisation_that_is_a_person(policy: Policy) -> None:
    text = "Dr Tegwyn Carreglas saw her."
    kept = screen(
        [found(text, "Dr Tegwyn Carreglas", "ORG_LOCAL")], text, collect_public(text, policy, None)
    )
    assert [(f.text, f.entity_type) for f in kept] == [("Tegwyn Carreglas", "PERSON")]


# --- step 3: merge ------------------------------------------------------------------------

# (findings as (term, type, score), expected (term, type, score) per term, in order)
BEST = [
    # one term found twice as the same type: first occurrence kept
    ([("Llanwerdd", "LOCATION", 0.6), ("Llanwerdd", "LOCATION", 0.9)], [("LOCATION", 0.6)]),
    # the more specific type wins, with the higher score
    ([("Bryn Hafod", "LOCATION", 0.9), ("Bryn Hafod", "ADDRESS", 0.5)], [("ADDRESS", 0.9)]),
    ([("Tegwyn", "PERSON", 0.7), ("Tegwyn", "ORG_LOCAL", 0.4)], [("ORG_LOCAL", 0.7)]),
    ([("3 May 2030", "AGE_DOB", 0.9), ("3 May 2030", "DATE", 0.9)], [("AGE_DOB", 0.9)]),
    # a type the policy does not declare never wins
    ([("Tegwyn", "PERSON", 0.7), ("Tegwyn", "NOT_A_TYPE", 0.9)], [("PERSON", 0.7)]),
    # distinct terms keep their order of first occurrence
    (
        [("Llanwerdd", "LOCATION", 0.6), ("Tegwyn", "PERSON", 0.7)],
        [("LOCATION", 0.6), ("PERSON", 0.7)],
    ),
]


@pytest.mark.parametrize(("findings", "expected"), BEST)
def test_best_by_term(
    policy: Policy, findings: list[tuple[str, str, float]], expected: list[tuple[str, float]]
) -> None:
    fs = [Finding(0, len(t), t, e, s, "ner") for t, e, s in findings]
    best = best_by_term(fs, type_priority(policy))
    assert [(f.entity_type, f.score) for f in best] == expected


def test_policy_lists_the_most_specific_type_first(policy: Policy) -> None:
    rank = type_priority(policy)
    for specific, general in [
        ("AGE_DOB", "DATE"),
        ("NHS_NUMBER", "PHONE"),
        ("POSTCODE", "ADDRESS"),
        ("ADDRESS", "LOCATION"),
        ("SCHOOL", "ORG_LOCAL"),
        ("ORG_LOCAL", "PERSON"),
        ("PERSON", "LOCATION"),
    ]:
        assert rank[specific] < rank[general], (specific, general)


# (findings as (term, type), expected (term, variants) per proposal, in order)
MERGE = [
    # a full name proposes its first name and surname as variants; a lone one joins it
    (
        [("Tegwyn", "PERSON"), ("Tegwyn Carreglas", "PERSON")],
        [("Tegwyn Carreglas", ["Tegwyn", "Carreglas"])],
    ),
    # a word of an agency or place name is never a variant
    ([("Eirlys Road", "PERSON")], [("Eirlys Road", ["Eirlys"])]),
    # people first, longest names first, then everything else in order
    (
        [("Llanwerdd", "LOCATION"), ("Tegwyn", "PERSON"), ("Gwawr Mai Hafod", "PERSON")],
        [
            ("Gwawr Mai Hafod", ["Gwawr", "Mai", "Hafod"]),
            ("Tegwyn", []),
            ("Llanwerdd", []),
        ],
    ),
]


@pytest.mark.parametrize(("findings", "expected"), MERGE)
def test_merge(findings: list[tuple[str, str]], expected: list[tuple[str, list[str]]]) -> None:
    fs = [Finding(0, len(t), t, e, 0.8, "ner") for t, e in findings]
    props = merge(fs, fs, public=Public())
    assert [(p.term, p.variants) for p in props] == expected
    assert all(p.decision is Decision.undecided and p.replacement == "" for p in props)


def test_merge_skips_what_the_case_file_owns_and_counts_every_source() -> None:
    fs = [
        Finding(0, 6, "Tegwyn", "PERSON", 0.6, "ner"),
        Finding(0, 6, "Tegwyn", "PERSON", 0.9, "pattern"),
        Finding(10, 19, "Llanwerdd", "LOCATION", 0.8, "ner"),
    ]
    props = merge(fs[:1], fs, public=Public(), owned={"llanwerdd"})
    assert [(p.term, p.proposed_by, p.score) for p in props] == [
        ("Tegwyn", ["ner", "pattern"], 0.9)
    ]


# (text, proposals, forms already in the list, public terms, expected terms kept)
SHADOWED = [
    # a place name met only inside an address is replaced with the address: no entry
    (
        "She lived at 4 Bryn Hafod Road.",
        [prop("4 Bryn Hafod Road", "ADDRESS"), prop("Bryn Hafod", "LOCATION")],
        (),
        (),
        ["4 Bryn Hafod Road"],
    ),
    # ...but met on its own too, it keeps its entry
    (
        "She lived at 4 Bryn Hafod Road, in Bryn Hafod.",
        [prop("4 Bryn Hafod Road", "ADDRESS"), prop("Bryn Hafod", "LOCATION")],
        (),
        (),
        ["4 Bryn Hafod Road", "Bryn Hafod"],
    ),
    # a word met only inside a public name, or inside a longer entry of the list
    ("Cwm Ffug Health Board wrote.", [prop("Cwm", "LOCATION")], (), ("Cwm Ffug Health Board",), []),
    ("At Cwm Ffug Farm.", [prop("Cwm Ffug", "LOCATION")], ("Cwm Ffug Farm",), (), []),
    # a proposal joining an entry of the list is always kept (it updates that entry)
    ("At Cwm Ffug Farm.", [prop("Cwm Ffug", "LOCATION")], ("Cwm Ffug",), (), ["Cwm Ffug"]),
]


@pytest.mark.parametrize(("text", "props", "others", "public", "expected"), SHADOWED)
def test_drop_shadowed(
    text: str,
    props: list[Proposal],
    others: tuple[str, ...],
    public: tuple[str, ...],
    expected: list[str],
) -> None:
    kept = drop_shadowed(text, props, others=others, public=public)
    assert [p.term for p in kept] == expected


# --- step 4: number -----------------------------------------------------------------------

# (proposals, replacements used already, forms already in the list, expected replacements)
NUMBER = [
    ([prop("Tegwyn"), prop("Eirlys")], (), (), ["Person 1", "Person 2"]),
    # numbering continues after the list's highest number
    ([prop("Tegwyn")], ("Person 2", "Person 7", "Child E"), (), ["Person 8"]),
    # each type counts on its own; unnumbered types use the label as it is
    (
        [prop("Llanwerdd", "LOCATION"), prop("1 Stryd Ffug", "ADDRESS"), prop("Eirlys")],
        (),
        (),
        ["Place 1", "[address]", "Person 1"],
    ),
    # a term already in the list spends no number: its entry keeps its replacement
    ([prop("Tegwyn"), prop("Eirlys")], (), ("tegwyn",), ["", "Person 1"]),
    ([prop("Tegwyn Carreglas", variants=("Tegwyn",))], (), ("Tegwyn",), [""]),
    # dates are generalised by the policy
    ([prop("14 March 2030", "DATE")], (), (), ["March 2030"]),
]


@pytest.mark.parametrize(("props", "used", "existing", "expected"), NUMBER)
def test_number(
    policy: Policy,
    props: list[Proposal],
    used: tuple[str, ...],
    existing: tuple[str, ...],
    expected: list[str],
) -> None:
    out = number(props, policy, existing_forms=existing, used_replacements=used)
    assert [p.replacement for p in out] == expected
    assert [p.replacement for p in props] == [""] * len(props)  # inputs untouched


def test_number_gives_the_welsh_label(policy: Policy) -> None:
    (out,) = number([prop("Llanwerdd", "LOCATION")], policy)
    assert (out.replacement, out.replacement_cy) == ("Place 1", "Lle 1")


# --- step 5: short forms ------------------------------------------------------------------

# (text, people, public words, expected variants added to the first person)
SHORT = [
    # a capitalised word that begins the first name is a nickname
    ("Teg came home.", ["Tegwyn Carreglas"], (), ["Teg"]),
    # too short, in capitals, public, or the whole name: not a nickname
    ("Te came. TEG came.", ["Tegwyn Carreglas"], (), []),
    ("Teg came.", ["Tegwyn Carreglas"], ("teg",), []),
    # a first name that is someone's surname is not cut short this way
    ("Teg came.", ["Tegwyn Carreglas", "Eirlys Tegwyn"], (), []),
]


@pytest.mark.parametrize(("text", "people", "public", "expected"), SHORT)
def test_add_short_forms(
    text: str, people: list[str], public: tuple[str, ...], expected: list[str]
) -> None:
    before = [prop(p) for p in people]
    after = add_short_forms(text, before, public)
    assert after[0].variants == expected
    assert before[0].variants == []  # inputs untouched


def test_a_word_another_proposal_covers_is_not_a_short_form() -> None:
    after = add_short_forms(
        "Teg came.", [prop("Tegwyn Carreglas"), prop("Teg Valley", "LOCATION", ("Teg",))]
    )
    assert after[0].variants == []


# --- all steps ----------------------------------------------------------------------------


def test_build_proposals_runs_the_steps_in_order(policy: Policy) -> None:
    text = "Eirlys Brynhafod and Tegwyn Carreglas met at Llanwerdd. Teg and Tegwyn left."
    fs = [
        found(text, "Tegwyn Carreglas", "PERSON"),
        found(text, "Llanwerdd", "LOCATION", source="pattern"),
        Finding(text.rindex("Tegwyn"), text.rindex("Tegwyn") + 6, "Tegwyn", "PERSON", 0.7, "ner"),
    ]
    props = build_proposals(text, fs, record=case_file_record(CHILD), policy=policy)
    assert [(p.term, p.replacement, p.variants) for p in props] == [
        ("Eirlys Brynhafod", "Child E", ["Eirlys", "Brynhafod"]),
        ("Tegwyn Carreglas", "Person 1", ["Tegwyn", "Carreglas", "Teg"]),
        ("Llanwerdd", "Place 1", []),
    ]


def test_every_type_detection_emits_is_declared_in_the_policy(policy: Policy) -> None:
    from pipeline.stages.detect.engine import PRESIDIO_TO_ENTITY, SPACY_TO_ENTITY
    from pipeline.stages.detect.recognisers import uk_recognisers

    emitted = {e for r in uk_recognisers() for e in r.supported_entities}
    emitted |= set(SPACY_TO_ENTITY.values()) | set(PRESIDIO_TO_ENTITY.values())
    emitted |= {"PERSON", "LOCATION"}  # the case file's identities
    assert emitted - set(policy.entity_types) == set()


# --- in the stage: a person's removal sticks, the first run reports nothing unseen --------


def test_a_removed_variant_stays_removed_and_the_approval_stands(workspace: Path) -> None:
    from pipeline.stages.detect import detect_review
    from pipeline.stages.ingest import ingest_review
    from pipeline.stages.review import open_review
    from pipeline.store.workspace import Workspace

    (ref,) = [d.name for d in (workspace / "drafts").iterdir() if d.is_dir()]
    review = open_review(Workspace(workspace), ref)
    ingest_review(review)
    first = detect_review(review)
    assert first.unseen == 0  # nothing is "no longer in the draft" on a first run
    loaded = review.load_list()
    i, entry = next((i, e) for i, e in enumerate(loaded.model.entries) if len(e.variants) > 1)
    dropped = entry.variants[-1]
    # A person takes one variant out by hand, keeping the file's comments.
    text = review.paths.rules.read_text(encoding="utf-8")
    with loaded.edit() as doc:
        doc["entries"][i]["variants"] = [v for v in entry.variants if v != dropped]
    loaded.write()
    decided = review.load_list().model.list_sha256()

    detect_review(review)
    after = review.load_list()
    assert dropped not in after.model.entries[i].variants
    assert after.model.entries[i].not_variants == [dropped]
    assert after.model.list_sha256() == decided  # what the officer approved is unchanged
    written = review.paths.rules.read_text(encoding="utf-8")
    assert written.count("CONFIDENTIAL") == text.count("CONFIDENTIAL") == 1
    detect_review(review)
    assert review.paths.rules.read_text(encoding="utf-8") == written  # settled
