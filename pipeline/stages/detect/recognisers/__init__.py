"""The UK and Welsh recognisers Presidio's default set lacks.

`uk_recognisers()` gives fresh instances of all of them (language "en"). The entity types
they emit are declared once, in the policy (`redaction_rules/policy.yaml`, `entity_types`).
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
from pipeline.stages.detect.recognisers.welsh_names import welsh_name_recogniser


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
        welsh_name_recogniser(),
    ]


__all__ = ["uk_recognisers"]
