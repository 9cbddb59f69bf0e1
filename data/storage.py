"""Durable file storage for TinyDB.

TinyDB's own JSONStorage rewrites the file in place (a kill mid-write leaves
broken JSON) and CachingMiddleware loses unflushed writes. This storage reads
the file once, serves reads from memory and writes every change atomically:
a temporary file in the same folder, fsync, ``os.replace``, fsync the folder.
When ``write`` returns, the data is on disk; when it raises, the file on disk
is exactly as it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from data.errors import StoreCorrupt, StoreWriteError

FILE_MODE = 0o600
DIR_MODE = 0o700
TEMP_PREFIX = ".kith-tmp-"


def fsync_dir(folder: Path) -> None:
    """Make a rename inside ``folder`` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, payload: bytes) -> None:
    """Replace ``path`` with ``payload`` atomically and durably, mode 0600.

    Raises ``StoreWriteError`` (with the file untouched) on any OS error.
    """
    folder = path.parent
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX, suffix=".json")
        try:
            os.fchmod(fd, FILE_MODE)
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        tmp = None
        fsync_dir(folder)
    except OSError as error:
        raise StoreWriteError(path, error) from error
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def remove_stale_temp_files(folder: Path) -> int:
    """Delete temporary files left by an interrupted write; return how many."""
    removed = 0
    for leftover in folder.glob(f"{TEMP_PREFIX}*"):
        try:
            leftover.unlink()
            removed += 1
        except OSError:
            pass
    return removed


def dumps(data: Any) -> bytes:
    return orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS)


def load_file(path: Path) -> dict[str, Any] | None:
    """Parse a store file. ``None`` if it does not exist or is empty; raises
    ``StoreCorrupt`` if it cannot be parsed as a JSON object of tables."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StoreCorrupt(path, f"it cannot be read ({error.strerror or error}).") from error
    if not raw.strip():
        return None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise StoreCorrupt(path, f"it is not valid JSON ({error}).") from error
    if not isinstance(data, dict) or not all(
        isinstance(table, dict) for table in data.values()
    ):
        raise StoreCorrupt(path, "it is JSON, but not in the shape Kith writes.")
    return data


class DurableStorage(Storage):
    """A TinyDB storage: one read at open, atomic durable writes after."""

    def __init__(self, path: Path, initial: dict[str, Any] | None = None) -> None:
        self.path = path
        self._data: dict[str, Any] | None = initial
        self._batch_depth = 0
        self._pending = False

    def read(self) -> dict[str, Any] | None:
        if self._data is None:
            return None
        # A shallow copy: TinyDB replaces whole tables, so the outer dict of the
        # last good state is never changed by an update in progress.
        return dict(self._data)

    def write(self, data: dict[str, Any]) -> None:
        self._data = data
        if self._batch_depth:
            self._pending = True
            return
        atomic_write_bytes(self.path, dumps(data))

    def reload(self) -> dict[str, Any] | None:
        """Forget memory and read the file again (after a failed write)."""
        self._data = load_file(self.path)
        return self._data

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group several changes into one atomic write."""
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
        if self._batch_depth == 0 and self._pending:
            self._pending = False
            if self._data is not None:
                atomic_write_bytes(self.path, dumps(self._data))

    def discard_batch(self) -> None:
        self._pending = False

    def close(self) -> None:
        pass
