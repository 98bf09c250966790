"""`cpr new`: start a review from a draft."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.app import RefArg, app, console, handles_errors, workspace_of
from pipeline.model.policy import load_policy
from pipeline.stages.start import start_review


@app.command()
@handles_errors
def new(
    ctx: typer.Context,
    ref: RefArg,
    draft: Annotated[
        Path, typer.Argument(help="The reviewer's draft (.docx, .odt or .md), copied in.")
    ],
) -> None:
    """Start a review: copy the draft in and write commented templates of its files."""
    ws = workspace_of(ctx)
    started = start_review(ws, ref, draft, policy=load_policy(ws.policy_path))
    console.print(f"{ref}: draft copied to {started.draft}")
    console.print(f"{ref}: fill in {started.record} (every field is explained in it)")
    console.print(f"{ref}: the action plan template is {started.action_plan}")
    console.print(f"next: `cpr ingest {ref}` lists anything still missing from the record")
