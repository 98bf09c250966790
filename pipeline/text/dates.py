"""Generalising dates by policy: a full date becomes month and year, a birth date goes."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Protocol

from pipeline.text.languages import MAIN_LANG, check_lang


class FullDatePolicy(StrEnum):
    """What a full date becomes."""

    month_year = "month_year"
    year = "year"
    remove = "remove"
    keep = "keep"


class DobPolicy(StrEnum):
    """What a date of birth becomes."""

    remove = "remove"
    month_year = "month_year"


class DateRules(Protocol):
    """What generalising needs of the Board's date policy (`pipeline.model.policy.DatePolicy`)."""

    @property
    def full_date(self) -> FullDatePolicy: ...  # noqa: D102

    @property
    def date_of_birth(self) -> DobPolicy: ...  # noqa: D102


# Month names, declared once for detection, generalisation and the public site.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_RE = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|"
    r"july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# Welsh month names with their mutated forms ("o Fawrth", "ym Mehefin"), as written in a
# Welsh translation; a date generalised from one stays in Welsh.
WELSH_MONTHS = (
    "Ionawr",
    "Chwefror",
    "Mawrth",
    "Ebrill",
    "Mai",
    "Mehefin",
    "Gorffennaf",
    "Awst",
    "Medi",
    "Hydref",
    "Tachwedd",
    "Rhagfyr",
)
_WELSH_FORMS = {
    "ionawr": 1,
    "chwefror": 2,
    "mawrth": 3,
    "fawrth": 3,
    "ebrill": 4,
    "mai": 5,
    "fai": 5,
    "mehefin": 6,
    "fehefin": 6,
    "gorffennaf": 7,
    "orffennaf": 7,
    "awst": 8,
    "medi": 9,
    "fedi": 9,
    "hydref": 10,
    "tachwedd": 11,
    "dachwedd": 11,
    "thachwedd": 11,
    "nhachwedd": 11,
    "rhagfyr": 12,
    "ragfyr": 12,
}
# A Welsh full date: "14 Ionawr 2024", "14eg o Fawrth" (day, optional ordinal, month).
# Shared with the date recogniser, so what is found is what can be generalised.
WELSH_DATE_PATTERN = (
    r"(?P<day>\d{1,2})(?:af|ain|ed|fed|eg|ydd|il|ol)?"
    # a range: "3–5 Mai", "3ydd i'r 5ed o Fai"
    r"(?:\s*(?:-|–|i['’]r|a['’]r|hyd)\s*\d{1,2}(?:af|ain|ed|fed|eg|ydd|il|ol)?)?"
    r"\s+(?:o\s+)?(?P<wmonth>(?i:"
    + "|".join(sorted(_WELSH_FORMS, key=len, reverse=True))
    + r"))(?:\s+(?P<year>\d{4}))?"
)
_WELSH_RE = re.compile(WELSH_DATE_PATTERN)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4}|\d{2})"
_PATTERNS = [
    re.compile(rf"{_DAY}(?:\s+of)?\s+{_MONTH_RE}(?:,?\s+{_YEAR})?", re.I),  # 14 March 2021
    re.compile(rf"{_MONTH_RE}\s+{_DAY}(?:,?\s+{_YEAR})?", re.I),  # March 14th, 2021
    # ISO first: 2021-03-14 is not day 21 of March 2014
    re.compile(r"(?P<year>\d{4})-(?P<num>\d{1,2})-(?P<day>\d{1,2})"),
    re.compile(r"(?P<day>\d{1,2})[/.\-](?P<num>\d{1,2})[/.\-](?P<year>\d{4}|\d{2})"),
]


def parse_date(text: str) -> tuple[int, int, int | None] | None:
    """Day, month and year (None when not written) of a date string, or None."""
    m = _WELSH_RE.search(text)
    if m:
        year = int(m.group("year")) if m.group("year") else None
        return int(m.group("day")), _WELSH_FORMS[m.group("wmonth").lower()], year
    for pattern in _PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        groups = m.groupdict()
        if groups.get("month"):
            prefix = groups["month"].lower().rstrip(".")[:3]
            month = next(i + 1 for i, name in enumerate(MONTHS) if name.lower().startswith(prefix))
        else:
            month = int(groups["num"])
        day = int(groups["day"])
        year_text = groups.get("year")
        year = None
        if year_text:
            year = int(year_text)
            if year < 100:  # two-digit years in a review are this century or the last
                year += 2000 if year <= 69 else 1900
        if 1 <= month <= 12 and 1 <= day <= 31:
            return day, month, year
    return None


# Placeholders of removed dates, in each language of a page.
REMOVED = {
    "en": {"date": "[date]", "birth": "[date of birth]"},
    "cy": {"date": "[dyddiad]", "birth": "[dyddiad geni]"},
}


def generalise(text: str, policy: DateRules, *, birth: bool, lang: str = MAIN_LANG) -> str:
    """The replacement of a date under the policy.

    Args:
        text: the date as written.
        policy: the Board's date policy.
        birth: True for a date of birth.
        lang: "cy" for the Welsh page's wording; a date written in Welsh is generalised
            in Welsh either way.

    Returns:
        "March 2021", "2021", or a bracketed placeholder when the date is removed.
    """
    removed = REMOVED[check_lang(lang)]
    if birth:
        if policy.date_of_birth is DobPolicy.remove:
            return removed["birth"]
        mode = FullDatePolicy.month_year
    else:
        mode = policy.full_date
    if mode is FullDatePolicy.keep:
        return text
    if mode is FullDatePolicy.remove:
        return removed["date"]
    parsed = parse_date(text)
    if parsed is None:
        return removed["date"]
    _, month, year = parsed
    welsh = lang == "cy" or _WELSH_RE.search(text) is not None
    month_name = WELSH_MONTHS[month - 1] if welsh else MONTHS[month - 1]
    if mode is FullDatePolicy.year:
        return str(year) if year else removed["date"]
    return f"{month_name} {year}" if year else month_name
