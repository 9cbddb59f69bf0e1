"""The store: durable, private, single-writer, and never overwrites what it cannot read."""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap
from datetime import date, timedelta
from pathlib import Path

import pytest

import kith.data.storage as storage_module
from kith.data.backup import KEEP_DAILY, daily_backups, rolling_backup
from kith.data.clock import FixedClock
from kith.data.errors import (
    NotFound,
    StoreCorrupt,
    StoreLocked,
    StoreTooNew,
    StoreUnsafe,
    StoreWriteError,
)
from kith.data.migrations import SCHEMA_VERSION
from kith.data.models import Contact, Interaction, PlanItem
from kith.data.recovery import recover
from kith.data.store import STORE_FILE, Store

FIXTURES = Path(__file__).parent.parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- basics ------------------------------------------------------------------------------
def test_add_update_delete_and_reopen(data_dir: Path, clock: FixedClock) -> None:
    with Store.open(data_dir, clock=clock) as store:
        sam = store.contacts.add(Contact(name="Sam"))
        assert sam.created == clock.now()
        store.contacts.update(sam.model_copy(update={"name": "Samuel"}))
        gone = store.contacts.add(Contact(name="Gone"))
        store.contacts.delete(gone.id)
    with Store.open(data_dir, clock=clock) as store:
        assert [c.name for c in store.contacts.list()] == ["Samuel"]
        assert store.contacts.require(sam.id).created == sam.created
        with pytest.raises(NotFound):
            store.contacts.require(gone.id)


@pytest.mark.parametrize("shift", [timedelta(days=-400), timedelta(hours=3)])
def test_update_sets_updated_and_keeps_created(
    data_dir: Path, clock: FixedClock, shift: timedelta
) -> None:
    """The record handed to update says another ``created`` (an edit made from an old
    copy, an import): the stored one is kept, in memory and on disk."""
    with Store.open(data_dir, clock=clock) as store:
        sam = store.contacts.add(Contact(name="Sam"))
        met = store.interactions.add(Interaction(contact_ids=[sam.id], date=date(2026, 11, 1)))
        clock.set(clock.now() + timedelta(hours=2))
        claimed = sam.created + shift
        renamed = store.contacts.update(
            sam.model_copy(update={"name": "Sammy", "created": claimed})
        )
        noted = store.interactions.update(
            met.model_copy(update={"notes": "a walk", "created": claimed})
        )
        assert renamed.created == sam.created != claimed
        assert renamed.updated == sam.updated + timedelta(hours=2)
        assert noted.created == met.created
        assert store.contacts.require(sam.id).created == sam.created
    with Store.open(data_dir, clock=clock) as store:
        assert store.contacts.require(sam.id).created == sam.created
        assert store.interactions.require(met.id).created == met.created


def test_writes_are_validated(store: Store) -> None:
    from pydantic import ValidationError

    sam = store.contacts.add(Contact(name="Sam"))
    with pytest.raises(ValidationError):
        store.contacts.update(sam.model_copy(update={"name": ""}))  # bypassed validation
    assert store.contacts.require(sam.id).name == "Sam"


def test_future_interactions_refused_by_the_store_clock(store: Store) -> None:
    from pydantic import ValidationError

    sam = store.contacts.add(Contact(name="Sam"))
    store.interactions.add(Interaction(date=date(2026, 11, 20), contact_ids=[sam.id]))
    with pytest.raises(ValidationError):
        store.interactions.add(Interaction(date=date(2026, 11, 21), contact_ids=[sam.id]))


def test_settings_round_trip(data_dir: Path, clock: FixedClock) -> None:
    with Store.open(data_dir, clock=clock) as store:
        assert store.settings.get().welcome_seen is False
        store.settings.change(welcome_seen=True, theme="nord")
    with Store.open(data_dir, clock=clock) as store:
        assert store.settings.get().welcome_seen is True
        assert store.settings.get().theme == "nord"


def test_file_carries_the_schema_version(store: Store) -> None:
    store.contacts.add(Contact(name="Sam"))
    raw = json.loads(store.path.read_text())
    assert raw["_meta"]["1"]["schema"] == SCHEMA_VERSION


def test_delete_contact_keeps_or_deletes_interactions(store: Store) -> None:
    sam = store.contacts.add(Contact(name="Sam"))
    ana = store.contacts.add(Contact(name="Ana"))
    alone = store.interactions.add(Interaction(date=date(2026, 11, 1), contact_ids=[sam.id]))
    shared = store.interactions.add(
        Interaction(date=date(2026, 11, 2), contact_ids=[sam.id, ana.id])
    )
    plan = store.plan.add(PlanItem(week_start=date(2026, 11, 16), text="Call", contact_id=sam.id))
    store.delete_contact(sam.id, keep_interactions=False)
    assert store.interactions.get(alone.id) is None
    assert store.interactions.require(shared.id).contact_ids == [ana.id]
    assert store.plan.require(plan.id).contact_id is None
    bo = store.contacts.add(Contact(name="Bo"))
    kept = store.interactions.add(Interaction(date=date(2026, 11, 3), contact_ids=[bo.id]))
    store.delete_contact(bo.id, keep_interactions=True)
    assert store.interactions.require(kept.id).contact_ids == [bo.id]


