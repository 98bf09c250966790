"""Detection: propose entries for the redaction list and merge them in.

`detect_review` is the stage; `find_all` and `build_proposals` are the pieces.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.model.policy import public_terms
from pipeline.model.redaction_list import merge_proposals, update_counts
from pipeline.stages.review import Review
from pipeline.store.fileio import review_lock, sha256_bytes, sha256_file
from pipeline.text.languages import MAIN_LANG


@dataclass(frozen=True)
class DetectResult:
    """What detect did to the list (counts only: never values)."""

    findings: int
    added: int
    entries: int
    undecided: int
    unseen: int
    words: int


def detect_review(review: Review) -> DetectResult:
    """Find identifiers in the normalised draft and merge proposals into the list.

    Human decisions are never changed: see `merge_proposals`.

    Raises:
        InputError: the draft is not ingested, or the list does not validate.
    """
    from pipeline.stages.detect.findings import find_all
    from pipeline.stages.detect.propose import build_proposals
    from pipeline.stages.freshness import record_receipt
    from pipeline.stages.list_history import record_stage, removed_variants
    from pipeline.store.audit import read_trail

    text, sha = review.draft_text()
    # A translation is searched too: it is published under the same list.
    texts = review.texts()
    found = {
        lang: find_all(body, review.record, policy=review.policy, lang=lang)
        for lang, body in texts.items()
    }
    # The English model reads Welsh as a string of unknown proper nouns; a translation
    # keeps its patterns (dates, numbers, addresses) and case-file names, and the
    # names found in the English draft reach it through their Welsh mutated forms.
    for lang in texts:
        if lang != MAIN_LANG:
            found[lang] = [f for f in found[lang] if f.source != "ner"]
    findings = [f for fs in found.values() for f in fs]
    with review_lock(review.paths.lock, ref=review.ref):
        loaded = review.load_or_new_list()
        removed = removed_variants(
            read_trail(review.paths.audit), draft_text=text, draft_sha256=sha
        )
        added = 0
        for lang, body in texts.items():
            existing_forms = [f for e in loaded.model.entries for f in e.surface_forms()]
            proposals = build_proposals(
                body,
                found[lang],
                record=review.record,
                policy=review.policy,
                existing_forms=existing_forms,
                used_replacements=[e.replacement for e in loaded.model.entries],
            )
            added += merge_proposals(loaded, proposals, draft_sha256=sha, removed=removed).added
        update_counts(
            loaded,
            text,
            translated=[t for lang, t in texts.items() if lang != MAIN_LANG],
            public=public_terms(review.policy, review.record, name_tokens=False),
        )
        # "No longer in the draft": a term a person or detection put in the list that the
        # draft does not use (now). The case file's names are the record's, not the
        # draft's: a form it lists that the draft never uses is no news.
        unseen = sum(
            1
            for e in loaded.model.entries
            if e.occurrences == 0 and set(e.proposed_by) != {"case-file"}
        )
        # A run that leaves the list as it was changes nothing governed: its event goes
        # to the local trail of stage runs, so re-running the samples leaves git clean.
        rules = review.paths.rules
        same = rules.is_file() and sha256_file(rules) == sha256_bytes(loaded.dump().encode())
        record_stage(
            review,
            "detect",
            draft=(text, sha),
            written=loaded,
            trail=review.paths.stage_trail if same else None,
            details={
                "findings": len(findings),
                "added": added,
                "entries": len(loaded.model.entries),
                "undecided": len(loaded.model.undecided()),
            },
        )
        loaded.write(review.paths.rules)
        record_receipt(review, "detect", outputs={"list": sha256_file(review.paths.rules)})
    return DetectResult(
        findings=len(findings),
        added=added,
        entries=len(loaded.model.entries),
        undecided=len(loaded.model.undecided()),
        unseen=unseen,
        words=len(text.split()),
    )
