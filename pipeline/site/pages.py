"""A review's page: the metadata panel, the process record, downloads, report and plan.

Pure functions from public metadata and approved text to Markdown; nothing here reads
the review record or the redaction list, so nothing confidential can reach a page
except through the arguments, and `publish` verifies every page it writes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pipeline.model.action_plan import COLUMNS
from pipeline.model.review_record import PROCESS_DATES
from pipeline.model.timescales import REVIEW, Deadline, DeadlineState
from pipeline.site.i18n import (
    Phrase,
    file_size,
    long_date,
    t,
    t_html,
    t_markdown,
    t_pandoc,
    t_plain,
)
from pipeline.site.markdown import esc, esc_html, esc_title, front_matter, table
from pipeline.site.meta import PublicMeta
from pipeline.site.plan import ENGLISH_COLUMNS, plan_headers, plan_rows
from pipeline.site.sanitise import sanitise_markdown

PROCESS_STAGES = PROCESS_DATES  # the process table's rows, in order


def review_title(meta: PublicMeta, lang: str) -> str:
    """`Child Practice Review CYSUR 2/2025`."""
    return t(lang, "review_title", reference=meta.reference)


def type_name(meta: PublicMeta, lang: str) -> str:
    """`Concise` or `Extended` (or the Welsh)."""
    return t(lang, f"type_{meta.review_type}")


def _panel(meta: PublicMeta, lang: str) -> str:
    """The metadata panel as a description list (raw HTML, every value escaped)."""
    rows = [
        ("reference", esc_html(meta.reference)),
        ("board", meta.board_in(lang).html(lang)),
        (
            "review_type",
            f"{esc_html(type_name(meta, lang))}: "
            f"{esc_html(t(lang, f'type_{meta.review_type}_means'))}",
        ),
        ("why_reviewed", esc_html(t(lang, f"outcome_{meta.outcome}"))),
        ("themes", ", ".join(p.html(lang) for p in meta.themes_in(lang)) or "&ndash;"),
        ("reviewers", esc_html(", ".join(meta.reviewers))),
        ("panel_chair", esc_html(meta.panel_chair)),
        (
            "redactions",
            t_html(
                lang,
                "redactions_fact",
                role=meta.role_in(lang),
                date=long_date(meta.approved_on, lang),
            )
            + f' <span class="cpr-note">{esc_html(t(lang, "redactions_explained"))}</span>',
        ),
    ]
    items = "".join(f"<dt>{esc_html(t(lang, k))}</dt><dd>{v}</dd>" for k, v in rows)
    return f'<dl class="cpr-meta">{items}</dl>\n'


def _process(meta: PublicMeta, lang: str) -> str:
    """The process record in date order; stages not yet reached last, in their usual order."""
    dated = [(getattr(meta.dates, s), i, s) for i, s in enumerate(PROCESS_STAGES)]
    ordered = sorted(dated, key=lambda d: (d[0] is None, d[0].toordinal() if d[0] else 0, d[1]))
    rows = [
        [esc(t(lang, stage)), esc(long_date(value, lang)) if value else esc(t(lang, "not_yet"))]
        for value, _, stage in ordered
    ]
    return table([esc(t(lang, "stage")), esc(t(lang, "date"))], rows)


def outcome_words(deadline: Deadline, lang: str) -> str:
    """The engine's state in words: `Met`, `Not met (3 days late)`, `Due by 12 August 2024`."""
    due = long_date(deadline.due, lang) if deadline.due else ""
    words = {
        DeadlineState.met: t(lang, "ts_met"),
        DeadlineState.not_met: t(lang, "ts_not_met", days=deadline.days_late),
        DeadlineState.not_started: t(lang, "ts_not_started"),
        DeadlineState.due: t(lang, "ts_due_by", date=due),
        DeadlineState.overdue: t(lang, "ts_overdue", date=due),
    }
    return words[deadline.state]


