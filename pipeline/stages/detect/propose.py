"""From findings to proposals: one proposal per distinct term, with its replacement.

Case-file identities are proposed as `redact` with the record's pseudonym. Everything
else is proposed `undecided` with a replacement, for a person to decide. A first name or
surname seen alone joins the entry of the full name it belongs to (co-reference), so it
is decided once and replaced consistently.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from itertools import accumulate

from pipeline.model.casefile import (
    PARTICLES,
    SHARED_REPLACEMENT,
    SHARED_REPLACEMENT_CY,
    TITLES,
    identity_terms,
)
from pipeline.model.policy import Policy, public_terms
from pipeline.model.redaction_list import Decision, Proposal
from pipeline.model.review_record import ReviewRecord
from pipeline.stages.detect.findings import Finding
from pipeline.stages.detect.screen import (
    AGENCY_WORDS,
    COMMON_ZIPF,
    PLACE_WORDS,
    WEAK_NER_TYPES,
    dismiss,
    looks_like_person,
    zipf,
)
from pipeline.text.dates import generalise
from pipeline.text.termmatch import TermMatcher, key

_TITLE_RE = re.compile(r"^(?:" + "|".join(sorted(TITLES, key=len, reverse=True)) + r")\.?\s+", re.I)
# Which type wins when one term is found as several: the more specific first.
TYPE_PRIORITY = [
    "AGE_DOB",
    "NHS_NUMBER",
    "NI_NUMBER",
    "EMAIL",
    "PHONE",
    "CASE_REF",
    "VEHICLE_REG",
    "POSTCODE",
    "ADDRESS",
    "SCHOOL",
    "ORG_LOCAL",
    "DATE",
    "PERSON",
    "LOCATION",
    "OTHER_ID",
]


def _strip_title(term: str) -> str:
    return _TITLE_RE.sub("", term).strip()


def _person_tokens(term: str) -> list[str]:
    return [
        t
        for t in re.split(r"\s+", term)
        if len(t.strip(".")) >= 2 and key(t) not in TITLES | PARTICLES
    ]


class _Numbering:
    """Consistent numbered replacements ("Person 3"), never reusing one already in the list."""

    def __init__(self, policy: Policy, used: Iterable[str]) -> None:
        self.policy = policy
        self.next: dict[str, int] = defaultdict(lambda: 1)
        for entity, spec in policy.entity_types.items():
            pattern = re.compile(rf"^{re.escape(spec.label)} (\d+)$")
            numbers = [int(m.group(1)) for u in used if (m := pattern.match(u))]
            self.next[entity] = max(numbers, default=0) + 1

    def replacement(self, entity: str, term: str) -> tuple[str, str]:
        """The replacement, and its Welsh wording for a Welsh page."""
        spec = self.policy.entity_types.get(entity) or self.policy.entity_types["OTHER_ID"]
        if entity in ("DATE", "AGE_DOB"):
            birth = entity == "AGE_DOB"
            return (
                generalise(term, self.policy.dates, birth=birth),
                generalise(term, self.policy.dates, birth=birth, lang="cy"),
            )
        label_cy = spec.label_cy or spec.label
        if not spec.numbered:
            return spec.label, label_cy
        number = self.next[entity]
        self.next[entity] += 1
        return f"{spec.label} {number}", f"{label_cy} {number}"


def build_proposals(
    text: str,
    findings: list[Finding],
    *,
    record: ReviewRecord | None,
    policy: Policy,
    existing_forms: Iterable[str] = (),
    used_replacements: Iterable[str] = (),
) -> list[Proposal]:
    """Group findings into proposals, in order of first occurrence.

    Args:
        text: the normalised draft.
        findings: what detection found.
        record: the review record (identities, public names), if any.
        policy: the Board's policy (types, dates, allow-list).
        existing_forms: terms and variants already in the list; they get no new number.
        used_replacements: replacements already in the list, so numbering continues.

    Returns:
        Proposals, case-file identities first.
    """
    # The policy's terms are the same for every draft (their compiled matcher is cached);
    # the record's few public names are matched on their own.
    record_public = public_terms(policy, record)[len(policy.keep) :]
    keep_spans = sorted(
        (m.start, m.end)
        for matcher in (TermMatcher(policy.keep), TermMatcher(record_public))
        for m in matcher.finditer(text)
    )
    keep_keys = {key(t) for t in public_terms(policy, record)}
    # Common words of multi-word public names, possessive dropped ("children's" ->
    # "children"); rare ones ("Aneurin") may well be someone's name too.
    keep_words = {
        w
        for t in keep_keys
        if " " in t
        for w in (re.sub(r"['’]s$", "", w) for w in t.split())
        if zipf(w) >= COMMON_ZIPF
    }
    existing = {key(f) for f in existing_forms}
    numbering = _Numbering(policy, used_replacements)

    proposals: list[Proposal] = []
    owner: dict[str, Proposal] = {}

    def claim(prop: Proposal) -> None:
        for form in (prop.term, *prop.variants):
            owner.setdefault(key(form), prop)

    if record is not None:
        terms, shared = identity_terms(record)
        for item in terms:
            prop = Proposal(
                term=item.term,
                type=item.identity.entity_type,
                replacement=item.identity.pseudonym,
                proposed_by=["case-file"],
                score=1.0,
                decision=Decision.redact,
                variants=list(item.variants),
                replacement_cy=item.identity.pseudonym_cy or "",
            )
            if key(prop.term) in owner:
                continue
            proposals.append(prop)
            claim(prop)
        for token in shared:
            if key(token) not in owner:
                prop = Proposal(
                    term=token,
                    type="PERSON",
                    replacement=SHARED_REPLACEMENT,
                    proposed_by=["case-file"],
                    score=1.0,
                    decision=Decision.redact,
                    replacement_cy=SHARED_REPLACEMENT_CY,
                )
                proposals.append(prop)
                claim(prop)

    # Sorted starts and running maximum ends: "some kept span starting before x ends
    # after y" in one bisection, not a scan of every span per finding.
    keep_spans.sort()
    keep_starts = [s for s, _ in keep_spans]
    max_ends = list(accumulate((e for _, e in keep_spans), max))

    def kept_end_before(pos: int, *, inclusive: bool) -> int:
        i = (bisect_right if inclusive else bisect_left)(keep_starts, pos)
        return max_ends[i - 1] if i else -1

    def inside_keep(f: Finding) -> bool:
        if f.source == "ner":
            # A model span touching an agency name ("Aneurin Bevan" of a health board's
            # name) is part of the agency. Patterns are precise: only a span inside one.
            return kept_end_before(f.end, inclusive=False) > f.start
        return kept_end_before(f.start, inclusive=True) >= f.end

    dismissed: dict[tuple[str, str, str], bool] = {}

    def screened(f: Finding, term: str) -> bool:
        k = (f.entity_type, f.source, term)
        if k not in dismissed:
            dismissed[k] = dismiss(f.entity_type, f.source, term, text, keep_spans)
        return dismissed[k]

    lower_words = set(re.findall(r"\b[a-z][a-z'-]+\b", text))

    def generic(f: Finding) -> bool:
        """Model spans of organisations or places made only of ordinary words ("Board")."""
        if f.source != "ner" or f.entity_type not in WEAK_NER_TYPES:
            return False
        words = re.findall(r"[^\W\d_]+", f.text)
        return all(w.lower() in lower_words for w in words)

    # Best type per term: case-file first, then the most specific type.
    best: dict[str, Finding] = {}
    order: list[str] = []
    for f in findings:
        if f.source == "case-file":
            continue
        if f.source == "ner" and f.entity_type == "ORG_LOCAL" and looks_like_person(f.text):
            f = Finding(f.start, f.end, f.text, "PERSON", f.score, f.source)
        term = _strip_title(f.text) if f.entity_type == "PERSON" else f.text
        k = key(term)
        if len(k) < 2 or k in keep_keys or inside_keep(f) or k in owner or generic(f):
            continue
        if screened(f, term):
            continue
        if f.entity_type == "PERSON" and (
            not any(ch.isalpha() for ch in term) or any(ch.isdigit() for ch in term)
        ):
            continue
        f = Finding(f.start, f.end, term, f.entity_type, f.score, f.source)
        if k not in best:
            best[k] = f
            order.append(k)
            continue
        cur = best[k]
        rank = TYPE_PRIORITY.index
        if (rank(f.entity_type) if f.entity_type in TYPE_PRIORITY else 99) < (
            rank(cur.entity_type) if cur.entity_type in TYPE_PRIORITY else 99
        ):
            best[k] = Finding(
                f.start, f.end, f.text, f.entity_type, max(f.score, cur.score), f.source
            )

    sources: dict[str, set[str]] = defaultdict(set)
    scores: dict[str, float] = defaultdict(float)
    for f in findings:
        k = key(_strip_title(f.text) if f.entity_type == "PERSON" else f.text)
        sources[k].add(f.source)
        scores[k] = max(scores[k], f.score)

    # Multi-word names first, so a lone first name or surname can join its full name.
    persons = [k for k in order if best[k].entity_type == "PERSON"]
    for k in sorted(persons, key=lambda k: -len(k.split())):
        f = best[k]
        if k in owner:
            continue
        tokens = _person_tokens(f.text) if len(f.text.split()) > 1 else []
        # A word of an agency or place name ("Children" of "Children's Services",
        # "Road") is never a variant: it would be removed inside those names too.
        tokens = [
            t
            for t in tokens
            if key(t) not in keep_keys | keep_words and t.lower() not in PLACE_WORDS | AGENCY_WORDS
        ]
        prop = _proposal(f, sources[k], scores[k], numbering, existing, variants=tokens)
        proposals.append(prop)
        claim(prop)
    for k in order:
        if k in owner:
            continue
        prop = _proposal(best[k], sources[k], scores[k], numbering, existing, variants=[])
        proposals.append(prop)
        claim(prop)
    _add_short_forms(text, proposals, owner, keep_keys | keep_words)
    return proposals


_CAPITALISED = re.compile(r"(?<![\w'’-])[^\W\d_][^\W\d_]+(?![\w-])")


def _add_short_forms(
    text: str, proposals: list[Proposal], owner: dict[str, Proposal], public: set[str]
) -> None:
    """A capitalised word that begins a person's first name is a short form of it.

    "Sum" for Summer, "Tei" for Teilo, "Jon" for Jonathan: families' nicknames are
    often the name cut short, and the model rarely tags them. Added as a variant of the
    person's entry, so the reviewer sees it there and it is replaced the same way.
    """
    words = {w for w in _CAPITALISED.findall(text) if w[0].isupper() and len(w) >= 3}
    people = [p for p in proposals if p.type == "PERSON"]
    # Words that stand after a first name somewhere are surnames, not cut short this way.
    surnames = {key(t) for p in people for t in _person_tokens(p.term)[1:]}
    for prop in people:
        tokens = _person_tokens(prop.term)
        if not tokens or key(tokens[0]) in surnames:
            continue
        firsts = {tokens[0]}
        for word in sorted(words):
            k = key(word)
            if k in owner or k in public or word.isupper():
                continue
            if any(len(word) < len(first) and key(first).startswith(k) for first in firsts):
                prop.variants.append(word)
                owner[k] = prop


def _proposal(
    f: Finding,
    sources: set[str],
    score: float,
    numbering: _Numbering,
    existing: set[str],
    *,
    variants: list[str],
) -> Proposal:
    covered = key(f.text) in existing or any(key(v) in existing for v in variants)
    # A term already in the list keeps its entry's replacement; do not spend a number.
    replacement, replacement_cy = (
        ("", "") if covered else numbering.replacement(f.entity_type, f.text)
    )
    return Proposal(
        term=f.text,
        type=f.entity_type,
        replacement=replacement,
        proposed_by=sorted(sources) or [f.source],
        score=score,
        decision=Decision.undecided,
        variants=variants,
        replacement_cy=replacement_cy,
    )
