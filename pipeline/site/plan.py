"""The action plan table in English or Welsh: for the page, the downloads and the pack.

The rows come from `pipeline.model.action_plan` (loaded and validated there, fail
closed: a file that does not validate stops the publish); this module only puts them
into words and Markdown.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import Any

from pipeline.model import action_plan as model
from pipeline.model.action_plan import COLUMNS, ActionPlan
from pipeline.site.i18n import long_date, t
from pipeline.site.markdown import esc, table

# Columns holding the plan's own words, which the plan gives in English only: a Welsh
# page and download mark them as English (`lang="en"`).
ENGLISH_COLUMNS: frozenset[str] = frozenset({"action", "lead_agency", "intended_outcome"})


def load_plan(path: Path) -> list[dict[str, Any]] | None:
    """The plan's rows (values by column), or None when the review has no action plan yet.

    Raises:
        InputError: the file does not parse or validate (the model's `ActionPlan`
            schema); the message names the key and line.
    """
    plan = model.load_action_plan(path)
    return None if plan is None else model.plan_rows(plan)


def _cell(value: Any, column: str, lang: str) -> str:
    """One value as plain table text: dates written out, statuses in words, one line."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return long_date(value, lang)
    if column == "status":
        return t(lang, f"status_{value.value if isinstance(value, Enum) else value}")
    return " ".join(str(value).split())


def plan_rows(items: list[dict[str, Any]], lang: str) -> list[list[str]]:
    """Each row as plain-text cells in COLUMNS order (not yet escaped)."""
    return [[_cell(item.get(c), c, lang) for c in COLUMNS] for item in items]


def plan_headers(lang: str) -> list[str]:
    """The column headings."""
    return [t(lang, f"ap_{c}") for c in COLUMNS]


def plan_table(items: list[dict[str, Any]], lang: str) -> str:
    """The rows as a Markdown pipe table, every cell escaped."""
    rows = [[esc(c) for c in row] for row in plan_rows(items, lang)]
    return table([esc(h) for h in plan_headers(lang)], rows)


def plan_markdown(plan: ActionPlan, *, title: str, lang: str = "en") -> str:
    """The plan as a Markdown document (pandoc turns it into the pack's DOCX)."""
    return f"# {esc(title)}\n\n" + plan_table(model.plan_rows(plan), lang)
