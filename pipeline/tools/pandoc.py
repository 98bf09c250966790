"""The one wrapper around pandoc (the binary bundled in the pypandoc-binary wheel).

Every stage that converts a document goes through `run_pandoc`, so the checks live in
one place: pandoc is there (and how to get it if not), it runs sandboxed by default
(it reads only the files named on its command line and never fetches a URL), and a
failure says which command failed, its exit status and what pandoc printed.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import subprocess
import tempfile
from pathlib import Path

from pipeline.errors import InputError, ToolError

INSTALL_FIX = "run `make install` (it installs pypandoc-binary, which bundles pandoc)"
TIMEOUT_SECONDS = 300.0
# pandoc's messages can quote a fragment of the document, so keep only a short tail.
STDERR_LIMIT = 1000
_METADATA_FLAGS = ("-M", "--metadata")


def pandoc_path() -> Path:
    """The pandoc executable, or a ToolError that says how to install it."""
    try:
        import pypandoc  # imported here so a missing wheel becomes a ToolError

        found = Path(pypandoc.get_pandoc_path())
    except (ImportError, OSError) as exc:
        raise ToolError(
            f"pandoc is not installed ({type(exc).__name__})", fix=INSTALL_FIX
        ) from None
    if found.parent == Path("."):  # pypandoc may answer a bare name found on PATH
        return found
    if not (found.is_file() and os.access(found, os.X_OK)):
        raise ToolError("pandoc is not installed or not executable", file=found, fix=INSTALL_FIX)
    return found


def pandoc_version() -> str:
    """The version of the pandoc in use, such as `3.9`."""
    first_line = run_pandoc(["--version"], what="report its version", sandbox=False).split("\n")[0]
    match = re.search(r"\d+(?:\.\d+)+", first_line)
    if match is None:
        raise ToolError("pandoc --version gave an unexpected answer", fix=INSTALL_FIX)
    return match.group(0)


def run_pandoc(
    args: list[str],
    *,
    input_path: Path | None = None,
    input_text: str | None = None,
    input_bytes: bytes | None = None,
    what: str,
    sandbox: bool = True,
    timeout: float = TIMEOUT_SECONDS,
) -> str:
    """Run pandoc and return what it wrote to standard output (UTF-8 text).

    Args:
        args: pandoc's options, e.g. `["-f", "docx", "-t", "json"]`.
        input_path: a file to convert, appended to the command line.
        input_text: text to send on standard input instead.
        input_bytes: bytes (a .docx or .odt package) to send on standard input instead.
        what: what the run is for, completing "pandoc failed to ...", for error messages.
        sandbox: pass `--sandbox`, so pandoc reads nothing but its inputs and never
            touches the network. Turn off only to embed local images into an output.
        timeout: seconds before the run is abandoned.

    Returns:
        pandoc's standard output ("" when it wrote to a file with `-o`).

    Raises:
        ToolError: pandoc is missing, failed, or took longer than `timeout`.
        ValueError: more than one input was given (a programming error).
    """
    if sum(x is not None for x in (input_path, input_text, input_bytes)) > 1:
        raise ValueError("give at most one of input_path, input_text, input_bytes")
    command = [str(pandoc_path()), *(["--sandbox"] if sandbox else []), *args]
    if input_path is not None:
        command.append(str(input_path))
    stdin = input_text.encode("utf-8") if input_text is not None else input_bytes
    try:
        done = subprocess.run(
            command,
            input=stdin if stdin is not None else b"",
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError:
        raise ToolError("pandoc is not installed", fix=INSTALL_FIX) from None
    except subprocess.TimeoutExpired:
        raise ToolError(
            f"pandoc took longer than {timeout:.0f} s to {what}\n  command: {_display(command)}",
            file=input_path,
            fix="check the input is the document you meant; a very large file may need splitting",
        ) from None
    if done.returncode != 0:
        raise ToolError(
            f"pandoc failed to {what} (exit status {done.returncode})"
            f"\n  command: {_display(command)}\n  pandoc said: {_tail(done.stderr)}",
            file=input_path,
            fix="check the input opens in Word or LibreOffice and is saved in the format its "
            "name says; if it does, report this message",
        )
    try:
        return done.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise ToolError(
            f"pandoc's output was not UTF-8 when asked to {what}",
            file=input_path,
            fix="report this message",
        ) from None


def convert_markdown(
    src: Path,
    dest: Path,
    *,
    to: str,
    metadata: dict[str, str] | None = None,
    reference_doc: Path | None = None,
    standalone: bool = True,
    extra_args: list[str] | None = None,
    sandbox: bool = True,
) -> None:
    """Convert a Markdown file to `to` (docx, odt, html, ...) at `dest`, atomically.

    pandoc writes to a temporary file next to `dest`, which is renamed over `dest` only
    when pandoc succeeds, so a failure leaves any earlier `dest` untouched.

    Args:
        src: the Markdown file.
        dest: the file to write.
        to: pandoc's output format, e.g. `docx`, `odt`, `html5`.
        metadata: `-M key=value` pairs, such as the title.
        reference_doc: a .docx or .odt whose styles the output takes.
        standalone: write a whole document (always so for docx and odt).
        extra_args: further pandoc options.
        sandbox: see `run_pandoc`.

    Raises:
        InputError: `src` or `reference_doc` does not exist.
        ToolError: pandoc failed.
    """
    for path, role in ((src, "Markdown file"), (reference_doc, "reference document")):
        if path is not None and not path.is_file():
            raise InputError(f"{role} not found", file=path, fix=f"create {path.name} first")
    args = ["-f", "markdown", "-t", to, "--wrap=none"]
    if standalone:
        args.append("--standalone")
    for key, value in (metadata or {}).items():
        args += ["-M", f"{key}={value}"]
    if reference_doc is not None:
        args.append(f"--reference-doc={reference_doc}")
    args += extra_args or []
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        run_pandoc(
            [*args, "-o", str(tmp)],
            input_path=src,
            what=f"convert {src.name} to {to}",
            sandbox=sandbox,
        )
        os.replace(tmp, dest)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _display(command: list[str]) -> str:
    """The command as a shell line, with metadata values hidden (they may be titles)."""
    shown: list[str] = []
    after_flag = False
    for arg in command:
        if arg.startswith("--metadata="):
            arg = "--metadata=" + _hide_value(arg.removeprefix("--metadata="))
        elif after_flag:
            arg = _hide_value(arg)
        after_flag = arg in _METADATA_FLAGS
        shown.append(arg)
    return shlex.join(shown)


def _hide_value(pair: str) -> str:
    """`key=value` to `key=…`."""
    key, sep, _ = pair.partition("=")
    return f"{key}=…" if sep else key


def _tail(stderr: bytes) -> str:
    """The last STDERR_LIMIT characters of pandoc's error output, on one line."""
    text = " ".join(stderr.decode("utf-8", errors="replace").split())
    if len(text) > STDERR_LIMIT:
        text = "…" + text[-STDERR_LIMIT:]
    return text or "(nothing)"
