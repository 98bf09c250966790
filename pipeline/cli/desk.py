"""`cpr review`: the reviewer's and the Board officer's desk in the browser."""

from __future__ import annotations

import threading
import webbrowser
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.app import RefArg, app, console, handles_errors, review_of
from pipeline.cli.keys import signing_key
from pipeline.store.audit import current_user


@app.command()
@handles_errors
def review(
    ctx: typer.Context,
    ref: RefArg,
    key: Annotated[
        Path | None,
        typer.Option(
            "--key",
            envvar="CPR_KEY",
            help="The officer's private key, to approve from the desk (optional).",
        ),
    ] = None,
    browser: Annotated[
        bool, typer.Option("--browser/--no-browser", help="Open the page in the browser.")
    ] = True,
) -> None:
    """Open the desk: decide entries, split, add missed terms and approve, in the browser."""
    from pipeline.desk.app import DeskState
    from pipeline.desk.server import serve

    review_of(ctx, ref)  # fail now, clearly, on a review that cannot be opened
    state = DeskState(
        open_review=lambda: review_of(ctx, ref),
        actor=current_user(None),  # --actor / CPR_ACTOR, else the login name, marked
        key=signing_key(key) if key is not None else None,
    )

    def announce() -> None:
        while not state.port:
            threading.Event().wait(0.05)
        console.print(f"{ref}: the desk is at {state.url()}")
        console.print("It answers only on this computer. Stop it with Ctrl-C.")
        if browser:
            webbrowser.open(state.url())

    threading.Thread(target=announce, daemon=True).start()
    serve(state)
