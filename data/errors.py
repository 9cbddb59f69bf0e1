"""Errors the store raises, each with a message a person can act on."""

from __future__ import annotations

import errno
from pathlib import Path

from kith.data.text import printable

DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})


def disk_full(error: BaseException | None) -> bool:
    """Whether ``error`` (an OSError, or one it was raised from) says the disk is full."""
    while error is not None:
        if isinstance(error, OSError) and error.errno in DISK_FULL:
            return True
        error = error.__cause__
    return False


class StoreError(Exception):
    """Base class: ``str(error)`` is a plain-words message for the user."""


class StoreLocked(StoreError):
    def __init__(self, path: Path, pid: int | None = None) -> None:
        self.path = path
        self.pid = pid
        who = f" (process {pid})" if pid else ""
        super().__init__(
            f"Kith is open in another terminal{who}. Close it there first, "
            f"then try again. Data folder: {path.parent}"
        )


class StoreCorrupt(StoreError):
    """The file cannot be read as a Kith store. It is never overwritten."""

    def __init__(self, path: Path, detail: str) -> None:
        self.path = path
        self.detail = printable(detail)  # it may quote the file: no control characters
        super().__init__(f"Kith could not read its data file {path}: {self.detail}")


class StoreTooNew(StoreError):
    def __init__(self, path: Path, found: int, supported: int) -> None:
        self.path = path
        self.found = found
        self.supported = supported
        super().__init__(
            f"The data file {path} was written by a newer Kith (format {found}; "
            f"this one reads up to {supported}). Please update Kith. The file was not changed."
        )


class StoreUnsafe(StoreError):
    """The data folder or file is not safe to write (a symlink, someone else's)."""


class StoreWriteError(StoreError):
    """A save failed; the file on disk is as it was before."""

    def __init__(self, path: Path, cause: OSError) -> None:
        self.path = path
        self.cause = cause
        self.disk_full = cause.errno in DISK_FULL
        if self.disk_full:
            super().__init__(
                "Kith could not save: the disk is full. Nothing was lost: your data file "
                "is as it was before, and what you typed is still here. Free some space, "
                f"then try again. ({path.parent})"
            )
            return
        reason = cause.strerror or str(cause)
        super().__init__(
            f"Kith could not save ({reason}). Nothing was lost: your data file is as "
            "it was before, and what you typed is still here. Free some space or check "
            f"the folder's permissions, then try again. ({path.parent})"
        )


class NotFound(StoreError):
    def __init__(self, kind: str, record_id: str) -> None:
        super().__init__(f"That {kind} no longer exists (id {record_id}).")


class PassphraseNeeded(StoreError):
    """The store is encrypted and no key was given (issue 16)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"Kith's data in {path.parent} is encrypted. Give its passphrase: Kith asks on a "
            "terminal, or reads it from --passphrase-file or KITH_PASSPHRASE_FILE."
        )


class WrongPassphrase(StoreError):
    """The passphrase (or recovery key) does not open the store. Nothing was changed."""

    def __init__(self, path: Path, *, other_key: bool = False) -> None:
        self.path = path
        if other_key:
            super().__init__(
                f"The file {path} is encrypted with another passphrase than this store's. "
                "It was not changed."
            )
            return
        super().__init__(
            "That passphrase does not open Kith's data. Nothing was changed; check it "
            "and try again (letters, spaces and capitals count)."
        )
