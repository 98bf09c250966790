"""Signed approvals: only a listed officer's own key approves, and a recomputed block fails.

Every key here is a throwaway made in a temporary folder; every officer is fictional.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from support.workspace import REF, make_workspace
from typer.testing import CliRunner, Result

from pipeline.cli import app
from pipeline.errors import ApprovalError
from pipeline.model.officers import load_officers
from pipeline.stages.approval import (
    ApprovalStatus,
    approval_status,
    signed_bytes,
    verify_approval_signature,
)
from pipeline.stages.review import Review, open_review
from pipeline.store.audit import append_event
from pipeline.store.signing import (
    load_private_key,
    new_private_key,
    public_key_line,
    sign,
    write_private_key,
)
from pipeline.store.workspace import Workspace

runner = CliRunner()
OFFICER = ("--officer", "Olwen Officer")


def cpr(ws: Path, *args: str, **env: str) -> Result:
    return runner.invoke(app, ["--workspace", str(ws), *args], env=env or None)


def review_of(ws: Path) -> Review:
    return open_review(Workspace(ws), REF)


def status(ws: Path) -> ApprovalStatus:
    review = review_of(ws)
    text, sha = review.draft_text()
    return approval_status(review.load_list(), draft_sha256=sha, draft_text=text, review=review)


@pytest.fixture(scope="module")
def decided_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fictional review, ingested and detected, every entry decided; not approved."""
    ws = make_workspace(tmp_path_factory.mktemp("signing") / "ws")
    for args in (("ingest", REF), ("detect", REF)):
        assert cpr(ws, *args).exit_code == 0
    rules = ws / "redaction_rules" / f"{REF}.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("decision: undecided", "decision: redact"),
        encoding="utf-8",
    )
    return ws


