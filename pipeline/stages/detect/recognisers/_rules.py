"""The one recogniser shape the pattern modules share: compiled rules plus a context check.

Presidio's `PatternRecognizer` compiles every pattern with one set of flags (IGNORECASE by
default) and boosts scores only through the engine's lemma enhancer. Names, streets and
months must be matched case-sensitively, and recall must not depend on how the lead
configures the enhancer, so each rule here carries its own flags, its own context boost
and an optional check of the matched text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

# A capitalised word: Welsh letters and diacritics, inner apostrophes (Ty'r, Rhodfa'r,
# Teilo's) and hyphenated parts that may be lower case (Nant-yr-Eira, Pen-y-bont).
CAP = r"\p{Lu}[\p{L}\p{M}]*(?:['’]\p{L}+)*(?:-\p{L}[\p{L}\p{M}]*(?:['’]\p{L}+)*)*"
# No letter, digit or joiner directly before / after a match.
START = r"(?<![\p{L}\p{M}\p{N}_'’-])"
END = r"(?![\p{L}\p{M}\p{N}_])"


def title_or_upper(words: Iterable[str]) -> str:
    """An alternation matching each word in its given (Title) case or in capitals."""
    forms: list[str] = []
    for word in words:
        forms.extend([word, word.upper()])
    # Longest first so "Sept" wins over "Sep".
    return (
        "(?:" + "|".join(regex.escape(f) for f in sorted(set(forms), key=len, reverse=True)) + ")"
    )


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of a word list written as one string."""
    return frozenset(text.split())


Check = Callable[["regex.Match[str]", str], bool]


@dataclass(frozen=True)
class Rule:
    """One pattern: its score, the score it earns next to a context word, and a check.

    A rule with `score` 0 fires only when context is present. `needs` lists words (lower
    case) of which every match holds at least one: a text without any of them cannot
    match, so the rule is skipped without running its pattern.
    """

    name: str
    pattern: regex.Pattern[str]
    score: float
    context_score: float | None = None
    group: int | str = 0
    check: Check | None = None
    needs: tuple[str, ...] = ()


def compile_re(pattern: str, *, ignore_case: bool = False) -> regex.Pattern[str]:
    """Compile with the flags every rule uses (verbose off, Unicode on)."""
    flags = regex.MULTILINE
    if ignore_case:
        flags |= regex.IGNORECASE
    return regex.compile(pattern, flags)


class RuleRecognizer(EntityRecognizer):
    """Runs a list of `Rule`s for one entity type, with a context window before each match."""

    name: str  # set by EntityRecognizer.__init__

    def __init__(
        self,
        entity: str,
        rules: Sequence[Rule],
        *,
        context: Sequence[str] = (),
        window: int = 40,
        name: str | None = None,
    ) -> None:
        self.rules = list(rules)
        self.window = window
        self.context_re = (
            compile_re(r"\b(?:" + "|".join(context) + r")\b", ignore_case=True) if context else None
        )
        # context=None keeps Presidio's own enhancer off: these rules score their context.
        super().__init__(
            supported_entities=[entity], name=name or type(self).__name__, supported_language="en"
        )

    def load(self) -> None:
        """Nothing to load: the rules are compiled at import."""

    def has_context(self, text: str, start: int, end: int) -> bool:
        """Whether a context word appears shortly before the span (or just after it)."""
        if self.context_re is None:
            return False
        before = text[max(0, start - self.window) : start]
        after = text[end : end + 15]
        return bool(self.context_re.search(before) or self.context_re.search(after))

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
    ) -> list[RecognizerResult]:
        """Presidio's entry point: `find`, unless this entity was not asked for."""
        if entities and self.supported_entities[0] not in entities:
            return []
        return self.find(text)

    def find(self, text: str) -> list[RecognizerResult]:
        """Every rule's matches that pass its check, scored with context."""
        entity = self.supported_entities[0]
        results = []
        lowered = text.lower()
        for rule in self.rules:
            # A cheap test first: patterns that start at every capital are slow.
            if rule.needs and not any(word in lowered for word in rule.needs):
                continue
            for match in rule.pattern.finditer(text):
                start, end = match.span(rule.group)
                if start >= end or (rule.check is not None and not rule.check(match, text)):
                    continue
                span = self.adjust(text, start, end)
                if span is None:
                    continue
                start, end = span
                score = rule.score
                if rule.context_score is not None and self.has_context(text, start, end):
                    score = max(score, rule.context_score)
                if score <= 0:
                    continue
                results.append(self.result(entity, start, end, score))
        return EntityRecognizer.remove_duplicates(results)

    def adjust(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """Trim or reject a matched span; by default keep it as matched."""
        return start, end

    def result(self, entity: str, start: int, end: int, score: float) -> RecognizerResult:
        """A result tagged with this recogniser, as the engine's enhancer expects."""
        return RecognizerResult(
            entity_type=entity,
            start=start,
            end=end,
            score=score,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )
