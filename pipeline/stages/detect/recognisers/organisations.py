"""Named schools and nurseries (SCHOOL) and local organisations (ORG_LOCAL).

A generic mention ("the primary school", "a GP surgery", "the Children's Hospital") names
no one and is not matched: every match needs a proper-name part that is neither a
determiner nor a type word. Agency names (councils, police forces, health boards,
trusts, Welsh Government) have none of the type words below, so they are never proposed.
"""

from __future__ import annotations

import regex

from pipeline.stages.detect.recognisers._rules import (
    CAP,
    END,
    Rule,
    RuleRecognizer,
    compile_re,
    title_or_upper,
    words,
)
from pipeline.text.welsh import MUTATIONS, mutate

_CAPX = rf"(?:St\.?|{CAP})"
# A proper name: capitalised words, with the small words names contain between them.
_NAME = rf"{_CAPX}(?:\s+(?:(?:of|on|y|yr|de|la)\s+)?{_CAPX}){{0,5}}"
_WELSH_NAME = rf"(?:\s+(?:(?:y|yr|a|ar|o|i|'r)\s+)?{CAP}){{1,4}}"
_B = r"(?<![\p{L}\p{M}\p{N}'’-])"

# Words that open a sentence or a noun phrase: trimmed from the front of a match.
_LEAD = words(
    """
    The A An This That These Those His Her Their Its Our My Your Local New Previous
    Current Former Same Another Both Each Every Any Which Whose Nearest Nearby Main At
    In On To From Of For And With By When While After Before During Attended Attending
    Attends Visited Mother Father Child Parent Parents Staff Pupils Headteacher Teacher
    Nurse Doctor GP GPs Dr Mr Mrs Ms Miss Following All Some Two Three Then Later Also
    Both Until Since
    """
)
# Type words: a name made only of these (and _LEAD words) is generic.
_GENERIC = (
    words(
        """
    Primary Secondary High Junior Infant Infants Infants' Nursery Special Comprehensive
    Community General District Royal University Children's Childrens Memorial Cottage
    Maternity Psychiatric County Welsh English Day Medical Health Dental Family Group
    Care Nursing Residential Sixth Form Further Education Independent Mainstream
    Catholic Church School College Hospital Centre Practice Surgery NHS Regional
    National Specialist Acute Emergency Paediatric Adult Mental Wales Cymru Local Flying
    Start Home-Start Pre-school Playgroup Welsh-medium English-medium Secure Private
    Rural Urban City Town Village Area Hub Youth Leisure Resource Auto Car Unit Pupil
    Referral Women's Gymraeg Gynradd Uwchradd Gyfun Feithrin Arbennig Babanod Iau Eglwys
    Gatholig Y Yr Bro Meithrin Cymraeg Cenedlaethol Support Services Service Team
    """
    )
    | _LEAD
)

_SCHOOL_KIND = title_or_upper(
    [
        "Church in Wales",
        "Church of England",
        "Roman Catholic",
        "Catholic",
        "Welsh",
        "Community",
        "County",
        "Junior and Infant",
        "Infant and Junior",
        "Infants'",
        "Infants",
        "Infant",
        "Junior",
        "Primary",
        "High",
        "Secondary",
        "Comprehensive",
        "Grammar",
        "Special",
        "Middle",
        "Nursery",
        "Prep",
        "Preparatory",
        "Independent",
        "Free",
        "Foundation",
        "Day",
        "CIW",
        "C.I.W.",
        "RC",
        "R.C.",
        "VA",
        "VC",
        "CE",
    ]
)
_NOT_AFTER_SCHOOL = (
    r"(?!\s+(?:Surgery|House|Road|Lane|Street|Close|Medical|Health|Hall|Board|Nurse|"
    r"Nursing|Lodge|Cottage|Farm))"
)

