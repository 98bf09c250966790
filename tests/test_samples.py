"""Golden end-to-end test: the committed fictional samples, from drafts to the public site.

A fresh run over the samples must find nothing new (so their approvals hold), pass
verification, and publishing them again must reproduce the committed site exactly.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support.workspace import ROOT
from typer.testing import CliRunner

from pipeline.cli import app

SAMPLES = ["cysur-2025-02", "nwsb-2025-01"]
runner = CliRunner()


@pytest.fixture(scope="module")
def sample_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's workspace: samples, lists, audit trails, site."""
    ws = tmp_path_factory.mktemp("samples")
    for name in ("drafts", "redaction_rules", "published_site"):
        shutil.copytree(ROOT / name, ws / name)
    for name in ("mkdocs.yml", "mkdocs.cy.yml"):
        shutil.copy(ROOT / name, ws / name)
    result = runner.invoke(app, ["--workspace", str(ws), "run", "--workers", "1"])
    assert result.exit_code == 0, result.output
    return ws


def cpr(ws: Path, *args: str):  # the CLI as a user runs it
    return runner.invoke(app, ["--workspace", str(ws), *args])


def test_samples_stay_approved_and_verified(sample_ws: Path) -> None:
    for ref in SAMPLES:
        out = (sample_ws / "build" / ref / "anonymised.md").read_text(encoding="utf-8")
        assert "UNAPPROVED PREVIEW" not in out, f"{ref}: detection found something new"
        assert cpr(sample_ws, "verify", ref).exit_code == 0


def test_republishing_reproduces_the_committed_site(sample_ws: Path) -> None:
    for ref in SAMPLES:
        result = cpr(sample_ws, "publish", ref)
        assert result.exit_code == 0, result.output
    committed = {
        p.relative_to(ROOT / "published_site"): p.read_bytes()
        for p in (ROOT / "published_site").rglob("*")
        if p.is_file()
    }
    rebuilt = {
        p.relative_to(sample_ws / "published_site"): p.read_bytes()
        for p in (sample_ws / "published_site").rglob("*")
        if p.is_file()
    }
    assert rebuilt.keys() == committed.keys()
    changed = [str(k) for k in committed if committed[k] != rebuilt[k]]
    assert not changed


def test_audit_trails_of_the_samples_are_whole(sample_ws: Path) -> None:
    for ref in SAMPLES:
        result = cpr(sample_ws, "audit", ref, "--check")
        assert result.exit_code == 0, result.output
