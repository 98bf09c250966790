"""Stage receipts: every stage writes build/REF/<stage>.json, and a stale output is named."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from support.workspace import REF, cpr


def _receipt(ws: Path, stage: str) -> dict:
    return json.loads((ws / "build" / REF / f"{stage}.json").read_text(encoding="utf-8"))


def test_each_stage_writes_a_receipt_of_hashes_and_versions(approved: Path) -> None:
    assert cpr(approved, "verify", REF).exit_code == 0
    assert cpr(approved, "submit", REF).exit_code == 0
    for stage, inputs, outputs in (
        ("ingest", {"draft"}, {"normalised", "report"}),
        ("detect", {"draft", "normalised"}, {"list"}),
        ("anonymise", {"draft", "normalised", "list", "context"}, {"output"}),
        ("verify", {"draft", "normalised", "list", "context"}, {"output"}),
        ("submit", {"draft", "normalised", "list", "context"}, {"manifest"}),
    ):
        receipt = _receipt(approved, stage)
        assert set(receipt["inputs"]) == inputs, stage
        assert set(receipt["outputs"]) == outputs, stage
        assert all(
            len(h) == 64 for h in [*receipt["inputs"].values(), *receipt["outputs"].values()]
        )
        assert receipt["tools"]["cpr-publish"] and "spacy" in receipt["tools"]
        assert receipt["at"].endswith("Z")
    assert "pandoc" in _receipt(approved, "ingest")["tools"]
    assert "pandoc" not in _receipt(approved, "anonymise")["tools"]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _draft_changed(ws: Path) -> None:
    _edit(ws / "drafts" / REF / "draft.md", "was followed", "was not followed")


def _draft_changed_and_ingested(ws: Path) -> None:
    _draft_changed(ws)
    assert cpr(ws, "ingest", REF).exit_code == 0


def _list_changed(ws: Path) -> None:
    _edit(ws / "redaction_rules" / f"{REF}.yaml", "replacement: Child D", "replacement: Child Z")


def _record_changed(ws: Path) -> None:
    _edit(ws / "drafts" / REF / "review.yaml", "pseudonym: Mother", "pseudonym: Parent")


def _output_edited(ws: Path) -> None:
    out = ws / "build" / REF / "anonymised.md"
    out.write_text(out.read_text(encoding="utf-8") + "\nA line added by hand.\n", encoding="utf-8")


def _receipt_deleted(ws: Path) -> None:
    (ws / "build" / REF / "anonymise.json").unlink()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        # The reviewer edited the draft and did not run anything else.
        (_draft_changed, f"the draft changed after anonymise: run `cpr anonymise {REF}`"),
        # ... or ingested it again, but did not anonymise again.
        (
            _draft_changed_and_ingested,
            f"the draft changed after anonymise: run `cpr anonymise {REF}`",
        ),
        (_list_changed, f"the redaction list changed after anonymise: run `cpr anonymise {REF}`"),
        (_record_changed, "the policy or the review record changed after anonymise"),
        (_output_edited, "anonymised.md was changed after anonymise wrote it"),
        (
            _receipt_deleted,
            f"there is no receipt of anonymise for this output: run `cpr anonymise {REF}`",
        ),
    ],
)
def test_verify_names_a_stale_output(
    approved: Path, change: Callable[[Path], None], message: str
) -> None:
    assert cpr(approved, "verify", REF).exit_code == 0
    change(approved)
    result = cpr(approved, "verify", REF)
    assert result.exit_code == 3, result.output
    assert message in " ".join(result.output.split())


def test_the_fix_names_every_stage_to_run_again(approved: Path) -> None:
    _draft_changed(approved)
    out = " ".join(cpr(approved, "verify", REF).output.split())
    assert f"`cpr ingest {REF}`, `cpr detect {REF}`, `cpr anonymise {REF}`" in out
    assert f"`cpr run {REF}`" in out


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_output_edited, "wrote it (edited by hand?)"),
        (_receipt_deleted, "there is no receipt of anonymise"),
    ],
)
def test_submit_refuses_a_stale_output(
    approved: Path, change: Callable[[Path], None], message: str
) -> None:
    change(approved)
    # Publish passes the same gate (tests/test_lifecycle.py runs it on a site workspace).
    result = cpr(approved, "submit", REF)
    assert result.exit_code == 3, result.output
    assert message in " ".join(result.output.split())


def test_anonymise_again_makes_the_output_fresh(approved: Path) -> None:
    _list_changed(approved)
    assert cpr(approved, "verify", REF).exit_code == 3
    assert cpr(approved, "anonymise", REF).exit_code == 0
    assert cpr(approved, "verify", REF).exit_code == 0
