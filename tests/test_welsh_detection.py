"""Detection in Welsh text: names, mutated places, dates, ages and public bodies kept.

Every name, place and number here is invented for these tests.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.model.policy import load_policy
from pipeline.model.redaction_list import Decision, Entry
from pipeline.stages.anonymise import anonymise_text
from pipeline.stages.detect.findings import find_all
from pipeline.stages.detect.recognisers._rules import RuleRecognizer
from pipeline.stages.detect.recognisers.dates import date_recogniser
from pipeline.stages.detect.recognisers.organisations import org_recogniser, school_recogniser
from pipeline.stages.detect.recognisers.sweeps import age_in_years, age_sweep
from pipeline.stages.detect.recognisers.welsh_names import is_welsh, welsh_name_recogniser
from pipeline.text.welsh import radicals

POLICY = Path(__file__).resolve().parents[1] / "redaction_rules" / "policy.yaml"

# A Welsh frame long enough to be read as Welsh: {} is the sentence under test.
FRAME = (
    "Roedd y teulu wedi byw yn yr ardal ers blynyddoedd, ac nid oedd yr ysgol yn gwybod "
    "am y pryderon. {} Mae'r adolygiad hwn yn nodi bod angen rhannu gwybodaeth yn gynt, "
    "a bod yn rhaid i bob asiantaeth wrando ar y plentyn."
)


def welsh_spans(sentence: str) -> dict[str, str]:
    """What the Welsh name recogniser finds in the sentence: text -> entity type."""
    text = FRAME.format(sentence)
    results = welsh_name_recogniser().find(text)
    return {text[r.start : r.end]: r.entity_type for r in results}


@pytest.mark.parametrize(
    ("sentence", "name", "kind"),
    [
        # a capitalised non-word mid-sentence
        ("Aeth y swyddog i weld Tadeusz yn y fflat.", "Tadeusz", "WELSH_PERSON"),
        # the verb comes first: its subject is a person
        ("Dywedodd Morwenna wrth y nyrs ei bod yn flinedig.", "Morwenna", "WELSH_PERSON"),
        # a kinship word before a name that is also a Welsh word ("haul", sun)
        ("Roedd mam Heulwen yn gweithio bob nos.", "Heulwen", "WELSH_PERSON"),
        # a role and a comma before a full name of another origin
        (
            "Ymwelodd y gweithiwr cymdeithasol, Chukwuemeka Obi, â'r cartref.",
            "Chukwuemeka Obi",
            "WELSH_PERSON",
        ),
        # a title; a patronymic particle inside the name
        (
            "Siaradodd Mrs Gwenllian ap Rhydderch â'r teulu.",
            "Gwenllian ap Rhydderch",
            "WELSH_PERSON",
        ),
        # a nickname in quotes
        ('Roedd y ferch, "Bryony", yn hoffi nofio.', "Bryony", "WELSH_PERSON"),
        # nasal mutation after "yng": a place
        ("Roedd y teulu'n byw yng Nghefnhirfryn.", "Nghefnhirfryn", "WELSH_LOCATION"),
        # soft mutation after "o" before a place-name element (Llan-)
        ("Symudodd y teulu o Lanhedydd yn 2019.", "Lanhedydd", "WELSH_LOCATION"),
        # "yn" before a proper noun that is not a Welsh word: a place
        ("Roedd ei thad yn byw yn Gdańsk.", "Gdańsk", "WELSH_LOCATION"),
    ],
)
def test_names_and_places_found(sentence: str, name: str, kind: str) -> None:
    assert welsh_spans(sentence).get(name) == kind


@pytest.mark.parametrize(
    ("sentence", "not_a_name"),
    [
        ("Cafodd yr achos ei gau gan Gyngor Sir Fynwy.", "Fynwy"),
        ("Rhannodd Bwrdd Iechyd Prifysgol Glannau Teifi y wybodaeth.", "Glannau Teifi"),
        ("Ffoniodd y cymydog Heddlu Gogledd Cymru.", "Gogledd Cymru"),
        ("Cyhoeddodd Llywodraeth Cymru ganllawiau newydd.", "Cymru"),
        ("Cymerodd Ymgyrch Encompass ran.", "Encompass"),
        ("Daeth y fam o Wlad Pwyl i weithio.", "Wlad Pwyl"),
        ("Mae'r plant yn siarad Pwyleg gartref.", "Pwyleg"),
        ("Mae'r teulu'n Sipsiwn Romani ers cenedlaethau.", "Sipsiwn"),
        # a sentence's first word is no evidence: Welsh verbs open sentences
        ("Cynhaliodd y panel dri chyfarfod.", "Cynhaliodd"),
        # weekdays and holidays are not names
        ("Cafodd ei weld ddydd Mercher a Nos Galan.", "Mercher"),
        # an English brand with 's (Welsh has no 's)
        ("Roedd gweithiwr o Tesco's yno.", "Tesco"),
    ],
)
def test_public_and_common_words_not_names(sentence: str, not_a_name: str) -> None:
    found = welsh_spans(sentence)
    assert not any(not_a_name in text for text in found), found


def test_a_name_that_is_a_word_is_found_and_replaced_mutated_not_as_the_word() -> None:
    sentence = (
        "Roedd ffrind Gwawr yn poeni. Cododd y teulu cyn y wawr, ac roedd gwawr hyfryd. "
        "Roedd y nain yn gofalu am Wawr bob dydd."
    )
    found = welsh_spans(sentence)
    assert found.get("Gwawr") == "WELSH_PERSON"
    assert "wawr" not in found and "gwawr" not in found
    # The one entry for the radical form replaces the mutated form too ("am Wawr").
    entry = Entry(
        term="Gwawr",
        type="PERSON",
        decision=Decision.redact,
        replacement="Child A",
        replacement_cy="Plentyn A",
    )
    output, _ = anonymise_text(FRAME.format(sentence), [entry], lang="cy")
    assert "Wawr" not in output and "am Blentyn A" in output
    assert "cyn y wawr" in output and "gwawr hyfryd" in output


def test_a_place_found_mutated_is_found_in_its_radical_form_too() -> None:
    found = welsh_spans("Mae Pentrefelin Uchaf yn bell. Roedd hi'n byw ym Mhentrefelin Uchaf.")
    assert found.get("Mhentrefelin Uchaf") == "WELSH_LOCATION"
    assert found.get("Pentrefelin Uchaf") == "WELSH_LOCATION"


def test_english_text_is_left_to_the_english_rules() -> None:
    text = (
        "The family lived in Brynhyfryd and the social worker, Tadeusz Nowicki, visited "
        "them on 3 March. She said that the school was not told about the concerns."
    )
    assert not is_welsh(text)
    assert welsh_name_recogniser().find(text) == []


@pytest.mark.parametrize(
    ("word", "radical"),
    [
        ("Nghaerhedyn", "Caerhedyn"),
        ("Mhentrefelin", "Pentrefelin"),
        ("Nhalybont", "Talybont"),
        ("Lanhedydd", "Llanhedydd"),
        ("Wawr", "Gwawr"),
        ("Fwrdd", "Bwrdd"),
        ("Ddinbych", "Dinbych"),
        ("Chyngor", "Cyngor"),
    ],
)
def test_radicals(word: str, radical: str) -> None:
    assert radical in radicals(word)
    assert word in radicals(word)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Aeth ar goll ar Ddydd Calan 2019.", "Ddydd Calan 2019"),
        ("Fe'i gwelwyd dros Ŵyl San Steffan 2018.", "Ŵyl San Steffan 2018"),
        ("Digwyddodd ar Sul y Mamau 2022.", "Sul y Mamau 2022"),
        ("Cyfarfu'r panel ar y 14eg o Ragfyr 2020.", "14eg o Ragfyr 2020"),
        ("Roedd hyn ar 3–5 Mai 2017.", "3–5 Mai 2017"),
        ("Caewyd yr achos ddydd Mawrth 9 Ionawr.", "9 Ionawr"),
        ("Ganwyd hi yn Nhachwedd, ar 2 Dachwedd 2015.", "2 Dachwedd 2015"),
    ],
)
def test_welsh_dates(text: str, date: str) -> None:
    found = [text[r.start : r.end] for r in date_recogniser().find(text)]
    assert date in found
    # "dydd Mawrth" is Tuesday: never read as the month before a day number
    assert not any(f.startswith("Mawrth ") for f in found)


@pytest.mark.parametrize(
    ("text", "age", "years"),
    [
        ("roedd hi'n dair blwydd a phum mis oed", "dair blwydd a phum mis oed", "3 oed"),
        ("yn chwe blwydd ac un mis ar ddeg oed", "chwe blwydd ac un mis ar ddeg oed", "6 oed"),
        ("pan oedd yn dri mis a dwy wythnos oed", "dri mis a dwy wythnos oed", "dan 1 oed"),
        ("roedd yn 7 wythnos oed", "7 wythnos oed", "dan 1 oed"),
        # "dwy" softens "blwydd" to "flwydd"
        ("roedd hi'n dwy flwydd a dau fis oed", "dwy flwydd a dau fis oed", "2 oed"),
    ],
)
def test_welsh_ages_to_the_month(text: str, age: str, years: str) -> None:
    found = [text[s.start : s.end] for s in age_sweep(text)]
    assert found == [age]
    assert age_in_years(age, lang="cy") == years


@pytest.mark.parametrize(
    ("text", "name", "recogniser"),
    [
        ("Gwelodd y meddyg hi o Feddygfa Pen y Graig.", "Feddygfa Pen y Graig", org_recogniser),
        ("Cafodd ei derbyn i Ysbyty'r Waun Las.", "Ysbyty'r Waun Las", org_recogniser),
        (
            "Roedd yn mynd i Gylch Meithrin Coed Helyg.",
            "Gylch Meithrin Coed Helyg",
            school_recogniser,
        ),
    ],
)
def test_welsh_local_organisations_in_mutated_forms(
    text: str, name: str, recogniser: Callable[[], RuleRecognizer]
) -> None:
    found = [text[r.start : r.end] for r in recogniser().find(text)]
    assert name in found


def test_find_all_keeps_welsh_public_bodies_and_finds_the_family() -> None:
    text = FRAME.format(
        "Dywedodd Ifeoma wrth Gyngor Bwrdeistref Sirol Glyn Ebwy fod ei mab, Chinedu, yn "
        "sâl. Ni rannodd Bwrdd Iechyd Prifysgol Afon Lwyd na Heddlu Gwent y wybodaeth â "
        "Chyngor Sir Fynwy, ac roedd Llywodraeth Cymru yn gwybod."
    )
    policy = load_policy(POLICY)
    found = {f.text for f in find_all(text, None, policy=policy, lang="cy") if f.source != "ner"}
    assert {"Ifeoma", "Chinedu"} <= found
    for kept in ("Glyn Ebwy", "Afon Lwyd", "Gwent", "Fynwy", "Cymru", "Llywodraeth"):
        assert not any(kept in f for f in found), (kept, found)


@pytest.mark.parametrize(
    ("sentence", "kept", "name"),
    [
        # "a" before a capital is a list: the name after the council is not its name
        ("Ysgrifennodd y nyrs at Gyngor Brynhafod a Chloe Marsh.", "Brynhafod", "Marsh"),
        ("Siaradodd Cyngor Dinas Aberhafod ac Olumide â'r ysgol.", "Aberhafod", "Olumide"),
        # "ar" and "a'r" join the words of a name: the whole name is kept
        ("Rhannodd Cyngor Bwrdeistref Sirol Pen-y-cae ar Hafren y cofnod.", "Hafren", None),
        ("Gwelodd Bwrdd Iechyd Prifysgol Caerhafod a'r Fro y plentyn.", "Fro", None),
    ],
)
def test_welsh_public_names_end_at_a_list(sentence: str, kept: str, name: str | None) -> None:
    text = FRAME.format(sentence)
    found = {f.text for f in find_all(text, None, policy=load_policy(POLICY), lang="cy")}
    assert not any(kept in f for f in found), (kept, found)
    if name is not None:
        assert any(name in f for f in found), (name, found)
