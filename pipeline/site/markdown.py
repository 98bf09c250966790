"""Small, safe Markdown builders: every value is escaped, so no value can become markup."""

from __future__ import annotations

import html
import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~^])")


def esc(text: str) -> str:
    """Escape a plain value for Markdown (table cells, list items, links' text)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def esc_html(text: str) -> str:
    """Escape a plain value for raw HTML."""
    return html.escape(" ".join(str(text).split()), quote=True)


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A pipe table; cells must already be escaped or be trusted links."""
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return "\n".join(out) + "\n"


def slug(text: str) -> str:
    """`Mid and West Wales Safeguarding Board` -> `mid-and-west-wales-safeguarding-board`."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def front_matter(values: dict[str, object]) -> str:
    """YAML front matter with JSON-quoted scalars (valid YAML, no injection)."""
    import json

    lines = ["---"]
    for k, v in values.items():
        lines.append(f"{k}: {json.dumps(v, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"
