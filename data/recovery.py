"""The way out of a store that cannot be read: keep it aside, start from a backup.

Crash-atomic: the unreadable file is first kept under another name (a hard link,
so nothing is moved), then the backup's content replaces ``kith.json`` in one
``os.replace``. Killed at any step, ``kith.json`` is the old file or the backup,
never absent. The caller holds the store's lock (``StoreLock``) throughout.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kith.data.backup import all_backups, keep_aside
from kith.data.clock import Clock
from kith.data.crypto import StoreKey, is_sealed_bytes
from kith.data.errors import StoreError
from kith.data.journal import journal_path, set_aside
from kith.data.limits import read_limited
from kith.data.lock import LOCK_FILE, StoreLock
from kith.data.migrations import SCHEMA_VERSION, schema_version, set_schema_version
from kith.data.storage import atomic_write_bytes, dumps, load_file


@dataclass(frozen=True)
class Recovery:
    moved_to: Path | None
    restored_from: Path | None


def newest_readable_backup(data_dir: Path, key: StoreKey | None = None) -> Path | None:
    """The newest backup that opens (with ``key`` for an encrypted store's sealed ones)."""
    for candidate in all_backups(data_dir):
        try:
            tables = load_file(candidate, key)
        except StoreError:
            continue
        if tables is not None and schema_version(tables) <= SCHEMA_VERSION:
            return candidate
    return None


def recover(
    data_dir: Path,
    store_file: Path,
    clock: Clock,
    lock: StoreLock | None = None,
    key: StoreKey | None = None,
) -> Recovery:
    """Keep the unreadable file aside (timestamped) and put the newest readable backup
    in its place, or an empty store if there is none.

    ``lock``: the store's lock, already held by the caller (who asked the person
    first); without it, the lock is taken here (``StoreLocked`` if Kith is open)."""
    if lock is None:
        own = StoreLock(data_dir / LOCK_FILE)
        own.acquire()
        try:
            return recover(data_dir, store_file, clock, own, key)
        finally:
            own.release()
    if not lock.held:
        raise RuntimeError("recovery needs the store's lock")
    kept = keep_aside(store_file, clock.now()) if store_file.exists() else None
    set_aside(journal_path(store_file), "corrupt")  # its saves belong to the file kept aside
    backup = newest_readable_backup(data_dir, key)
    if backup is not None:
        payload = read_limited(backup)
        if key is not None and not is_sealed_bytes(payload):
            payload = key.seal_file(payload)  # an encrypted store stays encrypted
    else:
        empty: dict[str, object] = {}
        set_schema_version(empty)
        payload = dumps(empty) if key is None else key.seal_file(dumps(empty))
    atomic_write_bytes(store_file, payload)
    return Recovery(kept, backup)
