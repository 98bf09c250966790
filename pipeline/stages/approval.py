"""The Board officer's approval of a redaction list, bound to everything that shapes the output.

An approval holds only while its hashes still match:
- `draft_sha256`: the normalised draft (and its translations);
- `list_sha256`: the decisions (terms, types, decisions, replacements, variants);
- `context_sha256`: what else changes the output outside the list: the policy's
  keep-list, entity types and date rules, and the record's pseudonyms and public fields
  (`approval_context`).
Any edit to one of them voids it, and publishing refuses until someone approves again.

It is signed: the officer named in `redaction_rules/officers.yaml` signs the hashes with
their own Ed25519 key (`verify_approval_signature`), so a block written or recomputed by
hand is not an approval. It also holds only while the audit trail proves it: an approval
block with no matching `cpr approve` event, or one revoked since, is not an approval.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from ruamel.yaml.comments import CommentedMap

from pipeline.errors import ApprovalError, CprError, InputError
from pipeline.model.officers import OFFICERS_FILE, Officer, Officers, load_officers
from pipeline.model.policy import Policy
from pipeline.model.redaction_list import Approval, LoadedList
from pipeline.model.review_record import ReviewRecord
from pipeline.stages.list_history import (
    changes_since,
    list_snapshot,
    observe_list_edits,
    snapshot_key,
)
from pipeline.stages.review import Review, open_review
from pipeline.store.audit import AuditEvent, append_event, read_trail
from pipeline.store.fileio import atomic_write_text, review_lock, sha256_bytes
from pipeline.store.signing import KEYGEN_FIX, parse_public_key, same_key, sign, verify
from pipeline.store.workspace import Workspace
from pipeline.store.yamlio import dump_yaml
from pipeline.text.termmatch import TermMatcher

COMMENT = "Written by `cpr approve`, never by hand."
SIGNED_AS = "cpr-approval-v1"

# What each part of the approval's context is, in the words a voided approval uses.
CONTEXT_PARTS: dict[str, str] = {
    "keep": "the policy's keep list",
    "entity_types": "the policy's entity types",
    "dates": "the policy's date rules",
    "pseudonyms": "the record's pseudonyms",
    "public_fields": "the record's public fields",
}


def _sha(value: Any) -> str:
    return sha256_bytes(
        json.dumps(value, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")
    )


def approval_context(record: ReviewRecord, policy: Policy) -> dict[str, str]:
    """The sha256 of each thing outside the list that changes the published output.

    The record's dates are left out: submission and publication record theirs after the
    approval, and they change no text the approval is about.
    """
    public: dict[str, object] = {
        "reference": record.reference,
        "board": record.board,
        "review_type": record.review_type.value,
        "outcome": record.criteria.outcome.value,
        "reviewers": list(record.reviewers),
        "panel_chair": record.panel_chair,
        "themes": list(record.themes),
        "summary": record.summary,
    }
    if record.summary_cy is not None:
        # Only when given, so a record without one keeps the approval it had.
        public["summary_cy"] = record.summary_cy
    return {
        "keep": _sha(sorted(policy.keep)),
        "entity_types": _sha(
            {k: v.model_dump(mode="json") for k, v in policy.entity_types.items()}
        ),
        "dates": _sha(policy.dates.model_dump(mode="json")),
        "pseudonyms": _sha([[i.role, i.pseudonym, i.pseudonym_cy] for i in record.identities]),
        "public_fields": _sha(public),
    }


def context_sha256(parts: dict[str, str]) -> str:
    """One hash over every part of the context."""
    return _sha(parts)


def signed_bytes(ref: str, approval: Approval) -> bytes:
    """Exactly what the officer signs: the review, who, when and every hash."""
    payload = {
        "review": ref,
        "officer": approval.officer,
        "role": approval.role,
        "approved_at": _stamp(approval.approved_at),
        "draft_sha256": approval.draft_sha256,
        "list_sha256": approval.list_sha256,
        "context_sha256": approval.context_sha256,
    }
    return (SIGNED_AS + "\n" + json.dumps(payload, sort_keys=True, ensure_ascii=False)).encode(
        "utf-8"
    )


def officers_path(loaded: LoadedList) -> Path:
    """redaction_rules/officers.yaml, beside the list."""
    return loaded.path.with_name(OFFICERS_FILE)


def verify_approval_signature(
    approval: Approval, *, ref: str, officers: Officers, file: Path | None = None
) -> Officer:
    """Check that the approval was signed by the officer it names, with their listed key.

    Publish and submit call this (through `require_valid`, or directly) before using an
    approval. The signature covers the review reference, officer, role, time and the
    three hashes, so recomputing any hash by hand breaks it.

    Args:
        approval: the approval block as loaded from the list.
        ref: the review the approval is for.
        officers: the Board's officers (`load_officers(redaction_rules/officers.yaml)`).
        file: the list's path, for the message.

    Returns:
        The officer who signed.

    Raises:
        ApprovalError: not signed, the officer or role is not in officers.yaml, or the
            signature does not match.
    """
    fix = (
        f"ask a Board officer listed in redaction_rules/officers.yaml to approve again: "
        f"`cpr approve {ref} --officer NAME --key PATH`"
    )
    officer = officers.find(approval.officer)
    if officer is None:
        raise ApprovalError(
            f"the approval names {approval.officer!r}, who is not one of the Board's "
            "officers in redaction_rules/officers.yaml",
            file=file,
            key="approval -> officer",
            fix=fix,
        )
    if approval.role != officer.role:
        raise ApprovalError(
            f"the approval's role {approval.role!r} is not {officer.name}'s role in "
            "redaction_rules/officers.yaml",
            file=file,
            key="approval -> role",
            fix=fix,
        )
    if not approval.signature or approval.context_sha256 is None:
        raise ApprovalError(
            "the approval is not signed (written by hand, or by a version of cpr before "
            "signed approvals)",
            file=file,
            key="approval -> signature",
            fix=fix,
        )
    if not verify(
        parse_public_key(officer.public_key), signed_bytes(ref, approval), approval.signature
    ):
        raise ApprovalError(
            f"the approval's signature is not {officer.name}'s signature of these hashes "
            "(were they recomputed or the block edited by hand?)",
            file=file,
            key="approval -> signature",
            fix=fix,
        )
    return officer


@dataclass(frozen=True)
class ApprovalStatus:
    """Whether the list as it stands is approved, and if not, why."""

    valid: bool
    reason: str
    approval: Approval | None = None


def approval_status(
    loaded: LoadedList,
    *,
    draft_sha256: str,
    draft_text: str | None = None,
    review: Review | None = None,
) -> ApprovalStatus:
    """Check the list's approval: draft, decisions, context, signature and audit trail.

    Args:
        loaded: the redaction list as loaded from its file.
        draft_sha256: the sha256 of the normalised draft now.
        draft_text: the normalised draft; when given, a voided approval says which
            entries changed (by number), from the snapshot kept in the audit trail.
        review: the review (record and policy) the list belongs to; loaded from the
            list's workspace when not given.

    Raises:
        InputError: the review record or the policy does not validate.
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
    if review is None:
        review = open_review(Workspace(loaded.path.parent.parent), loaded.model.review)
    parts = approval_context(review.record, review.policy)
    if approval.context_sha256 is not None and approval.context_sha256 != context_sha256(parts):
        return ApprovalStatus(
            False, f"{_context_changes(event, parts)} changed since the approval", approval
        )
    try:
        officers = load_officers(officers_path(loaded))
        verify_approval_signature(
            approval, ref=loaded.model.review, officers=officers, file=loaded.path
        )
    except CprError as error:
        return ApprovalStatus(False, error.problem, approval)
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


