"""Ingest: the reviewer's draft (docx, odt, md) to normalised Markdown, hidden content reported.

Every draft goes the same way: pandoc reads it into its document tree (JSON), the tree is
cleaned (images, raw HTML, comments, metadata and attributes out; spans unwrapped; table
cells flattened so every table stays a pipe table), and pandoc writes it back as Markdown
with `--wrap=none`, so no name is ever split across lines.

Hidden content never passes silently: Word and LibreOffice comments, tracked changes,
document properties and embedded images are read straight from the package's XML,
listed in `ingest-report.md` (confidential, for the reviewer) and kept out of `draft.md`.
Tracked changes are accepted. Nothing is written unless the whole run succeeds.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET  # only after _refuse_dtd: see _xml
from xml.parsers import expat

from pipeline.errors import InputError
from pipeline.fileio import atomic_write_text, sha256_bytes
from pipeline.pandoc import run_pandoc
from pipeline.yamlio import read_text_utf8

DRAFT_NAME = "draft.md"
REPORT_NAME = "ingest-report.md"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted OOXML and old .doc files
MAX_PART_BYTES = 64 * 1024 * 1024  # a larger XML part is a zip bomb, not a report

READERS: dict[str, list[str]] = {
    ".docx": ["-f", "docx", "--track-changes=accept"],
    ".odt": ["-f", "odt"],
    ".md": ["-f", "markdown"],
}
# Pipe tables only (cells are flattened to one line, so they always fit); nothing that
# could carry raw HTML, attributes or hidden spans.
# fmt: off
WRITER = "markdown" + "".join(f"-{ext}" for ext in (
    "simple_tables", "multiline_tables", "grid_tables", "raw_html", "raw_attribute",
    "native_divs", "native_spans", "bracketed_spans", "fenced_divs", "link_attributes",
    "header_attributes", "inline_code_attributes", "fenced_code_attributes",
))
# fmt: on
PACKAGE_PART = {".docx": "word/document.xml", ".odt": "content.xml"}
MEDIA_PREFIXES = {".docx": ("word/media/", "word/embeddings/"), ".odt": ("Pictures/", "Object ")}
# Properties that say nothing about anyone; every other one is reported (fail closed).
# fmt: off
DULL_PROPERTIES = frozenset((
    "created", "modified", "revision", "lastPrinted", "Template", "TotalTime", "Pages",
    "Words", "Characters", "Application", "DocSecurity", "Lines", "Paragraphs", "ScaleCrop",
    "LinksUpToDate", "CharactersWithSpaces", "SharedDoc", "HyperlinksChanged", "AppVersion",
    "HeadingPairs", "generator", "creation-date", "date", "editing-cycles",
    "editing-duration", "document-statistic", "print-date", "template",
))
# fmt: on
# pandoc's docx reader turns paragraphs in these styles into metadata; they are visible
# text of the report, so they go back at the top in this order.
DOCX_TITLE_KEYS = ("title", "subtitle", "author", "date", "abstract")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
DC = "{http://purl.org/dc/elements/1.1/}"
META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"


@dataclass(frozen=True)
class Comment:
    """A reviewer's comment, removed from the draft."""

    author: str
    text: str


@dataclass(frozen=True)
class Change:
    """A tracked change, accepted: `kind` is insertion or deletion."""

    kind: str
    author: str
    text: str


@dataclass(frozen=True)
class Property:
    """A document property or front-matter key, never copied into the draft."""

    part: str
    name: str
    value: str


@dataclass(frozen=True)
class Hidden:
    """Everything found in the draft that a reader of the text would not see."""

    comments: tuple[Comment, ...] = ()
    changes: tuple[Change, ...] = ()
    properties: tuple[Property, ...] = ()
    media: tuple[str, ...] = ()
    images: tuple[str, ...] = ()
    html_comments: tuple[str, ...] = ()
    raw_fragments: int = 0
    vanished: tuple[str, ...] = ()


