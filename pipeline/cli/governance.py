"""The governance commands: status, audit, submit, verify-pack, keygen."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer
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
from pipeline.governance.status import ReviewStatus, all_statuses
from pipeline.governance.submit import pack_path, require_pack, submit_review
from pipeline.model.timescales import DeadlineState
from pipeline.stages.trailcheck import require_trail_whole
from pipeline.store.audit import Trail, read_trail, require_intact
from pipeline.store.signing import new_private_key, public_key_line, write_private_key

STATE_STYLE = {
    DeadlineState.overdue: "bold red",
    DeadlineState.due: "yellow",
    DeadlineState.met: "green",
    DeadlineState.not_met: "magenta",
    DeadlineState.not_started: "dim",
}


def _deadline_cells(row: ReviewStatus) -> tuple[str, Text | str]:
    deadline = row.next_deadline
    if deadline is None:
        late = [d for d in row.deadlines if d.state is DeadlineState.not_met]
        # Every statutory step is done; say how many were done after their deadline.
        text = f"all done, {len(late)} not met" if late else "all met"
        return text, ""
    if deadline.due is None:
        return f"{deadline.name} (awaits {deadline.counts_from})", ""
    days = deadline.days_left or 0
    left = f"{days} days left" if days >= 0 else f"{-days} days overdue"
    style = STATE_STYLE[deadline.state]
    return f"{deadline.name} by {deadline.due}", Text(left, style=style)


@app.command()
@handles_errors
def status(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
) -> None:
    """Every review: stage, next statutory deadline, days left, overdue actions."""
    today = dt.date.today()
    rows = all_statuses(workspace_of(ctx), today=today)
    if as_json:
        print(
            json.dumps(
                {"today": today.isoformat(), "reviews": [r.as_json() for r in rows]},
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        table = Table(title=f"Reviews on {today:%d %B %Y}")
        for column in (
            "review",
            "reference",
            "stage",
            "redactions",
            "next deadline",
            "days",
            "overdue actions",
        ):
            table.add_column(column, no_wrap=column == "review")
        for row in rows:
            if row.error:
                table.add_row(row.ref, "", Text("error", "bold red"), row.error, "", "", "")
                continue
            deadline, days = _deadline_cells(row)
            overdue = (
                ", ".join(f"rec. {n}" for n in row.actions_overdue)
                if row.actions_overdue
                else "none"
            )
            approval: Text | str
            if row.approved is None:
                approval = "none yet"
            elif row.approved:
                approval = Text("approved", "green")
            else:
                approval = Text.assemble(("not valid:", "yellow"), f" {row.approval}")
            table.add_row(
                row.ref,
                row.reference,
                row.stage.value if row.stage else "",
                approval,
                deadline,
                days,
                Text(overdue, "bold red") if row.actions_overdue else overdue,
            )
        console.print(table)
    if any(r.error for r in rows):
        raise typer.Exit(1)


@app.command()
@handles_errors
def audit(
    ctx: typer.Context,
    ref: RefArg,
    check: Annotated[
        bool, typer.Option("--check", help="Fail on any altered, removed or reordered line.")
    ] = False,
) -> None:
    """Print a review's audit trail and its runs, or check that both are whole."""
    paths = workspace_of(ctx).review(ref)
    trail = read_trail(paths.audit)
    runs = read_trail(paths.stage_trail)
    if check:
        for checked in (trail, runs):
            for problem in checked.problems:
                err_console.print(f"{checked.path}: {problem.render()}")
        require_intact(trail)
        require_intact(runs)
        if trail.torn or runs.torn:
            raise typer.Exit(1)
        # What was published or submitted says where the trail stood: a deleted or cut
        # trail is found even when its anchor file was rewritten.
        require_trail_whole(review_of(ctx, ref))
        console.print(
            f"{ref}: audit trail intact: {trail.lines} event(s), each chained to the one "
            f"before; {runs.lines} run(s) in {paths.stage_trail.name}"
        )
        return
    _print_trail(trail, title=f"Audit trail of {ref}")
    if runs.lines or runs.problems:
        _print_trail(
            runs, title=f"Runs of {ref} (build/{ref}/{paths.stage_trail.name}, not in git)"
        )


