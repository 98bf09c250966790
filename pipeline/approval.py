"""The Board officer's approval of a redaction list, bound to the draft and the decisions.

An approval holds only while both hashes still match: any edit to the draft or to a
decision (or a new finding nobody has decided) voids it, and publishing refuses until
someone approves again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ruamel.yaml.comments import CommentedMap

from pipeline.errors import ApprovalError, InputError
from pipeline.fileio import review_lock
from pipeline.redaction_list import Approval, LoadedList
from pipeline.review import Review
from pipeline.yamlio import write_yaml


@dataclass(frozen=True)
class ApprovalStatus:
    """Whether the list as it stands is approved, and if not, why."""

    valid: bool
    reason: str
    approval: Approval | None = None


def approval_status(loaded: LoadedList, *, draft_sha256: str) -> ApprovalStatus:
    """Check the list's approval against the current draft and decisions."""
    approval = loaded.model.approval
    if approval is None:
        return ApprovalStatus(False, "the redaction list has not been approved")
    if approval.draft_sha256 != draft_sha256:
        return ApprovalStatus(False, "the draft has changed since the approval", approval)
    if approval.list_sha256 != loaded.model.list_sha256():
        undecided = len(loaded.model.undecided())
        why = (f"{undecided} new finding(s) are undecided" if undecided
               else "a decision, replacement, variant or term has changed")
        return ApprovalStatus(False, f"the list has changed since the approval: {why}", approval)
    return ApprovalStatus(True, f"approved by {approval.officer} ({approval.role}) on "
                          f"{approval.approved_at:%d %B %Y}", approval)


def require_valid(loaded: LoadedList, *, draft_sha256: str, ref: str) -> Approval:
    """The approval, or an ApprovalError that says what to do."""
    status = approval_status(loaded, draft_sha256=draft_sha256)
    if not status.valid or status.approval is None:
        raise ApprovalError(
            f"no valid approval for review {ref}: {status.reason}", file=loaded.path,
            key="approval",
            fix=f"decide every entry, then ask a Board officer to run `cpr approve {ref} "
            "--officer NAME --role ROLE`")
    return status.approval


def record_approval(loaded: LoadedList, *, draft_sha256: str, officer: str, role: str,
                    now: dt.datetime | None = None) -> Approval:
    """Write the approval block into the list (in memory; the caller saves the file).

    Raises:
        InputError: the list is stale (the draft changed since detect) or has undecided
            entries.
    """
    if loaded.model.draft_sha256 != draft_sha256:
        raise InputError(
            "the redaction list was made from an earlier version of the draft",
            file=loaded.path, key="draft_sha256",
            fix=f"run `cpr detect {loaded.model.review}` and review the new findings first")
    undecided = loaded.model.undecided()
    if undecided:
        first = loaded.entry_line(undecided[0])
        raise InputError(
            f"{len(undecided)} entr{'y is' if len(undecided) == 1 else 'ies are'} still "
            "undecided", file=loaded.path, line=first, key=f"entries -> {undecided[0]}",
            fix="set decision: redact or keep on every entry before approving")
    if not officer.strip() or not role.strip():
        raise InputError("the officer's name and role are required",
                         fix="pass --officer NAME --role ROLE")
    approval = Approval(
        officer=officer.strip(), role=role.strip(),
        approved_at=(now or dt.datetime.now(dt.UTC)).replace(microsecond=0),
        draft_sha256=draft_sha256, list_sha256=loaded.model.list_sha256())
    block = CommentedMap()
    block["officer"] = approval.officer
    block["role"] = approval.role
    block["approved_at"] = approval.approved_at.isoformat().replace("+00:00", "Z")
    block["draft_sha256"] = approval.draft_sha256
    block["list_sha256"] = approval.list_sha256
    loaded.raw["approval"] = block
    loaded.raw.yaml_set_comment_before_after_key(
        "approval", before="Written by `cpr approve`, never by hand.")
    loaded.model = loaded.model.model_copy(update={"approval": approval})
    return approval


def clear_approval(loaded: LoadedList) -> None:
    """Remove the approval block (revocation)."""
    if "approval" in loaded.raw:
        del loaded.raw["approval"]
    loaded.model = loaded.model.model_copy(update={"approval": None})


def approve_review(review: Review, *, officer: str, role: str) -> Approval:
    """Record the officer's approval of the list as it stands, and save it.

    Raises:
        InputError: no list, the list is stale, or entries are undecided.
    """
    _, sha = review.draft_text()
    with review_lock(review.paths.lock, ref=review.ref):
        loaded = review.load_list()
        approval = record_approval(loaded, draft_sha256=sha, officer=officer, role=role)
        write_yaml(review.paths.rules, loaded.raw)
    return approval
