"""Cleaning pandoc's document tree: what reaches the normalised draft, and what does not.

Images, raw HTML, metadata and attributes go; spans are unwrapped; table cells are
flattened to one line so every table stays a pipe table (otherwise pandoc writes
"[TABLE]" and the text is lost); title paragraphs pandoc took as metadata come back.

A word that Word split into runs of different formatting ("To" + bold "mos", from a
spell-check or tracked-change run) is joined into one plain word, so no name reaches the
draft as "To**mos**"; text after a right-to-left override is put in the order it was
displayed in ("<U+202E>somoT" reads "Tomos"). Other invisible format characters are
removed from the written Markdown by ingest itself (`strip_format_chars`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pipeline.stages.ingest.office import Property
from pipeline.text.normalise import PDF, RLO, display_order, format_kind, is_invisible

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
    # Format characters taken out here, by kind (`format_kind`): counts only, no text.
    format_chars: Counter[str] = field(default_factory=Counter)
    words_joined: int = 0


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
        nodes = False
        for item in value:
            if isinstance(item, dict) and "t" in item:
                out += _node(item, found)
                nodes = True
            else:
                out.append(_walk(item, found))
        if nodes and any(isinstance(i, dict) and i.get("t") == "Str" for i in out):
            out = _join_words(_reverse_overrides(out, found), found)
        return out
    return value


# Inline formatting that Word applies to runs: a run on part of a word is joined.
FORMATTING = frozenset(
    ("Emph", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps", "Underline")
)
_BREAKS = frozenset(("Space", "SoftBreak", "LineBreak"))


def _reverse_overrides(inlines: list[Any], found: Found) -> list[Any]:
    """Runs of words after a right-to-left override, in the order they were displayed."""
    if not any(i.get("t") == "Str" and RLO in i["c"] for i in inlines):
        return inlines
    out: list[Any] = []
    run: list[Any] = []

    def flush() -> None:
        text = "".join(" " if i["t"] == "Space" else i["c"] for i in run)
        found.format_chars.update(format_kind(ch) for ch in text if ch in (RLO, PDF))
        for n, word in enumerate(display_order(text).split(" ")):
            out.extend(
                ([{"t": "Space"}] if n else []) + ([{"t": "Str", "c": word}] if word else [])
            )
        run.clear()

    for item in inlines:
        if item.get("t") in ("Str", "Space"):
            run.append(item)
        else:
            flush()
            out.append(item)
    flush()
    return out


def _edge(value: Any, *, last: bool) -> str:
    """The first (or last) visible character of an inline's text, "" if none."""
    text = _plain(value)
    for ch in reversed(text) if last else text:
        if not is_invisible(ch):
            return ch
    return ""


def _glued(left: dict[str, Any], right: dict[str, Any]) -> bool:
    """True when two adjacent inlines are parts of one word and one of them is formatted."""
    kinds = {left.get("t"), right.get("t")}
    if not kinds <= FORMATTING | {"Str"} or not kinds & FORMATTING:
        return False
    a, b = _edge(left, last=True), _edge(right, last=False)
    return a.isalnum() and b.isalnum()


def _unformat(items: list[Any]) -> list[Any]:
    """Inlines with every formatting node replaced by its content."""
    out: list[Any] = []
    for item in items:
        out += _unformat(item["c"]) if item.get("t") in FORMATTING else [item]
    return out


def _split(node: dict[str, Any], *, tail: bool) -> tuple[list[Any], list[Any]]:
    """A formatted node cut at the word boundary next to a join.

    Returns (the word's part, unformatted; the rest, still formatted, with its space).
    The tail is the part after the node's last space; the head, before its first.
    """
    if node.get("t") not in FORMATTING:
        return [node], []
    content = node["c"]
    cuts = [i for i, item in enumerate(content) if item.get("t") in _BREAKS]
    if not cuts:
        return _unformat(content), []
    if tail:
        k = cuts[-1]
        kept = [{"t": node["t"], "c": content[:k]}] if content[:k] else []
        return _unformat(content[k + 1 :]), [*kept, content[k]]
    k = cuts[0]
    kept = [{"t": node["t"], "c": content[k + 1 :]}] if content[k + 1 :] else []
    return _unformat(content[:k]), [content[k], *kept]


def _join_words(inlines: list[Any], found: Found) -> list[Any]:
    """Join the parts of a word split by formatting into plain text; merge adjacent Str."""
    out: list[Any] = []
    for item in inlines:
        if out and isinstance(item, dict) and isinstance(out[-1], dict) and _glued(out[-1], item):
            found.words_joined += 1
            left_word, left_rest = _split(out.pop(), tail=True)
            right_word, right_rest = _split(item, tail=False)
            # left_rest ends with the space before the word; it goes first.
            out += [*left_rest, *left_word, *right_word, *right_rest]
        else:
            out.append(item)
    merged: list[Any] = []
    for item in out:
        if (
            merged
            and isinstance(item, dict)
            and item.get("t") == "Str"
            and merged[-1].get("t") == "Str"
        ):
            merged[-1] = {"t": "Str", "c": merged[-1]["c"] + item["c"]}
        else:
            merged.append(item)
    return merged


def _node(node: dict[str, Any], found: Found) -> list[Any]:
    """One node cleaned: a list, because a node may vanish or be replaced by its content."""
    kind: str = node["t"]
    c: Any = node.get("c")
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
    cleaned: dict[str, Any] = {"t": kind, "c": _walk(c, found)} if "c" in node else {"t": kind}
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
        kind: str = value["t"]
        c: Any = value.get("c")
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
    kind = value.get("t")
    c: Any = value.get("c")
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
