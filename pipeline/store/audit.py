"""The audit trail, `redaction_rules/<ref>.audit.jsonl`: who did what, when, with which hashes.

One JSON object per line, in canonical form (sorted keys, no spaces). Each line holds the
sha256 of the previous line (`prev`) and of its own content (`sha256`), and a small
anchor file (`<ref>.audit.head`) holds the count and the hash of the last line, so an
altered, removed, inserted or reordered line, or a line cut from the end, is found and
named by its line number.

Only references, hashes, counts, types, dates and the names of officers go in: never
document text or a redacted value. Appends are made by callers holding the review's lock;
each is one `write` of a whole line followed by `fsync`, and a torn last line left by a
killed process is reported by `check_trail` and set aside (never silently dropped) by the
next append.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import os
import signal
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import InputError
from pipeline.store.fileio import atomic_write_text, sha256_bytes

if TYPE_CHECKING:
    pass

GENESIS = "0" * 64
REQUIRED = ("seq", "at", "who", "event", "review", "details", "prev", "sha256")
FAULT_ENV = "CPR_TEST_FAULT"


def fault_point(name: str) -> None:
    """Kill this process here when the tests ask for it (CPR_TEST_FAULT=name); else nothing.

    The fault-injection tests use it to stop a command at an exact point, as a power cut
    or `kill -9` would, and then check that every earlier good file is intact.
    """
    if os.environ.get(FAULT_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def canonical(obj: dict[str, Any]) -> str:
    """The one text form of an event: sorted keys, no spaces, UTF-8."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _hash_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# The person acting, as named on the command line (`cpr --actor NAME`, or CPR_ACTOR) or
# signed in to the desk; set once per process by the front end that knows it.
_actor: list[str] = []
LOGIN_MARK = " (login name)"


def set_actor(name: str | None) -> None:
    """Record who is acting for every event this process appends."""
    _actor.clear()
    if name and name.strip():
        _actor.append(name.strip())


def current_user(officer: str | None = None) -> str:
    """The officer named for this step, else the acting person, else the login name.

    The login name is only a fallback, and marked as one: on a shared machine it names
    an account ("root"), not a person.
    """
    if officer and officer.strip():
        return officer.strip()
    if _actor:
        return _actor[0]
    try:
        login = getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        login = "unknown"
    return login + LOGIN_MARK


@dataclass(frozen=True)
class AuditEvent:
    """One line of the trail."""

    line: int
    seq: int
    at: str
    who: str
    event: str
    details: dict[str, Any]


@dataclass(frozen=True)
class TrailProblem:
    """Why a line of the trail cannot be trusted."""

    line: int
    problem: str

    def render(self) -> str:
        """`line 4: ...`."""
        return f"line {self.line}: {self.problem}"


@dataclass
class Trail:
    """The trail as read: the events that check out, and every problem found."""

    path: Path
    events: list[AuditEvent] = field(default_factory=list)
    problems: list[TrailProblem] = field(default_factory=list)
    torn: bool = False  # the last line is incomplete (a killed append)
    good_bytes: int = 0  # length of the intact prefix
    last_line_hash: str = GENESIS

    @property
    def intact(self) -> bool:
        """No line was altered, removed or reordered (a torn last line aside)."""
        return not [p for p in self.problems if not (self.torn and p.line == self.lines + 1)]

    @property
    def lines(self) -> int:
        """Complete lines read."""
        return len(self.events)

    def last(self, *events: str) -> AuditEvent | None:
        """The latest event of one of these kinds."""
        for event in reversed(self.events):
            if event.event in events:
                return event
        return None


def head_path(path: Path) -> Path:
    """The anchor beside the trail: count and hash of the last line."""
    return path.with_name(path.name.removesuffix(".jsonl") + ".head")


def read_trail(path: Path) -> Trail:
    """Read and check the whole trail; a missing file is an empty trail."""
    trail = Trail(path=path)
    if not path.is_file():
        if head_path(path).is_file():
            trail.problems.append(
                TrailProblem(1, "the audit trail was deleted (its anchor file remains)")
            )
        return trail
    data = path.read_bytes()
    chunks = data.split(b"\n")
    tail = chunks.pop()  # b"" when the file ends with a newline
    prev = GENESIS
    offset = 0
    for number, chunk in enumerate(chunks, start=1):
        problem = _check_line(chunk, number=number, prev=prev)
        if problem:
            trail.problems.append(TrailProblem(number, problem))
        obj = _parse(chunk)
        if obj is not None and all(k in obj for k in REQUIRED):
            trail.events.append(
                AuditEvent(
                    line=number,
                    seq=obj["seq"],
                    at=obj["at"],
                    who=obj["who"],
                    event=obj["event"],
                    details=obj["details"],
                )
            )
        else:
            trail.events.append(AuditEvent(number, number, "", "", "(unreadable)", {}))
        prev = _hash_text(chunk.decode("utf-8", errors="replace"))
        offset += len(chunk) + 1
    trail.good_bytes = offset
    trail.last_line_hash = prev
    if tail:
        trail.torn = True
        trail.problems.append(
            TrailProblem(
                len(chunks) + 1,
                "incomplete last line: a command was stopped while writing it "
                "(the next cpr command on this review sets it aside in the .torn file)",
            )
        )
    _check_head(trail)
    return trail


