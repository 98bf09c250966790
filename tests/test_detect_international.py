"""Addresses, towns, post codes, phone numbers and lone names written the way other
countries write them. Every example is invented."""

from __future__ import annotations

import pytest

from pipeline.stages.detect.recognisers.addresses import address_recogniser, locality_recogniser
from pipeline.stages.detect.recognisers.identifiers import postcode_recogniser
from pipeline.stages.detect.recognisers.people import in_person_place, person_recogniser
from pipeline.stages.detect.recognisers.sweeps import phone_sweep


def _found(recogniser: object, text: str) -> list[str]:
    return [text[r.start : r.end] for r in recogniser.find(text)]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        # street word first, house number last (Italian, French, Spanish, Portuguese)
        ("Her address was Via Garibaldo 14, Trento.", "Via Garibaldo 14"),
        ("She stayed at Rue des Lilas 8 for a week.", "Rue des Lilas 8"),
        ("Post went to Avda. del Puerto 23 in May.", "Avda. del Puerto 23"),
        ("He lives on Bairro São Tiago 41.", "Bairro São Tiago 41"),
        # one-word streets of Germanic and Nordic languages
        ("Letters went to Bergstrasse 17 then.", "Bergstrasse 17"),
        ("They live at Havnevej 9.", "Havnevej 9"),
        ("Her flat is on Ostwald-Kramer-Platz 3.", "Ostwald-Kramer-Platz 3"),
        ("Then Brauner Chaussee 12 for a year.", "Brauner Chaussee 12"),
        # a building number before the street, as US-style forms print it
        ("Address: 419 Kralovska 82, Hradec", "419 Kralovska 82"),
        ("Address: 771 12 Acacia Road, Elmhurst", "771 12 Acacia Road"),
        ("Send it to 36 Via Pescara 5.", "36 Via Pescara 5"),
        ("Write to P.O. Box 418 please.", "P.O. Box 418"),
        ("The title refers to Odysseos 17 street in the old town.", "Odysseos 17"),
        # a year before a street is not its number
        ("In 2019 15 Church Street was sold.", "15 Church Street"),
    ],
)
def test_addresses_of_other_countries_are_found_whole(text: str, address: str) -> None:
    assert address in _found(address_recogniser(), text)


@pytest.mark.parametrize(
    "text",
    [
        "The review considered section 3 Children Act 1989 first.",
        "On 12 March 2020 Strategy Meeting 2 was held.",
        "During 3 visits the worker saw him.",
        "The Spring 2021 term started late.",
        "Paragraph 4 Family Court 2 sets this out.",
        "Via email on 3 May the school wrote.",
        "Application no. 40660/08 Kowalski 12 was lodged.",
    ],
)
def test_numbers_beside_ordinary_words_are_not_addresses(text: str) -> None:
    assert _found(address_recogniser(), text) == []


@pytest.mark.parametrize(
    ("text", "towns"),
    [
        ("12 Kowalska 7 Apt. 31 Brzezno Poland 40321", ["Brzezno"]),
        ("88 Vodni 4 Suite 9 Lindholmen Czech Republic 11000", ["Lindholmen"]),
        ("PO Box 12 Apt. 4 ??? Qaqortuk ??? 39920", ["Qaqortuk"]),
        ("Mail: Fairhaven OR 97123", ["Fairhaven", "OR"]),
        ("Mail: Springfield IL 62704", ["Springfield", "IL"]),
        ("We moved here from ELMSBURY last year.", ["ELMSBURY"]),
    ],
)
def test_towns_of_american_and_continental_addresses(text: str, towns: list[str]) -> None:
    assert set(towns) <= set(_found(locality_recogniser(), text))


