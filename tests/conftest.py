"""Shared fixtures: a scratch workspace holding one small fictional review.

Everything here is invented for the tests; no real person or case.
"""

from __future__ import annotations

import os
import secrets
import shutil
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pipeline.store.signing import public_key_line, write_private_key

ROOT = Path(__file__).resolve().parent.parent
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


@pytest.fixture(scope="session", autouse=True)
def officer_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """TEST_KEY's private key file, outside every workspace; $CPR_KEY points at it."""
    path = tmp_path_factory.mktemp("officer-key") / "officer.key"
    write_private_key(path, TEST_KEY)
    before = os.environ.get("CPR_KEY")
    os.environ["CPR_KEY"] = str(path)
    yield path
    if before is None:
        os.environ.pop("CPR_KEY", None)
    else:
        os.environ["CPR_KEY"] = before


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


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A scratch workspace with one fictional review, not yet ingested."""
    return make_workspace(tmp_path / "ws")


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` with its bytes, to prove a failed command changed nothing."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".lock" not in p.name
    }
