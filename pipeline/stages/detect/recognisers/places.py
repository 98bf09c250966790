"""Welsh towns, villages and districts (LOCATION) from the bundled gazetteer.

Three classes of name, as `pipeline/data/welsh_places.tsv` marks them: `place` (a town or
village), `ambiguous` (also an English word, a personal name or a chapel: low score, never
mutated) and `area` (a county or local authority: the gold policy keeps these, so they
score lowest). A place name inside an agency's name ("Cardiff and Vale University Health
Board", "Gwent Police") is not proposed: agency names are kept.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import regex
from presidio_analyzer import RecognizerResult

from pipeline.stages.detect.recognisers._rules import CAP, RuleRecognizer, words
from pipeline.text.welsh import welsh_mutations

GAZETTEER = Path(__file__).resolve().parents[3] / "data" / "welsh_places.tsv"
SCORES = {"place": 0.6, "ambiguous": 0.3, "area": 0.3}
MUTATED_SCORE = 0.6

# Words after which Welsh mutates a place name: "yng Nghaerdydd", "i Fangor", "a Thregaron".
_TRIGGERS = (
    r"(?:yn|yng|ym|i|o|a|ac|â|ag|gyda|tua|trwy|drwy|dros|heb|am|ar|at|dan|wrth|hyd|fel|"
    r"rhwng|ger|tan)"
)
# Head nouns that make a name into an agency, which is kept.
_AGENCY_HEADS = words(
    """
    Police Council Board Government Authority Trust Partnership Service Services
    University Commissioner Ombudsman Assembly Senedd Parliament Fire Ambulance
    Safeguarding Constabulary Court Magistrates Probation Office Department
    """
)
_AFTER = regex.compile(rf"(?:[\s-]+(?:and|&|of|the|a)?\s*{CAP})*")


def _load() -> dict[str, str]:
    text = GAZETTEER.read_text("utf-8")
    names = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, kind, *_ = line.split("\t")
        names[name] = kind
    return names


@cache
def gazetteer() -> dict[str, str]:
    """Every name in the bundled gazetteer and its class."""
    return _load()


AREA_NAMES = frozenset(n for n, k in _load().items() if k == "area")


@cache
def _patterns() -> tuple[regex.Pattern[str], regex.Pattern[str], dict[str, str]]:
    names = gazetteer()
    mutated = {
        form: kind
        for name, kind in names.items()
        if kind != "ambiguous"
        for form in welsh_mutations(name)
        if len(form) >= 5 and form not in names
    }
    edge_b = r"(?<![\p{L}\p{M}\p{N}'’-])"
    edge_e = r"(?![\p{L}\p{M}\p{N}]|-\p{L})"
    plain = regex.compile(rf"{edge_b}\L<names>{edge_e}", names=sorted(names, key=len, reverse=True))
    after_trigger = regex.compile(
        rf"(?<=(?<![\p{{L}}])(?i:{_TRIGGERS})\s+)\L<names>{edge_e}",
        names=sorted(mutated, key=len, reverse=True),
    )
    return plain, after_trigger, mutated


def _in_agency_name(text: str, end: int) -> bool:
    """Whether the capitalised words after a place name end in an agency's head noun."""
    tail = _AFTER.match(text, end)
    words = regex.findall(r"[\p{L}'’]+", tail[0]) if tail else []
    return any(w in _AGENCY_HEADS for w in words)


class WelshPlaceRecognizer(RuleRecognizer):
    """Gazetteer look-up of Welsh place names, plain and mutated."""

    def __init__(self) -> None:
        super().__init__("LOCATION", [], name="WelshPlaceRecognizer")

    def find(self, text: str) -> list[RecognizerResult]:
        """Each gazetteer name in the text that is not part of an agency's name."""
        plain, after_trigger, mutated = _patterns()
        kinds = gazetteer()
        results = []
        for match in plain.finditer(text):
            if not _in_agency_name(text, match.end()):
                start, end = match.span()
                results.append(self.result("LOCATION", start, end, SCORES[kinds[match[0]]]))
        for match in after_trigger.finditer(text):
            score = min(MUTATED_SCORE, SCORES[mutated[match[0]]])
            start, end = match.span()
            results.append(self.result("LOCATION", start, end, score))
        return results


def place_recogniser() -> WelshPlaceRecognizer:
    """A fresh gazetteer recogniser."""
    return WelshPlaceRecognizer()
