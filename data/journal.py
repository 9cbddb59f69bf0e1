"""The write-ahead journal beside the store file: one checksummed line per save.

``kith.json`` is a complete TinyDB-format snapshot; ``kith.journal`` beside it
holds what was saved since that snapshot, one line per save (a save of a batch is
one line, so it stays all-or-none). A save appends its line and ``fdatasync``\\ s
before it returns; nothing else is rewritten. Opening reads the snapshot and then
replays the journal (``load_current``); compaction writes a new snapshot and then
empties the journal (``Journal.compact_done``).

A line::

    K1 <crc32 of PAYLOAD, 8 hex digits> <PAYLOAD>\\n

``PAYLOAD`` is one JSON object::

    {"gen": "<journal generation>", "seq": 41, "hlc": [<unix ms>, <counter>],
     "machine": "<machine id>", "ops": [{"t": "contacts", "k": "7", "v": {...}}, ...]}

Each op is one record version: table ``t``, document ``k``, the whole record
``v`` (``null`` for a deletion, a tombstone). ``hlc`` is a hybrid logical clock
and ``machine`` the id of the machine that wrote it: the sync issue's change logs
can use the same line. The tag ``K1`` names the format, so an encrypted journal
can use the same framing with another tag (``E1 <crc32> <base64 of nonce +
AEAD ciphertext of PAYLOAD>``): the line is the unit of sealing.

The snapshot names the journal it was cut from in a ``_journal`` table
(``{"1": {"gen": ..., "seq": N, "machine": ...}}``): replay skips lines with
``seq <= N``, so a kill between writing the snapshot and emptying the journal
loses nothing and applies nothing twice. A journal whose lines do not follow the
snapshot (another generation, or a gap) was left by a file put in place by hand or
by a restore: it is moved aside, never applied. A torn or bad-checksum *last* line
(a kill mid-append: never acknowledged) is ignored and cut off at the next
writable open; a bad line with good lines after it is corruption.
"""

from __future__ import annotations

import os
import secrets
import stat
import threading
import time
import zlib
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import orjson

from kith.data.errors import StoreCorrupt, StoreUnsafe, StoreWriteError

if TYPE_CHECKING:
    from kith.data.crypto import StoreKey

JOURNAL_FILE = "kith.journal"
STORE_FILE_NAME = "kith.json"  # the store file whose journal this is (data/store.py: STORE_FILE)
JOURNAL_TABLE = "_journal"
TAG = b"K1"
# Compaction when the journal passes a quarter of the snapshot (at least 64 KB,
# so a small store is not rewritten every few saves) or 4 MB, whichever is less.
COMPACT_MAX_BYTES = 4 * 1024 * 1024
COMPACT_MIN_BYTES = 64 * 1024
COMPACT_FRACTION = 0.25
MAX_JOURNAL_BYTES = 1024 * 1024 * 1024  # a journal larger than this is not Kith's

Op = dict[str, Any]


def _corrupt(path: Path, detail: str) -> StoreCorrupt:
    """Journal damage is the data file's damage: recovery sets both aside."""
    return StoreCorrupt(path.with_name("kith.json"), f"its journal {path.name}: {detail}.")


def journal_path(store_file: Path) -> Path:
    """``kith.json``'s journal is ``kith.journal``; any other file (a backup, a file
    kept aside) has its own name's, which does not exist: never another file's."""
    if store_file.name == STORE_FILE_NAME:
        return store_file.with_name(JOURNAL_FILE)
    return store_file.with_suffix(".journal")


def new_id() -> str:
    return secrets.token_hex(8)


# -- the hybrid logical clock ----------------------------------------------------------
class HybridClock:
    """``[unix milliseconds, counter]``, never going backwards on this machine even
    when the wall clock does (Kulkarni et al., 2014)."""

    def __init__(self, last: tuple[int, int] = (0, 0)) -> None:
        self.last = last

    def tick(self) -> list[int]:
        wall = time.time_ns() // 1_000_000
        ms, counter = self.last
        self.last = (wall, 0) if wall > ms else (ms, counter + 1)
        return list(self.last)

    def observe(self, stamp: Any) -> None:
        whole = isinstance(stamp, list) and len(stamp) == 2 and all(type(x) is int for x in stamp)
        if whole and (stamp[0], stamp[1]) > self.last:
            self.last = (stamp[0], stamp[1])


def meta_record(
    gen: str | None, seq: int, machine: str | None, hlc: tuple[int, int]
) -> dict[str, Any]:
    """The snapshot's ``_journal`` record: the journal it was cut from and its last line."""
    return {"gen": gen, "seq": seq, "machine": machine, "hlc": list(hlc)}


