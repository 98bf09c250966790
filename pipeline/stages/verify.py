"""Verification: nothing redacted, and no known identity, survives in the output.

Independent of how the output was made: it re-reads the output text and looks for
every redacted term and variant and every name and alias in the case file, in any case
and with or without diacritics. Problems are reported by line, type and entry number,
never by the value itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pipeline.errors import InputError, VerificationError
from pipeline.model.casefile import identity_terms
from pipeline.model.policy import public_terms
from pipeline.model.redaction_list import PUBLIC, Decision, Entry, entry_matcher
from pipeline.model.review_record import ReviewRecord
from pipeline.stages.freshness import record_receipt, require_fresh
from pipeline.stages.list_history import record_stage
from pipeline.stages.review import Review
from pipeline.store.fileio import review_lock, sha256_file
from pipeline.store.yamlio import read_text_utf8
from pipeline.text.draftmarks import MarkerRule, find_markers, kept_markers
from pipeline.text.languages import MAIN_LANG
from pipeline.text.rewrite import calendar_word
from pipeline.text.termmatch import TermMatcher, fold, is_ordinary_word, key, line_col, normalise
from pipeline.text.welsh import welsh_mutations


@dataclass(frozen=True)
class Problem:
    """One reason the output may not be published."""

    line: int | None
    column: int | None
    kind: str  # redacted-term | identity | undecided | draft-marker
    detail: str

    def render(self) -> str:
        """`line 12, column 4: ...` without the value."""
        where = f"line {self.line}, column {self.column}: " if self.line else ""
        return where + self.detail


def _identity_forms(record: ReviewRecord, *, lang: str = MAIN_LANG) -> dict[str, tuple[str, str]]:
    """Every form of every known identity (as detect derives them), minus public names.

    Maps the form's key to the form as written (its capitals matter for names that are
    ordinary words) and a label that names the role, never the value.
    """
    public = {
        key(t) for name in [record.panel_chair, *record.reviewers] for t in [name, *name.split()]
    }
    terms, shared = identity_terms(record)
    forms: dict[str, tuple[str, str]] = {}
    for item in terms:
        label = f"{item.identity.role} ({item.identity.pseudonym})"
        written = [item.term, *item.variants]
        if lang == "cy":
            written += [m for form in written for m in sorted(welsh_mutations(form))]
        for form in written:
            if key(form) not in public:
                forms.setdefault(key(form), (form, label))
    for form in shared:
        if key(form) not in public:
            forms.setdefault(key(form), (form, "family (shared name)"))
    return forms


def _replacement_spans(
    output: str, entries: list[Entry], record: ReviewRecord | None
) -> list[tuple[int, int]]:
    """Where approved replacements stand: "Foster carer 1" is not the surname Foster."""
    texts = [
        r
        for e in entries
        if e.decision is not Decision.keep
        for r in (e.replacement, e.replacement_cy)
        if r
    ]
    if record is not None:
        texts += [p for i in record.identities for p in (i.pseudonym, i.pseudonym_cy) if p]
    return [(m.start, m.end) for m in TermMatcher(texts).finditer(output)]


def _unsafe_replacements(entries: list[Entry], record: ReviewRecord | None) -> list[Problem]:
    """Replacements that themselves hold a redacted term or a known name.

    Replacements are excluded from the search above, so one that carries a name would
    hide a leak; it is reported instead.
    """
    forms = [f for e in entries if e.decision is Decision.redact for f in e.surface_forms()]
    if record is not None:
        forms += [form for form, _ in _identity_forms(record).values()]
    matcher = TermMatcher(forms)
    problems = []
    for i, entry in enumerate(entries):
        if entry.decision is Decision.redact and any(
            key(text) != m.term_key
            for text in (entry.replacement, entry.replacement_cy)
            if text
            for m in matcher.finditer(normalise(text))
        ):
            problems.append(
                Problem(
                    None,
                    None,
                    "replacement",
                    f"entry {i + 1} ({entry.type}): its replacement contains a "
                    "redacted term or a known name",
                )
            )
    return problems


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _made_of_replacements(output: str, start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether every letter of output[start:end] comes from an approved replacement.

    Two replacements side by side can spell a redacted term ("Person 7" then "February"
    reads "7 February"): nothing of the draft is in such a match, so it is no leak.
    """
    return all(output[i].isspace() or any(s <= i < e for s, e in spans) for i in range(start, end))


