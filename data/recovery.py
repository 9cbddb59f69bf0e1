"""The way out of a store that cannot be read: move it aside, start from a backup."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kith.data.backup import all_backups, copy_to, move_aside
from kith.data.clock import Clock
from kith.data.errors import StoreError
from kith.data.journal import journal_path, set_aside
from kith.data.migrations import SCHEMA_VERSION, schema_version
from kith.data.storage import load_file


@dataclass(frozen=True)
class Recovery:
    moved_to: Path | None
    restored_from: Path | None


def newest_readable_backup(data_dir: Path) -> Path | None:
    for candidate in all_backups(data_dir):
        try:
            tables = load_file(candidate)
        except StoreError:
            continue
        if tables is not None and schema_version(tables) <= SCHEMA_VERSION:
            return candidate
    return None


def recover(data_dir: Path, store_file: Path, clock: Clock) -> Recovery:
    """Move the unreadable file aside (kept, timestamped) and copy in the newest
    readable backup, if there is one; otherwise Kith starts empty."""
    moved = move_aside(store_file, clock.now()) if store_file.exists() else None
    set_aside(journal_path(store_file), "corrupt")  # its saves belong to the file set aside
    backup = newest_readable_backup(data_dir)
    if backup is not None:
        copy_to(backup, store_file)
    return Recovery(moved, backup)