# -- durability ----------------------------------------------------------------------------
def test_interrupted_write_between_write_and_replace_leaves_old_file(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    sam = store.contacts.add(Contact(name="Sam"))
    before = store.path.read_bytes()

    def crash(*args: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(storage_module.os, "replace", crash)
    with pytest.raises(StoreWriteError) as info:
        store.contacts.add(Contact(name="Lost"))
    assert "Nothing was lost" in str(info.value)
    assert store.path.read_bytes() == before
    assert [c.name for c in store.contacts.list()] == ["Sam"]  # memory rolled back too
    assert not list(store.data_dir.glob(".kith-tmp-*"))  # temp file cleaned up
    monkeypatch.undo()
    store.contacts.update(sam.model_copy(update={"name": "Sam again"}))
    assert "Sam again" in store.path.read_text()


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EACCES])
def test_disk_errors_leave_file_and_memory_as_they_were(
    store: Store, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    sam = store.contacts.add(Contact(name="Sam"))
    before = store.path.read_bytes()
    real_write = os.write

    def failing(fd: int, payload: bytes) -> int:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(storage_module.os, "write", failing)
    with pytest.raises(StoreWriteError):
        store.contacts.update(sam.model_copy(update={"name": "Changed"}))
    with pytest.raises(StoreWriteError):
        store.contacts.delete(sam.id)
    assert store.path.read_bytes() == before
    assert store.contacts.require(sam.id).name == "Sam"
    monkeypatch.setattr(storage_module.os, "write", real_write)
    store.contacts.update(sam.model_copy(update={"name": "Changed"}))
    with Store.open(store.data_dir, readonly=True) as other:
        assert other.contacts.require(sam.id).name == "Changed"


def test_failed_batch_writes_nothing(store: Store) -> None:
    store.contacts.add(Contact(name="Sam"))
    before = store.path.read_bytes()
    with pytest.raises(RuntimeError), store.batch():
        store.contacts.add(Contact(name="In batch"))
        raise RuntimeError("changed my mind")
    assert store.path.read_bytes() == before
    assert [c.name for c in store.contacts.list()] == ["Sam"]


def test_stale_temp_files_are_removed_on_open(data_dir: Path, clock: FixedClock) -> None:
    Store.open(data_dir, clock=clock).close()
    stale = data_dir / ".kith-tmp-abc.json"
    stale.write_text("{half")
    Store.open(data_dir, clock=clock).close()
    assert not stale.exists()


# -- privacy -------------------------------------------------------------------------------
def test_modes_are_private_even_with_a_permissive_umask(data_dir: Path, clock: FixedClock) -> None:
    old = os.umask(0)
    try:
        with Store.open(data_dir, clock=clock) as store:
            store.contacts.add(Contact(name="Sam"))
    finally:
        os.umask(old)
    assert mode(data_dir) == 0o700
    assert mode(data_dir / STORE_FILE) == 0o600
    assert mode(data_dir / "kith.lock") == 0o600


def test_loose_modes_are_tightened_on_open(data_dir: Path, clock: FixedClock) -> None:
    Store.open(data_dir, clock=clock).close()
    os.chmod(data_dir, 0o755)
    os.chmod(data_dir / STORE_FILE, 0o644)
    Store.open(data_dir, clock=clock).close()
    assert mode(data_dir) == 0o700
    assert mode(data_dir / STORE_FILE) == 0o600
    for backup in (data_dir / "backups").iterdir():
        assert mode(backup) == 0o600


def test_symlinked_store_is_refused(tmp_path: Path, clock: FixedClock) -> None:
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text("{}")
    folder = tmp_path / "kith"
    folder.mkdir(mode=0o700)
    (folder / STORE_FILE).symlink_to(elsewhere)
    with pytest.raises(StoreUnsafe) as info:
        Store.open(folder, clock=clock)
    assert "link" in str(info.value)
    assert elsewhere.read_text() == "{}"


# -- one writer ----------------------------------------------------------------------------
def test_second_open_in_same_process_is_refused(store: Store, clock: FixedClock) -> None:
    with pytest.raises(StoreLocked) as info:
        Store.open(store.data_dir, clock=clock)
    assert "open in another terminal" in str(info.value)
    assert f"process {os.getpid()}" in str(info.value)


def test_lock_is_released_on_close(data_dir: Path, clock: FixedClock) -> None:
    Store.open(data_dir, clock=clock).close()
    Store.open(data_dir, clock=clock).close()


def _holder_script(data_dir: Path) -> str:
    return textwrap.dedent(
        f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from kith.data.store import Store
        store = Store.open(Path({str(data_dir)!r}))
        print("ready", flush=True)
        time.sleep(60)
        """
    )


def test_another_process_holding_the_lock_blocks_until_it_dies(data_dir: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", _holder_script(data_dir)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreLocked) as info:
            Store.open(data_dir)
        assert f"process {holder.pid}" in str(info.value)
        # A reader may still look at the last saved state.
        with Store.open(data_dir, readonly=True) as reader:
            assert len(reader.contacts) == 0
    finally:
        holder.kill()  # SIGKILL: no clean-up runs
        holder.wait()
    Store.open(data_dir).close()  # a crashed holder never blocks the next start


# -- corrupt, too new, migrated ------------------------------------------------------------
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"contacts": {"1": {"name": "Sa', "not valid JSON"),
        (b"[1, 2, 3]", "not in the shape"),
        (b'{"contacts": [1, 2]}', "not in the shape"),
        (
            b'{"_meta": {"1": {"schema": 2}}, "contacts": {"1": {"id": "x"}}}',
            "'contacts'",
        ),
        (b"\xff\xfe garbage", "not valid JSON"),
    ],
)
def test_corrupt_file_is_reported_and_never_overwritten(
    data_dir: Path, clock: FixedClock, content: bytes, expected: str
) -> None:
    data_dir.mkdir(mode=0o700)
    path = data_dir / STORE_FILE
    path.write_bytes(content)
    with pytest.raises(StoreCorrupt) as info:
        Store.open(data_dir, clock=clock)
    assert expected in str(info.value)
    assert str(path) in str(info.value)
    assert path.read_bytes() == content
    Store.open(data_dir / "other", clock=clock).close()  # the lock was released


def test_newer_schema_is_refused_unchanged(data_dir: Path, clock: FixedClock) -> None:
    data_dir.mkdir(mode=0o700)
    path = data_dir / STORE_FILE
    content = json.dumps({"_meta": {"1": {"schema": SCHEMA_VERSION + 1}}}).encode()
    path.write_bytes(content)
    with pytest.raises(StoreTooNew) as info:
        Store.open(data_dir, clock=clock)
    assert "newer Kith" in str(info.value)
    assert path.read_bytes() == content


def test_version_1_file_is_migrated_with_a_backup(data_dir: Path, clock: FixedClock) -> None:
    data_dir.mkdir(mode=0o700)
    shutil.copy(FIXTURES / "store_v1.json", data_dir / STORE_FILE)
    with Store.open(data_dir, clock=clock) as store:
        assert store.migrated_from == 1
        rhythms = {c.name: c.rhythm_days for c in store.contacts.list()}
        assert rhythms == {"Sam Draft": 30, "Ana Draft": 7, "Lee Draft": None}
        assert len(store.interactions) == 1
    raw = json.loads((data_dir / STORE_FILE).read_text())
    assert raw["_meta"]["1"]["schema"] == SCHEMA_VERSION
    assert "rhythm" not in raw["contacts"]["1"]
    old_copies = list((data_dir / "backups").glob("kith-v1-*.json"))
    assert len(old_copies) == 1
    assert json.loads(old_copies[0].read_text()) == json.loads(
        (FIXTURES / "store_v1.json").read_text()
    )


def test_recover_moves_aside_and_restores_newest_backup(data_dir: Path, clock: FixedClock) -> None:
    with Store.open(data_dir, clock=clock) as store:
        store.contacts.add(Contact(name="Backed up"))
    clock.set(clock.now() + timedelta(days=1))
    Store.open(data_dir, clock=clock).close()  # takes today's backup
    path = data_dir / STORE_FILE
    path.write_bytes(b"{broken")
    outcome = recover(data_dir, path, clock)
    assert outcome.moved_to is not None and outcome.moved_to.read_bytes() == b"{broken"
    assert outcome.restored_from is not None
    with Store.open(data_dir, clock=clock) as store:
        assert [c.name for c in store.contacts.list()] == ["Backed up"]


# -- backups -------------------------------------------------------------------------------
def test_one_backup_a_day_and_seven_kept(data_dir: Path, clock: FixedClock) -> None:
    with Store.open(data_dir, clock=clock) as store:
        store.contacts.add(Contact(name="Sam"))
    for _ in range(10):
        clock.set(clock.now() + timedelta(days=1))
        Store.open(data_dir, clock=clock).close()
        Store.open(data_dir, clock=clock).close()  # a second open the same day adds none
    backups = daily_backups(data_dir)
    assert len(backups) == KEEP_DAILY
    assert backups[-1].name == f"kith-{(clock.now().date()).isoformat()}.json"
    assert rolling_backup(data_dir / STORE_FILE, data_dir, clock.now().date()) is None


def test_file_is_a_plain_tinydb_database(store: Store) -> None:
    """The file keeps TinyDB's layout: TinyDB itself reads every record."""
    from tinydb import TinyDB

    sam = store.contacts.add(Contact(name="Sam"))
    store.interactions.add(Interaction(date=date(2026, 11, 20), contact_ids=[sam.id]))
    db = TinyDB(store.path, access_mode="r")
    try:
        assert [doc["name"] for doc in db.table("contacts").all()] == ["Sam"]
        assert db.table("interactions").all()[0]["contact_ids"] == [sam.id]
        assert db.table("_meta").all()[0]["schema"] == SCHEMA_VERSION
    finally:
        db.close()
