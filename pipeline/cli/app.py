"""The `cpr` application object and what every command shares.

Domain exceptions are turned into messages and exit codes here and nowhere else.
Messages never carry document text: the core's exceptions hold none.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from pipeline.errors import CprError
from pipeline.stages.review import Review, open_review
from pipeline.stages.runlog import record_failure
from pipeline.store.audit import set_actor
from pipeline.store.fileio import on_lock_wait
from pipeline.store.workspace import Workspace

P = ParamSpec("P")
R = TypeVar("R")

app = typer.Typer(
    name="cpr",
    help="Take a draft Child Practice Review to an approved, verified, anonymised report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Markup is off: references, paths, keys and values are user text, and `[/]` or `[red]`
# in them must print as written, never crash or vanish. Styled output uses rich Text.
console = Console(highlight=False, markup=False)
err_console = Console(stderr=True, highlight=False, markup=False)

on_lock_wait(
    lambda ref: err_console.print(
        f"{ref}: waiting for another cpr command working on this review to finish ..."
    )
)


@app.callback()
def main_options(
    ctx: typer.Context,
    workspace: Annotated[
        Path,
        typer.Option(
            "--workspace",
            "-w",
            help="Folder holding drafts/, redaction_rules/, build/ and published_site/.",
            file_okay=False,
        ),
    ] = Path("."),
    actor: Annotated[
        str | None,
        typer.Option(
            "--actor",
            envvar="CPR_ACTOR",
            help="Your name, as the audit trail records who did each step "
            "(default: the login name, marked as such).",
        ),
    ] = None,
) -> None:
    """Take a draft Child Practice Review to an approved, verified, anonymised report."""
    set_actor(actor)
    ctx.obj = Workspace(workspace.resolve())


def workspace_of(ctx: typer.Context) -> Workspace:
    """The workspace chosen with --workspace."""
    ws = ctx.find_root().obj
    assert isinstance(ws, Workspace)
    return ws


def review_of(ctx: typer.Context, ref: str) -> Review:
    """Open a review in the chosen workspace."""
    return open_review(workspace_of(ctx), ref)


def handles_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn domain errors into a message on stderr and a non-zero exit."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except CprError as error:
            given = inspect.signature(fn).bind_partial(*args, **kwargs).arguments
            ctx, ref = given.get("ctx"), given.get("ref")
            # typer hands over its own click's Context, so look for the method, not the type.
            find_root = getattr(ctx, "find_root", None)
            ws = find_root().obj if find_root is not None else None
            if isinstance(ws, Workspace) and isinstance(ref, str):
                # A failed run is recorded too, in the review's local trail of runs.
                record_failure(ws, ref, command=fn.__name__, error=error)
            message = Text.assemble(("error:", "bold red"), " ", error.render())
            err_console.print(message, soft_wrap=True)
            raise typer.Exit(error.exit_code) from None

    return wrapper


RefArg = Annotated[str, typer.Argument(help="The review's neutral reference, e.g. cysur-2024-03.")]