@dataclass(frozen=True)
class IngestResult:
    """What ingest wrote and what it removed (counts only: no document text)."""

    source: Path
    draft_md: Path
    report: Path
    source_sha256: str
    draft_sha256: str
    comments_removed: int
    insertions_accepted: int
    deletions_accepted: int
    properties_found: int
    images_removed: int
    html_comments_removed: int
    hidden_text_kept: int
    words: int


def ingest_draft(*, draft: Path, out_dir: Path) -> IngestResult:
    """Convert a draft to `out_dir/draft.md` and report its hidden content.

    Args:
        draft: the reviewer's .docx, .odt or .md file.
        out_dir: the review's build folder; `draft.md` and `ingest-report.md` go here.

    Returns:
        The paths written, the hashes, and how much hidden content was removed.

    Raises:
        InputError: the draft is missing, damaged, password-protected, not UTF-8, or
            has no words; nothing is written.
        ToolError: pandoc is missing or failed; nothing is written.
    """
    suffix = draft.suffix.lower()
    if suffix not in READERS:
        raise InputError(
            f"cannot read a {suffix or 'suffix-less'} file as a draft",
            file=draft,
            fix="save the draft as .docx (Word), .odt (LibreOffice) or .md (Markdown)",
        )
    if not draft.is_file():
        raise InputError("draft not found", file=draft, fix="put the draft file there")
    data = draft.read_bytes()
    if suffix == ".md":
        text = read_text_utf8(draft, what="draft")
        package = Hidden()
        tree = _pandoc_json(READERS[suffix], draft, input_text=text)
    else:
        package = _read_package(draft, data, suffix)
        tree = _pandoc_json(READERS[suffix], draft, input_bytes=data)
    blocks, found = _clean(tree, draft_kind=suffix)
    words = _count_words(blocks)
    if words == 0:
        raise InputError(
            "the draft has no words after conversion",
            file=draft,
            fix="check this is the right file and that the text is not only in text boxes, "
            "headers or pictures; then save it again",
        )
    tree["meta"] = {}
    markdown = run_pandoc(
        ["-f", "json", "-t", WRITER, "--wrap=none"],
        input_text=json.dumps(tree | {"blocks": blocks}),
        what=f"write {draft.name} as Markdown",
    )
    hidden = Hidden(
        comments=package.comments,
        changes=package.changes,
        properties=package.properties + found.properties,
        media=package.media,
        images=found.images,
        html_comments=found.html_comments,
        raw_fragments=found.raw_fragments,
        vanished=package.vanished,
    )
    source_sha = sha256_bytes(data)
    report = render_report(source=draft, source_sha256=source_sha, hidden=hidden, words=words)
    out_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_text(out_dir / REPORT_NAME, report)
    atomic_write_text(out_dir / DRAFT_NAME, markdown)
    return IngestResult(
        source=draft,
        draft_md=out_dir / DRAFT_NAME,
        report=out_dir / REPORT_NAME,
        source_sha256=source_sha,
        draft_sha256=sha256_bytes(markdown.encode("utf-8")),
        comments_removed=len(hidden.comments),
        insertions_accepted=sum(c.kind == "insertion" for c in hidden.changes),
        deletions_accepted=sum(c.kind == "deletion" for c in hidden.changes),
        properties_found=len(hidden.properties),
        images_removed=max(len(hidden.images), len(hidden.media)),
        html_comments_removed=len(hidden.html_comments),
        hidden_text_kept=len(hidden.vanished),
        words=words,
    )


def _pandoc_json(
    reader: list[str],
    draft: Path,
    *,
    input_text: str | None = None,
    input_bytes: bytes | None = None,
) -> dict[str, Any]:
    """The draft as pandoc's JSON document tree (input on stdin: no temporary copies)."""
    out = run_pandoc(
        [*reader, "-t", "json"],
        input_text=input_text,
        input_bytes=input_bytes,
        what=f"read {draft.name}",
    )
    return json.loads(out)


