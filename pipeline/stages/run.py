"""`make anonymise`: ingest, detect and anonymise many reviews, on every core.

Each worker process loads the model once (in its initialiser), never per draft. Errors
come back as plain data (reference, message, exit code) so one bad draft does not stop
the others and no exception has to cross a process boundary.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import CprError
from pipeline.stages.anonymise import anonymise_review
from pipeline.stages.detect import detect_review
from pipeline.stages.ingest import ingest_review
from pipeline.stages.review import open_review, translations
from pipeline.stages.review_report import write_review_report
from pipeline.store.workspace import Workspace


@dataclass(frozen=True)
class Outcome:
    """How one review went (counts and messages only)."""

    ref: str
    ok: bool
    message: str
    exit_code: int = 0
    undecided: int = 0
    approved: bool = False
    problems: int = 0


def _warm() -> None:
    from pipeline.stages.detect.engine import analyzer

    analyzer()


def run_one(root: Path, ref: str) -> Outcome:
    """Ingest, detect and anonymise one review (and its Welsh translation, if any)."""
    try:
        review = open_review(Workspace(root), ref)
        ingest_review(review)
        detected = detect_review(review)
        result = anonymise_review(review)
        for lang in translations(review):
            anonymise_review(review, lang=lang)
        write_review_report(review)
        leaks = [p for p in result.problems if p.kind != "undecided"]
        state = "approved" if result.approved else "unapproved preview"
        message = (
            f"{detected.entries} entries ({detected.undecided} undecided, "
            f"{detected.added} new); {result.replacements} replacements; {state}"
        )
        if leaks:
            return Outcome(
                ref,
                False,
                message + f"; {len(leaks)} verification problem(s)",
                3,
                detected.undecided,
                result.approved,
                len(leaks),
            )
        return Outcome(
            ref, True, message, 0, detected.undecided, result.approved, len(result.problems)
        )
    except CprError as error:
        return Outcome(ref, False, error.render(), error.exit_code)


def run_many(
    root: Path,
    refs: list[str],
    *,
    workers: int | None = None,
    advance: Callable[[Outcome], None] = lambda _: None,
) -> list[Outcome]:
    """Run every review, in parallel when there are several; results in `refs` order."""
    workers = min(len(refs), workers or os.cpu_count() or 1)
    if workers <= 1:
        outcomes = []
        for ref in refs:
            outcomes.append(run_one(root, ref))
            advance(outcomes[-1])
        return outcomes
    by_ref: dict[str, Outcome] = {}
    with ProcessPoolExecutor(max_workers=workers, initializer=_warm) as pool:
        futures = [pool.submit(run_one, root, ref) for ref in refs]
        for future in as_completed(futures):
            outcome = future.result()
            by_ref[outcome.ref] = outcome
            advance(outcome)
    return [by_ref[ref] for ref in refs]
