"""Approved Markdown to an accessible PDF: pandoc writes Typst, the `typst` package typesets it.

No system library or TeX install is needed: `typst` from PyPI carries the compiler and
its fonts (Libertinus Serif, New Computer Modern, DejaVu Sans Mono). System fonts are
ignored, so the same text gives the same bytes on any machine. The PDF is tagged to
PDF/UA-1, with its language, title, headings as bookmarks and a structure tree, so a
screen reader can follow it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipeline.errors import ToolError
from pipeline.store.fileio import atomic_write_bytes
from pipeline.tools.pandoc import run_pandoc

# Region of the document language, for hyphenation and quotes ("cy-GB", "en-GB").
REGION = "GB"


def typst_source(markdown: str, *, title: str, lang: str, date: dt.date | None) -> str:
    """The Typst document pandoc makes of `markdown`, on A4, in the review's language.

    Raises:
        ToolError: pandoc failed.
    """
    args = [
        "-f",
        "markdown-raw_html-raw_attribute",
        "-t",
        "typst",
        "--standalone",
        "--wrap=none",
        "--metadata",
        f"title={title}",
        "--metadata",
        f"lang={lang}",
        "-V",
        "papersize=a4",
        "-V",
        f"region={REGION}",
    ]
    if date is not None:
        args += ["--metadata", f"date={date.isoformat()}"]
    return run_pandoc(args, input_text=markdown, what="write the report as Typst")


def compile_pdf(source: str, *, epoch: int, workdir: Path) -> bytes:
    """Typeset a Typst document to PDF/UA-1 bytes, stamped with `epoch` (not the clock).

    Args:
        source: the Typst document.
        epoch: seconds since 1970 for the PDF's creation date (the publication date).
        workdir: a private folder for the source file; nothing outside it is read.

    Raises:
        ToolError: the typst package is missing or could not typeset the document.
    """
    try:
        import typst
    except ImportError as exc:  # pragma: no cover - installed with the project
        raise ToolError("the typst package is not installed", fix="run `make install`") from exc
    src = workdir / "report.typ"
    src.write_text(source, encoding="utf-8")
    try:
        pdf = typst.compile(
            str(src),
            root=str(workdir),
            ignore_system_fonts=True,
            timestamp=epoch,
            pdf_standards=["ua-1"],
        )
    except Exception as exc:  # typst raises its own TypstError with the compiler's message
        raise ToolError(
            f"typst could not typeset the PDF: {type(exc).__name__}",
            file=src,
            fix="check that the report converts with pandoc; report the problem to the "
            "developers with this file",
        ) from None
    if not isinstance(pdf, bytes):
        raise ToolError("typst returned no PDF", file=src, fix="report this to the developers")
    return pdf


def make_pdf(
    markdown: str,
    dest: Path,
    *,
    title: str,
    lang: str,
    date: dt.date | None,
    epoch: int,
    workdir: Path,
) -> Path:
    """Write the PDF of `markdown` to `dest` atomically; returns `dest`.

    Raises:
        ToolError: pandoc or typst failed.
    """
    source = typst_source(markdown, title=title, lang=lang, date=date)
    atomic_write_bytes(dest, compile_pdf(source, epoch=epoch, workdir=workdir))
    return dest
