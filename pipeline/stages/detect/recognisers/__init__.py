"""The UK and Welsh recognisers Presidio's default set lacks.

`uk_recognisers()` gives fresh instances of all of them (language "en"); `ENTITY_TYPES`
declares every entity type they and the rest of detection use, with what each means.
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from pipeline.stages.detect.recognisers.addresses import address_recogniser, locality_recogniser
from pipeline.stages.detect.recognisers.dates import date_recogniser, dob_recogniser
from pipeline.stages.detect.recognisers.email import OfflineEmailRecognizer
from pipeline.stages.detect.recognisers.identifiers import (
    case_ref_recogniser,
    nhs_recogniser,
    ni_recogniser,
    phone_recogniser,
    postcode_recogniser,
    vehicle_recogniser,
)
from pipeline.stages.detect.recognisers.organisations import org_recogniser, school_recogniser
from pipeline.stages.detect.recognisers.people import person_recogniser
from pipeline.stages.detect.recognisers.places import place_recogniser

ENTITY_TYPES: dict[str, str] = {
    "PERSON": "a person's name, nickname or initials",
    "LOCATION": "a town, village or district",
    "ADDRESS": "a street address: flat, house name or number, street",
    "POSTCODE": "a UK postcode, full or outward code",
    "SCHOOL": "a named school, college or nursery",
    "ORG_LOCAL": "a named hospital, GP surgery, health centre, care home or workplace",
    "NHS_NUMBER": "a ten-digit NHS number",
    "NI_NUMBER": "a National Insurance number",
    "PHONE": "a UK phone number",
    "EMAIL": "an e-mail address",
    "CASE_REF": "a local authority, police or court reference",
    "VEHICLE_REG": "a UK vehicle registration",
    "DATE": "a day-level date",
    "AGE_DOB": "a date of birth",
}


def uk_recognisers() -> list[EntityRecognizer]:
    """Fresh instances of every recogniser in this package, for language "en"."""
    return [
        nhs_recogniser(),
        ni_recogniser(),
        phone_recogniser(),
        postcode_recogniser(),
        case_ref_recogniser(),
        vehicle_recogniser(),
        OfflineEmailRecognizer(),
        date_recogniser(),
        dob_recogniser(),
        address_recogniser(),
        locality_recogniser(),
        place_recogniser(),
        school_recogniser(),
        org_recogniser(),
        person_recogniser(),
    ]


__all__ = ["ENTITY_TYPES", "uk_recognisers"]
