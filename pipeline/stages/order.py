"""The statutory order, applied to one review: facts from its files, and dates recorded.

The rules are `pipeline.model.lifecycle`'s; this module reads the facts they need (the
record's dates, the list's approval, the trail's approvals and withdrawals, the public
site) and writes a statutory date into the record when a stage reaches it (the
publication date at the first publish, the submission date at submit), keeping the
file's comments, and never changing a date already there.
"""

from __future__ import annotations

import datetime as dt

from ruamel.yaml.comments import CommentedMap

from pipeline.errors import CprError, InputError
from pipeline.model.lifecycle import Facts, require_next
from pipeline.model.redaction_list import read_list
from pipeline.model.review_record import ReviewRecord
from pipeline.stages.approval import approval_status
from pipeline.stages.review import Review
from pipeline.store.audit import Trail, read_trail
from pipeline.store.workspace import Workspace
from pipeline.store.yamlio import load_yaml, validate, write_yaml


def withdrawn(trail: Trail) -> bool:
    """The trail's last withdrawal comes after its last approval."""
    last_withdraw = trail.last("withdraw")
    if last_withdraw is None:
        return False
    last_approve = trail.last("approve")
    return last_approve is None or last_approve.seq < last_withdraw.seq


def on_site(review: Review) -> bool:
    """Whether published_site/ holds the review's public metadata."""
    return (review.paths.ws.site / "data" / f"{review.ref}.json").is_file()


def facts_of(review: Review, *, approval_valid: bool | None = None) -> Facts:
    """The lifecycle facts of a review, from its files (no lock; nothing written).

    `approval_valid` may be passed by a caller that has checked the approval already
    (the gate); otherwise it is worked out here, and False when it cannot be checked.
    """
    dates = review.record.dates
    has_list = review.paths.rules.is_file()
    undecided = 0
    if has_list:
        # Only read here: the fast loader (no comments kept).
        loaded = read_list(
            review.paths.rules, ref=review.ref, entity_types=review.policy.entity_types
        )
        undecided = len(loaded.model.undecided())
        if approval_valid is None:
            try:
                text, sha = review.draft_text()
                approval_valid = approval_status(
                    loaded, draft_sha256=sha, draft_text=text, review=review
                ).valid
            except CprError:
                approval_valid = False
    return Facts(
        ref=review.ref,
        has_list=has_list,
        undecided=undecided,
        approval_valid=bool(approval_valid),
        board_approval=dates.board_approval,
        submitted=dates.submitted_to_welsh_government,
        published=dates.published,
        on_site=on_site(review),
        withdrawn=withdrawn(read_trail(review.paths.audit)),
        publish_before_submission=review.policy.publication.before_submission,
    )


def require_order(review: Review, command: str) -> Facts:
    """Refuse `command` ("publish" or "submit") when a step before it is missing.

    Called after the gate, so the approval is valid here.

    Raises:
        ApprovalError: naming the missing step and the command that does it (exit 4).
    """
    facts = facts_of(review, approval_valid=True)
    require_next(facts, command, record=review.paths.record)
    return facts


def _with_date(review: Review, key: str, value: dt.date) -> tuple[CommentedMap, bool]:
    raw = load_yaml(review.paths.record, what="review record")
    dates = raw.get("dates")
    if dates is None:
        dates = raw["dates"] = CommentedMap()
    if dates.get(key) is not None:
        return raw, False  # a person's value, or an earlier run's: never overwritten
    dates[key] = value
    return raw, True


def check_date(review: Review, key: str, value: dt.date) -> None:
    """Refuse before any work when recording `value` would make the record invalid.

    Raises:
        InputError: the dates would be out of order (naming the line and key).
    """
    raw, _ = _with_date(review, key, value)
    validate(ReviewRecord, raw, path=review.paths.record, what="review record")


def record_date(review: Review, key: str, value: dt.date) -> bool:
    """Add `dates: key: value` to the record (comments kept, atomic); True when added."""
    raw, added = _with_date(review, key, value)
    if added:
        validate(ReviewRecord, raw, path=review.paths.record, what="review record")
        write_yaml(review.paths.record, raw)
    return added


def withdrawn_on_site(ws: Workspace) -> list[str]:
    """References of withdrawn reviews whose metadata is in published_site/ again."""
    data = ws.site / "data"
    if not data.is_dir():
        return []
    found = []
    for path in sorted(data.glob("*.json")):
        ref = path.stem
        if ref in ws.refs() and withdrawn(read_trail(ws.review(ref).audit)):
            found.append(ref)
    return found


def refuse_withdrawn(ws: Workspace) -> None:
    """`cpr site build` never builds a withdrawn review.

    Raises:
        InputError: naming the review and the command that takes it off again (1).
    """
    found = withdrawn_on_site(ws)
    if found:
        ref = found[0]
        raise InputError(
            f"published_site/ holds review {ref}, which was withdrawn"
            + (f" (and {len(found) - 1} more)" if len(found) > 1 else ""),
            file=ws.site / "data" / f"{ref}.json",
            fix=f'run `cpr withdraw {ref} --reason "..."` to take it off again; it is '
            f"published again only after a new approval and `cpr publish {ref}`",
        )


__all__ = [
    "check_date",
    "facts_of",
    "on_site",
    "record_date",
    "refuse_withdrawn",
    "require_order",
    "withdrawn",
    "withdrawn_on_site",
]
