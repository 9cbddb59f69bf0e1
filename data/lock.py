"""One writer at a time: an exclusive lock held while Kith has the store open.

``fcntl.flock`` locks die with their process, so a crash never leaves a lock
that blocks the next start; the PID written into the file is only for the
message.
"""

from __future__ import annotations

import fcntl
import os
import stat
from pathlib import Path

from kith.data.errors import StoreLocked

# Light on purpose: ``kith`` checks the lock before it starts the app, before the
# rest of the data layer is imported (``data.storage`` is imported when locking).
LOCK_FILE = "kith.lock"


class StoreLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        from kith.data.storage import FILE_MODE, check_own_folder

        check_own_folder(self.path.parent)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, FILE_MODE)
        os.fchmod(fd, FILE_MODE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = _read_pid(fd)
            os.close(fd)
            raise StoreLocked(self.path, pid) from None
        try:  # only for the message; a full disk must not keep Kith from opening
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except OSError:
            pass
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            finally:
                os.close(self._fd)
                self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None


def held_elsewhere(path: Path) -> StoreLocked | None:
    """If another process holds the lock at ``path``: the error that says so, with
    its process number (never blocks, never creates the file)."""
    try:
        if path.parent.stat().st_uid != os.getuid():
            return None  # not the user's folder: opening the store says so
        # Non-blocking: a FIFO planted as the lock file must not hang the start.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None  # not a lock file Kith made: opening the store says so
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return StoreLocked(path, _read_pid(fd))
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def is_locked(path: Path) -> bool:
    """Whether another process holds the lock at ``path`` (never blocks)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode().strip()
        return int(text) if text else None
    except (OSError, ValueError):
        return None
