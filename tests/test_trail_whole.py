"""A trail that cannot vanish: deleted or cut trails of submitted and published reviews are
found, every stage run is recorded (failures too), and runs that change nothing governed
go to the local trail of runs, not the tracked one.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from support.site import TODAY, prepared_workspace
from support.workspace import REF, cpr

from pipeline.stages.publish import publish_review
from pipeline.stages.review import open_review
from pipeline.store.audit import read_trail
from pipeline.store.workspace import Workspace

GWYN = "gwyn-2024-01"


def trail_files(root: Path, ref: str) -> tuple[Path, Path]:
    rules = root / "redaction_rules"
    return rules / f"{ref}.audit.jsonl", rules / f"{ref}.audit.head"


def delete_both(root: Path, ref: str) -> None:
    for path in trail_files(root, ref):
        path.unlink()


def cut_to(root: Path, ref: str, keep: int) -> None:
    """Keep the first `keep` lines and rewrite the anchor to match, as a forger would."""
    trail, head = trail_files(root, ref)
    lines = trail.read_bytes().split(b"\n")[:keep]
    trail.write_bytes(b"\n".join(lines) + b"\n")
    digest = hashlib.sha256(lines[-1]).hexdigest()
    head.write_text(json.dumps({"lines": keep, "sha256": digest}, separators=(",", ":")) + "\n")


def check(root: Path, ref: str):
    return cpr(root, "audit", ref, "--check")


def test_a_submitted_reviews_deleted_or_cut_trail_is_found(approved: Path) -> None:
    assert cpr(approved, "submit", REF).exit_code == 0
    manifest = json.loads(
        (approved / "build" / REF / "submission" / "manifest.json").read_text(encoding="utf-8")
    )
    assert manifest["audit"]["lines"] >= 1
    assert check(approved, REF).exit_code == 0
    saved = {p: p.read_bytes() for p in trail_files(approved, REF)}
    for damage in (lambda: delete_both(approved, REF), lambda: cut_to(approved, REF, 2)):
        damage()
        result = check(approved, REF)
        assert result.exit_code == 1, result.output
        assert "is not whole" in result.output
        for path, data in saved.items():
            path.write_bytes(data)
    assert check(approved, REF).exit_code == 0


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    ws = prepared_workspace(tmp_path_factory.mktemp("trail") / "ws", (GWYN,))
    publish_review(open_review(ws, GWYN), ws=ws, today=TODAY)
    return ws


@pytest.fixture
def ws(published: Workspace, tmp_path: Path) -> Workspace:
    shutil.copytree(published.root, tmp_path / "ws")
    return Workspace(tmp_path / "ws")


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        # "audit trail intact: 0 event(s)" for a published review, before.
        (lambda root: delete_both(root, GWYN), "the trail no longer holds that line"),
        # The publish event cut off the end and the anchor rewritten.
        (lambda root: cut_to(root, GWYN, 1), "the trail no longer holds that line"),
    ],
)
def test_a_published_reviews_deleted_or_cut_trail_is_found(ws: Workspace, damage, message) -> None:
    data = json.loads((ws.site / "data" / f"{GWYN}.json").read_text(encoding="utf-8"))
    assert data["audit"]["line"] >= 1 and len(data["audit"]["sha256"]) == 64
    assert check(ws.root, GWYN).exit_code == 0
    damage(ws.root)
    result = check(ws.root, GWYN)
    assert result.exit_code == 1, result.output
    assert message in " ".join(result.output.split())


def test_cutting_only_the_publication_is_found(ws: Workspace) -> None:
    trail = read_trail(ws.rules / f"{GWYN}.audit.jsonl")
    publish = trail.last("publish")
    assert publish is not None
    cut_to(ws.root, GWYN, publish.line - 1)
    result = check(ws.root, GWYN)
    assert result.exit_code == 1
    assert "records no publication" in " ".join(result.output.split())


def test_stage_runs_go_to_the_local_trail_and_failures_are_recorded(approved: Path) -> None:
    tracked = approved / "redaction_rules" / f"{REF}.audit.jsonl"
    before = tracked.read_bytes()
    for args in (("ingest", REF), ("detect", REF), ("anonymise", REF), ("verify", REF)):
        assert cpr(approved, *args).exit_code == 0, args
    assert tracked.read_bytes() == before  # nothing governed changed
    local = read_trail(approved / "build" / REF / "stages.audit.jsonl")
    assert local.intact and not local.problems
    assert {"ingest", "detect", "anonymise", "verify"} <= {e.event for e in local.events}
    out = approved / "build" / REF / "anonymised.md"
    out.write_text(out.read_text(encoding="utf-8") + "\nAdded.\n", encoding="utf-8")
    assert cpr(approved, "verify", REF).exit_code == 3
    failed = read_trail(approved / "build" / REF / "stages.audit.jsonl").last("verify-failed")
    assert failed is not None
    assert failed.details["exit_code"] == 3 and failed.details["error"] == "VerificationError"


def test_a_change_to_the_list_is_still_recorded_in_the_tracked_trail(approved: Path) -> None:
    rules = approved / "redaction_rules" / f"{REF}.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("replacement: Child D", "replacement: Child Z"),
        encoding="utf-8",
    )
    assert cpr(approved, "detect", REF).exit_code == 0
    trail = read_trail(approved / "redaction_rules" / f"{REF}.audit.jsonl")
    assert trail.events[-1].event == "list-edited"
