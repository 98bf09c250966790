"""The review record, `drafts/<ref>/review.yaml`: what the Board knows about a review.

The public part goes onto the site; `identities` never leaves the workspace.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from pipeline.store.yamlio import load_model

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Strict(BaseModel):
    """Unknown keys are errors: a typo must never be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ReviewType(StrEnum):
    """Concise (one reviewer) or extended (two reviewers)."""

    concise = "concise"
    extended = "extended"


class Outcome(StrEnum):
    """The harm that brought the case to review."""

    died = "died"
    life_threatening_injury = "life_threatening_injury"
    serious_permanent_impairment = "serious_permanent_impairment"


class Criteria(Strict):
    """The statutory criteria that decide concise or extended."""

    outcome: Outcome
    on_register_or_looked_after_in_6_months: bool
    # A care leaver under 18 counts as looked after: the review is extended.
    care_leaver_under_18: bool = False

    @property
    def extended(self) -> bool:
        """The criteria of an extended review are met."""
        return self.on_register_or_looked_after_in_6_months or self.care_leaver_under_18


class Dates(Strict):
    """ISO dates; each is optional until its stage is reached."""

    referral_to_review_subgroup: dt.date | None = None
    learning_event: dt.date | None = None
    board_approval: dt.date | None = None
    submitted_to_welsh_government: dt.date | None = None
    published: dt.date | None = None
    action_plan_finalised: dt.date | None = None
    action_plan_submitted: dt.date | None = None


# Every process date, declared once by the fields above, in the order the process
# reaches them. Up to publication each must follow the one before; the action plan's
# dates follow the Board's approval of the final report.
PROCESS_DATES: tuple[str, ...] = tuple(Dates.model_fields)
DATE_ORDER: tuple[str, ...] = PROCESS_DATES[: PROCESS_DATES.index("published") + 1]


class Identity(Strict):
    """A known person or place of the case (confidential)."""

    role: NonEmpty
    pseudonym: NonEmpty
    pseudonym_cy: NonEmpty | None = None  # the pseudonym on the Welsh page, if different
    names: list[NonEmpty] = Field(min_length=1)
    aliases: list[NonEmpty] = []

    @property
    def entity_type(self) -> str:
        """PERSON for people, LOCATION for places."""
        return "LOCATION" if self.role in {"place", "address", "school"} else "PERSON"


class ReviewRecord(Strict):
    """The whole record, validated."""

    reference: NonEmpty
    board: NonEmpty
    review_type: ReviewType
    criteria: Criteria
    reviewers: list[NonEmpty] = Field(min_length=1)
    panel_chair: NonEmpty
    themes: list[NonEmpty] = []
    dates: Dates = Dates()
    identities: list[Identity] = []
    summary: str | None = None  # a short public summary for the catalogue
    # The same summary in Welsh, for the Welsh pages and catalogue; without it they show
    # the English summary, marked as English (`lang="en"`).
    summary_cy: str | None = None

    @field_validator("themes")
    @classmethod
    def _themes_in_vocabulary(cls, themes: list[str], info: ValidationInfo) -> list[str]:
        # The Board's vocabulary comes from the policy, passed in as validation context,
        # so a theme outside it stops the run at once rather than at publish.
        allowed = (info.context or {}).get("themes")
        if allowed is None:
            return themes
        unknown = [(i, t) for i, t in enumerate(themes) if t not in set(allowed)]
        if unknown:
            raise ValidationError.from_exception_data(
                "ReviewRecord",
                [
                    InitErrorDetails(
                        type=PydanticCustomError(
                            "theme",
                            "theme {number} is not in the Board's list of themes (policy.yaml "
                            "`themes:`)",
                            {"number": i + 1},
                        ),
                        loc=(i,),
                        input=theme,
                    )
                    for i, theme in unknown
                ],
            )
        return themes

    @model_validator(mode="after")
    def _check_type_matches_criteria(self) -> Self:
        if self.criteria.extended and self.review_type is ReviewType.concise:
            why = (
                "is a care leaver under 18"
                if self.criteria.care_leaver_under_18
                else "was on the register or looked after in the 6 months before"
            )
            _fail(
                ("review_type",),
                f"the child {why}, so the review must be extended (review_type: extended)",
                self.review_type.value,
            )
        if not self.criteria.extended and self.review_type is ReviewType.extended:
            _fail(
                ("review_type",),
                "the child was neither on the register nor looked after "
                "in the 6 months before (nor a care leaver under 18), so the review is "
                "concise (review_type: concise)",
                self.review_type.value,
            )
        if self.review_type is ReviewType.extended and len(self.reviewers) != 2:
            _fail(
                ("reviewers",),
                f"an extended review has two reviewers; {len(self.reviewers)} listed",
                len(self.reviewers),
            )
        return self

    @model_validator(mode="after")
    def _check_dates(self) -> Self:
        today = dt.date.today()
        given = [(k, getattr(self.dates, k)) for k in Dates.model_fields]
        for key, value in given:
            if value is not None and value > today:
                _fail(
                    ("dates", key),
                    f"dates -> {key} is in the future ({value.isoformat()}); "
                    "record a date only once it has happened",
                    value,
                )
        ordered = [(k, getattr(self.dates, k)) for k in DATE_ORDER]
        ordered = [(k, v) for k, v in ordered if v is not None]
        for (k1, v1), (k2, v2) in itertools.pairwise(ordered):
            if v2 < v1:
                _fail(
                    ("dates", k2),
                    f"dates -> {k2} ({v2}) is before {k1} ({v1}); the "
                    f"order is {', '.join(DATE_ORDER)}",
                    v2,
                )
        final = self.dates.board_approval
        for key in ("action_plan_finalised", "action_plan_submitted"):
            value = getattr(self.dates, key)
            if value is not None and final is not None and value < final:
                _fail(
                    ("dates", key),
                    f"dates -> {key} ({value}) is before board_approval "
                    f"({final}): the action plan follows the final report",
                    value,
                )
        finalised, submitted = self.dates.action_plan_finalised, self.dates.action_plan_submitted
        if finalised is not None and submitted is not None and submitted < finalised:
            _fail(
                ("dates", "action_plan_submitted"),
                f"dates -> action_plan_submitted "
                f"({submitted}) is before action_plan_finalised ({finalised})",
                submitted,
            )
        return self


def _fail(loc: tuple[str, ...], message: str, value: object) -> None:
    """Raise a validation error at `loc`, so the message names the key and its line."""
    raise ValidationError.from_exception_data(
        "ReviewRecord",
        [
            InitErrorDetails(
                type=PydanticCustomError("review_record", message), loc=loc, input=value
            )
        ],
    )


def load_record(path: Path, *, themes: Sequence[str] | None = None) -> ReviewRecord:
    """Load and validate a review record; with `themes`, each theme must be one of them.

    Raises:
        InputError: the file is missing, does not parse, or does not validate; the
            message names the line and key.
    """
    return load_model(
        ReviewRecord,
        path,
        what="review record",
        context=None if themes is None else {"themes": list(themes)},
    )
