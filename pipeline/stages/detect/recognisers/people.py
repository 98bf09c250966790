"""Low-confidence PERSON hints: titled names ("Dr Evans", "PC Jones") and initials ("T.P.").

spaCy's model finds most names; these catch the ones it misses in the shapes reports use
for practitioners and for children referred to by initials.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from pipeline.stages.detect.recognisers._rules import CAP, Rule, RuleRecognizer, compile_re, words
from pipeline.stages.detect.recognisers.sweeps import NAMEY_ZIPF, _nicknames, given_names, zipf

_TITLES = (
    r"(?:Dr|Mr|Mrs|Ms|Miss|Mx|Master|Prof|Professor|Cllr|Councillor|Revd|Rev|Sir|Dame|"
    r"PC|DC|DS|DI|DCI|DSI|Sgt|Sergeant|Insp|Inspector|PCSO|Constable|Judge|HHJ)"
)
# A name word: capitalised, two letters or more; Welsh "ap"/"ab" patronymics allowed.
_NAME_WORD = rf"(?:(?:ap|ab|de|van|von|le|la|du|O['’])\s*)?(?=\p{{Lu}}[\p{{L}}\p{{M}}'’-]+){CAP}"
# Words a title is followed by that are not names.
_NOT_NAMES = (
    r"(?!(?:Justice|Speaker|Chair|Chairman|President|Secretary|Director|Deputy|Acting|"
    rf"{_TITLES[3:-1]})\b)"
)

# Dotted capitals that are abbreviations, not someone's initials.
_ABBREVIATIONS = words(
    """
    U.K. N.B. P.S. A.M. P.M. I.T. G.P. Q.C. K.C. B.A. M.A. R.N. D.O.B. E.G. I.E. N.H.S.
    U.S. U.N. E.U. O.K. A.D. B.C. R.C. C.E. V.A. V.C. C.I.W. P.T.O. R.S.V.P.
    """
)


# People named beside their role: "Anna Bell, the health visitor, ..." and "his father,
# Tom Bell, ...". The model misses many of these in lists and tables.
_ROLES = (
    r"(?:worker|visitor|nurse|officer|manager|teacher|headteacher|doctor|paediatrician|"
    r"midwife|consultant|practitioner|GP|chair|lead|co-?ordinator|therapist|psychologist|"
    r"psychiatrist|clinician|surgeon|registrar|assistant|advocate|keyworker|key worker|"
    r"mentor|sergeant|constable|inspector|detective|paramedic|solicitor|guardian|"
    r"counsellor|supervisor|carer|grandmother|grandfather|grandparent|mother|father|"
    r"stepmother|stepfather|parent|aunt|uncle|partner|boyfriend|girlfriend|neighbour|"
    r"friend|brother|sister|half-brother|half-sister|son|daughter|cousin|landlord|"
    r"landlady|employer|volunteer|childminder)"
)
_OWNER = r"(?:the|a|an|his|her|their|its|our|\p{Lu}[\p{L}\p{M}-]*['’]s)"
_CAP_WORD = rf"(?<![\p{{L}}]){CAP}"
_PERSON_NAME = rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}}"
# Capitalised words that open such a phrase but are not names.
_NOT_NAME_WORDS = words(
    """
    The A An This That These Those He She They It We I His Her Their Its Our Mr Mrs Ms
    Miss Dr Children's Social Services Service Team Board Panel Council Police Health
    Hospital School Ward Unit Department Agency Trust NHS Both Neither Each Later Then
    """
)


def _is_name(match: regex.Match[str], _: str) -> bool:
    return not any(w in _NOT_NAME_WORDS for w in match.group("name").split())


_ALIAS_CUE = compile_re(
    r"(?:(?i:known(?:[ \t]+to[ \t]+[\p{L} ]{1,30}?)?[ \t]+as|called|nicknamed|aka|a\.k\.a\.)"
    rf"[ \t]+|{_CAP_WORD}[ \t]*\([ \t]*)$"
)


def _after_alias_cue(match: regex.Match[str], text: str) -> bool:
    """A quoted name after "known as", "called"... or in brackets after a name."""
    before = text[max(0, match.start() - 60) : match.start()]
    return _is_name(match, text) and _ALIAS_CUE.search(before) is not None


# --- lone given names in a person's place ------------------------------------------------

# Below this a capitalised word is not an English dictionary word (sweeps.RARE_ZIPF).
_RARE_ZIPF = 3.0
# Capitalised words that are never a person's given name, whatever a name table says.
_NEVER_GIVEN = words(
    """
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Christmas Easter God Mother
    Father Mum Mam Dad Nan Gran Baby Child Sister Brother Chair Panel Note Action Outcome
    Court
    """
)
_WORD_START = r"(?<![\p{L}\p{M}'’.-])"
# What comes before the first word of a sentence, a line or a quotation.
_OPENING = regex.compile(r"(?:[\n.!?:;\"“‘(]|[.!?]['\"”’)])[ \t]*\Z")
_SPEECH_VERBS = (
    r"(?:had|has|was|is|said|says|told|asked|replied|answered|shouted|lives|lived|moved|"
    r"came|went|left|gave|wanted|wants|needs|needed|loves|loved|likes|liked|thinks|thought)"
)
# One pass over capitalised words; the group that matched says which place it stands in.
_PERSON_PLACE = compile_re(
    rf"{_WORD_START}(?P<name>{CAP})(?="
    r"(?P<speaker>[ \t]*:[ \t]*[\"“‘']?\p{Lu})"  # "Ewa: Where were you?"
    r"|(?P<vocative>,[ \t]+(?:can|could|would|will|please|I|we|you|do|did|are|have|thank|"
    r"thanks|sorry|hi|hello)(?![\p{L}]))"  # "Oyelaran, can you help?"
    r"|(?P<origin>[ \t]+(?:is|was|comes|came)[ \t]+from(?![\p{L}]))"  # "Chidi is from"
    rf"|(?P<subject>[ \t]+{_SPEECH_VERBS}(?![\p{{L}}]))"  # "Oskar had given ..."
    r"|(?P<owner>['’]s[ \t]+\p{Ll})"  # "Ola's daughter"
    rf"|(?P<listed>,[ \t]+(?P<next>{CAP})(?:,|[ \t]+and(?![\p{{L}}])))"  # "Amara, Tom, Lucy"
    r")"
)
_SAINT = regex.compile(r"(?<![\p{L}])(?:St|Saint)\.?[ \t]+\Z")


def _opens(text: str, pos: int) -> bool:
    """Whether `pos` starts a sentence, a line or a quotation."""
    before = text[max(0, pos - 6) : pos]
    if pos <= 6 and not before.strip():
        return True
    return _OPENING.search(before) is not None


_ENGLISH_WORDS = regex.compile(r"(?i)(?<![\p{L}])(?:the|and|of|to|was|with|that)(?![\p{L}])")
_WELSH_WORDS = regex.compile(
    r"(?i)(?<![\p{L}])(?:y|yr|mae|roedd|ac|gyda|wedi|yn|ei|bod)(?![\p{L}])"
)


@lru_cache(maxsize=8)
def _mostly_english(text: str) -> bool:
    """Whether English function words outnumber Welsh ones (a translation is Welsh)."""
    return len(_ENGLISH_WORDS.findall(text)) >= len(_WELSH_WORDS.findall(text))


def _given_name(word: str, text: str, *, rare_too: bool = False) -> bool:
    """A given name of the `nicknames` table (or, with `rare_too`, a non-dictionary word).

    A word the text also writes in lower case ("will", "rose") is a word there. Every
    Welsh word is rare in English, so in a Welsh text only the table counts.
    """
    if word in _NEVER_GIVEN or len(word) < 2 or word.isupper():
        return False
    lowered = word.lower()
    if not (
        lowered in given_names()
        or lowered in _nicknames()
        or (rare_too and zipf(lowered) < _RARE_ZIPF and _mostly_english(text))
    ):
        return False
    return not regex.search(rf"(?<![\p{{L}}]){regex.escape(lowered)}(?![\p{{L}}])", text)


def _in_person_place(match: regex.Match[str], text: str) -> bool:
    """A given name (or a word English does not know) where only a person stands."""
    name, start = match["name"], match.start("name")
    if match["speaker"] or match["vocative"] or match["origin"]:
        # A speaker, someone called to, someone from somewhere: at a sentence's start.
        # In Welsh text "Cyfeiriad:", "Adolygydd:" are a form's labels, not speakers
        # (its names are recognisers/welsh_names.py's).
        from pipeline.stages.detect.recognisers.welsh_names import is_welsh

        if match["speaker"] and is_welsh(text):
            return False
        return _opens(text, start) and _given_name(name, text, rare_too=True)
    if match["listed"]:
        return _given_name(name, text, rare_too=True) and _given_name(match["next"], text)
    if match["owner"] and _SAINT.search(text[max(0, start - 8) : start]):
        return False  # "St David's"
    return _given_name(name, text)


def in_person_place(word: str, text: str) -> bool:
    """Whether `word` stands where only a person stands somewhere in `text`.

    A speaker's label ("Ewa: ..."), the subject of a verb of people ("Ewa had ..."), an
    owner ("Ewa's son"), someone called to ("Ewa, can you ..."); never when the text
    also writes the word in lower case. Evidence for a single name the model found.
    """
    if word in _NEVER_GIVEN or word not in _person_place_words(text):
        return False
    return not regex.search(rf"(?<![\p{{L}}]){regex.escape(word.lower())}(?![\p{{L}}])", text)


@lru_cache(maxsize=4)
def _person_place_words(text: str) -> frozenset[str]:
    """Every capitalised word of `text` that stands in a person's place (one pass)."""
    found = set()
    for match in _PERSON_PLACE.finditer(text):
        start = match.start("name")
        if match["listed"]:
            continue
        if (match["speaker"] or match["vocative"] or match["origin"]) and not _opens(text, start):
            continue
        if match["owner"] and _SAINT.search(text[max(0, start - 8) : start]):
            continue
        found.add(match["name"])
    return frozenset(found)


