"""Board-wide rules, `redaction_rules/policy.yaml`: entity types, dates, terms kept, timescales.

Also the Welsh names the Welsh pages show (`boards_cy`, `themes_cy`, `roles_cy`, each
timescale's `source_cy`); anything without a Welsh name is shown in English, marked
`lang="en"`.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Self

import regex
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from pipeline.model.review_record import ReviewRecord
from pipeline.store.yamlio import load_model
from pipeline.text.dates import DobPolicy, FullDatePolicy
from pipeline.text.draftmarks import MarkerRule

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Strict(BaseModel):
    """Unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class EntityType(Strict):
    """How one kind of identifier is replaced."""

    label: NonEmpty
    label_cy: NonEmpty | None = None  # the same label on the Welsh page
    numbered: bool
    description: NonEmpty


class DatePolicy(Strict):
    """Date generalisation."""

    full_date: FullDatePolicy = FullDatePolicy.month_year
    date_of_birth: DobPolicy = DobPolicy.remove


class Switches(Strict):
    """Detection switches a Board may turn off."""

    # Ages to the month or week ("3 years 5 months", "22 weeks") become whole years.
    ages_to_years: bool = True
    # Country, nationality, language and ethnic-group names are context, not identifiers.
    keep_nationalities: bool = True


class DraftMarker(Strict):
    """A pattern of draft-only material (`pipeline.text.draftmarks`)."""

    kind: NonEmpty
    pattern: NonEmpty

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            msg = f"draft marker pattern {value!r} is not a valid expression: {exc}"
            raise ValueError(msg) from None
        return value


class DraftMarkers(Strict):
    """Draft-only material: `lines` drop their whole line, `inline` only the match."""

    lines: list[DraftMarker] = []
    inline: list[DraftMarker] = []
    # A line repeating an earlier one among the first this many (title, author) goes too.
    duplicate_within_lines: int = Field(default=0, ge=0)

    def rules(self) -> list[MarkerRule]:
        """The compiled patterns, line markers first."""
        return [
            MarkerRule(m.kind, re.compile(m.pattern), whole)
            for whole, group in ((True, self.lines), (False, self.inline))
            for m in group
        ]


class Timescale(Strict):
    """A statutory timescale rule and where it comes from."""

    name: NonEmpty
    applies_from: dt.date
    source: NonEmpty
    source_cy: NonEmpty | None = None  # the guidance's Welsh title, for the Welsh pages
    review_completed_within_months: int = Field(gt=0)
    action_plan_within_weeks: int = Field(gt=0)


class Publication(Strict):
    """When a review may be published (the framework: after submission to Welsh Government)."""

    # True lets `cpr publish` go before `cpr submit`; the publish event records that it did.
    before_submission: bool = False


class Policy(Strict):
    """The whole policy file."""

    entity_types: dict[str, EntityType]
    dates: DatePolicy = DatePolicy()
    keep: list[NonEmpty] = []
    # Regular expressions of public names kept by their shape ("... Police", "Cyngor Sir ...").
    keep_patterns: list[NonEmpty] = []
    switches: Switches = Switches()
    draft_markers: DraftMarkers = DraftMarkers()
    themes: list[NonEmpty] = []
    # Welsh names for the Welsh pages: theme -> Welsh label, Board -> Welsh name,
    # approver's role -> Welsh role (its radical form: the page mutates it after "gan").
    themes_cy: dict[NonEmpty, NonEmpty] = {}
    boards_cy: dict[NonEmpty, NonEmpty] = {}
    roles_cy: dict[NonEmpty, NonEmpty] = {}
    timescales: list[Timescale] = Field(min_length=1)
    publication: Publication = Publication()

    @field_validator("entity_types")
    @classmethod
    def _upper_case_names(cls, value: dict[str, EntityType]) -> dict[str, EntityType]:
        for name in value:
            if name != name.upper() or not name.replace("_", "").isalnum():
                raise ValueError(f"entity type {name!r} must be upper case, like PERSON")
        return value

    @field_validator("keep_patterns")
    @classmethod
    def _patterns_compile(cls, value: list[str]) -> list[str]:
        for pattern in value:
            try:
                regex.compile(pattern)
            except regex.error as exc:
                raise ValueError(
                    f"keep pattern {pattern!r} is not a valid expression: {exc}"
                ) from exc
        return value

    @model_validator(mode="after")
    def _check_welsh_names(self) -> Self:
        problems: list[InitErrorDetails] = []

        def problem(loc: tuple[str, ...], message: str, value: str) -> None:
            problems.append(
                InitErrorDetails(
                    type=PydanticCustomError("welsh_name", message), loc=loc, input=value
                )
            )

        themes = set(self.themes)
        for theme in self.themes_cy:
            if theme not in themes:
                problem(
                    ("themes_cy", theme),
                    "is not one of the themes under `themes:`; spell it exactly as there "
                    "(the English theme, then a colon and its Welsh label), or add the theme",
                    theme,
                )
        for key, names in (
            ("themes_cy", self.themes_cy),
            ("boards_cy", self.boards_cy),
            ("roles_cy", self.roles_cy),
        ):
            seen: dict[str, str] = {}
            for english, welsh in names.items():
                folded = welsh.casefold()
                if folded in seen:
                    problem(
                        (key, english),
                        f"has the same Welsh name as {seen[folded]!r} ({welsh!r}); give "
                        "each its own Welsh name, or the Welsh pages cannot tell them apart",
                        welsh,
                    )
                seen.setdefault(folded, english)
                if welsh != " ".join(welsh.split()):
                    problem((key, english), "is not one line of single-spaced words", welsh)
        if problems:
            raise ValidationError.from_exception_data("Policy", problems)
        return self

    def theme_cy(self, theme: str) -> str | None:
        """The theme's Welsh label, or None when the policy gives none."""
        return self.themes_cy.get(theme)

    def board_cy(self, board: str) -> str | None:
        """The Board's Welsh name, or None when the policy gives none."""
        return self.boards_cy.get(board)

    def role_cy(self, role: str) -> str | None:
        """The role's Welsh name (radical form), or None when the policy gives none."""
        return self.roles_cy.get(role)

    def timescale_for(self, referral: dt.date) -> Timescale:
        """The rule in force for a review referred on `referral`."""
        rules = sorted(self.timescales, key=lambda t: t.applies_from)
        chosen = rules[0]
        for rule in rules:
            if rule.applies_from <= referral:
                chosen = rule
        return chosen


def load_policy(path: Path) -> Policy:
    """Load and validate the policy.

    Raises:
        InputError: missing, unparsable or invalid; the message names the line and key.
    """
    return load_model(Policy, path, what="policy")


def public_terms(
    policy: Policy, record: ReviewRecord | None = None, *, name_tokens: bool = True
) -> list[str]:
    """Terms that are public: the allow-list, and the record's public names and pseudonyms.

    Detection never proposes them. Anonymise and verify let a longer public term win
    over a shorter entry inside it ("Cwm" in "Cwm Taf Morgannwg University Health
    Board"), but an entry equal to a public term still wins: a person decided it.

    Args:
        policy: the Board's policy.
        record: the review record, if any.
        name_tokens: include each part of the reviewers' and chair's names on its own.
    """
    terms = list(policy.keep)
    if record is not None:
        terms += [record.board, record.reference, record.panel_chair, *record.reviewers]
        if name_tokens:
            for name in [record.panel_chair, *record.reviewers]:
                terms += [t for t in name.split() if len(t) >= 3]
        terms += [p for i in record.identities for p in (i.pseudonym, i.pseudonym_cy) if p]
    return terms
