"""Finding identifiers in a text: Presidio on the pinned model, plus the case file.

Detection yields plain `Finding` values; nothing downstream sees detector objects.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

import regex

from pipeline.model.casefile import identity_terms
from pipeline.model.policy import Policy, public_terms
from pipeline.model.review_record import ReviewRecord
from pipeline.stages.detect.engine import PRESIDIO_RECOGNISERS, analyzer, entity_of
from pipeline.stages.detect.recognisers import sweeps
from pipeline.stages.detect.recognisers.public import is_public_context
from pipeline.stages.detect.recognisers.sweeps import TITLES
from pipeline.stages.detect.screen import AGENCY_WORDS, PLACE_WORDS
from pipeline.text.dates import MONTHS, WELSH_MONTHS
from pipeline.text.languages import MAIN_LANG
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
        results = engine.analyze(
            text=piece, language="en", nlp_artifacts=nlp_artifacts, score_threshold=MIN_SCORE
        )
        ours = [
            (r.start, r.end)
            for r in results
            if (r.recognition_metadata or {}).get("recognizer_name")
            not in PRESIDIO_RECOGNISERS | {"SpacyRecognizer"}
        ]
        for r in results:
            name = (r.recognition_metadata or {}).get("recognizer_name")
            source = "ner" if name == "SpacyRecognizer" else "pattern"
            # Presidio's generic recognisers add what ours lack; where ours found the
            # same number (a UK phone), ours stands.
            if name in PRESIDIO_RECOGNISERS and any(s < r.end and r.start < e for s, e in ours):
                continue
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


def case_file_findings(text: str, record: ReviewRecord, *, lang: str = MAIN_LANG) -> list[Finding]:
    """Every occurrence of a known identity's name, alias or variant.

    In English text, a relative's given name before the family's surname is found too.
    """
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
    found = [
        Finding(m.start, m.end, text[m.start : m.end], forms[m.term_key], 1.0, "case-file")
        for m in matcher.finditer(text)
    ]
    if lang != MAIN_LANG:
        # English word frequencies cannot tell a Welsh word ("Mae") from a given name.
        return found
    shared_keys = {key(s) for s in shared}
    known = {key(w) for f in all_forms for w in f.split()}
    found += [
        g
        for f in found
        if key(f.text) in shared_keys
        and (g := _given_name_before(text, f, known=known)) is not None
    ]
    return found


# A capitalised word before a family's surname is a relative's given name ("Eira's
# grandmother, Gwenda Penllyn"), unless it is a title or an ordinary word at the start
# of a sentence ("When Penllyn ..."). The case file names the family, not every member.
_GIVEN_BEFORE = re.compile(r"(?<![\w'’-])([A-ZÀ-ÖØ-Þ][\w'’-]+)\s+$")
# The titles the name sweep knows, and "Father" (a priest, or the word itself).
_TITLES = TITLES | {"father"}


def _given_name_before(text: str, surname: Finding, *, known: set[str]) -> Finding | None:
    """The given name and surname, when a given name precedes a shared surname."""
    m = _GIVEN_BEFORE.search(text[max(0, surname.start - 40) : surname.start])
    if m is None:
        return None
    word = m.group(1)
    if word.lower() in _TITLES or key(word) in known:
        return None
    from wordfreq import zipf_frequency  # the data loads on first use

    if zipf_frequency(word.lower(), "en") >= ORDINARY_GIVEN_ZIPF:
        return None
    start = surname.start - len(m.group(0))
    return Finding(start, surname.end, text[start : surname.end], "PERSON", 0.9, "coreference")


# Above this, a capitalised word before a surname is more likely an ordinary word
# ("The", "When", "Police") than a given name; rarer words are taken as names.
ORDINARY_GIVEN_ZIPF = 4.5


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


# Types whose span is exactly as found: a handle keeps its "@" and underscores.
_EXACT_TYPES = frozenset({"HANDLE"})
_ROLE_LABELS = frozenset(
    [
        "mother",
        "father",
        "mum",
        "mam",
        "dad",
        "mummy",
        "daddy",
        "parent",
        "parents",
        "carer",
        "baby",
        "child",
        "infant",
        "sibling",
        "brother",
        "sister",
        "nan",
        "nana",
        "nanny",
        "gran",
        "granny",
        "grandmother",
        "grandfather",
        "grandma",
        "grandad",
        "grandpa",
        "grandparent",
        "aunt",
        "auntie",
        "uncle",
        "cousin",
        "partner",
        "stepfather",
        "stepmother",
        "boyfriend",
        "girlfriend",
        "husband",
        "wife",
        "son",
        "daughter",
        "twin",
    ]
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@lru_cache(maxsize=8)
def _keep_patterns(patterns: tuple[str, ...]) -> list[regex.Pattern[str]]:
    return [regex.compile(p) for p in patterns]


def keep_pattern_spans(text: str, policy: Policy | None) -> list[tuple[int, int]]:
    """Spans of public names the policy keeps by their shape ("Gwent Police")."""
    if policy is None:
        return []
    return sorted(
        (m.start(), m.end())
        for pattern in _keep_patterns(tuple(policy.keep_patterns))
        for m in pattern.finditer(text)
    )


class KeptSpans:
    """Kept spans sorted by start, with the running maximum of their ends.

    So the spans that can touch a finding are found by two bisections, not a scan of
    every span per finding (a long document has thousands of both).
    """

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.max_ends = list(accumulate((e for _, e in self.spans), max))

    def near(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans, in order, that may touch [start, end]: none outside the list does."""
        first = bisect_left(self.max_ends, start)
        last = bisect_right(self.starts, end)
        return self.spans[first:last]


