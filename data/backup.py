"""Backups of the store file: a rolling daily copy and dated copies on demand.

Every copy is written crash-atomically (``atomic_write_bytes``). ``backups/`` must be
a real folder of the user's own: a link (to another of their folders, say) or someone
else's folder is refused, never followed, so pruning can only ever delete Kith's own
daily copies.
"""

from __future__ import annotations

import os
import stat
from contextlib import suppress
from datetime import date, datetime
from pathlib import Path

from kith.data.crypto import StoreKey
from kith.data.errors import StoreError, StoreUnsafe, disk_full
from kith.data.storage import DIR_MODE, atomic_write_bytes, fsync_dir, remove_stale_temp_files
from kith.data.text import printable

DAILY_PREFIX = "kith-"
KEEP_DAILY = 7
BACKUPS = "backups"


def backups_dir(data_dir: Path) -> Path:
    """``data_dir/backups``, created private (0700). Raises ``StoreUnsafe`` if it is a
    link, not a folder, or not the user's own."""
    folder = data_dir / BACKUPS
    with suppress(FileExistsError):
        folder.mkdir(mode=DIR_MODE)
    check_backups_dir(folder)
    if stat.S_IMODE(folder.lstat().st_mode) != DIR_MODE:
        os.chmod(folder, DIR_MODE, follow_symlinks=False)
    return folder


def check_backups_dir(folder: Path) -> None:
    info = folder.lstat()
    if stat.S_ISLNK(info.st_mode):
        raise StoreUnsafe(
            f"The backups folder {folder} is a link to {os.readlink(folder)}. Kith only "
            "puts copies of your data in a real folder of its own; replace the link with "
            "a folder."
        )
    if not stat.S_ISDIR(info.st_mode):
        raise StoreUnsafe(
            f"{folder} is not a folder, so Kith cannot keep backups there; move it away."
        )
    if info.st_uid != os.getuid():
        raise StoreUnsafe(
            f"The backups folder {folder} belongs to another user. Kith will not put "
            "copies of your data there; remove it or make it your own."
        )


def _listable(data_dir: Path) -> Path | None:
    """``backups/`` if it is a real folder of the user's (else nothing is listed)."""
    folder = data_dir / BACKUPS
    try:
        check_backups_dir(folder)
    except (OSError, StoreError):
        return None
    return folder


def daily_backups(data_dir: Path) -> list[Path]:
    """Daily backups, oldest first."""
    folder = _listable(data_dir)
    if folder is None:
        return []
    return sorted(
        p for p in folder.glob(f"{DAILY_PREFIX}????-??-??.json") if _regular(p) is not None
    )


def _regular(path: Path) -> os.stat_result | None:
    try:
        info = path.lstat()
    except OSError:
        return None
    return info if stat.S_ISREG(info.st_mode) else None


def all_backups(data_dir: Path) -> list[Path]:
    """Every backup file, newest first (by modification time, then name)."""
    folder = _listable(data_dir)
    if folder is None:
        return []
    files = [(p, info) for p in folder.glob("*.json") if (info := _regular(p)) is not None]
    files.sort(key=lambda item: (item[1].st_mtime, item[0].name), reverse=True)
    return [p for p, _ in files]


def copy_to(store_file: Path, target: Path, key: StoreKey | None = None) -> Path:
    """Copy the store file, with its journal replayed, to ``target`` atomically, mode 0600."""
    from kith.data.journal import current_bytes

    atomic_write_bytes(target, current_bytes(store_file, key))  # sealed with the store's key
    return target


def rolling_backup(
    store_file: Path, data_dir: Path, day: date, key: StoreKey | None = None
) -> Path | None:
    """At most one backup a day, the last ``KEEP_DAILY`` kept. Returns the new file.

    Called with the store's lock held: it also clears temporary files left by a
    backup that was killed."""
    if not store_file.exists():
        return None
    folder = backups_dir(data_dir)
    remove_stale_temp_files(folder)
    target = folder / f"{DAILY_PREFIX}{day.isoformat()}.json"
    made = None
    if not target.exists():
        made = copy_to(store_file, target, key)
    for old in daily_backups(data_dir)[:-KEEP_DAILY]:
        with suppress(OSError):
            old.unlink()
    return made


def manual_backup(
    store_file: Path, data_dir: Path, moment: datetime, key: StoreKey | None = None
) -> Path:
    """A dated copy made on request; never pruned."""
    folder = backups_dir(data_dir)
    target = folder / f"kith-manual-{moment.strftime('%Y-%m-%d-%H%M%S')}.json"
    return copy_to(store_file, target, key)


def aside_name(store_file: Path, moment: datetime, label: str) -> Path:
    """``kith.LABEL-YYYYmmdd-HHMMSS.json`` next to the store file, numbered (``-2``, ...)
    so that a file set aside earlier in the same second is never replaced."""
    stamp = moment.strftime("%Y%m%d-%H%M%S")
    number = 1
    while True:
        suffix = "" if number == 1 else f"-{number}"
        name = f"{store_file.stem}.{label}{suffix}-{stamp}{store_file.suffix}"
        target = store_file.with_name(name)
        if not os.path.lexists(target):
            return target
        number += 1


def keep_aside(store_file: Path, moment: datetime, label: str = "corrupt") -> Path:
    """Keep the current store file under a timestamped name *without* moving it:
    a hard link (or, where links are not possible, a durable copy). ``store_file``
    itself is untouched, so it is never absent; replace it next with
    ``atomic_write_bytes``."""
    target = aside_name(store_file, moment, label)
    try:
        os.link(store_file, target, follow_symlinks=False)
    except FileExistsError:
        return keep_aside(store_file, moment, label)
    except OSError:
        atomic_write_bytes(target, store_file.read_bytes())
        return target
    fsync_dir(store_file.parent)
    return target


def move_aside(store_file: Path, moment: datetime, label: str = "corrupt") -> Path:
    """Keep the file under a timestamped name, then remove it from its place (the data
    stays, by the other name, at every instant)."""
    target = keep_aside(store_file, moment, label)
    store_file.unlink()
    fsync_dir(store_file.parent)
    return target


def backup_problem_words(error: BaseException) -> str:
    """What to tell a person whose daily backup could not be made (their data is fine)."""
    if disk_full(error):
        return (
            "Today's backup copy was not made: the disk is full. Your data is safe and "
            "open as usual; free some space and Kith makes the copy next time it opens."
        )
    reason = printable(error, 300).rstrip(".")
    return f"Today's backup copy was not made. {reason}. Your data is safe and open as usual."
