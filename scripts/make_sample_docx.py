"""Build the fictional sample Word draft `drafts/nwsb-2025-01/draft.docx`.

The Markdown source `scripts/samples/nwsb-2025-01.md` goes through pandoc, then the docx is
edited so that it carries the hidden content a real reviewer's draft often does, and which
`cpr ingest` must report and remove:

1. a Word comment whose author and text name people;
2. a tracked change: one insertion and one deletion (the deletion holds a name);
3. document properties: creator, last editor and company.

Every person named here is fictional. The output is byte-for-byte reproducible: zip entry
times, XML timestamps and entry order are fixed, so re-running leaves git clean.

Run from the repository root:  .venv/bin/python scripts/make_sample_docx.py
"""

from __future__ import annotations

import io
import re
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import pypandoc

from pipeline.store.fileio import atomic_write_bytes

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "scripts" / "samples" / "nwsb-2025-01.md"
OUTPUT = ROOT / "drafts" / "nwsb-2025-01" / "draft.docx"

# One fixed moment for every timestamp, so the bytes never depend on when the script ran.
FIXED_ZIP_TIME = (2024, 10, 28, 9, 30, 0)
CREATED = "2024-07-03T08:15:00Z"
MODIFIED = "2024-10-28T09:30:00Z"

# The hidden content, all fictional.
CREATOR = "Catrin Moelwyn"
LAST_MODIFIED_BY = "Lowri Penrhos"
COMPANY = "Penrhos Review Associates Ltd"

COMMENT_AUTHOR = "Nerys Penmon"
COMMENT_INITIALS = "NP"
COMMENT_DATE = "2024-10-25T14:02:00Z"
COMMENT_ANCHOR = "drew a picture for the reviewers"
COMMENT_TEXT = (
    "Please check with Hope Jenkins that she is content for Seren's picture to be "
    "mentioned here before this goes to the panel."
)

CHANGE_AUTHOR = "Lowri Penrhos"
CHANGE_DATE = "2024-10-28T09:20:00Z"
DELETED = "Dean Maddox was known to police in Merseyside and North Wales."
INSERTED = "The driver was known to police on both sides of the border."

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
COMMENTS_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_CONTENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
)

# One run of plain text as pandoc writes it: optional run properties, then one w:t.
RUN = re.compile(
    r"<w:r>(?P<rpr>(?:<w:rPr>.*?</w:rPr>)?)<w:t xml:space=\"preserve\">(?P<text>[^<]*)</w:t></w:r>"
)


@dataclass(frozen=True)
class SplitRun:
    """A pandoc run cut around one phrase: the run properties and the text either side."""

    rpr: str
    before: str
    after: str
    span: tuple[int, int]


def _run(rpr: str, text: str, tag: str = "w:t") -> str:
    if not text:
        return ""
    return f'<w:r>{rpr}<{tag} xml:space="preserve">{text}</{tag}></w:r>'


def _split_run(document: str, phrase: str) -> SplitRun:
    """Find the one run that contains `phrase` and return the pieces around it."""
    target = escape(phrase)
    hits = [m for m in RUN.finditer(document) if target in m.group("text")]
    if len(hits) != 1:
        sys.exit(
            f"make_sample_docx: expected one run containing a marker phrase, found {len(hits)}; "
            f"keep the phrase on one line of {SOURCE.name}"
        )
    match = hits[0]
    before, _, after = match.group("text").partition(target)
    return SplitRun(match.group("rpr"), before, after, match.span())


def add_tracked_change(document: str) -> str:
    """Replace DELETED by INSERTED as a tracked change (w:del followed by w:ins)."""
    cut = _split_run(document, DELETED)
    attrs = f'w:author="{CHANGE_AUTHOR}" w:date="{CHANGE_DATE}"'
    change = (
        _run(cut.rpr, cut.before)
        + f'<w:del w:id="9001" {attrs}>{_run(cut.rpr, escape(DELETED), "w:delText")}</w:del>'
        + f'<w:ins w:id="9002" {attrs}>{_run(cut.rpr, escape(INSERTED))}</w:ins>'
        + _run(cut.rpr, cut.after)
    )
    start, end = cut.span
    return document[:start] + change + document[end:]


