"""The final gate: the built site and its downloads, read as a reader gets them.

Publishing checks the Markdown it writes; a reader sees something else: the rendered
page, what the browser shows of its attributes (titles, alt text, labels, the meta
description), the search index, the sitemap, and the text inside each download. This
module reads all of those from the built site and looks in them for every redacted
term, variant and form of every case-file identity of EVERY published review (a name
from review A must not appear on review B's page either), matching in the reader's
text form (`pipeline.text.normalise`: invisible characters removed, look-alike letters
folded, split words joined).

Publish runs `check_built_site` on the new build before it is swapped into place, so a
hit leaves the previous site as it was; submit runs `check_files` on its pack. A hit is
reported by file, entry number and type, never by value.

What is read, by file type:
- `.html`: the text of every element (script and style bodies excluded, JSON data
  scripts included), comments, and the attributes a browser shows or reads aloud
  (`title`, `alt`, `aria-label`, `placeholder`, `value`, a meta tag's `content`, a
  link's target);
- `.json` (search index, tags, config): every string, HTML in it read as above;
- `.xml` and feeds (sitemap, RSS, Atom), also inside `.gz`: the text of every element;
- `.docx`, `.odt` (and their templates): the text of every XML part of the package,
  the document, headers, footers, notes, comments and properties alike;
- `.pdf`: its text, through `pypdf` when installed; without it a PDF is refused;
- `.txt`, `.md`, `.csv`, `.yaml`: as they are.
Scripts, styles, images and fonts are the theme's own and are not read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import io
import json
import re
import zipfile
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote
from xml.etree import ElementTree

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipeline.errors import InputError, VerificationError
from pipeline.model.redaction_list import Entry
from pipeline.site.i18n import LANGS, long_date
from pipeline.site.meta import PublicMeta, all_meta
from pipeline.site.plan import load_plan
from pipeline.stages.review import Review, open_review
from pipeline.stages.verify import review_public, verify_text
from pipeline.store.workspace import Workspace

# Attributes whose values a reader sees (tooltips, alt text, form text) or hears (a
# screen reader), on any element.
SHOWN_ATTRIBUTES: tuple[str, ...] = (
    "title",
    "alt",
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "aria-placeholder",
    "aria-valuetext",
    "placeholder",
    "value",
    "label",
    "summary",
    "abbr",
    "download",
)
# Elements whose text a browser never shows (script: except data, read separately).
_HIDDEN_ELEMENTS = frozenset({"script", "style", "template"})
_DATA_SCRIPTS = frozenset({"application/json", "application/ld+json"})
# Elements that run inline with their neighbours: their text joins the text around it
# (a name split into "To<b>mos</b>" reads "Tomos"). Every other element is a break.
_INLINE_HTML = frozenset(
    {
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "cite",
        "code",
        "data",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "ins",
        "kbd",
        "mark",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
        "wbr",
        "-text",
    }
)
# Office XML elements that run inline (Word runs, ODF spans): joined like HTML's.
_INLINE_XML = frozenset(
    {
        "r",
        "t",
        "delText",
        "instrText",
        "ins",
        "del",
        "hyperlink",
        "smartTag",
        "fldSimple",
        "sdtContent",
        "span",
        "a",
        "s",
        "soft-page-break",
        "bookmark",
        "bookmark-start",
        "bookmark-end",
        "bookmarkStart",
        "bookmarkEnd",
        "proofErr",
        "rPr",
    }
)
# Attributes of office XML (by local name) that hold words a reader can see: an
# image's alt text (`descr`, `title`), a drawing's or bookmark's name.
SHOWN_XML_ATTRIBUTES = frozenset({"descr", "title", "name", "alt", "label", "description"})
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BREAKS = re.compile(r"[ \t\r\f\v]*\n\s*")
_SPACES = re.compile(r"[ \t\r\f\v]+")
PACKAGE_SUFFIXES = frozenset({".docx", ".odt", ".dotx", ".ott", ".docm"})
XML_SUFFIXES = frozenset({".xml", ".rss", ".atom", ".svg"})
TEXT_SUFFIXES = frozenset({".txt", ".md", ".csv", ".yaml", ".yml"})
MAX_FINDINGS = 40


@dataclass(frozen=True)
class ReviewTerms:
    """What must not appear anywhere on the site, from one published review."""

    review: Review
    entries: list[Entry]
    public: list[str]

    @property
    def ref(self) -> str:
        """The review's reference."""
        return self.review.ref


