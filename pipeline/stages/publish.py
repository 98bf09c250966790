"""Publish: the approved, verified report and its public metadata onto the public site.

Nothing reaches `published_site/` unless all of this holds, checked in this order:
1. the redaction list has a valid approval for the current draft (`require_valid`);
2. every theme of the record is in the Board's controlled vocabulary;
3. the English output and each translation pass `require_verified`, carry no preview
   banner, and are exactly what the approved list makes of the current draft (so a
   stale or hand-edited output is refused rather than published);
4. every generated page and download, metadata included, passes verification again;
5. the whole site builds (mkdocs, strict) and fetches nothing from another host.

The work happens in a copy of `published_site/` under build/; only when everything has
succeeded is the copy renamed into place, so a failed publish leaves the previous
state intact. The review record is never written: the publication date is
`dates.published` when set, else today.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import ApprovalError, InputError, VerificationError
from pipeline.model.redaction_list import Entry
from pipeline.site.builder import build_into, replace_dir, site_output
from pipeline.site.catalogue import catalogue_pages, latest_list, review_path, with_latest
from pipeline.site.i18n import LANGS, long_date
from pipeline.site.meta import Download, PublicMeta, all_meta, check_themes, meta_json, public_meta
from pipeline.site.pages import download_source, review_page, review_title
from pipeline.site.plan import load_plan
from pipeline.stages.anonymise import PREVIEW_BANNER, apply_list
from pipeline.stages.approval import require_valid
from pipeline.stages.list_history import record_stage
from pipeline.stages.review import Review, languages
from pipeline.stages.verify import require_verified, review_public, verify_text
from pipeline.store.fileio import atomic_write_text, review_lock
from pipeline.store.workspace import Workspace
from pipeline.store.yamlio import read_text_utf8
from pipeline.text.termmatch import normalise
from pipeline.tools.convert import DOWNLOAD_FORMATS, make_downloads, site_body

BANNER_START = PREVIEW_BANNER.split("(", 1)[0].split(".**", 1)[0]
_XML_TAG = re.compile(r"<[^>]+>")


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


def approved_texts(review: Review) -> tuple[dict[str, str], list[Entry]]:
    """The approved, verified report in each language, and the list's entries.

    Raises:
        ApprovalError: no valid approval, or an output is an unapproved preview.
        VerificationError: an output fails verification.
        InputError: an output is missing, stale, or not what the approved list makes.
    """
    loaded = review.load_list()
    _, sha = review.draft_text()
    require_valid(loaded, draft_sha256=sha, ref=review.ref)
    texts: dict[str, str] = {}
    for lang in languages(review):
        require_verified(review, lang=lang)
        path = review.paths.anonymised(lang)
        text = read_text_utf8(path, what="anonymised output")
        if text.lstrip().startswith(BANNER_START):
            raise ApprovalError(
                "the output is an unapproved preview",
                file=path,
                line=1,
                fix=f"run `cpr anonymise {review.ref}` again now that the list is approved",
            )
        expected, _ = apply_list(review, loaded.model.entries, lang=lang)
        if normalise(text) != expected:
            raise InputError(
                "the output is not what the approved list makes of the current draft "
                "(it is stale or was edited by hand)",
                file=path,
                fix=f"run `cpr anonymise {review.ref}` (and `cpr verify {review.ref}`) again",
            )
        texts[lang] = text
    return texts, loaded.model.entries


def _structured_dates(*values: Any) -> list[str]:
    """Every date in the page's structured data, as the site writes it in each language."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dt.date):
            day = value.date() if isinstance(value, dt.datetime) else value
            found.extend(long_date(day, lang) for lang in LANGS)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)
        elif hasattr(value, "model_dump"):
            walk(value.model_dump())

    for value in values:
        walk(value)
    return sorted(set(found))


def _check_public(
    text: str, *, entries: list[Entry], review: Review, where: Path, dates: Iterable[str] = ()
) -> None:
    """The last gate: a generated page or download holds nothing redacted or identifying.

    `dates` are rendered from structured fields (process dates, deadlines), public by
    design; everything else is checked as strictly as the report itself.
    """
    problems = [
        p
        for p in verify_text(
            text, entries, review.record, public=review_public(review), structured_dates=dates
        )
        if p.kind != "undecided"
    ]
    if problems:
        raise VerificationError(
            f"a generated public file failed verification: {len(problems)} problem(s)",
            file=where,
            findings=[p.render() for p in problems],
            fix="a public field (summary, themes, action plan) or the report holds a "
            "redacted term or a name from the case file: correct it, approve and anonymise "
            "again, then publish",
        )


def _download_text(path: Path) -> str:
    """The visible text inside a DOCX or ODT, for the last verification."""
    part = "word/document.xml" if path.suffix == ".docx" else "content.xml"
    with zipfile.ZipFile(path) as package:
        xml = package.read(part).decode("utf-8")
    return html.unescape(_XML_TAG.sub(" ", xml))


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
    dates = _structured_dates(meta_base, plan, review.record.dates)
    epoch = int(dt.datetime.combine(meta_base.published, dt.time(), tzinfo=dt.UTC).timestamp())
    files: dict[str, Path] = {}
    for lang, body in bodies.items():
        src = work / f"download.{lang}.md"
        text = download_source(meta_base, lang=lang, body=body, plan=plan)
        _check_public(text, entries=entries, review=review, where=src, dates=dates)
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
            _check_public(
                _download_text(made), entries=entries, review=review, where=made, dates=dates
            )
            files[made.name] = made
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
        _check_public(page, entries=entries, review=review, where=folder / "index.md", dates=dates)
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
        ApprovalError: no valid approval, or the output is an unapproved preview.
        VerificationError: an output or a generated public file fails verification.
        InputError: a theme is outside the vocabulary, an output is stale, or a file
            the site needs is missing or invalid.
        ToolError: pandoc or mkdocs failed.
    """
    today = today or dt.date.today()
    if not (ws.site / "en" / "index.md").is_file():
        raise InputError(
            "the public site's static pages are missing",
            file=ws.site / "en",
            fix="restore published_site/ from git",
        )
    with review_lock(review.paths.lock, ref=review.ref):
        check_themes(review.record, review.policy, record_path=review.paths.record)
        texts, entries = approved_texts(review)
        approval = require_valid(
            review.load_list(), draft_sha256=review.draft_text()[1], ref=review.ref
        )
        meta_base = public_meta(
            ref=review.ref,
            record=review.record,
            policy=review.policy,
            approval=approval,
            today=today,
            languages=sorted(texts),
        )
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
                replace_dir(staged, ws.site)
                replace_dir(work / "site", site_output(ws))
            finally:
                shutil.rmtree(work, ignore_errors=True)
        record_stage(
            review,
            "publish",
            draft=review.draft_text(),
            details={
                "list_sha256": approval.list_sha256,
                "languages": sorted(texts),
                "published": meta.published.isoformat(),
                "downloads": len(files),
                "pages": built.pages,
            },
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
    "approved_texts",
    "publish_review",
    "write_catalogue",
]
