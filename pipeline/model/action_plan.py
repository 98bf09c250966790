"""The action plan, `drafts/<ref>/action_plan.yaml`: what each agency will do, by when.

Public once the Board has approved it: agencies, actions and dates, never family details.
Validated like every file a person writes: unknown keys are errors, and each error names
its key and line.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from pipeline.store.yamlio import load_yaml, validate

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class ActionStatus(StrEnum):
    """Where an action stands."""

    not_started = "not_started"
    in_progress = "in_progress"
    complete = "complete"


class ActionItem(BaseModel):
    """One action agreed against one recommendation."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    recommendation: int = Field(ge=1)
    action: NonEmpty
    lead_agency: NonEmpty
    target_date: dt.date
    intended_outcome: NonEmpty
    status: ActionStatus = ActionStatus.not_started
    date_completed: dt.date | None = None

    @model_validator(mode="after")
    def _completion_matches_status(self) -> Self:
        if self.status is ActionStatus.complete and self.date_completed is None:
            raise ValueError(
                "status is complete but date_completed is missing; add the date "
                "the action was completed"
            )
        if self.status is not ActionStatus.complete and self.date_completed is not None:
            raise ValueError(
                f"date_completed is set but status is {self.status.value}; set "
                "status: complete or remove date_completed"
            )
        if self.date_completed is not None and self.date_completed > dt.date.today():
            raise ValueError(f"date_completed ({self.date_completed}) is in the future")
        return self

    def overdue(self, today: dt.date) -> bool:
        """Open and past its target date."""
        return self.status is not ActionStatus.complete and self.target_date < today


class ActionPlan(BaseModel):
    """The whole file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    items: list[ActionItem] = Field(min_length=1)

    def overdue(self, today: dt.date) -> list[ActionItem]:
        """Open items past their target date."""
        return [item for item in self.items if item.overdue(today)]

    def open_items(self) -> list[ActionItem]:
        """Items not yet complete."""
        return [item for item in self.items if item.status is not ActionStatus.complete]


def load_action_plan(path: Path) -> ActionPlan | None:
    """Load and validate an action plan; None while none is drawn up (no file, or comments only).

    Raises:
        InputError: the file does not parse or validate; the message names key and line.
    """
    if not path.is_file():
        return None
    data = load_yaml(path, what="action plan")
    if data is None:
        # Only comments: the template `cpr new` writes, before the plan is drawn up.
        return None
    return validate(ActionPlan, data, path=path, what="action plan")


# The table's columns, in order: the item's fields. The site puts them into words.
COLUMNS: tuple[str, ...] = (
    "recommendation",
    "action",
    "lead_agency",
    "target_date",
    "intended_outcome",
    "status",
    "date_completed",
)


def plan_rows(plan: ActionPlan) -> list[dict[str, object]]:
    """Each item's values by column, in the file's order (the one action-plan table).

    Dates stay dates and statuses stay `ActionStatus`; `pipeline.site.plan` renders them
    for the page, the downloads and the submission pack.
    """
    return [{c: getattr(item, c) for c in COLUMNS} for item in plan.items]