def _initial_between(match: regex.Match[str], text: str) -> bool:
    """A middle initial between two names or non-English words ("Anka J Novak")."""
    first, last = match["first"], match["last"]
    if any(w in _NEVER_GIVEN or zipf(w.lower()) >= NAMEY_ZIPF for w in (first, last)):
        return False
    return _given_name(first, text, rare_too=True) or _given_name(last, text, rare_too=True)


def _given_name_rules() -> list[Rule]:
    """Lone given names where only a person stands, and names with a bare middle initial."""
    return [
        Rule("person-place", _PERSON_PLACE, 0.5, group="name", check=_in_person_place),
        # "Anka J Novak": a middle initial without its full stop.
        Rule(
            "middle-initial",
            compile_re(
                rf"{_WORD_START}(?P<all>(?P<first>{CAP})[ \t]+\p{{Lu}}\.?[ \t]+"
                rf"(?P<last>{CAP}))(?![\p{{L}}\p{{M}}])"
            ),
            0.55,
            group="all",
            check=_initial_between,
        ),
    ]


def person_recogniser() -> RuleRecognizer:
    """Names after a title, and initials such as "T.P." (scored low: hints for review)."""
    titled = compile_re(
        rf"(?<![\p{{L}}])(?:{_TITLES})\.?\s+{_NOT_NAMES}"
        rf"(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})"
    )
    not_abbreviation = "|".join(a.replace(".", r"\.") for a in _ABBREVIATIONS)
    initials = compile_re(
        rf"(?<![\p{{L}}.])(?!(?:{not_abbreviation})(?![\p{{L}}]))"
        rf"(?:\p{{Lu}}\.\s?){{2,3}}(?![\p{{L}}])"
    )
    # Initials of a double-barrelled surname: "S.C-L.", "A.B-J".
    hyphen_initials = compile_re(r"(?<![\p{L}.])(?:\p{Lu}\.){1,2}\p{Lu}\.?-\p{Lu}\.?(?![\p{L}])")
    # A nickname in quotes: 'known to her family as "Bel"', 'Anna Bell ("Bel")'.
    # The scan starts at the rare opening quote; `_after_alias_cue` then looks back.
    nickname = compile_re(rf"[\"“'‘](?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD})?)[\"”'’]")
    name_then_role = compile_re(
        rf"(?<![\p{{L}}\p{{M}}'’-])(?P<name>{_PERSON_NAME}),[ \t]+{_OWNER}[ \t]+"
        rf"(?:[\p{{L}}-]+[ \t]+){{0,3}}?{_ROLES}(?![\p{{L}}])"
    )
    role_then_name = compile_re(
        rf"(?<![\p{{L}}])(?i:{_OWNER})[ \t]+(?:[\p{{L}}-]+[ \t]+){{0,3}}?{_ROLES},[ \t]+"
        rf"(?P<name>{_PERSON_NAME})(?=[ \t]*[,.;:)]|[ \t]+(?:and|was|had|who|said|did)\b)"
    )
    return RuleRecognizer(
        "PERSON",
        [
            Rule("titled", titled, 0.6, group="name"),
            Rule("hyphen-initials", hyphen_initials, 0.5),
            Rule("nickname", nickname, 0.6, group="name", check=_after_alias_cue),
            Rule("name-then-role", name_then_role, 0.6, group="name", check=_is_name),
            Rule("role-then-name", role_then_name, 0.6, group="name", check=_is_name),
            Rule("initials", initials, 0.4, 0.6),
            *_given_name_rules(),
        ],
        context=[
            "known as",
            "called",
            "referred to as",
            "aka",
            "initials",
            "child",
            "mother",
            "father",
            "brother",
            "sister",
            "baby",
            "young person",
        ],
        name="TitledPersonRecognizer",
    )
