"""Sync through a folder the person already syncs (issue 17): one writer per file.

Each machine appends the versions of the records it saves to its own change log,
``<folder>/kith-sync/<machine id>.log``, in the journal's line format
(``kith.data.journal.encode_line``, sealed with the store's key when encrypted):
one record version per line, written and ``fdatasync``\\ ed through the storage's
``after_append`` hook before the save is acknowledged. A line's payload::

    {"seq": 7, "hlc": [<unix ms>, <counter>], "machine": "<id>", "name": "laptop",
     "ops": [{"t": "contacts", "k": "<record id>", "v": {...} or null}],
     "base": [<ms>, <counter>, "<machine>"] or null, "r": ["<collision id>", ...]}

``k`` is the record's own ``id`` (TinyDB's document numbers differ per machine);
``v`` null is a tombstone; ``base`` is the version of the record this machine held
when it wrote this one (how a collision is told from an edit made on top of
another); ``r`` names collisions this version resolves.

Merging (``merge_now``) reads the other machines' logs from where it last stopped,
validates every new line like an import (a log with a bad line in the middle is
refused whole, with a message naming the machine), and keeps, per record, the
version with the greatest ``(hlc, machine, checksum)``: last writer wins, a delete
wins over an older edit and loses to a newer one, and the result does not depend
on the order logs are read in (applying a version is idempotent), so machines that
read the same logs hold the same records (``canonical_bytes``). A version that
loses although its writer had not seen the winner (both sides edited since they
last synced) is kept in the collisions list; ``resolve`` makes the choice a new
version.

Local bookkeeping lives in the data folder: ``sync.json`` (the folder, this
machine's name and id) and ``sync-state`` (per record the version held, the
positions reached in the other logs, collisions), one framed, checksummed line,
sealed when encrypted, replaced atomically. A merge writes the versions it is about
to apply into the state first (``pending``), then the store, then the state again,
so a kill at any point is finished at the next start. A save whose log line could
not be written (the folder missing, a kill between the journal and the log) is
found by comparing the store with the state (a checksum per record) and written
at the next merge.

Settings are not synced (they hold this machine's paths and times).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import socket
import stat
import threading
import time
import weakref
import zlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

import orjson
from pydantic import ValidationError

from kith.data.errors import StoreError
from kith.data.journal import HybridClock, Sealer, decode_line, encode_line, sync_data, write_all
from kith.data.models.base import ID_PATTERN
from kith.data.storage import atomic_write_bytes, dumps, fsync_dir
from kith.data.text import printable

SYNC_DIR = "kith-sync"
CONFIG_FILE = "sync.json"
STATE_FILE = "sync-state"
LOG_SUFFIX = ".log"
SNAPSHOT_SUFFIX = ".snapshot"
NAME_MAX = 64
MAX_LOG_BYTES = 512 * 1024 * 1024  # a change log larger than this is not Kith's
MAX_STATE_BYTES = 1024 * 1024 * 1024
SNAPSHOT_EVERY_BYTES = 4 * 1024 * 1024  # a snapshot when this machine's log grew this much
NOT_SYNCED = frozenset({"settings"})
_MACHINE_ID = re.compile(r"^[0-9a-f]{16}$")
_RECORD_ID = re.compile(ID_PATTERN)
# A change log, or a copy the sync engine made of one when two writers met:
# Syncthing ``<id>.sync-conflict-20260102-101112-ABCDEFG.log``, Dropbox
# ``<id> (conflicted copy 2026-01-02).log`` / ``<id> (Sam's conflicted copy ...).log``,
# Nextcloud ``<id> (conflicted copy 2026-01-02 101112).log``, ownCloud
# ``<id>_conflict-20260102-101112.log``.
_LOG_NAME = re.compile(
    r"^(?P<mid>[0-9a-f]{16})"
    r"(?P<copy>\.sync-conflict-[0-9A-Za-z-]+| \([^()/]*conflicted copy[^()/]*\)(?: \(\d+\))?"
    r"|_conflict-[0-9-]+)?\.log$"
)
_SNAPSHOT_NAME = re.compile(r"^(?P<mid>[0-9a-f]{16})\.snapshot$")
Keep = Literal["mine", "theirs"]
_LOAD_CONTEXT = {"today": date.max}  # records from a log: shape, not today's date


def wall_ms() -> int:
    """The wall clock in milliseconds (tests replace it to order saves exactly)."""
    return time.time_ns() // 1_000_000


class _Clock(HybridClock):
    """The journal's hybrid logical clock, reading ``wall_ms`` at each tick."""

    def tick(self) -> list[int]:
        wall = wall_ms()
        ms, counter = self.last
        self.last = (wall, 0) if wall > ms else (ms, counter + 1)
        return list(self.last)


# -- what callers see ------------------------------------------------------------------
@dataclass(frozen=True)
class SyncConfig:
    """Sync for this data folder: the sync folder, this machine's name and id."""

    folder: Path
    name: str
    id: str
    host: str = ""

    @property
    def log_dir(self) -> Path:
        return self.folder / SYNC_DIR


@dataclass(frozen=True)
class MachineInfo:
    name: str
    id: str
    last_write: datetime | None
    versions: int


@dataclass(frozen=True)
class Collision:
    """A version that lost although its writer had not seen the winner."""

    id: str
    collection: str
    record_id: str
    label: str
    mine: dict[str, Any]  # this machine's version ({} when it was a deletion)
    theirs: dict[str, Any]  # the other machine's version ({} when it was a deletion)
    their_machine: str
    when: datetime | None


@dataclass
class MergeReport:
    arrived: dict[str, int] = field(default_factory=dict)  # collection -> versions applied
    collisions_new: int = 0
    problems: list[str] = field(default_factory=list)
    sent: int = 0  # local saves written to the log late (the folder was away)


@dataclass(frozen=True)
class SyncStatus:
    folder: Path
    this_machine: MachineInfo
    machines: list[MachineInfo]
    collisions: list[Collision]
    problems: list[str] = field(default_factory=list)


