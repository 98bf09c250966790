"""The catalogue and the home page's latest publications, generated from `data/*.json`.

The catalogue page combines filters (type, Board, year, theme, outcome), sorts and pages
through `cpr.js` over `catalogue.json` (pipeline/site/collection.py). Without
JavaScript every filter value (review type, Board, year, theme) still has its own
generated page listing exactly the matching reviews as cards with their summaries, and
the catalogue lists the newest year with links to every other. The themes also go
through Material's tags plugin (the controlled vocabulary, checked at build time).
Everything is sorted, so the same reviews always give the same pages.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputError
from pipeline.site.i18n import Phrase, Raw, long_date, t, t_markdown, t_plain
from pipeline.site.listing import built_dir, cards, filter_form, href
from pipeline.site.markdown import esc, esc_html, esc_title, front_matter, slug
from pipeline.site.meta import PublicMeta, ShownNames
from pipeline.site.pages import type_name

LATEST_START = "<!-- cpr:latest:start -->"
LATEST_END = "<!-- cpr:latest:end -->"
LATEST_COUNT = 5
LIST_PAGE_SIZE = 50  # reviews on one page of a filter's list (no page grows without end)
CATALOGUE_DIR = "catalogue"


@dataclass(frozen=True)
class Facet:
    """One kind of filter: its folder, heading label, and each review's values."""

    folder: str
    label: str
    title: str
    values: Callable[[PublicMeta], list[str]]
    shown: Callable[[str, str, ShownNames], Phrase]  # (value, lang, names) -> words


FACETS: tuple[Facet, ...] = (
    Facet(
        "type",
        "by_type",
        "filtered_type",
        lambda m: [m.review_type],
        lambda v, lang, names: Phrase(t(lang, f"type_{v}"), lang),
    ),
    Facet(
        "board", "by_board", "filtered_board", lambda m: [m.board], lambda v, lang, n: n.board(v)
    ),
    Facet(
        "year",
        "by_year",
        "filtered_year",
        lambda m: [str(m.year)],
        lambda v, lang, n: Phrase(v, lang),
    ),
    Facet(
        "theme",
        "by_theme",
        "filtered_theme",
        lambda m: list(m.themes),
        lambda v, lang, n: n.theme(v),
    ),
)


def review_path(ref: str) -> str:
    """The review page's source path inside a language's docs folder."""
    return f"reviews/{ref}/index.md"


def _link(from_page: str, to_page: str) -> str:
    return posixpath.relpath(to_page, posixpath.dirname(from_page))


def _facet_page(facet: Facet, value: str) -> str:
    return f"{CATALOGUE_DIR}/{facet.folder}/{slug(value)}.md"


def _counts(metas: list[PublicMeta], facet: Facet) -> dict[str, int]:
    counts: dict[str, int] = {}
    for m in metas:
        for v in facet.values(m):
            counts[v] = counts.get(v, 0) + 1
    return counts


def _order(facet: Facet, counts: dict[str, int], lang: str, names: ShownNames) -> list[str]:
    """Years newest first; Boards and themes in the order of the words shown."""
    if facet.folder == "year":
        return sorted(counts, key=lambda v: -int(v))
    if facet.folder in {"board", "theme"}:
        return sorted(counts, key=lambda v: (facet.shown(v, lang, names).text.casefold(), v))
    return sorted(counts)


def _facet_links(facet: Facet, metas: list[PublicMeta], lang: str, page: str) -> list[str]:
    counts = _counts(metas, facet)
    names = ShownNames.of(metas, lang)
    return [
        f"- [{facet.shown(v, lang, names).markdown(lang)} {esc(f'({counts[v]})')}]"
        f"({_link(page, _facet_page(facet, v))})"
        for v in _order(facet, counts, lang, names)
    ]


def _browse(metas: list[PublicMeta], lang: str, page: str, themes_page: str) -> str:
    """Plain links to every per-year, per-Board and per-type page (no JavaScript needed)."""
    out = [f"## {esc(t(lang, 'cat_browse'))}\n"]
    for facet in FACETS:
        if facet.folder == "theme":
            continue
        links = _facet_links(facet, metas, lang, page)
        if links:
            out += [f"### {esc(t(lang, facet.label))}\n", *links, ""]
    out += [f"### {esc(t(lang, 'by_theme'))}\n"]
    out += [f"- [{esc(t(lang, 'themes_page'))}]({_link(page, themes_page)})", ""]
    return "\n".join(out) + "\n"


def _newest_year(metas: list[PublicMeta], lang: str, page: str) -> str:
    """The newest year's reviews, shown when the script has not run (one page per year)."""
    if not metas:
        return f'<div id="cpr-static"><p>{esc_html(t(lang, "none_yet"))}</p></div>\n'
    year = metas[0].year
    chosen = [m for m in metas if m.year == year]
    heading = esc_html(t(lang, "filtered_year", value=year))
    more = esc_html(t(lang, "cat_other_years"))
    if len(chosen) > LIST_PAGE_SIZE:
        year_facet = next(f for f in FACETS if f.folder == "year")
        target = href(page, built_dir(_numbered(_facet_page(year_facet, str(year)), 2)))
        words = esc_html(t(lang, "cat_more_of_year", year=year))
        more = f'<a href="{target}">{words}</a> {more}'
    return (
        f'<div id="cpr-static">\n<h2 id="newest-year">{heading}</h2>\n'
        + cards(chosen[:LIST_PAGE_SIZE], lang, page)
        + f"<p>{more}</p>\n</div>\n"
    )


