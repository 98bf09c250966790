"""Approved Markdown to what the site serves: page Markdown, DOCX and ODT downloads.

Every conversion goes through the one pandoc wrapper (`pipeline.tools.pandoc`). The PDF
goes through pandoc's Typst writer and the `typst` package (`pipeline.tools.pdf`): tagged
PDF/UA-1, no TeX and no system library.

pandoc in its sandbox stamps DOCX and ODT with 1970-01-01 whatever SOURCE_DATE_EPOCH
says, so the document properties (created, modified, date) are rewritten afterwards to
the publication date; the package's entries keep their order and settings, so the same
inputs still give the same bytes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from pipeline.store.fileio import atomic_write_bytes
from pipeline.tools.pandoc import convert_markdown, run_pandoc
from pipeline.tools.pdf import make_pdf

DOWNLOAD_FORMATS: tuple[str, ...] = ("docx", "odt", "pdf")
# The parts holding a package's document dates, and pandoc's sandboxed clock.
DATE_PARTS: dict[str, str] = {"docx": "docProps/core.xml", "odt": "meta.xml"}
SANDBOX_CLOCK = "1970-01-01T00:00:00Z"
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


def stamp_dates(path: Path, *, fmt: str, when: dt.datetime) -> None:
    """Rewrite a DOCX's or ODT's document dates (pandoc's 1970 clock) to `when`.

    Every entry keeps its name, order, timestamp and compression, so the package stays
    valid (the ODT's `mimetype` first and stored) and reproducible.
    """
    part = DATE_PARTS.get(fmt)
    if part is None:
        return
    stamp = when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ").encode("ascii")
    out = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == part:
                data = data.replace(SANDBOX_CLOCK.encode("ascii"), stamp)
            dst.writestr(info, data, compress_type=info.compress_type)
    atomic_write_bytes(path, out.getvalue())


def make_downloads(
    src: Path, *, out_dir: Path, stem: str, title: str, lang: str, epoch: int
) -> list[Path]:
    """DOCX, ODT and PDF of `src` in `out_dir`, named `stem.docx`, `stem.odt`, `stem.pdf`.

    Args:
        src: the Markdown to convert (already verified).
        out_dir: where the files go.
        stem: the file name without suffix, e.g. `cysur-2025-02` or `cysur-2025-02.cy`.
        title: the document title property (public: the review's title).
        lang: the document language (`en` or `cy`), for spell-checkers and screen readers.
        epoch: seconds since 1970 to stamp the files with (the publication date).

    Returns:
        The files written, in DOWNLOAD_FORMATS order.

    Raises:
        ToolError: pandoc or typst failed.
    """
    written = []
    out_dir.mkdir(parents=True, exist_ok=True)
    when = dt.datetime.fromtimestamp(epoch, tz=dt.UTC)
    with _source_date_epoch(epoch):
        for fmt in DOWNLOAD_FORMATS:
            dest = out_dir / f"{stem}.{fmt}"
            if fmt == "pdf":
                with tempfile.TemporaryDirectory(prefix=".pdf-", dir=out_dir) as work:
                    make_pdf(
                        src.read_text(encoding="utf-8"),
                        dest,
                        title=title,
                        lang=lang,
                        date=when.date(),
                        epoch=epoch,
                        workdir=Path(work),
                    )
            else:
                convert_markdown(src, dest, to=fmt, metadata={"title": title, "lang": lang})
                stamp_dates(dest, fmt=fmt, when=when)
            written.append(dest)
    return written