class SyncError(Exception):
    """Sync cannot be used as asked; ``str()`` is plain words for the person."""


# -- the configuration ----------------------------------------------------------------
def _config_path(store: Any) -> Path:
    return Path(store.data_dir) / CONFIG_FILE


def _state_path(store: Any) -> Path:
    return Path(store.data_dir) / STATE_FILE


def config(store: Any) -> SyncConfig | None:
    """This data folder's sync settings, or None when sync is off."""
    return read_config(Path(store.data_dir))


def read_config(data_dir: Path) -> SyncConfig | None:
    path = data_dir / CONFIG_FILE
    try:
        raw = _read_small(path, 64 * 1024)
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return None
    try:
        data = orjson.loads(raw)
        folder, name, mid = Path(data["folder"]), str(data["name"]), str(data["id"])
        host = str(data.get("host", ""))
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        return None
    if not _MACHINE_ID.match(mid) or not folder.is_absolute():
        return None
    return SyncConfig(folder=folder, name=clean_name(name), id=mid, host=host)


def _write_config(store: Any, cfg: SyncConfig) -> None:
    data = {"folder": str(cfg.folder), "name": cfg.name, "id": cfg.id, "host": cfg.host}
    atomic_write_bytes(_config_path(store), orjson.dumps(data, option=orjson.OPT_INDENT_2))


def clean_name(name: object) -> str:
    text = " ".join(printable(name, NAME_MAX).split())
    return text or "this machine"


def default_name() -> str:
    return clean_name(socket.gethostname() or "this machine")


def enable(store: Any, folder: Path, name: str | None = None) -> SyncConfig:
    """Turn sync on for this data folder, into ``folder`` (which must exist), and
    write every record to this machine's log. ``merge_now`` then brings in what the
    other machines wrote."""
    folder = Path(folder).expanduser()
    try:
        folder = folder.resolve(strict=True)
    except (OSError, RuntimeError):
        raise SyncError(
            f"The folder {folder} does not exist. Make it first, or choose one your "
            "sync app already syncs."
        ) from None
    if not folder.is_dir():
        raise SyncError(f"{folder} is not a folder.")
    data_dir = Path(store.data_dir).resolve()
    if folder == data_dir or data_dir in folder.parents:
        raise SyncError("The sync folder must be outside Kith's data folder.")
    old = config(store)
    host = socket.gethostname()
    if old is not None and old.folder == folder:
        cfg = SyncConfig(folder, clean_name(name) if name else old.name, old.id, host)
    else:
        disable(store)
        cfg = SyncConfig(
            folder, clean_name(name) if name else default_name(), _new_machine_id(), host
        )
    try:
        cfg.log_dir.mkdir(mode=0o700, exist_ok=True)
    except OSError as error:
        raise SyncError(f"Kith cannot write in {folder} ({error.strerror or error}).") from None
    _write_config(store, cfg)
    session = _session(store, cfg, fresh=True)
    with store._mutex, session.lock:
        try:
            session._scan()  # every record, as this machine's first versions
        except OSError as error:
            raise SyncError(f"Kith cannot write in {folder} ({error.strerror or error}).") from None
        session._save_state()
    return cfg


def disable(store: Any) -> None:
    """Stop syncing this data folder. The logs in the sync folder are left as they are."""
    session = _SESSIONS.pop(store, None)
    if session is not None:
        session.detach()
    for path in (_config_path(store), _state_path(store)):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _new_machine_id() -> str:
    return os.urandom(8).hex()


# -- the public operations --------------------------------------------------------------
_SESSIONS: weakref.WeakKeyDictionary[Any, _Session] = weakref.WeakKeyDictionary()
_SESSIONS_LOCK = threading.Lock()


def attach(store: Any) -> bool:
    """Start logging this store's saves if sync is on (idempotent); True if it is."""
    return _current(store) is not None


def attach_quietly(store: Any) -> None:
    """``attach`` at every writable open (``Store.open``): cheap (the config file only;
    the state is read at the first save), and never in the way of opening the store."""
    if not (Path(store.data_dir) / CONFIG_FILE).exists():
        return
    with contextlib.suppress(Exception):
        attach(store)


def _current(store: Any) -> _Session | None:
    cfg = config(store)
    if cfg is None:
        old = _SESSIONS.pop(store, None)
        if old is not None:
            old.detach()
        return None
    host = socket.gethostname()
    if cfg.host and cfg.host != host and not store.readonly:
        # The data folder was copied to another machine: two writers of one log would
        # make the engine's conflict copies the only record of one side. This machine
        # takes a new id and rebuilds its state from the logs (the old one's included).
        cfg = SyncConfig(cfg.folder, cfg.name, _new_machine_id(), host)
        _write_config(store, cfg)
        with contextlib.suppress(FileNotFoundError):
            _state_path(store).unlink()
    return _session(store, cfg)


def _session(store: Any, cfg: SyncConfig, *, fresh: bool = False) -> _Session:
    with _SESSIONS_LOCK:
        session = _SESSIONS.get(store)
        if session is not None and session.cfg.id == cfg.id and session.cfg.folder == cfg.folder:
            session.cfg = cfg
            return session
        if session is not None:
            session.detach()
        session = _Session(store, cfg, fresh=fresh)
        _SESSIONS[store] = session
        return session


def merge_now(store: Any) -> MergeReport:
    """Read the other machines' logs and merge what is new into the store."""
    session = _current(store)
    if session is None:
        return MergeReport(problems=["Sync is off for this data folder."])
    return session.merge()


def status(store: Any) -> SyncStatus | None:
    session = _current(store)
    return None if session is None else session.status()


def collisions(store: Any) -> list[Collision]:
    session = _current(store)
    return [] if session is None else session.collision_list()


