"""Failed runs are recorded too: `<command>-failed` in the review's local trail of runs.

The command line calls `record_failure` when a command on one review fails, so a refused
publish or a broken ingest leaves its trace (which command, the kind of error, its exit
code and its message, which never holds document text) beside the successful runs in
`build/REF/stages.audit.jsonl`.
"""

from __future__ import annotations

import contextlib

from pipeline.errors import CprError
from pipeline.store.audit import append_event
from pipeline.store.fileio import review_lock
from pipeline.store.workspace import Workspace

# Commands that work on one review and are worth a trace when they fail.
RECORDED = frozenset(
    {"ingest", "detect", "anonymise", "verify", "approve", "publish", "submit", "withdraw"}
)


def record_failure(ws: Workspace, ref: str, *, command: str, error: CprError) -> bool:
    """Append `<command>-failed` to the review's local trail; never raises.

    Returns:
        Whether it was recorded (not for an unknown review, a command not in RECORDED,
        or a lock that another command holds).
    """
    if command not in RECORDED:
        return False
    with contextlib.suppress(CprError, OSError):
        paths = ws.review(ref)
        if not paths.build.parent.is_dir() and not paths.folder.is_dir():
            return False
        with review_lock(paths.lock, ref=ref, timeout=5):
            append_event(
                paths.stage_trail,
                ref=ref,
                event=f"{command}-failed",
                details={
                    "error": type(error).__name__,
                    "exit_code": error.exit_code,
                    "problem": error.problem,
                },
            )
        return True
    return False


__all__ = ["RECORDED", "record_failure"]
