"""`cpr publish`: what it refuses, what it writes, and that a failure changes nothing."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from support.site import TODAY, prepared_workspace
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.errors import ApprovalError, InputError, ToolError, VerificationError
from pipeline.site import builder
from pipeline.site.builder import site_output
from pipeline.stages.anonymise import PREVIEW_BANNER
from pipeline.stages.publish import publish_review
from pipeline.stages.review import open_review
from pipeline.store.workspace import Workspace

GWYN, TREF = "gwyn-2024-01", "tref-2023-02"


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` and its sha256 (empty when the folder is absent)."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return prepared_workspace(tmp_path)


def publish(ws: Workspace, ref: str):
    return publish_review(open_review(ws, ref), ws=ws, today=TODAY)


def test_publish_writes_pages_downloads_and_public_metadata_only(ws):
    record_before = (ws.drafts / GWYN / "review.yaml").read_bytes()
    result = publish(ws, GWYN)
    assert result.languages == ["cy", "en"]
    assert result.published_from_record
    for lang in ("en", "cy"):
        assert (ws.site / lang / "reviews" / GWYN / "index.md").is_file()
        assert (ws.site / lang / "reviews" / GWYN / f"{GWYN}.docx").is_file()
    meta = json.loads((ws.site / "data" / f"{GWYN}.json").read_text())
    assert "identities" not in meta and "officer" not in json.dumps(meta)
    assert meta["approved_role"] == "Business Manager"
    # The review record is never written.
    assert (ws.drafts / GWYN / "review.yaml").read_bytes() == record_before
    assert (site_output(ws) / "cy" / "reviews" / GWYN / "index.html").is_file()


def test_publication_date_is_today_when_the_record_has_none(ws):
    result = publish(ws, TREF)
    assert not result.published_from_record
    assert result.published == TODAY
    assert result.languages == ["en"]
    page = (ws.site / "cy" / "reviews" / TREF / "index.md").read_text()
    assert "Saesneg yn unig" in page  # the Welsh page says the report is English only


def test_refuses_without_a_valid_approval_and_changes_nothing(ws):
    rules = ws.rules / f"{GWYN}.yaml"
    text = rules.read_text()
    rules.write_text(text[: text.index("approval:")])
    before = tree_digest(ws.site)
    with pytest.raises(ApprovalError) as err:
        publish(ws, GWYN)
    assert "cpr approve" in err.value.fix
    assert tree_digest(ws.site) == before


def test_refuses_an_unapproved_preview(ws):
    out = ws.build / GWYN / "anonymised.md"
    out.write_text(PREVIEW_BANNER.format(reason="test") + out.read_text())
    before = tree_digest(ws.site)
    with pytest.raises(ApprovalError, match="unapproved preview"):
        publish(ws, GWYN)
    assert tree_digest(ws.site) == before


def test_refuses_an_output_that_is_not_what_the_approved_list_makes(ws):
    out = ws.build / TREF / "anonymised.md"
    out.write_text(out.read_text() + "\nA sentence added by hand.\n")
    with pytest.raises(VerificationError, match="not what the approved list makes") as err:
        publish(ws, TREF)
    assert "edited by hand" in err.value.problem
    assert f"cpr anonymise {TREF}" in err.value.fix


def test_never_publishes_a_welsh_page_that_fails_verification(ws):
    out = ws.build / GWYN / "anonymised.cy.md"
    out.write_text(out.read_text() + "\nRoedd Nghwmderwen yn dawel.\n")
    before = tree_digest(ws.site)
    with pytest.raises(VerificationError) as err:
        publish(ws, GWYN)
    assert err.value.file is not None and err.value.file.name == "anonymised.cy.md"
    assert "Nghwmderwen" not in err.value.render()  # never the value itself
    assert tree_digest(ws.site) == before


def test_refuses_a_theme_outside_the_vocabulary_naming_key_and_line(ws):
    record = ws.drafts / TREF / "review.yaml"
    record.write_text(record.read_text().replace("voice of the child", "voice of child"))
    with pytest.raises(InputError) as err:
        publish(ws, TREF)
    assert err.value.key == "themes -> 1"
    lines = record.read_text().splitlines()
    assert err.value.line is not None and lines[err.value.line - 1].startswith("themes:")
    assert "policy.yaml" in err.value.fix


def test_a_failed_site_build_leaves_the_previous_state_intact(ws, monkeypatch):
    publish(ws, GWYN)
    site_before, out_before = tree_digest(ws.site), tree_digest(site_output(ws))

    def broken(*args, **kwargs):
        raise ToolError("mkdocs failed (test)", fix="none")

    monkeypatch.setattr(builder, "run_mkdocs", broken)
    with pytest.raises(ToolError):
        publish(ws, TREF)
    assert tree_digest(ws.site) == site_before
    assert tree_digest(site_output(ws)) == out_before
    assert not list(ws.build.glob(".publish-*"))  # the staging copy is gone


def test_same_inputs_build_the_same_site(ws):
    publish(ws, GWYN)
    publish(ws, TREF)
    first = tree_digest(site_output(ws))
    publish(ws, GWYN)
    assert tree_digest(site_output(ws)) == first
    builder.build_site(ws)
    assert tree_digest(site_output(ws)) == first


def test_cli_publish_fails_with_exit_code_and_fix(ws):
    rules = ws.rules / f"{TREF}.yaml"
    text = rules.read_text()
    rules.write_text(text[: text.index("approval:")])
    result = CliRunner().invoke(app, ["--workspace", str(ws.root), "publish", TREF])
    assert result.exit_code == 4
    assert "cpr approve" in result.output


def test_cli_site_build_and_publish(ws):
    runner = CliRunner()
    result = runner.invoke(app, ["--workspace", str(ws.root), "publish", GWYN])
    assert result.exit_code == 0, result.output
    assert "published on 15 July 2024 (from the review record)" in result.output
    result = runner.invoke(app, ["--workspace", str(ws.root), "site", "build"])
    assert result.exit_code == 0, result.output
    assert "1 review(s)" in result.output
