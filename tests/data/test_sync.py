"""Sync through a folder (issue 17): two or three machines, each with its own data
folder and its own copy of the sync folder, files copied between them by hand."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kith.data import sync
from tests.syncsim import FakeSealer, add_person, copy_all, log_with, make_machines


@pytest.fixture(autouse=True)
def _steady_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every save a millisecond after the one before, on whichever machine."""
    moment = iter(range(1_790_000_000_000, 1_800_000_000_000))
    monkeypatch.setattr(sync, "wall_ms", lambda: next(moment))


@pytest.fixture
def pair(tmp_path: Path):
    machines = make_machines(tmp_path, ["laptop", "desktop"])
    yield machines
    for machine in machines:
        machine.close()


def merge_all(machines) -> list[sync.MergeReport]:
    return [sync.merge_now(m.s) for m in machines]


def names(store) -> list[str]:
    return sorted(c.name for c in store.contacts.list())


def test_edits_on_both_machines_arrive_and_converge(pair) -> None:
    laptop, desktop = pair
    sam = add_person(laptop.s, "Sam")
    log_with(laptop.s, sam.id, "a long call")
    add_person(desktop.s, "Ana")
    copy_all(pair)
    reports = merge_all(pair)
    assert reports[0].arrived == {"contacts": 1}
    assert reports[1].arrived == {"contacts": 1, "interactions": 1}
    assert names(laptop.s) == names(desktop.s) == ["Ana", "Sam"]
    assert sync.canonical_bytes(laptop.s) == sync.canonical_bytes(desktop.s)
    assert desktop.s.interactions.list()[0].notes == "a long call"


def test_a_merge_tells_the_listeners_of_each_changed_collection(pair) -> None:
    laptop, desktop = pair
    add_person(laptop.s, "Sam")
    copy_all(pair)
    heard: list[str] = []
    desktop.s.subscribe(heard.append)
    sync.merge_now(desktop.s)
    assert heard == ["contacts"]


def test_a_delete_reaches_the_other_machine_and_an_older_edit_does_not_bring_it_back(
    pair,
) -> None:
    laptop, desktop = pair
    sam = add_person(laptop.s, "Sam")
    copy_all(pair)
    merge_all(pair)
    desktop.s.contacts.update(desktop.s.contacts.require(sam.id).model_copy(update={"notes": "x"}))
    laptop.s.contacts.delete(sam.id)  # later than the edit on the desktop
    copy_all(pair)
    merge_all(pair)
    merge_all(pair)
    assert sam.id not in laptop.s.contacts and sam.id not in desktop.s.contacts
    assert sync.canonical_bytes(laptop.s) == sync.canonical_bytes(desktop.s)


def test_a_newer_edit_wins_over_a_delete(pair) -> None:
    laptop, desktop = pair
    sam = add_person(laptop.s, "Sam")
    copy_all(pair)
    merge_all(pair)
    laptop.s.contacts.delete(sam.id)
    desktop.s.contacts.update(desktop.s.contacts.require(sam.id).model_copy(update={"notes": "y"}))
    copy_all(pair)
    merge_all(pair)
    assert laptop.s.contacts.require(sam.id).notes == "y"
    assert sync.canonical_bytes(laptop.s) == sync.canonical_bytes(desktop.s)


