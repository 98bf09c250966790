"""The command line: failure paths say what is wrong and change nothing; the happy path."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.workspace import REF, make_workspace, snapshot
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()


def cpr(ws: Path, *args: str):
    return runner.invoke(app, ["--workspace", str(ws), *args])


def test_unknown_ref(workspace: Path) -> None:
    result = cpr(workspace, "detect", "nope-2024-01")
    assert result.exit_code == 1
    assert "unknown review nope-2024-01" in result.output and REF in result.output


def test_ref_with_a_name_shape_is_refused(workspace: Path) -> None:
    result = cpr(workspace, "ingest", "Tomos Pritchard")
    assert result.exit_code == 1 and "neutral reference" in result.output


def test_missing_draft(workspace: Path) -> None:
    (workspace / "drafts" / REF / "draft.md").unlink()
    result = cpr(workspace, "ingest", REF)
    assert result.exit_code == 1 and "no draft" in result.output and "draft.docx" in result.output


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"\xff\xfe not utf-8 \x80", "not valid UTF-8"),  # non-UTF-8 Markdown
        (b"   \n\n  ", "the draft has no"),  # nothing to review
    ],
)
def test_bad_markdown_draft_changes_nothing(workspace: Path, body: bytes, words: str) -> None:
    (workspace / "drafts" / REF / "draft.md").write_bytes(body)
    before = snapshot(workspace)
    result = cpr(workspace, "ingest", REF)
    assert result.exit_code == 1 and words in result.output
    assert snapshot(workspace) == before


def test_corrupt_docx(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws", suffix=".docx", draft="this is not a zip file")
    result = cpr(ws, "ingest", REF)
    assert result.exit_code == 1 and "draft.docx" in result.output


def test_detect_before_ingest_says_what_to_do(workspace: Path) -> None:
    result = cpr(workspace, "detect", REF)
    assert result.exit_code == 1 and f"cpr ingest {REF}" in result.output


def test_invalid_list_yaml_is_refused_with_line(workspace: Path) -> None:
    assert cpr(workspace, "ingest", REF).exit_code == 0
    assert cpr(workspace, "detect", REF).exit_code == 0
    rules = workspace / "redaction_rules" / f"{REF}.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("entries:", "entries: [", 1), encoding="utf-8"
    )
    before = snapshot(workspace)
    result = cpr(workspace, "detect", REF)
    assert result.exit_code == 1
    assert f"{REF}.yaml:" in result.output and "does not parse" in result.output
    assert snapshot(workspace) == before


def test_full_flow_and_approval_voiding(workspace: Path) -> None:
    assert cpr(workspace, "ingest", REF).exit_code == 0
    assert cpr(workspace, "detect", REF).exit_code == 0
    # Undecided entries: approval refused, preview marked, verify fails.
    refused = cpr(
        workspace, "approve", REF, "--officer", "Olwen Officer", "--role", "Business Manager"
    )
    assert refused.exit_code == 1 and "undecided" in refused.output
    preview = cpr(workspace, "anonymise", REF)
    assert preview.exit_code == 0 and "UNAPPROVED PREVIEW" in preview.output
    out = workspace / "build" / REF / "anonymised.md"
    assert out.read_text(encoding="utf-8").startswith("> **UNAPPROVED PREVIEW")
    assert cpr(workspace, "verify", REF).exit_code == 3

    # A reviewer accepts every proposal; the officer approves.
    rules = workspace / "redaction_rules" / f"{REF}.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("decision: undecided", "decision: redact"),
        encoding="utf-8",
    )
    approved = cpr(
        workspace, "approve", REF, "--officer", "Olwen Officer", "--role", "Business Manager"
    )
    assert approved.exit_code == 0, approved.output
    assert cpr(workspace, "anonymise", REF).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "PREVIEW" not in text
    for secret in (
        "Gwenllian",
        "Gwen ",
        "Arbenig",
        "Llanfyllin",
        "Heol y Felin",
        "SY22 5AB",
        "07700 900123",
        "demo.mother@example.com",
        "Morwenna",
        "14 March 2023",
    ):
        assert secret not in text
    for kept in (
        "Welsh Government",
        "Children's Services",
        "health visitor",
        "Dyfed-Powys Police",
        "will keep",
    ):
        assert kept in text
    assert "Child D's health visitor" in text
    assert cpr(workspace, "verify", REF).exit_code == 0

    # A re-run that finds nothing new keeps the approval.
    assert cpr(workspace, "detect", REF).exit_code == 0
    assert "PREVIEW" not in cpr(workspace, "anonymise", REF).output

    # A changed decision voids it.
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("decision: redact", "decision: keep", 1),
        encoding="utf-8",
    )
    voided = cpr(workspace, "anonymise", REF)
    assert "UNAPPROVED PREVIEW" in voided.output and "changed since the approval" in voided.output


def test_changed_draft_voids_approval_and_needs_detect(workspace: Path) -> None:
    for step in (("ingest", REF), ("detect", REF)):
        assert cpr(workspace, *step).exit_code == 0
    rules = workspace / "redaction_rules" / f"{REF}.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("decision: undecided", "decision: redact"),
        encoding="utf-8",
    )
    assert cpr(workspace, "approve", REF, "--officer", "O", "--role", "BM").exit_code == 0
    draft = workspace / "drafts" / REF / "draft.md"
    draft.write_text(draft.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    assert cpr(workspace, "ingest", REF).exit_code == 0
    stale = cpr(workspace, "anonymise", REF)
    assert stale.exit_code == 1 and f"cpr detect {REF}" in stale.output
    assert cpr(workspace, "detect", REF).exit_code == 0
    assert "the draft has changed" in cpr(workspace, "anonymise", REF).output


def test_changed_welsh_draft_needs_detect_again(workspace: Path) -> None:
    welsh = workspace / "drafts" / REF / "draft.cy.md"
    welsh.write_text(
        "# Adolygiad ffuglennol\n\nRoedd Gwen yn byw yn Llanfyllin.\n", encoding="utf-8"
    )
    for step in ("ingest", "detect", "anonymise"):
        assert cpr(workspace, step, REF).exit_code == 0
    welsh.write_text(welsh.read_text(encoding="utf-8") + "\nParagraff newydd.\n", encoding="utf-8")
    assert cpr(workspace, "ingest", REF).exit_code == 0
    stale = cpr(workspace, "anonymise", REF)
    assert stale.exit_code == 1 and f"cpr detect {REF}" in stale.output