def verify_text(
    output: str,
    entries: list[Entry],
    record: ReviewRecord | None,
    *,
    lang: str = MAIN_LANG,
    public: Iterable[str] = (),
    structured_dates: Iterable[str] = (),
    markers: Sequence[MarkerRule] = (),
) -> list[Problem]:
    """Every problem in `output`, in order of position; undecided entries last.

    `markers` are the policy's draft-marker patterns: draft-only material left in the
    output (a banner, a reviewer's note) is a problem, unless a DRAFT_MARKER entry with
    decision keep names it.
    """
    output = normalise(output)
    problems: list[Problem] = []
    for found in find_markers(output, markers, keep=kept_markers(entries)):
        problems.append(
            Problem(
                found.line,
                None,
                "draft-marker",
                f"draft-only material ({found.kind}) is in the text; it is taken out by "
                "`cpr anonymise`, or kept by a DRAFT_MARKER entry with decision: keep",
            )
        )
    matcher, owner = entry_matcher(entries, output, lang=lang, public=public)
    replaced = _replacement_spans(output, entries, record)
    # Dates a generated page renders from structured fields (the review's process dates,
    # deadlines): public by design, even when the same day is redacted in the report.
    dated = [(m.start, m.end) for m in TermMatcher(structured_dates).finditer(output)]
    for m in matcher.finditer(output):
        i = owner[m.term_key]
        if (
            i == PUBLIC
            or entries[i].decision is Decision.keep
            or _made_of_replacements(output, m.start, m.end, replaced)
        ):
            continue
        if calendar_word(output, m.start, m.end):
            continue  # a season, month or weekday used as one ("Summer 2024")
        entry = entries[i]
        if entry.type in ("DATE", "AGE_DOB") and _inside(m.start, m.end, dated):
            continue
        line, col = line_col(output, m.start)
        problems.append(
            Problem(
                line, col, "redacted-term", f"entry {i + 1} ({entry.type}) is still in the text"
            )
        )
    if record is not None:
        forms = _identity_forms(record, lang=lang)
        folded = fold(output)
        written = [form for form, _ in forms.values()]
        idm = TermMatcher(
            written,
            case_sensitive=[f for f in written if is_ordinary_word(f, folded, lang=lang)],
        )
        # A known place inside a public name ("Cardiff" in "Cardiff and Vale University
        # Health Board") is the agency, not the place: anonymise keeps it the same way.
        shielded = replaced + [(p.start, p.end) for p in TermMatcher(public).finditer(output)]
        for m in idm.finditer(output):
            if _inside(m.start, m.end, shielded) or calendar_word(output, m.start, m.end):
                continue
            line, col = line_col(output, m.start)
            problems.append(
                Problem(
                    line,
                    col,
                    "identity",
                    f"a name of the case file's {forms[m.term_key][1]} is in the text",
                )
            )
    problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    problems += _unsafe_replacements(entries, record)
    for i, entry in enumerate(entries):
        if entry.decision is Decision.undecided:
            problems.append(
                Problem(None, None, "undecided", f"entry {i + 1} ({entry.type}) is undecided")
            )
    return problems


def review_public(review: Review) -> list[str]:
    """The review's public terms as anonymise and verify use them (no lone name parts)."""
    return public_terms(review.policy, review.record, name_tokens=False)


def verify_review(review: Review, *, lang: str = MAIN_LANG) -> list[Problem]:
    """Verify build/REF/anonymised.md against the list and the case file.

    Raises:
        InputError: there is no output to verify yet.
    """
    path = review.paths.anonymised(lang)
    if not path.is_file():
        raise InputError(
            f"review {review.ref} has no anonymised output yet",
            file=path,
            fix=f"run `cpr anonymise {review.ref}` first",
        )
    output = read_text_utf8(path, what="anonymised output")
    return verify_output(review, output, review.load_list().model.entries, lang=lang)


def verify_output(
    review: Review, output: str, entries: list[Entry], *, lang: str = MAIN_LANG
) -> list[Problem]:
    """`verify_text` with the review's record, public terms and draft markers."""
    return verify_text(
        output,
        entries,
        review.record,
        lang=lang,
        public=review_public(review),
        markers=review.policy.draft_markers.rules(),
    )


def require_verified(review: Review, *, lang: str = MAIN_LANG) -> None:
    """Raise VerificationError unless the output passes."""
    _raise_if_problems(review, verify_review(review, lang=lang), lang=lang)


def _raise_if_problems(review: Review, problems: list[Problem], *, lang: str) -> None:
    if problems:
        name = review.paths.anonymised(lang).name
        raise VerificationError(
            f"verification failed for review {review.ref}: {len(problems)} problem(s)",
            file=review.paths.build / name,
            findings=[p.render() for p in problems],
            fix="decide every entry in the redaction list (or add the missing term as a new "
            f"entry with decision: redact), then run `cpr anonymise {review.ref}` again",
        )


def verify_and_record(review: Review, *, lang: str = MAIN_LANG) -> None:
    """`require_verified` under the review's lock, with the result in the audit trail.

    `require_verified` itself takes no lock, so a stage that holds it may call it.
    """
    name = review.paths.anonymised(lang).name
    with review_lock(review.paths.lock, ref=review.ref):
        require_fresh(review, "anonymise", lang=lang, command="verify")
        problems = verify_review(review, lang=lang)
        record_stage(
            review,
            "verify",
            details={
                "lang": lang,
                "output": name,
                "output_sha256": sha256_file(review.paths.build / name),
                "passed": not problems,
                "problems": len(problems),
                "kinds": sorted({p.kind for p in problems}),
            },
            trail=review.paths.stage_trail,
        )
        record_receipt(
            review,
            "verify",
            lang=lang,
            outputs={"output": sha256_file(review.paths.build / name)},
            details={"passed": not problems, "problems": len(problems)},
        )
    _raise_if_problems(review, problems, lang=lang)
