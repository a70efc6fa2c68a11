"""Content-addressed archive of raw letters, attachments and generated files (by SHA-256).

Files are written once under ``<data>/archive/ab/cd/<sha256>`` via a temp file and an atomic
rename, so a crash never leaves a half-written blob under its final name.
"""

from __future__ import annotations

import contextvars
import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from docflow.config import data_dir


def archive_root() -> Path:
    return _root(data_dir())


@lru_cache(maxsize=16)
def _root(base: Path) -> Path:
    """Created once per data folder; ``put`` re-creates a folder removed since."""
    root = base / "archive"
    root.mkdir(parents=True, exist_ok=True)
    return root


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def blob_path(digest: str, root: Path | None = None) -> Path:
    root = root or archive_root()
    return root / digest[:2] / digest[2:4] / digest


_deferred: contextvars.ContextVar[list[Path] | None] = contextvars.ContextVar("archive_deferred", default=None)


@contextmanager
def deferred_sync() -> Iterator[None]:
    """Write blobs without one disk sync each, and sync them all once when the block ends.

    Use it inside a transaction that refers to the blobs, so the sync happens before the commit:
    one sync per batch of letters instead of one per file.
    """
    token = _deferred.set([])
    try:
        yield
        if _deferred.get():
            os.sync()
    finally:
        _deferred.reset(token)


def put(data: bytes, root: Path | None = None, *, digest: str | None = None) -> str:
    """Store ``data``; return its SHA-256. Idempotent. Durable on return, or at the end of
    the enclosing ``deferred_sync()`` block. ``digest``: the SHA-256 the caller has just
    computed of the same bytes, so they are not hashed twice."""
    digest = digest or sha256(data)
    path = blob_path(digest, root)
    if path.exists():
        return digest
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    except FileNotFoundError:  # the first blob of its folder
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        pending = _deferred.get()
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            if pending is None:
                os.fsync(f.fileno())
        os.replace(tmp, path)
        if pending is not None:
            pending.append(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return digest


def get(digest: str, root: Path | None = None) -> bytes:
    data = blob_path(digest, root).read_bytes()
    if sha256(data) != digest:
        raise OSError(f"archive blob {digest} is corrupted")
    return data
