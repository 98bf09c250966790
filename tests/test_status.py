"""`cpr status`: every review's stage, deadlines and overdue actions; broken files an error row."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from support.workspace import PLAN, REF, make_workspace
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.governance.status import Stage, all_statuses, review_status
from pipeline.store.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def cpr(ws: Path, *args: str):
    return runner.invoke(app, ["--workspace", str(ws), *args])


def stage(ws: Path) -> Stage | None:
    return review_status(Workspace(ws), REF, today=dt.date.today()).stage


def _add_date(ws: Path, line: str) -> None:
    record = ws / "drafts" / REF / "review.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(
        text.replace(
            "  board_approval: 2024-06-28  # the Board's meeting\n",
            f"  board_approval: 2024-06-28\n{line}\n",
        ),
        encoding="utf-8",
    )


def test_drafting_then_proposed(workspace: Path) -> None:
    assert stage(workspace) is Stage.drafting
    assert cpr(workspace, "ingest", REF).exit_code == 0
    assert cpr(workspace, "detect", REF).exit_code == 0
    assert stage(workspace) is Stage.redactions_proposed


def test_stages_after_approval(approved: Path) -> None:
    record = approved / "drafts" / REF / "review.yaml"
    text = record.read_text(encoding="utf-8")
    assert stage(approved) is Stage.board_approved
    record.write_text(
        text.replace("  board_approval: 2024-06-28  # the Board's meeting\n", ""), encoding="utf-8"
    )
    assert stage(approved) is Stage.redactions_approved
    record.write_text(text, encoding="utf-8")
    _add_date(approved, "  submitted_to_welsh_government: 2024-07-02")
    assert stage(approved) is Stage.submitted
    record.write_text(text, encoding="utf-8")
    _add_date(approved, "  submitted_to_welsh_government: 2024-07-02\n  published: 2024-07-10")
    assert stage(approved) is Stage.published


def test_a_page_on_the_site_means_published(approved: Path) -> None:
    page = approved / "published_site" / "reviews" / f"{REF}.md"
    page.parent.mkdir(parents=True)
    page.write_text("# page\n", encoding="utf-8")
    assert stage(approved) is Stage.published


def test_broken_review_is_an_error_row_not_a_crash(approved: Path) -> None:
    other = approved / "drafts" / "broken-2024-02"
    shutil.copytree(approved / "drafts" / REF, other)
    (other / "review.yaml").write_text("reference: [unclosed\n", encoding="utf-8")
    rows = {r.ref: r for r in all_statuses(Workspace(approved), today=dt.date.today())}
    assert rows[REF].error is None and rows[REF].stage is Stage.board_approved
    assert "review.yaml:" in (rows["broken-2024-02"].error or "")
    result = runner.invoke(app, ["--workspace", str(approved), "status"], env={"COLUMNS": "200"})
    assert result.exit_code == 1 and REF in result.output and "error" in result.output
    data = json.loads(cpr(approved, "status", "--json").output)
    assert [r["ref"] for r in data["reviews"]] == ["broken-2024-02", REF]


def test_overdue_actions_and_deadline_in_json(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    (ws / "drafts" / REF / "action_plan.yaml").write_text(PLAN, encoding="utf-8")
    data = json.loads(cpr(ws, "status", "--json").output)
    row = data["reviews"][0]
    assert row["stage"] == "drafting" and row["actions"] == 2
    # The open item's target date (31 January 2025) has passed.
    assert row["actions_overdue"] == [2]
    assert row["next_deadline"]["name"] == "review completed"
    assert row["next_deadline"]["due"] == "2024-07-15" and row["next_deadline"]["days_left"] < 0


@pytest.mark.parametrize("ref", ["cysur-2025-02", "nwsb-2025-01"])
def test_samples_show_stage_and_deadlines(ref: str) -> None:
    row = review_status(Workspace(ROOT), ref, today=dt.date.today())
    assert row.error is None
    assert row.stage is Stage.published  # every date of the samples is recorded
    assert [d.name for d in row.deadlines] == ["review completed", "action plan finalised"]
    assert all(d.due is not None and d.done is not None for d in row.deadlines)


def test_cli_table_lists_the_samples() -> None:
    result = runner.invoke(app, ["--workspace", str(ROOT), "status"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "cysur-2025-02" in result.output and "nwsb-2025-01" in result.output


def test_status_words_match_the_page_for_the_late_sample() -> None:
    data = json.loads(cpr(ROOT, "status", "--json").output)
    row = next(r for r in data["reviews"] if r["ref"] == "nwsb-2025-01")
    review, plan = row["deadlines"]
    assert (review["state"], review["days_late"]) == ("not met", 45)
    assert (plan["state"], plan["days_late"]) == ("not met", 7)
    page = (ROOT / "published_site" / "en" / "reviews" / "nwsb-2025-01" / "index.md").read_text(
        encoding="utf-8"
    )
    assert "Not met \\(45 days late\\)" in page and "met late" not in json.dumps(data)