# --- the package: docx and odt parts ---------------------------------------------------


def _read_package(draft: Path, data: bytes, suffix: str) -> Hidden:
    """Check a docx/odt package opens, and read its comments, changes, properties, media."""
    if data.startswith(OLE_MAGIC):
        raise InputError(
            "the draft is password-protected (or an old .doc file)",
            file=draft,
            fix="remove the password in Word (File > Info > Protect Document) and save as .docx",
        )
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError(
            f"the draft is not a valid {suffix} file (it does not open as a package)",
            file=draft,
            fix=f"open it in Word or LibreOffice and save it again as {suffix}",
        ) from None
    with package:
        names = package.namelist()
        if PACKAGE_PART[suffix] not in names:
            raise InputError(
                f"the draft is not a valid {suffix} file ({PACKAGE_PART[suffix]} is missing)",
                file=draft,
                fix=f"open it in Word or LibreOffice and save it again as {suffix}",
            )
        media = tuple(
            sorted(n for n in names if n.startswith(MEDIA_PREFIXES[suffix]) and not n.endswith("/"))
        )
        if suffix == ".docx":
            return _docx_hidden(package, draft, names, media)
        return _odt_hidden(package, draft, names, media)


def _docx_hidden(
    package: zipfile.ZipFile, draft: Path, names: list[str], media: tuple[str, ...]
) -> Hidden:
    comments: list[Comment] = []
    if "word/comments.xml" in names:
        for c in _xml(package, "word/comments.xml", draft).iter(f"{W}comment"):
            comments.append(Comment(c.get(f"{W}author", ""), _paragraphs(c, f"{W}p")))
    changes: list[Change] = []
    vanished: list[str] = []
    for part in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml"):
        if part not in names:
            continue
        root = _xml(package, part, draft)
        # Word's hidden text (Font > Hidden) is not shown, but pandoc keeps it: say so.
        for run in root.iter(f"{W}r"):
            flag = run.find(f"{W}rPr/{W}vanish")
            if flag is not None and flag.get(f"{W}val", "true") not in ("false", "0", "off"):
                vanished.append(_joined(run, f"{W}t"))
        for el in root.iter():
            if el.tag in (f"{W}ins", f"{W}moveTo"):
                kind, text = "insertion", _joined(el, f"{W}t")
            elif el.tag in (f"{W}del", f"{W}moveFrom"):
                kind, text = "deletion", _joined(el, f"{W}t", f"{W}delText")
            else:
                continue
            if text.strip():  # a changed paragraph mark or row carries no text
                changes.append(Change(kind, el.get(f"{W}author", ""), text))
    properties: list[Property] = []
    for part in ("docProps/core.xml", "docProps/app.xml"):
        if part in names:
            for el in _xml(package, part, draft):
                properties += _property(part, _local(el.tag), el)
    if "docProps/custom.xml" in names:
        for el in _xml(package, "docProps/custom.xml", draft):
            properties += _property("docProps/custom.xml", el.get("name", "?"), el)
    return Hidden(
        tuple(comments),
        tuple(changes),
        tuple(properties),
        media,
        vanished=tuple(v for v in vanished if v.strip()),
    )


