"""The README documents every command and every policy key a Board can set."""

from __future__ import annotations

import typer.main
from support.workspace import ROOT

from pipeline.cli import app
from pipeline.model.policy import Policy

README = (ROOT / "README.md").read_text(encoding="utf-8")
POLICY = (ROOT / "redaction_rules" / "policy.yaml").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme() -> None:
    group = typer.main.get_group(app)
    missing = [name for name in group.commands if f"cpr {name}" not in README]
    assert not missing, f"commands missing from README.md: {missing}"


def test_every_policy_setting_is_in_the_policy_file() -> None:
    missing = [key for key in Policy.model_fields if f"\n{key}:" not in "\n" + POLICY]
    assert not missing, f"settings missing from redaction_rules/policy.yaml: {missing}"
