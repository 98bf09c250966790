"""Atomic writes, hashes and the per-review lock.

A failed step must leave the previous good file in place, so every write goes to a
temporary file in the same folder, is flushed to disk, then renamed over the target
(rename is atomic on POSIX within one file system).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from pipeline.errors import BusyError

LOCK_TIMEOUT_SECONDS = 30.0


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """Write UTF-8 text atomically."""
    atomic_write_bytes(path, text.encode("utf-8"))


def sha256_bytes(data: bytes) -> str:
    """Hex sha256 of bytes."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


@contextlib.contextmanager
def review_lock(
    lock_path: Path, *, ref: str, timeout: float = LOCK_TIMEOUT_SECONDS
) -> Iterator[None]:
    """Hold the review's lock; a second command waits, then fails clearly.

    The lock is re-entrant within one process, so a command that calls another stage
    (anonymise calling verify) does not deadlock on itself.
    """
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    # is_singleton: one lock object per path in this process, so nesting re-enters it.
    lock = FileLock(str(lock_path), timeout=timeout, is_singleton=True)
    try:
        lock.acquire()
    except Timeout as exc:
        raise BusyError(
            f"another cpr command is working on review {ref} (waited {timeout:.0f} s)",
            file=lock_path,
            fix="wait for the other command to finish, then run this one again; if none is "
            "running, the lock is stale and is released when its process has ended",
        ) from exc
    try:
        yield
    finally:
        lock.release()
