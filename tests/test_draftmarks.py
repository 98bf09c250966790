"""Draft-only material: found, taken out, kept on purpose, and refused by verify."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.model.policy import load_policy
from pipeline.model.redaction_list import Decision, Entry
from pipeline.stages.anonymise import anonymise_text
from pipeline.stages.verify import verify_text
from pipeline.text.draftmarks import find_markers, strip_markers

POLICY = load_policy(Path(__file__).resolve().parents[1] / "redaction_rules" / "policy.yaml")
RULES = POLICY.draft_markers.rules()
WITHIN = POLICY.draft_markers.duplicate_within_lines

CASES = [
    # (text, kind found, text once taken out)
    (
        "DRAFT v0.6 – CONFIDENTIAL – ALYS BRANWEN – CPR 9/2025 – NOT FOR CIRCULATION\n\nBody.\n",
        "banner",
        "Body.\n",
    ),
    (
        "DRAFT 3 (TRACKED) -- RESTRICTED -- CHILD -- NOT FOR CIRCULATION\nBody.\n",
        "banner",
        "Body.\n",
    ),
    ("DRAFFT v2 – CYFRINACHOL – NID I'W DDOSBARTHU\nCorff.\n", "banner", "Corff.\n"),
    ("OFFICIAL-SENSITIVE\nBody.\n", "marking", "Body.\n"),
    ("**RESTRICTED**\nBody.\n", "marking", "Body.\n"),
    ("Body.\nComment: check the dates with health.\nMore.\n", "comment", "Body.\nMore.\n"),
    (
        "Seen at home [AB: confirm with the health visitor] in May.\n",
        "note",
        "Seen at home in May.\n",
    ),
    ("Signed by the chair (draft – unsigned).\n", "unsigned", "Signed by the chair.\n"),
    (
        "# Review of Child A\n\nby Reviewer One\n\n"
        "# Review of Child A\n\nby Reviewer One\n\nText.\n",
        "duplicate",
        "# Review of Child A\n\nby Reviewer One\n\nText.\n",
    ),
]


@pytest.mark.parametrize(("text", "kind", "expected"), CASES)
def test_draft_material_is_found_and_taken_out(text: str, kind: str, expected: str) -> None:
    found = find_markers(text, RULES, duplicate_within=WITHIN)
    assert kind in {f.kind for f in found}
    assert strip_markers(text, RULES, duplicate_within=WITHIN)[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "The draft was shared with the panel; contact was restricted to weekends.",
        "Comments from the family are in section 4.",
        "[date of birth] and [address] are placeholders.",
        "> **UNAPPROVED PREVIEW: NOT FOR PUBLICATION.** The list has no approval.",
    ],
)
def test_ordinary_prose_is_not_draft_material(text: str) -> None:
    assert find_markers(text, RULES, duplicate_within=WITHIN) == []


def test_findings_carry_kind_and_line_only() -> None:
    found = find_markers("Body.\nOFFICIAL-SENSITIVE\n", RULES)
    assert [(f.kind, f.line) for f in found] == [("marking", 2)]


KEEP = Entry(term="OFFICIAL-SENSITIVE", type="DRAFT_MARKER", decision=Decision.keep)


def test_anonymise_drops_banner_and_a_keep_entry_keeps_a_line() -> None:
    text = "DRAFT v1 – CONFIDENTIAL\nOFFICIAL-SENSITIVE\nBody.\n"
    out, _ = anonymise_text(text, [KEEP], markers=RULES)
    assert out == "OFFICIAL-SENSITIVE\nBody.\n"
    assert anonymise_text(text, [], markers=RULES)[0] == "Body.\n"


def test_verify_fails_on_draft_material_left_in_the_output() -> None:
    problems = verify_text("DRAFT v1 – CONFIDENTIAL\nBody.\n", [], None, markers=RULES)
    assert [(p.kind, p.line) for p in problems] == [("draft-marker", 1)]
    assert "CONFIDENTIAL" not in problems[0].render()  # never the text itself
    assert verify_text("OFFICIAL-SENSITIVE\nBody.\n", [KEEP], None, markers=RULES) == []


def test_ingest_lists_and_anonymise_takes_out_draft_material(tmp_path: Path) -> None:
    from support.workspace import DRAFT, REF, make_workspace
    from typer.testing import CliRunner, Result

    from pipeline.cli import app

    banner = "DRAFT v0.2 – CONFIDENTIAL – NOT FOR CIRCULATION\n\n"
    ws = make_workspace(tmp_path / "ws", draft=banner + DRAFT + "\nSeen [AB: check this].\n")
    runner = CliRunner()

    def cpr(*args: str) -> Result:
        return runner.invoke(app, ["--workspace", str(ws), *args])

    ingested = cpr("ingest", REF)
    said = " ".join(ingested.output.split())
    assert ingested.exit_code == 0
    assert "draft-only material found" in said and "banner on line 1, note on line" in said
    assert "CONFIDENTIAL" not in said  # kinds and lines, never the text
    assert cpr("detect", REF).exit_code == 0
    assert cpr("anonymise", REF).exit_code == 0
    output = (ws / "build" / REF / "anonymised.md").read_text(encoding="utf-8")
    assert "CIRCULATION" not in output and "[AB:" not in output
