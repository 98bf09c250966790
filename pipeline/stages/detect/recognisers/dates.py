"""Day-level dates (DATE) and dates of birth (AGE_DOB).

A month or a year alone is not a day-level date and is never matched: "March 2021",
"2021" and "in the summer" stay in the report.
"""

from __future__ import annotations

import regex

from pipeline.stages.detect.recognisers._rules import (
    Check,
    Rule,
    RuleRecognizer,
    compile_re,
    title_or_upper,
)
from pipeline.text.dates import MONTHS, WELSH_DATE_PATTERN, WELSH_MONTHS

_ABBREVIATIONS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
)
# English and Welsh month names (declared once in pipeline.text.dates) and the usual short forms.
_MONTHS = title_or_upper([*MONTHS, *_ABBREVIATIONS, *WELSH_MONTHS])
# A full stop belongs to a short form ("Sept."), never to a full name ending a sentence.
_MONTH = (
    rf"(?:{title_or_upper([*MONTHS, *WELSH_MONTHS])}(?!\.?[\p{{L}}])"
    rf"|{title_or_upper(_ABBREVIATIONS)}\.?)"
)
_WEEKDAY = title_or_upper(
    [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Mon",
        "Tue",
        "Tues",
        "Wed",
        "Thu",
        "Thur",
        "Thurs",
        "Fri",
        "Sat",
        "Sun",
    ]
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_ORD = r"(?:st|nd|rd|th|ST|ND|RD|TH)"
_YEAR = r"(?:(?:19|20)\d{2}|['’]\d{2})"
_WD = rf"(?:{_WEEKDAY},?\s+)?"
_RANGE = r"\s*(?:-|–|—|/|to|and|&|or)\s*"

# 14 March 2021, 14th of March, Mon 3 March 2022, 3-5 June 2020
_DMY = (
    rf"{_WD}(?:the\s+)?{_DAY}{_ORD}?(?:{_RANGE}{_DAY}{_ORD}?)?(?:\s+of)?\s+{_MONTH}"
    rf"(?:,?\s+{_YEAR})?"
)
# March 14th 2021, March 14th, March 14, 2021
# "dydd Mawrth", "nos Fawrth": in Welsh the month's name is also Tuesday's.
_NOT_WELSH_DAY = r"(?<!(?i:dydd|ddydd|nos|fore|bore|prynhawn|brynhawn)\s+)"
_MDY_STRONG = (
    rf"{_WD}{_NOT_WELSH_DAY}{_MONTH}\s+(?:the\s+)?{_DAY}(?:{_ORD}(?:,?\s+{_YEAR})?|,?\s+{_YEAR})"
)
_MDY_WEAK = rf"{_NOT_WELSH_DAY}{_MONTH}\s+{_DAY}"
# 14/03/2021, 14/3/21, 14.3.21, 14-03-2021 (and month-first forms, checked below)
_NUMERIC = r"\d{1,2}(?P<sep>[/.\-])\d{1,2}(?P=sep)(?:\d{4}|\d{2})"
_ISO = r"(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"

_B = r"(?<![\p{L}\p{N}/.:£$-])"
_E = r"(?![\p{L}\p{N}]|[/.:\-]\d)"

# Numbers like "section 4.1.10" are not dates.
_NOT_DATE_BEFORE = regex.compile(
    r"(?i:\b(?:section|sections|para|paragraph|paragraphs|chapter|version|ver|v|page|pp?|"
    r"appendix|figure|table|rule|regulation|clause|standard|step)\.?\s*)$"
)


def _numeric_ok(match: regex.Match[str], text: str) -> bool:
    first, second = (int(p) for p in regex.split(r"[/.\-]", match["date"])[:2])
    day_first = 1 <= first <= 31 and 1 <= second <= 12
    month_first = 1 <= first <= 12 and 1 <= second <= 31
    before = text[max(0, match.start("date") - 20) : match.start("date")]
    return (day_first or month_first) and not _NOT_DATE_BEFORE.search(before)


# "04/11", "4/11": a day and month without a year, after a word that introduces a date
# or written with two-digit parts; never a fraction ("1/2"), a score or "24/7".
_PARTIAL = r"(?P<d>\d{1,2})/(?P<m>\d{1,2})(?![/.\-]?\d)"
_DATE_CUE = regex.compile(
    r"(?i:\b(?:on|dated|from|until|till|to|by|since|between|and|of|before|after|"
    rf"{_WEEKDAY})\.?,?\s*)$"
)


def _partial_ok(match: regex.Match[str], text: str) -> bool:
    day, month = int(match["d"]), int(match["m"])
    if not (1 <= day <= 31 and 1 <= month <= 12) or match["date"] == "24/7":
        return False
    before = text[max(0, match.start("date") - 20) : match.start("date")]
    if _NOT_DATE_BEFORE.search(before):
        return False
    two_digit = len(match["d"]) == 2 and len(match["m"]) == 2
    return two_digit or bool(_DATE_CUE.search(before))


# Holidays with their year: "Bonfire Night 2021", "Christmas Day 2020", "Nos Galan 2019".
HOLIDAYS = (
    "Bonfire Night|Guy Fawkes Night|Christmas Day|Christmas Eve|Boxing Day|"
    "New Year['’]s Day|New Year['’]s Eve|Hallowe['’]?en|Valentine['’]s Day|Easter Sunday|"
    "Easter Monday|Easter Day|Good Friday|Mother['’]s Day|Father['’]s Day|Pancake Day|"
    r"Shrove Tuesday|Remembrance Sunday|St\.? David['’]s Day|St\.? Patrick['’]s Day|"
    "Eid al-Fitr|Eid al-Adha|Eid|Diwali|Chinese New Year|Lunar New Year|"
    # Welsh, with the soft mutation a preposition gives "Dydd" and "Gŵyl" ("ar Ddydd
    # Calan", "dros Ŵyl San Steffan").
    "(?:Dd|D)ydd (?:Nadolig|Calan|San Steffan|Gŵyl Dewi|Santes Dwynwen|Sant Ffolant|"
    "Llun y Pasg|Gwener y Groglith|y Cofio)|"
    "Noswyl Nadolig|Nos Nadolig|Nos Galan(?: Gaeaf)?|Noson Tân Gwyllt|Noson Calan Gaeaf|"
    "Calan Gaeaf|Calan Mai|(?:Gŵyl|Ŵyl) (?:San Steffan|Dewi)|"
    "Sul y (?:Pasg|Mamau|Tadau|Cofio|Blodau)"
)


def _date_rules(label: str = "", floor: float = 0.0) -> list[Rule]:
    """The date rules; with a `label` prefix, only dates right after it, as group "date"."""

    def rule(name: str, body: str, score: float, check: Check | None = None) -> Rule:
        pattern = f"{label}(?P<date>{_B}{body}{_E})"
        return Rule(name, compile_re(pattern), max(score, floor), group="date", check=check)

    return [
        rule("day-month", _DMY, 0.9),
        rule("month-day", _MDY_STRONG, 0.9),
        rule("month-day-bare", rf"{_MDY_WEAK}(?!\s*(?:{_ORD}|,?\s*\d))", 0.6),
        rule("numeric", _NUMERIC, 0.85, _numeric_ok),
        rule("iso", _ISO, 0.9),
        rule("iso-slashed", r"(?:19|20)\d{2}/(?:0[1-9]|1[0-2])/(?:0[1-9]|[12]\d|3[01])", 0.9),
        rule("day-month-partial", _PARTIAL, 0.6, _partial_ok),
        rule("holiday", rf"(?:{HOLIDAYS})\s+(?:of\s+)?(?:19|20)\d{{2}}", 0.85),
        # "on the 3rd", "by the 21st": a day of a month named earlier.
        rule(
            "the-ordinal",
            rf"(?<=\b(?i:on|by|from|until|since)\s+)the\s+{_DAY}{_ORD}"
            rf"(?!\s+(?:of\b|\p{{Ll}}|{_MONTHS}))",
            0.5,
        ),
        # In a Welsh translation: "14 Ionawr 2024", "ar y 14eg o Fawrth".
        rule("welsh", WELSH_DATE_PATTERN, 0.9),
    ]


def date_recogniser() -> RuleRecognizer:
    """Full dates in every common written form."""
    return RuleRecognizer("DATE", _date_rules(), name="UkDateRecognizer")


_DOB_LABEL = (
    r"(?i:\bdate\s+of\s+birth|\bbirth\s*date|\bd\.?\s?o\.?\s?b\b\.?|\bborn(?:\s+on)?"
    r"|\bbirthday(?:\s+is|\s+was|\s+on)?)"
    r"[\s:|\-–,()]*(?:(?i:is|was|on|of)\s+)?"
)


def dob_recogniser() -> RuleRecognizer:
    """A date right after "DOB", "date of birth", "born (on)", covering the date only."""
    return RuleRecognizer(
        "AGE_DOB", _date_rules(_DOB_LABEL, floor=0.9), name="UkDateOfBirthRecognizer"
    )
