"""The sweeps: names of any origin, any reference number, handles, ages, and public names kept.

Every name, place and number here is invented.
"""

from __future__ import annotations

from functools import cache

import pytest
from support.workspace import ROOT

from pipeline.model.policy import Policy, load_policy
from pipeline.stages.detect.findings import Finding, find_all, keep_pattern_spans
from pipeline.stages.detect.recognisers import sweeps
from pipeline.stages.detect.recognisers.public import is_public_context


@cache
def policy() -> Policy:
    return load_policy(ROOT / "redaction_rules" / "policy.yaml")


def found(text: str) -> list[Finding]:
    return find_all(text, None, policy=policy())


def found_texts(text: str) -> set[str]:
    return {f.text for f in found(text)}


# --- names ---------------------------------------------------------------------------------


def _names(text: str, covered: list[tuple[int, int]] | None = None) -> list[str]:
    return [text[s.start : s.end] for s in sweeps.name_sweep(text, covered or [])]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The worker visited and Zbrelka was at home.", "Zbrelka"),
        ("Later that week Quillon Bravetti phoned the school.", "Quillon Bravetti"),
        ("The nurse spoke to Yusrah ap Tudwal about the baby.", "Yusrah ap Tudwal"),
        ("The family knew Marisela de Ouvrado well.", "Marisela de Ouvrado"),
        ("A referral named Karim Al-Zubayeer as the carer.", "Karim Al-Zubayeer"),
        ("The officer met Fionnuala O'Brannick on the stairs.", "Fionnuala O'Brannick"),
    ],
)
def test_rare_capitalised_words_are_swept_as_names(text: str, name: str) -> None:
    assert name in _names(text)


@pytest.mark.parametrize(
    "text",
    [
        "The Board met in March and the Panel agreed the Report.",  # dictionary words
        "CAMHS and the GP shared the plan.",  # abbreviations
        "Zbrelka is a word that opens this sentence only.",  # capital at a sentence start
    ],
)
def test_words_abbreviations_and_sentence_openers_are_not_swept(text: str) -> None:
    assert _names(text) == []


def test_a_name_that_is_also_a_word_needs_a_persons_context() -> None:
    # "Roma" and "Wei" are words to wordfreq; beside kin words or verbs they are names.
    assert "Wei" in _names("She lived with her brother Wei and two cousins.")
    assert _names("The report used the word Roma in one table heading.") == []


def test_lower_case_name_in_a_quoted_message_is_swept() -> None:
    text = 'The message read "see u later zofijka" and was deleted.'
    assert "zofijka" in _names(text)


def test_a_short_form_counts_only_when_its_full_name_is_found() -> None:
    # "Kit" is an English word: alone it is not swept; beside a Christopher it is his name.
    text = "The bag was left by Kit at the door."
    with_full = sweeps.name_sweep(text, [], known_first_names=["Christopher"])
    without = sweeps.name_sweep(text, [], known_first_names=["Gareth"])
    assert [text[s.start : s.end] for s in with_full] == ["Kit"]
    assert without == []


def test_a_swept_name_inside_a_found_span_is_not_proposed_twice() -> None:
    text = "The nurse met Quillon Bravetti."
    start = text.index("Quillon")
    assert _names(text, [(start, start + len("Quillon Bravetti"))]) == []


# --- identifiers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "entity"),
    [
        ("A protection notice QR/TZ/24/098761 was issued.", "QR/TZ/24/098761", "CASE_REF"),
        ("The court number is WB24C00417.", "WB24C00417", "CASE_REF"),
        ("Her hospital number K9081726 was on the form.", "K9081726", "CASE_REF"),
        ("It was filed as 7719204 in the end.", "7719204", "OTHER_ID"),
        ("Storm log 20240117-0391 recorded the call.", "20240117-0391", "CASE_REF"),
    ],
)
def test_reference_shaped_codes_are_swept(text: str, code: str, entity: str) -> None:
    spans = {text[s.start : s.end]: s.entity_type for s in sweeps.identifier_sweep(text)}
    assert spans.get(code) == entity


@pytest.mark.parametrize(
    "text",
    [
        "3.4. The panel met on 12/03/2021.",  # numbering and a date
        "The grant was £250000 and 1,250,000 people live there.",  # money, counts
        "Section 47 of the Act, and 2021/22 figures, and 120000 km.",  # section, years, units
        "COVID-19 and A&E and H1N1 are not references.",
    ],
)
def test_dates_money_measures_sections_and_numbering_are_not_identifiers(text: str) -> None:
    assert sweeps.identifier_sweep(text) == []


def test_cards_ibans_and_ip_addresses_are_found_by_presidio_checks() -> None:
    text = (
        "Card 4111 1111 1111 1111 and IBAN GB82 WEST 1234 5698 7654 32 and the address "
        "10.20.30.40 were shared; card 4111 1111 1111 1112 fails the Luhn check."
    )
    types = {f.text: f.entity_type for f in found(text)}
    assert types["4111 1111 1111 1111"] == "FINANCIAL"
    assert types["GB82 WEST 1234 5698 7654 32"] == "FINANCIAL"
    assert types["10.20.30.40"] == "IP_ADDRESS"
    assert types.get("4111 1111 1111 1112") != "FINANCIAL"


