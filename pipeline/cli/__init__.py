"""The `cpr` command line: one module per group of commands, registered on one app."""

from pipeline.cli import (  # noqa: F401  (registers the commands)
    core,
    desk,
    governance,
    measure,
    site,
    start,
)
from pipeline.cli.app import app


def main() -> None:
    """Entry point of the `cpr` script."""
    app()


__all__ = ["app", "main"]