def _odt_hidden(
    package: zipfile.ZipFile, draft: Path, names: list[str], media: tuple[str, ...]
) -> Hidden:
    if "META-INF/manifest.xml" in names:
        manifest = _xml(package, "META-INF/manifest.xml", draft)
        if any(_local(el.tag) == "encryption-data" for el in manifest.iter()):
            raise InputError(
                "the draft is password-protected",
                file=draft,
                fix="open it in LibreOffice, save a copy without 'Save with password' "
                "(File > Save As), and use that copy",
            )
    content = _xml(package, "content.xml", draft)
    comments = tuple(
        Comment(_joined(a, f"{DC}creator"), _paragraphs(a, f"{TEXT}p"))
        for a in content.iter(f"{OFFICE}annotation")
    )
    inserted = _odt_inserted_text(content)
    changes: list[Change] = []
    for region in content.iter(f"{TEXT}changed-region"):
        region_id = region.get(f"{TEXT}id") or region.get(
            "{http://www.w3.org/XML/1998/namespace}id"
        )
        for el in region:
            author = _joined(el, f"{DC}creator")
            if el.tag == f"{TEXT}insertion":
                changes.append(Change("insertion", author, inserted.get(region_id or "", "")))
            elif el.tag == f"{TEXT}deletion":
                changes.append(Change("deletion", author, _paragraphs(el, f"{TEXT}p", f"{TEXT}h")))
    properties: list[Property] = []
    if "meta.xml" in names:
        for block in _xml(package, "meta.xml", draft).iter(f"{OFFICE}meta"):
            for el in block:
                name = el.get(f"{META}name") or _local(el.tag)
                properties += _property("meta.xml", name, el)
    return Hidden(comments, tuple(changes), tuple(properties), media)


def _odt_inserted_text(content: ET.Element) -> dict[str, str]:
    """Text between each `text:change-start` and its `text:change-end`, by change id."""
    texts: dict[str, list[str]] = {}
    active: set[str] = set()

    def add(text: str | None) -> None:
        for change_id in active:
            texts.setdefault(change_id, []).append(text or "")

    def walk(el: ET.Element) -> None:
        if el.tag == f"{TEXT}change-start":
            active.add(el.get(f"{TEXT}change-id", ""))
        elif el.tag == f"{TEXT}change-end":
            active.discard(el.get(f"{TEXT}change-id", ""))
        elif el.tag not in (f"{TEXT}tracked-changes", f"{OFFICE}annotation"):
            add(" " if el.tag == f"{TEXT}s" else el.text)
            for child in el:
                walk(child)
                add(child.tail)
            if el.tag in (f"{TEXT}p", f"{TEXT}h"):
                add(" ")

    walk(content)
    return {k: " ".join("".join(v).split()) for k, v in texts.items()}


def _property(part: str, name: str, el: ET.Element) -> list[Property]:
    value = " ".join("".join(el.itertext()).split())
    if not value or name in DULL_PROPERTIES:
        return []
    return [Property(part, name, value)]


def _xml(package: zipfile.ZipFile, name: str, draft: Path) -> ET.Element:
    """Parse one XML part; no DTD (so no entity of any kind) is ever processed."""
    damaged = InputError(
        f"the draft is damaged: {name} cannot be read",
        file=draft,
        fix="open it in Word or LibreOffice and save it again",
    )
    if package.getinfo(name).file_size > MAX_PART_BYTES:
        raise damaged
    try:
        data = package.read(name)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, ValueError):
        raise damaged from None
    _refuse_dtd(data, damaged)
    try:
        return ET.fromstring(data)
    except ET.ParseError:
        raise damaged from None


class _DtdFound(Exception):
    pass


def _refuse_dtd(data: bytes, damaged: InputError) -> None:
    # Office parts never declare a DTD; one that does is hostile (entity expansion,
    # external entities), so stop at the declaration before anything is expanded.
    parser = expat.ParserCreate()

    def stop(*_: object) -> None:
        raise _DtdFound

    parser.StartDoctypeDeclHandler = stop
    parser.EntityDeclHandler = stop
    try:
        parser.Parse(data, True)
    except (_DtdFound, expat.ExpatError):
        raise damaged from None


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _joined(el: ET.Element, *tags: str) -> str:
    return "".join(t.text or "" for t in el.iter() if t.tag in tags)


def _paragraphs(el: ET.Element, *tags: str) -> str:
    paras = (" ".join("".join(p.itertext()).split()) for p in el.iter() if p.tag in tags)
    return " / ".join(p for p in paras if p)


# --- the document tree -----------------------------------------------------------------


@dataclass
class _Found:
    properties: tuple[Property, ...] = ()
    images: tuple[str, ...] = ()
    html_comments: tuple[str, ...] = ()
    raw_fragments: int = 0


