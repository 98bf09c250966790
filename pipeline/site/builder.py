"""The one wrapper around mkdocs, and the bilingual site build.

`published_site/` holds the site's source: `en/` and `cy/` are the docs folders of the
English and Welsh builds (`mkdocs.yml`, `mkdocs.cy.yml`), `overrides/` is the theme's
custom folder, `data/` the published reviews' metadata. The site is built to
`build/_site/` (English at the root, Welsh under `cy/`), through a generated config
that inherits the committed one and adds the theme vocabulary from
`redaction_rules/policy.yaml` (declared once, there) as the tags plugin's allow-list.

The build is reproducible: `SOURCE_DATE_EPOCH` is the latest publication date, so the
sitemap and downloads carry no build-time clock. It fails closed when a page would ask
the reader's browser to fetch anything from another host.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import yaml
from selectolax.lexbor import LexborHTMLParser
from selectolax.lexbor import LexborNode as Node

from pipeline.errors import InputError, ToolError
from pipeline.model.policy import load_policy
from pipeline.site import sanitise
from pipeline.site.collection import write_language
from pipeline.site.feeds import ATOM_FILE, FEED_FILES, RSS_FILE, atom, rss
from pipeline.site.meta import all_meta
from pipeline.site.sanitise import OUTBOUND_CLASS
from pipeline.store.workspace import Workspace

CONFIGS: dict[str, str] = {"en": "mkdocs.yml", "cy": "mkdocs.cy.yml"}
OUTPUT = "_site"  # under build/; "_" cannot start a review reference, so no clash
INSTALL_FIX = "run `make install` (it installs mkdocs and mkdocs-material)"
TIMEOUT_SECONDS = 600.0
STDERR_LIMIT = 2000
EPOCH_DEFAULT = dt.date(2016, 1, 1)  # the CPR guidance's date, when nothing is published
# Text files checked with patterns: styles, and SVG/XML (no links a reader follows there).
_EXTERNAL = re.compile(
    r"<(?:script|link|img|image|source|iframe|audio|video|embed|object|track|use)\b[^>]*?"
    r"\b(?:src|href|xlink:href|srcset|data)\s*=\s*[\"']?\s*(?:https?:)?//",
    re.I,
)
_CSS_EXTERNAL = re.compile(r"(?:url\(\s*[\"']?|@import\s+[\"'])\s*(?:https?:)?//", re.I)
# HTML attributes whose URL the browser fetches by itself (on any element), and those
# that hold a URL the reader may follow or submit to.
_FETCH_ATTRS = ("src", "srcset", "data", "poster", "background", "xlink:href", "ping")
_NAV_ATTRS = ("action", "formaction")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\";]+)", re.I)


@dataclass(frozen=True)
class SiteBuild:
    """Where the site went and what it holds."""

    output: Path
    reviews: int
    pages: int


def mkdocs_command() -> list[str]:
    """How to run mkdocs, or a ToolError that says how to install it."""
    for module in ("mkdocs", "material"):
        if importlib.util.find_spec(module) is None:
            raise ToolError(f"{module} is not installed", fix=INSTALL_FIX)
    return [sys.executable, "-m", "mkdocs"]


def run_mkdocs(
    args: list[str],
    *,
    what: str,
    epoch: int,
    capture: bool = True,
    timeout: float | None = TIMEOUT_SECONDS,
) -> None:
    """Run mkdocs; a failure reports the command, exit status and the tail of stderr.

    Raises:
        ToolError: mkdocs is missing, failed, or took longer than `timeout`.
    """
    command = [*mkdocs_command(), *args]
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    try:
        done = subprocess.run(
            command, env=env, capture_output=capture, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise ToolError(
            f"mkdocs took longer than {timeout:.0f} s to {what}\n  command: {shlex.join(command)}",
            fix="report this message",
        ) from None
    if done.returncode != 0:
        tail = " ".join((done.stderr or b"").decode("utf-8", "replace").split())
        tail = ("…" + tail[-STDERR_LIMIT:]) if len(tail) > STDERR_LIMIT else tail
        raise ToolError(
            f"mkdocs failed to {what} (exit status {done.returncode})\n  command: "
            f"{shlex.join(command)}\n  mkdocs said: {tail or '(nothing)'}",
            fix="correct the page or setting it names (mkdocs.yml, mkdocs.cy.yml or "
            "published_site/); a review page is fixed by publishing it again",
        )


def _epoch(source: Path) -> int:
    metas = all_meta(source / "data") if (source / "data").is_dir() else []
    day = max((m.published for m in metas), default=EPOCH_DEFAULT)
    return int(dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC).timestamp())


def _config(
    ws: Workspace, lang: str, *, source: Path, out: Path, work: Path, themes: list[str]
) -> Path:
    """A config inheriting the committed one, pointed at `source` and `out`.

    JSON is valid YAML, so the generated file needs no YAML writer.
    """
    base = ws.root / CONFIGS[lang]
    if not base.is_file():
        raise InputError(
            "the site's configuration is missing",
            file=base,
            fix="restore it from git (`git checkout -- " + CONFIGS[lang] + "`)",
        )
    data = {
        "INHERIT": str(base),
        "docs_dir": str(source / lang),
        "site_dir": str(out),
        "theme": {"custom_dir": str(source / "overrides")},
        # nh3 over every review page's rendered content (report content is sanitised).
        "hooks": [str(Path(sanitise.__file__).resolve())],
        "plugins": {"tags": {"tags_allowed": sorted(themes)}},
    }
    path = work / f"mkdocs.{lang}.generated.yml"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def _squeezed(url: str) -> str:
    """A URL as a browser reads its start: entities decoded, no spaces or controls."""
    text = html.unescape(url)
    return "".join(
        c for c in text if not (c.isspace() or unicodedata.category(c) in {"Cc", "Cf"})
    ).lower()


def _other_host(url: str) -> bool:
    """`//host/...` or `scheme://host/...`: a URL that leaves this site."""
    squeezed = _squeezed(url)
    return squeezed.startswith("//") or bool(re.match(r"^[a-z][a-z0-9+.\-]*://", squeezed))


def _bad_link(node: Node) -> bool:
    """An `<a>`/`<area>` whose link runs script, is protocol-relative or is unmarked.

    Allowed: relative links on this site, `mailto:`, `tel:`, and `http(s)` links to another host
    marked as outbound (class `cpr-outbound` with `rel` holding noopener and nofollow).
    """
    href = node.attributes.get("href")
    if href is None:
        return False
    squeezed = _squeezed(href)
    if squeezed.startswith("//"):
        return True  # protocol-relative: the first path segment becomes a host name
    match = _SCHEME.match(squeezed)
    if match is None:
        return False
    if match.group(1) in {"mailto", "tel"}:
        return False
    if match.group(1) not in {"http", "https"}:
        return True  # javascript:, data:, vbscript:, file:, ...
    rel = set((node.attributes.get("rel") or "").lower().split())
    classes = set((node.attributes.get("class") or "").split())
    return not ({"noopener", "nofollow"} <= rel and OUTBOUND_CLASS in classes)


def _canonical(node: Node) -> bool:
    """`<link rel="canonical">`: the page's own public address, never fetched."""
    rel = set((node.attributes.get("rel") or "").lower().split())
    return node.tag == "link" and rel == {"canonical"}


