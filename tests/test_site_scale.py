"""The public site at scale: many synthetic published reviews, built and used in Chromium.

`pipeline.measure.scale` makes the reviews from the committed fictional samples and
builds them with the site's own builder. `make test` runs this at SIZE reviews (the
browser checks, with generous time bounds); `cpr bench --site` measures 1,400.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from pipeline.measure.scale import CHROMIUM, CHROMIUM_ARGS, serve, synthesise
from pipeline.site.builder import build_into
from pipeline.site.collection import fold, page_text, search_shards, words
from pipeline.site.meta import all_meta

REPO = Path(__file__).resolve().parents[1]
SIZE = 120
needs_browser = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's Chromium is not installed at /usr/bin/chromium"
)


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Siân", "sian"), ("ffôn", "ffon"), ("Tŷ Gwŷr", "ty gwyr"), ("CYSUR", "cysur")],
)
def test_search_folds_welsh_diacritics(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_shards_map_each_word_to_the_reviews_using_it() -> None:
    shards = {k: json.loads(v) for k, v in search_shards(["Siân's ffôn", "ffon call"]).items()}
    assert shards["ff"] == {"ffon": [0, 1]}
    assert shards["si"] == {"sian": [0]}
    assert shards["ca"] == {"call": [1]}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, float]:
    root = tmp_path_factory.mktemp("scale")
    ws = synthesise(REPO, root / "ws", n=SIZE)
    start = time.perf_counter()
    build_into(ws, source=ws.site, dest=root / "site")
    return ws.site, root / "site", time.perf_counter() - start


def test_build_is_complete_and_small_by_design(built: tuple[Path, Path, float]) -> None:
    _source, site, seconds = built
    assert seconds < 600
    for lang, root in (("en", site), ("cy", site / "cy")):
        data = json.loads((root / "catalogue.json").read_text(encoding="utf-8"))
        assert len(data["reviews"]) == SIZE
        size = (root / "catalogue.json").stat().st_size
        assert size / SIZE < 600, f"{lang}: {size / SIZE:.0f} bytes a review"
        assert "ffon" in json.loads((root / "search" / "ff.json").read_text()) or lang == "en"
    # No listing page grows with the collection beyond one year, Board or theme.
    index = (site / "catalogue" / "index.html").stat().st_size
    assert index < 250_000
    for sitemap in (site / "sitemap.xml", site / "cy" / "sitemap.xml"):
        assert sitemap.read_text(encoding="utf-8").count("<loc>https://") > SIZE
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert "cy/sitemap.xml" in robots
    assert (site / "feed.xml").is_file() and (site / "cy" / "atom.xml").is_file()


@pytest.fixture(scope="module")
def base_url(built: tuple[Path, Path, float]) -> Iterator[str]:
    with serve(built[1]) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium is not installed at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def _page(browser, *, width: int = 1280, js: bool = True):
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=js)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    return context, page, requested


def _no_foreign(requested: list[str]) -> None:
    foreign = [
        u
        for u in requested
        if urlparse(u).hostname not in {"127.0.0.1", "localhost"}
        and not u.startswith(("data:", "blob:"))
    ]
    assert not foreign, f"requests to other hosts: {foreign[:5]}"


@pytest.fixture
def page(browser):
    context, pg, requested = _page(browser)
    yield pg
    context.close()
    _no_foreign(requested)


def _metas(built: tuple[Path, Path, float]):
    return all_meta(built[0] / "data")


def _count(page) -> str:
    return page.locator("#cpr-count").inner_text()


def _open(page, url: str) -> None:
    page.goto(url)
    page.locator("#cpr-results .cpr-card").first.wait_for(timeout=30_000)


@needs_browser
@pytest.mark.browser
def test_two_facets_combine(page, base_url, built) -> None:
    metas = _metas(built)
    board, year = metas[0].board, metas[0].year
    expected = [m for m in metas if m.board == board and m.year == year]
    _open(page, base_url + "catalogue/")
    page.select_option("#cpr-board", board)
    page.select_option("#cpr-year", str(year))
    page.wait_for_function(
        "n => document.getElementById('cpr-count').textContent.includes('of ' + n + ' ')",
        arg=len(expected),
    )
    shown = page.locator("#cpr-results .cpr-card__title").all_inner_texts()
    assert shown == [m.reference for m in expected][:20]
    assert f"board={board.replace(' ', '+')}" in page.url  # the filters can be linked to


@needs_browser
@pytest.mark.browser
def test_sort_and_pages(page, base_url, built) -> None:
    metas = _metas(built)
    oldest = sorted(metas, key=lambda m: (m.published, m.ref))
    _open(page, base_url + "catalogue/")
    assert _count(page) == f"Showing 1 to 20 of {SIZE} reviews"
    page.select_option("#cpr-sort", "oldest")
    page.wait_for_function(
        "r => document.querySelector('#cpr-results .cpr-card__title').textContent === r",
        arg=oldest[0].reference,
    )
    page.get_by_role("button", name="Next").click()
    assert _count(page) == f"Showing 21 to 40 of {SIZE} reviews"
    assert page.locator("#cpr-results .cpr-card__title").first.inner_text() == (
        oldest[20].reference
    )
    # Every card carries the review's summary.
    assert page.locator("#cpr-results .cpr-card__summary").count() == 20


@needs_browser
@pytest.mark.browser
def test_welsh_search_folds_diacritics_and_searches_welsh_text(page, base_url, built) -> None:
    source = built[0]
    metas = _metas(built)
    expected = {
        m.ref
        for m in metas
        if "ffon" in words(page_text((source / "cy" / "reviews" / m.ref / "index.md").read_text()))
    }
    assert expected
    start = time.perf_counter()
    page.goto(base_url + "cy/catalogue/?q=ffon")
    page.wait_for_function(
        "n => document.getElementById('cpr-count').textContent.includes(' o ' + n + ' ')",
        arg=len(expected),
        timeout=30_000,
    )
    assert time.perf_counter() - start < 10  # generous: the bench reports the real figure
    links = page.locator("#cpr-results .cpr-card__title a").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )
    assert all(href.split("/")[-2] in expected for href in links)


@needs_browser
@pytest.mark.browser
def test_header_search_opens_the_catalogue_with_results(page, base_url) -> None:
    page.goto(base_url)
    page.fill("#cpr-header-q", "Safeguarding")
    page.press("#cpr-header-q", "Enter")
    page.locator("#cpr-results .cpr-card").first.wait_for(timeout=30_000)
    assert page.url.startswith(base_url + "catalogue/")
    assert page.input_value("#cpr-q") == "Safeguarding"


@needs_browser
@pytest.mark.browser
def test_without_javascript_every_year_is_listed(browser, base_url, built) -> None:
    metas = _metas(built)
    context, pg, requested = _page(browser, js=False)
    pg.goto(base_url + "catalogue/")
    newest = metas[0].year
    assert pg.locator("#cpr-static .cpr-card").count() == sum(m.year == newest for m in metas)
    years = sorted({m.year for m in metas}, reverse=True)
    for year in years[:2]:
        pg.goto(base_url + f"catalogue/year/{year}/")
        assert pg.locator(".cpr-card").count() == sum(m.year == year for m in metas)
    context.close()
    _no_foreign(requested)


@needs_browser
@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("path", ["catalogue/", "cy/catalogue/", "review", ""])
def test_axe_no_serious_or_critical(browser, base_url, built, width: int, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    if path == "review":
        path = f"reviews/{_metas(built)[0].ref}/"
    context, pg, requested = _page(browser, width=width)
    pg.goto(base_url + path)
    if "catalogue" in path:
        pg.locator("#cpr-results .cpr-card").first.wait_for(timeout=30_000)
    result = Axe().run(pg)
    bad = [
        (v["id"], v["impact"], len(v["nodes"]))
        for v in result.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    context.close()
    _no_foreign(requested)
    assert not bad, bad