def test_the_same_person_edited_on_both_is_a_collision_kept_and_resolved(pair) -> None:
    laptop, desktop = pair
    sam = add_person(laptop.s, "Sam")
    copy_all(pair)
    merge_all(pair)
    laptop.s.contacts.update(sam.model_copy(update={"notes": "from the laptop"}))
    desktop.s.contacts.update(
        desktop.s.contacts.require(sam.id).model_copy(update={"notes": "from the desktop"})
    )
    copy_all(pair)
    reports = merge_all(pair)
    assert [r.collisions_new for r in reports] == [1, 1]
    assert sync.canonical_bytes(laptop.s) == sync.canonical_bytes(desktop.s)
    (seen,) = sync.status(desktop.s).collisions
    assert seen.record_id == sam.id and seen.label == "Sam" and seen.collection == "contacts"
    assert seen.mine["notes"] == "from the desktop"
    assert seen.theirs["notes"] == "from the laptop"
    assert seen.their_machine == "laptop"
    # The person keeps the desktop's words there: a new version, everywhere.
    sync.resolve(desktop.s, seen.id, "mine")
    assert sync.status(desktop.s).collisions == []
    copy_all(pair)
    merge_all(pair)
    assert laptop.s.contacts.require(sam.id).notes == "from the desktop"
    assert sync.status(laptop.s).collisions == []  # resolved on the other machine too
    assert sync.canonical_bytes(laptop.s) == sync.canonical_bytes(desktop.s)


def test_an_edit_made_on_top_of_the_other_machines_is_no_collision(pair) -> None:
    laptop, desktop = pair
    sam = add_person(laptop.s, "Sam")
    copy_all(pair)
    merge_all(pair)
    desktop.s.contacts.update(desktop.s.contacts.require(sam.id).model_copy(update={"notes": "1"}))
    copy_all(pair)
    merge_all(pair)
    laptop.s.contacts.update(laptop.s.contacts.require(sam.id).model_copy(update={"notes": "2"}))
    copy_all(pair)
    reports = merge_all(pair)
    assert [r.collisions_new for r in reports] == [0, 0]
    assert desktop.s.contacts.require(sam.id).notes == "2"


def test_status_names_the_machines(pair) -> None:
    laptop, desktop = pair
    add_person(laptop.s, "Sam")
    copy_all(pair)
    merge_all(pair)
    found = sync.status(desktop.s)
    assert found is not None
    assert found.this_machine.name == "desktop"
    (other,) = found.machines
    assert other.name == "laptop" and other.versions == 1 and other.last_write is not None


def test_changed_elsewhere_is_true_only_when_another_machine_wrote(pair) -> None:
    laptop, desktop = pair
    sync.merge_now(desktop.s)
    assert not sync.changed_elsewhere(desktop.s)
    add_person(desktop.s, "Own")  # this machine's own log does not count
    assert not sync.changed_elsewhere(desktop.s)
    add_person(laptop.s, "Sam")
    copy_all(pair)
    assert sync.changed_elsewhere(desktop.s)
    sync.merge_now(desktop.s)
    assert not sync.changed_elsewhere(desktop.s)


def test_a_conflict_copy_is_merged_not_ignored_nor_duplicated(pair) -> None:
    """Two writers with one machine id (a data folder copied to a second machine):
    Syncthing keeps one file and a .sync-conflict copy; both hold versions."""
    laptop, desktop = pair
    sam = add_person(laptop.s, "Sam")
    copy_all(pair)
    merge_all(pair)
    cfg = sync.config(laptop.s)
    assert cfg is not None
    log = laptop.log_dir / f"{cfg.id}.log"
    before = log.read_bytes()
    add_person(laptop.s, "Ana")  # the "other writer": kept only in the conflict copy
    diverged = log.read_bytes()
    log.write_bytes(before)
    sync._SESSIONS.pop(laptop.s).detach()  # the session forgets its open log
    assert sync.attach(laptop.s)
    add_person(laptop.s, "Robin")
    copy_all(pair)
    (desktop.log_dir / f"{cfg.id}.sync-conflict-20261120-120000-ABCDEFG.log").write_bytes(diverged)
    (desktop.log_dir / f"{cfg.id} (laptop's conflicted copy 2026-11-20).log").write_bytes(diverged)
    report = sync.merge_now(desktop.s)
    assert report.problems == []
    assert names(desktop.s) == ["Ana", "Robin", "Sam"]
    assert sam.id in desktop.s.contacts
    sync.merge_now(desktop.s)
    assert names(desktop.s) == ["Ana", "Robin", "Sam"]


