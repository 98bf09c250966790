"""What changed in a redaction list, told from the audit trail without any redacted value.

Each list cpr writes or sees is fingerprinted entry by entry with a keyed hash (the key
comes from the confidential draft, which never enters the trail), so the trail can say
"entries 25-83 changed decision" or "3 new entries" and never what the terms are.
`record_stage` is how every stage writes its event: first any edit a person made to the
list since cpr last saw it, then the stage itself.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.model.redaction_list import Entry, LoadedList, RemovedByPerson, load_list
from pipeline.store.audit import AuditEvent, Trail, append_event, read_trail
from pipeline.store.fileio import sha256_bytes, sha256_file
from pipeline.text.termmatch import key as term_key

if TYPE_CHECKING:
    from pipeline.stages.review import Review


# What the trail records about a redaction list. Entries are identified by a keyed hash
# (HMAC) whose key is derived from the confidential draft text, which never enters the
# trail: so a snapshot can say "entry 12 changed decision" without the trail holding
# anything from which a name could be recovered by guessing.
def snapshot_key(draft_text: str) -> bytes:
    """The HMAC key of a review's entry fingerprints, derived from the normalised draft."""
    return hashlib.sha256(b"cpr-publish audit snapshot\0" + draft_text.encode("utf-8")).digest()


def _fp(key_bytes: bytes, value: str) -> str:
    return hmac.new(key_bytes, value.encode("utf-8"), hashlib.sha256).hexdigest()[:16]


def list_snapshot(entries: list[Entry], *, key_bytes: bytes) -> list[dict[str, str]]:
    """Per entry: fingerprints of term, replacement and variants, with type and decision.

    `v` fingerprints the variants together (a change to any of them); `vs` each one (space
    separated), so a
    later run can tell which variant a person took out (`removed_variants`).
    """
    return [
        {
            "k": _fp(key_bytes, term_key(e.term)),
            "type": e.type,
            "decision": e.decision.value,
            "r": _fp(key_bytes, e.replacement),
            "v": _fp(key_bytes, json.dumps(sorted({term_key(v) for v in e.variants}))),
            "vs": " ".join(sorted({_fp(key_bytes, term_key(v)) for v in e.variants})),
        }
        for e in entries
    ]


def removed_variants(trail: Trail, *, draft_text: str, draft_sha256: str) -> RemovedByPerson:
    """Whether a form was a variant of an entry as `cpr detect` last wrote it for this draft.

    Detect asks this only of a form the entry does not hold now: such a form was there
    when cpr wrote the list and a person has since taken it out, so it must not come back
    (`merge_proposals` records it under the entry's `not_variants`). Without a detect
    snapshot of this draft (a new draft, or a trail older than per-variant fingerprints)
    nothing is known, and nothing counts as removed.
    """
    event = next(
        (
            e
            for e in reversed(trail.events)
            if e.event == "detect"
            and "snapshot" in e.details
            and e.details.get("draft_sha256") == draft_sha256
        ),
        None,
    )
    if event is None:
        return lambda term, form: False
    key_bytes = snapshot_key(draft_text)
    written = {e["k"]: set(e.get("vs", "").split()) for e in event.details["snapshot"]}

    def removed(term: str, form: str) -> bool:
        held = written.get(_fp(key_bytes, term_key(term)), set())
        return _fp(key_bytes, term_key(form)) in held

    return removed


def describe_changes(old: list[dict[str, str]], new: list[dict[str, str]]) -> list[str]:
    """What changed between two snapshots, by entry number (1-based, as in the new list).

    Entries with the same change are grouped: "entries 25-83 changed decision
    (undecided -> redact)", "entry 12 changed replacement", "3 new entries (84-86)".
    """
    before = {e["k"]: e for e in old}
    groups: dict[str, list[int]] = {}
    for number, entry in enumerate(new, start=1):
        was = before.get(entry["k"])
        if was is None:
            groups.setdefault("new", []).append(number)
            continue
        for field_, label in (("decision", "decision"), ("type", "type")):
            if was[field_] != entry[field_]:
                what = f"changed {label} ({was[field_]} -> {entry[field_]})"
                groups.setdefault(what, []).append(number)
        for field_, label in (("r", "replacement"), ("v", "variants")):
            if was[field_] != entry[field_]:
                groups.setdefault(f"changed {label}", []).append(number)
    changes = []
    for what, numbers in groups.items():
        many = len(numbers) > 1
        if what == "new":
            changes.append(f"{len(numbers)} new entr{'ies' if many else 'y'} ({_ranges(numbers)})")
        else:
            changes.append(f"entr{'ies' if many else 'y'} {_ranges(numbers)} {what}")
    removed = len({e["k"] for e in old} - {e["k"] for e in new})
    if removed:
        changes.append(f"{removed} entr{'y' if removed == 1 else 'ies'} removed")
    return changes


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7] -> "1-3, 7"."""
    parts: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(parts)


def changes_since(
    event: AuditEvent | None, entries: list[Entry], *, draft_text: str, draft_sha256: str
) -> list[str] | None:
    """What changed in the list since `event`'s snapshot, or None when it cannot be told."""
    if event is None or "snapshot" not in event.details:
        return None
    if event.details.get("draft_sha256") != draft_sha256:
        return ["the draft changed"]
    now = list_snapshot(entries, key_bytes=snapshot_key(draft_text))
    return describe_changes(event.details["snapshot"], now)


