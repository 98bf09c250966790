"""Publish: the approved, verified report and its public metadata onto the public site.

Nothing reaches `published_site/` unless all of this holds, checked in this order:
1. every theme of the record is in the Board's controlled vocabulary;
2. the gate (`pipeline.stages.gate.require_cleared`, shared with `cpr submit`): a valid,
   signed approval; every language's output present, not a preview, exactly what the
   approved list makes of the current draft, and verified; the record's public fields
   and the action plan free of list terms, case-file names and identifiers;
3. every generated page, metadata included, passes the same check again;
4. the whole site builds (mkdocs, strict) and fetches nothing from another host;
5. the final gate (`pipeline.stages.sitecheck`): what a reader gets from the built site
   (visible text and attributes of every page, search index, sitemap, the text of every
   download) holds no redacted term or case-file name of any published review.

The work happens in a copy of `published_site/` and a new build under build/; only when
everything has succeeded are they renamed into place, so a failed publish leaves the
previous state intact. Publishing needs the statutory steps before it
(`pipeline.model.lifecycle`: Board approval, then submission). The publication date is
`dates.published` when set, else today, and the first publish stores it in the record
(comments kept), so a rebuild shows the same date.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import InputError
from pipeline.model.redaction_list import Entry
from pipeline.site.builder import build_into, site_output
from pipeline.site.catalogue import catalogue_pages, latest_list, review_path, with_latest
from pipeline.site.i18n import LANGS
from pipeline.site.meta import Download, PublicMeta, all_meta, check_themes, meta_json, public_meta
from pipeline.site.pages import download_source, review_page, review_title
from pipeline.site.plan import load_plan
from pipeline.stages.freshness import record_receipt
from pipeline.stages.gate import check_public_text, require_cleared
from pipeline.stages.list_history import record_stage
from pipeline.stages.order import check_date, record_date, require_order
from pipeline.stages.review import Review
from pipeline.stages.sitecheck import check_built_site, structured_dates, terms_for
from pipeline.stages.siteswap import prepare_site, swap_site
from pipeline.stages.trailcheck import approval_anchor
from pipeline.store.audit import read_trail
from pipeline.store.fileio import atomic_write_text, review_lock, sha256_file
from pipeline.store.workspace import Workspace
from pipeline.store.yamlio import read_text_utf8
from pipeline.tools.convert import DOWNLOAD_FORMATS, make_downloads, site_body


@dataclass(frozen=True)
class PublishResult:
    """What was published (counts, names of files, dates: never document text)."""

    ref: str
    published: dt.date
    published_from_record: bool
    languages: list[str]
    downloads: list[str]
    site: Path
    pages: int


def _write_review(
    staged: Path,
    work: Path,
    *,
    review: Review,
    texts: dict[str, str],
    entries: list[Entry],
    meta_base: PublicMeta,
    plan: list[dict[str, Any]] | None,
) -> tuple[PublicMeta, list[str]]:
    """Write the downloads and the review page in every language into `staged`."""
    bodies = {lang: site_body(text) for lang, text in texts.items()}
    dates = structured_dates(
        meta_base, plan, review.record.dates, [(d.due, d.done) for d in meta_base.deadlines()]
    )
    epoch = int(dt.datetime.combine(meta_base.published, dt.time(), tzinfo=dt.UTC).timestamp())
    files: dict[str, Path] = {}
    for lang, body in bodies.items():
        src = work / f"download.{lang}.md"
        text = download_source(meta_base, lang=lang, body=body, plan=plan)
        check_public_text(
            text,
            entries=entries,
            review=review,
            where=src,
            command="publish",
            dates=dates,
            lang=lang,
        )
        src.write_text(text, encoding="utf-8")
        stem = review.ref if lang == "en" else f"{review.ref}.{lang}"
        for made in make_downloads(
            src,
            out_dir=work / "files",
            stem=stem,
            lang=lang,
            title=review_title(meta_base, lang),
            epoch=epoch,
        ):
            files[made.name] = made  # read as a reader gets it by the final gate
    downloads = [
        Download(
            lang="en" if name.count(".") == 1 else name.split(".")[-2],
            format=name.rsplit(".", 1)[1],
            file=name,
            size=path.stat().st_size,
        )
        for name, path in sorted(files.items())
    ]
    meta = meta_base.model_copy(update={"downloads": downloads})
    for lang in LANGS:
        folder = staged / lang / Path(review_path(review.ref)).parent
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        page = review_page(meta, lang=lang, body=bodies.get(lang), plan=plan)
        check_public_text(
            page,
            entries=entries,
            review=review,
            where=folder / "index.md",
            command="publish",
            dates=dates,
            lang=lang,
        )
        (folder / "index.md").write_text(page, encoding="utf-8")
        for name, path in files.items():
            shutil.copyfile(path, folder / name)
    (staged / "data").mkdir(exist_ok=True)
    (staged / "data" / f"{review.ref}.json").write_text(meta_json(meta), encoding="utf-8")
    return meta, sorted(files)


def write_catalogue(source: Path) -> int:
    """Regenerate every catalogue page and the home pages' latest list in `source`.

    Returns:
        The number of pages written.
    """
    metas = all_meta(source / "data") if (source / "data").is_dir() else []
    written = 0
    for lang in LANGS:
        docs = source / lang
        shutil.rmtree(docs / "catalogue", ignore_errors=True)
        for rel, text in catalogue_pages(metas, lang).items():
            atomic_write_text(docs / rel, text)
            written += 1
        home = docs / "index.md"
        atomic_write_text(
            home,
            with_latest(
                read_text_utf8(home, what="home page"), latest_list(metas, lang), path=home
            ),
        )
        written += 1
    return written


def publish_review(review: Review, *, ws: Workspace, today: dt.date | None = None) -> PublishResult:
    """Publish one review and rebuild the site, all or nothing.

    Args:
        review: the opened review.
        ws: its workspace (holds published_site/ and build/).
        today: the publication date when the record has none (tests pass a fixed one).

    Returns:
        What was published.

    Raises:
        ApprovalError: no valid approval, or the output is an unapproved preview (4).
        VerificationError: an output is stale, edited or fails verification; a public
            field, a generated page or what a reader gets from the built site holds a
            redacted term, a case-file name or an identifier (3).
        InputError: a theme is outside the vocabulary, an output is missing, or a file
            the site needs is missing or invalid (1).
        ToolError: pandoc or mkdocs failed (5).
    """
    today = today or dt.date.today()
    prepare_site(ws)  # a killed publish or withdraw put right; no withdrawn review back
    if not (ws.site / "en" / "index.md").is_file():
        raise InputError(
            "the public site's static pages are missing",
            file=ws.site / "en",
            fix="restore published_site/ from git",
        )
    with review_lock(review.paths.lock, ref=review.ref):
        check_themes(review.record, review.policy, record_path=review.paths.record)
        cleared = require_cleared(review, command="publish")
        texts, entries, approval = cleared.texts, cleared.entries, cleared.approval
        facts = require_order(review, "publish")  # approved, Board approved, submitted
        meta_base = public_meta(
            ref=review.ref,
            record=review.record,
            policy=review.policy,
            approval=approval,
            today=today,
            languages=sorted(texts),
        )
        # Where the trail stood: `cpr audit --check` fails if it no longer holds this line.
        meta_base = meta_base.model_copy(update={"audit": approval_anchor(review, approval)})
        check_date(review, "published", meta_base.published)
        plan = load_plan(review.paths.action_plan)
        with review_lock(ws.build / ".site.lock", ref="the public site"):
            ws.build.mkdir(parents=True, exist_ok=True)
            # Work folders left by a killed publish: nobody else can hold them now.
            for stale in ws.build.glob(".publish-*"):
                shutil.rmtree(stale, ignore_errors=True)
            work = Path(tempfile.mkdtemp(prefix=".publish-", dir=ws.build))
            try:
                staged = work / "published_site"
                shutil.copytree(ws.site, staged)
                meta, files = _write_review(
                    staged,
                    work,
                    review=review,
                    texts=texts,
                    entries=entries,
                    meta_base=meta_base,
                    plan=plan,
                )
                write_catalogue(staged)
                built = build_into(ws, source=staged, dest=work / "site")
                # The final gate, before anything is swapped into place.
                check_built_site(
                    ws, site=work / "site", source=staged, current=terms_for(review, entries)
                )
                swap_site(ws, source=staged, built=work / "site", command="publish")
            finally:
                shutil.rmtree(work, ignore_errors=True)
        # The first publish stores the publication date; rebuilds keep it.
        recorded = record_date(review, "published", meta.published)
        data_sha = sha256_file(ws.site / "data" / f"{review.ref}.json")
        # A rebuild that publishes exactly what the last publication did is a stage run,
        # not a new publication: it goes to the local trail (git stays clean).
        last = read_trail(review.paths.audit).last("publish")
        rebuild = not recorded and last is not None and last.details.get("data_sha256") == data_sha
        record_stage(
            review,
            "publish",
            draft=review.draft_text(),
            trail=review.paths.stage_trail if rebuild else None,
            details={
                "data_sha256": data_sha,
                "list_sha256": approval.list_sha256,
                "languages": sorted(texts),
                "published": meta.published.isoformat(),
                "date_recorded": recorded,
                "before_submission": facts.submitted is None,
                "downloads": len(files),
                "pages": built.pages,
            },
        )
        record_receipt(
            review,
            "publish",
            outputs={"data": data_sha},
            pandoc=True,
        )
    return PublishResult(
        ref=review.ref,
        published=meta.published,
        published_from_record=meta.published_from_record,
        languages=sorted(texts),
        downloads=files,
        site=site_output(ws),
        pages=built.pages,
    )


__all__ = [
    "DOWNLOAD_FORMATS",
    "PublishResult",
    "publish_review",
    "write_catalogue",
]
