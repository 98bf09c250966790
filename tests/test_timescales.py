"""Statutory deadlines: declared once in policy.yaml, counted from the review record."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.model.policy import load_policy
from pipeline.model.review_record import Criteria, Dates, ReviewRecord
from pipeline.model.timescales import (
    ACTION_PLAN,
    REVIEW,
    DeadlineState,
    Rule,
    add_months,
    deadlines_for,
    next_deadline,
    review_deadlines,
)

ROOT = Path(__file__).resolve().parent.parent
POLICY = load_policy(ROOT / "redaction_rules" / "policy.yaml")
D = dt.date


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2024, 1, 15), 6, D(2024, 7, 15)),  # the ordinary case
        (D(2024, 8, 31), 6, D(2025, 2, 28)),  # a shorter month: its last day
        (D(2023, 8, 31), 6, D(2024, 2, 29)),  # ... in a leap year
        (D(2024, 9, 30), 6, D(2025, 3, 30)),  # across a year end
        (D(2024, 12, 31), 2, D(2025, 2, 28)),  # into February of a common year
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # into February of a leap year
        (D(2024, 5, 15), 0, D(2024, 5, 15)),  # no months
        (D(2024, 3, 31), 24, D(2026, 3, 31)),  # whole years
    ],
)
def test_add_months(start: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(start, months) == expected


def record(**dates: dt.date) -> ReviewRecord:
    return ReviewRecord(
        reference="DEMO 1/2024",
        board="Board",
        review_type="concise",
        criteria=Criteria(outcome="died", on_register_or_looked_after_in_6_months=False),
        reviewers=["Reviewer"],
        panel_chair="Chair",
        dates=Dates(**dates),
    )


TODAY = D(2024, 6, 1)


@pytest.mark.parametrize(
    ("dates", "review_state", "plan_state"),
    [
        # Referred, nothing since: review due, plan not started.
        (
            {"referral_to_review_subgroup": D(2024, 1, 15)},
            DeadlineState.due,
            DeadlineState.not_started,
        ),
        # Referred long ago: overdue.
        (
            {"referral_to_review_subgroup": D(2023, 10, 1)},
            DeadlineState.overdue,
            DeadlineState.not_started,
        ),
        # Approved and submitted in time; plan due 4 weeks after approval.
        (
            {
                "referral_to_review_subgroup": D(2023, 12, 1),
                "board_approval": D(2024, 5, 20),
                "submitted_to_welsh_government": D(2024, 5, 25),
            },
            DeadlineState.met,
            DeadlineState.due,
        ),
        # Submitted late; plan finalised late.
        (
            {
                "referral_to_review_subgroup": D(2023, 10, 1),
                "board_approval": D(2024, 4, 20),
                "submitted_to_welsh_government": D(2024, 4, 25),
                "action_plan_finalised": D(2024, 5, 30),
            },
            DeadlineState.not_met,
            DeadlineState.not_met,
        ),
        # Approved by the Board but not yet submitted: the review is not complete.
        (
            {"referral_to_review_subgroup": D(2024, 1, 15), "board_approval": D(2024, 5, 10)},
            DeadlineState.due,
            DeadlineState.due,
        ),
    ],
)
def test_deadline_states(
    dates: dict, review_state: DeadlineState, plan_state: DeadlineState
) -> None:
    review, plan = review_deadlines(record(**dates), POLICY, today=TODAY)
    assert (review.state, plan.state) == (review_state, plan_state)


def test_days_left_and_next_deadline() -> None:
    deadlines = review_deadlines(
        record(referral_to_review_subgroup=D(2024, 1, 15)), POLICY, today=TODAY
    )
    upcoming = next_deadline(deadlines)
    assert upcoming is not None and upcoming.name == "review completed"
    assert upcoming.due == D(2024, 7, 15) and upcoming.days_left == 44
    overdue = review_deadlines(
        record(referral_to_review_subgroup=D(2023, 11, 1)), POLICY, today=TODAY
    )[0]
    assert overdue.days_left == -31 and "overdue by 31 days" in overdue.describe()


def test_plan_is_four_weeks_after_the_final_report() -> None:
    plan = review_deadlines(
        record(referral_to_review_subgroup=D(2024, 1, 15), board_approval=D(2024, 5, 1)),
        POLICY,
        today=TODAY,
    )[1]
    assert plan.due == D(2024, 5, 29)


def test_rule_in_force_depends_on_the_referral_date() -> None:
    before = review_deadlines(
        record(referral_to_review_subgroup=D(2024, 9, 30)), POLICY, today=D(2024, 10, 2)
    )[0]
    after = review_deadlines(
        record(referral_to_review_subgroup=D(2024, 10, 1)), POLICY, today=D(2024, 10, 2)
    )[0]
    assert before.rule == "Child Practice Review"
    assert after.rule == "Single Unified Safeguarding Review"


def test_every_rule_is_declared_with_its_source() -> None:
    assert len(POLICY.timescales) >= 2
    for rule in POLICY.timescales:
        assert rule.source.strip() and rule.review_completed_within_months > 0
        assert rule.action_plan_within_weeks > 0


CPR = Rule(name="CPR", source="guidance", review_within_months=6, action_plan_within_weeks=4)
AS_OF = D(2024, 8, 1)


@pytest.mark.parametrize(
    ("dates", "review", "plan"),
    [
        # everything on time
        (
            dict(
                referral_to_review_subgroup=D(2024, 1, 10),
                board_approval=D(2024, 6, 20),
                submitted_to_welsh_government=D(2024, 6, 28),
                action_plan_finalised=D(2024, 7, 10),
            ),
            (DeadlineState.met, 0),
            (DeadlineState.met, 0),
        ),
        # submission two days late; action plan finalised on the last day
        (
            dict(
                referral_to_review_subgroup=D(2024, 1, 10),
                board_approval=D(2024, 7, 1),
                submitted_to_welsh_government=D(2024, 7, 12),
                action_plan_finalised=D(2024, 7, 29),
            ),
            (DeadlineState.not_met, 2),
            (DeadlineState.met, 0),
        ),
        # Board approval late, submission later still: days late count from the later
        (
            dict(
                referral_to_review_subgroup=D(2024, 1, 10),
                board_approval=D(2024, 7, 20),
                submitted_to_welsh_government=D(2024, 7, 25),
            ),
            (DeadlineState.not_met, 15),
            (DeadlineState.due, 0),
        ),
        # no Board approval yet: the plan's clock has not started
        (
            dict(referral_to_review_subgroup=D(2024, 5, 1)),
            (DeadlineState.due, 0),
            (DeadlineState.not_started, 0),
        ),
        # no referral date at all
        ({}, (DeadlineState.not_started, 0), (DeadlineState.not_started, 0)),
        # submission missing and both deadlines passed
        (
            dict(referral_to_review_subgroup=D(2023, 1, 10), board_approval=D(2023, 6, 1)),
            (DeadlineState.overdue, 0),
            (DeadlineState.overdue, 0),
        ),
    ],
)
def test_every_state_with_days_late(dates: dict, review: tuple, plan: tuple) -> None:
    got = deadlines_for(Dates(**dates), CPR, today=AS_OF)
    assert [d.key for d in got] == [REVIEW, ACTION_PLAN]
    assert [(d.state, d.days_late) for d in got] == [review, plan]


@pytest.mark.parametrize(
    ("state", "words"),
    [
        (DeadlineState.met, "met, done"),
        (DeadlineState.not_met, "not met, done 2024-07-12, 2 days late"),
        (DeadlineState.due, "due 2024-07-10"),
        (DeadlineState.overdue, "overdue by"),
        (DeadlineState.not_started, "not started"),
    ],
)
def test_status_words_name_the_state_as_the_page_does(state: DeadlineState, words: str) -> None:
    cases = {
        DeadlineState.met: dict(
            referral_to_review_subgroup=D(2024, 1, 10),
            board_approval=D(2024, 6, 20),
            submitted_to_welsh_government=D(2024, 6, 28),
        ),
        DeadlineState.not_met: dict(
            referral_to_review_subgroup=D(2024, 1, 10),
            board_approval=D(2024, 7, 1),
            submitted_to_welsh_government=D(2024, 7, 12),
        ),
        DeadlineState.due: dict(referral_to_review_subgroup=D(2024, 1, 10)),
        DeadlineState.overdue: dict(referral_to_review_subgroup=D(2023, 1, 10)),
        DeadlineState.not_started: {},
    }
    deadline = deadlines_for(Dates(**cases[state]), CPR, today=D(2024, 6, 1))[0]
    assert deadline.state is state and words in deadline.describe()