def html_problems(text: str) -> list[str]:
    """What in one HTML page would fetch from another host or link out unsafely.

    Parses the page (not a pattern over the text): every element's fetching attributes,
    `srcset` candidates, `style` attributes and `<style>` elements, a `<meta>` refresh,
    form targets, and `<a>`/`<area>` links (see `_bad_link`).
    """
    problems: list[str] = []
    tree = LexborHTMLParser(text)
    root = tree.root
    if root is None:
        return problems
    for node in root.traverse(include_text=False):
        tag = node.tag or ""
        attrs = node.attributes
        for name in _FETCH_ATTRS + _NAV_ATTRS:
            value = attrs.get(name)
            if value is None:
                continue
            urls = (
                [c.split()[0] for c in value.split(",") if c.split()]
                if name == "srcset"
                else [value]
            )
            if any(_other_host(u) for u in urls):
                problems.append(f"<{tag} {name}>")
        href = attrs.get("href")
        if tag in {"a", "area"}:
            if _bad_link(node):
                problems.append(f"<{tag} href>")
        elif href is not None and _other_host(href) and not _canonical(node):
            problems.append(f"<{tag} href>")
        style = attrs.get("style")
        if style and _CSS_EXTERNAL.search(html.unescape(style)):
            problems.append(f"<{tag} style>")
        if tag == "style" and _CSS_EXTERNAL.search(node.text(deep=True)):
            problems.append("<style>")
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            found = _REFRESH_URL.search(attrs.get("content") or "")
            if found and _other_host(found.group(1)):
                problems.append("<meta refresh>")
    return problems


def external_references(site: Path) -> list[str]:
    """Files (relative) whose markup or styles would fetch from another host.

    HTML pages are parsed (`html_problems`), which also covers ordinary links:
    protocol-relative (`//cy/` is the host "cy"), script schemes, and links to another
    host not marked as outbound. Styles, SVG and XML are checked by pattern.
    """
    found = []
    for path in sorted(site.rglob("*")):
        if path.suffix not in {".html", ".css", ".xml", ".svg"}:
            continue
        if path.name in FEED_FILES and path.parent in {site, site / "cy"}:
            continue  # a feed's links are its entries' addresses; a reader fetches none
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            leak = bool(html_problems(text))
        else:
            pattern = _CSS_EXTERNAL if path.suffix == ".css" else _EXTERNAL
            leak = bool(pattern.search(text))
        if leak:
            found.append(str(path.relative_to(site)))
    return found


def site_settings(ws: Workspace, lang: str) -> tuple[str, str]:
    """The language's `site_url` (ending in `/`) and `site_name`, from its config."""
    settings: dict[str, str] = {}
    for name in (CONFIGS["en"], CONFIGS[lang]):
        data = yaml.safe_load((ws.root / name).read_text(encoding="utf-8")) or {}
        settings.update({k: str(data[k]) for k in ("site_url", "site_name") if k in data})
    url = settings.get("site_url", "/")
    return (url if url.endswith("/") else url + "/"), settings.get("site_name", "")


