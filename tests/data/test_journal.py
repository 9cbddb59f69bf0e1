"""The write-ahead journal: a save is one appended line; open replays; compaction
folds the journal into the snapshot in a crash-safe order."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kith.data.journal as journal_module
from kith.data.backup import manual_backup
from kith.data.clock import FixedClock
from kith.data.errors import StoreCorrupt
from kith.data.journal import (
    JOURNAL_FILE,
    HybridClock,
    encode_line,
    load_current,
    parse_journal,
)
from kith.data.models import Contact
from kith.data.store import STORE_FILE, Store
from tests.conftest import FIXED_NOW


def names(store: Store) -> list[str]:
    return [c.name for c in store.contacts.list()]


def journal_of(folder: Path) -> Path:
    return folder / JOURNAL_FILE


def test_a_save_appends_one_line_and_leaves_the_snapshot(store: Store) -> None:
    store.contacts.add(Contact(name="Sam"))
    snapshot = store.path.read_bytes()
    before = journal_of(store.data_dir).read_bytes()
    store.contacts.add(Contact(name="Ana"))
    after = journal_of(store.data_dir).read_bytes()
    assert store.path.read_bytes() == snapshot
    assert after.startswith(before)
    line = after[len(before) :]
    assert line.count(b"\n") == 1 and line.startswith(b"K1 ")
    payload = json.loads(line[12:])
    assert payload["ops"][0]["t"] == "contacts" and payload["ops"][0]["v"]["name"] == "Ana"
    assert isinstance(payload["machine"], str) and len(payload["hlc"]) == 2


def test_open_replays_the_journal_and_a_clean_exit_folds_it(
    data_dir: Path, clock: FixedClock
) -> None:
    with Store.open(data_dir, clock=clock) as store:
        sam = store.contacts.add(Contact(name="Sam"))
        store.contacts.add(Contact(name="Ana"))
        store.contacts.update(sam.model_copy(update={"name": "Sam B"}))
        with Store.open(data_dir, clock=clock, readonly=True) as reader:
            assert names(reader) == ["Sam B", "Ana"]
        assert load_current(store.path) is not None
    assert journal_of(data_dir).read_bytes() == b""
    tables = json.loads((data_dir / STORE_FILE).read_bytes())
    assert sorted(doc["name"] for doc in tables["contacts"].values()) == ["Ana", "Sam B"]


def _killed_after_saves(data_dir: Path, clock: FixedClock, count: int) -> None:
    """Saves, then the process ends without close (as a kill would leave it)."""
    store = Store.open(data_dir, clock=clock)
    for number in range(count):
        store.contacts.add(Contact(name=f"P{number}"))
    store._lock.release()  # no compaction: the journal stays


@pytest.mark.parametrize("cut", [1, 5, 30])
def test_a_torn_last_line_is_ignored_and_cut_off(
    data_dir: Path, clock: FixedClock, cut: int
) -> None:
    _killed_after_saves(data_dir, clock, 3)
    path = journal_of(data_dir)
    whole = path.read_bytes()
    path.write_bytes(whole[:-cut])  # the kill came mid-append
    with Store.open(data_dir, clock=clock) as store:
        assert names(store) == ["P0", "P1"]
        assert path.read_bytes() == whole[: whole.rindex(b"\n", 0, len(whole) - 1) + 1]
        store.contacts.add(Contact(name="P9"))
    with Store.open(data_dir, clock=clock) as store:
        assert names(store) == ["P0", "P1", "P9"]


def test_a_bad_checksum_on_the_last_line_is_ignored(data_dir: Path, clock: FixedClock) -> None:
    _killed_after_saves(data_dir, clock, 2)
    path = journal_of(data_dir)
    raw = bytearray(path.read_bytes())
    raw[-5] ^= 0x01
    path.write_bytes(bytes(raw))
    with Store.open(data_dir, clock=clock, readonly=True) as store:
        assert names(store) == ["P0"]


def test_a_bad_line_in_the_middle_is_corruption_and_nothing_is_written(
    data_dir: Path, clock: FixedClock
) -> None:
    _killed_after_saves(data_dir, clock, 3)
    path = journal_of(data_dir)
    lines = path.read_bytes().splitlines(keepends=True)
    lines[1] = lines[1].replace(b"P1", b"Q1")
    path.write_bytes(b"".join(lines))
    before = (data_dir / STORE_FILE).read_bytes(), path.read_bytes()
    with pytest.raises(StoreCorrupt) as info:
        Store.open(data_dir, clock=clock)
    assert "journal" in str(info.value) and "line 2" in str(info.value)
    assert ((data_dir / STORE_FILE).read_bytes(), path.read_bytes()) == before


def test_a_missing_line_is_corruption(data_dir: Path, clock: FixedClock) -> None:
    _killed_after_saves(data_dir, clock, 3)
    path = journal_of(data_dir)
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(lines[0] + lines[2])
    with pytest.raises(StoreCorrupt, match="missing"):
        Store.open(data_dir, clock=clock)


@pytest.mark.parametrize("step", ["before the snapshot", "between", "after the truncation"])
def test_a_kill_at_each_step_of_compaction_loses_nothing(
    data_dir: Path, clock: FixedClock, tmp_path: Path, step: str
) -> None:
    """The three states a kill can leave: old snapshot + journal; new snapshot +
    the old journal (its lines are skipped, not applied twice); new snapshot + empty."""
    _killed_after_saves(data_dir, clock, 4)
    old_snapshot = (data_dir / STORE_FILE).read_bytes()
    old_journal = journal_of(data_dir).read_bytes()
    store = Store.open(data_dir, clock=clock)
    store._storage.compact()
    new_snapshot = (data_dir / STORE_FILE).read_bytes()
    store._lock.release()
    assert journal_of(data_dir).read_bytes() == b""
    if step == "before the snapshot":
        (data_dir / STORE_FILE).write_bytes(old_snapshot)
        journal_of(data_dir).write_bytes(old_journal)
    elif step == "between":
        (data_dir / STORE_FILE).write_bytes(new_snapshot)
        journal_of(data_dir).write_bytes(old_journal)
    with Store.open(data_dir, clock=clock) as store:
        assert names(store) == ["P0", "P1", "P2", "P3"]
        store.contacts.add(Contact(name="P4"))
    with Store.open(data_dir, clock=clock) as store:
        assert names(store) == ["P0", "P1", "P2", "P3", "P4"]


def test_compaction_past_the_threshold_runs_in_the_background(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(journal_module, "COMPACT_MIN_BYTES", 0)
    monkeypatch.setattr(journal_module, "COMPACT_MAX_BYTES", 2_000)
    with Store.open(data_dir, clock=clock) as store:
        for number in range(40):
            store.contacts.add(Contact(name=f"P{number}", notes="x" * 200))
        store._storage.wait_for_compaction()
        assert store._storage.compactions >= 1
        assert store._storage.compaction_error is None
        # The journal no longer holds every save: a compaction took in the ones before
        # it began. (How many landed while a slow compaction ran depends on the
        # machine's speed, so the test counts lines, never bytes against a bound.)
        kept = journal_of(data_dir).read_bytes().splitlines()
        assert len(kept) < 40
        with Store.open(data_dir, clock=clock, readonly=True) as reader:
            assert names(reader) == [f"P{n}" for n in range(40)]


def test_a_journal_from_another_file_is_set_aside_not_applied(
    data_dir: Path, clock: FixedClock, tmp_path: Path
) -> None:
    with Store.open(data_dir, clock=clock) as store:
        store.contacts.add(Contact(name="Mine"))
    other = tmp_path / "other"
    _killed_after_saves(other, clock, 2)
    shutil.copy(journal_of(other), journal_of(data_dir))
    with Store.open(data_dir, clock=clock) as store:
        assert names(store) == ["Mine"]
    assert list(data_dir.glob(f"{JOURNAL_FILE}.stale-*"))


def test_backups_read_through_the_journal(data_dir: Path, clock: FixedClock) -> None:
    store = Store.open(data_dir, clock=clock)
    store.contacts.add(Contact(name="Only In The Journal"))
    made = manual_backup(store.path, data_dir, clock.now())
    store.close()
    assert b"Only In The Journal" in made.read_bytes()


def test_the_hybrid_clock_never_goes_back() -> None:
    clock = HybridClock((10**15, 3))  # a wall clock far ahead, then back to now
    first = clock.tick()
    second = clock.tick()
    assert first == [10**15, 4] and second == [10**15, 5]


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lines=st.lists(st.binary(max_size=40), max_size=4),
    tail=st.binary(max_size=30).filter(lambda b: b"\n" not in b),
)
def test_garbage_after_the_last_good_line_is_never_applied(
    tmp_path: Path, lines: list[bytes], tail: bytes
) -> None:
    """Any unterminated tail is ignored; whole lines are applied in order."""
    good = [
        encode_line({"gen": "g", "seq": n + 1, "ops": [{"t": "x", "k": str(n), "v": None}]})
        for n in range(len(lines))
    ]
    raw = b"".join(good) + tail
    state = parse_journal(tmp_path / JOURNAL_FILE, raw, None)
    assert [p["seq"] for p in state.entries] == list(range(1, len(lines) + 1))
    assert state.good_end == len(b"".join(good))


KINDS = ["add", "rename", "delete", "compact", "reopen"]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(KINDS), st.integers(0, 9)),
        max_size=25,
    )
)
def test_any_mix_of_saves_compactions_and_reopens_reads_back(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[str, int]]
) -> None:
    folder = tmp_path_factory.mktemp("mix") / "kith"
    clock = FixedClock(FIXED_NOW)
    store = Store.open(folder, clock=clock)
    expected: dict[str, str] = {}
    try:
        for kind, number in steps:
            ids = sorted(expected)
            if kind == "add":
                added = store.contacts.add(Contact(name=f"N{number}"))
                expected[added.id] = added.name
            elif kind == "rename" and ids:
                target = store.contacts.require(ids[number % len(ids)])
                store.contacts.update(target.model_copy(update={"name": f"R{number}"}))
                expected[target.id] = f"R{number}"
            elif kind == "delete" and ids:
                store.contacts.delete(ids[number % len(ids)])
                del expected[ids[number % len(ids)]]
            elif kind == "compact":
                store._storage.compact()
            elif kind == "reopen":
                if number % 2:
                    store.close()  # clean
                else:
                    store._lock.release()  # as after a kill
                store = Store.open(folder, clock=clock)
            assert {c.id: c.name for c in store.contacts.list()} == expected
    finally:
        store.close()
    with Store.open(folder, clock=clock, readonly=True) as reader:
        assert {c.id: c.name for c in reader.contacts.list()} == expected


def test_saves_during_background_compactions_are_all_kept(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saves go on while compactions run in their thread; lines appended meanwhile are
    kept in the journal (not truncated away), and a reopen has every record."""
    monkeypatch.setattr(journal_module, "COMPACT_MIN_BYTES", 0)
    monkeypatch.setattr(journal_module, "COMPACT_MAX_BYTES", 3_000)
    with Store.open(data_dir, clock=clock) as store:
        for number in range(150):
            store.contacts.add(Contact(name=f"P{number}", notes="y" * 100))
        store._storage.wait_for_compaction()
        assert store._storage.compactions >= 2
        assert store._storage.compaction_error is None
        # A kill now (no close): the snapshot and what is left of the journal hold it all.
        with Store.open(data_dir, clock=clock, readonly=True) as reader:
            assert names(reader) == [f"P{n}" for n in range(150)]
    with Store.open(data_dir, clock=clock, readonly=True) as reader:
        assert names(reader) == [f"P{n}" for n in range(150)]