def _inside(f: Finding, kept: KeptSpans, text: str) -> bool:
    """A finding inside a kept span (a model span: overlapping one, not across "and")."""
    for s, e in kept.near(f.start, f.end):
        if f.source == "ner" and s < f.end and f.start < e:
            # "Ann Bell and Gwent Police": a name joined to an agency by "and" is a name.
            # A span that starts before the kept name and ends before its "and" is a name.
            joined = f.start < s and regex.search(r"\s(?:and|&)\s", text[f.end : e])
            return not joined
        if s <= f.start and f.end <= e:
            return True
    return False


def _stop_words(policy: Policy | None, record: ReviewRecord | None) -> set[str]:
    words = set(AGENCY_WORDS) | set(PLACE_WORDS) | _ROLE_LABELS
    words |= {m.lower() for m in (*MONTHS, *WELSH_MONTHS)}
    words |= set(_WEEKDAYS)
    if policy is not None:
        for term in public_terms(policy, record):
            words |= {w.lower() for w in regex.findall(r"[\p{L}\p{M}'’-]+", term)}
    return words


def _sweep_findings(
    text: str,
    found: list[Finding],
    kept: list[tuple[int, int]],
    *,
    policy: Policy | None,
    record: ReviewRecord | None,
    lang: str,
) -> list[Finding]:
    """What the sweeps add: identifiers, handles, ages and (main language) names."""
    # A model span across a line or a table cell is dropped later: it covers nothing.
    spans = [(f.start, f.end) for f in found if not _BROKEN.search(f.text.strip())]
    patterns = [(f.start, f.end) for f in found if f.source != "ner"]
    out: list[Finding] = []

    def add(span: sweeps.Span) -> None:
        out.append(
            Finding(
                span.start,
                span.end,
                text[span.start : span.end],
                span.entity_type,
                span.score,
                "sweep",
            )
        )

    for span in (
        sweeps.identifier_sweep(text)
        + sweeps.handle_sweep(text)
        + sweeps.phone_sweep(text)
        + sweeps.address_sweep(text)
    ):
        if not any(
            s < span.end and span.start < e and (s, e) != (span.start, span.end)
            for s, e in patterns + kept
        ):
            add(span)
    if policy is None or policy.switches.ages_to_years:
        for span in sweeps.age_sweep(text):
            if not any(s <= span.start and span.end <= e for s, e in patterns):
                add(span)
    if lang == MAIN_LANG:
        firsts = [f.text.split()[0] for f in found if f.entity_type == "PERSON" and f.text.split()]
        for span in sweeps.name_sweep(
            text,
            spans + kept + [(s.start, s.end) for s in out],
            stop=_stop_words(policy, record),
            known_first_names=firsts,
        ):
            add(span)
    return out


def find_all(
    text: str,
    record: ReviewRecord | None,
    *,
    policy: Policy | None = None,
    lang: str = MAIN_LANG,
) -> list[Finding]:
    """Every finding in `text` (NFC), sorted by position.

    With the `policy`, findings inside a name it keeps by shape (`keep_patterns`) are
    dropped, and countries, nationalities and languages too when its switch says so;
    the name sweep runs on the main language only (the dictionary is English).
    """
    text = normalise(text)
    known = case_file_findings(text, record, lang=lang) if record is not None else []
    known_spans = [(f.start, f.end) for f in known]
    cleaned = list(known)
    kept = keep_pattern_spans(text, policy)
    kept_spans = KeptSpans(kept)
    keep_nationalities = policy is None or policy.switches.keep_nationalities
    found = presidio_findings(text)
    found += _sweep_findings(text, found + known, kept, policy=policy, record=record, lang=lang)
    # Named places the patterns found ("Brynmor Children's Hospital", "12 Stryd Hir"):
    # a model span inside one is part of that name, not a person ("Brynmor Children").
    named = [
        (f.start, f.end, f.entity_type)
        for f in found
        if f.source == "pattern" and f.entity_type in CONTAINER_TYPES
    ]
    for f in found:
        if f.entity_type in _EXACT_TYPES:
            start, end = f.start, f.end  # "@name_x": the sign and underscores are its own
        else:
            start, end = clean_span(text, f.start, f.end)
            if end <= start or _BROKEN.search(text[start:end]):
                continue
        f = Finding(start, end, text[start:end], f.entity_type, f.score, f.source)
        # The case file is authoritative: a model span overlapping a known name
        # ("Dilys telephoned") would only add a wrong entry.
        if f.source in ("ner", "sweep") and _overlaps(f, known_spans):
            continue
        if _inside(f, kept_spans, text):
            continue
        if f.source in ("ner", "sweep"):
            if keep_nationalities and is_public_context(f.text, person=f.entity_type == "PERSON"):
                continue
            # "Mother", "Dad": a role written as a label, not someone's name.
            if f.entity_type == "PERSON" and f.text.lower() in _ROLE_LABELS:
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
