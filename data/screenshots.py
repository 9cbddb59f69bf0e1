"""Pictures of the screen (the palette's "Screenshot"), kept in the data folder.

Textual saves them into ``~/Downloads`` and fails when that folder is missing;
Kith keeps them beside your data, in ``screenshots/`` (private, like the rest),
and says where. Each is written crash-atomically, never over an earlier one.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from kith.data.errors import StoreWriteError
from kith.data.storage import DIR_MODE, atomic_write_bytes

FOLDER = "screenshots"


def screenshot_path(data_dir: Path, now: datetime) -> Path:
    """A new file name in ``data_dir/screenshots`` for a picture taken at ``now``."""
    folder = data_dir / FOLDER
    stem = f"kith-{now:%Y-%m-%d-%H%M%S}"
    path = folder / f"{stem}.svg"
    number = 2
    while path.exists():
        path = folder / f"{stem}-{number}.svg"
        number += 1
    return path


def save_screenshot(data_dir: Path, svg: str, now: datetime) -> Path:
    """Write ``svg`` into the screenshots folder (made, mode 0700, if missing) and
    return where. Raises ``StoreWriteError`` if it cannot be written."""
    folder = data_dir / FOLDER
    try:
        folder.mkdir(mode=DIR_MODE, exist_ok=True)
        if folder.is_symlink() or not folder.is_dir():
            raise NotADirectoryError(f"{folder} is not a folder")
        os.chmod(folder, DIR_MODE)
    except OSError as error:
        raise StoreWriteError(folder, error) from error
    path = screenshot_path(data_dir, now)
    atomic_write_bytes(path, svg.encode("utf-8"))
    return path