# -- lines ------------------------------------------------------------------------------
class Sealer(Protocol):
    """Seals one journal line's payload (issue 16: an AEAD with its own nonce per
    line). ``tag`` (two bytes, e.g. ``b"E1"``) names the framing; ``open`` raises
    ``ValueError`` for a line that is not whole or not sealed with this key."""

    tag: bytes

    def seal(self, plain: bytes) -> bytes: ...

    def open(self, sealed: bytes) -> bytes: ...


def encode_line(payload: dict[str, Any], sealer: Sealer | None = None) -> bytes:
    """One journal (or sync change-log) line: ``TAG crc32 BODY``. With a sealer the
    body is its ``seal`` of the JSON, and the tag is the sealer's."""
    body = orjson.dumps(payload, option=orjson.OPT_NON_STR_KEYS)
    tag = TAG
    if sealer is not None:
        body, tag = sealer.seal(body), sealer.tag
    return b"%s %08x %s\n" % (tag, zlib.crc32(body), body)


def decode_line(line: bytes, sealer: Sealer | None = None) -> dict[str, Any] | None:
    """The payload of one line (without its newline), or None if it is not whole
    (a torn line, a bad checksum, a line sealed with another key or not sealed)."""
    tag = TAG if sealer is None else sealer.tag
    if len(line) < 13 or line[:3] != tag + b" " or line[11:12] != b" ":
        return None
    body = line[12:]
    try:
        if int(line[3:11], 16) != zlib.crc32(body):
            return None
        if sealer is not None:
            body = sealer.open(body)
        payload = orjson.loads(body)
    except (ValueError, orjson.JSONDecodeError):
        return None
    if not isinstance(payload, dict) or type(payload.get("seq")) is not int:
        return None
    ops = payload.get("ops")
    if not isinstance(ops, list) or not all(_good_op(op) for op in ops):
        return None
    return payload


def _good_op(op: Any) -> bool:
    return (
        isinstance(op, dict)
        and isinstance(op.get("t"), str)
        and isinstance(op.get("k"), str)
        and (op.get("v") is None or isinstance(op.get("v"), dict))
    )


@dataclass
class JournalState:
    """What the journal holds and how it follows the snapshot."""

    gen: str | None = None  # None: the snapshot names no journal (an older Kith's file)
    seq: int = 0  # the last sequence number applied (snapshot's or journal's)
    machine: str | None = None
    entries: list[dict[str, Any]] = field(default_factory=list)  # lines to apply
    good_end: int = 0  # bytes of the journal that are whole lines
    size: int = 0  # bytes in the journal file
    stale: bool = False  # the journal does not follow the snapshot: set aside
    hlc: tuple[int, int] = (0, 0)


