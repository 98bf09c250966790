"""The Welsh Government pack: built only from an approved, verified report; verifiable."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from support.workspace import REF, SECRETS, cpr
from typer.testing import CliRunner

from pipeline.governance.submit import metadata_schema

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def test_submit_builds_a_verifiable_pack_and_records_the_date(approved: Path) -> None:
    result = cpr(approved, "submit", REF, "--officer", "Olwen Officer")
    assert result.exit_code == 0, result.output
    pack = approved / "build" / REF / "submission"
    names = sorted(p.name for p in pack.iterdir())
    assert names == [
        "action-plan.docx",
        "action-plan.md",
        "action-plan.yaml",
        "manifest.json",
        "metadata.json",
        "report.docx",
        "report.odt",
    ]
    assert cpr(approved, "submit", REF, "--check").exit_code == 0
    assert cpr(approved, "verify-pack", str(pack)).exit_code == 0
    record = (approved / "drafts" / REF / "review.yaml").read_text(encoding="utf-8")
    assert "submitted_to_welsh_government:" in record
    assert "# the Board's meeting" in record  # comments survive the round trip
    metadata = json.loads((pack / "metadata.json").read_text(encoding="utf-8"))
    assert metadata["redaction_approval"]["role"] == "Business Manager"
    assert metadata["action_plan"] == {
        "items": 2,
        "complete": 1,
        "in_progress": 1,
        "not_started": 0,
    }
    for path in pack.iterdir():
        if path.suffix in (".json", ".md", ".yaml"):
            text = path.read_text(encoding="utf-8")
            assert not [s for s in SECRETS if s in text], path.name
            assert "Olwen Officer" not in text or path.name == "action-plan.yaml"
    assert "\\|" in (pack / "action-plan.md").read_text(encoding="utf-8")


def test_a_second_submit_keeps_the_recorded_date(approved: Path) -> None:
    record = approved / "drafts" / REF / "review.yaml"
    record.write_text(
        record.read_text(encoding="utf-8").replace(
            "  board_approval: 2024-06-28",
            "  board_approval: 2024-06-28\n  submitted_to_welsh_government: 2024-07-02",
        ),
        encoding="utf-8",
    )
    result = cpr(approved, "submit", REF)
    assert result.exit_code == 0, result.output
    assert "2024-07-02" in result.output and "kept" in result.output
    assert "submitted_to_welsh_government: 2024-07-02" in record.read_text(encoding="utf-8")


def test_tampered_pack_is_detected(approved: Path) -> None:
    assert cpr(approved, "submit", REF).exit_code == 0
    pack = approved / "build" / REF / "submission"
    (pack / "report.odt").write_bytes(b"not the approved report")
    (pack / "extra.txt").write_text("x", encoding="utf-8")
    result = cpr(approved, "verify-pack", str(pack))
    assert result.exit_code == 3
    assert "report.odt: changed" in result.output and "extra.txt: not in the manifest" in (
        result.output
    )


@pytest.mark.parametrize(
    ("change", "code", "message"),
    [
        # No Board approval date: refused with the key to add.
        (
            lambda ws: _edit(
                ws / "drafts" / REF / "review.yaml",
                "  board_approval: 2024-06-28  # the Board's meeting\n",
                "",
            ),
            4,
            "board_approval",
        ),
        # An unapproved preview in build/: refused, the fix is to anonymise again.
        (
            lambda ws: _edit(ws / "build" / REF / "anonymised.md", "Child D", "Child X"),
            3,
            "cpr anonymise",
        ),
        # The approval revoked: refused.
        (
            lambda ws: cpr(ws, "approve", REF, "--revoke", "--reason", "entry 2 is wrong"),
            4,
            "has not been approved",
        ),
    ],
)
def test_submit_refuses(approved: Path, change, code: int, message: str) -> None:
    change(approved)
    result = cpr(approved, "submit", REF)
    assert result.exit_code == code, result.output
    assert message in result.output
    assert not (approved / "build" / REF / "submission").exists()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_metadata_schema_is_documented() -> None:
    doc = (ROOT / "docs" / "submission-schema.md").read_text(encoding="utf-8")
    block = re.search(r"```json\n(.*?)```", doc, re.S)
    assert block, "docs/submission-schema.md must hold the schema in a ```json block"
    assert json.loads(block.group(1)) == metadata_schema(), (
        "the documented schema is out of date: regenerate it from metadata_schema()"
    )
