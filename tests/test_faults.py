"""Faults: a command killed at any point leaves every earlier good file whole, and the next
run recovers; two commands on one review wait for each other; bad input is refused clearly.

Commands run as real `cpr` processes. `CPR_TEST_FAULT=<point>` makes one kill itself with
SIGKILL at that point (see `pipeline.store.audit.fault_point`); others are killed at random.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from support.workspace import REF
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.errors import BusyError
from pipeline.governance.submit import verify_pack
from pipeline.model.policy import load_policy
from pipeline.model.redaction_list import load_list
from pipeline.store.audit import read_trail
from pipeline.store.fileio import review_lock

ROOT = Path(__file__).resolve().parent.parent
CPR = str(ROOT / ".venv" / "bin" / "cpr")
runner = CliRunner()


def run(ws: Path, *args: str, fault: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    if fault:
        env["CPR_TEST_FAULT"] = fault
    return subprocess.run(
        [CPR, "--workspace", str(ws), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def files(ws: Path, ref: str = REF) -> dict[str, bytes]:
    rules = ws / "redaction_rules"
    return {
        p.name: p.read_bytes() for p in [rules / f"{ref}.yaml", ws / "drafts" / ref / "review.yaml"]
    }


def cpr(ws: Path, *args: str):
    """In process: for the runs that are not killed (no interpreter start-up to pay)."""
    return runner.invoke(app, ["--workspace", str(ws), *args])


def trail_ok(ws: Path) -> bool:
    return cpr(ws, "audit", REF, "--check").exit_code == 0


def _change_a_replacement(ws: Path) -> None:
    rules = ws / "redaction_rules" / f"{REF}.yaml"
    text = rules.read_text(encoding="utf-8")
    assert "replacement: Child D" in text
    rules.write_text(
        text.replace("replacement: Child D", "replacement: Child Z", 1), encoding="utf-8"
    )


@pytest.mark.parametrize("point", ["audit:anonymise:before", "audit:anonymise:after"])
def test_kill_mid_anonymise(approved: Path, point: str) -> None:
    out = approved / "build" / REF / "anonymised.md"
    old = out.read_bytes()
    _change_a_replacement(approved)  # so the new output differs from the old
    before = files(approved)
    killed = run(approved, "anonymise", REF, fault=point)
    assert killed.returncode == -signal.SIGKILL
    assert files(approved) == before  # the list and record untouched
    middle = out.read_bytes()
    again = cpr(approved, "anonymise", REF)
    assert again.exit_code == 0, again.output
    assert middle in (old, out.read_bytes())  # the old output or the whole new one
    assert trail_ok(approved)


def test_random_kills_during_anonymise(approved: Path) -> None:
    out = approved / "build" / REF / "anonymised.md"
    rng = random.Random(7)
    _change_a_replacement(approved)
    before = files(approved)
    seen = {out.read_bytes()}
    for _ in range(2):
        proc = subprocess.Popen(
            [CPR, "--workspace", str(approved), "anonymise", REF],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.2, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert files(approved) == before
        seen.add(out.read_bytes())
    assert cpr(approved, "anonymise", REF).exit_code == 0
    seen.discard(out.read_bytes())
    assert len(seen) <= 1  # only the old whole output, never a fragment
    assert trail_ok(approved)


@pytest.mark.parametrize(
    "point", ["submit:built", "submit:swapping", "submit:installed", "audit:submit:before"]
)
def test_kill_mid_submit(approved: Path, point: str) -> None:
    assert cpr(approved, "submit", REF).exit_code == 0
    pack = approved / "build" / REF / "submission"
    old = {p.name: p.read_bytes() for p in pack.iterdir()}
    plan = approved / "drafts" / REF / "action_plan.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("status: in_progress", "status: not_started"),
        encoding="utf-8",
    )
    killed = run(approved, "submit", REF, fault=point)
    assert killed.returncode == -signal.SIGKILL
    if pack.exists():  # the previous pack or the whole new one, never part of one
        assert verify_pack(pack) == []
    else:
        assert point == "submit:swapping"
    again = cpr(approved, "submit", REF)
    assert again.exit_code == 0, again.output
    assert verify_pack(pack) == [] and {p.name for p in pack.iterdir()} == set(old)
    assert not list(pack.parent.glob(".submission*"))
    record = (approved / "drafts" / REF / "review.yaml").read_text(encoding="utf-8")
    assert record.count("submitted_to_welsh_government:") == 1
    assert trail_ok(approved)


def test_kill_between_approve_event_and_list(approved: Path) -> None:
    assert cpr(approved, "approve", REF, "--revoke", "--reason", "entry 1").exit_code == 0
    before = files(approved)
    killed = run(
        approved, "approve", REF, "--officer", "O", "--role", "BM", fault="audit:approve:after"
    )
    assert killed.returncode == -signal.SIGKILL
    assert files(approved) == before  # the event is written; the list is not: no approval
    assert "UNAPPROVED" in cpr(approved, "anonymise", REF).output
    assert cpr(approved, "approve", REF, "--officer", "O", "--role", "BM").exit_code == 0
    assert "UNAPPROVED" not in cpr(approved, "anonymise", REF).output
    assert trail_ok(approved)


HOLD = textwrap.dedent("""\
    import sys, time
    from pathlib import Path
    from pipeline.store.fileio import review_lock
    with review_lock(Path(sys.argv[1]), ref="demo"):
        print("held", flush=True)
        time.sleep(float(sys.argv[2]))
    """)


def test_second_command_waits_or_fails_clearly(approved: Path) -> None:
    lock = approved / "redaction_rules" / f".{REF}.lock"
    # The holder keeps the lock until the test kills it (the system then releases it).
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(lock), "600"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    with (
        pytest.raises(BusyError, match="another cpr command"),
        review_lock(lock, ref=REF, timeout=0.2),
    ):
        pass
    waiting = subprocess.Popen(
        [CPR, "--workspace", str(approved), "approve", REF, "--officer", "O", "--role", "BM"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert waiting.stderr is not None
    # The second command says it is waiting (whatever its start-up time), and only then
    # is the lock released: the wait path itself is what runs here.
    assert "waiting for another cpr command" in waiting.stderr.readline()
    assert waiting.poll() is None
    holder.kill()
    holder.wait()
    _, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, err


def test_concurrent_commands_never_half_write(approved: Path) -> None:
    procs = [
        subprocess.Popen(
            [CPR, "--workspace", str(approved), *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args in (
            ("approve", REF, "--officer", "A", "--role", "BM"),
            ("approve", REF, "--officer", "B", "--role", "BM"),
            ("anonymise", REF),
        )
    ]
    assert [p.wait() for p in procs] == [0, 0, 0]
    load_list(
        approved / "redaction_rules" / f"{REF}.yaml",
        ref=REF,
        entity_types=load_policy(approved / "redaction_rules" / "policy.yaml").entity_types,
    )
    trail = read_trail(approved / "redaction_rules" / f"{REF}.audit.jsonl")
    assert trail.intact and not trail.problems
    assert [e.event for e in trail.events].count("approve") == 3


def test_hand_broken_list_is_refused_with_line(approved: Path) -> None:
    rules = approved / "redaction_rules" / f"{REF}.yaml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text.replace("decision: redact", "decision: [redact", 1), encoding="utf-8")
    for args in (("approve", REF, "--officer", "O", "--role", "BM"), ("submit", REF)):
        result = runner.invoke(app, ["--workspace", str(approved), *args])
        assert result.exit_code == 1
        assert f"{REF}.yaml:" in result.output and "fix:" in result.output
    assert rules.read_text(encoding="utf-8") != text  # the person's file left as they wrote


def test_impossible_dates_are_refused_with_line(approved: Path) -> None:
    record = approved / "drafts" / REF / "review.yaml"
    record.write_text(
        record.read_text(encoding="utf-8").replace(
            "learning_event: 2024-03-20", "learning_event: 2023-12-01"
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["--workspace", str(approved), "submit", REF])
    assert result.exit_code == 1
    assert "review.yaml:14 (dates -> learning_event)" in result.output
    assert "before referral_to_review_subgroup" in result.output and "fix:" in result.output


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize("point", ["audit:publish:before", None])
def test_kill_mid_publish(tmp_path: Path, point: str | None) -> None:
    from support.site import REFS, prepared_workspace

    ref = REFS[0]
    ws = prepared_workspace(tmp_path / "ws", (ref,)).root
    site = ws / "published_site"
    before = _tree(site)
    if point:
        killed = run(ws, "publish", ref, fault=point)
        assert killed.returncode == -signal.SIGKILL
    else:  # killed at a random moment
        proc = subprocess.Popen(
            [CPR, "--workspace", str(ws), "publish", ref],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(random.Random(11).uniform(1.0, 3.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    middle = _tree(site)
    result = runner.invoke(app, ["--workspace", str(ws), "publish", ref])
    assert result.exit_code == 0, result.output
    assert middle in (before, _tree(site))  # the old site or the whole new one
    # (A killed publish leaves its build/.publish-* work folder behind: reported to the
    # publish step's owner; harmless to the site, which is all or nothing.)
    assert runner.invoke(app, ["--workspace", str(ws), "audit", ref, "--check"]).exit_code == 0