_SCHOOL_WORD = title_or_upper(["School", "Academy"])
NURSERY_WORDS = (
    "Day Nursery",
    "Nursery",
    "Pre-school",
    "Preschool",
    "Playgroup",
    "Play Group",
    "Nursery School",
)
_NURSERY_WORD = title_or_upper(NURSERY_WORDS)


def _mutated(*heads: str) -> str:
    """An alternation of Welsh head words in their radical and mutated forms.

    Only the first word mutates ("o Feddygfa Glan Morfa", "yng Nghanolfan Iechyd ...").
    """
    forms: set[str] = set()
    for head in heads:
        first, _, rest = head.partition(" ")
        tail = f" {rest}" if rest else ""
        forms.add(head)
        forms.update(mutate(first, kind) + tail for kind in MUTATIONS)
    return "(?:" + "|".join(regex.escape(f) for f in sorted(forms, key=len, reverse=True)) + ")"


# Garage, hotel, café, shop, farm, surgery, health centre, care home.
_WELSH_WORKPLACE = _mutated(
    "Garej", "Gwesty", "Caffi", "Siop", "Fferm", "Meddygfa", "Canolfan Iechyd", "Cartref Gofal"
)

_ORG_KINDS: list[tuple[list[str], float]] = [
    (["Ltd", "Ltd.", "Limited", "Plc", "LLP", "& Sons", "and Sons"], 0.85),
    (
        [
            "Medical Centre",
            "Medical Practice",
            "Health Centre",
            "Surgery",
            "Family Practice",
            "Group Practice",
            "Dental Practice",
            "Dental Surgery",
            "Veterinary Practice",
            "Veterinary Surgery",
            "Care Home",
            "Nursing Home",
            "Residential Home",
            "Children's Home",
            "Care Centre",
        ],
        0.85,
    ),
    (
        [
            "Pharmacy",
            "Family Centre",
            "Community Centre",
            "Leisure Centre",
            "Youth Centre",
            "Youth Club",
            "Resource Centre",
            "Day Centre",
            "Children's Centre",
            "Hotel",
            "Guest House",
            "Inn",
            "Arms",
            "Garage",
            "Motors",
            "Auto Repairs",
            "Autos",
            "Repairs",
            "Transport",
            "Haulage",
            "Freight",
            "Logistics",
            "Builders",
            "Construction",
            "Engineering",
            "Café",
            "Cafe",
            "Restaurant",
            "Takeaway",
            "Stores",
            "Supermarket",
            "Farm",
            "Factory",
            "Caravan Park",
            "Holiday Park",
            "Salon",
            "Barbers",
            "Kennels",
            "Vets",
            "Social Club",
            "Working Men's Club",
            "Sports Club",
            "Rugby Club",
            "Football Club",
            "Chapel",
            "Mosque",
            "Gym",
        ],
        0.7,
    ),
    (["Clinic"], 0.5),
]


def _has_proper_name(match: regex.Match[str], _: str) -> bool:
    name = match["name"] or ""
    words = regex.findall(r"[\p{L}\p{M}'’.-]+", name)
    if any(w not in _GENERIC and w.rstrip("'’s") not in _GENERIC for w in words):
        return True
    # "University Hospital of Wales": the place after "of"/"for" names it.
    return bool(match.groupdict().get("of"))


def _rule(
    name: str, body: str, score: float, check: bool = True, needs: list[str] | tuple[str, ...] = ()
) -> Rule:
    return Rule(
        name,
        compile_re(rf"{_B}{body}{END}"),
        score,
        check=_has_proper_name if check else None,
        needs=tuple(w.lower() for w in needs),
    )


def _sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip(" \t")
    return not before or before[-1] in '.!?:;|\n#*-("“'


