"""YAML in and out with ruamel.yaml: comments and order survive a round trip.

Loading reports syntax errors with line and column, and validation errors with the key
path and the line it stands on, so a person can find and fix the entry.

Every YAML file a person edits (review record, redaction list, policy, action plan) is
loaded here, and loading is safe against hostile files: anchors and aliases are refused
before anything is built (a 500-byte "billion laughs" alias bomb would otherwise grow to
gigabytes), and a file over MAX_EDITED_FILE_BYTES is refused before it is read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any, TypeVar

import yaml as pyyaml
from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from pipeline.errors import InputError
from pipeline.store.fileio import atomic_write_text, ensure_in_workspace

M = TypeVar("M", bound=BaseModel)

# The largest YAML file a person edits that is read at all. Real ones are a few
# kilobytes (a long redaction list some hundreds); anything this big is a mistake or an
# attack, and reading it whole would cost memory before any check could run.
MAX_EDITED_FILE_BYTES = 5 * 1024 * 1024
NO_ALIASES_FIX = (
    "write the value out in full; anchors and aliases are not allowed "
    "(remove the `&name` and replace each `*name` with the value itself)"
)


def _yaml() -> YAML:
    yaml = YAML()  # round-trip mode keeps comments, order and quoting
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    # A value used twice is written out twice, never as an anchor and alias that the
    # loader would then refuse.
    yaml.representer.ignore_aliases = lambda *_: True
    return yaml


def read_text_utf8(path: Path, *, what: str, max_bytes: int | None = None) -> str:
    """Read a UTF-8 text file, failing with the file name and the fix.

    Raises:
        InputError: the file is missing, larger than `max_bytes`, not UTF-8, or reached
            through a symbolic link that leads out of the workspace.
    """
    ensure_in_workspace(path)
    if not path.is_file():
        raise InputError(
            f"{what} not found", file=path, fix=f"create {path.name} (see README.md for its format)"
        )
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise InputError(
            f"{what} is too large to read ({size:,} bytes; at most {max_bytes:,} allowed)",
            file=path,
            fix="check that this is the right file; a file people edit holds a few "
            "kilobytes of YAML, so remove what does not belong in it",
        )
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{what} is not valid UTF-8 (byte {exc.start})",
            file=path,
            line=line,
            fix="re-save the file as UTF-8 (in most editors: Save As, encoding UTF-8)",
        ) from None


def refuse_aliases(text: str, *, path: Path, what: str) -> None:
    """Fail at the first anchor (`&name`) or alias (`*name`), before anything is built.

    Parsing yields events without composing nodes, so an alias bomb costs no more than
    its own few hundred bytes here.
    """
    # libyaml's event parser (PyYAML's C binding) reads a large list some twenty times
    # faster than ruamel's pure-Python one; the round-trip load that follows is the only
    # one that builds anything. Its syntax errors are left to that load to report.
    loader = getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)
    try:
        events = list(pyyaml.parse(text, Loader=loader))
    except pyyaml.YAMLError:
        return
    for event in events:
        if isinstance(event, pyyaml.AliasEvent):
            kind = "an alias"
        elif isinstance(event, pyyaml.NodeEvent) and event.anchor is not None:
            kind = "an anchor"
        else:
            continue
        mark = event.start_mark
        raise InputError(
            f"{what} uses {kind} (YAML `&name`/`*name`), which is not allowed",
            file=path,
            line=mark.line + 1,
            column=mark.column + 1,
            fix=NO_ALIASES_FIX,
        )


def _fast_yaml() -> YAML:
    # ruamel's safe loader on libyaml (ruamel.yaml.clib): the same YAML 1.2 reading as the
    # round-trip loader ("no" stays a string, dates are dates), some ten times faster,
    # but without comments or line numbers.
    return YAML(typ="safe", pure=False)


def load_plain(path: Path, *, what: str) -> Any:
    """Parse a file that is only read, the fast way (no comments or lines kept).

    Raises:
        InputError: as `load_yaml` (a file that does not parse is read again to say where).
    """
    text = read_text_utf8(path, what=what, max_bytes=MAX_EDITED_FILE_BYTES)
    refuse_aliases(text, path=path, what=what)
    try:
        return _fast_yaml().load(text)
    except Exception:
        return load_yaml(path, what=what)


def load_model(
    model: type[M], path: Path, *, what: str, context: dict[str, Any] | None = None
) -> M:
    """Load and validate a file that is only read, the fast way.

    A file that does not validate is read again in round-trip mode, so the error names
    the line of each problem exactly as `validate` after `load_yaml` would.

    Raises:
        InputError: as `load_yaml` and `validate`.
    """
    data = load_plain(path, what=what)
    try:
        return validate(model, data, path=path, what=what, context=context)
    except InputError:
        # Let the round-trip reading report it, with its line and key.
        return validate(model, load_yaml(path, what=what), path=path, what=what, context=context)


def load_yaml(path: Path, *, what: str) -> Any:
    """Parse a YAML file a person edits, in round-trip mode.

    Raises:
        InputError: the file is missing, too large, not UTF-8, uses an anchor or alias,
            or does not parse; syntax errors name line and column.
    """
    text = read_text_utf8(path, what=what, max_bytes=MAX_EDITED_FILE_BYTES)
    try:
        refuse_aliases(text, path=path, what=what)
        return _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise InputError(
            f"YAML does not parse: {problem}",
            file=path,
            line=line,
            column=column,
            fix="correct the YAML at that line (indentation, a missing colon or "
            "an unclosed quote or bracket are the usual causes)",
        ) from None
    except YAMLError as exc:
        raise InputError(
            f"YAML does not parse: {type(exc).__name__}", file=path, fix="correct the YAML syntax"
        ) from None
    except ValueError:
        # ruamel builds dates while parsing: 2024-13-45 fails here, not in validation.
        raise InputError(
            f"{what}: a date is not a real calendar date",
            file=path,
            line=_bad_date_line(text),
            fix="write dates as YYYY-MM-DD with a real month and day",
        ) from None


def dump_yaml(data: Any) -> str:
    """Serialise round-trip data back to YAML text."""
    buffer = io.StringIO()
    _yaml().dump(data, buffer)
    return buffer.getvalue()


def write_yaml(path: Path, data: Any) -> None:
    """Write YAML atomically."""
    atomic_write_text(path, dump_yaml(data))


def line_of(data: Any, loc: tuple[int | str, ...]) -> int | None:
    """The 1-based line of the deepest node of `loc` that ruamel knows the position of."""
    node = data
    line = None
    for part in loc:
        if isinstance(node, CommentedMap) and part in node:
            with contextlib.suppress(KeyError, TypeError, AttributeError):
                line = node.lc.key(part)[0] + 1
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            with contextlib.suppress(KeyError, TypeError, AttributeError):
                line = node.lc.item(part)[0] + 1
            node = node[part]
        else:
            break
    return line


def to_plain(data: Any) -> Any:
    """Round-trip containers to plain dicts and lists (for validation)."""
    if isinstance(data, dict):
        return {str(k): to_plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [to_plain(v) for v in data]
    return data


def validate(
    model: type[M], data: Any, *, path: Path, what: str, context: dict[str, Any] | None = None
) -> M:
    """Validate parsed YAML against a pydantic model, reporting every problem at once.

    The error names the first problem's key and line; each further problem follows on a
    line of its own with its line, key and fix, so one run shows everything to correct.
    `context` reaches the model's validators (the policy's theme vocabulary, for one).
    """
    if not isinstance(data, dict):
        raise InputError(
            f"{what} must be a mapping of keys to values",
            file=path,
            line=1,
            fix="start the file with `key: value` lines as in the README",
        )
    try:
        plain = to_plain(data)
    except ValueError:
        # ruamel builds dates lazily, so 2024-13-45 fails here rather than in validation.
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        raise InputError(
            f"{what}: a date is not a real calendar date",
            file=path,
            line=_bad_date_line(text),
            fix="write dates as YYYY-MM-DD with a real month and day",
        ) from None
    try:
        return model.model_validate(plain, context=context)
    except ValidationError as exc:
        problems = [_problem(error, data) for error in exc.errors()]
        (line, key, message, fix), rest = problems[0], problems[1:]
        more = f" (and {len(rest)} more problem(s), listed below)" if rest else ""
        raise InputError(
            f"{what}: {message}{more}",
            file=path,
            line=line,
            key=key,
            fix=fix,
            details=[
                f"line {ln if ln is not None else '?'} ({k}): {m}; fix: {f}" for ln, k, m, f in rest
            ],
        ) from None


def _problem(error: Any, data: Any) -> tuple[int | None, str, str, str]:
    """One validation error as (line, key path, message, fix)."""
    loc = tuple(error["loc"])
    key = " -> ".join(str(p) for p in loc) or "(top level)"
    message = error["msg"]
    if error["type"] == "extra_forbidden":
        message = "unknown key"
        fix = "remove the key or correct its spelling (see README.md for the keys allowed)"
    elif error["type"] == "missing":
        fix = "add the key"
    elif error["type"] == "string_too_short" and error.get("ctx", {}).get("min_length") == 1:
        message = "is empty"
        fix = "fill in the value (see the comment above it)"
    elif error["type"] == "theme":
        fix = "use one of the themes listed under `themes:` in redaction_rules/policy.yaml"
    else:
        fix = "correct the value"
    return line_of(data, loc), key, message, fix


def _bad_date_line(text: str) -> int | None:
    """The first line holding a date-shaped value that is not a real date."""
    for number, line in enumerate(text.splitlines(), start=1):
        for found in re.findall(r"\b\d{4}-\d{1,2}-\d{1,2}\b", line):
            try:
                dt.date.fromisoformat(found)
            except ValueError:
                return number
    return None
