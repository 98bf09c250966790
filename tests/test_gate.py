"""The one gate of `cpr publish` and `cpr submit`: each refusal, with one exit code for both.

Everything here is fictional (the site fixtures' GWYN 1/2024): no real person or case.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from support.site import KEY, OFFICER, ROLE, prepared_workspace
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.stages.anonymise import PREVIEW_BANNER
from pipeline.stages.approval import approve_review
from pipeline.stages.gate import pattern_problems, public_fields
from pipeline.stages.review import open_review
from pipeline.store.workspace import Workspace

GWYN = "gwyn-2024-01"
runner = CliRunner()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """GWYN 1/2024 approved and anonymised, not yet published or submitted."""
    return prepared_workspace(tmp_path_factory.mktemp("gate") / "ws", (GWYN,))


@pytest.fixture
def ws(template: Workspace, tmp_path: Path) -> Workspace:
    root = tmp_path / "ws"
    shutil.copytree(template.root, root)
    return Workspace(root)


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def reapprove(ws: Workspace) -> None:
    """The officer approves again (the record's public fields are bound by the approval)."""
    approve_review(open_review(ws, GWYN), officer=OFFICER, role=ROLE, key=KEY)


def record(ws: Workspace) -> Path:
    return ws.drafts / GWYN / "review.yaml"


def output(ws: Workspace, lang: str = "en") -> Path:
    return ws.build / GWYN / ("anonymised.md" if lang == "en" else f"anonymised.{lang}.md")


def no_approval(ws: Workspace) -> None:
    rules = ws.rules / f"{GWYN}.yaml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text[: text.index("approval:")], encoding="utf-8")


def forged_signature(ws: Workspace) -> None:
    rules = ws.rules / f"{GWYN}.yaml"
    lines = rules.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("signature:"))
    lines[at] = "  signature: " + "A" * 86 + "==\n"
    rules.write_text("".join(lines), encoding="utf-8")


def missing_output(ws: Workspace) -> None:
    output(ws, "cy").unlink()


def preview(ws: Workspace) -> None:
    path = output(ws)
    path.write_text(
        PREVIEW_BANNER.format(reason="test") + path.read_text(encoding="utf-8"), encoding="utf-8"
    )


def stale(ws: Workspace) -> None:
    # A replacement changed and approved again, but `cpr anonymise` was not run.
    edit(ws.rules / f"{GWYN}.yaml", "replacement: Child E", "replacement: Child F")
    reapprove(ws)


def edited(ws: Workspace) -> None:
    path = output(ws)
    path.write_text(path.read_text(encoding="utf-8") + "\nA line added by hand.\n", "utf-8")


def summary(text: str) -> Callable[[Workspace], None]:
    def change(ws: Workspace) -> None:
        edit(record(ws), "A young child was seriously injured at home.", text)
        reapprove(ws)

    return change


def plan_action(text: str) -> Callable[[Workspace], None]:
    def change(ws: Workspace) -> None:
        edit(
            ws.drafts / GWYN / "action_plan.yaml",
            "Ask about every adult in the household at each health visiting contact.",
            text,
        )

    return change


# (what changed, the exit code of both commands, words of the message, a value that must
# never be printed)
CASES = [
    pytest.param(no_approval, 4, "cpr approve", None, id="no-approval"),
    pytest.param(forged_signature, 4, "signature", None, id="forged-signature"),
    pytest.param(missing_output, 1, "cpr anonymise", None, id="missing-output"),
    pytest.param(preview, 4, "unapproved preview", None, id="preview"),
    pytest.param(stale, 3, "stale: the list has changed", None, id="stale-output"),
    pytest.param(edited, 3, "edited by hand", None, id="edited-output"),
    pytest.param(
        summary("Elis was seriously injured at home."),
        3,
        "the record's summary",
        "Elis",
        id="summary-names-the-child",
    ),
    pytest.param(
        summary("A child of Prydd\u200berch was injured at home."),
        3,
        "the record's summary",
        "Prydd",
        id="summary-surname-with-zero-width-space",
    ),
    pytest.param(
        summary("A child living at SA40 9ZZ was seriously injured at home."),
        3,
        "POSTCODE",
        "SA40",
        id="summary-unknown-postcode",
    ),
    pytest.param(
        plan_action("Call the family on 07700 900456 after each contact."),
        3,
        "action plan item 1 (action)",
        "900456",
        id="plan-unknown-phone",
    ),
    pytest.param(
        plan_action("Visit families in Cwmd\u0435rwen each month."),  # a Cyrillic e
        3,
        "action plan item 1 (action)",
        "Cwmd",
        id="plan-place-with-look-alike-letter",
    ),
]


@pytest.mark.parametrize(("change", "code", "message", "secret"), CASES)
def test_publish_and_submit_refuse_alike(
    ws: Workspace, change: Callable[[Workspace], None], code: int, message: str, secret: str | None
) -> None:
    change(ws)
    site_before = digest(ws.site)
    for command in ("publish", "submit"):
        result = runner.invoke(app, ["--workspace", str(ws.root), command, GWYN])
        assert result.exit_code == code, (command, result.output)
        flat = " ".join(result.output.split())
        assert message in flat, (command, result.output)
        if secret is not None:
            assert secret not in result.output
    assert digest(ws.site) == site_before
    assert not (ws.build / GWYN / "submission").exists()


def test_public_fields_name_every_field_the_page_shows(template: Workspace) -> None:
    labels = [label for label, _ in public_fields(open_review(template, GWYN))]
    assert labels[:3] == ["the record's reference", "the record's board", "the record's summary"]
    assert "action plan item 2 (intended_outcome)" in labels
    assert not [label for label in labels if "reviewer" in label or "chair" in label]


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Call 07700 900456 or write to a.person@example.com.", ["PHONE", "EMAIL"]),
        ("NHS number 943 476 5919 was recorded.", ["NHS_NUMBER"]),
        ("Lives near SY23\u200b 1AB.", ["POSTCODE"]),
        ("Agencies met on 14 March 2024 and agreed 3 actions.", []),
    ],
)
def test_pattern_problems_find_identifiers_no_list_names(text: str, kinds: list[str]) -> None:
    found = [p.detail for p in pattern_problems(text)]
    assert [k for k in kinds if not any(k in d for d in found)] == []
    assert len(found) == len(kinds)