@pytest.mark.parametrize(
    "text",
    [
        "Her care moved from CAMHS to adult services.",
        "He was referred to NSPCC in June.",
        "Apt. 4 Poland 40321",
        "Suite 6 Suite 9, Elmhurst",
        "Police Constable PC 12345 attended.",
    ],
)
def test_abbreviations_and_countries_are_not_towns(text: str) -> None:
    assert _found(locality_recogniser(), text) == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("ZIP: 90412", "90412"),
        ("Her post code 1050 was wrong.", "1050"),
        ("My zip code is 30115", "30115"),
        ("PLZ 80331 München", "80331"),
    ],
)
def test_numeric_post_codes_after_their_label(text: str, code: str) -> None:
    assert code in _found(postcode_recogniser(), text)


@pytest.mark.parametrize("text", ["The zip file held 12 pages.", "Code 1234 was the door."])
def test_numbers_without_a_post_code_label_are_not_post_codes(text: str) -> None:
    assert _found(postcode_recogniser(), text) == []


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Please call me on 64 218 337 tomorrow.", "64 218 337"),
        ("No more texts to 512 7788 please.", "512 7788"),
        ("Contact: 558 214 907 mobile", "558 214 907"),
        ("I got no message on my usual 91 36 58. Why?", "91 36 58"),
        # a post code of the line before run into the number by reflowing
        ("Norway 40321 723 813 266 office", "723 813 266"),
    ],
)
def test_national_numbers_of_other_countries_with_a_calling_word(text: str, number: str) -> None:
    assert number in [text[s.start : s.end] for s in phone_sweep(text)]


@pytest.mark.parametrize(
    "text",
    [
        "She called on 12 03 2021 about the visit.",
        "He rang 3 times that night.",
        "Mum phoned at 10 30 and again later.",
        "The text of paragraph 4 2 1 is clear.",
        "On 12 03 2021 home visits stopped.",
    ],
)
def test_dates_times_and_counts_after_calling_words_are_not_phones(text: str) -> None:
    assert phone_sweep(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Tomek: Where were you?", "Tomek"),
        ('Chiamaka: "I am here."', "Chiamaka"),
        ("Oyelaran, can you help?", "Oyelaran"),
        ("Chidubem is from Enugu.", "Chidubem"),
        ("Stephen had given her a key.", "Stephen"),
        ("It was Margaret's idea to go.", "Margaret"),
        ("They had three: Ifeoma, Peter and Rose.", "Ifeoma"),
        ("Anka J Novak moved in.", "Anka J Novak"),
    ],
)
def test_lone_given_names_where_only_a_person_stands(text: str, name: str) -> None:
    assert name in _found(person_recogniser(), text)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("June was a hard month.", "June"),
        ("Note: The panel met.", "Note"),
        ("They went to St David's school.", "David"),
        ("Will had gone. He will come back.", "Will"),
        ("Child A Jones was seen.", "Child A Jones"),
    ],
)
def test_words_months_and_saints_are_not_lone_names(text: str, word: str) -> None:
    assert word not in _found(person_recogniser(), text)


@pytest.mark.parametrize(
    ("word", "text", "expected"),
    [
        ("Sunniva", 'Hi. Sunniva: "No."', True),
        ("Sunniva", "Sunniva had gone home.", True),
        ("Sunniva", "Sunniva's brother came.", True),
        ("Daily", "Daily contact was made.", False),
        ("Rose", "Rose had gone. Prices rose.", False),
    ],
)
def test_a_models_single_name_is_evidence_in_a_persons_place(
    word: str, text: str, expected: bool
) -> None:
    assert in_person_place(word, text) is expected


def test_in_a_welsh_text_only_names_of_the_table_count() -> None:
    # Every Welsh word is rare in English: a Welsh label is not a speaker.
    text = (
        "Ysgrifennydd: Roedd y panel yn cyfarfod yn y bore ac mae'r adroddiad wedi ei "
        "gwblhau gyda'r teulu. Stephen: Diolch."
    )
    found = _found(person_recogniser(), text)
    assert "Ysgrifennydd" not in found
    assert "Stephen" in found
