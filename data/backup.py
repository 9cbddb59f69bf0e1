"""Backups of the store file: a rolling daily copy and dated copies on demand."""

from __future__ import annotations

import os
import shutil
from contextlib import suppress
from datetime import date, datetime
from pathlib import Path

from kith.data.errors import StoreUnsafe
from kith.data.storage import DIR_MODE, atomic_write_bytes

DAILY_PREFIX = "kith-"
KEEP_DAILY = 7


def backups_dir(data_dir: Path) -> Path:
    folder = data_dir / "backups"
    folder.mkdir(mode=DIR_MODE, exist_ok=True)
    if folder.stat().st_uid != os.getuid():  # e.g. a link to someone else's folder
        raise StoreUnsafe(
            f"The backups folder {folder} belongs to another user. Kith will not put "
            "copies of your data there; remove it or make it your own."
        )
    os.chmod(folder, DIR_MODE)
    return folder


def daily_backups(data_dir: Path) -> list[Path]:
    """Daily backups, oldest first."""
    folder = data_dir / "backups"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"{DAILY_PREFIX}????-??-??.json"))


def all_backups(data_dir: Path) -> list[Path]:
    """Every backup file, newest first (by modification time, then name)."""
    folder = data_dir / "backups"
    if not folder.is_dir():
        return []
    files = [p for p in folder.glob("*.json") if p.is_file()]
    return sorted(files, key=lambda p: (p.stat().st_mtime, p.name), reverse=True)


def copy_to(store_file: Path, target: Path) -> Path:
    """Copy the store file, with its journal replayed, to ``target`` atomically, mode 0600."""
    from kith.data.journal import current_bytes

    atomic_write_bytes(target, current_bytes(store_file))
    return target


def rolling_backup(store_file: Path, data_dir: Path, day: date) -> Path | None:
    """At most one backup a day, the last ``KEEP_DAILY`` kept. Returns the new file."""
    if not store_file.exists():
        return None
    folder = backups_dir(data_dir)
    target = folder / f"{DAILY_PREFIX}{day.isoformat()}.json"
    made = None
    if not target.exists():
        made = copy_to(store_file, target)
    for old in daily_backups(data_dir)[:-KEEP_DAILY]:
        with suppress(OSError):
            old.unlink()
    return made


def manual_backup(store_file: Path, data_dir: Path, moment: datetime) -> Path:
    """A dated copy made on request; never pruned."""
    folder = backups_dir(data_dir)
    target = folder / f"kith-manual-{moment.strftime('%Y-%m-%d-%H%M%S')}.json"
    return copy_to(store_file, target)


def move_aside(store_file: Path, moment: datetime, label: str = "corrupt") -> Path:
    """Rename a file out of the way, keeping it (timestamped)."""
    target = store_file.with_name(
        f"{store_file.stem}.{label}-{moment.strftime('%Y%m%d-%H%M%S')}{store_file.suffix}"
    )
    shutil.move(store_file, target)
    return target