def terms_for(review: Review, entries: list[Entry] | None = None) -> ReviewTerms:
    """One review's list entries, case file and public terms (its list loaded if not given).

    Raises:
        InputError: the review's list or record cannot be loaded.
    """
    if entries is None:
        entries = review.load_list().model.entries
    return ReviewTerms(review=review, entries=entries, public=review_public(review))


def published_terms(ws: Workspace, source: Path, *, current: ReviewTerms) -> list[ReviewTerms]:
    """The terms of every review published in `source` (a published_site folder).

    `current` is the review being published (its approved list as the gate cleared it).

    Raises:
        InputError: a published review's record or list is missing or invalid: the site
            cannot be checked without it.
    """
    terms = [current]
    for ref in sorted(p.stem for p in (source / "data").glob("*.json")):
        if ref == current.ref:
            continue
        try:
            terms.append(terms_for(open_review(ws, ref)))
        except InputError as error:
            raise InputError(
                f"published review {ref} cannot be checked: {error.problem}",
                file=error.file,
                line=error.line,
                key=error.key,
                fix=f"restore drafts/{ref}/ and redaction_rules/{ref}.yaml (the site is "
                f"checked against every published review's list), then publish again",
            ) from None
    return terms


def structured_dates(*values: Any) -> list[str]:
    """Every date in structured data, written as the site writes it in each language.

    Dates the site renders from structured fields (process dates, deadlines, the plan's
    target dates) are public by design, even when the same day is redacted in a report.
    `values` may be dates, models, containers of them, or ISO date strings (JSON).
    """
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dt.date):
            day = value.date() if isinstance(value, dt.datetime) else value
            found.update(long_date(day, lang) for lang in LANGS)
            found.add(day.isoformat())
        elif isinstance(value, str) and _ISO_DATE.fullmatch(value):
            with contextlib.suppress(ValueError):
                walk(dt.date.fromisoformat(value))
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
    return sorted(found)


def site_dates(ws: Workspace, source: Path) -> list[str]:
    """The structured dates of every published review: metadata, deadlines, plans."""
    metas: list[PublicMeta] = all_meta(source / "data") if (source / "data").is_dir() else []
    values: list[Any] = []
    for meta in metas:
        values += [meta, [(d.due, d.done) for d in meta.deadlines()]]
        values.append(load_plan(ws.review(meta.ref).action_plan))
    return structured_dates(*values)


# --- What a reader gets, file by file -------------------------------------------------


def visible_text(html: str) -> str:
    """The text a reader of an HTML page sees or hears, one block per line."""
    parser = LexborHTMLParser(html)
    parts: list[str] = []
    stack: list[LexborNode | None] = [parser.root] if parser.root is not None else []
    while stack:
        node = stack.pop()
        if node is None:  # the end of a block element
            parts.append("\n")
            continue
        tag = node.tag or ""
        if tag == "-text":
            parts.append(node.text(deep=False) or "")
            continue
        if tag in ("-comment", "_comment"):
            parts.append("\n" + (node.comment_content or "") + "\n")
            continue
        attrs = node.attributes
        shown = [attrs.get(name) for name in SHOWN_ATTRIBUTES]
        if tag == "meta":
            shown.append(attrs.get("content"))
        if tag == "a" and attrs.get("href"):
            shown.append(unquote(attrs.get("href") or ""))
        for value in shown:
            if value:
                parts.append("\n" + value + "\n")
        if tag in _HIDDEN_ELEMENTS:
            if tag == "script" and (attrs.get("type") or "").lower() in _DATA_SCRIPTS:
                parts.append("\n" + json_text(node.text(deep=True) or "") + "\n")
            continue
        block = tag not in _INLINE_HTML
        if block:
            parts.append("\n")
            stack.append(None)
        stack.extend(reversed(list(node.iter(include_text=True))))
    return squeeze("".join(parts))


def squeeze(text: str) -> str:
    """Runs of blank lines and spaces as one: the same words on fewer lines."""
    return _SPACES.sub(" ", _BREAKS.sub("\n", text)).strip()


