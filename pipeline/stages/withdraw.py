"""Withdrawal: a published review taken off the public site, recorded in the audit trail.

`cpr withdraw REF --reason TEXT` removes the review's pages in every language (with its
downloads, which live beside them) and its `data/REF.json` from a copy of
`published_site/`, regenerates the catalogue, its filters and the home pages' latest
list, builds the whole site again (search index and sitemap are made from the pages),
reads the built site to make sure nothing of the review is left, and swaps both into
place (`pipeline.stages.siteswap`). The review is published again only after a new
approval (`pipeline.model.lifecycle`), and `cpr site build` refuses a withdrawn review
whose files were put back by hand.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputError, VerificationError
from pipeline.site.builder import build_into
from pipeline.site.catalogue import review_path
from pipeline.site.i18n import LANGS
from pipeline.stages.approval import refuse_names
from pipeline.stages.order import on_site, withdrawn
from pipeline.stages.publish import write_catalogue
from pipeline.stages.review import Review
from pipeline.stages.sitecheck import check_built_site, terms_for
from pipeline.stages.siteswap import SITE_LOCK, recover_site, swap_site
from pipeline.store.audit import append_event, fault_point, read_trail
from pipeline.store.fileio import review_lock, sha256_file
from pipeline.store.workspace import Workspace


@dataclass(frozen=True)
class WithdrawResult:
    """What was taken off the site (counts and names only)."""

    ref: str
    removed: list[str]  # paths inside published_site/
    pages: int  # pages of the site built without it
    already_off: bool  # the site did not hold it (a killed withdraw is being finished)
    # The final check's findings on the pages that remain (other reviews' own problems):
    # taking a review off never adds text, so they do not stop the withdrawal.
    remaining: VerificationError | None = None


def _remove_review(staged: Path, ref: str) -> list[str]:
    """Delete the review's folders and metadata from a published_site copy."""
    removed = []
    for lang in LANGS:
        folder = staged / lang / Path(review_path(ref)).parent
        if folder.is_dir():
            removed += [
                str(p.relative_to(staged)) for p in sorted(folder.rglob("*")) if p.is_file()
            ]
            shutil.rmtree(folder)
    data = staged / "data" / f"{ref}.json"
    if data.is_file():
        removed.append(str(data.relative_to(staged)))
        data.unlink()
    return removed


def _not_on_site(review: Review) -> InputError:
    return InputError(
        f"review {review.ref} is not on the public site",
        file=review.paths.ws.site / "data" / f"{review.ref}.json",
        fix="nothing to withdraw; `cpr status` shows each review's stage",
    )


def withdraw_review(
    review: Review, *, ws: Workspace, reason: str, officer: str | None = None
) -> WithdrawResult:
    """Take a published review off the public site and rebuild the site, all or nothing.

    Args:
        review: the review.
        ws: its workspace.
        reason: why (recorded in the trail; by entry number, never a name).
        officer: who withdraws it (else the acting person).

    Raises:
        InputError: no reason, a reason that names a term, or the review was never
            published (1).
        VerificationError: the rebuilt site still holds something of the review (3).
        ToolError: mkdocs failed (5).
    """
    ref = review.ref
    if not reason.strip():
        raise InputError(
            "a reason is required to withdraw a review",
            fix=f'pass --reason, e.g. cpr withdraw {ref} --reason "approval revoked: entry 12"',
        )
    if not on_site(review) and read_trail(review.paths.audit).last("publish") is None:
        raise _not_on_site(review)
    with review_lock(review.paths.lock, ref=ref):
        loaded = review.load_list()
        refuse_names(reason, loaded, review)
        with review_lock(ws.build / SITE_LOCK, ref="the public site"):
            ws.build.mkdir(parents=True, exist_ok=True)
            recover_site(ws)
            trail = read_trail(review.paths.audit)
            data = ws.site / "data" / f"{ref}.json"
            remaining: VerificationError | None = None
            if not on_site(review):
                if trail.last("publish") is None or withdrawn(trail):
                    raise _not_on_site(review)
                # A withdraw killed after the swap: the site is clean, the event missing.
                removed, pages, data_sha = [], 0, None
            else:
                data_sha = sha256_file(data)
                work = Path(tempfile.mkdtemp(prefix=".withdraw-", dir=ws.build))
                try:
                    staged = work / "published_site"
                    shutil.copytree(ws.site, staged)
                    removed = _remove_review(staged, ref)
                    write_catalogue(staged)
                    built = build_into(ws, source=staged, dest=work / "site")
                    try:
                        check_built_site(
                            ws, site=work / "site", source=staged, current=terms_for(review)
                        )
                    except VerificationError as problem:
                        # What remains is other reviews' pages, already on the site; a
                        # withdrawal only removes, so it goes ahead and says so. (Were
                        # it refused, two published reviews whose lists both changed
                        # could never be taken down or republished one at a time.)
                        remaining = problem
                    fault_point("withdraw:built")
                    swap_site(ws, source=staged, built=work / "site", command="withdraw")
                    pages = built.pages
                finally:
                    shutil.rmtree(work, ignore_errors=True)
            append_event(
                review.paths.audit,
                ref=ref,
                event="withdraw",
                who=officer,
                details={
                    "reason": reason.strip(),
                    "files_removed": len(removed),
                    "data_sha256": data_sha,
                    "pages": pages,
                },
            )
    return WithdrawResult(
        ref=ref,
        removed=removed,
        pages=pages,
        already_off=data_sha is None,
        remaining=remaining,
    )


__all__ = ["WithdrawResult", "withdraw_review"]
