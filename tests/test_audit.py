"""The audit trail: chained, checked, never holding a redacted value; approvals proven by it."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from support.workspace import REF, SECRETS
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.store.audit import append_event, head_path, read_trail

runner = CliRunner()


def cpr(ws: Path, *args: str):
    return runner.invoke(app, ["--workspace", str(ws), *args])


def trail_of(tmp_path: Path, events: int = 4) -> Path:
    path = tmp_path / "demo.audit.jsonl"
    for i in range(events):
        append_event(path, ref="demo", event="detect", who="tester", details={"n": i})
    return path


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def _swap(lines: list[str], i: int, j: int) -> list[str]:
    lines[i], lines[j] = lines[j], lines[i]
    return lines


def _alter(lines: list[str], i: int) -> list[str]:
    lines[i] = lines[i].replace('"n":1', '"n":9')
    return lines


@pytest.mark.parametrize(
    ("tamper", "line"),
    [
        (lambda ls: _alter(ls, 1), 2),  # a value edited
        (lambda ls: ls[:1] + ls[2:], 2),  # a middle line removed
        (lambda ls: _swap(ls, 1, 2), 2),  # two lines reordered
        (lambda ls: ls[:-1], 4),  # the last line removed (caught by the anchor)
        (lambda ls: ls[1:], 1),  # the first line removed
        (lambda ls: [ls[0].replace(",", ", ", 1), *ls[1:]], 1),  # re-saved by an editor
    ],
)
def test_check_names_the_tampered_line(tmp_path: Path, tamper, line: int) -> None:
    path = trail_of(tmp_path)
    assert read_trail(path).intact
    path.write_text("".join(tamper(_lines(path))), encoding="utf-8")
    trail = read_trail(path)
    assert not trail.intact
    assert trail.problems[0].line == line, trail.problems


def test_each_line_is_chained_to_the_previous(tmp_path: Path) -> None:
    import hashlib

    path = trail_of(tmp_path, 3)
    lines = path.read_text(encoding="utf-8").splitlines()
    for before, after in itertools.pairwise(lines):
        assert json.loads(after)["prev"] == hashlib.sha256(before.encode()).hexdigest()
    assert json.loads(head_path(path).read_text())["lines"] == 3


def test_torn_last_line_is_reported_then_set_aside(tmp_path: Path) -> None:
    path = trail_of(tmp_path, 2)
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"seq":3,"at":"2024-')  # a killed append
    trail = read_trail(path)
    assert trail.torn and trail.intact and trail.problems[0].line == 3
    append_event(path, ref="demo", event="verify", who="tester", details={})
    trail = read_trail(path)
    assert not trail.problems
    assert [e.event for e in trail.events] == ["detect", "detect", "torn-line-set-aside", "verify"]
    assert '{"seq":3,"at":"2024-' in (tmp_path / "demo.audit.jsonl.torn").read_text()


def test_a_broken_trail_takes_no_more_events(tmp_path: Path) -> None:
    path = trail_of(tmp_path)
    path.write_text("".join(_alter(_lines(path), 1)), encoding="utf-8")
    with pytest.raises(Exception, match="line 2"):
        append_event(path, ref="demo", event="verify", details={})


def test_cli_audit_and_check(approved: Path) -> None:
    shown = cpr(approved, "audit", REF)
    assert shown.exit_code == 0
    for event in ("detect", "list-edited", "approve", "anonymise"):
        assert event in shown.output
    assert cpr(approved, "audit", REF, "--check").exit_code == 0
    path = approved / "redaction_rules" / f"{REF}.audit.jsonl"
    lines = _lines(path)
    lines[2] = lines[2].replace("Olwen Officer", "Mallory Officer")
    path.write_text("".join(lines), encoding="utf-8")
    checked = cpr(approved, "audit", REF, "--check")
    assert checked.exit_code == 1 and "line 3" in checked.output


def test_trail_never_holds_a_redacted_value(approved: Path) -> None:
    assert cpr(approved, "submit", REF).exit_code == 0
    assert cpr(approved, "verify", REF).exit_code == 0
    text = (approved / "redaction_rules" / f"{REF}.audit.jsonl").read_text(encoding="utf-8")
    runs = (approved / "build" / REF / "stages.audit.jsonl").read_text(encoding="utf-8")
    assert not [s for s in (*SECRETS, "Gwen", "Child D") if s in text + runs]
    events = [json.loads(line)["event"] for line in text.splitlines()]
    assert events[:3] == ["detect", "list-edited", "approve"]
    assert "submit" in events  # governed: the review's trail
    assert {"ingest", "anonymise", "verify"} <= {json.loads(x)["event"] for x in runs.splitlines()}


def test_person_edits_are_recorded_by_entry_number(approved: Path) -> None:
    rules = approved / "redaction_rules" / f"{REF}.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("decision: redact", "decision: keep", 1),
        encoding="utf-8",
    )
    result = cpr(approved, "anonymise", REF)
    assert "entry 1 changed decision (redact -> keep)" in result.output
    events = [
        json.loads(line)
        for line in (approved / "redaction_rules" / f"{REF}.audit.jsonl").read_text().splitlines()
    ]
    edited = [e for e in events if e["event"] == "list-edited"][-1]
    assert edited["details"]["changes"] == ["entry 1 changed decision (redact -> keep)"]
    status = cpr(approved, "status", "--json")
    row = json.loads(status.output)["reviews"][0]
    assert row["approved"] is False and "entry 1 changed decision" in row["approval"]


def test_approval_pasted_by_hand_is_refused(approved: Path) -> None:
    rules = approved / "redaction_rules" / f"{REF}.yaml"
    text = rules.read_text(encoding="utf-8")
    assert cpr(approved, "approve", REF, "--revoke", "--reason", "entry 2 wrong").exit_code == 0
    # The same block, with hashes that match, pasted back by hand.
    rules.write_text(text, encoding="utf-8")
    result = cpr(approved, "submit", REF)
    assert result.exit_code == 4 and "revoked" in result.output
    # And one with no approve event at all.
    path = approved / "redaction_rules" / f"{REF}.audit.jsonl"
    path.unlink()
    head_path(path).unlink()
    result = cpr(approved, "submit", REF)
    assert result.exit_code == 4
    assert "no matching `cpr approve`" in result.output and f"{REF}.yaml" in result.output
    preview = cpr(approved, "anonymise", REF)
    assert "UNAPPROVED PREVIEW" in preview.output


def test_revoke_needs_a_reason_without_names(approved: Path) -> None:
    assert cpr(approved, "approve", REF, "--revoke").exit_code == 1
    named = cpr(approved, "approve", REF, "--revoke", "--reason", "Gwenllian is not redacted")
    assert named.exit_code == 1 and "Gwenllian" not in named.output
    path = approved / "redaction_rules" / f"{REF}.audit.jsonl"
    assert "Gwenllian" not in path.read_text(encoding="utf-8")
    ok = cpr(
        approved,
        "approve",
        REF,
        "--revoke",
        "--reason",
        "entry 3 needs a new pseudonym",
        "--officer",
        "Olwen Officer",
    )
    assert ok.exit_code == 0, ok.output
    last = json.loads(path.read_text(encoding="utf-8").splitlines()[-1])
    assert last["event"] == "revoke" and last["who"] == "Olwen Officer"
    assert cpr(approved, "approve", REF, "--revoke", "--reason", "again").exit_code == 1


def test_events_name_the_acting_person_and_mark_a_login_name(tmp_path: Path) -> None:
    from pipeline.store.audit import LOGIN_MARK, append_event, read_trail, set_actor

    trail = tmp_path / "redaction_rules" / "demo-2024-09.audit.jsonl"
    trail.parent.mkdir()
    try:
        set_actor("Heulwen Invented")
        append_event(trail, ref="demo-2024-09", event="detect", details={})
        set_actor(None)
        append_event(trail, ref="demo-2024-09", event="detect", details={})
        append_event(trail, ref="demo-2024-09", event="approve", details={}, who="An Officer")
    finally:
        set_actor(None)
    who = [e.who for e in read_trail(trail).events]
    assert who[0] == "Heulwen Invented"
    assert who[1].endswith(LOGIN_MARK)  # a fallback, and the trail says so
    assert who[2] == "An Officer"
