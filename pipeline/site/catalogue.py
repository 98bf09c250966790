"""The catalogue and the home page's latest publications, generated from `data/*.json`.

Filtering needs no JavaScript and no server: every filter value (review type, Board,
year, theme) gets its own generated page listing exactly the matching reviews, and the
themes also go through Material's tags plugin (the controlled vocabulary, checked at
build time). Everything is sorted, so the same reviews always give the same pages.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputError
from pipeline.site.i18n import long_date, t
from pipeline.site.markdown import esc, esc_title, front_matter, slug, table
from pipeline.site.meta import PublicMeta
from pipeline.site.pages import type_name

LATEST_START = "<!-- cpr:latest:start -->"
LATEST_END = "<!-- cpr:latest:end -->"
LATEST_COUNT = 5
CATALOGUE_DIR = "catalogue"


@dataclass(frozen=True)
class Facet:
    """One kind of filter: its folder, heading label, and each review's values."""

    folder: str
    label: str
    title: str
    values: Callable[[PublicMeta], list[str]]
    shown: Callable[[str, str], str]  # (value, lang) -> words


FACETS: tuple[Facet, ...] = (
    Facet(
        "type",
        "by_type",
        "filtered_type",
        lambda m: [m.review_type],
        lambda v, lang: t(lang, f"type_{v}"),
    ),
    Facet("board", "by_board", "filtered_board", lambda m: [m.board], lambda v, lang: v),
    Facet("year", "by_year", "filtered_year", lambda m: [str(m.year)], lambda v, lang: v),
    Facet("theme", "by_theme", "filtered_theme", lambda m: list(m.themes), lambda v, lang: v),
)


def review_path(ref: str) -> str:
    """The review page's source path inside a language's docs folder."""
    return f"reviews/{ref}/index.md"


def _link(from_page: str, to_page: str) -> str:
    return posixpath.relpath(to_page, posixpath.dirname(from_page))


def _table(metas: list[PublicMeta], lang: str, page: str) -> str:
    if not metas:
        return esc(t(lang, "none_yet")) + "\n"
    headers = [
        esc(t(lang, f"col_{c}"))
        for c in ("reference", "board", "type", "year", "themes", "published")
    ]
    rows = [
        [
            f"[{esc(m.reference)}]({_link(page, review_path(m.ref))})",
            esc(m.board),
            esc(type_name(m, lang)),
            str(m.year),
            esc(", ".join(m.themes)),
            esc(long_date(m.published, lang)),
        ]
        for m in metas
    ]
    return table(headers, rows)


def _facet_page(facet: Facet, value: str) -> str:
    return f"{CATALOGUE_DIR}/{facet.folder}/{slug(value)}.md"


def _filters(metas: list[PublicMeta], lang: str, page: str) -> str:
    out = [f"## {esc(t(lang, 'filter'))}\n"]
    for facet in FACETS:
        counts: dict[str, int] = {}
        for m in metas:
            for v in facet.values(m):
                counts[v] = counts.get(v, 0) + 1
        if not counts:
            continue
        out.append(f"### {esc(t(lang, facet.label))}\n")
        for v in sorted(counts, key=lambda v: (-int(v) if facet.folder == "year" else 0, v)):
            words = f"{facet.shown(v, lang)} ({counts[v]})"
            out.append(f"- [{esc(words)}]({_link(page, _facet_page(facet, v))})")
        out.append("")
    return "\n".join(out) + "\n"


def catalogue_pages(metas: list[PublicMeta], lang: str) -> dict[str, str]:
    """Every catalogue page of one language: {source path: Markdown}."""
    metas = newest_first(metas)
    index = f"{CATALOGUE_DIR}/index.md"
    pages = {
        index: "\n".join(
            [
                f"# {esc(t(lang, 'catalogue'))}\n",
                esc(t(lang, "catalogue_intro")) + "\n",
                _filters(metas, lang, index),
                f"## {esc(t(lang, 'all_reviews'))}\n",
                _table(metas, lang, index),
            ]
        )
    }
    for facet in FACETS:
        values = sorted({v for m in metas for v in facet.values(m)})
        for value in values:
            page = _facet_page(facet, value)
            chosen = [m for m in metas if value in facet.values(m)]
            title = t(lang, facet.title, value=facet.shown(value, lang))
            pages[page] = "\n".join(
                [
                    front_matter({"title": esc_title(title)}),  # the theme writes it as HTML
                    f"# {esc(title)}\n",
                    esc(t(lang, "count", n=len(chosen))) + "\n",
                    f"[{esc(t(lang, 'all_reviews'))}]({_link(page, index)})\n",
                    _table(chosen, lang, page),
                ]
            )
    themes = f"{CATALOGUE_DIR}/themes.md"
    pages[themes] = f"# {esc(t(lang, 'themes_page'))}\n\n<!-- material/tags -->\n"
    return pages


def newest_first(metas: list[PublicMeta]) -> list[PublicMeta]:
    """Newest publication first, then by reference: one order, whatever the input order."""
    return sorted(metas, key=lambda m: (-m.published.toordinal(), m.ref))


def latest_list(metas: list[PublicMeta], lang: str, page: str = "index.md") -> str:
    """The home page's list of the latest publications."""
    metas = newest_first(metas)
    if not metas:
        return esc(t(lang, "none_yet")) + "\n"
    lines = []
    for m in metas[:LATEST_COUNT]:
        words = t(
            lang,
            "latest_item",
            board=m.board,
            type=type_name(m, lang).lower(),
            date=long_date(m.published, lang),
        )
        lines.append(f"- [{esc(m.reference)}]({_link(page, review_path(m.ref))}): {esc(words)}")
    return "\n".join(lines) + "\n"


def with_latest(home: str, latest: str, *, path: Path) -> str:
    """The home page with the text between the latest-publications markers replaced.

    Raises:
        InputError: the markers are missing (the page is hand-written; say where).
    """
    pattern = re.compile(re.escape(LATEST_START) + r".*?" + re.escape(LATEST_END), re.S)
    if not pattern.search(home):
        raise InputError(
            "the home page has no latest-publications markers",
            file=path,
            fix=f"put {LATEST_START} and {LATEST_END} on their own lines where "
            "the latest publications should be listed",
        )
    return pattern.sub(lambda _: f"{LATEST_START}\n{latest}{LATEST_END}", home, count=1)
