"""Restoring a backup: crash-atomic, with the store's lock held."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from kith.data.backup import keep_aside
from kith.data.clock import Clock, local
from kith.data.crypto import StoreKey, is_sealed_bytes, open_bytes
from kith.data.errors import StoreError
from kith.data.exchange_common import ExchangeError, read_input, snapshot_counts
from kith.data.exchange_json import read_store_bytes
from kith.data.journal import fold
from kith.data.limits import JSON_MAX
from kith.data.lock import StoreLock
from kith.data.storage import DIR_MODE, atomic_write_bytes
from kith.data.store import LOCK_FILE, STORE_FILE


@dataclass(frozen=True)
class Restored:
    backup: Path
    moved_aside: Path | None
    counts: dict[str, int]


def restore_backup(
    data_dir: Path, backup: Path, clock: Clock, key: StoreKey | None = None
) -> Restored:
    """Make ``backup`` the current data file, keeping the current file aside (timestamped).
    Refuses with ``StoreLocked`` while Kith has the folder open, and with
    ``ExchangeError`` if the backup cannot be read (then nothing changes).

    Crash-atomic: the current file is first kept by a second name (a hard link; it is
    not moved), then the backup's bytes replace ``kith.json`` in one ``os.replace``.
    Killed at any instant, ``kith.json`` is the old file or the backup, never absent.
    """
    try:
        data_dir.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    except OSError as error:
        raise ExchangeError(f"Could not create {data_dir} ({error.strerror or error}).") from None
    lock = StoreLock(data_dir / LOCK_FILE)
    lock.acquire()
    try:
        payload = read_input(backup, JSON_MAX, what="backup")
        plain = open_bytes(payload, backup, key)  # sealed with the store's key, or plain
        counts = snapshot_counts(read_store_bytes(plain, str(backup)))
        if key is not None and not is_sealed_bytes(payload):
            payload = key.seal_file(plain)  # an encrypted store stays encrypted
        store_file = data_dir / STORE_FILE
        fold(
            store_file, key
        )  # the copy kept aside holds every save; nothing replays onto the backup
        kept = None
        if store_file.exists():
            kept = keep_aside(store_file, local(clock, clock.now()), "before-restore")
        try:
            atomic_write_bytes(store_file, payload)
        except StoreError:
            if kept is not None:  # the current file is still in place: one name is enough
                with suppress(OSError):
                    kept.unlink()
            raise
        return Restored(backup, kept, counts)
    finally:
        lock.release()
