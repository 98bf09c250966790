"""Ed25519 keys and signatures for approvals, through the `cryptography` package.

Keys use the OpenSSH formats, so an officer can either run `cpr keygen` or use an
Ed25519 key made with `ssh-keygen -t ed25519` (a key protected by a passphrase needs
the `bcrypt` package, which `cryptography` asks for). The public half is one line,
`ssh-ed25519 AAAA... comment`, which goes into `redaction_rules/officers.yaml`.

Nothing here knows what an approval is: it signs and verifies bytes. Private keys are
never logged, copied or written anywhere but the path the officer chooses.
"""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from pipeline.errors import InputError

KEY_TYPE = "ssh-ed25519"
MAX_KEY_BYTES = 64 * 1024
KEYGEN_FIX = (
    "make a key once with `cpr keygen --officer NAME --out PATH` (or "
    "`ssh-keygen -t ed25519 -f PATH`), keep the private key file to yourself, and ask "
    "the Board to add the public key line it prints to redaction_rules/officers.yaml"
)


class EncryptedKeyError(InputError):
    """The private key is protected by a passphrase and none (or a wrong one) was given."""


def new_private_key() -> Ed25519PrivateKey:
    """A fresh Ed25519 private key."""
    return Ed25519PrivateKey.generate()


def public_key_line(key: Ed25519PrivateKey | Ed25519PublicKey, comment: str = "") -> str:
    """The public key as one OpenSSH line: `ssh-ed25519 AAAA... comment`."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    line = public.public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
    ).decode("ascii")
    comment = " ".join(comment.split())
    return f"{line} {comment}" if comment else line


def write_private_key(path: Path, key: Ed25519PrivateKey) -> None:
    """Write the private key in OpenSSH format, readable by its owner only (0600).

    Raises:
        InputError: the file already exists (a key is never overwritten).
    """
    data = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.OpenSSH,
        serialization.NoEncryption(),
    )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise InputError(
            "a file is already there; a key is never overwritten",
            file=path,
            fix="choose another --out path, or use the key that is already there",
        ) from None
    except OSError as exc:
        raise InputError(
            f"cannot create the key file ({exc.strerror})",
            file=path,
            fix="choose a folder you can write to",
        ) from None
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.chmod(path, 0o600)


def load_private_key(path: Path, *, passphrase: bytes | None = None) -> Ed25519PrivateKey:
    """Read an Ed25519 private key (OpenSSH or PKCS#8 PEM).

    Raises:
        EncryptedKeyError: the key needs a passphrase, or the one given is wrong.
        InputError: no such file, not a private key, or not an Ed25519 key.
    """
    try:
        data = path.read_bytes()[: MAX_KEY_BYTES + 1]
    except OSError as exc:
        raise InputError(
            f"cannot read the private key ({exc.strerror or type(exc).__name__})",
            file=path,
            fix=KEYGEN_FIX,
        ) from None
    if len(data) > MAX_KEY_BYTES:
        raise InputError("this is not a private key file (too large)", file=path, fix=KEYGEN_FIX)
    key: object
    try:
        if b"OPENSSH PRIVATE KEY" in data:
            key = serialization.load_ssh_private_key(data, password=passphrase)
        else:
            key = serialization.load_pem_private_key(data, password=passphrase)
    except TypeError:
        raise EncryptedKeyError(
            "the private key is protected by a passphrase",
            file=path,
            fix="give the passphrase when asked (or set CPR_KEY_PASSPHRASE)",
        ) from None
    except ValueError as exc:
        wrong = passphrase is not None and "password" in str(exc).lower()
        raise (EncryptedKeyError if wrong else InputError)(
            "the passphrase is wrong" if wrong else "this file is not a private key it can read",
            file=path,
            fix="try the passphrase again" if wrong else KEYGEN_FIX,
        ) from None
    except Exception as exc:  # unsupported algorithm, missing bcrypt, ...
        raise InputError(
            f"the private key cannot be read ({type(exc).__name__})",
            file=path,
            fix=KEYGEN_FIX,
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InputError("the private key is not an Ed25519 key", file=path, fix=KEYGEN_FIX)
    return key


def parse_public_key(line: str) -> Ed25519PublicKey:
    """The key of one `ssh-ed25519 AAAA... [comment]` line.

    Raises:
        ValueError: the line is not an Ed25519 public key (the caller names file and key).
    """
    parts = line.split()
    if len(parts) < 2 or parts[0] != KEY_TYPE:
        raise ValueError("a public key line starts with `ssh-ed25519 AAAA`")
    try:
        key = serialization.load_ssh_public_key(f"{parts[0]} {parts[1]}".encode("ascii"))
    except (ValueError, UnicodeEncodeError, binascii.Error):
        raise ValueError("the public key does not decode") from None
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("the public key is not an Ed25519 key")
    return key


def same_key(a: Ed25519PublicKey, b: Ed25519PublicKey) -> bool:
    """Whether two public keys are the same key."""
    raw = serialization.Encoding.Raw, serialization.PublicFormat.Raw
    return a.public_bytes(*raw) == b.public_bytes(*raw)


def sign(key: Ed25519PrivateKey, message: bytes) -> str:
    """The signature of `message`, base64 (88 characters)."""
    return base64.b64encode(key.sign(message)).decode("ascii")


def verify(public: Ed25519PublicKey, message: bytes, signature: str) -> bool:
    """Whether `signature` (base64) is `public`'s signature of `message`."""
    try:
        raw = base64.b64decode(signature.encode("ascii"), validate=True)
        public.verify(raw, message)
    except (InvalidSignature, ValueError, UnicodeEncodeError, binascii.Error):
        return False
    return True