def test_engine_leftovers_and_a_cut_off_last_line_wait_quietly(pair) -> None:
    laptop, desktop = pair
    add_person(laptop.s, "Sam")
    add_person(laptop.s, "Ana")
    cfg = sync.config(laptop.s)
    assert cfg is not None
    whole = (laptop.log_dir / f"{cfg.id}.log").read_bytes()
    target = desktop.log_dir / f"{cfg.id}.log"
    target.write_bytes(whole[:-20])  # a partial download
    for leftover in (
        f".syncthing.{cfg.id}.log.tmp",
        f"{cfg.id}.log.~tmp",
        f".{cfg.id}.log.icloud",
        f"{cfg.id}.log.part",
        f".~lock.{cfg.id}.log#",
    ):
        (desktop.log_dir / leftover).write_bytes(b"K1 00000000 nonsense\n")
    report = sync.merge_now(desktop.s)
    assert report.problems == []
    assert names(desktop.s) == ["Sam"]
    target.write_bytes(whole)
    assert sync.merge_now(desktop.s).arrived == {"contacts": 1}
    assert names(desktop.s) == ["Ana", "Sam"]


def test_a_damaged_log_is_refused_whole_naming_the_machine(pair) -> None:
    laptop, desktop = pair
    add_person(laptop.s, "Sam")
    add_person(laptop.s, "Ana")
    add_person(laptop.s, "Robin")
    copy_all(pair)
    cfg = sync.config(laptop.s)
    assert cfg is not None
    target = desktop.log_dir / f"{cfg.id}.log"
    lines = target.read_bytes().splitlines(keepends=True)
    target.write_bytes(lines[0] + b"K1 12345678 {not a line}\n" + b"".join(lines[1:]))
    report = sync.merge_now(desktop.s)
    assert names(desktop.s) == []  # never half-applied
    (problem,) = report.problems
    assert "laptop" in problem or cfg.id in problem
    assert "not merged" in problem


@pytest.mark.parametrize(
    "change",
    [
        {"id": "../../etc/passwd", "name": "X"},
        {"id": "bad id with spaces", "name": "X"},
        {"name": "\x1b[31mred"},
        {"birthday": "not a date"},
        {"id": "another-id"},
    ],
)
def test_a_hostile_record_refuses_the_whole_log(pair, change) -> None:
    import orjson

    from kith.data.journal import encode_line

    laptop, desktop = pair
    sam = add_person(laptop.s, "Sam")
    copy_all(pair)
    cfg = sync.config(laptop.s)
    assert cfg is not None
    target = desktop.log_dir / f"{cfg.id}.log"
    good = orjson.loads(target.read_bytes().split(b" ", 2)[2])
    doc = {**good["ops"][0]["v"], **change}
    key = change.get("id", sam.id) if change.get("id") != "another-id" else sam.id
    bad = {
        **good,
        "seq": 2,
        "hlc": [good["hlc"][0] + 1, 0],
        "ops": [{"t": "contacts", "k": key, "v": doc}],
    }
    target.write_bytes(target.read_bytes() + encode_line(bad))
    report = sync.merge_now(desktop.s)
    assert names(desktop.s) == []
    assert len(report.problems) == 1 and "laptop" in report.problems[0]
    for problem in report.problems:
        assert "\x1b" not in problem and "Traceback" not in problem


def test_a_log_written_as_another_machine_is_refused(pair) -> None:
    laptop, desktop = pair
    add_person(laptop.s, "Sam")
    copy_all(pair)
    cfg = sync.config(laptop.s)
    assert cfg is not None
    src = desktop.log_dir / f"{cfg.id}.log"
    (desktop.log_dir / ("0" * 16 + ".log")).write_bytes(src.read_bytes())
    src.unlink()
    report = sync.merge_now(desktop.s)
    assert names(desktop.s) == [] and len(report.problems) == 1