def json_text(text: str) -> str:
    """Every string in a JSON document (keys too), HTML in them read as a page."""
    try:
        data = json.loads(text)
    except ValueError:
        return text  # not JSON after all: read it as it is
    strings: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            strings.append(visible_text(value) if "<" in value else value)
        elif isinstance(value, dict):
            for k, item in value.items():
                strings.append(str(k))
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(data)
    return "\n".join(strings)


def xml_text(data: bytes, *, inline: frozenset[str] = _INLINE_XML) -> str:
    """The text of every element of an XML document (feeds, sitemaps, office parts).

    Office runs and spans join their neighbours, as Word and LibreOffice show them;
    every other element that holds anything is a break. `<w:tab/>` and `<text:s/>` are
    spaces; Word's formatting properties (`w:rPr`, `w:pPr`, ...) hold no text and are
    skipped, so a bold run joins its neighbours.
    """
    parts: list[str] = []

    def walk(element: ElementTree.Element) -> None:
        name = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
        if name.endswith("Pr") and not element.attrib.keys() & {"descr", "title", "name"}:
            return
        block = name not in inline and (bool(element.text) or len(element) > 0)
        if name in ("tab", "s"):
            parts.append(" ")
        elif name in ("br", "cr", "line-break"):
            parts.append("\n")
        if block:
            parts.append("\n")
        for attribute, value in element.attrib.items():
            if attribute.rsplit("}", 1)[-1] in SHOWN_XML_ATTRIBUTES:
                parts.append("\n" + value + "\n")
        parts.append(element.text or "")
        for child in element:
            walk(child)
            parts.append(child.tail or "")
        if block:
            parts.append("\n")

    walk(ElementTree.fromstring(data))
    return squeeze("".join(parts))


def package_text(path: Path) -> str:
    """The text of every XML part of a DOCX or ODT package (document, notes, properties)."""
    return _package_text(path.read_bytes())


def _package_text(data: bytes) -> str:
    with io.BytesIO(data) as buffer, zipfile.ZipFile(buffer) as package:
        return "\n".join(
            xml_text(package.read(name))
            for name in sorted(package.namelist())
            if name.endswith(".xml")
        )


def pdf_text(path: Path) -> str:
    """The text of a PDF, through `pypdf`.

    Raises:
        VerificationError: pypdf is not installed, so the PDF cannot be checked.
    """
    try:
        from pypdf import PdfReader  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        raise VerificationError(
            "a PDF on the site cannot be read to check it (pypdf is not installed)",
            file=path,
            fix="install pypdf (`.venv/bin/pip install pypdf`), then publish again",
        ) from None
    reader = PdfReader(str(path))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def reader_text_of(path: Path) -> str | None:
    """What a reader gets from one file, as text; None for the theme's assets."""
    suffix = path.suffix.lower()
    if suffix == ".gz":
        inner = Path(path.stem)
        data = gzip.decompress(path.read_bytes())
        return _text_of_bytes(inner, data)
    if suffix in PACKAGE_SUFFIXES:
        return package_text(path)
    if suffix == ".pdf":
        return pdf_text(path)
    if suffix in (".html", ".htm", ".json") or suffix in XML_SUFFIXES or suffix in TEXT_SUFFIXES:
        return _text_of_bytes(path, path.read_bytes())
    return None


def _text_of_bytes(path: Path, data: bytes) -> str | None:
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        return visible_text(data.decode("utf-8", "replace"))
    if suffix == ".json":
        return json_text(data.decode("utf-8", "replace"))
    if suffix in XML_SUFFIXES:
        return xml_text(data)
    if suffix in TEXT_SUFFIXES:
        return data.decode("utf-8", "replace")
    if suffix in PACKAGE_SUFFIXES:
        return _package_text(data)
    return None


def file_lang(rel: Path) -> str:
    """The language a reader reads a file in: `cy` under cy/ or named *.cy.*, else `en`."""
    if ".cy." in rel.name:
        return "cy"
    if rel.suffix.lower() in PACKAGE_SUFFIXES or rel.suffix.lower() == ".pdf":
        return "en"
    return "cy" if rel.parts and rel.parts[0] == "cy" else "en"


# --- The check --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Read:
    """One file's reader text, for the combined search."""

    path: Path
    rel: str
    text: str


