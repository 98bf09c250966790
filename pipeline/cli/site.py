"""The public site's commands: `cpr publish REF`, `cpr site build`, `cpr site serve`."""

from __future__ import annotations

from typing import Annotated

import typer

from pipeline.cli.app import (
    RefArg,
    app,
    console,
    err_console,
    handles_errors,
    review_of,
    workspace_of,
)
from pipeline.site.builder import build_site, serve_site
from pipeline.site.i18n import long_date
from pipeline.stages.publish import publish_review
from pipeline.stages.siteswap import prepare_site
from pipeline.stages.withdraw import withdraw_review

site_app = typer.Typer(
    help="Build or preview the public site from published_site/.", no_args_is_help=True
)
app.add_typer(site_app, name="site")


@app.command()
@handles_errors
def publish(ctx: typer.Context, ref: RefArg) -> None:
    """Put the approved, verified report and its metadata on the site, then build it."""
    review = review_of(ctx, ref)
    result = publish_review(review, ws=workspace_of(ctx))
    source = (
        "from the review record"
        if result.published_from_record
        else "today's date: dates.published is not set in the review record"
    )
    console.print(
        f"{ref}: published on {long_date(result.published, 'en')} ({source}) in "
        f"{', '.join(result.languages)}; downloads: {', '.join(result.downloads)}"
    )
    console.print(f"site built: {result.pages} pages -> {result.site}")


@app.command()
@handles_errors
def withdraw(
    ctx: typer.Context,
    ref: RefArg,
    reason: Annotated[
        str, typer.Option(help="Why it is withdrawn (by entry number; never a name).")
    ] = "",
    officer: Annotated[
        str | None, typer.Option(help="Who withdraws it (default: the acting person).")
    ] = None,
) -> None:
    """Take a published review off the public site (pages, downloads, catalogue, search)."""
    review = review_of(ctx, ref)
    result = withdraw_review(review, ws=workspace_of(ctx), reason=reason, officer=officer)
    if result.already_off:
        console.print(f"{ref}: already off the site; the withdrawal is now recorded")
    else:
        console.print(
            f"{ref}: withdrawn: {len(result.removed)} file(s) taken out of published_site/; "
            f"site rebuilt ({result.pages} pages); recorded in {review.paths.audit}"
        )
    console.print(
        f"to publish it again: `cpr approve {ref} --officer NAME --key PATH`, then "
        f"`cpr publish {ref}`"
    )
    if result.remaining is not None:
        # Withdrawn, but what remains on the site still fails the final check.
        err_console.print(
            "warning: the site still fails the final check on other reviews' pages; "
            "republish or withdraw them:\n" + result.remaining.render()
        )
        raise typer.Exit(result.remaining.exit_code)


@site_app.command("build")
@handles_errors
def site_build(ctx: typer.Context) -> None:
    """Build published_site/ into build/_site/ (English at the root, Welsh under cy/)."""
    ws = workspace_of(ctx)
    prepare_site(ws)  # a killed publish put right; a withdrawn review is never built
    result = build_site(ws)
    console.print(
        f"site built: {result.reviews} review(s), {result.pages} pages -> {result.output}"
    )


@site_app.command("serve")
@handles_errors
def site_serve(
    ctx: typer.Context,
    address: Annotated[str, typer.Option(help="Where to serve, host:port.")] = "127.0.0.1:8000",
) -> None:
    """Preview the English site with live reload (mkdocs serve)."""
    console.print(
        f"serving the English site on http://{address}/ (Ctrl-C to stop); for "
        "the Welsh site run `cpr site build` and serve build/_site/"
    )
    serve_site(workspace_of(ctx), address=address)