def _numbered(page: str, number: int) -> str:
    """Page `number` of a filter's list: `board/x.md`, then `board/x-2.md`, ..."""
    return page if number == 1 else f"{page[: -len('.md')]}-{number}.md"


def _facet_pages(
    facet: Facet, value: str, chosen: list[PublicMeta], *, shown: Phrase, lang: str, index: str
) -> dict[str, str]:
    """One filter value's reviews as cards, LIST_PAGE_SIZE a page, newest first.

    The heading marks a name in another language (`lang="en"`); the page title, plain
    text, has the words alone.
    """
    first = _facet_page(facet, value)
    chunks = [chosen[i : i + LIST_PAGE_SIZE] for i in range(0, len(chosen), LIST_PAGE_SIZE)]
    out = {}
    for number, chunk in enumerate(chunks or [[]], start=1):
        page = _numbered(first, number)
        title = t_plain(lang, facet.title, value=shown)
        heading = t_markdown(lang, facet.title, value=shown)
        if len(chunks) > 1:
            title = t(lang, "cat_list_page", title=title, page=number, pages=len(chunks))
            heading = t_markdown(
                lang, "cat_list_page", title=Raw(heading), page=number, pages=len(chunks)
            )
        nav = []
        if number > 1:
            nav.append(
                f"[{esc(t(lang, 'cat_previous'))}]({_link(page, _numbered(first, number - 1))})"
            )
        nav += (
            [
                f"[{n}]({_link(page, _numbered(first, n))})" if n != number else f"**{n}**"
                for n in range(1, len(chunks) + 1)
            ]
            if len(chunks) > 1
            else []
        )
        if number < len(chunks):
            nav.append(f"[{esc(t(lang, 'cat_next'))}]({_link(page, _numbered(first, number + 1))})")
        out[page] = "\n".join(
            [
                front_matter({"title": esc_title(title), "search": {"exclude": True}}),
                f"# {heading}\n",
                esc(t(lang, "count", n=len(chosen))) + "\n",
                f"[{esc(t(lang, 'all_reviews'))}]({_link(page, index)})\n",
                cards(chunk, lang, page),
                " · ".join(nav) + "\n" if nav else "",
            ]
        )
    return out


def catalogue_pages(metas: list[PublicMeta], lang: str) -> dict[str, str]:
    """Every catalogue page of one language: {source path: Markdown}.

    The index holds the filter form (driven by `catalogue.json`), the newest year's
    reviews for readers without JavaScript, and plain links to every per-year,
    per-Board, per-type and per-theme page, which list their reviews as cards. None
    of these pages grows with the collection beyond one year, Board or theme.
    """
    metas = newest_first(metas)
    index = f"{CATALOGUE_DIR}/index.md"
    themes = f"{CATALOGUE_DIR}/themes.md"
    listing = front_matter({"search": {"exclude": True}})
    pages = {
        index: "\n".join(
            [
                listing + f"# {esc(t(lang, 'catalogue'))}\n",
                esc(t(lang, "catalogue_intro")) + "\n",
                filter_form(metas, lang, index),
                _newest_year(metas, lang, index),
                _browse(metas, lang, index, themes),
            ]
        )
    }
    names = ShownNames.of(metas, lang)
    for facet in FACETS:
        values = sorted({v for m in metas for v in facet.values(m)})
        for value in values:
            chosen = [m for m in metas if value in facet.values(m)]
            shown = facet.shown(value, lang, names)
            pages.update(_facet_pages(facet, value, chosen, shown=shown, lang=lang, index=index))
    theme_facet = next(f for f in FACETS if f.folder == "theme")
    pages[themes] = "\n".join(
        [
            listing + f"# {esc(t(lang, 'themes_page'))}\n",
            "\n".join(_facet_links(theme_facet, metas, lang, themes)) + "\n",
        ]
    )
    return pages


def newest_first(metas: list[PublicMeta]) -> list[PublicMeta]:
    """Newest publication first, then by reference: one order, whatever the input order."""
    return sorted(metas, key=lambda m: (-m.published.toordinal(), m.ref))


def latest_list(metas: list[PublicMeta], lang: str, page: str = "index.md") -> str:
    """The home page's list of the latest publications, each with its summary."""
    metas = newest_first(metas)
    if not metas:
        return esc(t(lang, "none_yet")) + "\n"
    lines = []
    for m in metas[:LATEST_COUNT]:
        words = t_markdown(
            lang,
            "latest_item",
            board=m.board_in(lang),
            type=type_name(m, lang).lower(),
            date=long_date(m.published, lang),
        )
        shown = m.summary_in(lang)
        summary = f" {shown.markdown(lang)}" if shown else ""
        lines.append(
            f"- [{esc(m.reference)}]({_link(page, review_path(m.ref))}): {words}.{summary}"
        )
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
