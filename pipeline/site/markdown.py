"""Small, safe Markdown builders: every value is escaped, so no value can become markup."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping

# What Python-Markdown reads as a backslash escape (with the tables extension's `|`).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]>()#+!|])")


def esc(text: str) -> str:
    """Escape a plain value for Markdown (table cells, list items, links' text).

    `&` and `<` become entities (Python-Markdown has no backslash escape for `<`, and
    an entity in the value would otherwise be read as one); the characters
    Python-Markdown can escape get a backslash. The reader sees exactly the value.
    """
    value = " ".join(str(text).split()).replace("&", "&amp;").replace("<", "&lt;")
    return _MD_SPECIAL.sub(r"\\\1", value)


def esc_html(text: str) -> str:
    """Escape a plain value for raw HTML."""
    return html.escape(" ".join(str(text).split()), quote=True)


def esc_title(text: str) -> str:
    """Escape a page title for the front matter: the theme writes titles as HTML.

    `&`, `<`, `>` and `"` become entities; an apostrophe stays as it is (Welsh has
    many, and the theme never puts a title in a single-quoted attribute).
    """
    return html.escape(" ".join(str(text).split()), quote=False).replace('"', "&quot;")


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A pipe table; cells must already be escaped or be trusted links."""
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return "\n".join(out) + "\n"


def slug(text: str) -> str:
    """`Mid and West Wales Safeguarding Board` -> `mid-and-west-wales-safeguarding-board`."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


# Characters YAML reads as line breaks or refuses, written as `\uXXXX` escapes instead.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufff9-\uffff]")


def _yaml_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def front_matter(values: Mapping[str, object]) -> str:
    """YAML front matter with JSON-quoted scalars (valid YAML, no injection).

    A JSON string is a YAML double-quoted scalar; the characters YAML treats as line
    breaks (NEL, U+2028, U+2029) or refuses are escaped too, so no value can end its
    line or the front matter.
    """
    lines = ["---"]
    for k, v in values.items():
        lines.append(f"{k}: {_YAML_UNSAFE.sub(_yaml_escape, json.dumps(v, ensure_ascii=False))}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"