@pytest.fixture
def decided(decided_template: Path, tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    shutil.copytree(decided_template, ws)
    return ws


@pytest.fixture
def approved(decided: Path) -> Path:
    result = cpr(decided, "approve", REF, *OFFICER)
    assert result.exit_code == 0, result.output
    assert status(decided).valid
    return decided


def test_keygen_writes_a_private_key_for_its_owner_only(tmp_path: Path) -> None:
    out = tmp_path / "keys" / "olwen.key"
    out.parent.mkdir()
    result = runner.invoke(
        app,
        ["keygen", "--officer", "Olwen Officer", "--role", "Business Manager", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    line = next(x for x in result.output.splitlines() if "public_key:" in x)
    public = json.loads(line.split("public_key:", 1)[1])
    assert public == public_key_line(load_private_key(out), "Olwen Officer")
    # The printed lines are an officers.yaml entry as they stand.
    entry = "\n".join(x for x in result.output.splitlines() if x.startswith("  "))
    (tmp_path / "officers.yaml").write_text("officers:\n" + entry + "\n", encoding="utf-8")
    officers = load_officers(tmp_path / "officers.yaml")
    assert officers.find("olwen  officer") is not None
    # A key is never overwritten.
    again = runner.invoke(app, ["keygen", "--officer", "Olwen Officer", "--out", str(out)])
    assert again.exit_code == 1 and "never overwritten" in again.output


def test_approve_without_a_key_says_how_to_make_one(
    decided: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CPR_KEY")
    result = cpr(decided, "approve", REF, *OFFICER)
    assert result.exit_code == 1
    assert "cpr keygen" in result.output and "officers.yaml" in result.output
    assert not status(decided).valid


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--officer", "Nobody Listed"), "is not one of the Board's officers"),
        (("--officer", "Olwen Officer", "--role", "Chair"), "role in officers.yaml"),
    ],
)
def test_approve_refuses_an_officer_or_role_not_in_officers_yaml(
    decided: Path, args: tuple[str, ...], message: str
) -> None:
    result = cpr(decided, "approve", REF, *args)
    assert result.exit_code == 1 and message in result.output
    assert "approval:" not in (decided / "redaction_rules" / f"{REF}.yaml").read_text("utf-8")


def test_approve_refuses_a_key_that_is_not_the_officers(decided: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.key"
    write_private_key(other, new_private_key())
    result = cpr(decided, "approve", REF, *OFFICER, "--key", str(other))
    assert result.exit_code == 1 and "not the key listed for Olwen Officer" in result.output


def test_an_ssh_keygen_key_signs_too(decided: Path, tmp_path: Path) -> None:
    if shutil.which("ssh-keygen") is None:
        pytest.skip("ssh-keygen is not installed")
    path = tmp_path / "id_ed25519"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "Bethan", "-f", str(path)],
        check=True,
    )
    officers = decided / "redaction_rules" / "officers.yaml"
    public = path.with_suffix(".pub").read_text(encoding="utf-8").strip()
    officers.write_text(
        officers.read_text(encoding="utf-8")
        + f"  - name: Bethan Swyddog\n    role: Chair\n    public_key: {public}\n",
        encoding="utf-8",
    )
    result = cpr(decided, "approve", REF, "--officer", "Bethan Swyddog", "--key", str(path))
    assert result.exit_code == 0, result.output
    assert status(decided).valid


def test_the_approval_comment_is_written_once(approved: Path) -> None:
    assert cpr(approved, "approve", REF, "--revoke", "--reason", "entry 1").exit_code == 0
    for _ in range(2):
        assert cpr(approved, "approve", REF, *OFFICER).exit_code == 0
    text = (approved / "redaction_rules" / f"{REF}.yaml").read_text(encoding="utf-8")
    assert text.count("Written by `cpr approve`") == 1


def _forge(ws: Path, *, signature: Callable[[bytes], str] | None) -> None:
    """Set every entry to keep, recompute the hashes, append a matching approve event."""
    review = review_of(ws)
    loaded = review.load_list()
    with loaded.edit() as doc:
        for entry in doc["entries"]:
            entry["decision"] = "keep"
    approval = loaded.model.approval
    assert approval is not None
    forged = approval.model_copy(update={"list_sha256": loaded.model.list_sha256()})
    forged = forged.model_copy(
        update={"signature": signature(signed_bytes(REF, forged)) if signature else None}
    )
    with loaded.edit() as doc:
        doc["approval"]["list_sha256"] = forged.list_sha256
        if forged.signature is None:
            del doc["approval"]["signature"]
        else:
            doc["approval"]["signature"] = forged.signature
    loaded.write()
    stamp = forged.approved_at.isoformat().replace("+00:00", "Z")
    append_event(
        review.paths.audit,
        ref=REF,
        event="approve",
        who=forged.officer,
        details={
            "officer": forged.officer,
            "role": forged.role,
            "approved_at": stamp,
            "draft_sha256": forged.draft_sha256,
            "list_sha256": forged.list_sha256,
            "context_sha256": forged.context_sha256,
            "signature": forged.signature,
        },
    )


@pytest.mark.parametrize(
    ("how", "reason"),
    [
        ("kept", "signature is not Olwen Officer's signature"),  # the old signature, new hashes
        ("unsigned", "not signed"),  # the signature removed
        ("other key", "signature is not Olwen Officer's signature"),  # signed by someone else
    ],
)
def test_a_recomputed_approval_is_refused(approved: Path, how: str, reason: str) -> None:
    if how == "kept":
        old = review_of(approved).load_list().model.approval
        assert old is not None and old.signature
        _forge(approved, signature=lambda _: old.signature or "")
    elif how == "unsigned":
        _forge(approved, signature=None)
    else:
        stranger = new_private_key()
        _forge(approved, signature=lambda message: sign(stranger, message))
    assert cpr(approved, "audit", REF, "--check").exit_code == 0  # the trail itself is whole
    got = status(approved)
    assert not got.valid and reason in got.reason
    loaded = review_of(approved).load_list()
    assert loaded.model.approval is not None
    with pytest.raises(ApprovalError, match=r"signature|signed"):
        verify_approval_signature(
            loaded.model.approval,
            ref=REF,
            officers=load_officers(approved / "redaction_rules" / "officers.yaml"),
            file=loaded.path,
        )
    result = cpr(approved, "status", "--json")
    row = json.loads(result.output)["reviews"][0]
    assert row["approved"] is False and reason in row["approval"]
    assert cpr(approved, "publish", REF).exit_code != 0


def test_an_officer_removed_from_officers_yaml_no_longer_approves(approved: Path) -> None:
    officers = approved / "redaction_rules" / "officers.yaml"
    text = officers.read_text(encoding="utf-8")
    officers.write_text(text.replace("Olwen Officer", "Olwen Retired"), encoding="utf-8")
    got = status(approved)
    assert not got.valid and "not one of the Board's officers" in got.reason


RECORD_EDITS: list[tuple[str, str, str, str]] = [
    # file, old text, new text, the reason status gives
    ("policy", "  - Senedd\n", "  - Senedd\n  - Gwenllian\n", "the policy's keep list"),
    ("policy", 'label: "Person", ', 'label: "Someone", ', "the policy's entity types"),
    ("policy", "  full_date: month_year", "  full_date: keep", "the policy's date rules"),
    ("record", "pseudonym: Child D", "pseudonym: Gwenllian", "the record's pseudonyms"),
    (
        "record",
        "pseudonym: Mother\n",
        "pseudonym: Mother\n    pseudonym_cy: Siân\n",
        "the record's pseudonyms",
    ),
    (
        "record",
        "themes: [neglect, information sharing]\n",
        "themes: [neglect, information sharing]\nsummary: Gwenllian Arbenig of Llanfyllin.\n",
        "the record's public fields",
    ),
    (
        "record",
        "panel_chair: Brychan Testchair",
        "panel_chair: Brychan Arbenig",
        "the record's public fields",
    ),
]


@pytest.mark.parametrize(("which", "old", "new", "reason"), RECORD_EDITS)
def test_a_change_outside_the_list_voids_the_approval(
    approved: Path, which: str, old: str, new: str, reason: str
) -> None:
    path = (
        approved / "redaction_rules" / "policy.yaml"
        if which == "policy"
        else approved / "drafts" / REF / "review.yaml"
    )
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    got = status(approved)
    assert not got.valid and got.reason == f"{reason} changed since the approval"
    row = json.loads(cpr(approved, "status", "--json").output)["reviews"][0]
    assert row["approved"] is False and reason in row["approval"]
    # Put back, the approval holds again.
    path.write_text(text, encoding="utf-8")
    assert status(approved).valid


def test_recording_the_boards_dates_keeps_the_approval(approved: Path) -> None:
    path = approved / "drafts" / REF / "review.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "  learning_event: 2024-03-20\n",
            "  learning_event: 2024-03-20\n  board_approval: 2024-06-28\n",
        ),
        encoding="utf-8",
    )
    assert status(approved).valid


def test_the_private_key_is_never_written_into_the_workspace(approved: Path) -> None:
    key_text = Path(os.environ["CPR_KEY"]).read_text(encoding="utf-8")
    body = "".join(key_text.splitlines()[1:-1])
    for path in approved.rglob("*"):
        if path.is_file():
            assert body not in path.read_text(encoding="utf-8", errors="replace")
