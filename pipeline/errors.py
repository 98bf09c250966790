"""Domain exceptions, each with its documented exit code.

Only the command line (`pipeline/cli/app.py`) turns them into messages and exits.

Every error says where (file, and line or key when known) and what to do next. None of
them may carry document text or a detected value: only references, file names, types
and counts.
"""

from __future__ import annotations

from pathlib import Path


class CprError(Exception):
    """A failure the user can act on."""

    # The exit code documented in README.md; each kind of error has its own.
    exit_code = 1

    def __init__(
        self,
        problem: str,
        *,
        fix: str,
        file: Path | str | None = None,
        line: int | None = None,
        column: int | None = None,
        key: str | None = None,
        details: list[str] | None = None,
    ) -> None:
        self.problem = problem
        # Further problems of the same file, one line each, so one run reports them all.
        self.details = details or []
        self.fix = fix
        self.file = Path(file) if file is not None else None
        self.line = line
        self.column = column
        self.key = key
        super().__init__(self.render())

    def where(self) -> str:
        """`file:line:column (key)`, as much as is known."""
        parts = str(self.file) if self.file else ""
        if self.line is not None:
            parts += f":{self.line}"
            if self.column is not None:
                parts += f":{self.column}"
        if self.key:
            parts += f" ({self.key})" if parts else self.key
        return parts

    def render(self) -> str:
        """The whole message: where, what, and the fix."""
        where = self.where()
        head = f"{where}: {self.problem}" if where else self.problem
        body = f"{head}\n  fix: {self.fix}"
        if self.details:
            body += "\n" + "\n".join(f"  - {d}" for d in self.details)
        return body


class InputError(CprError):
    """A file a person wrote (draft, review record, list, policy) is missing or invalid."""


class ApprovalError(CprError):
    """There is no valid approval for what is about to be used."""

    exit_code = 4


class VerificationError(CprError):
    """The anonymised output still contains something that must not be published."""

    exit_code = 3

    def __init__(
        self,
        problem: str,
        *,
        fix: str,
        file: Path | str | None = None,
        findings: list[str] | None = None,
    ) -> None:
        self.findings = findings or []
        super().__init__(problem, fix=fix, file=file)

    def render(self) -> str:
        """The message followed by one line per finding (line numbers and types only)."""
        body = super().render()
        if self.findings:
            body += "\n" + "\n".join(f"  - {f}" for f in self.findings)
        return body


class ToolError(CprError):
    """An external program (pandoc, mkdocs) is missing or failed."""

    exit_code = 5


class BusyError(CprError):
    """Another command holds the lock on this review."""

    exit_code = 6