def test_a_failed_batch_rolls_back_through_the_journal(store: Store) -> None:
    store.contacts.add(Contact(name="Kept"))
    with pytest.raises(RuntimeError), store.batch():
        store.contacts.add(Contact(name="Dropped"))
        raise RuntimeError("no")
    assert names(store) == ["Kept"]
    store.contacts.add(Contact(name="After"))
    with Store.open(store.data_dir, readonly=True) as reader:
        assert names(reader) == ["Kept", "After"]


def test_the_journal_is_private_like_the_store_file(data_dir: Path, clock: FixedClock) -> None:
    import os
    import stat

    _killed_after_saves(data_dir, clock, 1)
    path = journal_of(data_dir)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    os.chmod(path, 0o644)
    Store.open(data_dir, clock=clock).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


class _Reverse:
    """A stand-in sealer (not cryptography): the framing is what is under test."""

    tag = b"E1"

    def seal(self, plain: bytes) -> bytes:
        return b"r" + plain[::-1]

    def open(self, sealed: bytes) -> bytes:
        if not sealed.startswith(b"r"):
            raise ValueError("not sealed with this key")
        return sealed[1:][::-1]


def test_a_sealed_line_reads_back_only_with_its_sealer() -> None:
    payload = {"gen": "g", "seq": 1, "ops": [{"t": "contacts", "k": "1", "v": {"name": "Sam"}}]}
    line = journal_module.encode_line(payload, _Reverse())
    assert line.startswith(b"E1 ") and b"Sam" not in line
    assert journal_module.decode_line(line[:-1], _Reverse()) == payload
    assert journal_module.decode_line(line[:-1]) is None  # not a plain line
    plain = journal_module.encode_line(payload)
    assert journal_module.decode_line(plain[:-1], _Reverse()) is None


def test_after_append_hooks_see_each_line_and_a_failing_hook_keeps_the_save(
    store: Store,
) -> None:
    seen: list[dict] = []

    def broken(payload: dict) -> None:
        raise OSError("the sync folder is gone")

    store._storage.after_append.extend([seen.append, broken])
    store.contacts.add(Contact(name="Sam"))
    assert [op["v"]["name"] for op in seen[0]["ops"]] == ["Sam"]
    assert seen[0]["seq"] >= 1 and seen[0]["machine"]
    assert names(store) == ["Sam"]
    assert isinstance(store._storage.hook_error, OSError)
    assert [c["name"] for c in (load_current(store.path) or {})["contacts"].values()] == ["Sam"]
