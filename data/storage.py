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
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from kith.data.crypto import StoreKey, open_bytes
from kith.data.errors import StoreCorrupt, StoreUnsafe, StoreWriteError
from kith.data.journal import JOURNAL_TABLE, Journal, wants_compaction
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


def load_file(path: Path, key: StoreKey | None = None) -> dict[str, Any] | None:
    """Parse a store file (sealed with ``key``, or plain). ``None`` if it does not exist
    or is empty; raises ``StoreCorrupt`` if it cannot be parsed as a JSON object of
    tables, ``PassphraseNeeded`` for a sealed file without a key, ``WrongPassphrase``."""
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
    raw = open_bytes(raw, path, key)
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
    """A TinyDB storage: a snapshot read once at open, then a write-ahead journal.

    The snapshot keeps TinyDB's layout (``{"table": {"doc id": {...}}}``). In memory
    each document is kept once, already serialised (its ``fragment``), so that a
    compaction joins bytes instead of re-encoding ten years of records.

    ``change`` is the path the store writes through: it appends one journal line
    (``kith.data.journal``) and returns once it is on disk. ``compact`` writes the
    whole snapshot atomically and empties the journal; it runs on close and, past
    the threshold, in a background thread. ``read`` and ``write`` keep TinyDB's
    ``Storage`` interface. Without a journal (a read-only store) nothing is written.
    """

    def __init__(
        self, path: Path, initial: dict[str, Any] | None = None, key: StoreKey | None = None
    ) -> None:
        self.path = path
        self.key = key  # an encrypted store: the snapshot is sealed whole (issue 16)
        self._docs: dict[str, dict[str, bytes]] | None = None
        self._batch_depth = 0
        self._pending = False
        self._batch_ops: list[dict[str, Any]] = []
        self.journal: Journal | None = None
        self.snapshot_size = 0
        self.lock = threading.RLock()  # memory + journal; taken by compaction too
        self._compactor: threading.Thread | None = None
        self.compactions = 0
        self.compaction_error: BaseException | None = None
        # Called with each journal line's payload once it is on disk, before the save
        # is acknowledged, under the lock (issue 17: the sync change log). A hook
        # that raises does not undo the save: the journal holds it.
        self.after_append: list[Callable[[dict[str, Any]], None]] = []
        self.hook_error: Exception | None = None
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

    def chunks(
        self,
        tables: dict[str, list[bytes]] | None = None,
        meta: dict[str, Any] | None = None,
    ) -> Iterator[bytes]:
        """The whole file as byte strings of a few hundred kilobytes, made as they
        are written: a save never builds (and page-faults in) one buffer the size
        of the file, which made saving 50 MB four times slower per byte.

        ``tables`` (each table's fragments) defaults to memory now; ``meta``, the
        ``_journal`` record, is written as the last table."""
        if tables is None:
            tables = {name: list(frags.values()) for name, frags in (self._docs or {}).items()}
        opening = b"{"
        for name, documents in tables.items():
            yield opening + orjson.dumps(name) + b":{"
            opening = b","
            for start in range(0, len(documents), CHUNK_DOCUMENTS):
                batch = documents[start : start + CHUNK_DOCUMENTS]
                yield (b"," if start else b"") + b",".join(batch)
            yield b"}"
        if meta is not None:
            yield opening + orjson.dumps(JOURNAL_TABLE) + b":{" + fragment("1", meta) + b"}"
            opening = b","
        yield b"}" if opening == b"," else b"{}"

    def payload(self) -> bytes:
        """The whole file as one byte string (without the journal record)."""
        return b"".join(self.chunks())

    # -- the journal -------------------------------------------------------------
    def attach(self, journal: Journal, snapshot_size: int) -> None:
        """Saves go to ``journal`` from now on (a writable store, after loading)."""
        self.journal = journal
        self.snapshot_size = snapshot_size

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
        the files and this storage still agree.
        """
        docs = {str(doc_id): doc for doc_id, doc in (put or {}).items()}
        new = {key: fragment(key, doc) for key, doc in docs.items()}
        gone = [str(doc_id) for doc_id in remove]
        ops = [{"t": table, "k": key, "v": doc} for key, doc in docs.items()]
        ops += [{"t": table, "k": key, "v": None} for key in gone]
        with self.lock:
            if self._docs is None:
                self._docs = {}
            had_table = table in self._docs
            fragments = self._docs.setdefault(table, {})
            before = {key: fragments.get(key) for key in (*new, *gone)}
            fragments.update(new)
            for key in gone:
                fragments.pop(key, None)
            if self._batch_depth:
                self._batch_ops.extend(ops)
                self._pending = True
                return
            try:
                self._append(ops)
            except StoreWriteError:
                for key, old in before.items():
                    if old is None:
                        fragments.pop(key, None)
                    else:
                        fragments[key] = old
                if not had_table:
                    del self._docs[table]
                raise
        self._maybe_compact()

    def _append(self, ops: list[dict[str, Any]]) -> None:
        if self.journal is None:
            self._write_snapshot_now()
            return
        payload = self.journal.append(ops)
        for hook in list(self.after_append):
            try:
                hook(payload)
            except Exception as error:  # the save stands: the hook catches up later
                self.hook_error = error

    def save(self) -> None:
        """Write what is in memory now as the snapshot, durably (a new or migrated store)."""
        self.compact()

    def _write_snapshot_now(self) -> None:
        atomic_write_bytes(self.path, self.sealed(self.chunks()))

    def sealed(self, chunks: Iterable[bytes]) -> bytes | Iterable[bytes]:
        """The file's bytes as written: the chunks themselves, or one sealed file."""
        if self.key is None:
            return chunks
        return self.key.seal_file(b"".join(chunks))

    # -- compaction --------------------------------------------------------------
    def compact(self) -> None:
        """Write the snapshot from memory, then empty the journal (crash-safe order:
        the snapshot names the last line it holds, so replay skips those lines)."""
        self.wait_for_compaction()
        with self.lock:
            self._compact_locked()

    def _compact_locked(self) -> None:
        journal = self.journal
        if journal is None:
            self._write_snapshot_now()
            return
        meta = journal.meta()
        atomic_write_bytes(self.path, self.sealed(self.chunks(meta=meta)))
        self.snapshot_size = self.path.stat().st_size
        journal.compaction_begins()
        journal.compaction_ends(meta["seq"])
        self.compactions += 1

    def _maybe_compact(self) -> None:
        journal = self.journal
        if journal is None or not wants_compaction(journal.size, self.snapshot_size):
            return
        if self._compactor is not None and self._compactor.is_alive():
            return
        self._compactor = threading.Thread(
            target=self._compact_in_background, name="kith-compaction", daemon=True
        )
        self._compactor.start()

    def _compact_in_background(self) -> None:
        """Off the UI thread: memory is captured under the lock (a list of references
        per table), written without it, and the journal emptied under it again."""
        journal = self.journal
        if journal is None:
            return
        try:
            with self.lock:
                if self._batch_depth:
                    return
                tables = {name: list(frags.values()) for name, frags in (self._docs or {}).items()}
                meta = journal.meta()
                journal.compaction_begins()
            try:
                atomic_write_bytes(self.path, self.sealed(self.chunks(tables, meta)))
            except BaseException:
                with self.lock:
                    journal.compaction_abandoned()
                raise
            with self.lock:
                self.snapshot_size = self.path.stat().st_size
                journal.compaction_ends(meta["seq"])
                self.compactions += 1
        except BaseException as error:  # the journal still holds everything: retried later
            self.compaction_error = error

    def wait_for_compaction(self) -> None:
        compactor = self._compactor
        if compactor is not None and compactor is not threading.current_thread():
            compactor.join()
        self._compactor = None

    # -- TinyDB's Storage interface -----------------------------------------------
    def read(self) -> dict[str, Any] | None:
        if self._docs is None:
            return None
        data: dict[str, Any] = orjson.loads(self.payload())
        return data

    def write(self, data: dict[str, Any]) -> None:
        with self.lock:
            self.load(data)
            self._compact_locked()

    def reload(self) -> dict[str, Any] | None:
        """Forget memory and read the files again (after a failed write)."""
        from kith.data.journal import load_current

        tables = load_current(self.path, self.key)
        self._docs = None
        if tables is not None:
            self.load(tables)
        return tables

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group several changes into one journal line: all of them or none."""
        with self.lock:
            self._batch_depth += 1
            try:
                yield
            finally:
                self._batch_depth -= 1
            if self._batch_depth == 0 and self._pending:
                self._pending = False
                ops, self._batch_ops = self._batch_ops, []
                if self._docs is not None:
                    self._append(ops)
        self._maybe_compact()

    def discard_batch(self) -> None:
        self._pending = False
        self._batch_ops = []

    def close(self) -> None:
        """Compact if the journal holds anything, then let the journal go."""
        self.wait_for_compaction()
        if self.journal is not None:
            if self.journal.size:
                self.compact()
            self.journal.close()