def _print_trail(trail: Trail, *, title: str) -> None:
    table = Table(title=title)
    for column in ("#", "when (UTC)", "who", "what", "details"):
        table.add_column(column)
    for event in trail.events:
        table.add_row(
            str(event.seq),
            event.at.replace("T", " ").rstrip("Z"),
            event.who,
            event.event,
            _summary(event.details),
        )
    console.print(table)
    for problem in trail.problems:
        err_console.print(Text(f"{trail.path}: {problem.render()}", "bold red"))


def _summary(details: dict) -> str:
    """The details worth reading; hashes shortened, snapshots left out."""
    parts = []
    for key, value in details.items():
        if key == "snapshot":
            continue
        if isinstance(value, str) and len(value) == 64:
            value = value[:12] + "…"
        elif isinstance(value, list):
            value = "; ".join(str(v) for v in value) if value else "none"
        elif isinstance(value, dict):
            value = ", ".join(value)
        parts.append(f"{key}: {value}")
    return "\n".join(parts)


@app.command()
@handles_errors
def submit(
    ctx: typer.Context,
    ref: RefArg,
    officer: Annotated[
        str | None,
        typer.Option(help="Who is submitting (for the audit trail); default: your login name."),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Only re-hash the existing pack against its manifest.")
    ] = False,
) -> None:
    """Build the pack for Welsh Government in build/REF/submission/ and record the date."""
    review = review_of(ctx, ref)
    if check:
        count = require_pack(pack_path(review))
        console.print(f"{ref}: pack verified: {count} file(s) match the manifest")
        return
    result = submit_review(review, officer=officer)
    recorded = (
        "recorded in the review record"
        if result.date_recorded
        else "already in the review record (kept)"
    )
    console.print(
        f"{ref}: submission pack -> {result.pack} ({len(result.files)} files, "
        f"manifest sha256 {result.manifest_sha256[:12]}…); submission date "
        f"{result.submitted} {recorded}"
    )


@app.command("verify-pack")
@handles_errors
def verify_pack_command(
    path: Annotated[Path, typer.Argument(help="The pack's folder, e.g. build/REF/submission.")],
) -> None:
    """Re-hash every file of a submission pack against its manifest."""
    count = require_pack(path)
    console.print(f"{path}: pack verified: {count} file(s) match the manifest")


@app.command()
@handles_errors
def keygen(
    officer: Annotated[str, typer.Option(help="Your name, as officers.yaml will list it.")],
    out: Annotated[
        Path, typer.Option(help="Where to write your private key (never inside the workspace).")
    ],
    role: Annotated[str | None, typer.Option(help="Your role on the Board.")] = None,
) -> None:
    """Make a Board officer's signing key; print the line to add to officers.yaml.

    The private key is written with mode 0600 and never overwritten. Keep it to
    yourself: `cpr approve REF --officer NAME --key PATH` signs with it.
    """
    name = " ".join(officer.split())
    if not name:
        raise typer.BadParameter("give your name", param_hint="--officer")
    key = new_private_key()
    write_private_key(out, key)
    console.print(
        f"private key written to {out} (readable by you only); keep it safe", markup=False
    )
    console.print(
        "ask the Board to add you to redaction_rules/officers.yaml, under `officers:`:",
        markup=False,
    )
    print(f"  - name: {json.dumps(name, ensure_ascii=False)}")
    print(f"    role: {json.dumps(' '.join(role.split()), ensure_ascii=False) if role else 'ROLE'}")
    print(f"    public_key: {json.dumps(public_key_line(key, name), ensure_ascii=False)}")