def _list_events(trail: Trail) -> AuditEvent | None:
    for event in reversed(trail.events):
        if "list_file_sha256" in event.details:
            return event
    return None


def observe_list_edits(review: Review, *, draft: tuple[str, str] | None) -> AuditEvent | None:
    """Record a person's edits to the list made since cpr last wrote or saw it.

    The caller holds the review's lock. `draft` is the normalised draft and its sha256,
    used to fingerprint the entries; without it only the hashes are recorded.

    Returns:
        The `list-edited` event appended, or None when the list is as cpr last saw it.
    """
    path = review.paths.rules
    if not path.is_file():
        return None
    trail = read_trail(review.paths.audit)
    last = _list_events(trail)
    file_sha = sha256_file(path)
    if last is not None and last.details["list_file_sha256"] == file_sha:
        return None
    on_disk = load_list(path, ref=review.ref, entity_types=review.policy.entity_types)
    details: dict[str, Any] = {
        "list_file_sha256": file_sha,
        "previous_list_file_sha256": last.details["list_file_sha256"] if last else None,
        "list_sha256": on_disk.model.list_sha256(),
        "entries": len(on_disk.model.entries),
        "undecided": len(on_disk.model.undecided()),
        "approval_block": on_disk.model.approval is not None,
    }
    if draft is not None:
        text, sha = draft
        details["draft_sha256"] = sha
        details["snapshot"] = list_snapshot(on_disk.model.entries, key_bytes=snapshot_key(text))
        changes = changes_since(
            _snapshot_event(trail, sha), on_disk.model.entries, draft_text=text, draft_sha256=sha
        )
        if changes is not None:
            details["changes"] = changes
    return append_event(review.paths.audit, ref=review.ref, event="list-edited", details=details)


def _snapshot_event(trail: Trail, draft_sha256: str) -> AuditEvent | None:
    for event in reversed(trail.events):
        if "snapshot" in event.details and event.details.get("draft_sha256") == draft_sha256:
            return event
    return None


def record_stage(
    review: Review,
    event: str,
    *,
    details: dict[str, Any],
    draft: tuple[str, str] | None = None,
    written: LoadedList | None = None,
    who: str | None = None,
    trail: Path | None = None,
) -> AuditEvent:
    """Record one run of a stage, after any edit a person made to the list since the last.

    The caller holds the review's lock.

    Args:
        review: the review.
        event: the stage (detect, anonymise, verify, publish, submit).
        details: hashes and counts only.
        draft: the normalised draft and its sha256, when the stage read it.
        written: the list as this stage is about to write it (detect), so the trail
            knows the file cpr wrote and can tell a person's later edit from it.
        who: the officer named on the command line, if any.
        trail: where the event goes: the review's trail (the default), or the local
            trail of stage runs (`ReviewPaths.stage_trail`) for a run that changes no
            governed fact. A person's edit to the list always goes to the review's trail.
    """
    observe_list_edits(review, draft=draft)
    details = dict(details)
    if draft is not None:
        details.setdefault("draft_sha256", draft[1])
    if written is not None:
        details["list_file_sha256"] = sha256_bytes(written.dump().encode("utf-8"))
        details["list_sha256"] = written.model.list_sha256()
        if draft is not None:
            details["snapshot"] = list_snapshot(
                written.model.entries, key_bytes=snapshot_key(draft[0])
            )
    return append_event(
        trail or review.paths.audit, ref=review.ref, event=event, details=details, who=who
    )