def add_comment_anchor(document: str) -> str:
    """Mark COMMENT_ANCHOR as the range of comment 0 and add its reference run."""
    cut = _split_run(document, COMMENT_ANCHOR)
    anchored = (
        _run(cut.rpr, cut.before)
        + '<w:commentRangeStart w:id="0" />'
        + _run(cut.rpr, escape(COMMENT_ANCHOR))
        + '<w:commentRangeEnd w:id="0" />'
        + '<w:r><w:commentReference w:id="0" /></w:r>'
        + _run(cut.rpr, cut.after)
    )
    start, end = cut.span
    return document[:start] + anchored + document[end:]


def comments_xml() -> str:
    """The comments part holding the one comment."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:comments xmlns:w="{W_NS}">'
        f'<w:comment w:id="0" w:author="{COMMENT_AUTHOR}" w:date="{COMMENT_DATE}" '
        f'w:initials="{COMMENT_INITIALS}">'
        f'<w:p><w:r><w:t xml:space="preserve">{escape(COMMENT_TEXT)}</w:t></w:r></w:p>'
        "</w:comment></w:comments>"
    )


def ensure_comments_relationship(rels: str) -> str:
    """Add the document-to-comments relationship unless pandoc already wrote one."""
    if COMMENTS_REL_TYPE in rels:
        return rels
    rel = f'<Relationship Type="{COMMENTS_REL_TYPE}" Id="rIdComments" Target="comments.xml" />'
    return rels.replace("</Relationships>", rel + "</Relationships>")


def ensure_comments_content_type(types: str) -> str:
    """Declare the comments part's content type unless it is already declared."""
    if 'PartName="/word/comments.xml"' in types:
        return types
    override = f'<Override PartName="/word/comments.xml" ContentType="{COMMENTS_CONTENT_TYPE}" />'
    return types.replace("</Types>", override + "</Types>")


def core_xml() -> str:
    """Core properties with a fictional creator and last editor, at fixed times."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        "<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:title>NWSB 1/2025 draft report</dc:title>"
        f"<dc:creator>{CREATOR}</dc:creator>"
        f"<cp:lastModifiedBy>{LAST_MODIFIED_BY}</cp:lastModifiedBy>"
        "<cp:revision>7</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{CREATED}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{MODIFIED}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def add_company(app: str) -> str:
    """Set the Company extended property."""
    app = re.sub(r"\s*<Company>.*?</Company>", "", app, flags=re.S)
    return app.replace("</Properties>", f"  <Company>{COMPANY}</Company>\n</Properties>")


def pandoc_docx(source: Path) -> bytes:
    """Convert the Markdown source to docx with pandoc and return the bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "draft.docx"
        pypandoc.convert_file(str(source), "docx", format="markdown", outputfile=str(out))
        return out.read_bytes()


def edit_parts(parts: dict[str, bytes]) -> dict[str, bytes]:
    """Apply every hidden-content edit to the docx parts."""
    edited = dict(parts)
    document = parts["word/document.xml"].decode("utf-8")
    document = add_comment_anchor(add_tracked_change(document))
    edited["word/document.xml"] = document.encode("utf-8")
    edited["word/comments.xml"] = comments_xml().encode("utf-8")
    rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
    edited["word/_rels/document.xml.rels"] = ensure_comments_relationship(rels).encode("utf-8")
    types = parts["[Content_Types].xml"].decode("utf-8")
    edited["[Content_Types].xml"] = ensure_comments_content_type(types).encode("utf-8")
    edited["docProps/core.xml"] = core_xml().encode("utf-8")
    edited["docProps/app.xml"] = add_company(parts["docProps/app.xml"].decode("utf-8")).encode(
        "utf-8"
    )
    return edited


def write_zip(parts: dict[str, bytes]) -> bytes:
    """Zip the parts with fixed metadata; [Content_Types].xml first, then in pandoc's order."""
    order = ["[Content_Types].xml"] + [name for name in parts if name != "[Content_Types].xml"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            archive.writestr(info, parts[name], compresslevel=6)
    return buffer.getvalue()


def build(source: Path = SOURCE) -> bytes:
    """Build the sample docx bytes from the Markdown source."""
    with zipfile.ZipFile(io.BytesIO(pandoc_docx(source))) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    return write_zip(edit_parts(parts))


def main() -> None:
    """Write drafts/nwsb-2025-01/draft.docx."""
    data = build()
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(OUTPUT, data)
    print(f"wrote {OUTPUT.relative_to(ROOT)} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