class _NamedPlaceRecognizer(RuleRecognizer):
    """Trims determiners and sentence openers off the front of a named place."""

    def adjust(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """Drop leading words like "The" or "Attended"; reject what is left if generic."""
        words = list(regex.finditer(r"\S+", text[start:end]))
        for i, word in enumerate(words):
            if word[0] not in _LEAD:
                # A capitalised "The" mid-sentence belongs to the name ("The Old School
                # Surgery"); at the start of a sentence it is just the sentence's first word.
                if (
                    i
                    and words[i - 1][0] == "The"
                    and not _sentence_start(text, start + words[i - 1].start())
                ):
                    return start + words[i - 1].start(), end
                return start + word.start(), end
        return None


def school_recogniser() -> RuleRecognizer:
    """Named schools, colleges and nurseries, in English and Welsh."""
    welsh_kind = (
        r"(?:\s+(?:Gymraeg|Gynradd|Uwchradd|Gyfun|Feithrin|Arbennig|Babanod|Iau|Gatholig|"
        r"Eglwys|Sant|Santes|Bro|Y|Yr))*"
    )
    rules = [
        _rule(
            "ysgol", rf"(?:Ysgol|YSGOL){welsh_kind}(?P<name>{_WELSH_NAME})", 0.9, needs=["ysgol"]
        ),
        _rule(
            "coleg",
            rf"(?:{_mutated('Coleg')}|COLEG)(?P<name>{_WELSH_NAME})",
            0.85,
            needs=["coleg", "goleg"],
        ),
        _rule(
            "cylch",
            rf"(?:{_mutated('Cylch Meithrin', 'Meithrinfa')}|CYLCH MEITHRIN|MEITHRINFA)"
            rf"(?P<name>{_WELSH_NAME})",
            0.9,
            needs=["cylch meithrin", "ylch meithrin", "eithrinfa"],
        ),
        _rule(
            "school",
            rf"(?P<name>{_NAME})(?:\s+{_SCHOOL_KIND})*\s+{_SCHOOL_WORD}{_NOT_AFTER_SCHOOL}",
            0.85,
            needs=["school", "academy"],
        ),
        _rule(
            "comprehensive",
            rf"(?P<name>{_NAME})\s+{title_or_upper(['Comprehensive'])}",
            0.8,
            needs=["comprehensive"],
        ),
        _rule(
            "nursery",
            rf"(?P<name>{_NAME})\s+{_NURSERY_WORD}",
            0.8,
            needs=NURSERY_WORDS,
        ),
        _rule(
            "pru",
            rf"(?P<name>{_NAME})\s+{title_or_upper(['Pupil Referral Unit', 'PRU'])}",
            0.8,
            needs=["pupil referral unit", "pru"],
        ),
        _rule(
            "college",
            rf"(?P<name>{_NAME})\s+{title_or_upper(['Sixth Form College', 'College'])}(?!\s+of\b)",
            0.6,
            needs=["college"],
        ),
    ]
    return _NamedPlaceRecognizer("SCHOOL", rules, name="SchoolRecognizer")


def org_recogniser() -> RuleRecognizer:
    """Named hospitals, GP surgeries, health centres, care homes and workplaces."""
    rules = [
        # "Ysbyty Bronglais", "Ysbyty'r Faenor" (with the article).
        _rule(
            "ysbyty",
            rf"(?:Ysbyty|YSBYTY)(?:['’]r)?(?P<name>{_WELSH_NAME})",
            0.9,
            needs=["ysbyty"],
        ),
        _rule(
            "hospital",
            rf"(?:(?P<name>{_NAME})\s+)?{title_or_upper(['Hospital'])}"
            rf"(?P<of>\s+(?:for|of)\s+{CAP}(?:\s+{CAP})?)?",
            0.85,
            needs=["hospital"],
        ),
        _rule(
            "welsh-workplace",
            rf"{_WELSH_WORKPLACE}(?P<name>{_WELSH_NAME})",
            0.8,
        ),
    ]
    for kinds, score in _ORG_KINDS:
        rules.append(
            _rule(
                f"named-{kinds[0].lower()}",
                rf"(?P<name>{_NAME})\s+{title_or_upper(kinds)}",
                score,
                needs=kinds,
            )
        )
    return _NamedPlaceRecognizer("ORG_LOCAL", rules, name="LocalOrganisationRecognizer")
