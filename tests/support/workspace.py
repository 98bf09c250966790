"""A scratch workspace holding one small fictional review, and an approved copy of it.

Everything here is invented for the tests; no real person or case. Fixtures built on
these live in tests/conftest.py; test modules import data and helpers from here, never
from one another.
"""

from __future__ import annotations

import os
import secrets
import shutil
import textwrap
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.store.signing import public_key_line

ROOT = Path(__file__).resolve().parents[2]
REF = "demo-2024-01"

RECORD = textwrap.dedent("""\
    # Fictional review record for tests.
    reference: DEMO 1/2024
    board: Mid and West Wales Safeguarding Board
    review_type: concise
    criteria:
      outcome: life_threatening_injury
      on_register_or_looked_after_in_6_months: false
    reviewers: [Anwen Testreviewer]
    panel_chair: Brychan Testchair
    themes: [neglect, information sharing]
    dates:
      referral_to_review_subgroup: 2024-01-15
      learning_event: 2024-03-20
    identities:
      - role: child
        pseudonym: Child D
        names: [Gwenllian Arbenig]
        aliases: [Gwen]
      - role: mother
        pseudonym: Mother
        names: [Siân Arbenig]
      - role: place
        pseudonym: a town in the Board area
        names: [Llanfyllin]
    """)

DRAFT = textwrap.dedent("""\
    # Concise Child Practice Review DEMO 1/2024

    This is a fictional draft written for the test suite. No real person or case.

    ## Circumstances

    Gwenllian Arbenig was two years old when she was admitted to hospital on
    14 March 2023. Gwen lived with her mother, Sian Arbenig, at 12 Heol y Felin,
    Llanfyllin, SY22 5AB. Gwenllian's health visitor was Dr Morwenna Testhealth.

    The mother telephoned 07700 900123 and wrote from demo.mother@example.com.

    ## Learning

    The Welsh Government guidance was followed by Children's Services and the
    health visitor. Siân said she will keep in touch with Dyfed-Powys Police.
    """)


# A throwaway signing key, made afresh for each test session and never stored in git.
# Every fictional test officer below shares it; `officer_key` writes it to a temporary
# file and points $CPR_KEY at it, so `cpr approve --officer NAME` signs with it. The
# random seed is kept in the environment so that this module imported a second time
# (as `tests.conftest`) holds the same key.
_SEED = os.environ.setdefault("CPR_TEST_KEY_SEED", secrets.token_hex(32))
TEST_KEY = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(_SEED))
TEST_OFFICERS: tuple[tuple[str, str], ...] = (
    ("Olwen Officer", "Business Manager"),
    ("Olwen Swyddog", "Business Manager"),
    ("O", "BM"),
    ("A", "BM"),
    ("B", "BM"),
)


def write_officers(root: Path, officers: tuple[tuple[str, str], ...] = TEST_OFFICERS) -> Path:
    """redaction_rules/officers.yaml for a test workspace, every officer with TEST_KEY."""
    lines = ["officers:"]
    for name, role in officers:
        lines += [
            f"  - name: {name}",
            f"    role: {role}",
            f"    public_key: {public_key_line(TEST_KEY)}",
        ]
    path = root / "redaction_rules" / "officers.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def make_workspace(
    root: Path, *, draft: str = DRAFT, record: str = RECORD, suffix: str = ".md"
) -> Path:
    """A workspace at `root` with the Board policy, its officers and one fictional review."""
    (root / "drafts" / REF).mkdir(parents=True)
    (root / "redaction_rules").mkdir()
    shutil.copy(ROOT / "redaction_rules" / "policy.yaml", root / "redaction_rules")
    write_officers(root)
    (root / "drafts" / REF / "review.yaml").write_text(record, encoding="utf-8")
    (root / "drafts" / REF / f"draft{suffix}").write_text(draft, encoding="utf-8")
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` with its bytes, to prove a failed command changed nothing."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        # A failed command records itself in the local trail of runs, and nothing else.
        if p.is_file() and ".lock" not in p.name and "stages.audit." not in p.name
    }


runner = CliRunner()

# Fictional: a review whose final report the Board has approved but not yet submitted.
SUBMIT_RECORD = RECORD.replace(
    "themes: [neglect, information sharing]\n",
    "themes: [neglect, information sharing]\n"
    "summary: A young child was admitted to hospital with an injury.\n",
).replace(
    "  learning_event: 2024-03-20\n",
    "  learning_event: 2024-03-20\n  board_approval: 2024-06-28  # the Board's meeting\n",
)
assert "board_approval" in SUBMIT_RECORD and "summary:" in SUBMIT_RECORD

PLAN = textwrap.dedent("""\
    items:
      - recommendation: 1
        action: Review the triage checklist | add a household question.
        lead_agency: Powys Teaching Health Board
        target_date: 2024-10-31
        intended_outcome: Every attendance has a completed safeguarding check.
        status: complete
        date_completed: 2024-10-20
      - recommendation: 2
        action: Brief practitioners on new adults in a household.
        lead_agency: Dyfed-Powys Police
        target_date: 2025-01-31
        intended_outcome: Practitioners ask who lives in the household.
        status: in_progress
    """)

SECRETS = ("Gwenllian", "Arbenig", "Llanfyllin", "Heol y Felin", "SY22 5AB", "07700 900123")


def cpr(ws: Path, *args: str):
    return runner.invoke(app, ["--workspace", str(ws), *args])


def build_approved(root: Path) -> Path:
    """Ingest, detect, decide every entry (redact), approve and anonymise a fictional review."""
    ws = make_workspace(root, draft=DRAFT, record=SUBMIT_RECORD)
    (ws / "drafts" / REF / "action_plan.yaml").write_text(PLAN, encoding="utf-8")
    for args in (("ingest", REF), ("detect", REF)):
        assert cpr(ws, *args).exit_code == 0
    rules = ws / "redaction_rules" / f"{REF}.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("decision: undecided", "decision: redact"),
        encoding="utf-8",
    )
    result = cpr(ws, "approve", REF, "--officer", "Olwen Officer", "--role", "Business Manager")
    assert result.exit_code == 0, result.output
    assert cpr(ws, "anonymise", REF).exit_code == 0
    return ws
