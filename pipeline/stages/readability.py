"""Readability: the defects a member of the public would see in an anonymised report.

Counts, per 1,000 words, every surviving defect of the kinds the rewriting step exists to
prevent: a generalised date without its grammar ("on March 2023"), a title before a
replacement ("Mr Mother's partner"), a replacement twice in a row ("Person 1 Person 1"),
an apposition repeating its noun ("his mother, Mother"), a doubled article ("the a ..."),
a Welsh replacement left unmutated after its trigger ("â Plentyn T", "yng cartref"), a
paragraph number taken for an address, and draft-only material. `cpr verify` warns with
it; `make eval` prints the figure. Reports name the kind and the line, never the text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pipeline.model.redaction_list import Decision, Entry
from pipeline.stages.review import Review
from pipeline.store.yamlio import read_text_utf8
from pipeline.text.dates import MONTHS, WELSH_MONTHS
from pipeline.text.draftmarks import MarkerRule, find_markers, kept_markers
from pipeline.text.languages import MAIN_LANG
from pipeline.text.rewrite import JOB_NOUNS, NUMBERED_LABEL, head_words
from pipeline.text.roles import role_after, role_before, role_named, role_of_replacement
from pipeline.text.termmatch import line_col, normalise
from pipeline.text.welsh import ASPIRATE_TRIGGERS, SOFT_TRIGGERS, mutate

KINDS = (
    "date-preposition",
    "title-before-replacement",
    "repeated-replacement",
    "repeated-apposition",
    "double-article",
    "unmutated",
    "section-number-address",
    "draft-marker",
)
_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")
_EN_MONTH = "|".join(MONTHS)
_CY_MONTH = "|".join(WELSH_MONTHS)
_FIXED = {
    "en": [
        ("date-preposition", re.compile(rf"\b[Oo]n\s+(?:the\s+)?(?:{_EN_MONTH})\b")),
        ("double-article", re.compile(r"(?i)\b(?:the|a|an)\s+(?:the|a|an)\s")),
    ],
    "cy": [
        ("date-preposition", re.compile(rf"\b[Aa]r\s+(?:y\s+)?(?:{_CY_MONTH})\s+\d{{4}}")),
        ("double-article", re.compile(r"(?i)\b(?:y|yr)\s+(?:y|yr)\s")),
        ("double-article", re.compile(r"(?i)(?<![\w'])(?:i|o|â|gyda|tua)\s+yr?\s")),
        ("unmutated", re.compile(r"\b[Yy]ng\s+(?![Nn]g)\w|\b[Yy]m\s+(?![Mm])\w")),
    ],
}
_SECTION_ADDRESS = re.compile(r"\d+\.\d+\.\s*\\?\[(?:address|cyfeiriad)\\?\]")
_TITLES = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?"
# A job title or role straight before a role replacement: "Head of year the nurse".
_JOB_BEFORE = re.compile(
    rf"(?<![\w'\u2019-])(?i:{JOB_NOUNS}|worker|visitor|nurse|officer|GP|midwife|teacher)"
    r"(?:\s+(?:of|for)\s+[^\W\d_][\w-]*(?:\s+\d+)?)?\s+$"
)


@dataclass(frozen=True)
class Defect:
    """One defect: its kind and where it is (1-based line)."""

    kind: str
    line: int


@dataclass(frozen=True)
class Readability:
    """The defects of one text and its length."""

    words: int
    defects: tuple[Defect, ...]

    @property
    def per_1000_words(self) -> float:
        """Defects per 1,000 words (0.0 for an empty text)."""
        return 1000.0 * len(self.defects) / self.words if self.words else 0.0

    def by_kind(self) -> dict[str, int]:
        """How many of each kind, in the order of KINDS."""
        counts = Counter(d.kind for d in self.defects)
        return {k: counts[k] for k in KINDS if counts[k]}

    def render(self) -> str:
        """`3.1 defects per 1,000 words: unmutated 2 (lines 4, 9), ...` without any text."""
        if not self.defects:
            return "no readability defects"
        parts = []
        for kind, n in self.by_kind().items():
            lines = sorted({d.line for d in self.defects if d.kind == kind})
            parts.append(f"{kind} {n} (line {', '.join(map(str, lines[:8]))})")
        return f"{self.per_1000_words:.1f} defects per 1,000 words: " + "; ".join(parts)


def _alternation(texts: Iterable[str]) -> str:
    return "|".join(re.escape(t) for t in sorted(set(texts), key=len, reverse=True) if t)


def check_readability(
    text: str,
    lang: str = MAIN_LANG,
    *,
    replacements: Iterable[str] = (),
    markers: Sequence[MarkerRule] = (),
    keep_markers: Iterable[str] = (),
) -> Readability:
    """The readability defects of an anonymised text.

    Args:
        text: the anonymised text.
        lang: "en" or "cy".
        replacements: the replacements the list put in (what "Mr Mother" is made of).
        markers: the policy's draft-marker patterns.
        keep_markers: draft-only texts a person decided to keep.
    """
    text = normalise(text)
    lang = "cy" if lang == "cy" else "en"
    found: list[tuple[str, int]] = []
    for kind, pattern in _FIXED[lang]:
        found += [(kind, m.start()) for m in pattern.finditer(text)]
    found += [("section-number-address", m.start()) for m in _SECTION_ADDRESS.finditer(text)]
    reps = [r.strip() for r in replacements if r.strip()]
    named = [r for r in reps if not r.startswith("[")]
    if named:
        alt = _alternation(named)
        for m in re.finditer(rf"(?<!\w){_TITLES}\s+(?:{alt})(?!\w)", text):
            found.append(("title-before-replacement", m.start()))
        # The same replacement twice ("Person 1 Person 1"), or two numbered labels
        # ("Person 3-Person 7"): the parts of one name replaced one by one.
        for m in re.finditer(rf"(?<!\w)({alt})[ \t]*[ \-][ \t]*({alt})(?!\w)", text):
            one, two = m.group(1), m.group(2)
            if one == two or (NUMBERED_LABEL.fullmatch(one) and NUMBERED_LABEL.fullmatch(two)):
                found.append(("repeated-replacement", m.start()))
        for m in re.finditer(
            rf"(?<!\w)({alt})\s*\((?:also known as |aka |a\.k\.a\. )?({alt})\)", text
        ):
            found.append(("repeated-apposition", m.start()))
        for m in re.finditer(
            rf"(?<![\w'])([\w'\u2019]+),\s+(?:the\s+|y\s+|yr\s+)?({alt})(?!\w)", text
        ):
            if _repeats(m.group(1), m.group(2), lang):
                found.append(("repeated-apposition", m.start()))
        found += _stacked_roles(text, named)
    if lang == "cy":
        found += _unmutated(text, named)
    found += [("draft-marker", f.start) for f in find_markers(text, markers, keep=keep_markers)]
    defects = tuple(
        sorted(
            (Defect(k, line_col(text, at)[0]) for k, at in set(found)),
            key=lambda d: (d.line, d.kind),
        )
    )
    return Readability(words=len(_WORD.findall(text)), defects=defects)


def _stacked_roles(text: str, replacements: list[str]) -> list[tuple[str, int]]:
    """A role replacement said twice, or after another title, as a reader would see it.

    "Social worker 1, the hospital social worker," and "her social worker, Social worker
    2," say one role twice (repeated-apposition); "Head of year the nurse" puts a
    replacement after a job title (title-before-replacement).
    """
    out: list[tuple[str, int]] = []
    roles = {rep: found for rep in replacements if (found := role_of_replacement(rep))}
    if not roles:
        return out
    alt = _alternation(roles)
    for m in re.finditer(rf"(?<!\w)({alt})(?!\w)", text):
        r, numbered = roles[m.group(1)]
        if numbered:
            post = role_after().match(text, m.end())
            if post is not None and role_named(post.group("role")) is r:
                out.append(("repeated-apposition", m.start()))
            pre = role_before().search(text, max(0, m.start() - 80), m.start())
            if pre is not None and role_named(pre.group("role")) is r:
                out.append(("repeated-apposition", pre.start()))
        head = text[max(0, m.start() - 40) : m.start()]
        job = _JOB_BEFORE.search(head)
        if job is not None:
            out.append(("title-before-replacement", m.start() - len(head) + job.start()))
    return out


def _repeats(noun: str, replacement: str, lang: str) -> bool:
    """True when the replacement only repeats the noun before the comma ("mother, Mother")."""
    noun = noun.casefold().replace("\u2019", "'").split("'")[-1]
    return noun in head_words(replacement, lang)


def _unmutated(text: str, replacements: list[str]) -> list[tuple[str, int]]:
    """Welsh replacements written after a trigger in their radical form ("â Plentyn T")."""
    out: list[tuple[str, int]] = []
    for rep in replacements:
        first = rep.split()[0]
        for triggers, kind in ((SOFT_TRIGGERS, "soft"), (ASPIRATE_TRIGGERS, "aspirate")):
            if mutate(first, kind) == first:
                continue
            alt = "|".join(re.escape(t) for t in sorted(triggers, key=len, reverse=True))
            pattern = re.compile(rf"(?<![\w'\u2019])(?i:{alt})\s+{re.escape(rep)}(?!\w)")
            out += [("unmutated", m.start()) for m in pattern.finditer(text)]
    return out


def readability_per_1000_words(
    text: str,
    lang: str = MAIN_LANG,
    *,
    replacements: Iterable[str] = (),
    markers: Sequence[MarkerRule] = (),
) -> float:
    """Readability defects per 1,000 words of an anonymised text (the `make eval` figure)."""
    return check_readability(text, lang, replacements=replacements, markers=markers).per_1000_words


def list_replacements(entries: Iterable[Entry], lang: str = MAIN_LANG) -> list[str]:
    """The replacements of names a list puts into a text of `lang` (dates left out)."""
    return [
        e.replacement_for(lang)
        for e in entries
        if e.decision is not Decision.keep and e.replacement_for(lang)
    ]


def review_readability(review: Review, *, lang: str = MAIN_LANG) -> Readability:
    """The readability of build/REF/anonymised(.cy).md under the review's list and policy."""
    path = review.paths.anonymised(lang)
    text = read_text_utf8(path, what="anonymised output")
    entries = review.load_list().model.entries
    policy = review.policy.draft_markers
    return check_readability(
        text,
        lang,
        replacements=list_replacements(entries, lang),
        markers=policy.rules(),
        keep_markers=kept_markers(entries),
    )
