"""The Board officer's approval of a redaction list, bound to the draft and the decisions.

An approval holds only while both hashes still match: any edit to the draft or to a
decision (or a new finding nobody has decided) voids it, and publishing refuses until
someone approves again. It also holds only while the audit trail proves it: an approval
block with no matching `cpr approve` event (pasted in by hand), or one revoked since, is
not an approval.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from pipeline.errors import ApprovalError, InputError
from pipeline.model.redaction_list import Approval, LoadedList
from pipeline.stages.list_history import (
    changes_since,
    list_snapshot,
    observe_list_edits,
    snapshot_key,
)
from pipeline.stages.review import Review
from pipeline.store.audit import AuditEvent, append_event, read_trail
from pipeline.store.fileio import atomic_write_text, review_lock, sha256_bytes
from pipeline.store.yamlio import dump_yaml
from pipeline.text.termmatch import TermMatcher


@dataclass(frozen=True)
class ApprovalStatus:
    """Whether the list as it stands is approved, and if not, why."""

    valid: bool
    reason: str
    approval: Approval | None = None


def approval_status(
    loaded: LoadedList, *, draft_sha256: str, draft_text: str | None = None
) -> ApprovalStatus:
    """Check the list's approval against the draft, the decisions and the audit trail.

    Args:
        loaded: the redaction list as loaded from its file.
        draft_sha256: the sha256 of the normalised draft now.
        draft_text: the normalised draft; when given, a voided approval says which
            entries changed (by number), from the snapshot kept in the audit trail.
    """
    approval = loaded.model.approval
    if approval is None:
        return ApprovalStatus(False, "the redaction list has not been approved")
    trail = read_trail(audit_path(loaded))
    event = _approve_event(trail.events, approval)
    if approval.draft_sha256 != draft_sha256:
        return ApprovalStatus(False, "the draft has changed since the approval", approval)
    if approval.list_sha256 != loaded.model.list_sha256():
        changes = None
        if draft_text is not None:
            changes = changes_since(
                event, loaded.model.entries, draft_text=draft_text, draft_sha256=draft_sha256
            )
        if changes:
            why = "; ".join(changes)
        else:
            undecided = len(loaded.model.undecided())
            why = (
                f"{undecided} new finding(s) are undecided"
                if undecided
                else "a decision, replacement, variant or term has changed"
            )
        return ApprovalStatus(False, f"the list has changed since the approval: {why}", approval)
    if not trail.intact:
        first = next(p for p in trail.problems if not (trail.torn and p.line == trail.lines + 1))
        return ApprovalStatus(
            False,
            f"the audit trail is damaged ({first.render()}), so the approval cannot be proven",
            approval,
        )
    if event is None:
        return ApprovalStatus(
            False,
            "the approval block has no matching `cpr approve` in the audit trail "
            "(was it written by hand?)",
            approval,
        )
    revoked = [e for e in trail.events if e.event == "revoke" and e.line > event.line]
    if revoked:
        return ApprovalStatus(False, f"the approval was revoked by {revoked[-1].who}", approval)
    return ApprovalStatus(
        True,
        f"approved by {approval.officer} ({approval.role}) on {approval.approved_at:%d %B %Y}",
        approval,
    )


def audit_path(loaded: LoadedList) -> Path:
    """The audit trail beside the list: redaction_rules/REF.audit.jsonl."""
    return loaded.path.with_name(f"{loaded.model.review}.audit.jsonl")


def _stamp(moment: dt.datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _approve_event(events: list[AuditEvent], approval: Approval) -> AuditEvent | None:
    """The `approve` event that wrote this approval block, if any."""
    for event in reversed(events):
        d = event.details
        if (
            event.event == "approve"
            and d.get("officer") == approval.officer
            and d.get("role") == approval.role
            and d.get("approved_at") == _stamp(approval.approved_at)
            and d.get("draft_sha256") == approval.draft_sha256
            and d.get("list_sha256") == approval.list_sha256
        ):
            return event
    return None


def require_valid(
    loaded: LoadedList, *, draft_sha256: str, ref: str, draft_text: str | None = None
) -> Approval:
    """The approval, or an ApprovalError that says what to do."""
    status = approval_status(loaded, draft_sha256=draft_sha256, draft_text=draft_text)
    if not status.valid or status.approval is None:
        raise ApprovalError(
            f"no valid approval for review {ref}: {status.reason}",
            file=loaded.path,
            key="approval",
            fix=f"decide every entry, then ask a Board officer to run `cpr approve {ref} "
            "--officer NAME --role ROLE`",
        )
    return status.approval


def record_approval(
    loaded: LoadedList,
    *,
    draft_sha256: str,
    officer: str,
    role: str,
    now: dt.datetime | None = None,
) -> Approval:
    """Write the approval block into the list (in memory; the caller saves the file).

    Raises:
        InputError: the list is stale (the draft changed since detect) or has undecided
            entries.
    """
    if loaded.model.draft_sha256 != draft_sha256:
        raise InputError(
            "the redaction list was made from an earlier version of the draft",
            file=loaded.path,
            key="draft_sha256",
            fix=f"run `cpr detect {loaded.model.review}` and review the new findings first",
        )
    undecided = loaded.model.undecided()
    if undecided:
        first = loaded.entry_line(undecided[0])
        raise InputError(
            f"{len(undecided)} entr{'y is' if len(undecided) == 1 else 'ies are'} still undecided",
            file=loaded.path,
            line=first,
            key=f"entries -> {undecided[0]}",
            fix="set decision: redact or keep on every entry before approving",
        )
    if not officer.strip() or not role.strip():
        raise InputError(
            "the officer's name and role are required", fix="pass --officer NAME --role ROLE"
        )
    approval = Approval(
        officer=officer.strip(),
        role=role.strip(),
        approved_at=(now or dt.datetime.now(dt.UTC)).replace(microsecond=0),
        draft_sha256=draft_sha256,
        list_sha256=loaded.model.list_sha256(),
    )
    block = CommentedMap()
    block["officer"] = approval.officer
    block["role"] = approval.role
    block["approved_at"] = _stamp(approval.approved_at)
    block["draft_sha256"] = approval.draft_sha256
    block["list_sha256"] = approval.list_sha256
    loaded.raw["approval"] = block
    loaded.raw.yaml_set_comment_before_after_key(
        "approval", before="Written by `cpr approve`, never by hand."
    )
    loaded.model = loaded.model.model_copy(update={"approval": approval})
    return approval


def clear_approval(loaded: LoadedList) -> None:
    """Remove the approval block (revocation)."""
    if "approval" in loaded.raw:
        del loaded.raw["approval"]
    loaded.model = loaded.model.model_copy(update={"approval": None})


def approve_review(review: Review, *, officer: str, role: str) -> Approval:
    """Record the officer's approval of the list as it stands, in the list and the trail.

    The trail's event is written first and the list second: a command killed between
    the two leaves an approval event with no approval block, which approves nothing.

    Raises:
        InputError: no list, the list is stale, or entries are undecided.
    """
    text, sha = review.draft_text()
    with review_lock(review.paths.lock, ref=review.ref):
        observe_list_edits(review, draft=(text, sha))
        loaded = review.load_list()
        approval = record_approval(loaded, draft_sha256=sha, officer=officer, role=role)
        out = dump_yaml(loaded.raw)
        append_event(
            review.paths.audit,
            ref=review.ref,
            event="approve",
            who=approval.officer,
            details={
                "officer": approval.officer,
                "role": approval.role,
                "approved_at": _stamp(approval.approved_at),
                "draft_sha256": sha,
                "list_sha256": approval.list_sha256,
                "list_file_sha256": sha256_bytes(out.encode("utf-8")),
                "entries": len(loaded.model.entries),
                "snapshot": list_snapshot(loaded.model.entries, key_bytes=snapshot_key(text)),
            },
        )
        atomic_write_text(review.paths.rules, out)
    return approval


def revoke_review(review: Review, *, reason: str, officer: str | None = None) -> Approval:
    """Withdraw the list's approval, recording who and why in the audit trail.

    Raises:
        InputError: no reason, a reason that names a term of the list or the case file,
            or no approval to revoke.
    """
    if not reason.strip():
        raise InputError(
            "a reason is required to revoke an approval",
            fix='pass --reason, e.g. --reason "entry 12 must be redacted"',
        )
    text, sha = review.draft_text()
    with review_lock(review.paths.lock, ref=review.ref):
        observe_list_edits(review, draft=(text, sha))
        loaded = review.load_list()
        _refuse_names(reason, loaded, review)
        approval = loaded.model.approval
        if approval is None:
            raise InputError(
                f"review {review.ref} has no approval to revoke",
                file=loaded.path,
                key="approval",
                fix="nothing to do: the list is not approved",
            )
        clear_approval(loaded)
        out = dump_yaml(loaded.raw)
        append_event(
            review.paths.audit,
            ref=review.ref,
            event="revoke",
            who=officer,
            details={
                "reason": reason.strip(),
                "revoked_officer": approval.officer,
                "revoked_approved_at": _stamp(approval.approved_at),
                "draft_sha256": approval.draft_sha256,
                "list_sha256": approval.list_sha256,
                "list_file_sha256": sha256_bytes(out.encode("utf-8")),
            },
        )
        atomic_write_text(review.paths.rules, out)
    return approval


def _refuse_names(reason: str, loaded: LoadedList, review: Review) -> None:
    """The reason goes into the audit trail, so it must not name anything redacted."""
    forms = [
        f for e in loaded.model.entries if e.decision.value != "keep" for f in e.surface_forms()
    ]
    forms += [n for i in review.record.identities for n in [*i.names, *i.aliases]]
    if forms and next(iter(TermMatcher(forms).finditer(reason)), None) is not None:
        raise InputError(
            "the reason names a term from the redaction list or the case file, and the "
            "audit trail must never hold one",
            fix='describe the problem by entry number, e.g. --reason "entry 12 must be redacted"',
        )
