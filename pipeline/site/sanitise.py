"""Report content made safe for the public site, twice over.

A draft is written by people and converted from Word, so its Markdown may hold links to
`javascript:`, raw HTML, images from other hosts or attribute lists. Two independent
layers keep all of that off the page:

1. **At publish, on the Markdown** (`sanitise_markdown`): the report goes through
   pandoc's syntax tree, where every link, image and raw fragment is a node, not a
   pattern to guess at. Raw HTML becomes visible text; a link is kept only when its
   target is `http(s)` or `mailto` (after decoding entities and removing whitespace and
   control characters), otherwise its words stay as plain text; an image becomes its
   description; `{` and `}` are written escaped, so Python-Markdown's `attr_list` could
   never read them even if the site enabled it again. The same text feeds the page and
   the DOCX/ODT downloads.
2. **At build, on the rendered HTML** (`on_page_content`, an mkdocs hook the site
   builder registers): every review page's content goes through `nh3` (Ammonia) with an
   allow-list of the tags and attributes the page's own Markdown produces. No script,
   style, event handler, `style` attribute or other URL scheme survives, whatever the
   Markdown layer missed. Links to another host are then marked as outbound
   (`rel="nofollow noopener noreferrer"`, class `cpr-outbound`, shown with an arrow).

Record fields (reference, summary, board, ...) never go through here: the page builders
escape them (`pipeline.site.markdown`) and the theme escapes what it writes into HTML.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

import nh3
from selectolax.lexbor import LexborHTMLParser

from pipeline.tools.convert import SITE_MARKDOWN
from pipeline.tools.pandoc import run_pandoc

SAFE_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})
OUTBOUND_CLASS = "cpr-outbound"
OUTBOUND_REL = "nofollow noopener noreferrer"
# Pages whose content comes (partly) from a draft: the review pages.
REPORT_PAGES = "reviews/"
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")

# What Python-Markdown makes of the site's own Markdown (tables, footnotes, toc ids).
ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        *(f"h{n}" for n in range(1, 7)),
        *("p", "br", "hr", "em", "strong", "b", "i", "code", "pre", "blockquote"),
        *("ul", "ol", "li", "dl", "dt", "dd", "a", "sup", "sub", "div", "span", "del"),
        *("table", "thead", "tbody", "tr", "th", "td"),
    }
)
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    # The page's own words in another language ("Business Manager" on a Welsh page).
    "*": {"lang"},
    **{f"h{n}": {"id"} for n in range(1, 7)},
    "a": {"href", "title"},
    "sup": {"id"},
    "li": {"id"},
    "th": {"align", "scope"},
    "td": {"align", "data-label"},  # the action plan's column names, for phone layout
}
ALLOWED_CLASSES: dict[str, set[str]] = {
    "a": {"footnote-ref", "footnote-backref"},
    "div": {"footnote"},
    "dl": {"cpr-meta"},
    "table": {"cpr-plan"},
    "p": {"cpr-note"},
    "span": {"cpr-note"},
}
_ALIGN = frozenset({"left", "right", "center"})
LANGS: frozenset[str] = frozenset({"en", "cy"})  # the only `lang` values kept


def _squeezed(url: str) -> str:
    """A URL as a browser compares its scheme: entities decoded, no spaces or controls."""
    text = html.unescape(html.unescape(url))
    return "".join(
        c for c in text if not (c.isspace() or unicodedata.category(c) in {"Cc", "Cf"})
    ).lower()


def safe_link_target(url: str) -> bool:
    """True when a link from a draft may stay a link: `http(s)://host` or `mailto:`."""
    squeezed = _squeezed(url)
    match = _SCHEME.match(squeezed)
    if match is None or match.group(1) not in SAFE_SCHEMES:
        return False  # no scheme (relative, `//host`, `#anchor`) or another scheme
    if match.group(1) == "mailto":
        return True
    return bool(urlsplit(squeezed).hostname)


def _text(value: str) -> list[dict[str, Any]]:
    """Str nodes for `value`, with `{` and `}` as escaped raw Markdown."""
    out: list[dict[str, Any]] = []
    for part in re.split(r"([{}])", value):
        if part in {"{", "}"}:
            out.append({"t": "RawInline", "c": ["markdown", "\\" + part]})
        elif part:
            out.append({"t": "Str", "c": part})
    return out


def _inlines(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for node in nodes:
        kind = node.get("t")
        if kind == "Str":
            out.extend(_text(node["c"]))
        elif kind == "RawInline":
            out.extend(_text(node["c"][1]))
        elif kind == "Link":
            _, content, (target, _title) = node["c"]
            content = _inlines(content)
            if safe_link_target(target):
                out.append({"t": "Link", "c": [["", [], []], content, [target.strip(), ""]]})
            else:
                out.extend(content)
        elif kind == "Image":
            out.extend(_inlines(node["c"][1]))
        elif kind in {"Code"}:
            out.append({"t": "Code", "c": [["", [], []], node["c"][1]]})
        elif kind in {"Span"}:
            out.extend(_inlines(node["c"][1]))
        elif kind in {"Emph", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps"}:
            out.append({"t": kind, "c": _inlines(node["c"])})
        elif kind in {"Underline"}:
            out.extend(_inlines(node["c"]))
        elif kind == "Quoted":
            out.append({"t": kind, "c": [node["c"][0], _inlines(node["c"][1])]})
        elif kind == "Cite":
            out.extend(_inlines(node["c"][1]))
        elif kind == "Note":
            out.append({"t": "Note", "c": _blocks(node["c"])})
        else:  # Space, SoftBreak, LineBreak, Math: no markup of their own
            out.append(node)
    return out


def _cell(cell: list[Any]) -> list[Any]:
    _attr, align, rows, cols, blocks = cell
    return [["", [], []], align, rows, cols, _blocks(blocks)]


def _rows(rows: list[Any]) -> list[Any]:
    return [[["", [], []], [_cell(c) for c in cells]] for _, cells in rows]


def _blocks(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for node in nodes:
        kind = node.get("t")
        if kind in {"Para", "Plain"}:
            out.append({"t": kind, "c": _inlines(node["c"])})
        elif kind == "Header":
            level, _, content = node["c"]
            out.append({"t": kind, "c": [level, ["", [], []], _inlines(content)]})
        elif kind == "RawBlock":
            out.append({"t": "Para", "c": _text(node["c"][1])})
        elif kind == "CodeBlock":
            out.append({"t": kind, "c": [["", [], []], node["c"][1]]})
        elif kind == "BlockQuote":
            out.append({"t": kind, "c": _blocks(node["c"])})
        elif kind == "BulletList":
            out.append({"t": kind, "c": [_blocks(item) for item in node["c"]]})
        elif kind == "OrderedList":
            attrs, items = node["c"]
            out.append({"t": kind, "c": [attrs, [_blocks(item) for item in items]]})
        elif kind == "DefinitionList":
            out.append(
                {
                    "t": kind,
                    "c": [[_inlines(term), [_blocks(d) for d in defs]] for term, defs in node["c"]],
                }
            )
        elif kind == "Div":
            out.extend(_blocks(node["c"][1]))
        elif kind == "LineBlock":
            out.append({"t": kind, "c": [_inlines(line) for line in node["c"]]})
        elif kind == "Figure":
            out.extend(_blocks(node["c"][2]))
        elif kind == "Table":
            _, caption, specs, head, bodies, foot = node["c"]
            short, long = caption
            out.append(
                {
                    "t": kind,
                    "c": [
                        ["", [], []],
                        [short and _inlines(short), _blocks(long)],
                        specs,
                        [["", [], []], _rows(head[1])],
                        [[["", [], []], b[1], _rows(b[2]), _rows(b[3])] for b in bodies],
                        [["", [], []], _rows(foot[1])],
                    ],
                }
            )
        else:  # HorizontalRule, Null
            out.append(node)
    return out


def sanitise_markdown(markdown: str) -> str:
    """The report's site Markdown with nothing in it that could become live markup.

    Args:
        markdown: the report as `site_body` wrote it (pandoc's SITE_MARKDOWN).

    Returns:
        The same text and structure in SITE_MARKDOWN: raw HTML as visible text, links
        only to `http(s)`/`mailto` (others as their words), images as their
        descriptions, braces escaped. Running it twice gives the same text.

    Raises:
        ToolError: pandoc failed.
    """
    tree = json.loads(
        run_pandoc(["-f", SITE_MARKDOWN, "-t", "json"], input_text=markdown, what="read the report")
    )
    tree["blocks"] = _blocks(tree["blocks"])
    return run_pandoc(
        ["-f", "json", "-t", SITE_MARKDOWN, "--wrap=none"],
        input_text=json.dumps(tree, ensure_ascii=False),
        what="write the sanitised report",
    )


def _attribute(tag: str, name: str, value: str) -> str | None:
    if name == "id" and value.startswith("__"):
        return None  # the theme's own element ids (`__config`, `__search`) stay unique
    if name == "align" and value.lower() not in _ALIGN:
        return None
    if name == "lang" and value not in LANGS:
        return None
    if name == "href" and not value.startswith("#") and _SCHEME.match(_squeezed(value)):
        return value if safe_link_target(value) else None
    return value


def clean_html(fragment: str) -> str:
    """Rendered report content through nh3, then outbound links marked.

    Keeps only ALLOWED_TAGS with their ALLOWED_ATTRIBUTES/ALLOWED_CLASSES; links with
    `http`, `https`, `mailto` or a relative target. A link to another host gets
    `rel="nofollow noopener noreferrer"` and the class `cpr-outbound`.
    """
    cleaned = nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=set(SAFE_SCHEMES),
        attribute_filter=_attribute,
        link_rel=None,
        strip_comments=True,
    )
    tree = LexborHTMLParser(f"<!doctype html><html><body>{cleaned}</body></html>")
    body = tree.body
    if body is None:  # pragma: no cover - lexbor always makes a body
        return cleaned
    changed = False
    for link in body.css("a[href]"):
        href = link.attributes.get("href") or ""
        if _SCHEME.match(_squeezed(href)) and urlsplit(_squeezed(href)).hostname:
            link.attrs["rel"] = OUTBOUND_REL
            link.attrs["class"] = OUTBOUND_CLASS
            changed = True
    return (body.inner_html or "") if changed else cleaned


def on_page_content(html_text: str, page: Any, **_: Any) -> str:
    """The mkdocs hook: a review page's rendered content goes through `clean_html`."""
    if page.file.src_uri.startswith(REPORT_PAGES):
        return clean_html(html_text)
    return html_text