def test_settings_stay_on_each_machine(pair) -> None:
    laptop, _ = pair
    laptop.s.settings.change()
    copy_all(pair)
    merge_all(pair)
    assert "settings" not in sync.canonical_bytes(laptop.s).decode()


def test_restart_carries_on_from_where_it_stopped(tmp_path: Path) -> None:
    laptop, desktop = make_machines(tmp_path, ["laptop", "desktop"])
    add_person(laptop.s, "Sam")
    copy_all([laptop, desktop])
    sync.merge_now(desktop.s)
    for machine in (laptop, desktop):
        machine.close()
        machine.open()
    assert sync.merge_now(desktop.s).arrived == {}
    add_person(laptop.s, "Ana")
    copy_all([laptop, desktop])
    assert sync.merge_now(desktop.s).arrived == {"contacts": 1}
    assert names(desktop.s) == ["Ana", "Sam"]
    laptop.close()
    desktop.close()


def test_a_save_made_while_the_folder_is_away_goes_out_later(tmp_path: Path) -> None:
    (laptop,) = make_machines(tmp_path, ["laptop"])
    away = tmp_path / "laptop-sync-away"
    laptop.folder.rename(away)
    sam = add_person(laptop.s, "Sam")  # the save stands: the journal has it
    assert laptop.s._storage.hook_error is not None
    report = sync.merge_now(laptop.s)
    assert report.problems  # said calmly, not raised
    away.rename(laptop.folder)
    report = sync.merge_now(laptop.s)
    assert report.sent == 1 and report.problems == []
    cfg = sync.config(laptop.s)
    assert cfg is not None
    assert sam.id.encode() in (laptop.log_dir / f"{cfg.id}.log").read_bytes()
    laptop.close()


def test_a_new_machine_starts_from_a_snapshot_after_the_logs_are_pruned(tmp_path: Path) -> None:
    machines = make_machines(tmp_path, ["laptop", "desktop"])
    laptop, desktop = machines
    people = [add_person(laptop.s, f"Person {n}") for n in range(5)]
    laptop.s.contacts.delete(people[0].id)
    add_person(desktop.s, "Ana")
    copy_all(machines)
    merge_all(machines)
    for machine in machines:
        sync.write_snapshot(machine.s)
    copy_all(machines)
    assert sync.prune(laptop.s) == 6  # five people and one deletion: all covered
    copy_all(machines)
    (newcomer,) = make_machines(tmp_path, ["newcomer"])
    for path in laptop.log_dir.iterdir():
        (newcomer.log_dir / path.name).write_bytes(path.read_bytes())
    for path in desktop.log_dir.iterdir():
        if not (newcomer.log_dir / path.name).exists():
            (newcomer.log_dir / path.name).write_bytes(path.read_bytes())
    sync.merge_now(newcomer.s)
    assert names(newcomer.s) == names(laptop.s)
    assert people[0].id not in newcomer.s.contacts
    assert sync.canonical_bytes(newcomer.s) == sync.canonical_bytes(laptop.s)
    for machine in (*machines, newcomer):
        machine.close()


def test_an_encrypted_sync_folder_holds_no_readable_names(tmp_path: Path) -> None:
    key = FakeSealer(b"k" * 32)
    machines = make_machines(tmp_path, ["laptop", "desktop"], key=key)
    laptop, desktop = machines
    sam = add_person(laptop.s, "Samantha Quiet")
    log_with(laptop.s, sam.id, "talked about the move")
    copy_all(machines)
    merge_all(machines)
    for machine in machines:
        sync.write_snapshot(machine.s)
    assert names(desktop.s) == ["Samantha Quiet"]
    for machine in machines:
        for path in [*machine.log_dir.iterdir(), machine.data_dir / sync.STATE_FILE]:
            data = path.read_bytes()
            assert b"Samantha" not in data and b"the move" not in data, path
            assert data.startswith(b"E1 ")
    # A machine with another passphrase merges nothing, and says why.
    (stranger,) = make_machines(tmp_path, ["stranger"], key=FakeSealer(b"x" * 32))
    for path in laptop.log_dir.iterdir():
        (stranger.log_dir / path.name).write_bytes(path.read_bytes())
    report = sync.merge_now(stranger.s)
    assert names(stranger.s) == []
    assert report.problems and "passphrase" in report.problems[0]
    for machine in (*machines, stranger):
        machine.close()