def findings_in(
    reads: list[_Read], *, lang: str, terms: Iterable[ReviewTerms], dates: list[str]
) -> list[tuple[Path, str]]:
    """Every redacted term or case-file name of every review in the files, without values.

    The files of one language are searched as one text (a file per block of lines), so
    each review's matchers are built once, not once per file; each hit is mapped back
    to its file and line.
    """
    starts: list[int] = []  # the first line of each file in the combined text
    line = 1
    for read in reads:
        starts.append(line)
        line += read.text.count("\n") + 1
    combined = "\n".join(read.text for read in reads)
    found: list[tuple[Path, str]] = []
    for item in terms:
        problems = verify_text(
            combined,
            item.entries,
            item.review.record,
            lang=lang,
            public=item.public,
            structured_dates=dates,
        )
        for p in problems:
            if p.kind not in ("redacted-term", "identity") or p.line is None:
                continue
            i = bisect_right(starts, p.line) - 1
            where = f"line {p.line - starts[i] + 1}, column {p.column}"
            found.append((reads[i].path, f"{reads[i].rel}: {where}: review {item.ref}: {p.detail}"))
    return found


def check_files(
    files: Iterable[Path], *, root: Path, terms: list[ReviewTerms], dates: list[str]
) -> int:
    """Check what a reader gets from each file; returns how many files were read.

    Line numbers in the findings count lines of the file's reader text (one block of
    the page or paragraph of the document per line), not of its source.

    Raises:
        VerificationError: a file holds a redacted term or a case-file name, naming
            the first such file and, for each hit, its file, review, entry and type.
    """
    by_lang: dict[str, list[_Read]] = {}
    for path in files:
        text = reader_text_of(path)
        if text is None:
            continue
        rel = path.relative_to(root)
        by_lang.setdefault(file_lang(rel), []).append(_Read(path, str(rel), text))
    # A public name of one review (a reviewer, the Board) is public on every page: the
    # catalogue and the other reviews' pages show it too.
    shared = sorted({term for item in terms for term in item.public})
    terms = [ReviewTerms(item.review, item.entries, shared) for item in terms]
    found: list[tuple[Path, str]] = []
    for lang, reads in sorted(by_lang.items()):
        found += findings_in(reads, lang=lang, terms=terms, dates=dates)
    if found:
        found.sort(key=lambda f: str(f[0]))
        shown = [text for _, text in found[:MAX_FINDINGS]]
        if len(found) > MAX_FINDINGS:
            shown.append(f"... and {len(found) - MAX_FINDINGS} more")
        raise VerificationError(
            f"what a reader gets from the built site holds a redacted term or a name from "
            f"a case file: {len(found)} problem(s); nothing was published",
            file=found[0][0],
            findings=shown,
            fix="the named review's list misses a form the reader sees (a split or "
            "look-alike word, an attribute, a download): add it to that list as "
            "decision: redact, or correct the public field it comes from, then approve, "
            "anonymise and publish again",
        )
    return sum(len(reads) for reads in by_lang.values())


def site_files(site: Path) -> Iterator[Path]:
    """Every file of a built site, in a stable order."""
    return (p for p in sorted(site.rglob("*")) if p.is_file())


def check_built_site(ws: Workspace, *, site: Path, source: Path, current: ReviewTerms) -> int:
    """The final gate over a built site (not yet in place), against every published review.

    Args:
        ws: the workspace (its drafts/ and redaction_rules/ hold every review's list).
        site: the built site to check (English at the root, Welsh under cy/).
        source: the published_site folder it was built from (its data/ says which
            reviews are published).
        current: the review being published, with the list the gate cleared.

    Returns:
        The number of files read.

    Raises:
        VerificationError: a hit, naming the file, review, entry number and type.
        InputError: a published review's record or list cannot be loaded.
    """
    terms = published_terms(ws, source, current=current)
    return check_files(site_files(site), root=site, terms=terms, dates=site_dates(ws, source))


__all__ = [
    "ReviewTerms",
    "check_built_site",
    "check_files",
    "file_lang",
    "findings_in",
    "json_text",
    "package_text",
    "published_terms",
    "reader_text_of",
    "site_dates",
    "structured_dates",
    "terms_for",
    "visible_text",
    "xml_text",
]