def write_collection(ws: Workspace, *, source: Path, dest: Path) -> None:
    """The catalogue's data, the search index shards and the feeds; robots.txt.

    One set per language; robots.txt names both languages' sitemaps.
    """
    metas = all_meta(source / "data") if (source / "data").is_dir() else []
    for lang in CONFIGS:
        root = dest if lang == "en" else dest / lang
        write_language(metas, docs=source / lang, root=root, lang=lang)
        url, name = site_settings(ws, lang)
        (root / RSS_FILE).write_text(rss(metas, lang=lang, site_url=url, title=name), "utf-8")
        (root / ATOM_FILE).write_text(atom(metas, lang=lang, site_url=url, title=name), "utf-8")
    maps = [f"Sitemap: {site_settings(ws, lang)[0]}sitemap.xml" for lang in CONFIGS]
    (dest / "robots.txt").write_text("User-agent: *\nAllow: /\n" + "\n".join(maps) + "\n", "utf-8")


def tag_vocabulary(ws: Workspace, source: Path) -> list[str]:
    """The tags plugin's allow-list: the policy's themes and their Welsh labels.

    With the Welsh labels the published reviews were given (a label the policy has
    since changed stays allowed until the review is published again).
    """
    policy = load_policy(ws.policy_path)
    metas = all_meta(source / "data") if (source / "data").is_dir() else []
    words = {*policy.themes, *policy.themes_cy.values()}
    words.update(label for m in metas for label in m.themes_cy.values())
    return sorted(words)


def build_into(ws: Workspace, *, source: Path, dest: Path) -> SiteBuild:
    """Build both languages from `source` (a published_site folder) into `dest` (new).

    Raises:
        InputError: a configuration is missing, or the policy does not validate.
        ToolError: mkdocs failed, or a page would fetch from another host.
    """
    themes = tag_vocabulary(ws, source)
    epoch = _epoch(source)
    ws.build.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".site-work-", dir=ws.build) as tmp:
        work = Path(tmp)
        # The two languages build side by side (two mkdocs processes): each is CPU-bound.
        with ThreadPoolExecutor(max_workers=len(CONFIGS)) as pool:
            runs = []
            for lang in CONFIGS:
                out = dest if lang == "en" else work / "out-cy"
                cfg = _config(ws, lang, source=source, out=out, work=work, themes=themes)
                runs.append(
                    pool.submit(
                        run_mkdocs,
                        ["build", "--strict", "--quiet", "-f", str(cfg)],
                        what=f"build the {lang} site",
                        epoch=epoch,
                    )
                )
            for run in runs:
                run.result()  # the first failure is raised as it was
        os.replace(work / "out-cy", dest / "cy")
    write_collection(ws, source=source, dest=dest)
    leaks = external_references(dest)
    if leaks:
        raise ToolError(
            f"{len(leaks)} built file(s) would make the browser fetch from "
            f"another host, or link out unsafely: {', '.join(leaks[:5])}",
            fix="keep theme.font: false and use only local scripts, styles, "
            "images and fonts (copy them into published_site/overrides/); links in "
            "templates must be relative, never `//...`",
        )
    pages = sum(1 for _ in dest.rglob("*.html"))
    reviews = len(list((source / "data").glob("*.json"))) if (source / "data").is_dir() else 0
    return SiteBuild(output=dest, reviews=reviews, pages=pages)


def replace_dir(new: Path, target: Path) -> None:
    """Put `new` where `target` is: two renames, the old folder removed only afterwards."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)
    try:
        os.replace(new, target)
    except BaseException:
        if old is not None:
            os.replace(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def site_output(ws: Workspace) -> Path:
    """The built site: build/_site/."""
    return ws.build / OUTPUT


def build_site(ws: Workspace) -> SiteBuild:
    """Build published_site/ into build/_site/; a failed build leaves the old one in place.

    Raises:
        InputError: a configuration or published metadata file is missing or invalid.
        ToolError: mkdocs failed, or a page would fetch from another host.
    """
    out = site_output(ws)
    ws.build.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".site-new-", dir=ws.build))
    try:
        result = build_into(ws, source=ws.site, dest=tmp / "site")
        replace_dir(tmp / "site", out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return SiteBuild(output=out, reviews=result.reviews, pages=result.pages)


def serve_site(ws: Workspace, *, address: str = "127.0.0.1:8000") -> None:
    """Preview the English site with live reload (`mkdocs serve`) until interrupted.

    The Welsh site is previewed from a full build: `cpr site build`, then any static
    server on build/_site/.
    """
    themes = tag_vocabulary(ws, ws.site)
    ws.build.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".site-serve-", dir=ws.build) as tmp:
        cfg = _config(
            ws, "en", source=ws.site, out=Path(tmp) / "out", work=Path(tmp), themes=themes
        )
        with contextlib.suppress(KeyboardInterrupt):
            run_mkdocs(
                ["serve", "-f", str(cfg), "-a", address],
                what="serve the site",
                epoch=_epoch(ws.site),
                capture=False,
                timeout=None,
            )