def test_enable_refuses_a_missing_folder_and_the_data_folder(tmp_path: Path, store) -> None:
    with pytest.raises(sync.SyncError, match="does not exist"):
        sync.enable(store, tmp_path / "nowhere", None)
    with pytest.raises(sync.SyncError, match="outside"):
        sync.enable(store, store.data_dir, None)
    assert sync.config(store) is None


def test_off_stops_logging(pair) -> None:
    laptop, _ = pair
    cfg = sync.config(laptop.s)
    assert cfg is not None
    sync.disable(laptop.s)
    assert sync.config(laptop.s) is None
    size = (
        (laptop.log_dir / f"{cfg.id}.log").stat().st_size
        if (laptop.log_dir / f"{cfg.id}.log").exists()
        else 0
    )
    add_person(laptop.s, "Sam")
    now = (
        (laptop.log_dir / f"{cfg.id}.log").stat().st_size
        if (laptop.log_dir / f"{cfg.id}.log").exists()
        else 0
    )
    assert now == size
    assert os.path.exists(laptop.folder)


def test_a_lost_state_is_rebuilt_from_the_logs_without_sending_others_records(
    tmp_path: Path,
) -> None:
    laptop, desktop = make_machines(tmp_path, ["laptop", "desktop"])
    add_person(laptop.s, "Sam")
    copy_all([laptop, desktop])
    sync.merge_now(desktop.s)
    desktop.close()
    (desktop.data_dir / sync.STATE_FILE).write_bytes(b"K1 00000000 damaged\n")
    desktop.open()
    report = sync.merge_now(desktop.s)
    assert report.problems == [] and report.sent == 0
    assert names(desktop.s) == ["Sam"]
    cfg = sync.config(desktop.s)
    assert cfg is not None
    own = desktop.log_dir / f"{cfg.id}.log"
    assert not own.exists() or b"Sam" not in own.read_bytes()
    laptop.close()
    desktop.close()


def test_keeping_the_losing_side_brings_it_back_everywhere(pair) -> None:
    laptop, desktop = pair
    sam = add_person(laptop.s, "Sam")
    copy_all(pair)
    merge_all(pair)
    laptop.s.contacts.update(sam.model_copy(update={"notes": "older, from the laptop"}))
    desktop.s.contacts.delete(sam.id)  # later: the deletion wins by the clock
    copy_all(pair)
    merge_all(pair)
    assert sam.id not in laptop.s.contacts
    (seen,) = sync.status(laptop.s).collisions
    assert seen.mine["notes"] == "older, from the laptop" and seen.theirs == {}
    assert sync.status(desktop.s).collisions  # the desktop sees the laptop's edit lost too
    sync.resolve(laptop.s, seen.id, "mine")
    assert laptop.s.contacts.require(sam.id).notes == "older, from the laptop"
    copy_all(pair)
    merge_all(pair)
    assert desktop.s.contacts.require(sam.id).notes == "older, from the laptop"
    assert sync.status(desktop.s).collisions == []
    assert sync.canonical_bytes(laptop.s) == sync.canonical_bytes(desktop.s)
    with pytest.raises(sync.SyncError):
        sync.resolve(laptop.s, seen.id, "theirs")


