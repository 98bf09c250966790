"""`cpr new`: a review starts from a draft and two commented templates."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.model.action_plan import load_action_plan
from pipeline.model.policy import load_policy

ROOT = Path(__file__).resolve().parent.parent


def _workspace(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "redaction_rules", tmp_path / "redaction_rules")
    draft = tmp_path / "incoming.md"
    draft.write_text("# A fictional draft\n\nNothing here is about a real person.\n")
    return tmp_path


def test_new_copies_the_draft_and_writes_both_templates(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    result = CliRunner().invoke(
        app, ["-w", str(ws), "new", "demo-2025-01", str(ws / "incoming.md")]
    )
    assert result.exit_code == 0, result.output
    folder = ws / "drafts" / "demo-2025-01"
    assert (folder / "draft.md").read_text() == (ws / "incoming.md").read_text()
    record = (folder / "review.yaml").read_text()
    policy = load_policy(ws / "redaction_rules" / "policy.yaml")
    # The template offers the policy's whole theme vocabulary and every review type.
    assert all(theme in record for theme in policy.themes)
    assert "concise | extended" in record
    # The plan template counts as no plan until its first item is filled in.
    assert load_action_plan(folder / "action_plan.yaml") is None


def test_an_unfilled_record_lists_every_missing_value_in_one_run(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    runner = CliRunner()
    runner.invoke(app, ["-w", str(ws), "new", "demo-2025-02", str(ws / "incoming.md")])
    result = runner.invoke(app, ["-w", str(ws), "ingest", "demo-2025-02"])
    assert result.exit_code == 1
    message = result.output
    for key in ("(reference)", "(board)", "(reviewers -> 0)", "(panel_chair)"):
        assert key in message, key
    assert "is empty" in message


def test_new_never_overwrites_a_review(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    runner = CliRunner()
    args = ["-w", str(ws), "new", "demo-2025-03", str(ws / "incoming.md")]
    assert runner.invoke(app, args).exit_code == 0
    record = ws / "drafts" / "demo-2025-03" / "review.yaml"
    record.write_text("# the reviewer's own work\n")
    again = runner.invoke(app, args)
    assert again.exit_code == 1 and "already exists" in again.output
    assert record.read_text() == "# the reviewer's own work\n"


def test_new_refuses_a_name_as_reference_and_an_unknown_draft_kind(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    runner = CliRunner()
    named = runner.invoke(app, ["-w", str(ws), "new", "Gwenllian Jones", str(ws / "incoming.md")])
    assert named.exit_code == 1 and "not a valid review reference" in named.output
    pdf = ws / "draft.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    kind = runner.invoke(app, ["-w", str(ws), "new", "demo-2025-04", str(pdf)])
    assert kind.exit_code == 1 and ".docx" in kind.output
    assert not (ws / "drafts" / "demo-2025-04").exists()
