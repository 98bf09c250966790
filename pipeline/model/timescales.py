"""Statutory deadlines of one review, from the rules declared in redaction_rules/policy.yaml.

Two deadlines, each counted from a date in the review record:
- the review completed (final report approved by the Board and submitted to Welsh
  Government) within N months of the referral to the Review Sub-Group;
- the action plan finalised within M weeks of the Board's approval of the final report.
The figures come from the rule in force on the referral date (`Policy.timescale_for`).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from pipeline.model.policy import Policy, Timescale
from pipeline.model.review_record import ReviewRecord


class DeadlineState(StrEnum):
    """Where a deadline stands on a given day."""

    met = "met"
    met_late = "met late"
    due = "due"
    overdue = "overdue"
    not_started = "not started"  # the date it counts from is not recorded yet


@dataclass(frozen=True)
class Deadline:
    """One statutory deadline of one review."""

    name: str
    counts_from: str  # the review record's date key
    rule: str
    source: str
    due: dt.date | None
    done: dt.date | None
    state: DeadlineState
    days_left: int | None  # negative when overdue; None when met or not started

    def describe(self) -> str:
        """`due 2024-08-12 (14 days left)`, `overdue by 3 days`, `met 2024-07-26`, ..."""
        if self.state is DeadlineState.not_started or self.due is None:
            return f"{self.name}: counts from {self.counts_from} (not recorded yet)"
        if self.state in (DeadlineState.met, DeadlineState.met_late):
            late = (
                f", {(self.done - self.due).days} days late"
                if self.done and self.state is DeadlineState.met_late
                else ""
            )
            return f"{self.name}: met {self.done}{late} (due {self.due})"
        days = self.days_left or 0
        when = f"{days} days left" if days >= 0 else f"overdue by {-days} days"
        return f"{self.name}: due {self.due} ({when})"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _deadline(
    name: str,
    counts_from: str,
    rule: Timescale,
    start: dt.date | None,
    span: dt.timedelta | int,
    done: dt.date | None,
    today: dt.date,
) -> Deadline:
    if start is None:
        return Deadline(
            name, counts_from, rule.name, rule.source, None, done, DeadlineState.not_started, None
        )
    due = add_months(start, span) if isinstance(span, int) else start + span
    if done is not None:
        state = DeadlineState.met if done <= due else DeadlineState.met_late
        return Deadline(name, counts_from, rule.name, rule.source, due, done, state, None)
    days = (due - today).days
    state = DeadlineState.due if days >= 0 else DeadlineState.overdue
    return Deadline(name, counts_from, rule.name, rule.source, due, None, state, days)


def review_deadlines(record: ReviewRecord, policy: Policy, *, today: dt.date) -> list[Deadline]:
    """The review's statutory deadlines, in the order they fall.

    The review counts as completed when the final report is both approved by the Board
    and submitted to Welsh Government: the later of the two dates.
    """
    dates = record.dates
    referral = dates.referral_to_review_subgroup
    rule = policy.timescale_for(referral or today)
    completed = None
    if dates.board_approval and dates.submitted_to_welsh_government:
        completed = max(dates.board_approval, dates.submitted_to_welsh_government)
    review = _deadline(
        "review completed",
        "referral_to_review_subgroup",
        rule,
        referral,
        rule.review_completed_within_months,
        completed,
        today,
    )
    plan = _deadline(
        "action plan finalised",
        "board_approval",
        rule,
        dates.board_approval,
        dt.timedelta(weeks=rule.action_plan_within_weeks),
        dates.action_plan_finalised,
        today,
    )
    return [review, plan]


def next_deadline(deadlines: list[Deadline]) -> Deadline | None:
    """The earliest deadline not yet met (overdue ones first), or None when all are met."""
    open_ = [d for d in deadlines if d.state in (DeadlineState.due, DeadlineState.overdue)]
    if open_:
        return min(open_, key=lambda d: d.due or dt.date.max)
    pending = [d for d in deadlines if d.state is DeadlineState.not_started]
    return pending[0] if pending else None
