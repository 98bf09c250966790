"""The statutory order, the stored publication date, and withdrawal.

GWYN 1/2024 and TREF 2/2023 are fictional reviews (tests/support/site); every run is
the real pipeline.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest
from support.site import KEY, OFFICER, ROLE, TODAY, prepared_workspace
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.model.lifecycle import Facts, Stage, missing_before, stage_of
from pipeline.stages.approval import approve_review
from pipeline.stages.publish import publish_review
from pipeline.stages.review import open_review
from pipeline.store.audit import read_trail
from pipeline.store.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
CPR = str(ROOT / ".venv" / "bin" / "cpr")
GWYN, TREF = "gwyn-2024-01", "tref-2023-02"
runner = CliRunner()
DAY = dt.date(2024, 1, 1)


def cpr(ws: Workspace, *args: str):
    return runner.invoke(app, ["--workspace", str(ws.root), *args])


def flat(text: str) -> str:
    return " ".join(text.split())


# --- the rules, as pure functions ------------------------------------------------------

READY = Facts(ref="r", has_list=True, approval_valid=True, board_approval=DAY, submitted=DAY)


@pytest.mark.parametrize(
    ("facts", "command", "missing"),
    [
        # Submit needs a valid approval, then the Board's approval date.
        (Facts(ref="r", has_list=True), "submit", "a valid approval of the redaction list"),
        (
            Facts(ref="r", has_list=True, approval_valid=True),
            "submit",
            "the Board's approval of the final report",
        ),
        (READY, "submit", None),
        # Publish needs the submission too ...
        (
            Facts(ref="r", has_list=True, approval_valid=True, board_approval=DAY),
            "publish",
            "the submission to Welsh Government",
        ),
        # ... unless the policy allows publishing first.
        (
            Facts(
                ref="r",
                has_list=True,
                approval_valid=True,
                board_approval=DAY,
                publish_before_submission=True,
            ),
            "publish",
            None,
        ),
        (READY, "publish", None),
        # Withdrawn: published again only after a new approval.
        (
            Facts(**{**READY.__dict__, "withdrawn": True}),
            "publish",
            "a new approval",
        ),
    ],
)
def test_each_step_needs_the_one_before(facts: Facts, command: str, missing: str | None) -> None:
    found = missing_before(facts, command)
    if missing is None:
        assert found is None
    else:
        assert found is not None and found.step.startswith(missing)


@pytest.mark.parametrize(
    ("facts", "stage"),
    [
        (Facts(ref="r"), Stage.draft),
        (Facts(ref="r", has_list=True, undecided=3), Stage.detected),
        (Facts(ref="r", has_list=True), Stage.decided),
        (Facts(ref="r", has_list=True, approval_valid=True), Stage.approved),
        (READY, Stage.submitted),
        (Facts(**{**READY.__dict__, "on_site": True}), Stage.published),
        (Facts(**{**READY.__dict__, "published": DAY, "withdrawn": True}), Stage.withdrawn),
    ],
)
def test_stage_of(facts: Facts, stage: Stage) -> None:
    assert stage_of(facts) is stage


# --- the commands ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return prepared_workspace(tmp_path_factory.mktemp("lifecycle") / "ws")


@pytest.fixture
def ws(template: Workspace, tmp_path: Path) -> Workspace:
    root = tmp_path / "ws"
    shutil.copytree(template.root, root)
    return Workspace(root)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def not_submitted(ws: Workspace) -> None:
    record = ws.drafts / GWYN / "review.yaml"
    edit(record, "  submitted_to_welsh_government: 2024-06-28\n", "")
    edit(record, "  published: 2024-07-15\n", "")


def test_publish_before_submission_is_refused_with_the_step_and_command(ws: Workspace) -> None:
    not_submitted(ws)
    before = (ws.drafts / GWYN / "review.yaml").read_bytes()
    result = cpr(ws, "publish", GWYN)
    assert result.exit_code == 4, result.output
    out = flat(result.output)
    assert f"review {GWYN} cannot be published yet: the submission to Welsh Government" in out
    assert f"`cpr submit {GWYN}`" in out
    assert (ws.drafts / GWYN / "review.yaml").read_bytes() == before
    assert not (ws.site / "data" / f"{GWYN}.json").exists()


def test_the_policy_may_allow_publication_before_submission_recorded_as_such(
    ws: Workspace,
) -> None:
    not_submitted(ws)
    edit(ws.rules / "policy.yaml", "  before_submission: false", "  before_submission: true")
    publish_review(open_review(ws, GWYN), ws=ws, today=dt.date(2024, 7, 1))
    event = read_trail(ws.rules / f"{GWYN}.audit.jsonl").last("publish")
    assert event is not None and event.details["before_submission"] is True


def test_submit_without_the_board_approval_date_is_refused(ws: Workspace) -> None:
    not_submitted(ws)
    edit(ws.drafts / GWYN / "review.yaml", "  board_approval: 2024-06-20\n", "")
    result = cpr(ws, "submit", GWYN)
    assert result.exit_code == 4, result.output
    out = flat(result.output)
    assert "the Board's approval of the final report is missing" in out
    assert "board_approval: YYYY-MM-DD" in out


def test_the_first_publish_stores_the_date_and_rebuilds_keep_it(ws: Workspace) -> None:
    record = ws.drafts / TREF / "review.yaml"
    assert "published:" not in record.read_text(encoding="utf-8")
    first = publish_review(open_review(ws, TREF), ws=ws, today=TODAY)
    assert first.published == TODAY and not first.published_from_record
    text = record.read_text(encoding="utf-8")
    assert f"published: {TODAY.isoformat()}" in text
    assert text.startswith("#")  # the record's comments survive the round trip
    event = read_trail(ws.rules / f"{TREF}.audit.jsonl").last("publish")
    assert event is not None and event.details["date_recorded"] is True
    again = publish_review(open_review(ws, TREF), ws=ws, today=TODAY + dt.timedelta(days=30))
    assert again.published == TODAY and again.published_from_record
    data = json.loads((ws.site / "data" / f"{TREF}.json").read_text(encoding="utf-8"))
    assert data["published"] == TODAY.isoformat()
    assert record.read_text(encoding="utf-8") == text


def _traces(folder: Path, needles: tuple[str, ...]) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*")):
        if any(n in str(path.relative_to(folder)) for n in needles):
            found.append(str(path))
        elif path.is_file() and path.suffix in (".html", ".json", ".xml", ".md", ".js", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
            found += [f"{path}: {n}" for n in needles if n in text]
    return found


def published(ws: Workspace) -> Workspace:
    for ref in (GWYN, TREF):
        publish_review(open_review(ws, ref), ws=ws, today=TODAY)
    return ws


def test_withdraw_removes_every_trace_and_needs_a_new_approval(ws: Workspace) -> None:
    published(ws)
    needles = (GWYN, "GWYN 1/2024")
    assert _traces(ws.site, needles) and _traces(ws.build / "_site", needles)
    result = cpr(ws, "withdraw", GWYN, "--reason", "approval revoked: entry 3")
    assert result.exit_code == 0, result.output
    assert _traces(ws.site, needles) == []
    # Every built file: pages, the search index, the sitemap, the catalogue's data.
    assert _traces(ws.build / "_site", needles) == []
    assert _traces(ws.build / "_site", (TREF,))  # the other review stays
    event = read_trail(ws.rules / f"{GWYN}.audit.jsonl").last("withdraw")
    assert event is not None and event.details["reason"] == "approval revoked: entry 3"
    assert cpr(ws, "audit", GWYN, "--check").exit_code == 0
    # Publishing again needs a new approval.
    again = cpr(ws, "publish", GWYN)
    assert again.exit_code == 4, again.output
    assert "a new approval" in flat(again.output) and "cpr approve" in flat(again.output)
    approve_review(open_review(ws, GWYN), officer=OFFICER, role=ROLE, key=KEY)
    assert cpr(ws, "publish", GWYN).exit_code == 0
    assert (ws.site / "data" / f"{GWYN}.json").is_file()


def test_site_build_never_builds_a_withdrawn_review(ws: Workspace) -> None:
    published(ws)
    data = (ws.site / "data" / f"{GWYN}.json").read_bytes()
    assert cpr(ws, "withdraw", GWYN, "--reason", "entry 3").exit_code == 0
    (ws.site / "data" / f"{GWYN}.json").write_bytes(data)  # put back by hand
    result = cpr(ws, "site", "build")
    assert result.exit_code == 1
    assert f"holds review {GWYN}, which was withdrawn" in flat(result.output)


def test_revoking_a_published_review_points_to_withdraw(ws: Workspace) -> None:
    published(ws)
    result = cpr(ws, "approve", GWYN, "--revoke", "--reason", "entry 3")
    assert result.exit_code == 0, result.output
    assert f"`cpr withdraw {GWYN}" in flat(result.output)
    assert "still on the public site" in flat(result.output)


def test_withdraw_of_a_review_never_published_is_refused(ws: Workspace) -> None:
    result = cpr(ws, "withdraw", GWYN, "--reason", "entry 3")
    assert result.exit_code == 1
    assert "is not on the public site" in flat(result.output)


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file's bytes; a PDF only by name (pandoc's PDFs carry a new ID on each run)."""
    if not folder.is_dir():
        return {}
    return {
        str(p.relative_to(folder)): b"" if p.suffix == ".pdf" else p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file()
    }