def _clean(tree: dict[str, Any], *, draft_kind: str) -> tuple[list[Any], _Found]:
    """The cleaned blocks of a pandoc tree, and what was taken out."""
    found = _Found()
    meta: dict[str, Any] = tree.get("meta", {})
    front: list[Any] = []
    if draft_kind == ".docx":
        front = _title_blocks(meta)
        meta = {k: v for k, v in meta.items() if k not in DOCX_TITLE_KEYS}
    part = "front matter" if draft_kind == ".md" else "pandoc metadata"
    found.properties = tuple(Property(part, k, _plain(v)) for k, v in meta.items())
    return _walk(front + tree["blocks"], found), found


def _title_blocks(meta: dict[str, Any]) -> list[Any]:
    blocks: list[Any] = []
    for key in DOCX_TITLE_KEYS:
        value = meta.get(key)
        items = value["c"] if value and value["t"] == "MetaList" else [value] if value else []
        for item in items:
            if item["t"] == "MetaBlocks":
                blocks += item["c"]
            elif item["t"] == "MetaInlines":
                para = {"t": "Para", "c": item["c"]}
                blocks.append(
                    {"t": "Header", "c": [1, ["", [], []], item["c"]]} if key == "title" else para
                )
    return blocks


def _walk(value: Any, found: _Found) -> Any:
    if isinstance(value, list):
        out: list[Any] = []
        for item in value:
            if isinstance(item, dict) and "t" in item:
                out += _node(item, found)
            else:
                out.append(_walk(item, found))
        return out
    return value


def _node(node: dict[str, Any], found: _Found) -> list[Any]:
    """One node cleaned: a list, because a node may vanish or be replaced by its content."""
    kind, c = node["t"], node.get("c")
    if kind in ("RawBlock", "RawInline"):
        if c[0] == "html" and c[1].lstrip().startswith("<!--"):
            body = c[1].strip().removeprefix("<!--").removesuffix("-->")
            found.html_comments += (" ".join(body.split()),)
        else:
            found.raw_fragments += 1
        return []
    if kind == "Image":
        alt = _plain({"t": "MetaInlines", "c": c[1]})
        found.images += (c[2][0] + (f" (alt text: {alt})" if alt else ""),)
        return []
    if kind == "Figure":  # keep the caption's text, lose the picture
        return _walk(c[1][1], found) + _walk(c[2], found)
    if kind in ("Span", "Div"):
        return _walk(c[1], found)
    if kind in ("Underline", "SmallCaps"):
        return _walk(c, found)
    if kind == "SoftBreak":
        return [{"t": "Space"}]
    if kind in ("Header", "Link", "Code", "CodeBlock"):
        i = 1 if kind == "Header" else 0
        c = [*c[:i], ["", [], []], *c[i + 1 :]]
    cleaned = {"t": kind, "c": _walk(c, found)} if "c" in node else {"t": kind}
    if kind in ("Para", "Plain") and not any(i["t"] != "Space" for i in cleaned["c"]):
        return []
    if kind == "Table":
        _flatten_cells(cleaned["c"])
    return [cleaned]


def _flatten_cells(value: Any) -> None:
    """Make every table cell one line of text, so pandoc can write a pipe table."""
    if isinstance(value, list):
        # A cell is [attr, alignment, rowspan, colspan, blocks].
        if (
            len(value) == 5
            and isinstance(value[1], dict)
            and str(value[1].get("t")).startswith("Align")
        ):
            runs = _inline_runs(value[4])
            inlines: list[Any] = []
            for run in runs:
                inlines += ([{"t": "Space"}] if inlines else []) + run
            breaks = ("LineBreak", "SoftBreak")
            inlines = [{"t": "Space"} if i["t"] in breaks else i for i in inlines]
            value[4] = [{"t": "Plain", "c": inlines}] if inlines else []
            return
        for item in value:
            _flatten_cells(item)


