"""Cleaning pandoc's document tree: what reaches the normalised draft, and what does not.

Images, raw HTML, metadata and attributes go; spans are unwrapped; table cells are
flattened to one line so every table stays a pipe table (otherwise pandoc writes
"[TABLE]" and the text is lost); title paragraphs pandoc took as metadata come back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pipeline.stages.ingest.office import Property

# pandoc's docx reader turns paragraphs in these styles into metadata; they are visible
# text of the report, so they go back at the top in this order.
DOCX_TITLE_KEYS = ("title", "subtitle", "author", "date", "abstract")


@dataclass
class Found:
    """What cleaning took out of the tree (for the ingest report)."""

    properties: tuple[Property, ...] = ()
    images: tuple[str, ...] = ()
    html_comments: tuple[str, ...] = ()
    raw_fragments: int = 0


def clean_tree(tree: dict[str, Any], *, draft_kind: str) -> tuple[list[Any], Found]:
    """The cleaned blocks of a pandoc tree, and what was taken out."""
    found = Found()
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


def _walk(value: Any, found: Found) -> Any:
    if isinstance(value, list):
        out: list[Any] = []
        for item in value:
            if isinstance(item, dict) and "t" in item:
                out += _node(item, found)
            else:
                out.append(_walk(item, found))
        return out
    return value


def _node(node: dict[str, Any], found: Found) -> list[Any]:
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


def count_words(value: Any) -> int:
    """Words (runs of text holding a letter or digit) in a tree or part of one."""
    if isinstance(value, list):
        return sum(count_words(v) for v in value)
    if isinstance(value, dict):
        if value.get("t") == "Str":
            return 1 if re.search(r"\w", value["c"]) else 0
        return count_words(value.get("c"))
    return 0


# --- the report ------------------------------------------------------------------------
