"""Table-driven tests for the UK and Welsh recognisers, on invented examples only."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from presidio_analyzer import EntityRecognizer

from pipeline.model.policy import load_policy
from pipeline.stages.detect.recognisers import email as email_module
from pipeline.stages.detect.recognisers import uk_recognisers
from pipeline.stages.detect.recognisers.identifiers import nhs_checksum_ok
from pipeline.text.welsh import welsh_mutations


def found(text: str, entity: str, min_score: float = 0.0) -> set[str]:
    """The surface strings every recogniser reports as `entity` in `text`."""
    return {
        text[r.start : r.end]
        for rec in uk_recognisers()
        for r in rec.analyze(text, [entity])
        if r.entity_type == entity and r.score >= min_score
    }


# (text, entity, expected span) — each must be found, whole.
POSITIVE = [
    # NHS numbers: spaced, plain, hyphenated (all pass modulus 11)
    ("NHS number 999 462 1890 was recorded.", "NHS_NUMBER", "999 462 1890"),
    ("Her number is 9994621890.", "NHS_NUMBER", "9994621890"),
    ("Records under 999-462-1890 were merged.", "NHS_NUMBER", "999-462-1890"),
    # a mistyped number next to its label is still proposed
    ("NHS No: 999 462 1891", "NHS_NUMBER", "999 462 1891"),
    # National Insurance numbers: spaced and compact, valid prefixes
    ("NI number AB 12 34 56 C.", "NI_NUMBER", "AB 12 34 56 C"),
    ("National Insurance: JT123456A", "NI_NUMBER", "JT123456A"),
    # Postcodes: full, no space, lower case, outward after a town / label / in a cell
    ("He lived in Aberdaron, LL53 8BE.", "POSTCODE", "LL53 8BE"),
    ("Sent to CF103NQ last week", "POSTCODE", "CF103NQ"),
    ("the form said sa31 1ab", "POSTCODE", "sa31 1ab"),
    ("a flat in Llandeilo SA19 near the river", "POSTCODE", "SA19"),
    ("postcode area: LL57", "POSTCODE", "LL57"),
    ("| 4 Lôn Goch, Nefyn | LL53 |", "POSTCODE", "LL53"),
    # Phones: mobile, spaced, geographic with brackets, +44, non-geographic
    ("call 07700 900483 now", "PHONE", "07700 900483"),
    ("mobile 07700900483", "PHONE", "07700900483"),
    ("rang (01970) 123456 twice", "PHONE", "(01970) 123456"),
    ("from 01970 123456.", "PHONE", "01970 123456"),
    ("abroad on +44 7700 900483", "PHONE", "+44 7700 900483"),
    ("helpline 0300 123 4567", "PHONE", "0300 123 4567"),
    ("on 029 2018 0000 or", "PHONE", "029 2018 0000"),
    ("text 07700 900 190 please", "PHONE", "07700 900 190"),
    # E-mail
    ("wrote to rhian.owen77@example.com yesterday", "EMAIL", "rhian.owen77@example.com"),
    # Case references: local authority, police, court, labelled
    ("file CS/2019/58277 was opened", "CASE_REF", "CS/2019/58277"),
    ("Child protection CP421565 closed", "CASE_REF", "CP421565"),
    ("Court case PL19C52339 listed", "CASE_REF", "PL19C52339"),
    ("Referral 20/83956/22 received", "CASE_REF", "20/83956/22"),
    ("see LA-2021-00412 for details", "CASE_REF", "LA-2021-00412"),
    ("see LA2020/4412 for details", "CASE_REF", "LA2020/4412"),
    ("Crime ref 2300123456 was given", "CASE_REF", "2300123456"),
    ("case reference: QX7731", "CASE_REF", "QX7731"),
    # Vehicles: current format anywhere; prefix and suffix forms near a vehicle word
    ("a blue Ford, CW67 KNT, was seen", "VEHICLE_REG", "CW67 KNT"),
    ("car registration P123 ABC", "VEHICLE_REG", "P123 ABC"),
    ("the vehicle was ABC 123D", "VEHICLE_REG", "ABC 123D"),
    # Dates: every common format
    ("seen on 14 March 2021 by", "DATE", "14 March 2021"),
    ("seen on 14th March 2021 by", "DATE", "14th March 2021"),
    ("seen on March 14th 2021 by", "DATE", "March 14th 2021"),
    ("seen on March 14th by", "DATE", "March 14th"),
    ("seen on 14 March by", "DATE", "14 March"),
    ("seen on 14/03/2021 by", "DATE", "14/03/2021"),
    ("seen on 14/3/21 by", "DATE", "14/3/21"),
    ("seen on 14.3.21 by", "DATE", "14.3.21"),
    ("seen on 14-03-2021 by", "DATE", "14-03-2021"),
    ("seen on 2021-03-14 by", "DATE", "2021-03-14"),
    ("seen on 3 Mar 2022 by", "DATE", "3 Mar 2022"),
    ("seen on Mon 3 March 2022 by", "DATE", "Mon 3 March 2022"),
    ("seen on 3 Medi 2022 by", "DATE", "3 Medi 2022"),
    ("AT THE MEETING ON 5 JUNE 2020", "DATE", "5 JUNE 2020"),
    ("between 3-5 June 2020 staff", "DATE", "3-5 June 2020"),
    # Dates of birth: the date span only
    ("Tomos (DOB 25/09/2011) lived", "AGE_DOB", "25/09/2011"),
    ("date of birth: 3 May 2019", "AGE_DOB", "3 May 2019"),
    ("was born on 3 May 2019 at", "AGE_DOB", "3 May 2019"),
    ("d.o.b. 7.2.18", "AGE_DOB", "7.2.18"),
    ("| Date of birth | 12/04/2013 |", "AGE_DOB", "12/04/2013"),
    # Addresses: Welsh and English, flats, house names, with and without numbers
    ("lived at 12 Heol y Bryn with", "ADDRESS", "12 Heol y Bryn"),
    ("moved to Flat 3, 27 Stryd Fawr in", "ADDRESS", "Flat 3, 27 Stryd Fawr"),
    ("at 4 Maes y Coed until", "ADDRESS", "4 Maes y Coed"),
    ("a house on Lôn Las near", "ADDRESS", "Lôn Las"),
    ("living at Nant-yr-Eira, Rhodfa'r Eglwys and", "ADDRESS", "Nant-yr-Eira, Rhodfa'r Eglwys"),
    ("off Ffordd Penrhos by", "ADDRESS", "Ffordd Penrhos"),
    ("at 15 Church Street then", "ADDRESS", "15 Church Street"),
    ("near Bryn Road.", "ADDRESS", "Bryn Road"),
    ("in Maesglas Close.", "ADDRESS", "Maesglas Close"),
    ("on Y Stryd Fawr.", "ADDRESS", "Y Stryd Fawr"),
    ("at 8 Cilgant y Môr", "ADDRESS", "8 Cilgant y Môr"),
    ("at 6 Clos Tŷ Gwyn", "ADDRESS", "6 Clos Tŷ Gwyn"),
    ("at 31 Bro Hedd", "ADDRESS", "31 Bro Hedd"),
    ("at 2 Kestrel Court,", "ADDRESS", "2 Kestrel Court"),
    # Towns after an address, and from the gazetteer (plain and mutated)
    ("at 12 Heol y Bryn, Llanybydder, SA40 9QE.", "LOCATION", "Llanybydder"),
    ("at 3 Station Road, Cefn Hengoed.", "LOCATION", "Cefn Hengoed"),
    ("The family moved to Machynlleth in 2019.", "LOCATION", "Machynlleth"),
    ("Roedd hi'n byw yng Nghaerfyrddin.", "LOCATION", "Nghaerfyrddin"),
    ("Aeth i Fangor.", "LOCATION", "Fangor"),
    # Schools and nurseries
    ("attended Ysgol Gymraeg Bro Dinefwr until", "SCHOOL", "Ysgol Gymraeg Bro Dinefwr"),
    ("attended Ysgol Y Foryd until", "SCHOOL", "Ysgol Y Foryd"),
    ("moved to Ysgol Maes-y-Llan in", "SCHOOL", "Ysgol Maes-y-Llan"),
    ("at Pentrepoeth Primary School he", "SCHOOL", "Pentrepoeth Primary School"),
    (
        "at St Dyfrig's Church in Wales Primary School.",
        "SCHOOL",
        "St Dyfrig's Church in Wales Primary School",
    ),
    ("transferred to Cwmderi High School", "SCHOOL", "Cwmderi High School"),
    ("attends Penglais Comprehensive", "SCHOOL", "Penglais Comprehensive"),
    ("went to Cylch Meithrin Tŷ Bach", "SCHOOL", "Cylch Meithrin Tŷ Bach"),
    ("went to Little Owls Day Nursery", "SCHOOL", "Little Owls Day Nursery"),
    ("went to Meithrinfa Cwtsh Bach", "SCHOOL", "Meithrinfa Cwtsh Bach"),
    ("enrolled at Coleg Bro Tawe", "SCHOOL", "Coleg Bro Tawe"),
    # Local organisations
    ("registered at Penybryn Medical Centre", "ORG_LOCAL", "Penybryn Medical Centre"),
    ("registered at Ty'r Efail Surgery", "ORG_LOCAL", "Ty'r Efail Surgery"),
    ("seen at Dolwen Health Centre", "ORG_LOCAL", "Dolwen Health Centre"),
    ("admitted to Ysbyty Glan Menai", "ORG_LOCAL", "Ysbyty Glan Menai"),
    ("admitted to Bronglais General Hospital", "ORG_LOCAL", "Bronglais General Hospital"),
    ("transferred to Glan Teifi Hospital", "ORG_LOCAL", "Glan Teifi Hospital"),
    ("transferred to the Royal Gwent Hospital", "ORG_LOCAL", "Royal Gwent Hospital"),
    ("the University Hospital of Dyfed", "ORG_LOCAL", "University Hospital of Dyfed"),
    ("worked at Hafod Plant Hire Ltd", "ORG_LOCAL", "Hafod Plant Hire Ltd"),
    ("a resident of Bryn Celyn Care Home", "ORG_LOCAL", "Bryn Celyn Care Home"),
    ("a shift at The Old Mill Surgery", "ORG_LOCAL", "The Old Mill Surgery"),
    # Titled names and initials (low-confidence hints)
    ("Dr Rhiannon Pryce examined", "PERSON", "Rhiannon Pryce"),
    ("PC Watkins attended", "PERSON", "Watkins"),
    ("DS O'Connell interviewed", "PERSON", "O'Connell"),
    ("the child, known as T.P., said", "PERSON", "T.P."),
]


@pytest.mark.parametrize(("text", "entity", "expected"), POSITIVE)
def test_finds(text: str, entity: str, expected: str) -> None:
    assert expected in found(text, entity)


# (text, entity, span that must NOT be reported as that entity)
NEGATIVE = [
    # NHS: fails the check digit, no label
    ("Ref 999 462 1891 only", "NHS_NUMBER", "999 462 1891"),
    # NI: D, F, I, Q, U, V are not valid first letters; GB is not allocated
    ("code DA123456A here", "NI_NUMBER", "DA123456A"),
    ("code GB123456A here", "NI_NUMBER", "GB123456A"),
    # Postcodes: labels before a short code; ordinary words
    ("moved to Ward B2 yesterday", "POSTCODE", "B2"),
    ("the M4 was closed", "POSTCODE", "M4"),
    # Phones: dates and plain numbers
    ("on 01.02.2021 staff", "PHONE", "01.02.2021"),
    ("a total of 1234567", "PHONE", "1234567"),
    # Case refs: years, the review's own reference, times and money
    ("In 2021 the case was reviewed", "CASE_REF", "2021"),
    ("Review reference CYSUR 3/2022", "CASE_REF", "3/2022"),
    ("Case reference 3/2022 published", "CASE_REF", "3/2022"),
    ("at 14:30 on the day", "CASE_REF", "14:30"),
    ("cost £1,250 in total", "CASE_REF", "1,250"),
    # Vehicles: prefix form without a vehicle word
    ("form A123 BCD attached", "VEHICLE_REG", "A123 BCD"),
    # Dates: months and years alone, sections, versions, times
    ("in March 2021 the", "DATE", "March 2021"),
    ("In 2021 the", "DATE", "2021"),
    ("see section 4.1.10 of", "DATE", "4.1.10"),
    ("version 2.1.3 of", "DATE", "2.1.3"),
    ("children aged 14 may attend", "DATE", "14 may"),
    # Addresses: institutions with street words
    ("heard in the Family Court today", "ADDRESS", "Family Court"),
    ("at Crown Court, High Street", "ADDRESS", "Crown Court, High Street"),
    ("seen at Heol Fawr Surgery", "ADDRESS", "Heol Fawr Surgery"),
    # Places inside agency names are kept
    ("Cardiff and Vale University Health Board", "LOCATION", "Cardiff"),
    ("Swansea Bay University Health Board", "LOCATION", "Swansea"),
    ("Gwent Police attended", "LOCATION", "Gwent"),
    # Schools: generic uses
    ("attended the primary school", "SCHOOL", "primary school"),
    ("a high school place", "SCHOOL", "high school"),
    ("the school nurse saw him", "SCHOOL", "school nurse"),
    ("The Primary School was told", "SCHOOL", "Primary School"),
    ("The Children's Hospital was told", "ORG_LOCAL", "Children's Hospital"),
    ("Royal College of Veterinary Surgeons", "SCHOOL", "Royal College"),
    # Organisations: agencies are never proposed
    ("Welsh Government guidance", "ORG_LOCAL", "Welsh Government"),
    ("Ceredigion County Council Children's Services", "ORG_LOCAL", "Ceredigion County Council"),
    ("Welsh Ambulance Services NHS Trust", "ORG_LOCAL", "Welsh Ambulance Services NHS Trust"),
    ("Cafcass Cymru and the Crown Prosecution Service", "ORG_LOCAL", "Crown Prosecution Service"),
    ("a GP surgery nearby", "ORG_LOCAL", "GP surgery"),
    # People: titles without a name, abbreviations
    ("Mr and Mrs. Dr. attended", "PERSON", "Dr"),
    ("the D.O.B. field", "PERSON", "D.O.B."),
]


@pytest.mark.parametrize(("text", "entity", "span"), NEGATIVE)
def test_does_not_find(text: str, entity: str, span: str) -> None:
    assert span not in found(text, entity)


# Agency, role and legislation names a report keeps: nothing of ours may fire on them.
KEPT = [
    "Mid and West Wales Safeguarding Children Board",
    "Social Services and Well-being (Wales) Act 2014",
    "Children's Commissioner for Wales",
    "Hywel Dda University Health Board",
    "Dyfed-Powys Police",
    "Powys Teaching Health Board",
    "Cwm Taf Morgannwg University Health Board",
    "South Wales Police",
    "Independent Reviewing Officer",
    "multi-agency safeguarding hub",
    "Working Together to Safeguard People",
    "Vale of Glamorgan Council Children's Social Care",
    "National Health Service",
    "NHS Wales",
]


@pytest.mark.parametrize("text", KEPT)
def test_agency_names_raise_nothing_confident(text: str) -> None:
    hits = [
        r
        for rec in uk_recognisers()
        for r in rec.analyze(f"The report thanks {text} for its help.", [])
        if r.score >= 0.5
    ]
    assert hits == []


# (name, expected forms) from the brief's examples
MUTATIONS = [
    ("Caerdydd", {"Gaerdydd", "Nghaerdydd", "Chaerdydd"}),
    ("Bangor", {"Fangor", "Mangor"}),
    ("Llanelli", {"Lanelli"}),
    ("Tregaron", {"Dregaron", "Nhregaron", "Thregaron"}),
    ("Penarth", {"Benarth", "Mhenarth", "Phenarth"}),
    ("Dinbych", {"Ddinbych", "Nimbych"}),
    ("Glyn", {"Lyn", "Nglyn"}),
    ("Merthyr", {"Ferthyr"}),
    ("Rhyl", {"Ryl"}),
]


@pytest.mark.parametrize(("name", "expected"), MUTATIONS)
def test_welsh_mutations(name: str, expected: set[str]) -> None:
    assert expected <= welsh_mutations(name)
    assert name not in welsh_mutations(name)


@pytest.mark.parametrize(
    "name",
    [
        "Abertawe",  # vowel: no consonant mutation
        "Ffestiniog",  # ff never mutates
        "Chwilog",  # ch never mutates
    ],
)
def test_unmutable_initials(name: str) -> None:
    assert welsh_mutations(name) == set()


def test_mutations_keep_capitals() -> None:
    assert "NGHAERDYDD" in welsh_mutations("CAERDYDD")


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("9994621890", True),  # check digit 0
        ("943 476 5919", True),  # a commonly published valid example
        ("9994621891", False),  # wrong check digit
        ("1111111111", False),  # repeated digit
        ("123456789", False),  # too short
    ],
)
def test_nhs_checksum(number: str, valid: bool) -> None:
    assert nhs_checksum_ok(number) is valid


def test_email_works_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[object] = []

    def refuse(*args: object, **_kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network blocked in tests")

    # tldextract falls back to its snapshot when a download fails, so a blocked socket
    # alone would not show an attempt: record every attempt and require there were none.
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    # Forget any suffix list loaded by earlier tests, so it is loaded again, offline.
    monkeypatch.setattr(email_module._OFFLINE_EXTRACT, "_extractor", None)
    assert found("mail dai.jenkins@council.gov.wales today", "EMAIL") == {
        "dai.jenkins@council.gov.wales"
    }
    assert attempts == []


def test_every_recogniser_is_fresh_english_and_declared() -> None:
    first, second = uk_recognisers(), uk_recognisers()
    assert all(isinstance(r, EntityRecognizer) for r in first)
    assert {id(r) for r in first}.isdisjoint(id(r) for r in second)
    assert {r.supported_language for r in first} == {"en"}
    entities = {e for r in first for e in r.supported_entities}
    policy = load_policy(Path(__file__).resolve().parents[1] / "redaction_rules" / "policy.yaml")
    assert entities <= set(policy.entity_types)


def test_results_carry_recogniser_metadata() -> None:
    for rec in uk_recognisers():
        for r in rec.analyze("DOB 14/03/2021 at 12 Heol y Bryn, Tregaron SY25 1SH", []):
            assert r.recognition_metadata["recognizer_identifier"] == rec.id