def read_journal_bytes(path: Path) -> bytes:
    """The journal's bytes (empty if there is none). Refuses a link or a non-file."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return b""
    except OSError as error:
        raise StoreUnsafe(
            f"The journal {path} cannot be opened ({error.strerror or error}). Kith only "
            "uses a real file it owns there."
        ) from error
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise StoreUnsafe(f"The journal {path} is not a regular file. Move it away.")
        if info.st_size > MAX_JOURNAL_BYTES:
            raise _corrupt(path, "it is far larger than any journal Kith writes")
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def parse_journal(
    path: Path,
    raw: bytes,
    snapshot_meta: dict[str, Any] | None,
    sealer: Sealer | None = None,
) -> JournalState:
    """Check the journal's lines against the snapshot's ``_journal`` record (lines
    sealed by ``sealer`` for an encrypted store: a plain line there is damage)."""
    state = JournalState(size=len(raw))
    if snapshot_meta is not None:
        gen = snapshot_meta.get("gen")
        seq = snapshot_meta.get("seq")
        if not isinstance(gen, str) or type(seq) is not int or seq < 0:
            raise _corrupt(path, "the data file's record of it is damaged")
        state.gen, state.seq = gen, seq
        machine = snapshot_meta.get("machine")
        state.machine = machine if isinstance(machine, str) else None
        hlc = HybridClock()
        hlc.observe(snapshot_meta.get("hlc"))
        state.hlc = hlc.last
    position = 0
    lines: list[tuple[dict[str, Any], int]] = []
    length = len(raw)
    while position < length:
        end = raw.find(b"\n", position)
        if end < 0:  # a torn last line: never acknowledged
            break
        payload = decode_line(raw[position:end], sealer)
        if payload is None:
            if raw[end + 1 :].strip():
                number = len(lines) + 1
                raise _corrupt(path, f"line {number} is damaged and there are saves after it")
            break  # a bad last line: the kill came mid-append
        position = end + 1
        lines.append((payload, position))
    state.good_end = position if lines else 0
    if not lines:
        return state
    first = lines[0][0]
    if state.gen is not None and first.get("gen") != state.gen:
        state.stale = True
        return state
    hlc = HybridClock(state.hlc)
    expected: int | None = None
    gen = first.get("gen")
    for payload, _ in lines:
        if payload.get("gen") != gen:
            raise _corrupt(path, "it mixes the saves of two different data files")
        number = payload["seq"]
        if expected is not None and number != expected:
            raise _corrupt(path, f"save number {expected} is missing from it")
        expected = number + 1
        hlc.observe(payload.get("hlc"))
        if number <= state.seq:
            continue  # already in the snapshot (a kill came before the journal was emptied)
        if number != state.seq + 1:
            state.stale = True  # a gap: this journal follows another snapshot
            state.entries = []
            return state
        state.entries.append(payload)
        state.seq = number
    state.hlc = hlc.last
    if state.gen is None:
        state.gen = gen if isinstance(gen, str) else None
    if state.machine is None:
        machine = lines[-1][0].get("machine")
        state.machine = machine if isinstance(machine, str) else None
    return state


def apply_entries(tables: dict[str, Any], entries: Iterable[dict[str, Any]]) -> None:
    """Replay journal lines onto parsed tables (TinyDB layout), in place."""
    for payload in entries:
        for op in payload["ops"]:
            table = tables.setdefault(op["t"], {})
            if op["v"] is None:
                table.pop(op["k"], None)
            else:
                table[op["k"]] = op["v"]


def read_state(
    store_file: Path, tables: dict[str, Any] | None, sealer: Sealer | None = None
) -> tuple[dict[str, Any] | None, JournalState]:
    """Replay the journal beside ``store_file`` onto its parsed snapshot ``tables``
    (emptied of its ``_journal`` table). Returns the current tables and the state."""
    meta_table = tables.pop(JOURNAL_TABLE, None) if tables is not None else None
    meta = None
    if isinstance(meta_table, dict):
        meta = next(iter(meta_table.values()), None)
        if not isinstance(meta, dict):
            meta = None
    path = journal_path(store_file)
    state = parse_journal(path, read_journal_bytes(path), meta, sealer)
    if state.entries:
        if tables is None:
            tables = {}
        apply_entries(tables, state.entries)
    return tables, state


def load_current(store_file: Path, key: StoreKey | None = None) -> dict[str, Any] | None:
    """The store's tables as they are now: the snapshot with the journal replayed.

    Read-only (a torn or stale journal is left as it is). ``None`` if there is no
    data; raises ``StoreCorrupt`` like opening the store. Backups, export, status and
    restore read through this, never the snapshot alone.
    """
    from kith.data.storage import load_file

    tables, _ = read_state(store_file, load_file(store_file, key), key)
    return tables


def current_bytes(store_file: Path, key: StoreKey | None = None) -> bytes:
    """The store file's bytes with the journal folded in (the file itself if the
    journal is empty), in TinyDB's layout. With ``key``: sealed with it (a backup of an
    encrypted store is sealed too; a plain file read with a key comes out sealed)."""
    from kith.data.crypto import is_sealed_bytes, seal_bytes
    from kith.data.storage import dumps

    if not read_journal_bytes(journal_path(store_file)).strip():
        raw = store_file.read_bytes()
        if key is None or is_sealed_bytes(raw):
            return raw
        return seal_bytes(raw, key)
    tables = load_current(store_file, key) or {}
    if key is not None:
        return seal_bytes(dumps(tables), key)
    return dumps(tables) if tables is not None else store_file.read_bytes()


def set_aside(path: Path, label: str) -> Path | None:
    """Rename a journal out of the way (kept, timestamped); None if there is none."""
    if not path.exists():
        return None
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{label}-{stamp}")
    number = 1
    while target.exists():
        number += 1
        target = path.with_name(f"{path.name}.{label}-{stamp}-{number}")
    os.replace(path, target)
    return target


# -- appending --------------------------------------------------------------------------
def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def sync_data(fd: int) -> None:
    (getattr(os, "fdatasync", None) or os.fsync)(fd)


class Journal:
    """The open journal of a writable store: appends, then compaction's bookkeeping."""

    def __init__(self, path: Path, state: JournalState, sealer: Sealer | None = None) -> None:
        self.path = path
        self.sealer = sealer  # an encrypted store: every line sealed on its own
        self.gen = state.gen or new_id()
        self.machine = state.machine or new_id()
        self.seq = state.seq
        self.hlc = HybridClock(state.hlc)
        self.size = state.good_end
        self._fd: int | None = None
        self._tail: list[tuple[int, bytes]] | None = None  # lines since compaction began
        self._cut_needed = False
        self.lock = threading.Lock()

    def meta(self) -> dict[str, Any]:
        """The snapshot's ``_journal`` record for a snapshot that covers every line so far."""
        return meta_record(self.gen, self.seq, self.machine, self.hlc.last)

    def _open(self) -> int:
        if self._fd is None:
            existed = self.path.exists()
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                os.close(fd)
                raise OSError(f"{self.path} is not a regular file")
            os.fchmod(fd, 0o600)
            if not existed:
                from kith.data.storage import fsync_dir

                fsync_dir(self.path.parent)
            self._fd = fd
        return self._fd

    def cut_torn_tail(self, state: JournalState) -> None:
        """Drop a torn last line (or a stale journal) before anything is appended after it."""
        if state.stale:
            set_aside(self.path, "stale")
            self.size = 0
            return
        if state.size > state.good_end:
            fd = os.open(self.path, os.O_WRONLY | os.O_NOFOLLOW)
            try:
                os.ftruncate(fd, state.good_end)
                sync_data(fd)
            finally:
                os.close(fd)

    def append(self, ops: list[Op]) -> dict[str, Any]:
        """One line, on disk when this returns; returns its payload. Raises
        ``StoreWriteError`` with the journal as it was (a partly written line is cut
        off again)."""
        seq = self.seq + 1
        stamp = self.hlc.tick()
        payload = {"gen": self.gen, "seq": seq, "hlc": stamp, "machine": self.machine, "ops": ops}
        line = encode_line(payload, self.sealer)
        try:
            fd = self._open()
            if self._cut_needed:  # a failed append left part of a line: cut it first
                os.ftruncate(fd, self.size)
                self._cut_needed = False
            try:
                write_all(fd, line)
                sync_data(fd)
            except OSError:
                try:
                    os.ftruncate(fd, self.size)
                except OSError:
                    self._cut_needed = True
                raise
        except OSError as error:
            raise StoreWriteError(self.path, error) from error
        self.seq = seq
        self.size += len(line)
        if self._tail is not None:
            self._tail.append((seq, line))
        return payload

    # -- compaction ---------------------------------------------------------------------
    def compaction_begins(self) -> None:
        self._tail = []

    def compaction_ends(self, covered: int) -> None:
        """The snapshot now holds every line up to ``covered``: drop them from the
        journal (an empty journal is truncated; later lines are kept, atomically)."""
        tail = [line for seq, line in (self._tail or []) if seq > covered]
        self._tail = None
        if not tail:
            if self.size:
                fd = self._open()
                os.ftruncate(fd, 0)
                sync_data(fd)
                self.size = 0
            return
        from kith.data.storage import atomic_write_bytes

        atomic_write_bytes(self.path, tail)
        self.close()
        self.size = sum(len(line) for line in tail)

    def compaction_abandoned(self) -> None:
        self._tail = None

    def close(self) -> None:
        if self._fd is not None:
            with suppress(OSError):
                os.close(self._fd)
            self._fd = None


