"""The PDF download: tagged, in the review's language, the same bytes on every rebuild."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from pypdf import PdfReader

from pipeline.tools.pdf import make_pdf

REPORT = """\
# Crynodeb

Roedd Plentyn A yn byw gyda'i fam mewn tref yn y Gogledd. Dŵr, tŷ, â, ê.

## Dysgu

| Asiantaeth | Cam |
|---|---|
| Gwasanaethau Plant | Adolygu'r canllaw |
"""
EPOCH = int(dt.datetime(2025, 3, 14, tzinfo=dt.UTC).timestamp())


def _pdf(tmp_path: Path, name: str, text: str = REPORT) -> bytes:
    work = tmp_path / f"work-{name}"
    work.mkdir()
    dest = tmp_path / f"{name}.pdf"
    make_pdf(
        text,
        dest,
        title="Adolygiad Ymarfer Plant PRAWF 1/2025",
        lang="cy",
        date=dt.date(2025, 3, 14),
        epoch=EPOCH,
        workdir=work,
    )
    return dest.read_bytes()


def _titles(outline: list) -> list[str]:
    found: list[str] = []
    for item in outline:
        found += _titles(item) if isinstance(item, list) else [item.title]
    return found


def test_pdf_is_tagged_with_language_title_and_headings(tmp_path: Path) -> None:
    reader = PdfReader(io.BytesIO(_pdf(tmp_path, "a")))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "cy-GB"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert reader.metadata is not None
    assert reader.metadata.title == "Adolygiad Ymarfer Plant PRAWF 1/2025"
    assert _titles(reader.outline) == ["Crynodeb", "Dysgu"]  # headings as bookmarks
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Dŵr, tŷ" in text  # Welsh letters survive in the bundled fonts


def test_rebuilding_gives_the_same_bytes_and_the_publication_date(tmp_path: Path) -> None:
    first, second = _pdf(tmp_path, "a"), _pdf(tmp_path, "b")
    assert first == second
    reader = PdfReader(io.BytesIO(first))
    assert reader.metadata is not None and reader.metadata.creation_date is not None
    assert reader.metadata.creation_date.date() == dt.date(2025, 3, 14)


def test_raw_html_in_the_report_is_not_typeset_as_markup(tmp_path: Path) -> None:
    # Typst code in a raw block of the draft is printed as text, never run.
    text = REPORT + "\n`#set text(size: 40pt); HIDDEN`{=typst} <b>bold</b>\n"
    reader = PdfReader(io.BytesIO(_pdf(tmp_path, "c", text)))
    body = "".join(page.extract_text() for page in reader.pages)
    assert "#set text(size: 40pt); HIDDEN" in body
    assert "<b>bold</b>" in body
