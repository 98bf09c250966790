"""The one timescale engine: statutory deadlines of a review, from the policy's rules.

Two deadlines, each counted from a date in the review record:
- the review completed (final report approved by the Board and submitted to Welsh
  Government) within N months of the referral to the Review Sub-Group;
- the action plan finalised within M weeks of the Board's approval of the final report.
The figures come from the rule in force on the referral date (`Policy.timescale_for`),
which names its source.

`cpr status`, the public page, the site's `data/REF.json` and the submission pack's
`metadata.json` all read this module; the site only puts its states into English or
Welsh words. The states, in the words used everywhere:

| state         | when                                                           |
| ------------- | -------------------------------------------------------------- |
| `met`         | done on or before the due date                                 |
| `not met`     | done after the due date (`days_late` says by how much)         |
| `due`         | started, not done, the due date is today or ahead              |
| `overdue`     | started, not done, the due date has passed                     |
| `not started` | the date it counts from is not recorded yet                    |
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from pipeline.model.policy import Policy, Timescale
from pipeline.model.review_record import Dates, ReviewRecord

REVIEW = "review"
ACTION_PLAN = "action_plan"


class DeadlineState(StrEnum):
    """Where a deadline stands on a given day."""

    met = "met"
    not_met = "not met"  # done, but after the due date
    due = "due"
    overdue = "overdue"
    not_started = "not started"  # the date it counts from is not recorded yet


@dataclass(frozen=True)
class Rule:
    """The figures of the timescale rule a review falls under, and where they come from."""

    name: str
    source: str
    review_within_months: int
    action_plan_within_weeks: int

    @classmethod
    def of(cls, timescale: Timescale) -> Rule:
        """The figures of one of the policy's timescale rules."""
        return cls(
            name=timescale.name,
            source=timescale.source,
            review_within_months=timescale.review_completed_within_months,
            action_plan_within_weeks=timescale.action_plan_within_weeks,
        )


@dataclass(frozen=True)
class Deadline:
    """One statutory deadline of one review, judged on one day."""

    key: str  # REVIEW | ACTION_PLAN
    name: str
    counts_from: str  # the review record's date key
    rule: str
    source: str
    within: int  # months (review) or weeks (action plan)
    due: dt.date | None
    done: dt.date | None
    state: DeadlineState
    days_left: int | None  # negative when overdue; None when done or not started
    days_late: int = 0  # after the due date, when `not met`

    def describe(self) -> str:
        """`due 2024-08-12 (14 days left)`, `not met: done ... (3 days late)`, ..."""
        if self.state is DeadlineState.not_started or self.due is None:
            return f"{self.name}: not started (counts from {self.counts_from}, not recorded yet)"
        if self.state is DeadlineState.met:
            return f"{self.name}: met, done {self.done} (due {self.due})"
        if self.state is DeadlineState.not_met:
            return (
                f"{self.name}: not met, done {self.done}, {self.days_late} days late "
                f"(due {self.due})"
            )
        days = self.days_left or 0
        when = f"{days} days left" if days >= 0 else f"overdue by {-days} days"
        return f"{self.name}: {self.state.value} {self.due} ({when})"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it is shorter.

    31 August + 6 months is 28 February (29 in a leap year).
    """
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def rule_for(dates: Dates, policy: Policy, *, as_of: dt.date) -> Rule:
    """The rule in force on the referral date (on `as_of` while none is recorded)."""
    return Rule.of(policy.timescale_for(dates.referral_to_review_subgroup or as_of))


def review_completed(dates: Dates) -> dt.date | None:
    """The day the review counts as completed: the later of Board approval and submission.

    None until both are recorded.
    """
    if dates.board_approval and dates.submitted_to_welsh_government:
        return max(dates.board_approval, dates.submitted_to_welsh_government)
    return None


def _judge(
    key: str,
    name: str,
    counts_from: str,
    rule: Rule,
    within: int,
    due: dt.date | None,
    done: dt.date | None,
    today: dt.date,
) -> Deadline:
    base = (key, name, counts_from, rule.name, rule.source, within)
    if due is None:
        return Deadline(*base, None, done, DeadlineState.not_started, None)
    if done is not None:
        if done <= due:
            return Deadline(*base, due, done, DeadlineState.met, None)
        return Deadline(*base, due, done, DeadlineState.not_met, None, (done - due).days)
    days = (due - today).days
    state = DeadlineState.due if days >= 0 else DeadlineState.overdue
    return Deadline(*base, due, None, state, days)


def deadlines_for(dates: Dates, rule: Rule, *, today: dt.date) -> list[Deadline]:
    """Both deadlines from the record's dates under `rule`, judged on `today`."""
    referral = dates.referral_to_review_subgroup
    review = _judge(
        REVIEW,
        "review completed",
        "referral_to_review_subgroup",
        rule,
        rule.review_within_months,
        add_months(referral, rule.review_within_months) if referral else None,
        review_completed(dates),
        today,
    )
    approval = dates.board_approval
    plan = _judge(
        ACTION_PLAN,
        "action plan finalised",
        "board_approval",
        rule,
        rule.action_plan_within_weeks,
        approval + dt.timedelta(weeks=rule.action_plan_within_weeks) if approval else None,
        dates.action_plan_finalised,
        today,
    )
    return [review, plan]


def review_deadlines(record: ReviewRecord, policy: Policy, *, today: dt.date) -> list[Deadline]:
    """The review's statutory deadlines, in the order they fall, judged on `today`."""
    return deadlines_for(record.dates, rule_for(record.dates, policy, as_of=today), today=today)


def next_deadline(deadlines: list[Deadline]) -> Deadline | None:
    """The earliest deadline not yet done (overdue ones first), or None when all are done."""
    open_ = [d for d in deadlines if d.state in (DeadlineState.due, DeadlineState.overdue)]
    if open_:
        return min(open_, key=lambda d: d.due or dt.date.max)
    pending = [d for d in deadlines if d.state is DeadlineState.not_started]
    return pending[0] if pending else None
