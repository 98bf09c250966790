"""Atom and RSS feeds of the most recently published reviews, one pair per language.

Built from the public metadata only (title, Board, type, summary, publication date),
with absolute links from the configured `site_url`. The feeds are dated by the latest
publication, never by the clock, so the same reviews always give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from email.utils import format_datetime
from xml.sax.saxutils import escape, quoteattr

from pipeline.site.i18n import long_date, t, t_html, t_plain
from pipeline.site.meta import PublicMeta

FEED_COUNT = 50
RSS_FILE = "feed.xml"
ATOM_FILE = "atom.xml"
FEED_FILES: frozenset[str] = frozenset({RSS_FILE, ATOM_FILE})


def _newest(metas: list[PublicMeta]) -> list[PublicMeta]:
    return sorted(metas, key=lambda m: (-m.published.toordinal(), m.ref))[:FEED_COUNT]


def _when(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _summary(meta: PublicMeta, lang: str) -> tuple[str, bool]:
    """An entry's summary, and whether it is HTML.

    Plain text when every word is in the feed's language; HTML when some are not (an
    English Board name or summary in the Welsh feed), marked `<span lang="en">`.
    """
    values = {
        "board": meta.board_in(lang),
        "type": t(lang, f"type_{meta.review_type}").lower(),
        "date": long_date(meta.published, lang),
    }
    summary = meta.summary_in(lang)
    if meta.board_in(lang).lang == lang and (summary is None or summary.lang == lang):
        facts = t_plain(lang, "latest_item", **values)
        return (f"{facts}. {summary.text}" if summary else facts + "."), False
    facts = t_html(lang, "latest_item", **values)
    return (f"{facts}. {summary.html(lang)}" if summary else facts + "."), True


def _title(meta: PublicMeta, lang: str) -> str:
    return t(lang, "review_title", reference=meta.reference)


def rss(metas: list[PublicMeta], *, lang: str, site_url: str, title: str) -> str:
    """RSS 2.0 of the newest reviews; `site_url` ends with `/` (the language's root)."""
    newest = _newest(metas)
    items = []
    for m in newest:
        link = f"{site_url}reviews/{m.ref}/"
        items.append(
            "  <item>\n"
            f"   <title>{escape(_title(m, lang))}</title>\n"
            f"   <link>{escape(link)}</link>\n"
            f'   <guid isPermaLink="true">{escape(link)}</guid>\n'
            f"   <pubDate>{format_datetime(_when(m.published), usegmt=True)}</pubDate>\n"
            f"   <description>{escape(_summary(m, lang)[0])}</description>\n"
            "  </item>\n"
        )
    built = (
        f"  <lastBuildDate>{format_datetime(_when(newest[0].published), usegmt=True)}"
        "</lastBuildDate>\n"
        if newest
        else ""
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">\n <channel>\n'
        f"  <title>{escape(title)}</title>\n  <link>{escape(site_url)}</link>\n"
        f"  <description>{escape(t(lang, 'feed_description'))}</description>\n"
        f"  <language>{'cy' if lang == 'cy' else 'en-gb'}</language>\n{built}"
        + "".join(items)
        + " </channel>\n</rss>\n"
    )


def atom(metas: list[PublicMeta], *, lang: str, site_url: str, title: str) -> str:
    """Atom 1.0 of the newest reviews; `site_url` ends with `/` (the language's root)."""
    newest = _newest(metas)
    updated = _when(newest[0].published if newest else dt.date(2016, 1, 1)).isoformat()
    entries = []
    for m in newest:
        link = f"{site_url}reviews/{m.ref}/"
        when = _when(m.published).isoformat()
        summary, is_html = _summary(m, lang)
        kind = ' type="html"' if is_html else ""
        board = m.board_in(lang)
        author_lang = f' xml:lang="{board.lang}"' if board.lang != lang else ""
        entries.append(
            " <entry>\n"
            f"  <title>{escape(_title(m, lang))}</title>\n"
            f'  <link rel="alternate" href={quoteattr(link)}/>\n'
            f"  <id>{escape(link)}</id>\n"
            f"  <published>{when}</published>\n  <updated>{when}</updated>\n"
            f"  <author{author_lang}><name>{escape(board.text)}</name></author>\n"
            f"  <summary{kind}>{escape(summary)}</summary>\n"
            " </entry>\n"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}">\n'
        f" <title>{escape(title)}</title>\n"
        f" <subtitle>{escape(t(lang, 'feed_description'))}</subtitle>\n"
        f' <link rel="alternate" href={quoteattr(site_url)}/>\n'
        f' <link rel="self" href={quoteattr(site_url + ATOM_FILE)}/>\n'
        f" <id>{escape(site_url)}</id>\n <updated>{updated}</updated>\n"
        + "".join(entries)
        + "</feed>\n"
    )