def resolve(store: Any, collision_id: str, keep: Keep) -> None:
    """Keep one side of a collision; the choice is saved as a new version."""
    session = _current(store)
    if session is None:
        raise SyncError("Sync is off for this data folder.")
    session.resolve(collision_id, keep)


def changed_elsewhere(store: Any) -> bool:
    """Cheap: has any other machine's file in the sync folder changed since the last
    merge? (One ``scandir``; no file is read.)"""
    session = _current(store)
    return False if session is None else session.changed_elsewhere()


def collisions_waiting(store: Any) -> int:
    """How many collisions wait to be chosen, as far as this session knows, without
    touching a file (Home asks at every refresh; the folder may be a gone mount).
    0 until the session has read its state (the app's first look does)."""
    session = _SESSIONS.get(store)
    if session is None or session._state is None:
        return 0
    return len(session._state["collisions"])


def needs_merge(store: Any) -> bool:
    """Cheap, for the app's poll (run off the UI thread: a folder on a gone network
    mount blocks it, not the person): is there anything for ``merge_now`` to do? True
    when another machine's file changed, at the first merge of this session (a save
    made while Kith was closed may wait to go out), and after a save whose log line
    could not be written."""
    session = _current(store)
    if session is None:
        return False
    if session.needs_scan or session._state is None or store._storage.hook_error is not None:
        return True
    return session.changed_elsewhere()


def write_snapshot(store: Any) -> Path | None:
    """Write this machine's snapshot of the merged state (compaction)."""
    session = _current(store)
    return None if session is None else session.write_snapshot()


def prune(store: Any) -> int:
    """Drop lines of this machine's log that every other machine's snapshot covers;
    returns how many were dropped."""
    session = _current(store)
    return 0 if session is None else session.prune()


def canonical_bytes(store: Any) -> bytes:
    """The synced records, keyed by their own ids, in one canonical form: equal on
    every machine that has read the same logs."""
    tables: dict[str, dict[str, Any]] = {}
    for repo in store.repositories:
        if repo.name in NOT_SYNCED:
            continue
        tables[repo.name] = {item.id: item.to_doc() for item in repo.list()}
    return orjson.dumps(tables, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)


# -- helpers ------------------------------------------------------------------------------
def _sealer(store: Any) -> Sealer | None:
    """The store's sealer (issue 16: ``store.key``, None when plain), or one it holds."""
    key: Any = getattr(store, "key", None)
    if key is not None and not (hasattr(key, "seal") and hasattr(key, "open")):
        key = getattr(key, "sealer", None)
        key = key() if callable(key) else key
    found: Sealer | None = key
    return found


def _read_small(path: Path, limit: int) -> bytes:
    """A regular file's bytes, never following a link, never more than ``limit``."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError(f"{path.name} is not a regular file")
        if info.st_size > limit:
            raise ValueError(f"{path.name} is far larger than any file Kith writes")
        chunks = []
        left = limit + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise ValueError(f"{path.name} is far larger than any file Kith writes")
        return data
    finally:
        os.close(fd)


def _stamp(entry: list[Any] | None) -> tuple[int, int, str] | None:
    return None if entry is None else (entry[0], entry[1], entry[2])


def _order(entry: list[Any]) -> tuple[int, int, str, int]:
    """Total order of versions: hlc, then machine id, then the content's checksum."""
    crc = entry[3]
    return (entry[0], entry[1], entry[2], -1 if crc is None else crc)


def _crc(doc: dict[str, Any] | None) -> int | None:
    return None if doc is None else zlib.crc32(dumps(doc))


