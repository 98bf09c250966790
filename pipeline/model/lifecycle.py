"""The lifecycle of a review: its stages, in statutory order, and the rules between them.

| stage     | when                                                                   |
| --------- | ---------------------------------------------------------------------- |
| draft     | no redaction list yet                                                  |
| detected  | a list with undecided entries                                          |
| decided   | every entry decided, no valid approval                                 |
| approved  | the list's approval is valid                                           |
| submitted | dates.submitted_to_welsh_government is recorded                        |
| published | dates.published is recorded, or the review is on the public site       |
| withdrawn | `cpr withdraw` took it off the site, and nobody has approved it since  |

The framework's order is: the redaction list approved and the Board's approval of the
final report recorded, then submission to Welsh Government, then publication (unless the
policy's `publication: before_submission: true` allows publishing first, which the
publish event then records). A withdrawn review is published again only after a new
approval. These are pure functions of facts read from the record, the list and the audit
trail (`Facts`); `pipeline.stages.order` gathers the facts, status shows the stage, and
publish and submit refuse with `require_next`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from pipeline.errors import ApprovalError


class Stage(StrEnum):
    """The stages of a review, in order (withdrawn last: it can follow publication)."""

    draft = "draft"
    detected = "detected"
    decided = "decided"
    approved = "approved"
    submitted = "submitted"
    published = "published"
    withdrawn = "withdrawn"


@dataclass(frozen=True)
class Facts:
    """What the lifecycle rules need to know about one review."""

    ref: str
    has_list: bool = False
    undecided: int = 0
    approval_valid: bool = False
    board_approval: dt.date | None = None
    submitted: dt.date | None = None
    published: dt.date | None = None
    on_site: bool = False
    # The last `withdraw` event of the trail comes after its last `approve` event.
    withdrawn: bool = False
    # The policy allows publication before submission (publication: before_submission).
    publish_before_submission: bool = False


def stage_of(facts: Facts) -> Stage:
    """The furthest stage the facts show the review has reached."""
    if facts.withdrawn and not facts.on_site:
        return Stage.withdrawn
    if facts.published or facts.on_site:
        return Stage.published
    if facts.submitted:
        return Stage.submitted
    if facts.approval_valid:
        return Stage.approved
    if not facts.has_list:
        return Stage.draft
    return Stage.detected if facts.undecided else Stage.decided


@dataclass(frozen=True)
class Missing:
    """A step that must come first: what it is, and the command (or edit) that does it."""

    step: str
    does_it: str
    key: str | None = None  # the record's key to fill in, when the step is a date


def approve_command(ref: str) -> str:
    """The command that approves the list."""
    return f"`cpr approve {ref} --officer NAME --key PATH`"


def missing_before(facts: Facts, command: str) -> Missing | None:
    """The first step `command` ("submit" or "publish") needs that is not done, or None."""
    ref = facts.ref
    if command == "publish" and facts.withdrawn:
        return Missing(
            "a new approval: the review was withdrawn, and is published again only after "
            "the list is approved again",
            approve_command(ref),
        )
    if not facts.approval_valid:
        return Missing("a valid approval of the redaction list", approve_command(ref))
    if facts.board_approval is None:
        return Missing(
            "the Board's approval of the final report",
            f"record the date in drafts/{ref}/review.yaml as `dates: board_approval: YYYY-MM-DD`",
            key="dates -> board_approval",
        )
    if command == "publish" and facts.submitted is None and not facts.publish_before_submission:
        return Missing(
            "the submission to Welsh Government (the framework's order is Board approval, "
            "then submission, then publication)",
            f"`cpr submit {ref}`",
            key="dates -> submitted_to_welsh_government",
        )
    return None


def require_next(facts: Facts, command: str, *, record: Path) -> None:
    """Refuse `command` when a step before it is missing.

    Raises:
        ApprovalError: naming the missing step and the command that does it (exit 4).
    """
    missing = missing_before(facts, command)
    if missing is None:
        return
    raise ApprovalError(
        f"review {facts.ref} cannot be {'published' if command == 'publish' else 'submitted'} "
        f"yet: {missing.step} is missing",
        file=record,
        key=missing.key,
        fix=f"{missing.does_it}, then run `cpr {command} {facts.ref}` again",
    )


__all__ = [
    "Facts",
    "Missing",
    "Stage",
    "approve_command",
    "missing_before",
    "require_next",
    "stage_of",
]
