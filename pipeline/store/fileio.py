"""Atomic writes, hashes, the per-review lock, and the workspace boundary.

A failed step must leave the previous good file in place, so every write goes to a
temporary file in the same folder, is flushed to disk, then renamed over the target
(rename is atomic on POSIX within one file system).

Nothing is read or written through a symbolic link that leads out of the workspace: a
link in drafts/, redaction_rules/ or build/ could otherwise make a command read a file
it was never given or overwrite one anywhere the user can write.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from pipeline.errors import BusyError, InputError

LOCK_TIMEOUT_SECONDS = 30.0

# Called with the review's reference when a command has to wait for another one's lock,
# so the command line can say why it pauses. Library code itself never prints.
_wait_notices: list[Callable[[str], None]] = []


def on_lock_wait(notice: Callable[[str], None]) -> None:
    """Have `notice(ref)` called whenever a command starts waiting for a review's lock."""
    _wait_notices.append(notice)


# A folder holding these is a workspace (see store/workspace.py): the boundary that
# atomic writes and checked reads must not leave through a symbolic link.
WORKSPACE_MARKERS = ("drafts", "redaction_rules")
LINK_FIX = (
    "replace the link with the real file/folder (copy it into the workspace); "
    "links out of the workspace are not followed"
)


def _first_link(path: Path, root: Path) -> Path:
    """The first symbolic link on the way from `root` down to `path` (or `path` itself)."""
    current = root
    for part in path.relative_to(root).parts:
        current = current / part
        if current.is_symlink():
            return current
    return path


def ensure_inside(path: Path, root: Path) -> Path:
    """Return `path` if it stays inside `root` once every symbolic link is followed.

    `path` must lie under `root` as written; a link on the way that leads out of
    `root` (or that loops) is refused. A path that does not exist yet is fine: the
    folders above it are what a write would follow.

    Raises:
        InputError: a symbolic link leads out of the workspace.
    """
    root_abs = Path(os.path.abspath(root))
    path_abs = Path(os.path.abspath(path))
    try:
        real_root = root_abs.resolve()
        real = path_abs.resolve()
    except (OSError, RuntimeError):  # a loop of links
        real = None
    if real is not None and real.is_relative_to(real_root):
        return path
    link = _first_link(path_abs, root_abs) if path_abs.is_relative_to(root_abs) else path_abs
    raise InputError(
        "a symbolic link leads out of the workspace"
        if real is not None
        else "a symbolic link loops back on itself",
        file=link,
        fix=LINK_FIX,
    )


def workspace_root(path: Path) -> Path | None:
    """The workspace `path` lies in, as written (links not followed), or None."""
    for folder in Path(os.path.abspath(path)).parents:
        if any((folder / marker).is_dir() for marker in WORKSPACE_MARKERS):
            return folder
    return None


def ensure_in_workspace(path: Path) -> Path:
    """`ensure_inside` against the workspace `path` lies in; paths outside any pass."""
    root = workspace_root(path)
    return ensure_inside(path, root) if root is not None else path


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never half.

    Raises:
        InputError: the file or a folder above it is a link out of the workspace.
    """
    ensure_in_workspace(path)
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
    (anonymise calling verify) does not deadlock on itself. A lock file that is a
    symbolic link is refused: opening it would create or truncate the file it points to.
    """
    ensure_in_workspace(lock_path)
    if lock_path.is_symlink():
        raise InputError(
            f"the lock file of review {ref} is a symbolic link",
            file=lock_path,
            fix="delete the link (the lock file is created again when needed); "
            "links are not followed",
        )
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    # is_singleton: one lock object per path in this process, so nesting re-enters it.
    lock = FileLock(str(lock_path), timeout=timeout, is_singleton=True)
    try:
        try:
            lock.acquire(timeout=0)
        except Timeout:
            for notice in _wait_notices:
                notice(ref)
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