def _parse(chunk: bytes) -> dict[str, Any] | None:
    try:
        obj = json.loads(chunk.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return obj if isinstance(obj, dict) else None


def _check_line(chunk: bytes, *, number: int, prev: str) -> str | None:
    """What is wrong with one line, or None."""
    obj = _parse(chunk)
    if obj is None:
        return "not a JSON object: the line was altered"
    missing = [k for k in REQUIRED if k not in obj]
    if missing:
        return f"missing {', '.join(missing)}: the line was altered"
    if canonical(obj) != chunk.decode("utf-8"):
        return "not in canonical form: the line was edited by hand"
    body = {k: v for k, v in obj.items() if k != "sha256"}
    if obj["sha256"] != _hash_text(canonical(body)):
        return "its content does not match its hash: the line was altered"
    if obj["prev"] != prev:
        return (
            f"does not follow line {number - 1}: a line was removed, inserted or "
            "reordered before it"
            if number > 1
            else "is not the first line written: lines were removed from the start"
        )
    if obj["seq"] != number:
        return f"is event {obj['seq']} but stands at line {number}: lines were reordered"
    return None


def _check_head(trail: Trail) -> None:
    """Compare the trail with its anchor: lines cut from the end are found here."""
    anchor = head_path(trail.path)
    if not anchor.is_file():
        if trail.lines:
            trail.problems.append(
                TrailProblem(trail.lines, f"the anchor file {anchor.name} is missing")
            )
        return
    try:
        head = json.loads(anchor.read_text(encoding="utf-8"))
        lines, digest = int(head["lines"]), str(head["sha256"])
    except (ValueError, KeyError, TypeError, OSError):
        trail.problems.append(
            TrailProblem(trail.lines, f"the anchor file {anchor.name} is unreadable")
        )
        return
    if lines > trail.lines:
        trail.problems.append(
            TrailProblem(
                trail.lines + 1, f"lines {trail.lines + 1} to {lines} were removed from the end"
            )
        )
    elif lines < trail.lines - 1:
        # One line ahead of the anchor is a killed append; more were added without cpr.
        trail.problems.append(TrailProblem(lines + 2, "lines were appended without cpr"))
    elif lines >= 1 and _line_hash(trail.path, lines) != digest:
        trail.problems.append(
            TrailProblem(lines, "does not match the anchor: the line was replaced")
        )


def line_sha256(path: Path, number: int) -> str | None:
    """The sha256 of line `number` of the trail (as its successor's `prev`), or None."""
    if not path.is_file():
        return None
    chunks = path.read_bytes().split(b"\n")
    if number < 1 or number > len(chunks) - 1:
        return None
    return _hash_text(chunks[number - 1].decode("utf-8", errors="replace"))


def _line_hash(path: Path, number: int) -> str:
    chunks = path.read_bytes().split(b"\n")
    return _hash_text(chunks[number - 1].decode("utf-8", errors="replace"))


def require_intact(trail: Trail) -> None:
    """Raise InputError naming the first damaged line (a torn last line is allowed)."""
    bad = [p for p in trail.problems if not (trail.torn and p.line == trail.lines + 1)]
    if bad:
        first = bad[0]
        raise InputError(
            f"the audit trail has been altered: {first.render()}"
            + (f" (and {len(bad) - 1} more problem(s))" if len(bad) > 1 else ""),
            file=trail.path,
            line=first.line,
            fix="restore the file from the backup or from git; run `cpr audit REF --check` "
            "to list every problem. Nothing more is recorded until the trail is whole.",
        )


def append_event(
    path: Path,
    *,
    ref: str,
    event: str,
    details: dict[str, Any],
    who: str | None = None,
    now: dt.datetime | None = None,
) -> AuditEvent:
    """Append one event. The caller holds the review's lock.

    Args:
        path: the trail, redaction_rules/REF.audit.jsonl.
        ref: the review's neutral reference.
        event: what happened (detect, list-edited, approve, revoke, anonymise, ...).
        details: hashes, counts and types only: never document text or redacted values.
        who: the officer named on the command line; the login name when None.
        now: the time (for tests).

    Returns:
        The event as written.

    Raises:
        InputError: the trail has been altered (nothing is appended to a broken chain).
    """
    trail = read_trail(path)
    require_intact(trail)
    if trail.torn:
        trail = _set_aside_torn(trail, ref=ref)
    at = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    seq = trail.lines + 1
    stamp = at.isoformat().replace("+00:00", "Z")
    actor = current_user(who)
    body: dict[str, object] = {
        "seq": seq,
        "at": stamp,
        "who": actor,
        "event": event,
        "review": ref,
        "details": details,
        "prev": trail.last_line_hash,
    }
    body["sha256"] = _hash_text(canonical(body))
    line = canonical(body)
    fault_point(f"audit:{event}:before")
    _append_line(path, line)
    fault_point(f"audit:{event}:after")
    atomic_write_text(
        head_path(path), canonical({"lines": body["seq"], "sha256": _hash_text(line)}) + "\n"
    )
    return AuditEvent(
        line=seq,
        seq=seq,
        at=stamp,
        who=actor,
        event=event,
        details=details,
    )


def _append_line(path: Path, line: str) -> None:
    """One write of the whole line in append mode, then fsync."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (line + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def _set_aside_torn(trail: Trail, *, ref: str) -> Trail:
    """Move a torn last line to `<trail>.torn`, keep the whole lines, and record it."""
    data = trail.path.read_bytes()
    fragment = data[trail.good_bytes :]
    torn_path = trail.path.with_name(trail.path.name + ".torn")
    _append_line(torn_path, fragment.decode("utf-8", errors="replace"))
    atomic_write_text(trail.path, data[: trail.good_bytes].decode("utf-8"))
    append_event(
        trail.path,
        ref=ref,
        event="torn-line-set-aside",
        details={
            "line": trail.lines + 1,
            "bytes": len(fragment),
            "sha256": sha256_bytes(fragment),
            "moved_to": torn_path.name,
        },
    )
    return read_trail(trail.path)