def wants_compaction(journal_size: int, snapshot_size: int) -> bool:
    limit = min(COMPACT_MAX_BYTES, max(COMPACT_MIN_BYTES, int(snapshot_size * COMPACT_FRACTION)))
    return journal_size > limit


def fold(store_file: Path, key: StoreKey | None = None) -> None:
    """Fold the journal into the snapshot and remove it (the caller holds the lock):
    before a file replaces the store (restore), so that the copy kept aside is whole
    and no line is replayed onto the file put in its place. A journal that cannot be
    folded (damaged, or not this file's) is set aside instead, kept."""
    from kith.data.errors import StoreError
    from kith.data.storage import atomic_write_bytes, dumps, fsync_dir, load_file

    path = journal_path(store_file)
    if not path.exists():
        return
    try:
        tables, state = read_state(store_file, load_file(store_file, key), key)
    except StoreError:
        set_aside(path, "corrupt")
        return
    if state.stale or tables is None:
        set_aside(path, "stale")
        return
    if state.entries:
        tables[JOURNAL_TABLE] = {"1": meta_record(state.gen, state.seq, state.machine, state.hlc)}
        plain = dumps(tables)
        atomic_write_bytes(store_file, plain if key is None else key.seal_file(plain))
    path.unlink()
    fsync_dir(path.parent)
