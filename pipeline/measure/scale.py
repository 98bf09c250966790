"""The public site at national scale: synthetic published reviews, built and measured.

`synthesise` makes a temporary workspace holding N published reviews made from the
committed fictional samples (their approved pages, plans and downloads), with
references, Boards, years, dates, themes, outcomes and summaries varied, and a
paragraph of words drawn from a Welsh word list so the search index meets a realistic
spread of words. It writes the catalogue with the publish stage's own function and
builds with the site's own builder, so what is measured is what publishing builds.

`measure` reports the build time, the site's size, the search data's size, the
largest page and (with Chromium) the time from opening the catalogue with a query to
its first result.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.model.policy import load_policy
from pipeline.site.builder import build_into
from pipeline.site.catalogue import review_path
from pipeline.site.i18n import t
from pipeline.site.markdown import esc
from pipeline.site.meta import PublicMeta, meta_json, read_meta
from pipeline.site.pages import review_page
from pipeline.site.plan import load_plan
from pipeline.site.sanitise import sanitise_markdown
from pipeline.stages.publish import write_catalogue
from pipeline.store.workspace import Workspace

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The regional Safeguarding Boards of Wales (public bodies), with a reference prefix.
BOARDS: tuple[tuple[str, str], ...] = (
    ("NWSB", "North Wales Safeguarding Board"),
    ("CYSUR", "Mid and West Wales Safeguarding Board"),
    ("CTMSB", "Cwm Taf Morgannwg Safeguarding Board"),
    ("CVSB", "Cardiff and Vale Regional Safeguarding Board"),
    ("GWSB", "Gwent Safeguarding Board"),
    ("WGSB", "West Glamorgan Safeguarding Board"),
)
FIRST_YEAR, LAST_YEAR = 2016, 2026
OUTCOMES = ("died", "life_threatening_injury", "serious_permanent_impairment")
SUMMARY_OPENINGS = (
    "A baby was admitted to hospital with injuries that could not be explained.",
    "A teenager was found seriously unwell after months of going missing from care.",
    "A young child died at home in circumstances that raised concerns about neglect.",
    "A child living with a parent's mental ill-health was seriously harmed.",
    "An infant suffered a head injury shortly after the family moved between areas.",
)
SUMMARY_ENDINGS = (
    "The review looks at how agencies shared what they knew.",
    "The review considers how the child's voice was heard.",
    "The review asks how professionals challenged what they were told.",
    "The review examines how plans followed the family across Board boundaries.",
)
SYNTHETIC_WORDS = 400
HEADINGS = {
    "en": ("## The report\n", "## Action plan\n"),
    "cy": ("## Yr adroddiad\n", "## Cynllun gweithredu\n"),
}
COPY = ("mkdocs.yml", "mkdocs.cy.yml", "redaction_rules/policy.yaml")


@dataclass(frozen=True)
class Sample:
    """One committed sample: its metadata, plan, report bodies and download files."""

    meta: PublicMeta
    plan: list[dict[str, Any]] | None
    bodies: dict[str, str | None]
    files: dict[str, Path]


def _body(page: str, lang: str) -> str | None:
    start, end = HEADINGS[lang]
    if start not in page or end not in page:
        return None
    body = page.split(start, 1)[1].split(end, 1)[0]
    return None if body.strip().startswith(("This report was published", "Cyhoeddwyd")) else body


def load_samples(repo: Path) -> list[Sample]:
    """The committed samples in `repo/published_site` (and their plans in drafts/)."""
    samples = []
    for path in sorted((repo / "published_site" / "data").glob("*.json")):
        meta = read_meta(path)
        plan_file = repo / "drafts" / meta.ref / "action_plan.yaml"
        bodies: dict[str, str | None] = {}
        for lang in HEADINGS:
            page = repo / "published_site" / lang / review_path(meta.ref)
            text = page.read_text(encoding="utf-8")
            bodies[lang] = _body(text, lang) if lang in meta.languages else None
        folder = repo / "published_site" / "en" / review_path(meta.ref)
        files = {d.file: folder.parent / d.file for d in meta.downloads}
        samples.append(
            Sample(
                meta=meta,
                plan=load_plan(plan_file) if plan_file.is_file() else None,
                bodies=bodies,
                files=files,
            )
        )
    return samples


def _vocabulary(repo: Path) -> list[str]:
    path = repo / "pipeline" / "data" / "welsh_words.txt"
    if not path.is_file():
        return [f"gair{i}" for i in range(20000)]
    return [w for w in path.read_text(encoding="utf-8").split() if not w.startswith("#")]


def _filler(rng: random.Random, vocabulary: list[str]) -> str:
    """Words drawn with a long tail (a few common, most rare), as in real reports."""
    n = len(vocabulary)
    picks = [vocabulary[min(n - 1, int(rng.paretovariate(0.6)) - 1)] for _ in range(100)]
    picks += [vocabulary[rng.randrange(n)] for _ in range(SYNTHETIC_WORDS - 100)]
    return " ".join(picks)


def synthesise(repo: Path, root: Path, *, n: int, seed: int = 14) -> Workspace:
    """A workspace at `root` with `n` synthetic published reviews; returns it.

    The site's static pages, overrides and configuration are copied from `repo`.
    """
    ws = Workspace(root)
    for rel in COPY:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(repo / rel, root / rel)
    shutil.copytree(
        repo / "published_site",
        ws.site,
        ignore=shutil.ignore_patterns("reviews", "data", "catalogue"),
    )
    (ws.site / "data").mkdir()
    samples = load_samples(repo)
    themes = list(load_policy(ws.policy_path).themes)
    vocabulary = _vocabulary(repo)
    rng = random.Random(seed)
    numbers: dict[tuple[str, int], int] = {}
    cleaned: dict[tuple[str, str], str | None] = {}
    for i in range(n):
        sample = samples[i % len(samples)]
        prefix, board = BOARDS[rng.randrange(len(BOARDS))]
        year = rng.randint(FIRST_YEAR, LAST_YEAR)
        number = numbers.get((prefix, year), 0) + 1
        numbers[(prefix, year)] = number
        ref = f"{prefix.lower()}-{year}-{number:03d}"
        published = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        summary = f"{rng.choice(SUMMARY_OPENINGS)} {rng.choice(SUMMARY_ENDINGS)}"
        meta = sample.meta.model_copy(
            update={
                "ref": ref,
                "reference": f"{prefix} {number}/{year}",
                "board": board,
                "review_type": rng.choice(("concise", "extended")),
                "outcome": rng.choice(OUTCOMES),
                "themes": sorted(rng.sample(themes, rng.randint(1, 4))),
                "summary": summary,
                "published": published,
                "dates": sample.meta.dates.model_copy(update={"published": published}),
                "downloads": [
                    d.model_copy(update={"file": d.file.replace(sample.meta.ref, ref)})
                    for d in sample.meta.downloads
                ],
            }
        )
        filler = _filler(rng, vocabulary)
        for lang in HEADINGS:
            folder = ws.site / lang / Path(review_path(ref)).parent
            folder.mkdir(parents=True)
            # The page with no report, then the sample's report (sanitised once, as
            # publishing does) put in its place: pandoc runs per sample, not per review.
            page = review_page(meta, lang=lang, body=None, plan=sample.plan)
            key = (sample.meta.ref, lang)
            if key not in cleaned:
                body = sample.bodies[lang]
                cleaned[key] = None if body is None else sanitise_markdown(body)
            clean = cleaned[key]
            if clean is not None:
                page = page.replace(esc(t(lang, "english_only")) + "\n", clean + filler + "\n", 1)
            (folder / "index.md").write_text(page, encoding="utf-8")
            for name, src in sample.files.items():
                (folder / name.replace(sample.meta.ref, ref)).hardlink_to(src)
        (ws.site / "data" / f"{ref}.json").write_text(meta_json(meta), encoding="utf-8")
    write_catalogue(ws.site)
    return ws


@dataclass(frozen=True)
class ScaleFigures:
    """What building and searching the site at one size measured."""

    reviews: int
    build_seconds: float
    site_bytes: int
    pages: int
    largest_page: str
    largest_page_bytes: int
    catalogue_json_bytes: dict[str, int]
    search_bytes: dict[str, int]
    search_shards: dict[str, int]
    largest_shard_bytes: dict[str, int]
    first_result_seconds: list[float]  # one per run, in Chromium


def build_measured(ws: Workspace, dest: Path) -> tuple[float, int]:
    """Build the site into `dest`; (seconds, pages)."""
    start = time.perf_counter()
    built = build_into(ws, source=ws.site, dest=dest)
    return time.perf_counter() - start, built.pages


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve `site` on 127.0.0.1 (a random port) for as long as the block runs."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "-d", str(site)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def first_result_seconds(url: str, query: str, *, runs: int = 5) -> list[float]:
    """Seconds from opening `url`catalogue/?q=query to its first result, one per run.

    Each run is a new browser context (nothing cached). Empty when Chromium or
    Playwright is not installed.
    """
    if not CHROMIUM.exists():
        return []
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return []
    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                start = time.perf_counter()
                page.goto(f"{url}catalogue/?q={query}", wait_until="commit")
                page.locator("#cpr-results .cpr-card").first.wait_for(timeout=30000)
                times.append(time.perf_counter() - start)
                context.close()
        finally:
            browser.close()
    return times


def _sizes(site: Path) -> tuple[int, str, int]:
    total, largest, largest_size = 0, "", 0
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        if path.suffix == ".html" and size > largest_size:
            largest, largest_size = str(path.relative_to(site)), size
    return total, largest, largest_size


def measure(repo: Path, work: Path, *, n: int, browser: bool = True) -> ScaleFigures:
    """Synthesise `n` reviews under `work`, build them and measure the site."""
    ws = synthesise(repo, work / "ws", n=n)
    dest = work / "site"
    seconds, pages = build_measured(ws, dest)
    total, largest, largest_size = _sizes(dest)
    cat, search, shards, biggest = {}, {}, {}, {}
    for lang, root in (("en", dest), ("cy", dest / "cy")):
        cat[lang] = (root / "catalogue.json").stat().st_size
        files = list((root / "search").glob("*.json"))
        search[lang] = sum(f.stat().st_size for f in files)
        shards[lang] = len(files)
        biggest[lang] = max((f.stat().st_size for f in files), default=0)
    first: list[float] = []
    if browser:
        with serve(dest) as url:
            first = first_result_seconds(url, "information")
    return ScaleFigures(
        reviews=n,
        build_seconds=seconds,
        site_bytes=total,
        pages=pages,
        largest_page=largest,
        largest_page_bytes=largest_size,
        catalogue_json_bytes=cat,
        search_bytes=search,
        search_shards=shards,
        largest_shard_bytes=biggest,
        first_result_seconds=first,
    )


def figures_json(figures: ScaleFigures) -> str:
    """The figures as JSON (for `cpr bench --site --json` and the closing note)."""
    return json.dumps(figures.__dict__, indent=2, sort_keys=True)
