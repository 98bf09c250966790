"""Lists of reviews as cards, and the catalogue page's filters: raw HTML, every value escaped.

A card shows the reference (a link to the review), Board, type, publication date,
summary and themes, so a list can be read without opening each review. The catalogue's
filter form is written here in full (labels, every Board, year, theme and outcome as
options) and hidden until `cpr.js` has loaded `catalogue.json`; without
JavaScript the page shows the plain links and the newest year's reviews instead.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Sequence

from pipeline.site.collection import CATALOGUE_JSON
from pipeline.site.i18n import LABELS, MONTHS, Phrase, long_date, t
from pipeline.site.markdown import esc_html
from pipeline.site.meta import PublicMeta, ShownNames

PAGE_SIZE = 20
SORTS: tuple[str, ...] = ("newest", "oldest", "board")
OUTCOMES: tuple[str, ...] = ("died", "life_threatening_injury", "serious_permanent_impairment")
TYPES: tuple[str, ...] = ("concise", "extended")


def built_dir(source: str) -> str:
    """The folder a page's source path is served from (`a/b.md` -> `a/b`, `a/index.md` -> `a`)."""
    if posixpath.basename(source) == "index.md":
        return posixpath.dirname(source) or "."
    return source[: -len(".md")]


def href(from_source: str, to_dir: str) -> str:
    """A relative link from a page (its source path) to a built folder, ending in `/`."""
    rel = posixpath.relpath(to_dir or ".", built_dir(from_source))
    return "./" if rel == "." else rel + "/"


def card(meta: PublicMeta, lang: str, page: str) -> str:
    """One review as a list item."""
    link = href(page, f"reviews/{meta.ref}")
    facts = " · ".join(
        [
            meta.board_in(lang).html(lang),
            esc_html(t(lang, f"type_{meta.review_type}")),
            esc_html(t(lang, "col_published") + " " + long_date(meta.published, lang)),
        ]
    )
    parts = [
        '<li class="cpr-card">',
        f'<h3 class="cpr-card__title"><a href="{link}">{esc_html(meta.reference)}</a></h3>',
        f'<p class="cpr-card__meta">{facts}</p>',
    ]
    summary = meta.summary_in(lang)
    if summary is not None:
        marked = f' lang="{summary.lang}"' if summary.lang != lang else ""
        parts.append(f'<p class="cpr-card__summary"{marked}>{esc_html(summary.text)}</p>')
    if meta.themes:
        themes = ", ".join(p.html(lang) for p in meta.themes_in(lang))
        parts.append(f'<p class="cpr-card__themes">{esc_html(t(lang, "themes"))}: {themes}</p>')
    parts.append("</li>")
    return "".join(parts)


def cards(metas: list[PublicMeta], lang: str, page: str) -> str:
    """A list of cards (one HTML block, no blank lines, so Markdown leaves it alone)."""
    if not metas:
        return f"<p>{esc_html(t(lang, 'none_yet'))}</p>\n"
    items = "\n".join(card(m, lang, page) for m in metas)
    return f'<ol class="cpr-cards">\n{items}\n</ol>\n'


def _select(
    name: str,
    label: str,
    options: Sequence[tuple[str, str | Phrase]],
    *,
    any_label: str,
    lang: str,
) -> str:
    """A labelled drop-down; an option whose words are in another language says so."""

    def option(value: str, words: str | Phrase) -> str:
        if isinstance(words, str):
            return f'<option value="{esc_html(value)}">{esc_html(words)}</option>'
        marked = f' lang="{words.lang}"' if words.lang != lang else ""
        return f'<option value="{esc_html(value)}"{marked}>{esc_html(words.text)}</option>'

    opts = "".join(option(v, words) for v, words in options)
    if any_label:
        opts = f'<option value="">{esc_html(any_label)}</option>' + opts
    return (
        f'<p class="cpr-filter"><label for="cpr-{name}">{esc_html(label)}</label>'
        f'<select id="cpr-{name}" name="{name}">{opts}</select></p>'
    )


def js_labels(lang: str) -> dict[str, object]:
    """The words `cpr.js` writes, in `lang`."""
    return {
        "months": list(MONTHS[lang]),
        "types": {k: t(lang, f"type_{k}") for k in TYPES},
        "published": t(lang, "col_published"),
        "themes": t(lang, "themes"),
        "showing": LABELS[lang]["cat_showing"],  # filled in by the script
        "none": t(lang, "cat_none"),
        "previous": t(lang, "cat_previous"),
        "next": t(lang, "cat_next"),
        "page_of": LABELS[lang]["cat_page_of"],  # filled in by the script
    }


def filter_form(metas: list[PublicMeta], lang: str, page: str) -> str:
    """The catalogue's interactive part, hidden until its script has loaded the data."""
    any_label = t(lang, "cat_any")
    names = ShownNames.of(metas, lang)
    boards = names.boards()
    years = sorted({m.year for m in metas}, reverse=True)
    themes = names.themes()
    outcomes = [o for o in OUTCOMES if any(m.outcome == o for m in metas)]
    fields = [
        '<p class="cpr-filter cpr-filter--q"><label for="cpr-q">'
        f"{esc_html(t(lang, 'cat_search'))}</label>"
        '<input id="cpr-q" name="q" type="search" autocomplete="off" spellcheck="false"></p>',
        _select(
            "type",
            t(lang, "review_type"),
            [(k, t(lang, f"type_{k}")) for k in TYPES],
            any_label=any_label,
            lang=lang,
        ),
        _select("board", t(lang, "board"), boards, any_label=any_label, lang=lang),
        _select(
            "year",
            t(lang, "col_year"),
            [(str(y), str(y)) for y in years],
            any_label=any_label,
            lang=lang,
        ),
        _select("theme", t(lang, "themes"), themes, any_label=any_label, lang=lang),
        _select(
            "outcome",
            t(lang, "why_reviewed"),
            [(o, t(lang, f"outcome_{o}")) for o in outcomes],
            any_label=any_label,
            lang=lang,
        ),
        _select(
            "sort",
            t(lang, "cat_sort"),
            [(s, t(lang, f"cat_sort_{s}")) for s in SORTS],
            any_label="",
            lang=lang,
        ),
        f'<p class="cpr-filter cpr-filter--reset"><button type="reset" class="md-button">'
        f"{esc_html(t(lang, 'cat_clear'))}</button></p>",
    ]
    labels = esc_html(json.dumps(js_labels(lang), ensure_ascii=False, separators=(",", ":")))
    data = href(page, ".") + CATALOGUE_JSON
    return (
        # Fetched while the page's styles and scripts load (the script's fetch reuses it).
        f'<link rel="preload" href="{data}" as="fetch" crossorigin="anonymous">\n'
        f'<div id="cpr-catalogue" class="cpr-catalogue" hidden data-base="{href(page, ".")}" '
        f'data-page-size="{PAGE_SIZE}" data-labels="{labels}">'
        f'<form id="cpr-filters" class="cpr-filters" role="search" '
        f'aria-label="{esc_html(t(lang, "filter"))}">'
        + fields[0]
        + f'<details id="cpr-more" class="cpr-more" open><summary>{esc_html(t(lang, "cat_more"))}'
        + '</summary><div class="cpr-more__grid">'
        + "".join(fields[1:])
        + "</div></details></form>"
        f'<p id="cpr-count" class="cpr-count" role="status" tabindex="-1"></p>'
        '<ol id="cpr-results" class="cpr-cards"></ol>'
        f'<nav id="cpr-pager" class="cpr-pager" aria-label="{esc_html(t(lang, "cat_pages"))}">'
        "</nav></div>\n"
    )
