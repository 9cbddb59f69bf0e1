"""The OS keyring for an encrypted store's passphrase (issue 16): optional, off by
default, used only by ``kith status`` and ``kith log``.

``kith passphrase --remember`` keeps the passphrase in the system keyring (through
the ``keyring`` package: ``pip install 'kith[keyring]'``), under the service
``kith`` and the data folder's path; ``kith passphrase --forget`` removes it. Without
the package, or on a machine with no keyring service (headless: ``keyring`` finds
only its "fail" backend), one calm line says so: no traceback, nothing kept.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from kith.data.errors import StoreError

SERVICE = "kith"

NOT_INSTALLED = (
    "The keyring is not installed, so nothing was kept. To use it: "
    "pip install 'kith[keyring]', then kith passphrase --remember. "
    "A passphrase file works too (KITH_PASSPHRASE_FILE)."
)
NO_BACKEND = (
    "No system keyring is available here (as on a machine without a desktop session), "
    "so nothing was kept. A passphrase file works instead (KITH_PASSPHRASE_FILE)."
)
STALE = (
    "kith: the passphrase kept in the keyring no longer opens Kith's data "
    "(kith passphrase --forget removes it)."
)


class KeyringUnavailable(StoreError):
    """The keyring package is missing, or has no working backend here."""


def _keyring() -> Any:
    try:
        import keyring
    except ImportError:
        raise KeyringUnavailable(NOT_INSTALLED) from None
    return keyring


def _account(data_dir: Path) -> str:
    return str(data_dir.expanduser().resolve())


def _calmly(action: str, call: Any) -> Any:
    """Run a keyring call; every way it can fail becomes one plain line."""
    keyring = _keyring()
    try:
        return call(keyring)
    except keyring.errors.NoKeyringError:
        raise KeyringUnavailable(NO_BACKEND) from None
    except Exception as error:  # a backend's own (D-Bus, a locked collection): no trace
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise KeyringUnavailable(
            f"The system keyring did not {action} the passphrase ({reason}). Nothing was "
            "changed; a passphrase file works instead (KITH_PASSPHRASE_FILE)."
        ) from None


def remember(data_dir: Path, passphrase: str) -> None:
    _calmly("keep", lambda k: k.set_password(SERVICE, _account(data_dir), passphrase))


def forget(data_dir: Path) -> bool:
    """Remove the kept passphrase; False if none was kept."""

    def delete(keyring: Any) -> bool:
        if keyring.get_password(SERVICE, _account(data_dir)) is None:
            return False
        keyring.delete_password(SERVICE, _account(data_dir))
        return True

    result: bool = _calmly("remove", delete)
    return result


def recall(data_dir: Path) -> str | None:
    """The kept passphrase, or None: not kept, not installed, or no keyring here
    (quietly: the next source, a terminal, is asked instead)."""
    try:
        found = _calmly("read", lambda k: k.get_password(SERVICE, _account(data_dir)))
    except KeyringUnavailable:
        return None
    return found if isinstance(found, str) and found else None


def is_kept(data_dir: Path) -> bool:
    return recall(data_dir) is not None


def say_stale() -> None:
    print(STALE, file=sys.stderr)