def _timescales(meta: PublicMeta, lang: str, *, pandoc: bool = False) -> str:
    rows = []
    for deadline in meta.deadlines():
        key = "ts_review" if deadline.key == REVIEW else "ts_action_plan"
        label = t(lang, key, n=deadline.within)
        due = long_date(deadline.due, lang) if deadline.due else "–"
        rows.append([esc(label), esc(due), esc(outcome_words(deadline, lang))])
    headers = [esc(t(lang, k)) for k in ("timescale", "due_by", "outcome")]
    fill = t_pandoc if pandoc else t_markdown
    return table(headers, rows) + "\n" + fill(lang, "ts_source", source=meta.source_in(lang)) + "\n"


def _downloads(meta: PublicMeta, lang: str) -> str:
    lines = []
    # Downloads in the page's language first, then the other.
    for d in sorted(meta.downloads, key=lambda d: (d.lang != lang, d.lang, d.format)):
        text = t(
            lang,
            f"download_{d.format}",
            lang_name=t(lang, f"lang_{d.lang}"),
            size=file_size(d.size),
        )
        lines.append(f"- [{esc(text)}]({d.file})")
    return "\n".join(lines) + "\n"


def status_date(meta: PublicMeta) -> dt.date:
    """The date the action plan's statuses stand at: this version's approval or publication.

    The publication date, or the later approval of a review published again.
    """
    return max(meta.published, meta.approved_on)


def plan_section(items: list[dict[str, Any]] | None, lang: str) -> str:
    """The action plan as a Markdown table (downloads), or a sentence: not published yet."""
    if not items:
        return esc(t(lang, "no_action_plan")) + "\n"
    rows = [
        [
            Phrase(c, "en").pandoc(lang) if c and col in ENGLISH_COLUMNS else esc(c)
            for col, c in zip(COLUMNS, row, strict=True)
        ]
        for row in plan_rows(items, lang)
    ]
    return table([esc(h) for h in plan_headers(lang)], rows)


def _lang_attr(column: str, value: str, lang: str) -> str:
    """` lang="en"` on a cell of the plan's own (English) words on a Welsh page."""
    return ' lang="en"' if lang != "en" and value and column in ENGLISH_COLUMNS else ""


def plan_html(items: list[dict[str, Any]] | None, lang: str, *, as_at: dt.date) -> str:
    """The action plan on the page: a table whose rows stack as cards on a phone.

    Each cell carries its column's name (`data-label`), which the stylesheet shows
    beside the value below a width; the statuses are dated ("status as at").
    """
    if not items:
        return esc(t(lang, "no_action_plan")) + "\n"
    headers = plan_headers(lang)
    head = "".join(f'<th scope="col">{esc_html(h)}</th>' for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td data-label="{esc_html(h)}"{_lang_attr(col, c, lang)}>{esc_html(c)}</td>'
            for col, h, c in zip(COLUMNS, headers, row, strict=True)
        )
        + "</tr>"
        for row in plan_rows(items, lang)
    )
    note = esc_html(t(lang, "status_as_at", date=long_date(as_at, lang)))
    return (
        f'<p class="cpr-note">{note}</p>\n'
        f'<table class="cpr-plan"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>\n'
    )


