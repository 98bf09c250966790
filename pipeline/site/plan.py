"""The action plan (`drafts/REF/action_plan.yaml`) as table rows for the page and downloads.

Loaded and validated by `pipeline.model.action_plan` (fail closed: a file that does not
validate stops the publish); rendered here in English or Welsh.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pipeline.model.action_plan import load_action_plan
from pipeline.site.i18n import long_date, t

COLUMNS: tuple[str, ...] = (
    "recommendation",
    "action",
    "lead_agency",
    "target_date",
    "intended_outcome",
    "status",
    "date_completed",
)


def load_plan(path: Path) -> list[dict[str, Any]] | None:
    """The plan's items as plain values, or None when the review has no action plan yet.

    Raises:
        InputError: the file does not parse or validate (governance's `ActionPlan`
            schema); the message names the key and line.
    """
    plan = load_action_plan(path)
    return None if plan is None else [item.model_dump() for item in plan.items]


def _cell(value: Any, column: str, lang: str) -> str:
    """One value as plain table text: dates written out, statuses in words, one line."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return long_date(value, lang)
    if column == "status":
        return t(lang, f"status_{value}")
    return " ".join(str(value).split())


def plan_rows(items: list[dict[str, Any]], lang: str) -> list[list[str]]:
    """Each item as a row of cells in COLUMNS order."""
    return [[_cell(item.get(c), c, lang) for c in COLUMNS] for item in items]


def plan_headers(lang: str) -> list[str]:
    """The column headings."""
    return [t(lang, f"ap_{c}") for c in COLUMNS]
