"""Shared fixtures: scratch workspaces with one small fictional review.

The data and helpers they use are in tests/support/; everything is invented for the
tests, no real person or case.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.workspace import TEST_KEY, build_approved, make_workspace

from pipeline.store.signing import write_private_key


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


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A scratch workspace with one fictional review, not yet ingested."""
    return make_workspace(tmp_path / "ws")


@pytest.fixture(scope="session")
def approved_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One approved, anonymised fictional review, built once per session."""
    return build_approved(tmp_path_factory.mktemp("template") / "ws")


@pytest.fixture
def approved(approved_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of an approved, anonymised fictional review."""
    ws = tmp_path / "ws"
    shutil.copytree(approved_template, ws)
    return ws
