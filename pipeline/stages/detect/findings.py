"""Finding identifiers in a text: Presidio on the pinned model, plus the case file.

Detection yields plain `Finding` values; nothing downstream sees detector objects.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.model.casefile import identity_terms
from pipeline.model.review_record import ReviewRecord
from pipeline.stages.detect.engine import analyzer, entity_of
from pipeline.text.termmatch import TermMatcher, fold, is_ordinary_word, key, normalise

# Presidio scores below this are not proposed at all.
MIN_SCORE = 0.3
# spaCy is fastest on many short texts in one batch (larger matrices, less padding);
# chunks end at paragraph, line or sentence ends, so a name is not cut in two.
CHUNK_CHARS = 2_000
BATCH_SIZE = 64


@dataclass(frozen=True)
class Finding:
    """One span that may identify someone."""

    start: int
    end: int
    text: str
    entity_type: str
    score: float
    source: str  # case-file, ner, pattern


def chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, chunk) pairs covering `text`, each at most `size` characters.

    A chunk ends at the last blank line before the limit, else the last line break,
    else the last sentence end, else the last space, so that a name is never cut in two;
    only a run of `size` characters without any space is cut where it stands.
    """
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            for sep in ("\n\n", "\n", ". ", " "):
                cut = text.rfind(sep, start, end)
                if cut > start:
                    end = cut + len(sep)
                    break
        yield start, text[start:end]
        start = end


# Markdown emphasis, headings, quotes and list bullets: the model reads "**Anna Bell**" or
# "- Anna Bell, the nurse" as something other than a name. Blanked, same length.
_MARKUP = re.compile(r"\*+|^[ \t]*(?:#+|>|[-+]|\d+[.)])(?=[ \t])", re.M)


def mask_markup(text: str) -> str:
    """The text with Markdown emphasis, headings and bullets blanked (same offsets).

    Table bars stay: as tokens of their own they keep the model's spans inside a cell.
    """
    return _MARKUP.sub(lambda m: " " * len(m.group()), text)


def presidio_findings(text: str) -> list[Finding]:
    """Findings of the analyser's recognisers (NER and patterns)."""
    engine = analyzer()
    original = text
    text = mask_markup(text)
    pieces = list(chunks(text))
    artifacts = engine.nlp_engine.process_batch(
        [p for _, p in pieces], language="en", batch_size=BATCH_SIZE
    )
    found: list[Finding] = []
    for (offset, _), (piece, nlp_artifacts) in zip(pieces, artifacts, strict=True):
        for r in engine.analyze(
            text=piece, language="en", nlp_artifacts=nlp_artifacts, score_threshold=MIN_SCORE
        ):
            source = (
                "ner"
                if r.recognition_metadata
                and r.recognition_metadata.get("recognizer_name") == "SpacyRecognizer"
                else "pattern"
            )
            found.append(
                Finding(
                    offset + r.start,
                    offset + r.end,
                    original[offset + r.start : offset + r.end],
                    entity_of(r.entity_type),
                    float(r.score),
                    source,
                )
            )
    return found


def case_file_findings(text: str, record: ReviewRecord) -> list[Finding]:
    """Every occurrence of a known identity's name, alias or variant."""
    terms, shared = identity_terms(record)
    forms: dict[str, str] = {}
    for item in terms:
        for form in (item.term, *item.variants):
            forms.setdefault(key(form), item.identity.entity_type)
    for form in shared:
        forms.setdefault(key(form), "PERSON")
    all_forms = [f for item in terms for f in (item.term, *item.variants)] + shared
    folded = fold(text)
    matcher = TermMatcher(
        all_forms, case_sensitive=[f for f in all_forms if is_ordinary_word(f, folded)]
    )
    return [
        Finding(m.start, m.end, text[m.start : m.end], forms[m.term_key], 1.0, "case-file")
        for m in matcher.finditer(text)
    ]


# Pattern types that name a place: a model span inside one belongs to it.
CONTAINER_TYPES = frozenset({"ADDRESS", "ORG_LOCAL", "SCHOOL"})

_TRAILING = re.compile(r"(?:['’]s|['’])$")
_LEADING = re.compile(r"^(?:the|a|an|our|his|her|their)\s+", re.I)
# A span across a table cell, a line or Markdown markup is a tagging error, not a name.
_BROKEN = re.compile(r"[|\n#*_\[\]]")


def clean_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim white space, punctuation, a leading article and a possessive "'s"."""
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    m = _LEADING.match(text[start:end])
    if m and m.end() < end - start:
        start += m.end()
    m = _TRAILING.search(text[start:end])
    if m:
        end = start + m.start()
    return start, end


def _overlaps(f: Finding, spans: list[tuple[int, int]]) -> bool:
    return any(s < f.end and f.start < e for s, e in spans)


def find_all(text: str, record: ReviewRecord | None) -> list[Finding]:
    """Every finding in `text` (NFC), sorted by position."""
    text = normalise(text)
    known = case_file_findings(text, record) if record is not None else []
    known_spans = [(f.start, f.end) for f in known]
    cleaned = list(known)
    found = presidio_findings(text)
    # Named places the patterns found ("Brynmor Children's Hospital", "12 Stryd Hir"):
    # a model span inside one is part of that name, not a person ("Brynmor Children").
    named = [
        (f.start, f.end, f.entity_type)
        for f in found
        if f.source == "pattern" and f.entity_type in CONTAINER_TYPES
    ]
    for f in found:
        start, end = clean_span(text, f.start, f.end)
        if end <= start or _BROKEN.search(text[start:end]):
            continue
        f = Finding(start, end, text[start:end], f.entity_type, f.score, f.source)
        # The case file is authoritative: a model span overlapping a known name
        # ("Dilys telephoned") would only add a wrong entry.
        if f.source == "ner" and _overlaps(f, known_spans):
            continue
        if f.source == "ner":
            inside = next(
                (t for s, e, t in named if s <= start and end <= e and (s, e) != (start, end)), None
            )
            if inside in ("ORG_LOCAL", "SCHOOL"):
                continue
            if inside is not None:
                # A street inside an address is still worth redacting on its own.
                f = Finding(start, end, f.text, inside, f.score, f.source)
        cleaned.append(f)
    # Sorted because grouping and numbering follow first occurrence in the text.
    return sorted(cleaned, key=lambda f: (f.start, -(f.end - f.start)))
