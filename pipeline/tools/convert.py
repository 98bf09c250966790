"""Approved Markdown to what the site serves: page Markdown, DOCX and ODT downloads.

Every conversion goes through the one pandoc wrapper (`pipeline.tools.pandoc`). PDF is not
offered: pandoc needs a TeX install or a PDF engine with system libraries for it, and
the DOCX and ODT downloads carry the same approved text.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from pipeline.tools.pandoc import convert_markdown, run_pandoc

DOWNLOAD_FORMATS: tuple[str, ...] = ("docx", "odt")
# What Python-Markdown (mkdocs) reads the same way pandoc means it: pipe tables,
# footnotes, hard breaks as two spaces; no raw HTML at all.
SITE_MARKDOWN = "markdown_strict+pipe_tables+footnotes-raw_html"


def site_body(text: str, *, shift_headings: int = 2) -> str:
    """The report's Markdown rewritten for the site, headings shifted under the page's own.

    Args:
        text: the approved, verified report (pandoc Markdown, as ingest normalised it).
        shift_headings: levels to add, so the report's `#` sits under the page's `##`.

    Returns:
        Markdown that Python-Markdown renders as pandoc would.

    Raises:
        ToolError: pandoc failed.
    """
    return run_pandoc(
        [
            "-f",
            "markdown",
            "-t",
            SITE_MARKDOWN,
            "--wrap=none",
            f"--shift-heading-level-by={shift_headings}",
        ],
        input_text=text,
        what="rewrite the report for the site",
    )


@contextlib.contextmanager
def _source_date_epoch(epoch: int) -> Iterator[None]:
    """Make pandoc stamp DOCX and ODT with `epoch`, not the clock (reproducible files)."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def make_downloads(
    src: Path, *, out_dir: Path, stem: str, title: str, lang: str, epoch: int
) -> list[Path]:
    """DOCX and ODT of `src` in `out_dir`, named `stem.docx` and `stem.odt`.

    Args:
        src: the Markdown to convert (already verified).
        out_dir: where the files go.
        stem: the file name without suffix, e.g. `cysur-2025-02` or `cysur-2025-02.cy`.
        title: the document title property (public: the review's title).
        lang: the document language (`en` or `cy`), for spell-checkers and screen readers.
        epoch: seconds since 1970 to stamp the files with.

    Returns:
        The files written, in DOWNLOAD_FORMATS order.

    Raises:
        ToolError: pandoc failed.
    """
    written = []
    with _source_date_epoch(epoch):
        for fmt in DOWNLOAD_FORMATS:
            dest = out_dir / f"{stem}.{fmt}"
            convert_markdown(src, dest, to=fmt, metadata={"title": title, "lang": lang})
            written.append(dest)
    return written