def _context_changes(event: AuditEvent | None, parts: dict[str, str]) -> str:
    """`the policy's keep list and the record's summary`: which parts changed, when known."""
    then = event.details.get("context") if event is not None else None
    if not isinstance(then, dict):
        return "the policy or the review record's public fields or pseudonyms"
    changed = [CONTEXT_PARTS[k] for k in CONTEXT_PARTS if then.get(k) != parts[k]]
    if not changed:
        return "the policy or the review record's public fields or pseudonyms"
    return changed[0] if len(changed) == 1 else ", ".join(changed[:-1]) + " and " + changed[-1]


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
            and d.get("context_sha256") == approval.context_sha256
            and d.get("signature") == approval.signature
        ):
            return event
    return None


def require_valid(
    loaded: LoadedList,
    *,
    draft_sha256: str,
    ref: str,
    draft_text: str | None = None,
    review: Review | None = None,
) -> Approval:
    """The approval, or an ApprovalError that says what to do.

    This checks everything `approval_status` checks, the officer's signature included
    (`verify_approval_signature`).
    """
    status = approval_status(
        loaded, draft_sha256=draft_sha256, draft_text=draft_text, review=review
    )
    if not status.valid or status.approval is None:
        raise ApprovalError(
            f"no valid approval for review {ref}: {status.reason}",
            file=loaded.path,
            key="approval",
            fix=f"decide every entry, then ask a Board officer listed in "
            f"redaction_rules/officers.yaml to run `cpr approve {ref} --officer NAME "
            "--key PATH`",
        )
    return status.approval