# --- handles and ages ----------------------------------------------------------------------


def test_handles_are_their_own_type_and_platforms_are_kept() -> None:
    text = 'He messaged @zed.q_19 on Snapchat and joined a group chat called "Hill Boyz".'
    types = {f.text: f.entity_type for f in found(text)}
    assert types["@zed.q_19"] == "HANDLE"
    assert types["Hill Boyz"] == "HANDLE"
    assert "Snapchat" not in types


@pytest.mark.parametrize(
    ("text", "age", "years"),
    [
        ("She was 3 years 5 months old at the time.", "3 years 5 months old", "3 years old"),
        ("The baby, 22 weeks old, was seen.", "22 weeks old", "under 1"),
        ("He was aged 14 months when it began.", "14 months", "1 year old"),
        ("Roedd hi'n bum mlwydd a dau fis oed.", "bum mlwydd a dau fis oed", "5 years old"),
    ],
)
def test_ages_to_the_month_become_whole_years(text: str, age: str, years: str) -> None:
    spans = [text[s.start : s.end] for s in sweeps.age_sweep(text)]
    assert spans == [age]
    assert sweeps.age_in_years(age) == years


def test_ages_are_left_alone_when_the_switch_is_off() -> None:
    off = policy().model_copy(
        update={"switches": policy().switches.model_copy(update={"ages_to_years": False})}
    )
    text = "She was 3 years 5 months old at the time."
    assert not any(f.entity_type == "AGE" for f in find_all(text, None, policy=off))


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "date",
    ["04/11", "1/2 June 2021", "3–5 May 2020", "Bonfire Night 2021", "2022-10-09"],
)
def test_partial_holiday_and_iso_dates_are_found(date: str) -> None:
    text = f"The visit on {date} was missed."
    assert any(f.entity_type == "DATE" and f.text == date for f in found(text))


def test_fractions_and_round_the_clock_are_not_dates() -> None:
    text = "About 1/2 of the staff worked 24/7 in the unit."
    assert not any(f.entity_type == "DATE" for f in found(text))


# --- public names kept by pattern ------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Northmoor Police",
        "Westbury Constabulary",
        "Redhill Borough Council",
        "Fairhaven County Borough Council",
        "Greystone NHS Foundation Trust",
        "Llanfoel University Health Board",
        "Eastvale Safeguarding Children Partnership",
        "Redhill Children's Services",
        "Fairhaven Family Court",
        "Children and Young People (Wales) Act 2031",
        "Working Together to Safeguard Children",
        "Child A",
        "Baby E",
        "Mr BF",
        "Cyngor Sir Dyffrynfoel",
        "Gyngor Sir Dyffrynfoel",
        "Bwrdd Iechyd Prifysgol Bryngolau",
        "Heddlu Dyffrynfoel",
        "Llywodraeth Cymru",
    ],
)
def test_public_bodies_and_pseudonyms_are_kept_by_their_shape(name: str) -> None:
    text = f"The chronology says that {name} was told on the day."
    start = text.index(name)
    spans = keep_pattern_spans(text, policy())
    assert any(s <= start and start + len(name) <= e for s, e in spans), name
    assert not any(start <= f.start < start + len(name) for f in found(text)), name


def test_a_name_joined_to_an_agency_by_and_is_still_a_name() -> None:
    text = "The worker said Quillon Bravetti and Northmoor Police met."
    assert "Quillon Bravetti" in found_texts(text)


@pytest.mark.parametrize(
    ("term", "person", "kept"),
    [
        ("Kurdish", False, True),
        ("Tigrinya", False, True),
        ("Scottish Travellers", False, True),
        ("Roma", True, True),
        ("Eritrean", False, True),
        ("Poland", False, True),
        ("Jordan", True, False),  # a country's name found as a person's is a name
        ("Quillon", True, False),
    ],
)
def test_countries_nationalities_languages_and_groups_are_context(
    term: str, person: bool, kept: bool
) -> None:
    assert is_public_context(term, person=person) is kept


def test_role_labels_in_the_draft_are_not_names() -> None:
    text = "Mother told the nurse that Dad had left; Child B was asleep."
    assert not {"Mother", "Dad", "Child B"} & found_texts(text)


# --- phones, address parts and given names ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Her aunt abroad is on +41 44 321 09 87 most days.", "+41 44 321 09 87"),
        ("Mobile: 730 064 219\nDesk: none", "730 064 219"),
    ],
)
def test_international_and_labelled_phones_are_swept(text: str, number: str) -> None:
    assert number in [text[s.start : s.end] for s in sweeps.phone_sweep(text)]


def test_suites_and_postal_codes_closing_an_address_line_are_swept() -> None:
    text = "Suite 412\nSmallbrook 48213\nThe year ended in March 2021\n"
    found_spans = {text[s.start : s.end]: s.entity_type for s in sweeps.address_sweep(text)}
    assert found_spans == {"Suite 412": "ADDRESS", "48213": "POSTCODE"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The visit was cancelled because Marcus was unwell.", "Marcus"),
        ("Mabel: I will come on Friday.", "Mabel"),
    ],
)
def test_given_names_of_the_nicknames_table_are_swept_in_a_names_place(
    text: str, name: str
) -> None:
    assert name in _names(text)
