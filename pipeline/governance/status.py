"""Where every review stands: its stage, its statutory deadlines and its overdue actions.

Read-only: it takes no lock and writes nothing. The stage comes from the files alone:

| stage               | when                                                        |
| ------------------- | ----------------------------------------------------------- |
| drafting            | no redaction list yet                                       |
| redactions proposed | a list with undecided entries or no valid approval          |
| redactions approved | the list's approval is valid (hashes and audit trail agree) |
| Board approved      | dates.board_approval is recorded                            |
| submitted           | dates.submitted_to_welsh_government is recorded             |
| published           | dates.published is recorded, or a page is in published_site/ |
| withdrawn           | `cpr withdraw` took it off the site, and nobody approved since |

The same stages in the lifecycle's own terms (`pipeline.model.lifecycle`, which publish
and submit obey) are in `--json` as `lifecycle`. A published review's approval is a
stored fact: without build/ (a fresh clone) it is read from the list and the trail's
publication under it, not re-checked against a draft that is not ingested yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pipeline.errors import CprError
from pipeline.model.action_plan import load_action_plan
from pipeline.model.lifecycle import Stage as LifeStage
from pipeline.model.lifecycle import stage_of as life_stage
from pipeline.model.redaction_list import read_list
from pipeline.model.timescales import Deadline, next_deadline, review_deadlines
from pipeline.stages.approval import approval_status
from pipeline.stages.order import facts_of, on_site, withdrawn
from pipeline.stages.review import Review, open_review
from pipeline.store.audit import read_trail
from pipeline.store.workspace import Workspace


class Stage(StrEnum):
    """The stages a review passes through, in order."""

    drafting = "drafting"
    redactions_proposed = "redactions proposed"
    redactions_approved = "redactions approved"
    board_approved = "Board approved"
    submitted = "submitted"
    published = "published"
    withdrawn = "withdrawn"


@dataclass(frozen=True)
class ReviewStatus:
    """One row of `cpr status`: counts, dates and references only."""

    ref: str
    reference: str = ""
    stage: Stage | None = None
    approved: bool | None = None  # None: no redaction list yet
    approval: str = ""
    deadlines: list[Deadline] = field(default_factory=list)
    next_deadline: Deadline | None = None
    actions: int = 0
    actions_open: int = 0
    actions_overdue: list[int] = field(default_factory=list)  # recommendation numbers
    error: str | None = None
    lifecycle: LifeStage | None = None

    def as_json(self) -> dict[str, Any]:
        """Plain data for `cpr status --json`."""
        return {
            "ref": self.ref,
            "reference": self.reference,
            "stage": self.stage.value if self.stage else None,
            "lifecycle": self.lifecycle.value if self.lifecycle else None,
            "approved": self.approved,
            "approval": self.approval,
            "next_deadline": _deadline_json(self.next_deadline),
            "deadlines": [_deadline_json(d) for d in self.deadlines],
            "actions": self.actions,
            "actions_open": self.actions_open,
            "actions_overdue": self.actions_overdue,
            "error": self.error,
        }


def _deadline_json(deadline: Deadline | None) -> dict[str, Any] | None:
    if deadline is None:
        return None
    return {
        "name": deadline.name,
        "counts_from": deadline.counts_from,
        "due": deadline.due.isoformat() if deadline.due else None,
        "done": deadline.done.isoformat() if deadline.done else None,
        "state": deadline.state.value,
        "days_left": deadline.days_left,
        "days_late": deadline.days_late,
        "rule": deadline.rule,
        "source": deadline.source,
    }


def _approval(review: Review) -> tuple[bool | None, str]:
    """Whether the list's approval is valid (None: no list), and why."""
    if not review.paths.rules.is_file():
        return None, "no redaction list yet"
    # Only read: the fast loader, without the file's comments.
    loaded = read_list(review.paths.rules, ref=review.ref, entity_types=review.policy.entity_types)
    try:
        text, sha = review.draft_text()
    except CprError as error:
        published = read_trail(review.paths.audit).last("publish")
        approval = loaded.model.approval
        if (
            approval is not None
            and published is not None
            and published.details.get("list_sha256") == approval.list_sha256
        ):
            return True, "as published (ingest the draft to check it again)"
        return False, f"cannot be checked: {error.problem}"
    status = approval_status(loaded, draft_sha256=sha, draft_text=text, review=review)
    return status.valid, status.reason


def _published_page(review: Review) -> bool:
    site = review.paths.ws.site
    return site.is_dir() and any(p.is_file() for p in site.rglob(f"*{review.ref}*"))


def stage_of(review: Review, approved: bool | None) -> Stage:
    """The furthest stage the review's files show it has reached."""
    dates = review.record.dates
    if withdrawn(read_trail(review.paths.audit)) and not on_site(review):
        return Stage.withdrawn
    if dates.published or _published_page(review):
        return Stage.published
    if dates.submitted_to_welsh_government:
        return Stage.submitted
    if dates.board_approval:
        return Stage.board_approved
    if approved is None:
        return Stage.drafting
    return Stage.redactions_approved if approved else Stage.redactions_proposed


def review_status(ws: Workspace, ref: str, *, today: dt.date) -> ReviewStatus:
    """The status of one review.

    Raises:
        CprError: a file of the review (record, policy, list, action plan) is invalid.
    """
    review = open_review(ws, ref)
    approved, reason = _approval(review)
    plan = load_action_plan(review.paths.action_plan)
    deadlines = review_deadlines(review.record, review.policy, today=today)
    return ReviewStatus(
        ref=ref,
        reference=review.record.reference,
        stage=stage_of(review, approved),
        approved=approved,
        approval=reason,
        deadlines=deadlines,
        next_deadline=next_deadline(deadlines),
        actions=len(plan.items) if plan else 0,
        actions_open=len(plan.open_items()) if plan else 0,
        actions_overdue=[i.recommendation for i in plan.overdue(today)] if plan else [],
        lifecycle=life_stage(facts_of(review, approval_valid=bool(approved))),
    )


def all_statuses(ws: Workspace, *, today: dt.date) -> list[ReviewStatus]:
    """Every review in drafts/; a review whose files are broken gets an error row."""
    rows = []
    for ref in ws.refs():
        try:
            rows.append(review_status(ws, ref, today=today))
        except CprError as error:
            rows.append(ReviewStatus(ref=ref, error=error.render()))
    return rows
