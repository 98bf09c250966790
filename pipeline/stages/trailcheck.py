"""A trail that cannot vanish: what left the workspace says where the trail stood.

The hash chain and its anchor file (`pipeline.store.audit`) find a line altered, removed
or reordered; but deleting the trail and its anchor together, or cutting the end off
and rewriting the anchor, leaves a shorter trail that checks out. So publish writes
the line and hash of the approval event it published under into the public
`data/REF.json` (`audit`), and submit writes the trail's head into the pack's manifest
(`audit`). `trail_problems` compares the trail with those, and with the record's own
dates: a published or submitted review whose trail no longer holds them fails
`cpr audit REF --check`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.errors import InputError
from pipeline.model.redaction_list import Approval
from pipeline.site.meta import AuditAnchor
from pipeline.stages.approval import approve_event
from pipeline.stages.review import Review
from pipeline.store.audit import Trail, line_sha256, read_trail


def approval_anchor(review: Review, approval: Approval) -> AuditAnchor | None:
    """The line and hash of the approve event that wrote `approval`, or None."""
    trail = read_trail(review.paths.audit)
    event = approve_event(trail.events, approval)
    if event is None:
        return None
    digest = line_sha256(review.paths.audit, event.line)
    return AuditAnchor(line=event.line, sha256=digest) if digest else None


def head_anchor(trail: Trail) -> dict[str, Any]:
    """The trail's head as the manifest records it: lines and the last line's hash."""
    return {"lines": trail.lines, "sha256": trail.last_line_hash}


def _holds(path: Path, line: int, digest: str) -> bool:
    return line_sha256(path, line) == digest


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def trail_problems(review: Review) -> list[str]:
    """Why the trail cannot be the whole trail of what this review went through."""
    path, trail = review.paths.audit, read_trail(review.paths.audit)
    ref, problems = review.ref, []
    meta = _read_json(review.paths.ws.site / "data" / f"{ref}.json")
    if meta is not None:
        anchor = meta.get("audit")
        if isinstance(anchor, dict):
            line, digest = int(anchor.get("line", 0)), str(anchor.get("sha256", ""))
            if not _holds(path, line, digest):
                problems.append(
                    f"the review is published under the approval at line {line} of its "
                    f"trail, and the trail no longer holds that line (it has {trail.lines} "
                    "line(s)): the trail was deleted, cut or replaced"
                )
        if trail.last("publish") is None:
            problems.append(
                "the review is on the public site but its trail records no publication: "
                "the trail was deleted or cut"
            )
    manifest = _read_json(review.paths.build / "submission" / "manifest.json")
    if manifest is not None and isinstance(manifest.get("audit"), dict):
        lines = int(manifest["audit"].get("lines", 0))
        digest = str(manifest["audit"].get("sha256", ""))
        if lines and not _holds(path, lines, digest):
            problems.append(
                f"the submission pack was built when the trail had {lines} line(s), and the "
                f"trail no longer holds line {lines} as it was: the trail was deleted, cut "
                "or replaced"
            )
    dates = review.record.dates
    for key, when, event in (
        ("submitted_to_welsh_government", dates.submitted_to_welsh_government, "approve"),
        ("published", dates.published, "approve"),
    ):
        if when is not None and trail.last(event) is None:
            problems.append(
                f"the record has dates: {key}, but the trail holds no approval: the trail "
                "was deleted or cut"
            )
            break
    return problems


def require_trail_whole(review: Review) -> None:
    """Raise when a published or submitted review's trail is missing or was cut.

    Raises:
        InputError: naming the first problem (exit 1).
    """
    problems = trail_problems(review)
    if problems:
        raise InputError(
            f"the audit trail of review {review.ref} is not whole: {problems[0]}"
            + (f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""),
            file=review.paths.audit,
            fix="restore the trail and its .head file from the backup or from git; "
            "nothing about this review can be trusted until the trail is whole",
        )


__all__ = ["approval_anchor", "head_anchor", "require_trail_whole", "trail_problems"]
