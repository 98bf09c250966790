"""Applying the redaction list: every occurrence of every redacted term is replaced.

Only the list is read, never detector objects. Whole words, any case, with or without
diacritics, longest match first; possessives survive ("Tomos's" -> "Child A's") because
the "'s" is not part of the matched word. Undecided entries are replaced too: an
unreviewed proposal fails closed. Presidio's anonymizer applies the replacements; it
never sees the analyser, only the spans the list decides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import InputError
from pipeline.model.redaction_list import PUBLIC, Decision, Entry, entry_matcher
from pipeline.stages.approval import approval_status
from pipeline.stages.list_history import record_stage
from pipeline.stages.review import Review
from pipeline.stages.verify import Problem, review_public, verify_text
from pipeline.store.fileio import atomic_write_text, review_lock, sha256_bytes
from pipeline.text.languages import MAIN_LANG
from pipeline.text.termmatch import normalise

if TYPE_CHECKING:
    from presidio_anonymizer import AnonymizerEngine


@lru_cache(maxsize=1)
def _anonymizer() -> AnonymizerEngine:
    # Imported here, not at the top: presidio_anonymizer pulls in the analyser and spaCy,
    # which commands that never anonymise (`cpr --help`, `status`, `audit`) must not load.
    from presidio_anonymizer import AnonymizerEngine

    return AnonymizerEngine()


PREVIEW_BANNER = (
    "> **UNAPPROVED PREVIEW: NOT FOR PUBLICATION.** The redaction list for this review has "
    "no valid approval ({reason}). Do not share this text outside the review panel.\n\n"
)


def anonymise_text(
    text: str, entries: list[Entry], *, lang: str = MAIN_LANG, public: Iterable[str] = ()
) -> tuple[str, int]:
    """Replace every occurrence of every redact or undecided entry.

    Args:
        text: the normalised draft.
        entries: the redaction list's entries.
        lang: "cy" for a Welsh text: mutated forms of names and places match too.
        public: public terms (policy allow-list, the record's public names); a longer one
            is left whole even when an entry's term stands inside it.

    Returns:
        The anonymised text and the number of replacements made.
    """
    from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

    text = normalise(text)
    matcher, owner = entry_matcher(entries, text, lang=lang, public=public)
    # Which spans to replace, and with what, is decided here from the list; Presidio's
    # anonymizer then applies them, one "replace" operator per span (each span gets an
    # entity type of its own, so no two are merged).
    spans: list[RecognizerResult] = []
    operators: dict[str, OperatorConfig] = {}
    for m in matcher.finditer(text):
        i = owner[m.term_key]
        if i == PUBLIC or entries[i].decision is Decision.keep:
            continue
        span_type = f"ENTRY_{i + 1}_AT_{m.start}"
        spans.append(RecognizerResult(span_type, m.start, m.end, 1.0))
        operators[span_type] = OperatorConfig(
            "replace", {"new_value": entries[i].replacement_for(lang) or "[redacted]"}
        )
    if not spans:
        return text, 0
    return _anonymizer().anonymize(
        text=text, analyzer_results=spans, operators=operators
    ).text, len(spans)


def apply_list(review: Review, entries: list[Entry], *, lang: str = MAIN_LANG) -> tuple[str, int]:
    """What the list makes of the review's draft in `lang` (no banner).

    The one definition of the output: anonymise writes it, and publish and submit
    compare the file on disk with it.
    """
    text, _ = review.draft_text(lang)
    return anonymise_text(text, entries, lang=lang, public=review_public(review))


@dataclass(frozen=True)
class AnonymiseResult:
    """Where the output went and whether it may be published."""

    output: Path
    replacements: int
    approved: bool
    approval_reason: str
    problems: list[Problem]


def anonymise_review(review: Review, *, lang: str = MAIN_LANG) -> AnonymiseResult:
    """Apply the list to the normalised draft, write the output, then verify it.

    Without a valid approval the output starts with a banner saying it is an
    unapproved preview.

    Raises:
        InputError: no list, or the list was made from another version of the draft.
    """
    # The hash binds the draft and its translations together, so it is the same for
    # every language and a change to any of them shows here.
    text, sha = review.draft_text(lang)
    with review_lock(review.paths.lock, ref=review.ref):
        loaded = review.load_list()
        if loaded.model.draft_sha256 != sha:
            raise InputError(
                "the redaction list was made from an earlier version of the draft",
                file=loaded.path,
                key="draft_sha256",
                fix=f"run `cpr detect {review.ref}` so the new text is checked",
            )
        output, replaced = apply_list(review, loaded.model.entries, lang=lang)
        main_text = review.draft_text()[0] if lang != MAIN_LANG else text
        status = approval_status(loaded, draft_sha256=sha, draft_text=main_text)
        if not status.valid:
            output = PREVIEW_BANNER.format(reason=status.reason) + output
        target = review.paths.anonymised(lang)
        name = target.name
        atomic_write_text(target, output)
        problems = verify_text(
            output, loaded.model.entries, review.record, lang=lang, public=review_public(review)
        )
        record_stage(
            review,
            "anonymise",
            draft=(text, sha),
            details={
                "lang": lang,
                "list_sha256": loaded.model.list_sha256(),
                "output": name,
                "output_sha256": sha256_bytes(output.encode("utf-8")),
                "replacements": replaced,
                "approved": status.valid,
                "problems": len(problems),
            },
        )
    return AnonymiseResult(
        output=target,
        replacements=replaced,
        approved=status.valid,
        approval_reason=status.reason,
        problems=problems,
    )
