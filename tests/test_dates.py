"""Dates generalised by policy: a full date becomes month and year, a birth date goes."""

from __future__ import annotations

import pytest

from pipeline.model.policy import DatePolicy, DobPolicy, FullDatePolicy
from pipeline.text.dates import generalise, parse_date

CASES = [
    # (as written, month and year by default policy)
    ("14 March 2021", "March 2021"),
    ("14th March 2021", "March 2021"),
    ("March 14th, 2021", "March 2021"),
    ("14/03/2021", "March 2021"),
    ("14.3.21", "March 2021"),
    ("2021-03-14", "March 2021"),
    ("3 Mar 2022", "March 2022"),
    ("March 14th", "March"),  # no year written: none invented
    ("14 Mawrth 2024", "Mawrth 2024"),  # Welsh stays Welsh
    ("14eg o Fawrth 2024", "Mawrth 2024"),  # mutated Welsh month
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_full_dates_become_month_and_year(text: str, expected: str) -> None:
    assert generalise(text, DatePolicy(), birth=False) == expected


def test_date_of_birth_is_removed_by_default() -> None:
    assert generalise("25/09/2011", DatePolicy(), birth=True) == "[date of birth]"
    keep_month = DatePolicy(date_of_birth=DobPolicy.month_year)
    assert generalise("25/09/2011", keep_month, birth=True) == "September 2011"


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        (FullDatePolicy.year, "2021"),
        (FullDatePolicy.remove, "[date]"),
        (FullDatePolicy.keep, "14 March 2021"),
    ],
)
def test_other_policies(mode: FullDatePolicy, expected: str) -> None:
    assert generalise("14 March 2021", DatePolicy(full_date=mode), birth=False) == expected


def test_not_a_date() -> None:
    assert parse_date("in the summer") is None
    assert generalise("in the summer", DatePolicy(), birth=False) == "[date]"


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("ar y 14eg o Fawrth cyfarfu'r panel", "14eg o Fawrth"),
        ("ar 14 Ionawr 2024 aeth", "14 Ionawr 2024"),
        ("yn ystod mis Mawrth 2024", None),  # a month alone is not a full date
    ],
)
def test_welsh_dates_are_found(text: str, date: str | None) -> None:
    from pipeline.stages.detect.recognisers.dates import date_recogniser

    found = [text[r.start : r.end] for r in date_recogniser().analyze(text, ["DATE"])]
    assert found == ([date] if date else [])


def test_welsh_page_wording_of_generalised_dates() -> None:
    assert generalise("14/03/2021", DatePolicy(), birth=False, lang="cy") == "Mawrth 2021"
    assert generalise("25/09/2011", DatePolicy(), birth=True, lang="cy") == "[dyddiad geni]"
