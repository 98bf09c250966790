"""Hidden content of Word and LibreOffice packages: comments, tracked changes, properties.

Read straight from the package's XML (pandoc does not report them), so that ingest can
list each one for the reviewer and keep it out of the normalised draft. XML that declares
a DTD is refused before parsing: no entity is ever expanded.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET  # only after _refuse_dtd: see _xml
from xml.parsers import expat

from pipeline.errors import InputError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted OOXML and old .doc files
MAX_PART_BYTES = 64 * 1024 * 1024  # a larger XML part is a zip bomb, not a report

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

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# Relationship types, by their last path segment (the namespace varies between the
# transitional and strict forms of OOXML).
MAIN_DOCUMENT = "officeDocument"
TEXT_PARTS = ("footnotes", "endnotes")
HEADER_FOOTER = ("header", "footer")
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
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
    # Invisible format characters removed from the text: (kind, count), never the text.
    format_chars: tuple[tuple[str, int], ...] = ()
    words_joined: int = 0  # words that formatting split ("To" + bold "mos"), joined
    # Text of Word headers and footers (pandoc drops them): listed, never in the draft.
    headers_footers: tuple[str, ...] = ()


def read_hidden(draft: Path, data: bytes, suffix: str) -> Hidden:
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
        main = _main_part(package, draft, names) if suffix == ".docx" else PACKAGE_PART[suffix]
        if main not in names:
            raise InputError(
                f"the draft is not a valid {suffix} file ({main} is missing)",
                file=draft,
                fix=f"open it in Word or LibreOffice and save it again as {suffix}",
            )
        media = tuple(
            sorted(n for n in names if n.startswith(MEDIA_PREFIXES[suffix]) and not n.endswith("/"))
        )
        if suffix == ".docx":
            return _docx_hidden(package, draft, names, media, main=main)
        return _odt_hidden(package, draft, names, media)


def _main_part(package: zipfile.ZipFile, draft: Path, names: list[str]) -> str:
    """The document's main part, as the package's relationships name it.

    Word writes it as word/document.xml, but any name is valid: the package's root
    relationships (`_rels/.rels`) say which part is the office document.
    """
    if "_rels/.rels" in names:
        for rel in _xml(package, "_rels/.rels", draft).iter(f"{RELS}Relationship"):
            if rel.get("Type", "").rsplit("/", 1)[-1] == MAIN_DOCUMENT:
                return rel.get("Target", "").lstrip("/")
    return PACKAGE_PART[".docx"]


def _related(
    package: zipfile.ZipFile, draft: Path, names: list[str], part: str
) -> dict[str, list[str]]:
    """The parts `part` relates to, by relationship type (comments, footnotes, header ...)."""
    folder, _, name = part.rpartition("/")
    rels = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
    found: dict[str, list[str]] = {}
    if rels not in names:
        return found
    for rel in _xml(package, rels, draft).iter(f"{RELS}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else _join(folder, target)
        found.setdefault(rel.get("Type", "").rsplit("/", 1)[-1], []).append(path)
    return found


def _join(folder: str, target: str) -> str:
    parts = [p for p in f"{folder}/{target}".split("/") if p not in ("", ".")]
    out: list[str] = []
    for p in parts:
        if p == "..":
            if out:
                out.pop()
        else:
            out.append(p)
    return "/".join(out)


def _docx_hidden(
    package: zipfile.ZipFile,
    draft: Path,
    names: list[str],
    media: tuple[str, ...],
    *,
    main: str = PACKAGE_PART[".docx"],
) -> Hidden:
    related = _related(package, draft, names, main)
    comments: list[Comment] = []
    for part in related.get("comments", []):
        if part not in names:
            continue
        for c in _xml(package, part, draft).iter(f"{W}comment"):
            comments.append(Comment(c.get(f"{W}author", ""), _paragraphs(c, f"{W}p")))
    changes: list[Change] = []
    vanished: list[str] = []
    text_parts = [main, *(p for kind in TEXT_PARTS for p in related.get(kind, []))]
    for part in text_parts:
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
    headers_footers = [
        _paragraphs(_xml(package, part, draft), f"{W}p")
        for kind in HEADER_FOOTER
        for part in related.get(kind, [])
        if part in names
    ]
    return Hidden(
        tuple(comments),
        tuple(changes),
        tuple(properties),
        media,
        vanished=tuple(v for v in vanished if v.strip()),
        headers_footers=tuple(sorted({h for h in headers_footers if h.strip()})),
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
    styles = [content] + ([_xml(package, "styles.xml", draft)] if "styles.xml" in names else [])
    return Hidden(
        comments,
        tuple(changes),
        tuple(properties),
        media,
        vanished=_odt_hidden_text(content, styles),
    )


def _odt_hidden_text(content: ET.Element, styles: list[ET.Element]) -> tuple[str, ...]:
    """Text a reader of the .odt does not see: hidden by its style, or hidden fields.

    A character or paragraph style whose text properties say `text:display="none"`
    hides the text it is applied to; pandoc keeps that text, so it is listed.
    """
    hidden_styles = {
        style.get(f"{STYLE}name", "")
        for root in styles
        for style in root.iter(f"{STYLE}style")
        for props in style.iter(f"{STYLE}text-properties")
        if props.get(f"{TEXT}display") == "none"
    }
    found: list[str] = []
    for el in content.iter():
        if el.tag in (f"{TEXT}span", f"{TEXT}p", f"{TEXT}h") and (
            el.get(f"{TEXT}style-name") in hidden_styles
        ):
            found.append(" ".join("".join(el.itertext()).split()))
        elif el.tag in (f"{TEXT}hidden-text", f"{TEXT}hidden-paragraph"):
            found.append(
                " ".join((el.get(f"{TEXT}string-value") or "".join(el.itertext())).split())
            )
    return tuple(v for v in found if v)


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