def test_deleting_a_person_with_their_interactions_sends_every_tombstone_at_once(pair) -> None:
    laptop, desktop = pair
    sam = add_person(laptop.s, "Sam")
    log_with(laptop.s, sam.id, "one")
    log_with(laptop.s, sam.id, "two")
    copy_all(pair)
    merge_all(pair)
    laptop.close()
    laptop.open()  # a new session: nothing saved in it yet
    laptop.s.delete_contact(sam.id, keep_interactions=False)  # one batch
    cfg = sync.config(laptop.s)
    assert cfg is not None
    tail = (laptop.log_dir / f"{cfg.id}.log").read_bytes().splitlines()[-3:]
    assert all(b'"v":null' in line for line in tail)
    copy_all(pair)
    merge_all(pair)
    assert len(desktop.s.contacts) == 0 and len(desktop.s.interactions) == 0


def test_a_data_folder_copied_to_another_host_takes_a_new_machine_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil
    import socket

    from tests.syncsim import Machine

    laptop, desktop = make_machines(tmp_path, ["laptop", "desktop"])
    add_person(laptop.s, "Sam")
    laptop.close()
    shutil.copytree(laptop.data_dir, tmp_path / "copied-data")
    shutil.copytree(laptop.folder, tmp_path / "copied-sync")
    real = socket.gethostname()
    monkeypatch.setattr(socket, "gethostname", lambda: real + "-other")
    copied = Machine("laptop", tmp_path / "copied-data", tmp_path / "copied-sync")
    config_file = copied.data_dir / sync.CONFIG_FILE
    config_file.write_text(config_file.read_text().replace(str(laptop.folder), str(copied.folder)))
    copied.open()
    old = sync.read_config(laptop.data_dir)
    assert old is not None
    add_person(copied.s, "Ana")
    new = sync.config(copied.s)
    assert new is not None and new.id != old.id
    assert sync.merge_now(copied.s).problems == []
    assert not (copied.log_dir / f"{new.id}.log").read_bytes().count(b"Sam")  # not sent again
    monkeypatch.setattr(socket, "gethostname", lambda: real)
    laptop.open()
    for path in copied.log_dir.iterdir():
        if path.name != f"{old.id}.log":  # the laptop's own log stays its own
            shutil.copy2(path, laptop.log_dir / path.name)
    assert sync.merge_now(laptop.s).arrived == {"contacts": 1}
    assert names(laptop.s) == ["Ana", "Sam"]
    for machine in (laptop, desktop, copied):
        machine.close()


def test_needs_merge_at_the_first_poll_then_only_when_another_machine_wrote(pair) -> None:
    """The app's poll: a merge at the first look of a session (a save made while Kith
    was closed may wait to go out), then only when another machine's file changed."""
    laptop, desktop = pair
    desktop.close()
    desktop.open()
    assert sync.needs_merge(desktop.s)  # a new session: merge once
    sync.merge_now(desktop.s)
    assert not sync.needs_merge(desktop.s)
    add_person(desktop.s, "Own")
    assert not sync.needs_merge(desktop.s)
    add_person(laptop.s, "Sam")
    copy_all(pair)
    assert sync.needs_merge(desktop.s)
    sync.merge_now(desktop.s)
    assert not sync.needs_merge(desktop.s)
    sync.disable(desktop.s)
    assert not sync.needs_merge(desktop.s)


def test_collisions_waiting_counts_without_reading_a_file(pair) -> None:
    laptop, desktop = pair
    sam = add_person(laptop.s, "Sam")
    copy_all(pair)
    merge_all(pair)
    assert sync.collisions_waiting(desktop.s) == 0
    laptop.s.contacts.update(sam.model_copy(update={"notes": "laptop"}))
    desktop.s.contacts.update(desktop.s.contacts.require(sam.id).model_copy(update={"notes": "d"}))
    copy_all(pair)
    merge_all(pair)
    assert sync.collisions_waiting(desktop.s) == 1
    desktop.close()
    desktop.open()
    assert sync.collisions_waiting(desktop.s) == 0  # not read yet: nothing is said
    sync.merge_now(desktop.s)
    assert sync.collisions_waiting(desktop.s) == 1
    (seen,) = sync.collisions(desktop.s)
    sync.resolve(desktop.s, seen.id, "theirs")
    assert sync.collisions_waiting(desktop.s) == 0