def _when(ms: int | None) -> datetime | None:
    if not ms:
        return None
    try:
        return datetime.fromtimestamp(ms / 1000, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _good_base(value: Any) -> bool:
    """A version's base: the stamp of the version it was written over, and that
    version's checksum (None for a deletion)."""
    if not isinstance(value, list) or len(value) != 4:
        return False
    crc = value[3]
    return _good_stamp(value[:3]) and (crc is None or (type(crc) is int and 0 <= crc < 1 << 32))


def _good_stamp(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 3
        and type(value[0]) is int
        and type(value[1]) is int
        and 0 <= value[0] < 1 << 53
        and 0 <= value[1] < 1 << 31
        and isinstance(value[2], str)
        and bool(_MACHINE_ID.match(value[2]))
    )


@dataclass
class _Version:
    """One record version read from a log or a snapshot, validated."""

    table: str
    rid: str
    doc: dict[str, Any] | None  # as the store keeps it (validated), None: a tombstone
    entry: list[Any]  # [ms, counter, machine, crc, base]
    name: str  # the writing machine's name
    resolves: list[str]


class _Refused(Exception):
    pass


# -- the session: one store's sync while it is open ---------------------------------------
class _Session:
    def __init__(self, store: Any, cfg: SyncConfig, *, fresh: bool = False) -> None:
        self.store = store
        self.cfg = cfg
        self.sealer = _sealer(store)
        self.repos = {repo.name: repo for repo in store.repositories if repo.name not in NOT_SYNCED}
        self.lock = threading.RLock()
        self.fd: int | None = None
        self.applying = False
        self.resolving: list[str] = []
        self.needs_scan = True  # once per session, and after a log line could not be written
        self.rev: dict[str, dict[str, str]] | None = None  # table -> doc number -> record id
        self.seen: dict[str, tuple[int, int]] = {}
        self.fresh = fresh
        self.lost = False  # the state was missing or unreadable: rebuilt from the logs
        self._state: dict[str, Any] | None = None  # read at the first use (cheap opens)
        self.clock = _Clock()
        self.log_path = cfg.log_dir / f"{cfg.id}{LOG_SUFFIX}"
        self.log_size = 0
        self.problems: list[str] = []
        for table in self.repos:  # now: inside a batch, a deleted record's number is gone
            self._rev(table)
        store._storage.after_append.append(self._hook)

    @property
    def state(self) -> dict[str, Any]:
        if self._state is None:
            self._ready(finish=False)
        assert self._state is not None
        return self._state

    def _ready(self, *, finish: bool = True) -> None:
        """Read the state and this machine's log (once), and finish a merge a kill cut
        short (not from inside a save: the next merge does it)."""
        if self._state is None:
            self.sealer = _sealer(self.store)
            self._state = self._fresh_state() if self.fresh else self._load_state()
            self.clock.observe(self._state["hlc"])
            if not self.store.readonly:
                self._read_own_log()
        if finish and not self.store.readonly:
            self._finish_pending()

    # -- local state ----------------------------------------------------------------
    def _fresh_state(self) -> dict[str, Any]:
        return {
            "v": 1,
            "machine": self.cfg.id,
            "index": {},
            "pos": {},
            "own": {"offset": 0, "seq": 0},
            "collisions": {},
            "machines": {},
            "pending": [],
            "hlc": [0, 0],
            "snap_size": 0,
        }

    def _load_state(self) -> dict[str, Any]:
        """The state as last saved; a fresh one (``lost`` set) if it is missing or
        cannot be read: rebuilt from the logs at the next merge."""
        fresh = self._fresh_state()
        try:
            raw = _read_small(_state_path(self.store), MAX_STATE_BYTES)
        except (OSError, ValueError):
            self.lost = True
            return fresh
        payload = decode_line(raw.rstrip(b"\n"), self.sealer)
        state = payload.get("state") if payload else None
        if (
            not isinstance(state, dict)
            or state.get("machine") != self.cfg.id
            or any(type(state.get(key)) is not type(value) for key, value in fresh.items())
        ):
            self.lost = True
            return fresh
        return state

    def _save_state(self) -> None:
        self.state["hlc"] = list(self.clock.last)
        line = encode_line({"seq": 0, "ops": [], "state": self.state}, self.sealer)
        atomic_write_bytes(_state_path(self.store), line)

    # -- this machine's log ----------------------------------------------------------
    def _read_own_log(self) -> None:
        """Versions this machine wrote that the state does not hold yet (a kill after
        the log line, before the state was saved), and a torn last line cut off."""
        try:
            raw = _read_small(self.log_path, MAX_LOG_BYTES)
        except FileNotFoundError:
            self.log_size = 0
            return
        except (OSError, ValueError):
            self.log_size = -1  # not ours to append to: a new log is not started over it
            return
        own = self.state["own"]
        start = own["offset"] if 0 <= own["offset"] <= len(raw) else 0
        if start and not self._starts_line(raw, start, own["seq"] + 1):
            start = 0
        lines, good_end, _ = self._lines(raw, start)
        index = self.state["index"]
        for payload in lines:
            for version in self._versions(payload):
                current = index.setdefault(version.table, {}).get(version.rid)
                if current is None or _order(version.entry) > _order(current):
                    index[version.table][version.rid] = version.entry
            own["seq"] = max(own["seq"], payload["seq"])
            self.clock.observe(payload.get("hlc"))
        own["offset"] = good_end
        self.log_size = len(raw)
        if good_end < len(raw):  # a line cut off by a kill: never acknowledged
            with contextlib.suppress(OSError):
                fd = os.open(self.log_path, os.O_WRONLY | os.O_NOFOLLOW)
                try:
                    os.ftruncate(fd, good_end)
                    sync_data(fd)
                finally:
                    os.close(fd)
                self.log_size = good_end

    def _open_log(self) -> int:
        if self.fd is None:
            if self.log_size < 0:
                raise OSError(f"{self.log_path} cannot be used")
            if not self.cfg.folder.is_dir():
                raise OSError(f"{self.cfg.folder} is not there")
            self.cfg.log_dir.mkdir(mode=0o700, exist_ok=True)
            existed = self.log_path.exists()
            fd = os.open(
                self.log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600
            )
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                os.close(fd)
                raise OSError(f"{self.log_path} is not a regular file")
            if not existed:
                fsync_dir(self.cfg.log_dir)
            self.fd = fd
        return self.fd

    def _append(self, changes: list[tuple[str, str, dict[str, Any] | None]]) -> None:
        """Write one version per change to this machine's log, durably, and note them."""
        if not changes:
            return
        index = self.state["index"]
        own = self.state["own"]
        seq = own["seq"]
        lines = []
        entries = []
        resolves, self.resolving = self.resolving, []
        for table, rid, doc in changes:
            seq += 1
            ms, counter = self.clock.tick()
            held = index.get(table, {}).get(rid)
            base = None if held is None else [*held[:3], held[3]]  # its stamp and checksum
            payload: dict[str, Any] = {
                "seq": seq,
                "hlc": [ms, counter],
                "machine": self.cfg.id,
                "name": self.cfg.name,
                "ops": [{"t": table, "k": rid, "v": doc}],
                "base": base,
            }
            if resolves:
                payload["r"] = resolves
            lines.append(encode_line(payload, self.sealer))
            entries.append((table, rid, [ms, counter, self.cfg.id, _crc(doc), payload["base"]]))
        data = b"".join(lines)
        fd = self._open_log()
        try:
            write_all(fd, data)
            sync_data(fd)
        except OSError:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, self.log_size)
            raise
        self.log_size += len(data)
        own["seq"] = seq
        own["offset"] = self.log_size
        for table, rid, entry in entries:
            index.setdefault(table, {})[rid] = entry
        for cid in resolves:
            self.state["collisions"].pop(cid, None)

    def _hook(self, payload: dict[str, Any]) -> None:
        """``after_append``: a local save's versions go to the log before it is acknowledged."""
        with self.lock:
            changes: list[tuple[str, str, dict[str, Any] | None]] = []
            for op in payload.get("ops", ()):
                table = op["t"]
                rev = self._rev(table)
                if op["v"] is not None:
                    rid = op["v"].get("id")
                    if isinstance(rid, str):
                        rev[op["k"]] = rid
                        changes.append((table, rid, op["v"]))
                    continue
                rid = rev.pop(op["k"], None)
                if rid is None:
                    self.needs_scan = True  # found by comparing at the next merge
                else:
                    changes.append((table, rid, None))
            changes = [c for c in changes if c[0] in self.repos]
            if self.applying or not changes:  # a merge's own saves are other machines' versions
                return
            try:
                self._append(changes)
            except Exception:
                self.needs_scan = True
                raise

    def _rev(self, table: str) -> dict[str, str]:
        if self.rev is None:
            self.rev = {}
        rev = self.rev.get(table)
        if rev is None:
            repo = self.repos.get(table)
            doc_ids = repo._doc_ids if repo is not None else {}
            rev = {str(number): rid for rid, number in doc_ids.items()}
            self.rev[table] = rev
        return rev

    def detach(self) -> None:
        with contextlib.suppress(ValueError):
            self.store._storage.after_append.remove(self._hook)
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = None

    # -- catching up on saves the log missed ----------------------------------------------
    def _scan(self) -> int:
        """Write a version for every record whose content the state does not know
        (a save made while the folder was away, or cut off before its log line)."""
        storage = self.store._storage
        docs = storage._docs or {}
        index = self.state["index"]
        changes: list[tuple[str, str, dict[str, Any] | None]] = []
        for name, repo in self.repos.items():
            fragments = docs.get(name, {})
            known = index.get(name, {})
            for rid, number in repo._doc_ids.items():
                key = str(number)
                frag = fragments.get(key)
                if frag is None:
                    continue
                body = frag[len(orjson.dumps(key)) + 1 :]
                entry = known.get(rid)
                if entry is None or entry[3] != zlib.crc32(body):
                    changes.append((name, rid, orjson.loads(body)))
            for rid, entry in known.items():
                if entry[3] is not None and rid not in repo._doc_ids:
                    changes.append((name, rid, None))
        self._append(changes)
        self.needs_scan = False
        return len(changes)

    # -- reading the other machines ---------------------------------------------------------
    def _starts_line(self, raw: bytes, offset: int, seq: int) -> bool:
        if offset == len(raw):
            return True
        end = raw.find(b"\n", offset)
        payload = decode_line(raw[offset:end], self.sealer) if end > 0 else None
        return payload is not None and payload["seq"] == seq

    def _lines(self, raw: bytes, start: int) -> tuple[list[dict[str, Any]], int, str | None]:
        """Whole lines from ``start``: (payloads, end of the last whole line, problem).
        A torn or unreadable *last* line is not there yet (a partial download, a kill
        mid-append); a bad line with lines after it is a problem."""
        out: list[dict[str, Any]] = []
        position = start
        while position < len(raw):
            end = raw.find(b"\n", position)
            if end < 0:
                break
            payload = decode_line(raw[position:end], self.sealer)
            if payload is None:
                if raw[end + 1 :].strip():
                    return out, position, self._unreadable_words(raw[position:end])
                break
            out.append(payload)
            position = end + 1
        return out, position, None

    def _unreadable_words(self, line: bytes) -> str:
        tag = line[:2]
        if self.sealer is not None and tag == b"K1":
            return "it is not encrypted, and this data folder is"
        if self.sealer is None and tag == b"E1":
            return "it is encrypted; unlock Kith with the same passphrase"
        if self.sealer is not None and tag == self.sealer.tag:
            return "it was encrypted with another passphrase, or a line is damaged"
        return "a line in the middle of it is damaged"

    def _versions(self, payload: dict[str, Any]) -> list[_Version]:
        """The validated versions of one line; raises ``_Refused`` with plain words."""
        machine = payload.get("machine")
        hlc = payload.get("hlc")
        if not isinstance(machine, str) or not _MACHINE_ID.match(machine):
            raise _Refused("a line does not say which machine wrote it")
        stamp = [*hlc, machine] if isinstance(hlc, list) else None
        if not _good_stamp(stamp):
            raise _Refused("a line has no valid clock")
        assert stamp is not None
        base = payload.get("base")
        if base is not None and not _good_base(base):
            raise _Refused("a line's earlier version is not valid")
        resolves = payload.get("r") or []
        if not isinstance(resolves, list) or not all(
            isinstance(r, str) and len(r) <= 64 for r in resolves
        ):
            raise _Refused("a line's resolved collisions are not valid")
        name = clean_name(payload.get("name") or machine)
        out = []
        for op in payload["ops"]:
            table, rid, doc = op["t"], op["k"], op["v"]
            repo = self.repos.get(table)
            if repo is None:
                if table in NOT_SYNCED:
                    continue
                raise _Refused(
                    f"it holds records of a kind Kith does not know ({printable(table, 40)!r})"
                )
            if not _RECORD_ID.match(rid):
                raise _Refused("it holds a record whose id is not valid")
            if doc is not None:
                if doc.get("id") != rid:
                    raise _Refused("a record in it does not carry its own id")
                try:
                    item = repo.model.model_validate(doc, context=_LOAD_CONTEXT)
                except ValidationError as error:
                    first = error.errors()[0]
                    where = ".".join(str(part) for part in first["loc"]) or "record"
                    raise _Refused(
                        f"a {repo.label} in it is not valid ({where}: {first['msg']})"
                    ) from None
                doc = item.to_doc()
            entry = [stamp[0], stamp[1], machine, _crc(doc), base]
            out.append(_Version(table, rid, doc, entry, name, list(resolves)))
        return out

    def _log_files(self) -> list[os.DirEntry[str]]:
        try:
            with os.scandir(self.cfg.log_dir) as entries:
                return sorted(
                    (e for e in entries if _LOG_NAME.match(e.name) or _SNAPSHOT_NAME.match(e.name)),
                    key=lambda e: e.name,
                )
        except OSError:
            return []

    def _read_others(self) -> tuple[list[_Version], dict[str, Any], list[str]]:
        positions = self.state["pos"]
        new_positions: dict[str, Any] = {}
        versions: list[_Version] = []
        problems: list[str] = []
        want_snapshots = False
        files = self._log_files()
        own_snapshot = f"{self.cfg.id}{SNAPSHOT_SUFFIX}"
        snapshots = [e for e in files if _SNAPSHOT_NAME.match(e.name) and e.name != own_snapshot]
        covers: dict[str, int] = {}
        if not positions:  # a machine starting: from the snapshots, then the lines after them
            self._add_snapshots(snapshots, versions, problems, covers)
            snapshots = []
        for entry in files:
            if _SNAPSHOT_NAME.match(entry.name):
                continue
            match = _LOG_NAME.match(entry.name)
            assert match is not None
            mid = match["mid"]
            if mid == self.cfg.id and not match["copy"]:
                continue  # this machine's own log
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if not stat.S_ISREG(info.st_mode):
                continue
            pos = positions.get(entry.name)
            mark = [info.st_size, info.st_mtime_ns]
            if pos is not None and pos.get("mark") == mark:
                continue
            who = self._machine_words(mid)
            try:
                raw = _read_small(Path(entry.path), MAX_LOG_BYTES)
            except FileNotFoundError:
                continue
            except (OSError, ValueError) as error:
                problems.append(f"The changes from {who} could not be read: {error}.")
                continue
            start, seq = 0, 0
            if pos is not None and not match["copy"]:
                start, seq = pos.get("offset", 0), pos.get("seq", 0)
                if not (0 <= start <= len(raw)) or not self._starts_line(raw, start, seq + 1):
                    start, seq = 0, 0
                    want_snapshots = True  # rewritten (pruned): snapshots may hold what went
            lines, good_end, problem = self._lines(raw, start)
            who = self._machine_words(mid, lines)
            if problem is not None:
                problems.append(f"The changes from {who} were not merged: {problem}.")
                continue
            found: list[_Version] = []
            try:
                covered = 0 if match["copy"] else covers.get(mid, 0)
                for payload in lines:
                    if payload.get("machine") != mid:
                        raise _Refused("it holds lines written as another machine")
                    if payload["seq"] > covered:  # else a snapshot already holds it
                        found.extend(self._versions(payload))
            except _Refused as error:
                problems.append(f"The changes from {who} were not merged: {error}.")
                continue
            versions.extend(found)
            info_m = self.state["machines"].setdefault(mid, {"name": mid, "last": 0, "versions": 0})
            if lines:
                last = lines[-1]
                info_m["name"] = clean_name(last.get("name") or mid)
                info_m["last"] = max(info_m["last"], int(last["hlc"][0]))
                if not match["copy"]:
                    top = last["seq"]
                    info_m["versions"] = top if start == 0 else info_m["versions"] + len(lines)
                    seq = top
            new_positions[entry.name] = {
                "offset": good_end,
                "seq": seq,
                "mark": mark if good_end == len(raw) else None,
            }
        if want_snapshots:
            self._add_snapshots(snapshots, versions, problems, {})
        return versions, new_positions, problems

    def _add_snapshots(
        self,
        snapshots: list[os.DirEntry[str]],
        versions: list[_Version],
        problems: list[str],
        covers: dict[str, int],
    ) -> None:
        for entry in snapshots:
            found, problem, covered = self._snapshot_versions(entry)
            if problem:
                problems.append(problem)
            versions.extend(found)
            for mid, seq in covered.items():
                covers[mid] = max(covers.get(mid, 0), seq)

    def _machine_words(self, mid: str, lines: list[dict[str, Any]] | None = None) -> str:
        known = self.state["machines"].get(mid)
        name = known.get("name") if known else None
        if (not name or name == mid) and lines and lines[0].get("machine") == mid:
            name = clean_name(lines[0].get("name") or mid)
        return f"the machine {name!r}" if name and name != mid else f"the machine {mid}"

    # -- merging -------------------------------------------------------------------------
    def merge(self) -> MergeReport:
        report = MergeReport()
        store = self.store
        with store._mutex, self.lock:
            self._ready()
            lost, self.lost = self.lost, False
            if not lost and (self.needs_scan or store._storage.hook_error is not None):
                self._catch_up(report)
            versions, positions, problems = self._read_others()
            report.problems.extend(problems)
            versions.sort(key=lambda v: _order(v.entry))
            changes, new_collisions = self._plan(versions)
            for key, value in positions.items():
                self.state["pos"][key] = value
            report.collisions_new = new_collisions
            if changes:
                index = self.state["index"]
                self.state["pending"] = [
                    [t, rid, doc, index[t][rid][:3]] for (t, rid), doc in changes.items()
                ]
            if positions or versions or report.sent:  # else nothing to note: no write
                self._save_state()
            if changes:
                report.arrived = self._apply()
                self._save_state()
            if lost:  # the logs first: what came from them is not sent out again as new
                self._catch_up(report)
                self._save_state()
            if self.log_size - self.state["snap_size"] > SNAPSHOT_EVERY_BYTES:
                self.compact()
        for collection in report.arrived:
            store.notify_changed(collection)
        self.seen = self._marks()
        return report

    def _catch_up(self, report: MergeReport) -> None:
        self.store._storage.hook_error = None
        try:
            report.sent = self._scan()
        except OSError as error:
            report.problems.append(
                f"The sync folder cannot be written ({error.strerror or error}); "
                "your changes wait here and go out when it is back."
            )

    def _plan(
        self, versions: list[_Version]
    ) -> tuple[dict[tuple[str, str], dict[str, Any] | None], int]:
        """Versions in order against the state: the store's changes and new collisions."""
        index = self.state["index"]
        found = self.state["collisions"]
        changes: dict[tuple[str, str], dict[str, Any] | None] = {}
        new = 0
        for version in versions:
            self.clock.observe(version.entry[:2])
            for cid in version.resolves:
                found.pop(cid, None)
            table = index.setdefault(version.table, {})
            current = table.get(version.rid)
            if current is not None and _order(version.entry) <= _order(current):
                if _order(version.entry) < _order(current) and self._concurrent(
                    current, version.entry
                ):
                    new += self._collide(
                        version.table,
                        version.rid,
                        loser=version.entry,
                        loser_doc=version.doc,
                        winner=current,
                        theirs_lost=True,
                        name=version.name,
                    )
                continue
            if current is not None and self._concurrent(version.entry, current):
                loser_doc = changes.get(
                    (version.table, version.rid), self._local_doc(version.table, version.rid)
                )
                new += self._collide(
                    version.table,
                    version.rid,
                    loser=current,
                    loser_doc=loser_doc,
                    winner=version.entry,
                    theirs_lost=False,
                    name=version.name,
                )
            table[version.rid] = version.entry
            changes[(version.table, version.rid)] = version.doc
        return changes, new

    @staticmethod
    def _concurrent(winner: list[Any], loser: list[Any]) -> bool:
        """Did the winner's writer not know the loser (both edited since they synced)?"""
        if winner[2] == loser[2] or loser[3] is None or winner[3] == loser[3]:
            return False  # one machine's own sequence; a lost deletion; the same content
        base = winner[4]
        if base is not None and base[3] == loser[3]:
            return False  # the loser holds what the winner was written over: nothing lost
        return base is None or tuple(base[:3]) < (loser[0], loser[1], loser[2])

    def _local_doc(self, table: str, rid: str) -> dict[str, Any] | None:
        item = self.repos[table].get(rid)
        return None if item is None else item.to_doc()

    def _collide(
        self,
        table: str,
        rid: str,
        *,
        loser: list[Any],
        loser_doc: dict[str, Any] | None,
        winner: list[Any],
        theirs_lost: bool,
        name: str,
    ) -> int:
        if loser_doc is None:
            return 0
        cid = hashlib.sha256(orjson.dumps([table, rid, loser[:4]])).hexdigest()[:16]
        if cid in self.state["collisions"]:
            return 0
        self.state["collisions"][cid] = {
            "t": table,
            "k": rid,
            "loser": loser_doc,
            "loser_mine": not theirs_lost,
            "winner_stamp": winner[:3],
            "their": name,
            "ms": max(loser[0], winner[0]),
        }
        return 1

    def _apply(self) -> dict[str, int]:
        """Put the pending versions into the store in one save (all or none)."""
        pending = self.state["pending"]
        index = self.state["index"]
        arrived: dict[str, int] = {}
        store = self.store
        self.applying = True
        try:
            with store.batch():
                for table, rid, doc, stamp in pending:
                    held = index.get(table, {}).get(rid)
                    if held is None or held[:3] != stamp:
                        continue  # a later save here replaced it (a kill, then a save)
                    repo = self.repos[table]
                    if doc is None:
                        if rid in repo:
                            repo.delete(rid)
                            arrived[table] = arrived.get(table, 0) + 1
                        continue
                    current = repo.get(rid)
                    if current is not None and current.to_doc() == doc:
                        continue
                    repo.put(repo.model.model_validate(doc, context=_LOAD_CONTEXT))
                    arrived[table] = arrived.get(table, 0) + 1
        finally:
            self.applying = False
        self._fix_checksums(pending)
        self.state["pending"] = []
        return arrived

    def _fix_checksums(self, pending: list[Any]) -> None:
        """The state's checksum of each applied record, from the bytes the store keeps."""
        docs = self.store._storage._docs or {}
        index = self.state["index"]
        for table, rid, doc, _ in pending:
            if doc is None:
                continue
            number = self.repos[table]._doc_ids.get(rid)
            frag = docs.get(table, {}).get(str(number)) if number is not None else None
            if frag is not None:
                key = str(number)
                index[table][rid][3] = zlib.crc32(frag[len(orjson.dumps(key)) + 1 :])

    def _finish_pending(self) -> None:
        """A merge killed between its state and the store: apply what it had planned."""
        if self.state["pending"]:
            with self.store._mutex:
                self._apply()
                self._save_state()

    # -- collisions -----------------------------------------------------------------------
    def collision_list(self) -> list[Collision]:
        out = []
        for cid, c in sorted(
            self.state["collisions"].items(), key=lambda kv: (-kv[1]["ms"], kv[0])
        ):
            repo = self.repos.get(c["t"])
            if repo is None:
                continue
            current = self._local_doc(c["t"], c["k"]) or {}
            loser = c["loser"] or {}
            mine, theirs = (loser, current) if c["loser_mine"] else (current, loser)
            label = str(mine.get("name") or theirs.get("name") or repo.label)
            out.append(
                Collision(
                    cid,
                    c["t"],
                    c["k"],
                    printable(label, NAME_MAX),
                    mine,
                    theirs,
                    c["their"],
                    _when(c["ms"]),
                )
            )
        return out

    def resolve(self, collision_id: str, keep: Keep) -> None:
        with self.store._mutex, self.lock:
            chosen = next((c for c in self.collision_list() if c.id == collision_id), None)
            if chosen is None:
                raise SyncError("That collision is no longer there.")
            doc = chosen.mine if keep == "mine" else chosen.theirs
            repo = self.repos[chosen.collection]
            self.resolving = [collision_id]
            try:
                if not doc:
                    if chosen.record_id in repo:
                        repo.delete(chosen.record_id)
                    else:
                        self._append([(chosen.collection, chosen.record_id, None)])
                else:
                    repo.put(repo.model.model_validate(doc, context=_LOAD_CONTEXT))
                    if self.resolving:  # the save wrote nothing new (same content): say so anyway
                        self._append(
                            [
                                (
                                    chosen.collection,
                                    chosen.record_id,
                                    repo.require(chosen.record_id).to_doc(),
                                )
                            ]
                        )
            finally:
                self.resolving = []
            self.state["collisions"].pop(collision_id, None)
            self._save_state()

    # -- status, polling --------------------------------------------------------------------
    def status(self) -> SyncStatus:
        machines = []
        for mid, info in sorted(
            self.state["machines"].items(), key=lambda kv: kv[1].get("name", "")
        ):
            if mid == self.cfg.id:
                continue
            machines.append(
                MachineInfo(
                    clean_name(info.get("name", mid)),
                    mid,
                    _when(info.get("last")),
                    int(info.get("versions", 0)),
                )
            )
        last = self.clock.last[0] if self.state["own"]["seq"] else None
        me = MachineInfo(self.cfg.name, self.cfg.id, _when(last), self.state["own"]["seq"])
        return SyncStatus(self.cfg.folder, me, machines, self.collision_list(), list(self.problems))

    def _marks(self) -> dict[str, tuple[int, int]]:
        marks = {}
        for entry in self._log_files():
            if entry.name == self.log_path.name:
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                marks[entry.name] = (info.st_size, info.st_mtime_ns)
        return marks

    def changed_elsewhere(self) -> bool:
        return self._marks() != self.seen

    # -- compaction -------------------------------------------------------------------------
    def write_snapshot(self) -> Path:
        """The merged state with the positions it covers, for a new machine to start from."""
        with self.store._mutex, self.lock:
            covers = {self.cfg.id: self.state["own"]["seq"]}
            for name, pos in self.state["pos"].items():
                match = _LOG_NAME.match(name)
                if match and not match["copy"]:
                    covers[match["mid"]] = pos.get("seq", 0)
            records = []
            for table, entries in self.state["index"].items():
                for rid, entry in entries.items():
                    records.append(
                        [
                            table,
                            rid,
                            entry[:3],
                            entry[4],
                            self._local_doc(table, rid) if entry[3] is not None else None,
                        ]
                    )
            payload = {
                "seq": 0,
                "ops": [],
                "machine": self.cfg.id,
                "name": self.cfg.name,
                "covers": covers,
                "records": records,
            }
            path = self.cfg.log_dir / f"{self.cfg.id}{SNAPSHOT_SUFFIX}"
            atomic_write_bytes(path, encode_line(payload, self.sealer))
            return path

    def _snapshot_versions(
        self, entry: os.DirEntry[str]
    ) -> tuple[list[_Version], str | None, dict[str, int]]:
        match = _SNAPSHOT_NAME.match(entry.name)
        assert match is not None
        who = self._machine_words(match["mid"])
        try:
            raw = _read_small(Path(entry.path), MAX_LOG_BYTES)
        except (OSError, ValueError) as error:
            return [], f"The snapshot from {who} could not be read: {error}.", {}
        payload = decode_line(raw.rstrip(b"\n"), self.sealer)
        if payload is None or not isinstance(payload.get("records"), list):
            return [], None, {}  # not whole yet (a partial download)
        out: list[_Version] = []
        try:
            for record in payload["records"]:
                if not (isinstance(record, list) and len(record) == 5 and _good_stamp(record[2])):
                    raise _Refused("a record in it is not valid")
                table, rid, stamp, base, doc = record
                if (
                    not isinstance(table, str)
                    or not isinstance(rid, str)
                    or not (doc is None or isinstance(doc, dict))
                ):
                    raise _Refused("a record in it is not valid")
                line = {
                    "machine": stamp[2],
                    "hlc": stamp[:2],
                    "base": base,
                    "ops": [{"t": table, "k": rid, "v": doc}],
                    "name": payload.get("name"),
                }
                found = self._versions(line)
                for version in found:
                    version.name = clean_name(
                        self.state["machines"].get(stamp[2], {}).get("name", stamp[2])
                    )
                out.extend(found)
        except _Refused as error:
            return [], f"The snapshot from {who} was not used: {error}.", {}
        raw_covers = payload.get("covers")
        covered = {
            mid: seq
            for mid, seq in (raw_covers.items() if isinstance(raw_covers, dict) else ())
            if isinstance(mid, str) and _MACHINE_ID.match(mid) and type(seq) is int
        }
        return out, None, covered

    def compact(self) -> None:
        """A snapshot of the merged state, then this log without what every snapshot holds."""
        try:
            self.write_snapshot()
            self.prune()
        except (OSError, StoreError):
            return  # the logs still hold everything: tried again at a later merge
        self.state["snap_size"] = self.log_size
        with contextlib.suppress(OSError, StoreError):
            self._save_state()

    def prune(self) -> int:
        """Rewrite this machine's log without the lines every other machine's snapshot covers."""
        with self.lock:
            others = {m for m in self.state["machines"] if m != self.cfg.id}
            covered: list[int] = []
            for entry in self._log_files():
                match = _SNAPSHOT_NAME.match(entry.name)
                if not match or match["mid"] == self.cfg.id:
                    continue
                try:
                    payload = decode_line(
                        _read_small(Path(entry.path), MAX_LOG_BYTES).rstrip(b"\n"), self.sealer
                    )
                except (OSError, ValueError):
                    return 0
                covers = payload.get("covers") if payload else None
                if not isinstance(covers, dict):
                    return 0
                others.discard(match["mid"])
                value = covers.get(self.cfg.id, 0)
                covered.append(value if type(value) is int else 0)
            if others or not covered:
                return 0  # a machine without a snapshot may still need every line
            upto = min(covered)
            raw = _read_small(self.log_path, MAX_LOG_BYTES)
            lines, good_end, _ = self._lines(raw, 0)
            keep_from = 0
            dropped = 0
            position = 0
            for payload in lines:
                end = raw.find(b"\n", position) + 1
                if payload["seq"] <= upto:
                    keep_from = end
                    dropped += 1
                position = end
            if not dropped:
                return 0
            self.detach_fd()
            atomic_write_bytes(self.log_path, raw[keep_from:good_end])
            self.log_size = good_end - keep_from
            self.state["own"]["offset"] = self.log_size
            self._save_state()
            return dropped

    def detach_fd(self) -> None:
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = None
