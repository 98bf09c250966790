"""The stage commands: ingest, detect, approve, anonymise, verify."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from pipeline.cli.app import (
    RefArg,
    app,
    console,
    err_console,
    handles_errors,
    review_of,
    workspace_of,
)
from pipeline.cli.keys import signing_key
from pipeline.errors import InputError
from pipeline.stages.anonymise import anonymise_review
from pipeline.stages.approval import approve_review, revoke_review
from pipeline.stages.detect import detect_review
from pipeline.stages.ingest import ingest_review
from pipeline.stages.order import on_site
from pipeline.stages.readability import review_readability
from pipeline.stages.review import Review, languages
from pipeline.stages.review_report import write_review_report
from pipeline.stages.run import run_many
from pipeline.stages.verify import verify_and_record


@app.command()
@handles_errors
def ingest(ctx: typer.Context, ref: RefArg) -> None:
    """Convert the draft (docx, odt, md) to build/REF/draft.md; report hidden content."""
    review = review_of(ctx, ref)
    for result in ingest_review(review):
        console.print(
            f"{ref}: {result.source.name} -> {result.draft_md} ({result.words} words); "
            f"removed {result.comments_removed} comment(s), {result.images_removed} image(s), "
            f"{result.html_comments_removed} hidden note(s); accepted "
            f"{result.insertions_accepted} insertion(s) and {result.deletions_accepted} "
            f"deletion(s); {result.properties_found} document propert(y/ies) reported "
            f"-> {result.report}"
        )
        if result.draft_markers:
            kinds = ", ".join(
                f"{kind} on line {', '.join(map(str, lines))}"
                for kind, lines in result.draft_markers.items()
            )
            console.print(f"{ref}: draft-only material found (anonymise takes it out): {kinds}")


@app.command()
@handles_errors
def detect(ctx: typer.Context, ref: RefArg) -> None:
    """Propose entries and merge them into redaction_rules/REF.yaml."""
    review = review_of(ctx, ref)
    result = detect_review(review)
    console.print(
        f"{ref}: {result.findings} findings in {result.words} words; {result.added} new "
        f"entr{'y' if result.added == 1 else 'ies'}, {result.entries} in all, "
        f"{result.undecided} undecided, {result.unseen} no longer in the draft "
        f"-> {review.paths.rules}"
    )
    if result.undecided:
        console.print(
            f"next: decide the undecided entries in {review.paths.rules}, then "
            f"`cpr approve {ref} --officer NAME --key PATH`"
        )


@app.command()
@handles_errors
def approve(
    ctx: typer.Context,
    ref: RefArg,
    officer: Annotated[
        str | None, typer.Option(help="The Board officer's name, as in officers.yaml.")
    ] = None,
    role: Annotated[
        str | None,
        typer.Option(help="The officer's role (checked against officers.yaml; optional)."),
    ] = None,
    key: Annotated[
        Path | None,
        typer.Option(
            envvar="CPR_KEY",
            help="The officer's Ed25519 private key (made with `cpr keygen`).",
        ),
    ] = None,
    revoke: Annotated[bool, typer.Option("--revoke", help="Withdraw the approval.")] = False,
    reason: Annotated[
        str | None,
        typer.Option(help="Why the approval is withdrawn (by entry number; never a name)."),
    ] = None,
) -> None:
    """Sign and record (or, with --revoke --reason, withdraw) the approval of the list."""
    review = review_of(ctx, ref)
    if revoke:
        revoked = revoke_review(review, reason=reason or "", officer=officer)
        console.print(
            f"{ref}: approval by {revoked.officer} of "
            f"{revoked.approved_at:%Y-%m-%d %H:%M} UTC revoked; recorded in "
            f"{review.paths.audit}"
        )
        if on_site(review):
            err_console.print(
                f"{ref}: warning: the review is still on the public site; revoking the "
                f'approval does not take it off: run `cpr withdraw {ref} --reason "..."`'
            )
        return
    if not officer:
        err_console.print(
            "error: --officer NAME and --key PATH are required to approve "
            "(or --revoke --reason TEXT to withdraw an approval)",
            markup=False,
        )
        raise typer.Exit(2)
    approval = approve_review(review, officer=officer, role=role, key=signing_key(key))
    console.print(
        f"{ref}: redaction list approved by {approval.officer} ({approval.role}) "
        f"at {approval.approved_at:%Y-%m-%d %H:%M} UTC"
    )


@app.command()
@handles_errors
def anonymise(ctx: typer.Context, ref: RefArg) -> None:
    """Apply the list to the draft (build/REF/anonymised.md), then verify the output.

    A Welsh translation (drafts/REF/draft.cy.*) goes through the same list and checks.
    """
    review = review_of(ctx, ref)
    leaks = 0
    for lang in languages(review):
        result = anonymise_review(review, lang=lang)
        state = "approved" if result.approved else f"UNAPPROVED PREVIEW ({result.approval_reason})"
        console.print(f"{ref}: {result.replacements} replacements -> {result.output} [{state}]")
        if result.problems:
            err_console.print(
                f"{ref}: verification found {len(result.problems)} problem(s) in "
                f"{result.output.name}; run `cpr verify {ref}` for the list"
            )
        leaks += sum(1 for p in result.problems if p.kind != "undecided")
        if result.removed:
            kinds = ", ".join(f"{kind} {len(lines)}" for kind, lines in result.removed.items())
            console.print(f"{ref}: draft-only material taken out of {result.output.name}: {kinds}")
        _warn_readability(review, ref, lang)
    console.print(f"{ref}: every redaction in context -> {write_review_report(review)}")
    if leaks:
        raise typer.Exit(3)


@app.command()
@handles_errors
def verify(ctx: typer.Context, ref: RefArg) -> None:
    """Fail if any redacted term, known identity or undecided entry remains."""
    review = review_of(ctx, ref)
    for lang in languages(review):
        verify_and_record(review, lang=lang)
        name = review.paths.anonymised(lang).name
        console.print(
            f"{ref}: verified {name}: no redacted term, variant or known identity, "
            "and every entry is decided"
        )
        _warn_readability(review, ref, lang)


def _warn_readability(review: Review, ref: str, lang: str) -> None:
    """Readability defects are a warning, not a failure: a person reads and fixes them."""
    report = review_readability(review, lang=lang)
    if report.defects:
        name = review.paths.anonymised(lang).name
        err_console.print(f"{ref}: warning: {name} reads badly: {report.render()}")


@app.command()
@handles_errors
def run(
    ctx: typer.Context,
    refs: Annotated[list[str] | None, typer.Argument(help="Reviews to run (default: all).")] = None,
    workers: Annotated[int, typer.Option(help="Processes (default: one per core).")] = 0,
) -> None:
    """Ingest, detect and anonymise every review in drafts/ (or those named)."""
    ws = workspace_of(ctx)
    chosen = refs or ws.refs()
    if not chosen:
        raise InputError(
            "no reviews found",
            file=ws.drafts,
            fix="add drafts/REF/review.yaml and the draft, then run again",
        )
    for ref in chosen:
        ws.review(ref)  # fail early on an unknown reference
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as progress:
        task = progress.add_task("anonymising", total=len(chosen))
        outcomes = run_many(
            ws.root, chosen, workers=workers or None, advance=lambda o: progress.advance(task)
        )
    table = Table(title="cpr run")
    for column in ("review", "result"):
        table.add_column(column, overflow="fold")
    for o in outcomes:
        verdict = ("ok ", "green") if o.ok else ("failed ", "red")
        table.add_row(o.ref, Text.assemble(verdict, o.message))
    console.print(table)
    failed = [o for o in outcomes if not o.ok]
    if failed:
        raise typer.Exit(max(o.exit_code for o in failed))
