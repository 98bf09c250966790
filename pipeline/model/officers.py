"""The Board's officers who may approve redactions, `redaction_rules/officers.yaml`.

A reviewed file (it is in git, and changing it is a Board decision): each officer's
name, role and Ed25519 public key (`ssh-ed25519 AAAA...`). An approval names an
officer from this file and is signed with that officer's private key, which never
leaves the officer; publish and submit check the signature against the key here.
Validated strictly like every file a person writes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from pipeline.errors import InputError
from pipeline.store.signing import KEYGEN_FIX, parse_public_key
from pipeline.store.yamlio import load_model

OFFICERS_FILE = "officers.yaml"
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Officer(BaseModel):
    """One Board officer who may approve a redaction list."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: NonEmpty
    role: NonEmpty
    public_key: NonEmpty  # `ssh-ed25519 AAAA... [comment]`

    @field_validator("public_key")
    @classmethod
    def _is_an_ed25519_key(cls, value: str) -> str:
        parse_public_key(value)  # ValueError names what is wrong
        return value


class Officers(BaseModel):
    """The whole file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    officers: list[Officer] = Field(min_length=1)

    @model_validator(mode="after")
    def _names_are_unique(self) -> Self:
        seen: set[str] = set()
        for officer in self.officers:
            folded = officer.name.casefold()
            if folded in seen:
                raise ValueError(f"officer {officer.name!r} is listed twice")
            seen.add(folded)
        return self

    def find(self, name: str) -> Officer | None:
        """The officer of this name (exact, ignoring case and spacing), if listed."""
        wanted = " ".join(name.split()).casefold()
        return next(
            (o for o in self.officers if " ".join(o.name.split()).casefold() == wanted), None
        )


def load_officers(path: Path) -> Officers:
    """Load and validate the officers file.

    Raises:
        InputError: the file is missing, does not parse, or does not validate; the
            message names the line and key.
    """
    if not path.is_file():
        raise InputError(
            "there is no list of the Board's officers, so no approval can be signed or checked",
            file=path,
            fix="create it with each approving officer's name, role and public key "
            "(see README.md, 'Approving'); " + KEYGEN_FIX,
        )
    return load_model(Officers, path, what="officers")
