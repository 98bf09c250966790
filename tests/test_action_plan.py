"""The action plan: validated with line numbers, overdue items found, rendered as a table."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.model.action_plan import load_action_plan
from pipeline.site.plan import plan_markdown

ROOT = Path(__file__).resolve().parent.parent

ITEM = textwrap.dedent("""\
    items:
      - recommendation: 1
        action: Update the triage checklist.
        lead_agency: Hywel Dda University Health Board
        target_date: 2024-10-31
        intended_outcome: Every attendance is checked.
    """)


@pytest.mark.parametrize("ref", ["cysur-2025-02", "nwsb-2025-01"])
def test_samples_load(ref: str) -> None:
    plan = load_action_plan(ROOT / "drafts" / ref / "action_plan.yaml")
    assert plan is not None and plan.items


def test_missing_plan_is_none(tmp_path: Path) -> None:
    assert load_action_plan(tmp_path / "action_plan.yaml") is None


@pytest.mark.parametrize(
    ("extra", "line", "words"),
    [
        # A typo in a key: refused, not ignored.
        ("    lead_agnecy: Police\n", 7, "unknown key"),
        # Complete without the date it was completed.
        ("    status: complete\n", 2, "date_completed is missing"),
        # A completion date on an open item.
        ("    status: in_progress\n    date_completed: 2024-10-01\n", 2, "set status: complete"),
        # A status outside the list.
        ("    status: finished\n", 7, "status"),
    ],
)
def test_invalid_plan_names_line_and_fix(tmp_path: Path, extra: str, line: int, words: str) -> None:
    path = tmp_path / "action_plan.yaml"
    path.write_text(ITEM + extra, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_action_plan(path)
    assert caught.value.line == line and caught.value.file == path
    assert words in caught.value.render() and "fix:" in caught.value.render()


def test_overdue_items(tmp_path: Path) -> None:
    path = tmp_path / "action_plan.yaml"
    path.write_text(ITEM, encoding="utf-8")
    plan = load_action_plan(path)
    assert plan is not None
    assert plan.overdue(dt.date(2024, 11, 1))[0].recommendation == 1
    assert plan.overdue(dt.date(2024, 10, 31)) == []


def test_plan_markdown_is_one_row_per_item_with_pipes_escaped(tmp_path: Path) -> None:
    path = tmp_path / "action_plan.yaml"
    path.write_text(ITEM.replace("Update the", "Update | the"), encoding="utf-8")
    plan = load_action_plan(path)
    assert plan is not None
    table = plan_markdown(plan, title="Action plan")
    rows = [line for line in table.splitlines() if line.startswith("| 1 ")]
    assert len(rows) == 1 and "Update \\| the" in rows[0] and "31 October 2024" in rows[0]
