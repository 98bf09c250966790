"""Measurement commands: `cpr eval` (quality on a gold corpus) and `cpr bench` (speed)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from pipeline.cli.app import app, console, handles_errors, workspace_of
from pipeline.measure.evaluate import RUNS, evaluate


@app.command("eval")
@handles_errors
def eval_command(
    ctx: typer.Context,
    cases: Annotated[
        Path, typer.Argument(help="Folder of cases with gold.json; score.py beside it.")
    ],
    out: Annotated[Path, typer.Option(help="Where the anonymised outputs go.")] = Path(
        "build/eval"
    ),
    scorer: Annotated[
        Path | None, typer.Option(help="The corpus's score.py (default: beside the cases).")
    ] = None,
) -> None:
    """Score detection on a gold corpus, with and without the case files' identities."""
    ws = workspace_of(ctx)
    figures = evaluate(
        cases.resolve(),
        (ws.root / out).resolve(),
        policy=ws.policy_path,
        scorer=scorer.resolve() if scorer else None,
        progress=lambda msg: console.print(Text(msg, "dim")),
    )
    table = Table(title=f"Detection as proposed (every proposal accepted): {cases}")
    for column in (
        "run",
        "recall",
        "occ_recall",
        "keep",
        "leaks",
        "entries/1k words",
        "false alarms",
        "readability defects/1k words",
    ):
        table.add_column(column, justify="right" if column != "run" else "left")
    for run in RUNS:
        o, e = figures[run]["overall"], figures[run]["effort"]
        table.add_row(
            run,
            f"{o['recall']:.3f}",
            f"{o['occ_recall']:.3f}",
            f"{o['keep']:.3f}",
            str(o["leaked"]),
            f"{e.per_1000_words:.1f}",
            f"{e.false_alarms} of {e.entries}",
            f"{1000 * e.readability_defects / e.words if e.words else 0.0:.2f}",
        )
    console.print(table)
    for run in RUNS:
        types = Table(title=f"Recall by type ({run})")
        for column in ("type", "identifiers", "leaked", "recall"):
            types.add_column(column)
        for entity, (leaked, total) in figures[run]["per_type"].items():
            recall = 1 - leaked / total if total else 1.0
            types.add_row(entity, str(total), str(leaked), f"{recall:.3f}")
        console.print(types)
        for name, case in figures[run]["cases"].items():
            for leak in case["leaks"]:
                console.print(
                    f"  LEAK {run} {name} {leak['type']} {leak['text']!r}"
                    + (" (name token)" if leak["via"] == "token" else "")
                )
            for lost in case["not_kept"]:
                console.print(f"  LOST {run} {name} {lost['term']!r}")
        console.print(f"{run}: {figures[run]['summary']}  (outputs in {figures[run]['output']})")


@app.command()
@handles_errors
def bench(
    ctx: typer.Context,
    cases: Annotated[
        Path, typer.Argument(help="Folder of drafts to time (subfolders with draft.md).")
    ] = Path("../shared/eval/cases"),
    site: Annotated[
        bool,
        typer.Option(
            "--site", help="Measure the public site at scale instead (synthetic reviews)."
        ),
    ] = False,
    reviews: Annotated[int, typer.Option(help="How many synthetic reviews, with --site.")] = 1400,
) -> None:
    """Detection speed against bare spaCy NER and default Presidio, and peak memory.

    With --site: build the public site from REVIEWS synthetic published reviews (made
    from the committed samples, in a temporary folder) and report the build time, the
    site's size, the search data's size, the largest page and the time to the first
    search result in Chromium.
    """
    if site:
        _bench_site(workspace_of(ctx).root, reviews)
        return
    from pipeline.measure.bench import BIG_WORDS, run_bench, startup_times
    from pipeline.model.policy import load_policy

    ws = workspace_of(ctx)
    timings, (words, seconds, peak) = run_bench(cases.resolve(), load_policy(ws.policy_path))
    table = Table(
        title="Detection speed, one core, best of 3 interleaved rounds "
        f"({timings[0].words:,} words)"
    )
    for column in ("detector", "words/s", "seconds"):
        table.add_column(column, justify="right" if column != "detector" else "left")
    for t in timings:
        table.add_row(t.name, f"{t.wps:,.0f}", f"{t.seconds:.2f}")
    console.print(table)
    ours, spacy_ner, presidio = timings
    console.print(f"ours / spaCy NER alone: {ours.wps / spacy_ner.wps:.2f} (target >= 0.8)")
    console.print(f"ours / default Presidio: {ours.wps / presidio.wps:.2f} (target >= 1.5)")
    console.print(
        f"{words:,}-word document (target {BIG_WORDS:,} words < 20 s, < 1 GiB): "
        f"{seconds:.1f} s, peak memory {peak / 2**20:,.0f} MiB"
    )
    for command, best in startup_times(ws.root).items():
        console.print(f"`{command}` start-up, best of 5 new processes: {best:.2f} s (target < 1 s)")


def _bench_site(root: Path, reviews: int) -> None:
    import tempfile

    from pipeline.measure.scale import measure

    with tempfile.TemporaryDirectory(prefix="cpr-scale-") as tmp:
        console.print(Text(f"building the site from {reviews:,} synthetic reviews ...", "dim"))
        f = measure(root, Path(tmp), n=reviews)
    table = Table(title=f"The public site at {f.reviews:,} reviews")
    table.add_column("measure")
    table.add_column("value", justify="right")
    mb = 1024 * 1024
    rows = [
        ("build (both languages)", f"{f.build_seconds:.1f} s"),
        ("site size", f"{f.site_bytes / mb:,.1f} MB"),
        ("pages", f"{f.pages:,}"),
        ("largest page", f"{f.largest_page_bytes / 1024:,.0f} KB ({f.largest_page})"),
    ]
    for lang in ("en", "cy"):
        rows += [
            (f"catalogue.json ({lang})", f"{f.catalogue_json_bytes[lang] / 1024:,.0f} KB"),
            (
                f"search shards ({lang})",
                f"{f.search_bytes[lang] / mb:,.1f} MB in {f.search_shards[lang]} files, "
                f"largest {f.largest_shard_bytes[lang] / 1024:,.0f} KB",
            ),
        ]
    runs = sorted(f.first_result_seconds)
    rows.append(
        (
            "first search result, opening the catalogue with a query (Chromium)",
            "no Chromium"
            if not runs
            else f"best {runs[0]:.2f} s, median {runs[len(runs) // 2]:.2f} s of {len(runs)} "
            "(target < 1 s)",
        )
    )
    for name, value in rows:
        table.add_row(name, value)
    console.print(table)
