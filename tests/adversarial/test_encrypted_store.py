"""An encrypted store under disk errors and hostile files (issue 16): a failed save
changes no byte, a hostile header is refused in plain words, nothing blocks."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from kith.data import crypto
from kith.data.clock import FixedClock
from kith.data.encryption import encrypt_store
from kith.data.errors import StoreCorrupt, StoreTooNew, StoreWriteError
from kith.data.models import Contact
from kith.data.recovery import recover
from kith.data.store import Store
from tests.adversarial.test_disk_errors import failing_disk

PASS = "a passphrase here"


@pytest.fixture(autouse=True)
def _weak_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(crypto.TEST_KNOB, "1")  # tests only


@pytest.fixture
def sealed(data_dir: Path, clock: FixedClock) -> crypto.StoreKey:
    with Store.open(data_dir, clock=clock) as store:
        store.contacts.add(Contact(name="Ann Example"))
    encrypt_store(data_dir, crypto.new_key(PASS)[0])
    return crypto.unlock(data_dir, PASS)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and p.name != "kith.lock"
    }


@pytest.mark.parametrize(
    ("code", "where"),
    [
        (errno.ENOSPC, "write"),
        (errno.EIO, "fsync"),
        (errno.ENOSPC, "mkstemp"),
        (errno.EIO, "replace"),
    ],
)
def test_a_failed_sealed_save_or_compaction_changes_nothing(
    data_dir: Path, clock: FixedClock, sealed: crypto.StoreKey, code: int, where: str
) -> None:
    store = Store.open(data_dir, clock=clock, key=sealed)
    try:
        store.contacts.add(Contact(name="Saved Before"))
        before = _files(data_dir)
        with failing_disk(code, where), pytest.raises(StoreWriteError):
            store._storage.compact()  # the whole sealed snapshot
        if where == "write":
            with failing_disk(code, where), pytest.raises(StoreWriteError):
                store.contacts.add(Contact(name="Never Saved"))  # one sealed journal line
        assert _files(data_dir) == before
        assert [c.name for c in store.contacts.list()] == ["Ann Example", "Saved Before"]
    finally:
        store.close()
    with Store.open(data_dir, clock=clock, key=crypto.unlock(data_dir, PASS)) as again:
        assert [c.name for c in again.contacts.list()] == ["Ann Example", "Saved Before"]


def _header_file(data_dir: Path, sealed: crypto.StoreKey, change: dict[str, object]) -> None:
    import orjson

    raw = (data_dir / "kith.json").read_bytes()
    header, _, body = crypto.parse_sealed(raw, data_dir / "kith.json")
    header.update(change)
    head = crypto.MAGIC + orjson.dumps(header) + b"\n"
    (data_dir / "kith.json").write_bytes(head + body)


@pytest.mark.parametrize(
    "change",
    [
        {"kdf": {"name": "argon2id", "m": 2**40, "t": 3, "p": 1}},  # 1 PiB of memory
        {"kdf": {"name": "argon2id", "m": 8, "t": 10**9, "p": 1}},  # an hour of passes
        {"kdf": {"name": "scrypt"}},
        {"salt": "not base64 !"},
        {"pass": 17},
        {"len": "many"},
    ],
)
def test_a_hostile_header_is_refused_in_plain_words(
    data_dir: Path, sealed: crypto.StoreKey, change: dict[str, object]
) -> None:
    _header_file(data_dir, sealed, change)
    before = (data_dir / "kith.json").read_bytes()
    with pytest.raises((StoreCorrupt, crypto.WrongPassphrase)) as caught:
        crypto.unlock(data_dir, PASS)
    assert "Traceback" not in str(caught.value)
    assert (data_dir / "kith.json").read_bytes() == before


def test_a_newer_format_says_update(data_dir: Path, sealed: crypto.StoreKey) -> None:
    _header_file(data_dir, sealed, {"v": 99})
    with pytest.raises(StoreTooNew):
        crypto.unlock(data_dir, PASS)


def test_an_endless_header_is_not_read_forever(data_dir: Path, sealed: crypto.StoreKey) -> None:
    (data_dir / "kith.json").write_bytes(crypto.MAGIC + b"{" * 100_000)
    with pytest.raises(StoreCorrupt, match="changed or damaged"):
        crypto.unlock(data_dir, PASS)


def test_a_fifo_in_place_of_the_data_file_never_blocks(tmp_path: Path) -> None:
    folder = tmp_path / "fifo"
    folder.mkdir()
    os.mkfifo(folder / "kith.json")
    assert not crypto.is_encrypted(folder)  # returns at once: never opened for reading


def test_recovery_of_an_encrypted_store_takes_a_sealed_backup(
    data_dir: Path, clock: FixedClock, sealed: crypto.StoreKey
) -> None:
    from datetime import timedelta

    later = FixedClock(clock.now() + timedelta(days=1), tz=clock.tz)
    Store.open(data_dir, clock=later, key=sealed).close()  # today's backup, sealed
    (data_dir / "kith.json").write_bytes(crypto.MAGIC + b"{}")  # damaged
    done = recover(data_dir, data_dir / "kith.json", later, key=sealed)
    assert done.restored_from is not None
    assert crypto.is_encrypted(data_dir)
    with Store.open(data_dir, clock=later, key=crypto.unlock(data_dir, PASS)) as store:
        assert [c.name for c in store.contacts.list()] == ["Ann Example"]
