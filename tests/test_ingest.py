"""Ingest: drafts to normalised Markdown; hidden content removed, reported, never silent.

Every fixture is built here from fictional text: pandoc writes a small .docx or .odt,
then its XML is edited to add what Word or LibreOffice would (comments, tracked
changes, properties).
"""

from __future__ import annotations

import base64
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import InputError, ToolError
from pipeline.stages.ingest import IngestResult, ingest_draft
from pipeline.store.fileio import sha256_file
from pipeline.tools import pandoc
from pipeline.tools.pandoc import run_pandoc

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
LONG = (
    "Over eighteen months Eleri Fictional-Jones met health visitors, teachers and social "
    "workers at the family home in Trefictional, and each agency recorded its concerns "
    "separately without sharing them at the multi-agency meetings that followed."
)
BODY = f"""Anchor paragraph.

{LONG}

| Date | Agency | Event |
|------|--------|-------|
| 2023-01-05 | Health | Home visit by Nia Fictional |

![](photo.png)

Closing paragraph.
"""

# What Word adds around "Anchor paragraph.": a comment, an insertion and a deletion.
DOCX_TRACKED = (
    '<w:commentRangeStart w:id="0"/>'
    '<w:r><w:t xml:space="preserve">Anchor paragraph.</w:t></w:r>'
    '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>'
    '<w:ins w:id="1" w:author="Ann Editor" w:date="2024-01-01T00:00:00Z">'
    '<w:r><w:t xml:space="preserve"> Inserted sentence stays.</w:t></w:r></w:ins>'
    '<w:del w:id="2" w:author="Bob Editor" w:date="2024-01-01T00:00:00Z">'
    '<w:r><w:delText xml:space="preserve"> Deleted sentence goes.</w:delText></w:r></w:del>'
)
DOCX_COMMENT = (
    '<w:comment w:id="0" w:author="Carys Commenter" w:date="2024-01-01T00:00:00Z">'
    "<w:p><w:r><w:t>Check the date with Gwilym Fictional.</w:t></w:r></w:p></w:comment>"
)
ODT_CHANGES = (
    "<text:tracked-changes>"
    '<text:changed-region text:id="ct1"><text:insertion><office:change-info>'
    "<dc:creator>Ann Editor</dc:creator><dc:date>2024-01-01T00:00:00</dc:date>"
    "</office:change-info></text:insertion></text:changed-region>"
    '<text:changed-region text:id="ct2"><text:deletion><office:change-info>'
    "<dc:creator>Bob Editor</dc:creator><dc:date>2024-01-01T00:00:00</dc:date>"
    "</office:change-info><text:p>Deleted sentence goes.</text:p></text:deletion>"
    "</text:changed-region></text:tracked-changes>"
)
ODT_PARAGRAPH = (
    "<office:annotation><dc:creator>Carys Commenter</dc:creator>"
    "<dc:date>2024-01-01T00:00:00</dc:date>"
    "<text:p>Check the date with Gwilym Fictional.</text:p></office:annotation>"
    'Anchor paragraph.<text:change-start text:change-id="ct1"/> Inserted sentence stays.'
    '<text:change-end text:change-id="ct1"/><text:change text:change-id="ct2"/>'
)


# --- fixture builders ------------------------------------------------------------------


