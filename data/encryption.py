"""Turning encryption on and off, and changing the passphrase (issue 16).

Each holds the store's lock and is crash-atomic file by file: every file is replaced
with ``atomic_write_bytes`` (old or new bytes, never absent), and the data file
(``kith.json``, whose header says whether the store is encrypted) is handled so
that a kill at any point can be finished by running the command again:

- encrypt: the journal is folded in, the data file sealed first, then every backup
  and kept-aside file. Killed in between, the store is encrypted and ``kith encrypt``
  run again (with the passphrase) seals what is still plain.
- decrypt and a new passphrase: every other file first, the data file last. Killed
  in between, the store still opens with the old passphrase and the command is run
  again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kith.data.backup import BACKUPS
from kith.data.crypto import StoreKey, is_sealed_bytes, open_bytes
from kith.data.errors import StoreError
from kith.data.journal import (
    JOURNAL_FILE,
    decode_line,
    encode_line,
    fold,
    load_current,
    read_journal_bytes,
)
from kith.data.limits import STORE_MAX, read_limited
from kith.data.lock import LOCK_FILE, StoreLock
from kith.data.storage import atomic_write_bytes

STORE_NAME = "kith.json"


@dataclass
class Changed:
    files: int = 0
    moved_aside: list[Path] = field(default_factory=list)  # could not be read: left, named


def _other_files(data_dir: Path) -> list[Path]:
    """Every file of Kith's data but the data file itself: backups, files kept aside
    (``kith.before-restore-*.json``, ``kith.corrupt-*.json``), journals set aside."""
    found = [p for p in data_dir.glob("kith.*.json") if p.name != STORE_NAME]
    found += list(data_dir.glob(f"{JOURNAL_FILE}.*"))
    backups = data_dir / BACKUPS
    if backups.is_dir() and not backups.is_symlink():
        found += list(backups.glob("*.json"))
    return sorted(p for p in found if p.is_file() and not p.is_symlink())


def _convert(path: Path, key: StoreKey, *, seal: bool) -> bool:
    """Rewrite one file sealed (``seal``) or plain; False if it cannot be read."""
    try:
        raw = read_limited(path, STORE_MAX, what="file")
    except (OSError, ValueError):
        return False
    if path.name.startswith(f"{JOURNAL_FILE}."):
        return _convert_journal(path, raw, key, seal=seal)
    try:
        plain = open_bytes(raw, path, key)
    except StoreError:
        return False
    if seal:
        if is_sealed_bytes(raw) and raw != plain and _same_wrap(raw, key):
            return True
        atomic_write_bytes(path, key.seal_file(plain))
    elif raw != plain:
        atomic_write_bytes(path, plain)
    return True


def _same_wrap(raw: bytes, key: StoreKey) -> bool:
    from kith.data.crypto import parse_sealed

    try:
        header, _, _ = parse_sealed(raw, Path("file"))
    except StoreError:
        return False
    return header.get("pass") == key.wraps.get("pass")


def _convert_journal(path: Path, raw: bytes, key: StoreKey, *, seal: bool) -> bool:
    """A journal set aside: every line re-encoded (sealed, or plain)."""
    lines = []
    for line in raw.split(b"\n"):
        if not line:
            continue
        payload = decode_line(line) or decode_line(line, key.sealer())
        if payload is None:
            return False
        lines.append(encode_line(payload, key.sealer() if seal else None))
    atomic_write_bytes(path, b"".join(lines))
    return True


def _locked(data_dir: Path) -> StoreLock:
    lock = StoreLock(data_dir / LOCK_FILE)
    lock.acquire()  # StoreLocked while Kith is open elsewhere
    return lock


def _current_plain(store_file: Path, key: StoreKey | None) -> bytes:
    """The data file's plain bytes, the journal folded in first (then removed)."""
    fold(store_file, key)
    if read_journal_bytes(store_file.with_name(JOURNAL_FILE)).strip():
        raise StoreError(
            "The journal beside the data file could not be folded in. Nothing changed."
        )
    raw = read_limited(store_file, STORE_MAX, what="data file")
    return open_bytes(raw, store_file, key)


def encrypt_store(data_dir: Path, key: StoreKey) -> Changed:
    """Seal the data file, then every backup and kept-aside file, with ``key``.
    On an encrypted store (a run that was stopped), seals what is still plain."""
    lock = _locked(data_dir)
    try:
        store_file = data_dir / STORE_NAME
        done = Changed()
        if store_file.exists():
            raw = read_limited(store_file, STORE_MAX, what="data file")
            if not is_sealed_bytes(raw):
                # Checked as a store before it is sealed: an unreadable file stays as it is.
                load_current(store_file)
                plain = _current_plain(store_file, None)
                atomic_write_bytes(store_file, key.seal_file(plain))
                done.files += 1
        return _convert_all(data_dir, key, done, seal=True)
    finally:
        lock.release()


def _convert_all(data_dir: Path, key: StoreKey, done: Changed, *, seal: bool) -> Changed:
    for path in _other_files(data_dir):
        if _convert(path, key, seal=seal):
            done.files += 1
        else:
            done.moved_aside.append(path)
    return done


def decrypt_store(data_dir: Path, key: StoreKey) -> Changed:
    """Write every file plain: the others first, the data file last."""
    lock = _locked(data_dir)
    try:
        store_file = data_dir / STORE_NAME
        done = _convert_all(data_dir, key, Changed(), seal=False)
        plain = _current_plain(store_file, key)
        atomic_write_bytes(store_file, plain)
        done.files += 1
        return done
    finally:
        lock.release()


def rewrap_store(data_dir: Path, key: StoreKey) -> Changed:
    """Every sealed file's header rewritten for ``key`` (the same data key, a new
    passphrase): the others first, the data file last."""
    lock = _locked(data_dir)
    try:
        store_file = data_dir / STORE_NAME
        done = _convert_all(data_dir, key, Changed(), seal=True)
        plain = _current_plain(store_file, key)
        atomic_write_bytes(store_file, key.seal_file(plain))
        done.files += 1
        return done
    finally:
        lock.release()
