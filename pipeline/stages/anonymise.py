"""Applying the redaction list: every occurrence of every redacted term is replaced.

Only the list is read, never detector objects. Whole words, any case, with or without
diacritics, longest match first; possessives survive ("Tomos's" -> "Child A's") because
the "'s" is not part of the matched word. Undecided entries are replaced too: an
unreviewed proposal fails closed. Presidio's anonymizer applies the replacements; it
never sees the analyser, only the spans the list decides.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import InputError
from pipeline.model.redaction_list import PUBLIC, Decision, Entry, entry_matcher
from pipeline.stages.approval import approval_status
from pipeline.stages.freshness import record_receipt
from pipeline.stages.list_history import record_stage
from pipeline.stages.review import Review
from pipeline.stages.verify import Problem, review_public, verify_output
from pipeline.store.fileio import atomic_write_text, review_lock, sha256_bytes
from pipeline.text.draftmarks import Found, MarkerRule, kept_markers, strip_markers, summarise
from pipeline.text.languages import MAIN_LANG
from pipeline.text.rewrite import NUMBERED_LABEL, Hit, calendar_word, rewrite
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


# A numbered label ("Person 3", "Unigolyn 3"): it says nothing of the person's role.


def anonymise_text(
    text: str,
    entries: list[Entry],
    *,
    lang: str = MAIN_LANG,
    public: Iterable[str] = (),
    markers: Sequence[MarkerRule] = (),
    duplicate_within: int = 0,
) -> tuple[str, int]:
    """Take out draft-only material, then replace every redact or undecided entry in context.

    Args:
        text: the normalised draft.
        entries: the redaction list's entries.
        lang: "cy" for a Welsh text: mutated forms of names and places match too, and
            replacements take the mutation of the word before them.
        public: public terms (policy allow-list, the record's public names); a longer one
            is left whole even when an entry's term stands inside it.
        markers: the policy's draft-marker patterns; what they find is removed first.
        duplicate_within: see `pipeline.text.draftmarks.find_markers`.

    Returns:
        The anonymised text and the number of replacements made.
    """
    from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

    text = normalise(text)
    if markers or duplicate_within:
        text, _ = strip_markers(
            text, markers, keep=kept_markers(entries), duplicate_within=duplicate_within
        )
    matcher, owner = entry_matcher(entries, text, lang=lang, public=public)
    hits: list[Hit] = []
    for m in matcher.finditer(text):
        i = owner[m.term_key]
        if i == PUBLIC or entries[i].decision is Decision.keep:
            continue
        if calendar_word(text, m.start, m.end):
            continue  # "Summer 2024" is a season, whoever is called Summer
        entry = entries[i]
        new = entry.replacement_for(lang) or "[redacted]"
        welsh = lang == "cy" and bool(entry.replacement_cy.strip())
        numbered = bool(NUMBERED_LABEL.fullmatch(new))
        hits.append(Hit(m.start, m.end, new, entry.type, numbered, welsh))
    if not hits:
        return text, 0
    # Which spans to replace, and with what, is decided here and by the rewriting step
    # (which may widen a span over a title, a preposition or a repeated apposition);
    # Presidio's anonymizer then applies them, one operator per span (each span gets an
    # entity type of its own, so no two are merged). An empty edit is a deletion, which
    # Presidio's "replace" would fill with the type's name, so it uses "redact".
    spans: list[RecognizerResult] = []
    operators: dict[str, OperatorConfig] = {}
    for n, edit in enumerate(rewrite(text, hits, lang=lang)):
        span_type = f"EDIT_{n}_AT_{edit.start}"
        spans.append(RecognizerResult(span_type, edit.start, edit.end, 1.0))
        operators[span_type] = (
            OperatorConfig("replace", {"new_value": edit.new})
            if edit.new
            else OperatorConfig("redact", {})
        )
    return _anonymizer().anonymize(
        text=text, analyzer_results=spans, operators=operators
    ).text, len(hits)


def draft_material(review: Review, *, lang: str = MAIN_LANG) -> list[Found]:
    """The draft-only material anonymise takes out of the review's draft in `lang`."""
    text, _ = review.draft_text(lang)
    loaded = review.load_list()
    policy = review.policy.draft_markers
    return strip_markers(
        text,
        policy.rules(),
        keep=kept_markers(loaded.model.entries),
        duplicate_within=policy.duplicate_within_lines,
    )[1]


def apply_list(review: Review, entries: list[Entry], *, lang: str = MAIN_LANG) -> tuple[str, int]:
    """What the list makes of the review's draft in `lang` (no banner).

    The one definition of the output: anonymise writes it, and publish and submit
    compare the file on disk with it.
    """
    text, _ = review.draft_text(lang)
    return anonymise_text(
        text,
        entries,
        lang=lang,
        public=review_public(review),
        markers=review.policy.draft_markers.rules(),
        duplicate_within=review.policy.draft_markers.duplicate_within_lines,
    )


@dataclass(frozen=True)
class AnonymiseResult:
    """Where the output went and whether it may be published."""

    output: Path
    replacements: int
    approved: bool
    approval_reason: str
    problems: list[Problem]
    # Draft-only material taken out: kind -> the draft's line numbers (never the text).
    removed: dict[str, list[int]] | None = None


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
        removed = summarise(draft_material(review, lang=lang))
        main_text = review.draft_text()[0] if lang != MAIN_LANG else text
        status = approval_status(loaded, draft_sha256=sha, draft_text=main_text)
        if not status.valid:
            output = PREVIEW_BANNER.format(reason=status.reason) + output
        target = review.paths.anonymised(lang)
        name = target.name
        atomic_write_text(target, output)
        problems = verify_output(review, output, loaded.model.entries, lang=lang)
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
                "draft_markers_removed": {k: len(v) for k, v in removed.items()},
            },
            trail=review.paths.stage_trail,
        )
        record_receipt(
            review, "anonymise", lang=lang, outputs={"output": sha256_bytes(output.encode())}
        )
    return AnonymiseResult(
        output=target,
        replacements=replaced,
        approved=status.valid,
        approval_reason=status.reason,
        problems=problems,
        removed=removed,
    )