def record_approval(
    loaded: LoadedList,
    *,
    draft_sha256: str,
    context: dict[str, str],
    officer: Officer,
    key: Ed25519PrivateKey,
    now: dt.datetime | None = None,
) -> Approval:
    """Write the signed approval block into the list (in memory; the caller saves the file).

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
    unsigned = Approval(
        officer=officer.name,
        role=officer.role,
        approved_at=(now or dt.datetime.now(dt.UTC)).replace(microsecond=0),
        draft_sha256=draft_sha256,
        list_sha256=loaded.model.list_sha256(),
        context_sha256=context_sha256(context),
    )
    approval = unsigned.model_copy(
        update={"signature": sign(key, signed_bytes(loaded.model.review, unsigned))}
    )
    block = CommentedMap()
    block["officer"] = approval.officer
    block["role"] = approval.role
    block["approved_at"] = _stamp(approval.approved_at)
    block["draft_sha256"] = approval.draft_sha256
    block["list_sha256"] = approval.list_sha256
    block["context_sha256"] = approval.context_sha256
    block["signature"] = approval.signature
    with loaded.edit() as doc:
        had_comment = _has_comment(doc)
        doc["approval"] = block
        if not had_comment:
            doc.yaml_set_comment_before_after_key("approval", before=COMMENT)
    return approval


def _has_comment(raw: CommentedMap) -> bool:
    """Whether the file already says, above `approval:`, who writes it (said once only)."""
    return COMMENT in dump_yaml(raw)


def signing_officer(
    officers: Officers, *, name: str, role: str | None, key: Ed25519PrivateKey, file: Path
) -> Officer:
    """The listed officer `name`, checked against the role given and the key held.

    Raises:
        InputError: no such officer in officers.yaml, another role, or a key that is not
            the officer's listed key.
    """
    officer = officers.find(name)
    if officer is None:
        listed = ", ".join(o.name for o in officers.officers)
        raise InputError(
            f"{' '.join(name.split())!r} is not one of the Board's officers (listed: {listed})",
            file=file,
            key="officers",
            fix="give your name as it is in redaction_rules/officers.yaml, or ask the "
            "Board to add you there with your public key; " + KEYGEN_FIX,
        )
    if role is not None and " ".join(role.split()) != officer.role:
        raise InputError(
            f"{officer.name}'s role in officers.yaml is {officer.role!r}, not "
            f"{' '.join(role.split())!r}",
            file=file,
            key="officers",
            fix=f"pass --role {officer.role!r} (or leave --role out)",
        )
    if not same_key(parse_public_key(officer.public_key), key.public_key()):
        raise InputError(
            f"this private key is not the key listed for {officer.name}",
            file=file,
            key="officers",
            fix="pass your own key with --key PATH (the one whose public line is in officers.yaml)",
        )
    return officer


def clear_approval(loaded: LoadedList) -> None:
    """Remove the approval block (revocation)."""
    with loaded.edit() as doc:
        if "approval" in doc:
            del doc["approval"]


def approve_review(
    review: Review,
    *,
    officer: str,
    key: Ed25519PrivateKey,
    role: str | None = None,
    now: dt.datetime | None = None,
) -> Approval:
    """Record the officer's signed approval of the list as it stands, in the list and trail.

    The trail's event is written first and the list second: a command killed between
    the two leaves an approval event with no approval block, which approves nothing.

    Args:
        review: the review.
        officer: the officer's name, as in redaction_rules/officers.yaml.
        key: the officer's Ed25519 private key (it must match the listed public key).
        role: the role the officer states; it must match officers.yaml (default: that).
        now: the approval's time (default: now).

    Raises:
        InputError: no list, the list is stale, entries are undecided, or the officer,
            role or key is not the Board's.
    """
    if not officer.strip():
        raise InputError("the officer's name is required", fix="pass --officer NAME")
    officers_file = review.paths.ws.rules / OFFICERS_FILE
    signer = signing_officer(
        load_officers(officers_file), name=officer, role=role, key=key, file=officers_file
    )
    text, sha = review.draft_text()
    with review_lock(review.paths.lock, ref=review.ref):
        observe_list_edits(review, draft=(text, sha))
        loaded = review.load_list()
        context = approval_context(review.record, review.policy)
        approval = record_approval(
            loaded, draft_sha256=sha, context=context, officer=signer, key=key, now=now
        )
        out = loaded.dump()
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
                "context_sha256": approval.context_sha256,
                "context": context,
                "signature": approval.signature,
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
        out = loaded.dump()
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


# Withdrawal's reason goes into the trail too (`pipeline.stages.withdraw`).
refuse_names = _refuse_names
# The trail's check finds the event an approval was published under (`stages.trailcheck`).
approve_event = _approve_event
