"""Number-shaped identifiers: NHS and NI numbers, phones, postcodes, case refs, vehicles."""

from __future__ import annotations

import regex

from pipeline.stages.detect.recognisers._rules import (
    CAP,
    END,
    START,
    Rule,
    RuleRecognizer,
    compile_re,
)

# --- NHS number -----------------------------------------------------------------------

_NHS_SHAPE = r"\d{3}[ -]?\d{3}[ -]?\d{4}"


def nhs_checksum_ok(value: str) -> bool:
    """Modulus 11 check of a ten-digit NHS number (spaces and hyphens ignored)."""
    digits = [int(c) for c in value if c.isdigit()]
    if len(digits) != 10 or len(set(digits)) == 1:
        return False
    total = sum(d * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == digits[9]


def nhs_recogniser() -> RuleRecognizer:
    """NHS numbers that pass the check digit; near "NHS" even when they do not."""
    bounded = rf"(?<![\d+])(?<!\d[ -]){_NHS_SHAPE}(?!\d|[ -]\d)"
    return RuleRecognizer(
        "NHS_NUMBER",
        [
            Rule("nhs", compile_re(bounded), 0.9, 1.0, check=lambda m, _: nhs_checksum_ok(m[0])),
            # A mistyped number next to its label is still someone's NHS number.
            Rule(
                "nhs-labelled",
                compile_re(rf"(?i:\bnhs)\s*(?i:no\.?|number|num)?[\s:.#]*(?P<v>{bounded})"),
                0.5,
                group="v",
            ),
        ],
        context=["nhs", "health number", "nhs no"],
        name="UkNhsNumberRecognizer",
    )


# --- National Insurance number ----------------------------------------------------------

# HMRC: first letter not D F I Q U V; second not D F I O Q U V; BG GB KN NK NT TN ZZ unused.
_NINO = (
    r"(?!BG|GB|KN|NK|NT|TN|ZZ)[ABCEGHJ-PRSTW-Z][ABCEGHJ-NPRSTW-Z]"
    r" ?\d{2} ?\d{2} ?\d{2} ?[A-D]"
)


def ni_recogniser() -> RuleRecognizer:
    """National Insurance numbers, with or without spaces."""
    return RuleRecognizer(
        "NI_NUMBER",
        [
            Rule("nino", compile_re(rf"{START}{_NINO}{END}"), 0.9, 1.0),
            Rule("nino-lower", compile_re(rf"{START}{_NINO}{END}", ignore_case=True), 0.4, 0.85),
        ],
        context=["national insurance", "ni number", "ni no", "nino", r"n\.i\."],
        name="UkNiNumberRecognizer",
    )


# --- Phone numbers -------------------------------------------------------------------------

_SEP = r"[ \-.]?"
_PHONE = (
    r"(?<![\w+/.])"
    r"(?:"
    # +44 7700 900483, +44 (0)1970 123456, 0044 29 2018 0000
    rf"(?:\+|00)44{_SEP}(?:\(0\){_SEP})?\d{{2,4}}{_SEP}\d{{3,4}}{_SEP}\d{{3,4}}"
    # (01970) 123456, (029) 2018 0000
    rf"|\(0\d{{2,4}}\){_SEP}\d{{3,4}}{_SEP}\d{{3,4}}"
    # 07700 900483, 0300 123 4567, 029 2018 0000, 07700900483
    rf"|0\d{{2,4}}{_SEP}\d{{3,4}}{_SEP}\d{{3,4}}"
    r")"
    r"(?![\w/]|[.\-]\d)"
)


def _phone_digits_ok(match: regex.Match[str], _: str) -> bool:
    digits = regex.sub(r"\D", "", match[0])
    if digits.startswith("0044"):
        digits = "0" + digits[4:]
    elif digits.startswith("44"):
        digits = "0" + digits[2:]
    if digits.startswith("00"):  # the "(0)" of +44 (0)...
        digits = digits[1:]
    # National numbers have 11 digits; a few old 01 areas have 10.
    return len(digits) == 11 or (len(digits) == 10 and digits.startswith("01"))


def phone_recogniser() -> RuleRecognizer:
    """UK national and +44 phone numbers."""
    return RuleRecognizer(
        "PHONE",
        [Rule("gb-phone", compile_re(_PHONE), 0.85, 0.95, check=_phone_digits_ok)],
        context=["tel", "telephone", "phone", "mobile", "mob", "call", "called", "text", "rang"],
        name="UkPhoneRecognizer",
    )


# --- Postcodes ---------------------------------------------------------------------------

POSTCODE_AREAS = [
    "AB",
    "AL",
    "B",
    "BA",
    "BB",
    "BD",
    "BH",
    "BL",
    "BN",
    "BR",
    "BS",
    "BT",
    "CA",
    "CB",
    "CF",
    "CH",
    "CM",
    "CO",
    "CR",
    "CT",
    "CV",
    "CW",
    "DA",
    "DD",
    "DE",
    "DG",
    "DH",
    "DL",
    "DN",
    "DT",
    "DY",
    "E",
    "EC",
    "EH",
    "EN",
    "EX",
    "FK",
    "FY",
    "G",
    "GL",
    "GU",
    "GY",
    "HA",
    "HD",
    "HG",
    "HP",
    "HR",
    "HS",
    "HU",
    "HX",
    "IG",
    "IM",
    "IP",
    "IV",
    "JE",
    "KA",
    "KT",
    "KW",
    "KY",
    "L",
    "LA",
    "LD",
    "LE",
    "LL",
    "LN",
    "LS",
    "LU",
    "M",
    "ME",
    "MK",
    "ML",
    "N",
    "NE",
    "NG",
    "NN",
    "NP",
    "NR",
    "NW",
    "OL",
    "OX",
    "PA",
    "PE",
    "PH",
    "PL",
    "PO",
    "PR",
    "RG",
    "RH",
    "RM",
    "S",
    "SA",
    "SE",
    "SG",
    "SK",
    "SL",
    "SM",
    "SN",
    "SO",
    "SP",
    "SR",
    "SS",
    "ST",
    "SW",
    "SY",
    "TA",
    "TD",
    "TF",
    "TN",
    "TQ",
    "TR",
    "TS",
    "TW",
    "UB",
    "W",
    "WA",
    "WC",
    "WD",
    "WF",
    "WN",
    "WR",
    "WS",
    "WV",
    "YO",
    "ZE",
]
_AREA = "(?:" + "|".join(sorted(POSTCODE_AREAS, key=len, reverse=True)) + ")"
_OUTWARD = rf"{_AREA}\d[A-Z\d]?"
_INWARD = r"\d[A-Z]{2}"
# Words that put a code like "B2" or "L1" after a capitalised word without it being a town.
_LABELS = (
    "Ward|Room|Bay|Bed|Block|Level|Floor|Unit|Class|Year|Form|Stage|Section|Part|Appendix|"
    "Table|Figure|Paragraph|Page|Grade|Band|Phase|Type|Schedule|Rule|Article|Chapter|"
    "Regulation|Annex|Item|Question|Step|Option|Group|Team|Tier|Category|Vitamin|Model|Gate"
)


def postcode_recogniser() -> RuleRecognizer:
    """Full UK postcodes anywhere; outward codes alone only in an address-like place."""
    full = rf"{START}{_OUTWARD} ?{_INWARD}{END}"
    partial = rf"(?P<pc>{_OUTWARD})(?! ?{_INWARD}){END}"
    return RuleRecognizer(
        "POSTCODE",
        [
            Rule("full", compile_re(rf"{START}{_OUTWARD} {_INWARD}{END}"), 0.95),
            Rule("full-nospace", compile_re(rf"{START}{_OUTWARD}{_INWARD}{END}"), 0.85),
            Rule("full-lower", compile_re(full, ignore_case=True), 0.6, 0.9),
            Rule(
                "outward-labelled",
                compile_re(
                    rf"(?i:post\s?code|postal code)(?:\s+(?i:area|district))?[\s:,-]*{partial}"
                ),
                0.85,
                group="pc",
            ),
            # "ZIP: 90210", "postal code 1050", "my zip code is 10115": other countries'
            # numeric codes, only after their label.
            Rule(
                "numeric-labelled",
                compile_re(
                    r"(?i:\b(?:zip|zip\s?code|postal\s?code|post\s?code|postcode|plz|cep)"
                    r"(?:\s+(?:is|was))?)\s*[:#]?\s*(?P<pc>\d{4,6}(?:-\d{3,4})?)(?![\p{N}])"
                ),
                0.8,
                group="pc",
            ),
            # "Tregaron SY25", "Aberaeron, SA46": a town then an outward code.
            Rule(
                "outward-after-town",
                compile_re(
                    rf"(?<!\b(?:{_LABELS}))(?<={CAP}),? {partial}(?=\s*(?:$|[|,.;:)\]])|\s\p{{Ll}})"
                ),
                0.6,
                group="pc",
            ),
            # A table cell holding only an outward code.
            Rule(
                "outward-cell", compile_re(rf"(?<=\|[ \t]*){partial}(?=[ \t]*\|)"), 0.5, group="pc"
            ),
        ],
        context=["postcode", "post code", "address", "lives at", "lived at"],
        name="UkPostcodeRecognizer",
    )


# --- Case references --------------------------------------------------------------------------

_REF_CONTEXT = (
    r"(?i:\b(?:crime|case|incident|log|occurrence|court|police|file|job|referral|reference|ref)"
    r"\.?(?:\s+(?:no|number|ref|reference|id|num))?\.?\s*(?::|#|=|-|is|was|number)?\s*)"
)


def _ref_token_ok(match: regex.Match[str], _: str) -> bool:
    token = match["ref"]
    digits = sum(c.isdigit() for c in token)
    if digits < 4:
        return False
    # Years, month/year pairs and dates are not references.
    return not regex.fullmatch(
        r"(?:19|20)\d{2}|\d{1,2}/(?:19|20)?\d{2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}", token
    )


def case_ref_recogniser() -> RuleRecognizer:
    """Local authority, police and court references."""
    b = r"(?<![\w/-])"
    e = r"(?![\w/]|-\w)"
    return RuleRecognizer(
        "CASE_REF",
        [
            # CS/2019/58277, LA-2021-00412, CS/19/34084
            Rule(
                "slashed", compile_re(rf"{b}[A-Z]{{1,5}}[/-]\d{{2,4}}[/-]\d{{3,}}[A-Z]?{e}"), 0.85
            ),
            # LA2019/7838
            Rule("prefixed-year", compile_re(rf"{b}[A-Z]{{2,5}}\d{{2,4}}/\d{{3,}}{e}"), 0.85),
            # PL19C52339, CF21C00123 (court case numbers)
            Rule("court", compile_re(rf"{b}[A-Z]{{1,3}}\d{{2}}[A-Z]{{1,2}}\d{{4,}}{e}"), 0.8),
            # CP421565
            Rule("letters-digits", compile_re(rf"{b}[A-Z]{{1,3}}\d{{5,}}{e}"), 0.7, 0.9),
            # 20/83956/22
            Rule("numeric", compile_re(rf"{b}\d{{2}}/\d{{4,7}}/\d{{2,4}}{e}"), 0.8),
            # "Crime ref 2300123456", "case reference: AB-1234"
            Rule(
                "labelled",
                compile_re(rf"{_REF_CONTEXT}(?P<ref>(?=[\w/-]*\d)[A-Z0-9][\w/-]{{2,}}[A-Z0-9]){e}"),
                0.75,
                group="ref",
                check=_ref_token_ok,
            ),
        ],
        context=["reference", "ref", "case", "crime", "incident", "log", "number"],
        name="CaseReferenceRecognizer",
    )


# --- Vehicle registrations --------------------------------------------------------------------


def vehicle_recogniser() -> RuleRecognizer:
    """Current-format registrations anywhere; prefix and suffix forms only near a vehicle word."""
    age = r"(?:0[2-9]|[12]\d|5[1-9]|[67]\d)"
    return RuleRecognizer(
        "VEHICLE_REG",
        [
            Rule(
                "current",
                compile_re(rf"{START}[A-HJ-PR-Y][A-HJ-PR-Z]{age} [A-HJ-PR-Z]{{3}}{END}"),
                0.8,
                0.95,
            ),
            Rule(
                "current-nospace",
                compile_re(rf"{START}[A-HJ-PR-Y][A-HJ-PR-Z]{age}[A-HJ-PR-Z]{{3}}{END}"),
                0.6,
                0.9,
            ),
            Rule("prefix", compile_re(rf"{START}[A-HJ-NP-Y]\d{{1,3}} ?[A-Z]{{3}}{END}"), 0, 0.8),
            Rule("suffix", compile_re(rf"{START}[A-Z]{{3}} ?\d{{1,3}}[A-HJ-NP-Y]{END}"), 0, 0.8),
        ],
        context=[
            "registration",
            "reg",
            "vehicle",
            "car",
            "van",
            "vrn",
            "number plate",
            "plate",
            "index",
            "drove",
            "driving",
            "driven",
            "motorbike",
            "taxi",
        ],
        window=60,
        name="UkVehicleRegistrationRecognizer",
    )
