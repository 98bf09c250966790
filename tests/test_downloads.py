"""The downloads: DOCX, ODT and PDF of the same text, dated by the publication date."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from pipeline.tools.convert import DATE_PARTS, DOWNLOAD_FORMATS, make_downloads

TEXT = """\
# Child Practice Review PRAWF 3/2025

## Record of the process

| Stage | Date |
|---|---|
| Learning event | 2 March 2025 |

## The report

Siân's family moved to a town in the north. The health visitor called twice.
"""
PUBLISHED = dt.date(2025, 6, 30)
EPOCH = int(dt.datetime.combine(PUBLISHED, dt.time(), tzinfo=dt.UTC).timestamp())


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("downloads")
    src = root / "download.en.md"
    src.write_text(TEXT, encoding="utf-8")
    files = make_downloads(
        src,
        out_dir=root / "files",
        stem="prawf-2025-03",
        title="PRAWF 3/2025",
        lang="en",
        epoch=EPOCH,
    )
    return {p.suffix[1:]: p for p in files}


def test_every_format_is_made(made: dict[str, Path]) -> None:
    assert sorted(made) == sorted(DOWNLOAD_FORMATS) == ["docx", "odt", "pdf"]


@pytest.mark.parametrize("fmt", sorted(DATE_PARTS))
def test_office_document_dates_are_the_publication_date(made: dict[str, Path], fmt: str) -> None:
    with zipfile.ZipFile(made[fmt]) as z:
        part = z.read(DATE_PARTS[fmt]).decode("utf-8")
        names = z.namelist()
    assert "2025-06-30T00:00:00Z" in part
    assert "1970" not in part
    if fmt == "odt":
        assert names[0] == "mimetype"  # still a valid OpenDocument package


def test_pdf_carries_the_text_title_language_and_date(made: dict[str, Path]) -> None:
    reader = PdfReader(made["pdf"])
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Record of the process" in text and "Siân" in text
    assert reader.metadata is not None and reader.metadata.title == "PRAWF 3/2025"
    assert "2025" in str(reader.metadata.get("/CreationDate"))
    root = reader.trailer["/Root"]
    assert str(root.get("/Lang", "")).startswith("en")


def test_same_inputs_give_the_same_bytes(made: dict[str, Path], tmp_path: Path) -> None:
    src = tmp_path / "download.en.md"
    src.write_text(TEXT, encoding="utf-8")
    again = make_downloads(
        src,
        out_dir=tmp_path / "files",
        stem="prawf-2025-03",
        title="PRAWF 3/2025",
        lang="en",
        epoch=EPOCH,
    )
    for path in again:
        assert path.read_bytes() == made[path.suffix[1:]].read_bytes(), path.name