@pytest.mark.parametrize(
    "point",
    [
        "withdraw:built",
        "withdraw:site:aside",
        "withdraw:between",
        "withdraw:source:aside",
        "withdraw:source:renamed",
        "audit:withdraw:before",
    ],
)
def test_kill_mid_withdraw_leaves_the_old_site_or_the_new(ws: Workspace, point: str) -> None:
    published(ws)
    before = _tree(ws.site)
    env = {**os.environ, "CPR_TEST_FAULT": point}
    killed = subprocess.run(
        [CPR, "--workspace", str(ws.root), "withdraw", GWYN, "--reason", "entry 3"],
        capture_output=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert killed.returncode == -signal.SIGKILL
    middle = _tree(ws.site)
    if not middle:  # killed between the two renames: the saved copy is beside it
        assert list(ws.root.glob(".published_site.old-*"))
    result = cpr(ws, "withdraw", GWYN, "--reason", "entry 3")
    assert result.exit_code == 0, result.output
    after = _tree(ws.site)
    assert middle in ({}, before, after)
    assert not list(ws.root.glob(".published_site.old-*"))
    assert not list(ws.build.glob(".withdraw-*")) and not list(ws.build.glob("._site.old-*"))
    assert _traces(ws.build / "_site", (GWYN,)) == []
    assert cpr(ws, "audit", GWYN, "--check").exit_code == 0


@pytest.mark.parametrize(
    "point",
    [
        "publish:site:aside",  # between the built site's two renames
        "publish:between",  # the built site in place, the source not yet
        "publish:source:aside",  # between the source's two renames: no published_site/
        "audit:publish:before",  # everything in place, the event not yet written
    ],
)
def test_publish_recovers_by_itself_from_a_kill(ws: Workspace, point: str) -> None:
    before = _tree(ws.site)
    env = {**os.environ, "CPR_TEST_FAULT": point}
    killed = subprocess.run(
        [CPR, "--workspace", str(ws.root), "publish", GWYN],
        capture_output=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert killed.returncode == -signal.SIGKILL
    middle = _tree(ws.site)
    again = cpr(ws, "publish", GWYN)
    assert again.exit_code == 0, again.output
    assert middle in ({}, before, _tree(ws.site))  # {}: the saved copy was beside it
    assert not list(ws.root.glob(".published_site.old-*"))
    assert not list(ws.build.glob(".publish-*")) and not list(ws.build.glob("._site.old-*"))
    assert cpr(ws, "audit", GWYN, "--check").exit_code == 0


def test_status_on_a_fresh_clone_reads_a_published_reviews_approval(tmp_path: Path) -> None:
    from pipeline.governance.status import Stage as StatusStage
    from pipeline.governance.status import all_statuses

    for name in ("drafts", "redaction_rules", "published_site"):
        shutil.copytree(ROOT / name, tmp_path / name)
    rows = all_statuses(Workspace(tmp_path), today=dt.date(2025, 6, 1))  # nothing in build/
    assert rows and all(r.error is None for r in rows)
    for row in rows:
        assert row.approved is True, row.approval
        assert row.stage is StatusStage.published and row.lifecycle is Stage.published


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        # Each command run before the step it needs, on a review only just started.
        (("detect",), 1, "cpr ingest"),
        (("anonymise",), 1, "cpr ingest"),
        (("verify",), 1, "cpr anonymise"),
        (("approve", "--officer", "O", "--role", "BM"), 1, "cpr ingest"),
        (("submit",), 1, "cpr ingest"),
        (("withdraw", "--reason", "entry 1"), 1, "is not on the public site"),
    ],
)
def test_out_of_order_commands_are_refused_with_the_step_to_run(
    workspace: Path, args: tuple[str, ...], code: int, says: str
) -> None:
    from support.workspace import REF
    from support.workspace import cpr as run_cpr

    result = run_cpr(workspace, args[0], REF, *args[1:])
    assert result.exit_code == code, result.output
    assert says in flat(result.output)


def test_withdraw_goes_ahead_when_another_review_s_pages_fail_the_check(ws: Workspace) -> None:
    # TREF's list gains an entry for a word its published page holds (its list changed
    # after publication): every later check of the site finds it.
    published(ws)
    page = (ws.site / "en" / "reviews" / TREF / "index.md").read_text(encoding="utf-8")
    body = page.split("\n---\n", 2)[-1]
    word = next(w for w in body.split() if w.isalpha() and w.islower() and len(w) >= 9)
    review = open_review(ws, TREF)
    loaded = review.load_list()
    with loaded.edit() as doc:
        doc["entries"].append(
            {"term": word, "type": "PERSON", "decision": "redact", "replacement": "Person 9"}
        )
    loaded.write()
    # Taking GWYN down only removes text, so it is not held back by TREF's pages; the
    # command says the site still fails the check, and exits 3.
    result = cpr(ws, "withdraw", GWYN, "--reason", "entry 3")
    assert result.exit_code == 3, result.output
    assert "still fails the final check" in flat(result.output)
    assert not (ws.site / "data" / f"{GWYN}.json").exists()
    assert read_trail(ws.rules / f"{GWYN}.audit.jsonl").last("withdraw") is not None
