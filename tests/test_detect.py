"""Detection behaviour on invented text: what is proposed, what is kept, how names join.

Every name, place and organisation here is made up for the tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.model.policy import load_policy
from pipeline.stages.detect.findings import find_all
from pipeline.stages.detect.propose import build_proposals
from pipeline.stages.detect.screen import dismiss, is_acronym_span, is_agency_name

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def policy():
    return load_policy(ROOT / "redaction_rules" / "policy.yaml")


def proposed_terms(text: str, policy) -> set[str]:
    """Every term (and variant) detection proposes for `text`, with no case file."""
    props = build_proposals(text, find_all(text, None), record=None, policy=policy)
    return {form for p in props for form in (p.term, *p.variants)}


# (entity type, term, context text, dismissed?) — model findings only.
SCREEN = [
    # a common word tagged alone as an organisation is an agency's short name
    ("ORG_LOCAL", "Board", "The Board met twice.", True),
    ("LOCATION", "Mid", "in Mid and East Brynmor", True),
    # abbreviations never written in lower case are agencies, not local names
    ("ORG_LOCAL", "CAMHS", "referred to CAMHS in May", True),
    ("ORG_LOCAL", "NI LE", "NI LE form", True),
    # ...but a name in capitals that is also written normally is not an abbreviation
    ("ORG_LOCAL", "ELWY", "ELWY came home. Elwy was tired.", False),
    # organisation names ending in an agency word
    ("ORG_LOCAL", "Brynmor Youth Service", "the Brynmor Youth Service saw him", True),
    ("ORG_LOCAL", "Hafod Women's Aid", "support from Hafod Women's Aid", True),
    ("ORG_LOCAL", "Royal College of Dentistry Surgeons", "guidance of the Royal College", True),
    # a description made of common words is a service, not a place
    ("ORG_LOCAL", "Information, Advice and Assistance", "the Information, Advice", True),
    # a local business with a rare word stays
    ("ORG_LOCAL", "Pengwern Motors", "worked at Pengwern Motors", False),
    # an ordinary word tagged as a person, only ever opening a line or a cell
    ("PERSON", "Volunteer", "| Volunteer | attended |\nVolunteer notes.", True),
    # an ordinary word used as a name in mid-sentence is a name
    ("PERSON", "Will", "the nurse saw Will at home. Will was well.", False),
    # a rare word is a name wherever it stands
    ("PERSON", "Elwyna", "Elwyna said no.", False),
]


@pytest.mark.parametrize(("entity", "term", "text", "expected"), SCREEN)
def test_screen(entity: str, term: str, text: str, expected: bool) -> None:
    assert dismiss(entity, "ner", term, text, []) is expected


@pytest.mark.parametrize("source", ["pattern", "case-file"])
def test_screen_never_dismisses_patterns_or_case_file(source: str) -> None:
    assert not dismiss("ORG_LOCAL", source, "Board", "The Board met.", [])


def test_acronym_and_agency_helpers() -> None:
    assert is_acronym_span("MASH", "the MASH")
    assert not is_acronym_span("Mash", "the Mash")
    assert is_agency_name("Brynmor County Council")
    assert not is_agency_name("Brynmor Medical Centre")


def test_allow_listed_mention_is_not_evidence_of_a_name() -> None:
    text = "the Child Practice Review said so"
    keep = [(4, 26)]
    assert dismiss("PERSON", "ner", "Child", text, keep)


def test_keep_terms_overlapping_a_model_span_are_not_proposed(policy) -> None:
    text = "The Review Panel met the Gwent Safeguarding Board and the Panel agreed.\n"
    assert not {"Review Panel", "Panel", "Board"} & proposed_terms(text, policy)


# (text, must be proposed as a term or variant) — names the model alone misses.
FOUND = [
    # a name in Markdown emphasis
    ("She lived with her brother **Elwyn Bontddu** at home.\n", "Elwyn Bontddu"),
    # a name opening a list item, beside a role
    ("- Gwenllian Tresaith, the hospital social worker, saw her.\n", "Gwenllian Tresaith"),
    # a role, then a first name alone
    ("The probation officer, Eilonwy, knew about the baby.\n", "Eilonwy"),
    # a full name the model calls an organisation still gives its first name a variant
    ("His father, Cadfael Brynaman, had little contact. Cadfael did not reply.\n", "Cadfael"),
]


@pytest.mark.parametrize(("text", "term"), FOUND)
def test_names_found(text: str, term: str, policy) -> None:
    assert term in proposed_terms(text, policy)


def test_lone_first_name_joins_full_name(policy) -> None:
    text = "The family of Tegid Morfa was seen. Later the nurse telephoned Tegid and his sister.\n"
    props = build_proposals(text, find_all(text, None), record=None, policy=policy)
    owner = [p for p in props if p.term == "Tegid Morfa"]
    assert owner and "Tegid" in owner[0].variants


def test_agency_word_never_a_name_variant(policy) -> None:
    text = "Elwyn Services met the Children's Services team. Elwyn Services spoke.\n"
    assert "Services" not in proposed_terms(text, policy)


def test_name_inside_a_hospital_name_is_not_a_person(policy) -> None:
    text = "He was taken to Tresaith Children's Hospital by ambulance.\n"
    terms = proposed_terms(text, policy)
    assert "Tresaith Children's Hospital" in terms
    assert "Children" not in terms


# (text, term) — shapes reports use for children and parents that the model misses.
NICKNAMES = [
    # a nickname in quotes after "known ... as"
    ('- **Bethan Tresaith**, mother; known to her family as "Bethy"\n', "Bethy"),
    # a nickname in brackets after the full name, in a table
    ('| Nerys Cwm-Bach ("Nersy") | Mother |\n', "Nersy"),
    # initials of a double-barrelled surname (the closing full stop is trimmed)
    ("The reviewers found that T.G-H. had been described as quiet.\n", "T.G-H"),
]


@pytest.mark.parametrize(("text", "term"), NICKNAMES)
def test_nicknames_and_initials(text: str, term: str, policy) -> None:
    assert term in proposed_terms(text, policy)


def test_all_caps_name_in_a_heading_is_proposed(policy) -> None:
    text = "CONFIDENTIAL: GWENLLIAN TRESAITH\n\nGwenllian Tresaith was two years old.\n"
    terms = {t.casefold() for t in proposed_terms(text, policy)}
    assert "gwenllian tresaith" in terms


def test_agency_phrases_kept(policy) -> None:
    text = (
        "The Review Panel asked Children's Services, CAMHS, Home-Start and Women's Aid "
        "for records. The Panel thanked the Board and Welsh Government.\n"
    )
    terms = proposed_terms(text, policy)
    for kept in (
        "Review Panel",
        "Panel",
        "Board",
        "CAMHS",
        "Home-Start",
        "Women's Aid",
        "Children's Services",
        "Welsh Government",
    ):
        assert kept not in terms


def test_short_form_of_a_first_name_joins_the_person() -> None:
    from support.workspace import ROOT

    from pipeline.model.policy import load_policy
    from pipeline.stages.detect.findings import Finding
    from pipeline.stages.detect.propose import build_proposals

    policy = load_policy(ROOT / "redaction_rules" / "policy.yaml")
    text = (
        'Gwenllian Testperson was seen. Her mother said: "Gwen was kind." Whit was not mentioned.'
    )
    findings = [Finding(0, 20, "Gwenllian Testperson", "PERSON", 0.85, "ner")]
    [prop] = [
        p
        for p in build_proposals(text, findings, record=None, policy=policy)
        if p.term == "Gwenllian Testperson"
    ]
    assert "Gwen" in prop.variants  # a short form of the first name
    assert "Whit" not in prop.variants  # surnames are not cut short this way


def test_a_place_part_belongs_to_the_place_not_to_a_family_name_entry() -> None:
    from pipeline.model.casefile import identity_terms
    from pipeline.model.review_record import ReviewRecord

    record = ReviewRecord.model_validate(
        {
            "reference": "X 1/2024",
            "board": "B",
            "review_type": "concise",
            "criteria": {"outcome": "died", "on_register_or_looked_after_in_6_months": False},
            "reviewers": ["R One"],
            "panel_chair": "P Chair",
            "identities": [
                {"role": "address", "pseudonym": "the home", "names": ["4 Lôn Deg, Pentrefach"]},
                {"role": "place", "pseudonym": "a village", "names": ["Pentrefach"]},
                {"role": "child", "pseudonym": "Child A", "names": ["Ana Testun"]},
                {"role": "mother", "pseudonym": "Mother", "names": ["Bet Testun"]},
            ],
        }
    )
    terms, shared = identity_terms(record)
    village = next(t for t in terms if t.term == "Pentrefach")
    home = next(t for t in terms if t.identity.pseudonym == "the home")
    assert "Pentrefach" not in home.variants and village.term == "Pentrefach"
    assert shared == ["Testun"]  # the family surname is the only shared form


def test_a_relative_named_with_the_family_surname_is_found(tmp_path: Path) -> None:
    # The case file names the child and mother; the grandmother shares their surname.
    from pipeline.model.review_record import ReviewRecord
    from pipeline.stages.detect.findings import case_file_findings

    record = ReviewRecord.model_validate(
        {
            "reference": "X 1/2026",
            "board": "A Board",
            "review_type": "concise",
            "criteria": {"outcome": "died", "on_register_or_looked_after_in_6_months": False},
            "reviewers": ["A Reviewer"],
            "panel_chair": "A Chair",
            "identities": [
                {"role": "child", "pseudonym": "Child A", "names": ["Morfudd Tegryn"]},
                {"role": "mother", "pseudonym": "Mother", "names": ["Lleucu Tegryn"]},
            ],
        }
    )
    text = (
        "Her grandmother, Branwen Tegryn, called. Mrs Tegryn was worried. "
        "When Tegryn family members met, the aunt Cerys Tegryn spoke."
    )
    found = {f.text for f in case_file_findings(text, record) if f.source == "coreference"}
    assert found == {"Branwen Tegryn", "Cerys Tegryn"}  # not "Mrs Tegryn", not "When Tegryn"
