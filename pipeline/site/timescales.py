"""Whether each statutory timescale was met, from the review record's dates.

Two rules, with N taken from the policy's timescale in force at referral:
- the review is completed within N months of referral: Board approval and submission
  to Welsh Government both no later than referral + N months;
- the action plan is finalised within N weeks of the final report:
  action_plan_finalised no later than board_approval + N weeks.

Judged as on the publication date, so the same record always gives the same page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from pipeline.site.meta import PublicMeta, add_months


class Verdict(StrEnum):
    """A timescale's state."""

    met = "met"
    not_met = "not_met"
    not_yet_due = "not_yet_due"  # the starting date is not there yet
    due = "due"  # started, not done, deadline still ahead
    overdue = "overdue"  # started, not done, deadline passed


@dataclass(frozen=True)
class Outcome:
    """One timescale's verdict."""

    rule: str  # review | action_plan
    n: int  # months or weeks
    due: dt.date | None
    verdict: Verdict
    days_late: int = 0


def _judge(
    rule: str, n: int, due: dt.date | None, done: list[dt.date | None], as_of: dt.date
) -> Outcome:
    if due is None:
        return Outcome(rule, n, None, Verdict.not_yet_due)
    late = [d for d in done if d is not None and d > due]
    if late:
        return Outcome(rule, n, due, Verdict.not_met, (max(late) - due).days)
    if all(d is not None for d in done):
        return Outcome(rule, n, due, Verdict.met)
    return Outcome(rule, n, due, Verdict.due if as_of <= due else Verdict.overdue)


def outcomes(meta: PublicMeta) -> list[Outcome]:
    """Both timescales' verdicts, as on the publication date."""
    d = meta.dates
    review_due = (
        add_months(d.referral_to_review_subgroup, meta.review_within_months)
        if d.referral_to_review_subgroup
        else None
    )
    plan_due = (
        d.board_approval + dt.timedelta(weeks=meta.action_plan_within_weeks)
        if d.board_approval
        else None
    )
    return [
        _judge(
            "review",
            meta.review_within_months,
            review_due,
            [d.board_approval, d.submitted_to_welsh_government],
            meta.published,
        ),
        _judge(
            "action_plan",
            meta.action_plan_within_weeks,
            plan_due,
            [d.action_plan_finalised],
            meta.published,
        ),
    ]