def _inline_runs(value: Any) -> list[list[Any]]:
    """The inline content of every paragraph-like block under `value`, in order."""
    if isinstance(value, dict) and "t" in value:
        kind, c = value["t"], value.get("c")
        if kind in ("Para", "Plain"):
            return [c]
        if kind == "Header":
            return [c[2]]
        if kind == "CodeBlock":
            return [[{"t": "Str", "c": c[1]}]]
        if kind == "LineBlock":
            return list(c)
        value = c
    if isinstance(value, list):
        return [run for item in value for run in _inline_runs(item)]
    return []


def _plain(value: Any) -> str:
    """Plain text of a tree fragment or metadata value."""
    if isinstance(value, list):
        return "".join(_plain(v) for v in value)
    if not isinstance(value, dict):
        return ""
    kind, c = value.get("t"), value.get("c")
    if kind in ("Str", "MetaString"):
        return c
    if kind in ("Space", "SoftBreak", "LineBreak"):
        return " "
    if kind == "MetaBool":
        return str(c).lower()
    if kind in ("Code", "Math"):
        return c[1]
    if kind == "MetaList":
        return "; ".join(_plain(v) for v in c)
    if kind == "MetaMap":
        return ", ".join(f"{k}: {_plain(v)}" for k, v in c.items())
    if kind in ("Para", "Plain", "Header"):
        return _plain(c) + " "
    return _plain(c)


def _count_words(value: Any) -> int:
    if isinstance(value, list):
        return sum(_count_words(v) for v in value)
    if isinstance(value, dict):
        if value.get("t") == "Str":
            return 1 if re.search(r"\w", value["c"]) else 0
        return _count_words(value.get("c"))
    return 0


# --- the report ------------------------------------------------------------------------


def render_report(*, source: Path, source_sha256: str, hidden: Hidden, words: int) -> str:
    """The reviewer's report of what ingest removed or accepted (quotes hidden content)."""
    lines = [
        f"# Ingest report: {source.name}",
        "",
        "Confidential: this report quotes hidden content of the draft. Keep it in build/; "
        "never publish or share it.",
        "",
        f"- Source: `{source.name}`",
        f"- SHA-256: `{source_sha256}`",
        f"- Converted to `{DRAFT_NAME}`: {words} words",
        "",
    ]
    sections: list[tuple[str, list[str]]] = [
        ("Comments removed", [f"**{_q(c.author)}**: {_q(c.text)}" for c in hidden.comments]),
        (
            "Tracked changes accepted",
            [
                f"{c.kind.capitalize()} by **{_q(c.author)}**: "
                + ("(deleted, not in the draft) " if c.kind == "deletion" else "")
                + _q(c.text)
                for c in hidden.changes
            ],
        ),
        (
            "Document properties and metadata (not copied into the draft)",
            [f"{p.part} `{p.name}`: {_q(p.value)}" for p in hidden.properties],
        ),
        ("Embedded files removed", [f"`{m}`" for m in hidden.media]),
        ("Images removed from the text", [_q(i) for i in hidden.images]),
        ("HTML comments removed", [_q(h) for h in hidden.html_comments]),
        (
            "Hidden text KEPT in the draft: delete it in Word if it must not be published",
            [_q(v) for v in hidden.vanished],
        ),
    ]
    if hidden.raw_fragments:
        sections.append(
            ("Raw HTML or other raw markup removed", [f"{hidden.raw_fragments} fragment(s)"])
        )
    shown = [(title, items) for title, items in sections if items]
    if not shown:
        lines += [
            "No hidden content was found: no comments, tracked changes, document properties, "
            "images, front matter or HTML comments.",
            "",
        ]
    for title, items in shown:
        lines += [f"## {title} ({len(items)})", ""]
        lines += [f"{n}. {item}" for n, item in enumerate(items, 1)] + [""]
    return "\n".join(lines)


def _q(text: str) -> str:
    """Hidden text quoted on one report line, Markdown characters escaped."""
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", " ".join(text.split())) or "(empty)"
