"""Low-confidence PERSON hints: titled names ("Dr Evans", "PC Jones") and initials ("T.P.").

spaCy's model finds most names; these catch the ones it misses in the shapes reports use
for practitioners and for children referred to by initials.
"""

from __future__ import annotations

from pipeline.detect.recognisers._rules import CAP, Rule, RuleRecognizer, compile_re, words

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


def person_recogniser() -> RuleRecognizer:
    """Names after a title, and initials such as "T.P." (scored low: hints for review)."""
    titled = compile_re(
        rf"(?<![\p{{L}}])(?:{_TITLES})\.?\s+{_NOT_NAMES}(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})"
    )
    not_abbreviation = "|".join(a.replace(".", r"\.") for a in _ABBREVIATIONS)
    initials = compile_re(
        rf"(?<![\p{{L}}.])(?!(?:{not_abbreviation})(?![\p{{L}}]))(?:\p{{Lu}}\.\s?){{2,3}}(?![\p{{L}}])"
    )
    return RuleRecognizer(
        "PERSON",
        [
            Rule("titled", titled, 0.6, group="name"),
            Rule("initials", initials, 0.4, 0.6),
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
