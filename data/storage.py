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
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from kith.data.errors import StoreCorrupt, StoreUnsafe, StoreWriteError
from kith.data.limits import STORE_MAX, InputRefused, read_limited

FILE_MODE = 0o600
DIR_MODE = 0o700
TEMP_PREFIX = ".kith-tmp-"
CHUNK_DOCUMENTS = 512  # documents joined per write: about 250 KB of interactions


def check_own_folder(folder: Path) -> None:
    """Refuse a folder that belongs to another user (links followed): Kith never
    writes, not even a lock file, into someone else's folder."""
    if folder.stat().st_uid != os.getuid():
        raise StoreUnsafe(
            f"The data folder {folder} belongs to another user. Kith will not write "
            "there. Choose your own folder with --data-dir."
        )


def fsync_dir(folder: Path) -> None:
    """Make a rename inside ``folder`` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, payload: bytes | Iterable[bytes]) -> None:
    """Replace ``path`` with ``payload`` atomically and durably, mode 0600.

    ``payload`` is bytes, or byte strings (a list, a generator) written one after the
    other (the store's tables, without first joining them into one copy).
    Raises ``StoreWriteError`` (with the file untouched) on any OS error.
    """
    folder = path.parent
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX, suffix=".json")
        try:
            os.fchmod(fd, FILE_MODE)
            for part in (payload,) if isinstance(payload, bytes) else payload:
                view = memoryview(part)
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
            with suppress(OSError):
                os.unlink(tmp)


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
        raw = read_limited(path, STORE_MAX, what="data file")  # never a FIFO or a device
    except FileNotFoundError:
        return None
    except InputRefused as error:
        raise StoreCorrupt(path, str(error)) from None
    except OSError as error:
        raise StoreCorrupt(path, f"it cannot be read ({error.strerror or error}).") from error
    if not raw.strip():
        return None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise StoreCorrupt(path, f"it is not valid JSON ({error}).") from error
    if not isinstance(data, dict) or not all(isinstance(table, dict) for table in data.values()):
        raise StoreCorrupt(path, "it is JSON, but not in the shape Kith writes.")
    return data


def fragment(doc_id: str, doc: Any) -> bytes:
    """One document as it appears inside its table: ``"doc id":{...}``."""
    return orjson.dumps(doc_id) + b":" + dumps(doc)


class DurableStorage(Storage):
    """A TinyDB storage: one read at open, atomic durable writes after.

    The file keeps TinyDB's layout (``{"table": {"doc id": {...}}}``). In memory
    each document is kept once, already serialised (its ``fragment``): a save
    serialises only the changed documents and joins bytes, instead of
    re-encoding ten years of records, and no second copy of every record is
    kept as dicts beside the store's validated models.

    ``change`` is the path the store writes through; ``read`` and ``write``
    (whole tables as dicts) keep TinyDB's ``Storage`` interface.
    """

    def __init__(self, path: Path, initial: dict[str, Any] | None = None) -> None:
        self.path = path
        self._docs: dict[str, dict[str, bytes]] | None = None
        self._batch_depth = 0
        self._pending = False
        if initial is not None:
            self.load(initial)

    # -- memory ----------------------------------------------------------------
    def load(self, tables: dict[str, Any]) -> None:
        """Take ``tables`` (parsed, TinyDB layout) as what is on disk; nothing is written."""
        self._docs = {
            name: {str(doc_id): fragment(str(doc_id), doc) for doc_id, doc in table.items()}
            for name, table in tables.items()
        }

    def clear(self) -> None:
        """Forget every table (before they are loaded again)."""
        self._docs = {}

    def load_table(self, table: str, fragments: dict[str, bytes]) -> None:
        """Take one table's fragments (built while loading) as what is on disk."""
        if self._docs is None:
            self._docs = {}
        self._docs[table] = fragments

    def chunks(self) -> Iterator[bytes]:
        """The whole file as byte strings of a few hundred kilobytes, made as they
        are written: a save never builds (and page-faults in) one buffer the size
        of the file, which made saving 50 MB four times slower per byte."""
        opening = b"{"
        for name, fragments in (self._docs or {}).items():
            yield opening + orjson.dumps(name) + b":{"
            opening = b","
            documents = list(fragments.values())
            for start in range(0, len(documents), CHUNK_DOCUMENTS):
                batch = documents[start : start + CHUNK_DOCUMENTS]
                yield (b"," if start else b"") + b",".join(batch)
            yield b"}"
        yield b"}" if opening == b"," else b"{}"

    def payload(self) -> bytes:
        """The whole file as one byte string."""
        return b"".join(self.chunks())

    # -- writing ---------------------------------------------------------------
    def change(
        self,
        table: str,
        put: dict[int, Any] | None = None,
        remove: tuple[int, ...] = (),
    ) -> None:
        """Put and remove documents (by doc id) of one table, then save durably.

        Inside ``batch`` the save waits for the end of the batch. If the save
        fails, memory is put back as it was and ``StoreWriteError`` propagates:
        the file and this storage still agree.
        """
        new = {str(doc_id): fragment(str(doc_id), doc) for doc_id, doc in (put or {}).items()}
        gone = [str(doc_id) for doc_id in remove]
        if self._docs is None:
            self._docs = {}
        had_table = table in self._docs
        fragments = self._docs.setdefault(table, {})
        before = {key: fragments.get(key) for key in (*new, *gone)}
        fragments.update(new)
        for key in gone:
            fragments.pop(key, None)
        try:
            self._save()
        except StoreWriteError:
            for key, old in before.items():
                if old is None:
                    fragments.pop(key, None)
                else:
                    fragments[key] = old
            if not had_table:
                del self._docs[table]
            raise

    def save(self) -> None:
        """Write what is in memory now, durably (at the end of the batch inside one)."""
        self._save()

    def _save(self) -> None:
        if self._batch_depth:
            self._pending = True
            return
        atomic_write_bytes(self.path, self.chunks())

    # -- TinyDB's Storage interface -----------------------------------------------
    def read(self) -> dict[str, Any] | None:
        if self._docs is None:
            return None
        data: dict[str, Any] = orjson.loads(self.payload())
        return data

    def write(self, data: dict[str, Any]) -> None:
        self.load(data)
        self._save()

    def reload(self) -> dict[str, Any] | None:
        """Forget memory and read the file again (after a failed write)."""
        tables = load_file(self.path)
        self._docs = None
        if tables is not None:
            self.load(tables)
        return tables

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
            if self._docs is not None:
                atomic_write_bytes(self.path, self.chunks())

    def discard_batch(self) -> None:
        self._pending = False

    def close(self) -> None:
        pass
