"""The built public site in a real browser (Debian's Chromium), served on localhost.

Two fictional reviews go through the real pipeline (ingest, case-file proposals, every
entry decided, approve, anonymise, publish); the site is served with
`python -m http.server` on 127.0.0.1 and driven with Playwright.
"""

from __future__ import annotations

import html
import io
import re
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from support.site import TODAY, case_terms, prepared_workspace

from pipeline.measure.scale import CHROMIUM
from pipeline.measure.scale import CHROMIUM_ARGS as ARGS
from pipeline.site.builder import site_output
from pipeline.stages.publish import publish_review
from pipeline.stages.review import open_review

GWYN, TREF = "GWYN 1/2024", "TREF 2/2023"
needs_browser = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)",
)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory):
    ws = prepared_workspace(tmp_path_factory.mktemp("ws"))
    for ref in ("gwyn-2024-01", "tref-2023-02"):
        publish_review(open_review(ws, ref), ws=ws, today=TODAY)
    return ws


@pytest.fixture(scope="module")
def base_url(published) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "http.server",
            str(port),
            "--bind",
            "127.0.0.1",
            "-d",
            str(site_output(published)),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1).close()
            break
        except OSError:
            time.sleep(0.05)
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium is not installed at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, base_url):
    """A page that records every request; the test fails if one leaves localhost."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    requested: list[str] = []
    pg.on("request", lambda r: requested.append(r.url))
    yield pg
    context.close()
    foreign = [
        u
        for u in requested
        if urlparse(u).hostname not in {"127.0.0.1", "localhost"}
        and not u.startswith(("data:", "blob:"))
    ]
    assert not foreign, f"requests to other hosts: {foreign[:5]}"
    assert requested, "the page made no request at all"


def _rows(pg) -> set[str]:
    """The references of the review cards shown on the current page."""
    if pg.locator("#cpr-catalogue").count():
        pg.locator("#cpr-results .cpr-card").first.wait_for(timeout=10_000)
    return {c.strip() for c in pg.locator(".cpr-card__title:visible").all_inner_texts()}


@needs_browser
@pytest.mark.browser
def test_catalogue_lists_every_published_review(page, base_url):
    page.goto(base_url + "catalogue/")
    assert _rows(page) == {GWYN, TREF}
    page.goto(base_url)
    latest = page.locator("main").inner_text()
    assert GWYN in latest and TREF in latest


@needs_browser
@pytest.mark.browser
@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("Concise (1)", {GWYN}),
        ("Extended (1)", {TREF}),
        ("neglect (1)", {TREF}),
        ("domestic abuse (1)", {GWYN}),
        ("information sharing (2)", {GWYN, TREF}),
        ("North Wales Safeguarding Board (1)", {TREF}),
        ("2024 (1)", {GWYN}),
    ],
)
def test_filters_show_exactly_the_matching_reviews(page, base_url, link, expected):
    # Theme links are on the Themes page; type, Board and year links on the catalogue.
    themed = link.split(" (")[0] in {"neglect", "domestic abuse", "information sharing"}
    page.goto(base_url + ("catalogue/themes/" if themed else "catalogue/"))
    page.get_by_role("link", name=link, exact=True).click()
    page.wait_for_load_state()
    assert _rows(page) == expected


@needs_browser
@pytest.mark.browser
def test_search_finds_a_phrase_from_a_report_body(page, base_url):
    page.goto(base_url)
    page.get_by_role("searchbox", name="Search the reviews").fill("toddler group")
    page.keyboard.press("Enter")
    result = page.locator("#cpr-results a[href*='reviews/gwyn-2024-01']").first
    result.wait_for(timeout=10_000)
    assert _rows(page) == {GWYN}  # from the report's text: the shards, not the metadata


@needs_browser
@pytest.mark.browser
def test_metadata_panel_shows_dates_and_timescales(page, base_url):
    page.goto(base_url + "reviews/gwyn-2024-01/")
    main = page.locator("main").inner_text()
    for text in (
        "GWYN 1/2024",
        "Mid and West Wales Safeguarding Board",
        "Concise",
        "Anwen Adolygydd",
        "Brychan Cadeirydd",
        "10 January 2024",
        "5 March 2024",
        "20 June 2024",
        "28 June 2024",
        "15 July 2024",
        "10 July 2024",
        "12 July 2024",
        "Redactions approved by the Board's Business Manager on",
    ):
        assert text in main, text
    outcomes = page.locator("table").nth(1).locator("tbody tr td:last-child").all_inner_texts()
    assert outcomes == ["Met", "Met"]
    page.goto(base_url + "reviews/tref-2023-02/")
    main = page.locator("main").inner_text()
    assert "Ceridwen Awdur, Hywel Ysgrifennwr" in main
    assert "2 October 2023" in main  # today's date: the record has no publication date
    outcomes = page.locator("table").nth(1).locator("tbody tr td:last-child").all_inner_texts()
    assert outcomes == ["Not met (19 days late)", "Due by 13 October 2023"]
    assert "not yet recorded" in main  # action plan dates missing
    assert "The action plan has not been published yet." in main


@needs_browser
@pytest.mark.browser
def test_downloads_are_served_and_open_as_documents(page, base_url):
    page.goto(base_url + "reviews/gwyn-2024-01/")
    links = page.locator("main a[href$='.docx'], main a[href$='.odt']")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert sorted(hrefs) == [
        "gwyn-2024-01.cy.docx",
        "gwyn-2024-01.cy.odt",
        "gwyn-2024-01.docx",
        "gwyn-2024-01.odt",
    ]
    for href in hrefs:
        response = page.request.get(base_url + "reviews/gwyn-2024-01/" + href)
        assert response.ok
        package = zipfile.ZipFile(io.BytesIO(response.body()))
        if href.endswith(".docx"):
            assert "word/document.xml" in package.namelist()
        else:
            assert package.read("mimetype") == b"application/vnd.oasis.opendocument.text"


@needs_browser
@pytest.mark.browser
def test_language_switcher_reaches_the_welsh_page_and_back(page, base_url):
    page.goto(base_url + "reviews/gwyn-2024-01/")
    page.get_by_role("button", name="Select language").hover()
    page.get_by_role("link", name="Cymraeg").click()
    page.wait_for_url("**/cy/reviews/gwyn-2024-01/")
    assert page.locator("html").get_attribute("lang") == "cy"
    assert "Adolygiad Ymarfer Plant GWYN 1/2024" in page.locator("h1").inner_text()
    assert "Cymeradwywyd y golygiadau" in page.locator("main").inner_text()
    page.get_by_role("button", name=re.compile("iaith|language", re.I)).hover()
    page.get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r"/reviews/gwyn-2024-01/$"))
    assert "/cy/" not in page.url
    assert page.locator("html").get_attribute("lang") == "en"


AXE_PAGES = [
    "",
    "about/",
    "catalogue/",
    "catalogue/theme/neglect/",
    "catalogue/themes/",
    "reviews/gwyn-2024-01/",
    "reviews/tref-2023-02/",
    "cy/",
    "cy/catalogue/",
    "cy/reviews/gwyn-2024-01/",
    "cy/reviews/tref-2023-02/",
]


@needs_browser
@pytest.mark.browser
def test_axe_reports_no_serious_or_critical_violation(page, base_url):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    problems = []
    for path in AXE_PAGES:
        page.goto(base_url + path)
        result = axe.run(page)
        for v in result.response["violations"]:
            if v["impact"] in {"serious", "critical"}:
                problems.append(f"{path or '/'}: {v['id']} ({len(v['nodes'])} node(s))")
    assert not problems, problems


@needs_browser
@pytest.mark.browser
def test_keyboard_reaches_the_search_and_main_content(page, base_url):
    page.goto(base_url + "catalogue/")
    page.keyboard.press("Tab")
    skip = page.evaluate(
        "(e => ({cls: e.className, href: e.getAttribute('href')}))(document.activeElement)"
    )
    assert "md-skip" in skip["cls"], skip  # the first Tab lands on the skip link
    target = skip["href"]
    assert target and target.startswith("#")
    page.keyboard.press("Enter")
    assert page.url.endswith(target)
    # The skip link's target is inside the main content, not the header or navigation.
    assert page.evaluate("t => !!document.querySelector('.md-content').querySelector(t)", target)


def _visible_text(path: Path) -> str:
    if path.suffix in {".docx", ".odt"}:
        part = "word/document.xml" if path.suffix == ".docx" else "content.xml"
        return html.unescape(
            re.sub(r"<[^>]+>", " ", zipfile.ZipFile(path).read(part).decode("utf-8"))
        )
    return html.unescape(path.read_text(encoding="utf-8", errors="replace"))


def test_no_name_alias_or_place_of_any_case_anywhere_in_the_built_site(published):
    site = site_output(published)
    terms = case_terms(published)
    assert "Elis Prydderch" in terms and "Nghwmderwen" in terms  # the check is not empty
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in terms) + r")(?!\w)", re.I)
    checked = 0
    for path in sorted(site.rglob("*")):
        if path.suffix in {".html", ".json", ".xml", ".docx", ".odt", ".txt"}:
            text = _visible_text(path)
            hit = pattern.search(text)
            assert hit is None, f"{path.relative_to(site)} holds a case-file term"
            checked += 1
    assert (site / "catalogue.json").is_file() and list((site / "search").glob("*.json"))
    assert (site / "sitemap.xml").is_file()
    assert checked > 20
    # The public names are there: the check looks at real pages.
    assert "Anwen Adolygydd" in (site / "reviews" / "gwyn-2024-01" / "index.html").read_text()


def test_built_pages_load_nothing_from_another_host(published):
    site = site_output(published)
    # <link rel="canonical"> names the page's own public address; nothing fetches it.
    attr = re.compile(
        r"<(?:script|link(?![^>]*rel=\"canonical\")|img|source|iframe)\b[^>]*\b(?:src|href)=\"([^\"]+)\""
    )
    for path in site.rglob("*.html"):
        for url in attr.findall(path.read_text(encoding="utf-8")):
            assert not re.match(r"(?:https?:)?//", url), f"{path.name}: {url}"