def review_page(
    meta: PublicMeta, *, lang: str, body: str | None, plan: list[dict[str, Any]] | None
) -> str:
    """The whole review page in `lang`.

    Args:
        meta: the public metadata.
        lang: `en` or `cy`.
        body: the approved, verified report as Markdown (headings already shifted so the
            report's own top level is h3), or None when the report is not in `lang`.
        plan: the action plan's items, if any.

    The report goes through `sanitise_markdown` (no raw HTML, links only to http(s)
    and mailto, braces escaped). The title is HTML-escaped in the front matter: the
    theme writes `page.title` into the page header, the search index and the tags
    listing as HTML. The description stays plain text; the theme escapes it.
    """
    summary = meta.summary_in(lang)
    themes = meta.themes_in(lang)
    board = meta.board_in(lang)
    fm: dict[str, object] = {
        "title": esc_title(meta.reference),
        # Plain text (a meta tag cannot mark a language): never English on a Welsh page.
        "description": summary.text
        if summary and summary.lang == lang
        else review_title(meta, lang),
        "tags": [p.text for p in themes],
        # "Cite this review": the template adds the page's permanent address.
        "cite": citation(meta, lang),
        "cite_heading": t(lang, "cite_heading"),
        "cite_available": t(lang, "cite_available"),
    }
    foreign = [p.text for p in themes if p.lang != lang]
    if foreign:
        fm["tags_en"] = foreign  # the tags partial marks these `lang="en"`
    if board.lang != lang:
        fm["cite_en"] = board.text  # the citation starts with it; the template marks it
    lead = ""
    if summary is not None:
        lead = (
            f"{esc(summary.text)}\n"
            if summary.lang == lang
            else f'<p lang="{summary.lang}">{esc_html(summary.text)}</p>\n'
        )
    parts = [
        front_matter(fm),
        f"# {esc(review_title(meta, lang))}\n",
        lead,
        f"## {esc(t(lang, 'about_review'))}\n",
        _panel(meta, lang),
        f"### {esc(t(lang, 'process'))}\n",
        _process(meta, lang),
        f"### {esc(t(lang, 'timescales'))}\n",
        _timescales(meta, lang),
        f"## {esc(t(lang, 'downloads'))}\n",
        _downloads(meta, lang),
        f"## {esc(t(lang, 'report'))}\n",
        sanitise_markdown(body) if body is not None else esc(t(lang, "english_only")) + "\n",
        f"## {esc(t(lang, 'action_plan'))}\n",
        plan_html(plan, lang, as_at=status_date(meta)),
    ]
    return "\n".join(p for p in parts if p)


def citation(meta: PublicMeta, lang: str) -> str:
    """How to cite the review: Board, year, title, publication date.

    The template adds `Available at: <permalink>` (the page's canonical address).
    """
    return t_plain(lang, "cite_text", **_cite_fields(meta, lang))


def _cite_fields(meta: PublicMeta, lang: str) -> dict[str, Any]:
    """What the citation names, for the page and for the downloads alike."""
    return {
        "board": meta.board_in(lang),
        "year": meta.year,
        "title": review_title(meta, lang),
        "date": long_date(meta.published, lang),
    }


def download_source(
    meta: PublicMeta, *, lang: str, body: str, plan: list[dict[str, Any]] | None
) -> str:
    """The Markdown the DOCX, ODT and PDF downloads are made from: the approved text.

    With the process record, the timescales, the plan's status date and the citation.

    The report goes through `sanitise_markdown`, as on the page.
    """
    redactions = t_pandoc(
        lang, "redactions_fact", role=meta.role_in(lang), date=long_date(meta.approved_on, lang)
    )
    parts = [
        f"# {esc(review_title(meta, lang))}\n",
        f"{meta.board_in(lang).pandoc(lang)}. {esc(type_name(meta, lang))}. "
        f"{esc(t(lang, 'published'))}: {esc(long_date(meta.published, lang))}.\n",
        f"{redactions} {esc(t(lang, 'redactions_explained'))}\n",
        f"## {esc(t(lang, 'process'))}\n",
        _process(meta, lang),
        f"## {esc(t(lang, 'timescales'))}\n",
        _timescales(meta, lang, pandoc=True),
        f"## {esc(t(lang, 'report'))}\n",
        sanitise_markdown(body),
        f"## {esc(t(lang, 'action_plan'))}\n",
        esc(t(lang, "status_as_at", date=long_date(status_date(meta), lang))) + "\n",
        plan_section(plan, lang),
        f"## {esc(t(lang, 'cite_heading'))}\n",
        t_pandoc(lang, "cite_text", **_cite_fields(meta, lang)) + "\n",
    ]
    return "\n".join(parts)
