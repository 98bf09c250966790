"""Stage receipts, `build/<ref>/<stage>.json`: what a stage read and wrote, and with what.

Each stage writes one receipt when it succeeds: the sha256 of each input and output, the
versions of the tools that shaped the result, and the time. The next stage compares the
receipt's inputs with the files as they are now, so an output made from an older draft,
list or record is named as stale ("the draft changed after anonymise") instead of being
checked, passed or published as if it were current.

A receipt holds hashes, names, versions and a time: never document text.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from pipeline.store.fileio import atomic_write_text, sha256_file

SCHEMA = "1"
# The distributions whose versions shape a stage's output.
PACKAGES = ("cpr-publish", "spacy", "en_core_web_sm", "presidio-analyzer", "presidio-anonymizer")


@lru_cache(maxsize=1)
def package_versions() -> dict[str, str]:
    """The installed version of each package in PACKAGES ("absent" when not installed)."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


@lru_cache(maxsize=1)
def pandoc_version() -> str:
    """The version of the pandoc that pypandoc runs (or "absent")."""
    try:
        import pypandoc

        return str(pypandoc.get_pandoc_version())
    except (ImportError, OSError, RuntimeError):
        return "absent"


@dataclass(frozen=True)
class Receipt:
    """One stage's receipt as read back."""

    stage: str
    at: str
    inputs: dict[str, str]
    outputs: dict[str, str]
    tools: dict[str, str]
    details: dict[str, Any]


def receipt_path(build_dir: Path, stage: str) -> Path:
    """build/REF/<stage>.json (e.g. anonymise.json, anonymise.cy.json)."""
    return build_dir / f"{stage}.json"


def file_hashes(files: dict[str, Path]) -> dict[str, str]:
    """Each name -> the sha256 of its file that exists ("missing" for one that does not)."""
    return {name: sha256_file(p) if p.is_file() else "missing" for name, p in files.items()}


def write_receipt(
    build_dir: Path,
    stage: str,
    *,
    inputs: dict[str, str],
    outputs: dict[str, str],
    pandoc: bool = False,
    details: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> Receipt:
    """Write a stage's receipt atomically.

    Args:
        build_dir: build/REF/.
        stage: the stage's name, with a language suffix where it runs per language.
        inputs: name -> sha256 of everything the stage read.
        outputs: name -> sha256 of everything it wrote.
        pandoc: whether the stage ran pandoc (its version is then recorded).
        details: counts and flags only.
        now: the time (for tests).
    """
    tools = dict(package_versions())
    if pandoc:
        tools["pandoc"] = pandoc_version()
    at = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    receipt = Receipt(
        stage=stage,
        at=at.isoformat().replace("+00:00", "Z"),
        inputs=dict(sorted(inputs.items())),
        outputs=dict(sorted(outputs.items())),
        tools=tools,
        details=details or {},
    )
    body = {
        "schema_version": SCHEMA,
        "stage": receipt.stage,
        "at": receipt.at,
        "inputs": receipt.inputs,
        "outputs": receipt.outputs,
        "tools": receipt.tools,
        "details": receipt.details,
    }
    atomic_write_text(receipt_path(build_dir, stage), json.dumps(body, indent=2) + "\n")
    return receipt


def read_receipt(build_dir: Path, stage: str) -> Receipt | None:
    """The stage's receipt, or None when there is none or it cannot be read."""
    path = receipt_path(build_dir, stage)
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        return Receipt(
            stage=str(body["stage"]),
            at=str(body["at"]),
            inputs={str(k): str(v) for k, v in body["inputs"].items()},
            outputs={str(k): str(v) for k, v in body["outputs"].items()},
            tools={str(k): str(v) for k, v in body.get("tools", {}).items()},
            details=dict(body.get("details", {})),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def changed_inputs(receipt: Receipt, current: dict[str, str]) -> list[str]:
    """The names of the receipt's inputs whose hash differs now (in `current`'s order)."""
    return [name for name, digest in current.items() if receipt.inputs.get(name) != digest]


__all__ = [
    "Receipt",
    "changed_inputs",
    "file_hashes",
    "package_versions",
    "pandoc_version",
    "read_receipt",
    "receipt_path",
    "write_receipt",
]
