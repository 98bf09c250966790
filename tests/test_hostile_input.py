"""Hostile files and names: alias bombs, oversize files, Rich markup, links out of the workspace.

A person edits review.yaml, the redaction lists, the policy, the action plan and the
officers file, and picks folder and file names; none of these may make a command hang,
exhaust memory, crash with a traceback, or read or write outside the workspace.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from support.workspace import REF, make_workspace
from typer.testing import CliRunner, Result

from pipeline.cli import app
from pipeline.cli.app import console
from pipeline.errors import InputError
from pipeline.model.officers import load_officers
from pipeline.store.fileio import atomic_write_text, ensure_inside, review_lock
from pipeline.store.yamlio import MAX_EDITED_FILE_BYTES, dump_yaml, load_yaml

runner = CliRunner()

# Generous: the alias check fails in milliseconds; expanding the bomb would take minutes
# and gigabytes. The bound only has to tell those apart without ever being flaky.
SECONDS = 5.0


def cpr(ws: Path, *args: str) -> Result:
    return runner.invoke(app, ["--workspace", str(ws), *args])


def flat(text: str) -> str:
    """Output without whitespace, so a long path folded over two lines still matches."""
    return "".join(text.split())


def alias_bomb() -> str:
    """About 500 bytes of YAML that would expand to 9**9 (387 million) strings."""
    lines = ["lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 9):
        lines.append(f"lol{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_the_bomb_is_small() -> None:
    assert len(alias_bomb()) < 600


# Each file a person edits: where it lives, and what the loader calls it.
EDITED_FILES = [
    (f"drafts/{REF}/review.yaml", "review record"),  # appended to a valid record
    (f"redaction_rules/{REF}.yaml", "redaction list"),  # the round-trip loaded list
    ("redaction_rules/policy.yaml", "policy"),  # appended to the Board policy
    (f"drafts/{REF}/action_plan.yaml", "action plan"),  # a new file
]


@pytest.mark.parametrize(("rel", "what"), EDITED_FILES)
def test_alias_bomb_fails_fast_with_file_and_line(workspace: Path, rel: str, what: str) -> None:
    path = workspace / rel
    before = path.read_text(encoding="utf-8") if path.exists() else "# written by a person\n"
    path.write_text(before + alias_bomb(), encoding="utf-8")
    line = len(before.splitlines()) + 1  # the first anchor
    start = time.monotonic()
    result = cpr(workspace, "status", "--json")
    elapsed = time.monotonic() - start
    assert result.exit_code == 1
    error = json.loads(result.output)["reviews"][0]["error"]
    assert f"{path}:{line}:" in error
    assert f"{what} uses an anchor" in error
    assert "write the value out in full; anchors and aliases are not allowed" in error
    assert elapsed < SECONDS


def test_alias_bomb_in_a_command_is_a_clear_error(workspace: Path) -> None:
    record = workspace / "drafts" / REF / "review.yaml"
    record.write_text(record.read_text(encoding="utf-8") + alias_bomb(), encoding="utf-8")
    result = cpr(workspace, "ingest", REF)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "uses an anchor" in result.output and "review.yaml" in result.output


@pytest.mark.parametrize(
    ("yaml", "line", "kind"),
    [
        ("a: 1\nb: &x 2\nc: *x\n", 2, "an anchor"),  # anchor on a scalar
        ("a: 1\nb: *x\n", 2, "an alias"),  # an alias alone does not even parse
        ("base: &b {k: 1}\nc:\n  <<: *b\n", 1, "an anchor"),  # merge keys need anchors too
        ("a:\n  - &i {k: 1}\n", 2, "an anchor"),  # anchor inside a list
    ],
)
def test_any_anchor_or_alias_is_refused(tmp_path: Path, yaml: str, line: int, kind: str) -> None:
    path = tmp_path / "officers.yaml"
    path.write_text(yaml, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_yaml(path, what="officers")
    assert caught.value.line == line and caught.value.file == path
    assert kind in caught.value.problem or "does not parse" in caught.value.problem


def test_alias_bomb_in_the_officers_file_fails_fast(tmp_path: Path) -> None:
    path = tmp_path / "officers.yaml"
    path.write_text("officers:\n" + alias_bomb(), encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(InputError, match="anchor") as caught:
        load_officers(path)
    assert time.monotonic() - start < SECONDS and caught.value.line == 2


def test_a_value_used_twice_is_written_out_twice() -> None:
    shared = ["one", "two"]
    text = dump_yaml({"a": shared, "b": shared})
    assert "&" not in text and "*" not in text


@pytest.mark.parametrize("rel", [rel for rel, _ in EDITED_FILES])
def test_oversize_file_is_refused(workspace: Path, rel: str) -> None:
    path = workspace / rel
    path.write_bytes(b"# " + b"x" * MAX_EDITED_FILE_BYTES + b"\n")
    result = cpr(workspace, "status", "--json")
    assert result.exit_code == 1
    error = json.loads(result.output)["reviews"][0]["error"]
    assert str(path) in error and "too large" in error


# Rich markup in user text: printed as written, never a MarkupError, never swallowed.
MARKUP = ["[/]", "[red]", "[bold]x[/bold]", "[link=http://x]y[/link]"]


@pytest.mark.parametrize("markup", MARKUP)
def test_markup_in_the_workspace_path_prints_literally(tmp_path: Path, markup: str) -> None:
    ws = make_workspace(tmp_path / f"w{markup}s")
    result = cpr(ws, "detect", "nope-2024-01")  # an error that names the path
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)  # no MarkupError
    assert flat(str(ws / "drafts" / "nope-2024-01")) in flat(result.output)
    ok = cpr(ws, "ingest", REF)  # a success message that names the path
    assert ok.exit_code == 0, ok.output
    assert flat(str(ws / "build" / REF / "draft.md")) in flat(ok.output)


def test_markup_in_the_record_prints_literally(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(console, "width", 240)  # the whole table on one line a row
    record = workspace / "drafts" / REF / "review.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(
        text.replace("reference: DEMO 1/2024", "reference: 'DEMO [/] [red]1[/red]'"),
        encoding="utf-8",
    )
    result = cpr(workspace, "status")
    assert "Traceback" not in result.output and result.exception is None
    assert "[/][red]1[/red]" in flat(result.output)


def test_markup_in_a_yaml_key_prints_literally(workspace: Path) -> None:
    record = workspace / "drafts" / REF / "review.yaml"
    record.write_text(
        record.read_text(encoding="utf-8") + "'[bold]odd[/] [red]': 1\n", encoding="utf-8"
    )
    result = cpr(workspace, "ingest", REF)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "[bold]odd[/][red]" in flat(result.output) and "unknown key" in result.output


def test_markup_in_a_reference_argument_prints_literally(workspace: Path) -> None:
    result = cpr(workspace, "ingest", "[red]x[/]")
    assert result.exit_code == 1 and "'[red]x[/]' is not a valid review reference" in result.output


# Symbolic links out of the workspace: (what is linked, is it a folder, the command).
LINKS = [
    (f"build/{REF}", True, "ingest"),  # ingest would write the normalised draft there
    ("build", True, "ingest"),  # the whole build folder
    (f"drafts/{REF}/draft.md", False, "ingest"),  # the draft read from elsewhere
    (f"drafts/{REF}/review.yaml", False, "ingest"),  # the record read from elsewhere
    (f"redaction_rules/.{REF}.lock", False, "ingest"),  # the lock would open the target
    (f"redaction_rules/{REF}.yaml", False, "ingest"),  # the list rewritten elsewhere
]


@pytest.mark.parametrize(("rel", "is_dir", "command"), LINKS)
def test_link_out_of_the_workspace_is_refused(
    workspace: Path, tmp_path: Path, rel: str, is_dir: bool, command: str
) -> None:
    link = workspace / rel
    outside = tmp_path / "outside"
    if is_dir:
        outside.mkdir()
    elif link.exists():
        outside.write_bytes(link.read_bytes())
        link.unlink()
    else:
        outside.write_text("not the workspace's\n", encoding="utf-8")
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(outside, target_is_directory=is_dir)
    before = sorted(outside.iterdir()) if is_dir else outside.read_bytes()
    result = cpr(workspace, command, REF)
    assert result.exit_code == 1, result.output
    assert "symbolic link leads out of the workspace" in result.output
    assert "replace the link with the real file/folder" in result.output
    assert flat(str(link)) in flat(result.output)
    assert (sorted(outside.iterdir()) if is_dir else outside.read_bytes()) == before


def test_atomic_write_never_follows_a_link_out(workspace: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (workspace / "build").mkdir()
    (workspace / "build" / REF).symlink_to(outside, target_is_directory=True)
    with pytest.raises(InputError, match="symbolic link"):
        atomic_write_text(workspace / "build" / REF / "anonymised.md", "text\n")
    assert list(outside.iterdir()) == []
    target = tmp_path / "victim.txt"
    target.write_text("keep\n", encoding="utf-8")
    (workspace / "build" / "report.md").symlink_to(target)
    with pytest.raises(InputError, match="symbolic link"):
        atomic_write_text(workspace / "build" / "report.md", "text\n")
    assert target.read_text(encoding="utf-8") == "keep\n"


def test_a_lock_file_that_is_a_link_is_refused_even_inside(workspace: Path) -> None:
    record = workspace / "drafts" / REF / "review.yaml"
    before = record.read_bytes()
    lock = workspace / "redaction_rules" / f".{REF}.lock"
    lock.symlink_to(record)  # opening the lock would truncate or clobber the record
    with pytest.raises(InputError, match="lock file") as caught, review_lock(lock, ref=REF):
        pass
    assert caught.value.file == lock
    assert record.read_bytes() == before


@pytest.mark.parametrize(
    ("link", "target", "inside"),
    [
        ("drafts/x.md", "drafts/real.md", True),  # a link within the workspace is fine
        ("drafts/sub", "redaction_rules", True),  # a folder link within it too
        ("drafts/out.md", "../../elsewhere.md", False),  # relative, leading out
        ("drafts/loop", "drafts/loop", False),  # a link to itself
    ],
)
def test_ensure_inside(tmp_path: Path, link: str, target: str, inside: bool) -> None:
    root = make_workspace(tmp_path / "ws")
    (root / "drafts" / "real.md").write_text("x\n", encoding="utf-8")
    (root / link).symlink_to(Path(target) if target.startswith("..") else root / target)
    if inside:
        assert ensure_inside(root / link, root) == root / link
    else:
        with pytest.raises(InputError) as caught:
            ensure_inside(root / link / "file.md" if "loop" in link else root / link, root)
        assert caught.value.file == root / link


def test_an_oversize_draft_is_refused_before_it_is_read(tmp_path: Path, monkeypatch) -> None:
    from pipeline.stages import ingest as ingest_stage

    monkeypatch.setattr(ingest_stage, "MAX_DRAFT_BYTES", 1024)
    draft = tmp_path / "drafts" / "x" / "draft.md"
    draft.parent.mkdir(parents=True)
    draft.write_text("A fictional line.\n" * 200, encoding="utf-8")
    with pytest.raises(InputError, match="too large"):
        ingest_stage.ingest_draft(draft=draft, out_dir=tmp_path / "build" / "x")
    assert not (tmp_path / "build" / "x").exists()
