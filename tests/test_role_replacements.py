"""A practitioner the case file does not list is replaced by their role, said once.

Detection proposes the role the text gives a person ("the health visitor, Anna Bell," ->
"the health visitor"), numbered only when two people share it ("Health visitor 1");
the rewriting step keeps the prose from saying the role twice, in English and in Welsh.
Every name here is invented.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.records import case_file_record

from pipeline.model.policy import Policy, load_policy
from pipeline.model.redaction_list import Decision, Entry, Proposal
from pipeline.stages.anonymise import anonymise_text
from pipeline.stages.detect.findings import Finding
from pipeline.stages.detect.propose import assign_roles, build_proposals
from pipeline.stages.readability import check_readability
from pipeline.text.roles import ROLES, role, role_of_replacement

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(ROOT / "redaction_rules" / "policy.yaml")


def _person(term: str, *variants: str) -> Proposal:
    return Proposal(
        term=term,
        type="PERSON",
        replacement="",
        proposed_by=["ner"],
        score=0.8,
        decision=Decision.undecided,
        variants=list(variants),
    )


def _replacements(text: str, *people: Proposal, used: tuple[str, ...] = ()) -> list[str]:
    return [p.replacement or "-" for p in assign_roles(text, list(people), used_replacements=used)]


# What the text says of one practitioner -> the replacement proposed for them.
ONE_PERSON = [
    ("Home visit by the health visitor, Anna Bell, at home.", "the health visitor"),
    ("Anna Bell (school nurse) saw him twice.", "the school nurse"),
    ("Anna Bell, the allocated social worker, visited.", "the social worker"),
    ("He was allocated social worker Anna Bell in May.", "the social worker"),
    ("Social worker Anna Bell leaves the authority.", "the social worker"),
    ("PC Anna Bell attended the house.", "the police officer"),
    ("Dr Bell saw him in clinic.", "the doctor"),
    ("Dr Bell of Hollin Lane Surgery saw him.", "the GP"),
    ("His GP, Dr Bell, referred him.", "the GP"),
    ("Anna Bell, her social worker, who visited weekly.", "the social worker"),
    ("Mother tells midwife Anna Bell that she is well.", "the midwife"),
    ("Family support worker Anna Bell allocated.", "the family support worker"),
    ("The housing officer, Anna Bell, moved quickly.", "the housing officer"),
    ("The probation officer, Anna Bell, knew of the baby.", "the probation officer"),
    ("(Anna Bell, designated nurse): please check.", "the designated nurse"),
    ("Anna Bell (HV) visited.", "the health visitor"),
    ("The designated safeguarding lead, Anna Bell, called.", "the designated safeguarding lead"),
    ("A CAMHS practitioner, Anna Bell, saw him.", "the CAMHS practitioner"),
    # Welsh drafts: the Welsh role words give the same role.
    ("Ymwelodd yr ymwelydd iechyd, Anna Bell, â'r cartref.", "the health visitor"),
    ("Roedd Anna Bell (nyrs ysgol) yn pryderu.", "the school nurse"),
    ("Siaradodd y gweithiwr cymdeithasol, Anna Bell, â Mam.", "the social worker"),
    ("Aeth at y meddyg teulu, Dr Bell, ddwywaith.", "the GP"),
    # No role said: the numbered label stays (number() gives it later).
    ("Anna Bell said she was worried.", "-"),
    ("Mother told the health visitor Anna Bell was asleep.", "-"),
    ("Anna Bell, the mother, said little.", "-"),
]


@pytest.mark.parametrize(("text", "expected"), ONE_PERSON)
def test_a_practitioner_is_proposed_as_their_role(text: str, expected: str) -> None:
    assert _replacements(text, _person("Anna Bell", "Anna", "Bell")) == [expected]


def test_the_welsh_replacement_is_the_welsh_role() -> None:
    text = "The health visitor, Anna Bell, visited. PC Huw Tarrant attended."
    people = [_person("Anna Bell", "Anna", "Bell"), _person("Huw Tarrant", "Huw", "Tarrant")]
    out = assign_roles(text, people)
    assert [(p.replacement, p.replacement_cy) for p in out] == [
        ("the health visitor", "yr ymwelydd iechyd"),
        ("the police officer", "y swyddog heddlu"),
    ]


def test_two_people_sharing_a_role_are_numbered() -> None:
    text = (
        "The health visitor, Anna Bell, visited in May. Health visitor Wyn Corbett took "
        "over in June. The school nurse, Huw Tarrant, was told."
    )
    people = [_person("Anna Bell"), _person("Wyn Corbett"), _person("Huw Tarrant")]
    out = assign_roles(text, people)
    assert [(p.replacement, p.replacement_cy) for p in out] == [
        ("Health visitor 1", "Ymwelydd iechyd 1"),
        ("Health visitor 2", "Ymwelydd iechyd 2"),
        ("the school nurse", "y nyrs ysgol"),
    ]


@pytest.mark.parametrize(
    ("used", "expected"),
    [
        ((), "the health visitor"),
        (("the health visitor",), "Health visitor 2"),  # the list's one counts as first
        (("Health visitor 1", "Health visitor 2"), "Health visitor 3"),
        (("Person 1", "the social worker"), "the health visitor"),
    ],
)
def test_numbering_continues_after_the_list(used: tuple[str, ...], expected: str) -> None:
    text = "The health visitor, Anna Bell, visited."
    assert _replacements(text, _person("Anna Bell"), used=used) == [expected]


def test_a_person_takes_the_role_said_most_often() -> None:
    text = (
        "Dr Anna Bell saw him. The paediatrician, Anna Bell, wrote. Anna Bell "
        "(paediatrician) agreed."
    )
    assert _replacements(text, _person("Anna Bell")) == ["the paediatrician"]


def _finding(text: str, term: str) -> Finding:
    start = text.index(term)
    return Finding(start, start + len(term), term, "PERSON", 0.85, "ner")


def test_build_proposals_keeps_the_case_file_and_numbers_the_rest(policy: Policy) -> None:
    text = (
        "The social worker, Gwen Ifan, visited. Anna Bell (health visitor) called. "
        "Health visitor Wyn Corbett wrote. Huw Tarrant, a neighbour, helped. "
        "The social worker, Cerys Lund, took over."
    )
    rec = case_file_record(
        {
            "role": "social worker",
            "pseudonym": "the social worker",
            "pseudonym_cy": "y gweithiwr cymdeithasol",
            "names": ["Gwen Ifan"],
        }
    )
    names = ["Gwen Ifan", "Anna Bell", "Wyn Corbett", "Huw Tarrant", "Cerys Lund"]
    props = build_proposals(text, [_finding(text, n) for n in names], record=rec, policy=policy)
    got = {p.term: (p.replacement, p.decision) for p in props}
    # The record's replacement stands; a second social worker is the second.
    assert got["Gwen Ifan"] == ("the social worker", Decision.redact)
    assert got["Cerys Lund"] == ("Social worker 2", Decision.undecided)
    assert got["Anna Bell"] == ("Health visitor 1", Decision.undecided)
    assert got["Wyn Corbett"] == ("Health visitor 2", Decision.undecided)
    assert got["Huw Tarrant"] == ("Person 1", Decision.undecided)


def test_a_welsh_draft_gives_welsh_and_english_role_replacements(policy: Policy) -> None:
    text = "Ymwelodd y fydwraig, Anna Bell, â Mam. Roedd Huw Tarrant (nyrs ysgol) yn pryderu."
    props = build_proposals(
        text,
        [_finding(text, "Anna Bell"), _finding(text, "Huw Tarrant")],
        record=None,
        policy=policy,
    )
    got = {p.term: (p.replacement, p.replacement_cy) for p in props}
    assert got["Anna Bell"] == ("the midwife", "y fydwraig")
    assert got["Huw Tarrant"] == ("the school nurse", "y nyrs ysgol")


def test_a_term_already_in_the_list_gets_no_role() -> None:
    text = "The health visitor, Anna Bell, visited."
    out = assign_roles(text, [_person("Anna Bell")], existing_forms=["Anna Bell"])
    assert out[0].replacement == ""


def test_every_role_names_itself_back() -> None:
    for r in ROLES:
        for lang in ("en", "cy"):
            assert role_of_replacement(r.replacement(lang)) == (r, False)
            assert role_of_replacement(r.replacement(lang, 2)) == (r, True)
    assert role_of_replacement("Person 3") is None
    assert role_of_replacement("the allocated social worker") is None


def _entry(term: str, replacement: str, cy: str = "", *variants: str) -> Entry:
    return Entry(
        term=term,
        type="PERSON",
        decision=Decision.redact,
        replacement=replacement,
        replacement_cy=cy,
        variants=list(variants),
    )


HV = _entry("Anna Bell", "the health visitor", "yr ymwelydd iechyd", "Anna", "Bell")
HV2 = _entry("Wyn Corbett", "Health visitor 2", "Ymwelydd iechyd 2", "Wyn", "Corbett")
SW = _entry("Cerys Lund", "the social worker", "y gweithiwr cymdeithasol", "Cerys", "Lund")
GP = _entry("Rhodri Bell", "the GP", "y meddyg teulu", "Rhodri")
PC = _entry("Huw Tarrant", "the police officer", "y swyddog heddlu", "Tarrant")
NURSE = _entry("Eira Marsh", "the school nurse", "y nyrs ysgol", "Eira")
PCSO = _entry(
    "Ffion Dace", "the police community support officer", "y swyddog cymorth cymunedol", "Dace"
)
SW3 = _entry("Lowri Pike", "Social worker 3", "Gweithiwr cymdeithasol 3", "Lowri", "Pike")
ALL = [HV, HV2, SW, SW3, GP, PC, NURSE, PCSO]

# The draft's sentence -> the published sentence.
REWRITE_EN = [
    (
        "Home visit by the health visitor, Anna Bell, at home.",
        "Home visit by the health visitor at home.",
    ),
    ("His health visitor, Anna Bell, was told.", "His health visitor was told."),
    ("The health visitor, Anna Bell, and the GP met.", "The health visitor, and the GP met."),
    ("Anna Bell (health visitor) visited.", "The health visitor visited."),
    ("Eira Marsh (school nurse) saw him.", "The school nurse saw him."),
    (
        "Cerys Lund, the allocated social worker, visited.",
        "The allocated social worker visited.",
    ),
    ("Cerys Lund, her social worker, who visited.", "Her social worker, who visited."),
    ("He was seen by social worker Cerys Lund.", "He was seen by the social worker."),
    ("Social worker Cerys Lund leaves.", "The social worker leaves."),
    ("The GP, Dr Rhodri Bell, referred him.", "The GP referred him."),
    ("GP Dr Rhodri Bell referred him.", "The GP referred him."),
    ("His GP, Dr Rhodri Bell, at the surgery, knew.", "His GP, at the surgery, knew."),
    (
        "The Flying Start health visitor, Anna Bell, called.",
        "The Flying Start health visitor called.",
    ),
    ("Dr Rhodri Bell referred him.", "The GP referred him."),
    ("PC Huw Tarrant attended.", "The police officer attended."),
    (
        "Tarrant said that the police officer would return.",
        "The police officer said that the police officer would return.",
    ),
    ("Anna said it was fine.", "The health visitor said it was fine."),
    (
        "By the health visitor, Wyn Corbett, at home.",
        "By Health visitor 2 at home.",
    ),
    ("Wyn Corbett (health visitor) visited.", "Health visitor 2 visited."),
    ("Wyn Corbett, the health visitor, visited.", "Health visitor 2 visited."),
    ("Then health visitor Wyn Corbett wrote.", "Then Health visitor 2 wrote."),
    ("Then school nurse Eira Marsh wrote.", "Then the school nurse wrote."),
    (
        "| May | Specialist school nurse Eira Marsh calls. |",
        "| May | The specialist school nurse calls. |",
    ),
    ("**May 2030**: School nurse Eira Marsh calls.", "**May 2030**: The school nurse calls."),
    ("Mother tells school nurse Eira Marsh that", "Mother tells the school nurse that"),
    # The text's own words for the role stay: they may be a public name ("PCSO").
    ("PCSO Ffion Dace attends.", "The PCSO attends."),
    ("Ffion Dace (PCSO) attends.", "The PCSO attends."),
    ("Ffion Dace, PCSO, attends.", "The PCSO attends."),
    ("Dace said so.", "The police community support officer said so."),
    # A numbered label and the text's own, longer role phrase: one of them, said once.
    (
        "Lowri Pike, the hospital social worker, ensured it.",
        "The hospital social worker ensured it.",
    ),
    (
        "Seen by Lowri Pike, her social worker, who visited.",
        "Seen by her social worker, who visited.",
    ),
    ("Seen by her social worker, Lowri Pike, at home.", "Seen by her social worker at home."),
    ("Lowri Pike (hospital social worker) rang.", "The hospital social worker rang."),
    ("Lowri Pike, the social worker, rang.", "Social worker 3 rang."),
    # A job title before a name is not followed by another role ("Head of year the nurse").
    ("At noon. Head of year Eira Marsh rang.", "At noon. The head of year rang."),
    ("Head of year Lowri Pike rang.", "The head of year rang."),
    ("Nursery manager Anna Bell rang.", "The nursery manager rang."),
    ("Then the Nursery manager Anna Bell rang.", "Then the Nursery manager rang."),
    ("Health visitor Eira Marsh rang.", "The health visitor rang."),
]


@pytest.mark.parametrize(("draft", "published"), REWRITE_EN)
def test_a_role_is_said_once_in_english(draft: str, published: str) -> None:
    entries = ALL
    out, _ = anonymise_text(draft, entries)
    assert out == published
    reps = [e.replacement for e in entries]
    assert check_readability(out, "en", replacements=reps).defects == ()


REWRITE_CY = [
    (
        "Ymwelodd yr ymwelydd iechyd, Anna Bell, â'r cartref.",
        "Ymwelodd yr ymwelydd iechyd â'r cartref.",
    ),
    ("Roedd Eira Marsh (nyrs ysgol) yn pryderu.", "Roedd y nyrs ysgol yn pryderu."),
    (
        "Siaradodd y gweithiwr cymdeithasol, Cerys Lund, â Mam.",
        "Siaradodd y gweithiwr cymdeithasol â Mam.",
    ),
    ("Aeth at y meddyg teulu, Dr Rhodri Bell, ddwywaith.", "Aeth at y meddyg teulu ddwywaith."),
    ("Siaradodd Anna â Mam.", "Siaradodd yr ymwelydd iechyd â Mam."),
    ("Aeth Mam i Anna.", "Aeth Mam i'r ymwelydd iechyd."),
    (
        "Cafodd ei weld gan weithiwr cymdeithasol Cerys Lund.",
        "Cafodd ei weld gan y gweithiwr cymdeithasol.",
    ),
    (
        "Ysgrifennodd Wyn Corbett (ymwelydd iechyd) at Mam.",
        "Ysgrifennodd Ymwelydd iechyd 2 at Mam.",
    ),
    # A numbered Welsh label takes its trigger's mutation like any Welsh replacement.
    ("Siaradodd Mam â Lowri Pike.", "Siaradodd Mam â Gweithiwr cymdeithasol 3."),
    ("Aeth Mam i Lowri Pike.", "Aeth Mam i Weithiwr cymdeithasol 3."),
]


@pytest.mark.parametrize(("draft", "published"), REWRITE_CY)
def test_a_role_is_said_once_in_welsh(draft: str, published: str) -> None:
    entries = ALL
    out, _ = anonymise_text(draft, entries, lang="cy")
    assert out == published
    reps = [e.replacement_for("cy") for e in entries]
    assert check_readability(out, "cy", replacements=reps).defects == ()


def test_a_numbered_doctor_keeps_its_number() -> None:
    doctor = _entry("Rhodri Bell", "Doctor 2", "Meddyg 2", "Rhodri", "Bell")
    out, _ = anonymise_text("Dr Bell saw him.", [doctor])
    assert out == "Doctor 2 saw him."


def test_the_role_table_has_a_welsh_word_for_every_role() -> None:
    assert all(r.cy and r.cy_the.split()[0] in ("y", "yr") for r in ROLES)
    assert role("GP").replacement("cy") == "y meddyg teulu"
    assert role("midwife").replacement("cy") == "y fydwraig"


@pytest.mark.parametrize(
    ("published", "kind"),
    [
        ("Social worker 3, the hospital social worker, ensured it.", "repeated-apposition"),
        ("Seen by Social worker 3, her social worker, who visited.", "repeated-apposition"),
        ("Seen by her social worker, Social worker 3, at home.", "repeated-apposition"),
        ("Head of year the school nurse rang.", "title-before-replacement"),
        ("Nursery manager Social worker 3 rang.", "title-before-replacement"),
    ],
)
def test_the_readability_check_counts_a_role_said_twice(published: str, kind: str) -> None:
    reps = [e.replacement for e in ALL]
    assert check_readability(published, "en", replacements=reps).by_kind() == {kind: 1}
