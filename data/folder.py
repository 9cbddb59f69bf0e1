"""Folder safety: the data folder is the user's own, private, and holds no links
where Kith's files should be; stale temporary files go at open."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kith.data.errors import StoreUnsafe
from kith.data.journal import JOURNAL_FILE
from kith.data.storage import DIR_MODE, FILE_MODE, check_own_folder, remove_stale_temp_files


def real_folder(data_dir: Path) -> Path:
    return data_dir.resolve() if data_dir.is_symlink() else data_dir


def prepare_folder(data_dir: Path, store_file: Path, *, readonly: bool) -> None:
    """Create the folder (0700) unless read-only; refuse someone else's folder and a
    store file that is a link."""
    folder = real_folder(data_dir)
    if readonly:
        if not folder.is_dir():
            raise StoreUnsafe(f"There is no Kith data folder at {folder}.")
    else:
        folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    check_own_folder(folder)
    if store_file.is_symlink():
        raise StoreUnsafe(
            f"The data file {store_file} is a link to {os.readlink(store_file)}. Kith "
            "only writes to a real file it owns; replace the link with the file itself."
        )


def tidy_folder(data_dir: Path, store_file: Path) -> None:
    """Private modes, no stale temp files. Only with the lock held: another Kith's
    temporary file may be a save in progress."""
    folder = real_folder(data_dir)
    if stat.S_IMODE(folder.stat().st_mode) != DIR_MODE:
        os.chmod(folder, DIR_MODE)
    remove_stale_temp_files(folder)
    for path in (store_file, store_file.with_name(JOURNAL_FILE)):
        if path.is_symlink() or not path.exists():
            continue
        if stat.S_IMODE(path.stat().st_mode) != FILE_MODE:
            os.chmod(path, FILE_MODE)
