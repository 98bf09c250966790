"""The collection's static data: a small catalogue JSON and a sharded full-text index.

Both are written into the built site (never into `published_site/`), one set per
language, so no page grows with the collection and the browser loads only what a
search needs:

- `catalogue.json`: the public metadata of every review, a few hundred bytes each
  (reference, Board, type, year, publication date, outcome, themes, summary), newest
  first. The catalogue's filters, sort, pages and the first search results come from it.
- `search/XX.json`: the words of every review page in that language, folded (lower
  case, accents removed, so `Sian` finds `Siân`), split into shards by their first two
  letters. Each shard maps a word to the positions (in `catalogue.json`) of the reviews
  that use it; a search fetches only the shards of its words.

Nothing here reads a record or a list: only the published metadata and the published
review pages, which the final gate reads again in the built site.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from pipeline.site.meta import PublicMeta

CATALOGUE_JSON = "catalogue.json"
SEARCH_DIR = "search"
SHARD_PREFIX = 2  # letters of a word that name its shard
MIN_WORD = 2
_WORD = re.compile(r"[a-z0-9]+")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_MARKUP = re.compile(r"<[^>]*>|\]\([^)]*\)|&[a-z]+;|&#\d+;")


def fold(text: str) -> str:
    """Lower case without accents: `Siân Ŵyn` -> `sian wyn` (what the search compares)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> set[str]:
    """The distinct folded words of `text` worth indexing (two characters or more)."""
    return {w for w in _WORD.findall(fold(text)) if len(w) >= MIN_WORD}


def page_text(markdown: str) -> str:
    """A review page's Markdown without front matter, tags, link targets or entities."""
    return _MARKUP.sub(" ", _FRONT_MATTER.sub("", markdown))


def record(meta: PublicMeta, lang: str = "en") -> dict[str, object]:
    """One review's entry in `catalogue.json` (short keys: the file stays small).

    `b` and `h` are the Board and themes as filter values: their English names, the same
    in both languages. In Welsh, `B` is the Board's Welsh name and `H` the themes' Welsh
    labels (null where a theme has none), each only when there is one; what has no Welsh
    form is shown in English, marked `lang="en"` by `cpr.js`. `s` is the summary shown,
    with `sl: "en"` when it is the English one on a Welsh page.
    """
    summary = meta.summary_in(lang)
    entry: dict[str, object] = {
        "r": meta.ref,
        "n": meta.reference,
        "b": meta.board,
        "t": meta.review_type,
        "y": meta.year,
        "d": meta.published.isoformat(),
        "o": meta.outcome,
        "h": list(meta.themes),
        "s": summary.text if summary else "",
    }
    if summary is not None and summary.lang != lang:
        entry["sl"] = summary.lang
    board = meta.board_in(lang)
    if board.lang == lang and lang != "en":
        entry["B"] = board.text
    themes = [meta.theme_in(th, lang) for th in meta.themes]
    if lang != "en" and any(p.lang == lang for p in themes):
        entry["H"] = [p.text if p.lang == lang else None for p in themes]
    return entry


def catalogue_json(metas: list[PublicMeta], lang: str = "en") -> str:
    """`catalogue.json`: every review's record, newest first, then by reference.

    `lang` is the catalogue's language: in another than English, a Board or theme with
    no Welsh form is English, and `cpr.js` marks it so.
    """
    ordered = sorted(metas, key=lambda m: (-m.published.toordinal(), m.ref))
    data: dict[str, object] = {"version": 1, "reviews": [record(m, lang) for m in ordered]}
    if lang != "en":
        data["lang"] = lang
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def shard_key(word: str) -> str:
    """The shard a folded word is stored in: its first two letters."""
    return word[:SHARD_PREFIX]


def search_shards(texts: list[str]) -> dict[str, str]:
    """The sharded index of `texts` (in catalogue order): {shard key: JSON text}.

    Each shard is `{"word": [position, ...]}`, positions ascending.
    """
    postings: dict[str, list[int]] = defaultdict(list)
    for position, text in enumerate(texts):
        for word in sorted(words(text)):
            postings[word].append(position)
    shards: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for word in sorted(postings):
        shards[shard_key(word)][word] = postings[word]
    return {
        key: json.dumps(value, separators=(",", ":"), sort_keys=True) + "\n"
        for key, value in sorted(shards.items())
    }


@dataclass(frozen=True)
class DataSizes:
    """What the collection data of one language weighs (bytes)."""

    catalogue: int
    shards: int
    shard_count: int
    largest_shard: int


def write_language(
    metas: list[PublicMeta],
    *,
    docs: Path,
    root: Path,
    page_of: str = "reviews/{ref}/index.md",
    lang: str = "en",
) -> DataSizes:
    """Write `catalogue.json` and `search/*.json` for one language.

    Args:
        metas: every published review.
        lang: the language (`en`, `cy`): the catalogue's words and the names searched.
        docs: the language's docs folder (its review pages are read for the index).
        root: the language's root in the built site (the files go there).
        page_of: a review page's path inside `docs`.

    Returns:
        The sizes written.
    """
    ordered = sorted(metas, key=lambda m: (-m.published.toordinal(), m.ref))
    texts = []
    for m in ordered:
        page = docs / page_of.format(ref=m.ref)
        body = page.read_text(encoding="utf-8") if page.is_file() else ""
        summary = m.summary_in(lang)
        shown = [m.board_in(lang).text, *(p.text for p in m.themes_in(lang))]
        extra = " ".join(
            [m.reference, m.board, " ".join(m.themes), *shown, summary.text if summary else ""]
        )
        texts.append(page_text(body) + " " + extra)
    cat = catalogue_json(ordered, lang)
    (root / CATALOGUE_JSON).write_text(cat, encoding="utf-8")
    folder = root / SEARCH_DIR
    folder.mkdir(parents=True, exist_ok=True)
    sizes = []
    for key, text in search_shards(texts).items():
        (folder / f"{key}.json").write_text(text, encoding="utf-8")
        sizes.append(len(text.encode("utf-8")))
    return DataSizes(
        catalogue=len(cat.encode("utf-8")),
        shards=sum(sizes),
        shard_count=len(sizes),
        largest_shard=max(sizes, default=0),
    )
