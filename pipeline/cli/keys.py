"""The officer's signing key on the command line: read it, asking for a passphrase if needed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pipeline.errors import InputError
from pipeline.store.signing import KEYGEN_FIX, EncryptedKeyError, load_private_key

PASSPHRASE_ENV = "CPR_KEY_PASSPHRASE"


def signing_key(path: Path | None) -> Ed25519PrivateKey:
    """The officer's private key from `--key PATH` (or $CPR_KEY).

    A key protected by a passphrase takes it from $CPR_KEY_PASSPHRASE, or asks for it
    (hidden) when the command runs in a terminal.

    Raises:
        InputError: no key given, or it cannot be read; the fix says how to make one.
    """
    if path is None:
        raise InputError(
            "an approval is signed with the officer's own key, and no key was given",
            fix=KEYGEN_FIX + "; then approve with `--key PATH` (or set CPR_KEY=PATH)",
        )
    env = os.environ.get(PASSPHRASE_ENV)
    try:
        return load_private_key(path, passphrase=env.encode("utf-8") if env else None)
    except EncryptedKeyError:
        if env is not None or not sys.stdin.isatty():
            raise
    typed = typer.prompt(f"Passphrase for {path}", hide_input=True)
    return load_private_key(path, passphrase=typed.encode("utf-8"))