def build(tmp_path: Path, markdown: str, name: str) -> Path:
    """Write `markdown` as a .docx or .odt with pandoc (embedding photo.png if used)."""
    src = tmp_path / "fixture-src.md"
    src.write_text(markdown, encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(PNG)
    out = tmp_path / name
    run_pandoc(
        ["-f", "markdown", "-o", str(out), f"--resource-path={tmp_path}"],
        input_path=src,
        what="build a test fixture",
        sandbox=False,
    )
    return out


def edit_zip(path: Path, edits: dict[str, Callable[[str], str]]) -> Path:
    """Rewrite parts of a package in place; a part that does not exist yet is created."""
    with zipfile.ZipFile(path) as old:
        items = [(info, old.read(info)) for info in old.infolist()]
    names = {info.filename for info, _ in items}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info, data in items:
            if info.filename in edits:
                data = edits[info.filename](data.decode("utf-8")).encode("utf-8")
            new.writestr(info, data)
        for name, edit in edits.items():
            if name not in names:
                new.writestr(name, edit(""))
    return path


def before(closing: str, insert: str) -> Callable[[str], str]:
    return lambda xml: xml.replace(closing, insert + closing)


def docx_with_everything(tmp_path: Path) -> Path:
    path = build(tmp_path, BODY, "draft.docx")
    return edit_zip(
        path,
        {
            "word/document.xml": lambda xml: xml.replace(
                '<w:r><w:t xml:space="preserve">Anchor paragraph.</w:t></w:r>', DOCX_TRACKED
            ),
            "word/comments.xml": lambda xml: (
                xml[: xml.rindex("/>")] + ">" + DOCX_COMMENT + "</w:comments>"
            ),
            "docProps/core.xml": before(
                "</cp:coreProperties>",
                "<dc:creator>Gwen Fictional</dc:creator>"
                "<cp:lastModifiedBy>Huw Fictional</cp:lastModifiedBy>",
            ),
            "docProps/app.xml": before("</Properties>", "<Company>Fictional Council</Company>"),
        },
    )


def odt_with_everything(tmp_path: Path) -> Path:
    path = build(tmp_path, BODY, "draft.odt")
    return edit_zip(
        path,
        {
            "content.xml": lambda xml: xml.replace(
                "<office:text>", "<office:text>" + ODT_CHANGES
            ).replace(">Anchor paragraph.</text:p>", ">" + ODT_PARAGRAPH + "</text:p>"),
            "meta.xml": lambda xml: xml.replace(
                "<meta:initial-creator></meta:initial-creator>",
                "<meta:initial-creator>Gwen Fictional</meta:initial-creator>",
            ),
        },
    )


def ingest(tmp_path: Path, draft: Path) -> tuple[IngestResult, str, str]:
    result = ingest_draft(draft=draft, out_dir=tmp_path / "build")
    return (
        result,
        result.draft_md.read_text(encoding="utf-8"),
        result.report.read_text(encoding="utf-8"),
    )


# --- happy paths -----------------------------------------------------------------------


@pytest.mark.parametrize("builder", [docx_with_everything, odt_with_everything])
def test_office_hidden_content_is_removed_and_reported(tmp_path: Path, builder) -> None:
    draft = builder(tmp_path)
    result, text, report = ingest(tmp_path, draft)

    # comment: gone from the text, quoted with its author in the report
    assert "Gwilym" not in text
    assert "Carys Commenter" in report and "Check the date with Gwilym Fictional." in report
    # tracked changes accepted: insertion in, deletion out, both listed with authors
    assert "Anchor paragraph. Inserted sentence stays." in text
    assert "Deleted sentence" not in text
    assert "Ann Editor" in report and "Inserted sentence stays." in report
    assert "Bob Editor" in report and "Deleted sentence goes." in report
    # properties: reported, never in the text
    assert "Gwen Fictional" in report and "Gwen" not in text
    # image: out of the text, named in the report
    assert "![" not in text and "photo" not in text and "Pictures/" not in text
    assert ("word/media/" if draft.suffix == ".docx" else "Pictures/") in report
    # the visible text is all there
    assert LONG in text.splitlines()  # one line: no name split by wrapping
    assert "| 2023-01-05 | Health | Home visit by Nia Fictional |" in text.replace("  ", " ")
    assert "Closing paragraph." in text
    assert "<" not in text  # no raw HTML of any kind

    assert (result.comments_removed, result.insertions_accepted, result.deletions_accepted) == (
        1,
        1,
        1,
    )
    assert result.properties_found >= 1
    assert result.images_removed == 1
    assert result.source_sha256 == sha256_file(draft) and result.source_sha256 in report
    assert result.draft_sha256 == sha256_file(result.draft_md)
    assert result.words > 40


def test_docx_app_and_core_properties_are_all_reported(tmp_path: Path) -> None:
    _, text, report = ingest(tmp_path, docx_with_everything(tmp_path))
    for value in ("Gwen Fictional", "Huw Fictional", "Fictional Council"):
        assert value in report
        assert value not in text


def test_word_hidden_text_is_kept_but_flagged(tmp_path: Path) -> None:
    # Font > Hidden text is invisible in Word; pandoc keeps it, so the reviewer must know
    hidden_run = "<w:r><w:rPr><w:vanish/></w:rPr><w:t> Note for Gwilym only.</w:t></w:r>"
    draft = edit_zip(
        build(tmp_path, "Visible sentence.\n", "draft.docx"),
        {"word/document.xml": before("</w:p>", hidden_run)},
    )
    result, text, report = ingest(tmp_path, draft)
    assert "Note for Gwilym only." in text
    assert "Hidden text KEPT" in report and "Note for Gwilym only." in report
    assert result.hidden_text_kept == 1


def test_markdown_front_matter_comments_and_raw_html_are_removed(tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text(
        "---\ntitle: Review of Eleri Fictional-Jones\nauthor: Gwen Fictional\n---\n\n"
        "<!-- check with Gwilym Fictional before sending -->\n\n"
        "The child, Eleri\nFictional-Jones, lived in Trefictional.<!-- inline note -->\n\n"
        '<span style="display:none">Visible once rendered.</span>\n\n'
        "![Photo of the house](house.jpg)\n\n"
        f"{LONG}\n",
        encoding="utf-8",
    )
    result, text, report = ingest(tmp_path, draft)

    assert "Gwen" not in text and "Gwilym" not in text and "inline note" not in text
    assert "Gwen Fictional" in report and "check with Gwilym Fictional" in report
    assert "inline note" in report
    assert "house.jpg" in report and "house.jpg" not in text
    # a name wrapped across source lines comes out on one line
    assert "The child, Eleri Fictional-Jones, lived in Trefictional." in text.splitlines()
    assert "Visible once rendered." in text and "<" not in text
    assert LONG in text.splitlines()
    assert result.html_comments_removed == 2
    assert result.properties_found == 2
    assert result.images_removed == 1


def test_nothing_hidden_says_so_plainly(tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text("# Learning\n\nAgencies shared information well.\n", encoding="utf-8")
    result, text, report = ingest(tmp_path, draft)
    assert "No hidden content was found" in report
    assert text == "# Learning\n\nAgencies shared information well.\n"
    assert (result.comments_removed, result.properties_found, result.images_removed) == (0, 0, 0)
    assert result.words == 5


def test_docx_title_paragraph_stays_in_the_text(tmp_path: Path) -> None:
    # pandoc's docx reader treats the Title style as metadata; it is visible text, so keep it
    draft = build(
        tmp_path, "---\ntitle: Child Practice Review CYSUR 9/2099\n---\n\nBody.\n", "d.docx"
    )
    _, text, _ = ingest(tmp_path, draft)
    assert text.startswith("# Child Practice Review CYSUR 9/2099\n")
    assert "Body." in text


def test_timeline_cells_with_several_paragraphs_stay_a_pipe_table(tmp_path: Path) -> None:
    grid = (
        "+------------+---------------------------+\n"
        "| Date       | Event                     |\n"
        "+============+===========================+\n"
        "| 2023-01-05 | First visit.              |\n"
        "|            |                           |\n"
        "|            | - referral made           |\n"
        "|            | - no reply recorded       |\n"
        "+------------+---------------------------+\n"
    )
    for suffix in ("docx", "odt"):
        draft = build(tmp_path, grid, f"timeline.{suffix}")
        _, text, _ = ingest(tmp_path, draft)
        assert "[TABLE]" not in text
        row = next(line for line in text.splitlines() if "2023-01-05" in line)
        assert row.startswith("|") and row.rstrip().endswith("|")
        assert "First visit." in row and "referral made" in row and "no reply recorded" in row


def test_rerun_replaces_the_output_with_the_same_text(tmp_path: Path) -> None:
    draft = docx_with_everything(tmp_path)
    first, _, _ = ingest(tmp_path, draft)
    second, _, _ = ingest(tmp_path, draft)
    assert first.draft_sha256 == second.draft_sha256
    assert sorted(p.name for p in (tmp_path / "build").iterdir()) == [
        "draft.md",
        "ingest-report.md",
    ]


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzŵŷâêîôûABCDEFG", min_size=1, max_size=12)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(words=st.lists(WORD, min_size=30, max_size=80), breaks=st.randoms())
def test_a_paragraph_always_comes_out_on_one_line(tmp_path: Path, words: list[str], breaks) -> None:
    # however the source wraps a paragraph, the words come out in order on one line
    source = "".join(w + breaks.choice([" ", "\n"]) for w in words)
    draft = tmp_path / "draft.md"
    draft.write_text(source, encoding="utf-8")
    _, text, _ = ingest(tmp_path, draft)
    assert text.splitlines()[0].split() == words


# --- bad input: a clear InputError, and nothing written --------------------------------


def zip_of(**parts: str) -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, data in parts.items():
            package.writestr(name.replace("__", "/"), data)
    return buffer.getvalue()


def write(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(tmp_path: Path) -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return make


def entity_bomb(tmp_path: Path) -> Path:
    path = build(tmp_path, "Text.\n", "draft.docx")
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"
    )
    return edit_zip(path, {"word/document.xml": lambda _: bomb})


def encrypted_odt(tmp_path: Path) -> Path:
    # LibreOffice lists how each encrypted part was encrypted in the manifest
    path = build(tmp_path, "Text.\n", "draft.odt")
    encrypted_entry = (
        '<manifest:file-entry manifest:media-type="text/xml" manifest:full-path="content.xml">'
        '<manifest:encryption-data manifest:checksum-type="SHA1/1K"/></manifest:file-entry>'
    )
    return edit_zip(
        path, {"META-INF/manifest.xml": before("</manifest:manifest>", encrypted_entry)}
    )


BAD_INPUTS: list[tuple[str, Callable[[Path], Path], str]] = [
    # (case, make the draft, what the message says)
    ("docx that is not a zip", write("draft.docx", b"plain text, renamed"), "not a valid .docx"),
    ("odt that is not a zip", write("draft.odt", b"plain text, renamed"), "not a valid .odt"),
    (
        "docx without its document",
        write("draft.docx", zip_of(**{"[Content_Types].xml": "<Types/>"})),
        "word/document.xml is missing",
    ),
    ("odt without its content", write("draft.odt", zip_of(mimetype="x")), "content.xml is missing"),
    (
        "encrypted Office file",
        write("draft.docx", bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 512),
        "password-protected",
    ),
    ("encrypted odt", encrypted_odt, "password-protected"),
    ("XML with an entity bomb", entity_bomb, "damaged"),
    ("Markdown in Latin-1", write("draft.md", "Line one\nSiân\n".encode("latin-1")), "UTF-8"),
    ("empty Markdown", write("draft.md", b"---\ntitle: x\n---\n\n<!-- note -->\n"), "no words"),
    ("picture-only docx", lambda p: build(p, "![](photo.png)\n", "draft.docx"), "no words"),
    ("old Word format", write("draft.doc", b"anything"), "cannot read a .doc"),
    ("missing draft", lambda p: p / "draft.docx", "not found"),
]


def earlier_good_run(tmp_path: Path) -> dict[str, bytes]:
    out = tmp_path / "build"
    out.mkdir()
    files = {"draft.md": b"# Earlier good draft\n", "ingest-report.md": b"# Earlier report\n"}
    for name, data in files.items():
        (out / name).write_bytes(data)
    return files


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


@pytest.mark.parametrize(("case", "make", "says"), BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS])
def test_bad_input_fails_clearly_and_changes_nothing(
    tmp_path: Path, case: str, make: Callable[[Path], Path], says: str
) -> None:
    draft = make(tmp_path)
    earlier = earlier_good_run(tmp_path)
    with pytest.raises(InputError) as caught:
        ingest_draft(draft=draft, out_dir=tmp_path / "build")
    assert says in str(caught.value)
    assert caught.value.file == draft  # names the file
    assert caught.value.fix
    assert files_in(tmp_path / "build") == earlier


def test_non_utf8_markdown_names_the_line(tmp_path: Path) -> None:
    draft = write("draft.md", "Line one\nLine two\nSiân\n".encode("latin-1"))(tmp_path)
    with pytest.raises(InputError) as caught:
        ingest_draft(draft=draft, out_dir=tmp_path / "build")
    assert caught.value.line == 3
    assert not (tmp_path / "build").exists()


def test_password_message_says_how_to_remove_it(tmp_path: Path) -> None:
    draft = write("draft.docx", bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 512)(tmp_path)
    with pytest.raises(InputError) as caught:
        ingest_draft(draft=draft, out_dir=tmp_path / "build")
    assert "File > Info > Protect Document" in caught.value.fix
    assert "save as .docx" in caught.value.fix


def test_pandoc_failure_is_a_tool_error_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text("Some text.\n", encoding="utf-8")
    earlier = earlier_good_run(tmp_path)
    fake = tmp_path / "fake-pandoc"
    fake.write_text("#!/bin/sh\necho 'pandoc: internal error' >&2\nexit 83\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(pandoc, "pandoc_path", lambda: fake)
    with pytest.raises(ToolError) as caught:
        ingest_draft(draft=draft, out_dir=tmp_path / "build")
    assert "exit status 83" in str(caught.value)
    assert "draft.md" in str(caught.value)
    assert files_in(tmp_path / "build") == earlier


# --- packages written by other tools ---------------------------------------------------


def _rename_main_part(path: Path, new: str) -> Path:
    """Move word/document.xml to `new`, as some tools name it, with its relationships."""
    with zipfile.ZipFile(path) as old:
        items = {info.filename: old.read(info) for info in old.infolist()}
    items[new] = items.pop("word/document.xml")
    folder, _, name = new.rpartition("/")
    if "word/_rels/document.xml.rels" in items:
        items[f"{folder}/_rels/{name}.rels"] = items.pop("word/_rels/document.xml.rels")
    for part in ("_rels/.rels", "[Content_Types].xml"):
        items[part] = (
            items[part]
            .replace(b"/word/document.xml", b"/" + new.encode())
            .replace(b'Target="word/document.xml"', b'Target="' + new.encode() + b'"')
        )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for part, data in items.items():
            out.writestr(part, data)
    return path


def test_a_docx_whose_main_part_has_another_name_is_read(tmp_path: Path) -> None:
    draft = _rename_main_part(
        build(tmp_path, "A fictional paragraph about Heledd.\n", "draft.docx"), "word/main.xml"
    )
    result, text, _ = ingest(tmp_path, draft)
    assert "A fictional paragraph about Heledd." in text
    assert result.words > 0


def test_word_headers_and_footers_are_listed_in_the_report(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("Body text of a fictional draft.")
    section = document.sections[0]
    section.header.paragraphs[0].text = "DRAFT 2 for Bethan Fictional only"
    section.footer.paragraphs[0].text = "Prepared by Ieuan Fictional"
    path = tmp_path / "draft.docx"
    document.save(str(path))
    _, text, report = ingest(tmp_path, path)
    assert "Bethan Fictional" not in text and "Ieuan Fictional" not in text
    assert "Headers and footers removed" in report
    assert "Bethan Fictional" in report and "Ieuan Fictional" in report


def test_odt_text_hidden_by_its_style_is_flagged(tmp_path: Path) -> None:
    hidden_style = (
        '<style:style style:name="Secret" style:family="text">'
        '<style:text-properties text:display="none"/></style:style>'
    )
    path = edit_zip(
        build(tmp_path, "Visible sentence.\n\nAnchor paragraph.\n", "draft.odt"),
        {
            "content.xml": lambda xml: xml.replace(
                "</office:automatic-styles>", hidden_style + "</office:automatic-styles>"
            ).replace(
                ">Anchor paragraph.</text:p>",
                '>Anchor <text:span text:style-name="Secret">Nia Cudd</text:span>.</text:p>',
            )
        },
    )
    _, _, report = ingest(tmp_path, path)
    assert "Hidden text KEPT" in report and "Nia Cudd" in report
