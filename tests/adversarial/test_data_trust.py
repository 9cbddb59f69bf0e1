"""Issue 13: never lose a person's data. Each test here failed on the code before the fix.

Kill points are real: a child process ends itself (``os._exit``, as SIGKILL would) at
the Nth ``fsync``/``replace``/``link``/``unlink``/``write`` of a restore, a recovery
or a backup, for every N until the job completes. A second process really holds the
lock; a FIFO is a real FIFO; time zones are real (``TZ``) in real ``kith`` processes.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from kith.app.main import main
from kith.data.backup import backups_dir
from kith.data.errors import StoreCorrupt, StoreWriteError
from kith.data.models import Contact
from kith.data.storage import TEMP_PREFIX
from kith.data.store import STORE_FILE, Store
from tests.adversarial.kill_child import KILLED

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("kill_child.py")


def run_kith(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``kith ARGV`` in this process; returns (exit code, stdout, stderr)."""
    capsys.readouterr()
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def kith(
    *argv: str, env: dict[str, str] | None = None, **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    """The real ``kith`` in its own process."""
    kwargs.setdefault("text", True)
    return subprocess.run(
        [sys.executable, "-m", "kith.app.main", *argv],
        capture_output=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        **kwargs,
    )


def filled(folder: Path, *names: str) -> bytes:
    with Store.open(folder, backups=False) as store:
        for name in names:
            store.contacts.add(Contact(name=name))
    return (folder / STORE_FILE).read_bytes()


def names_in(folder: Path) -> set[str]:
    with Store.open(folder, readonly=True) as store:
        return {c.name for c in store.contacts.list()}


def run_child(job: str, folder: Path, at: int, *extra: str) -> int:
    done = subprocess.run(
        [sys.executable, str(CHILD), job, str(folder), str(at), *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode in (0, KILLED), done.stderr
    return done.returncode


# -- 1. restore and recovery are crash-atomic ------------------------------------------------
def test_a_kill_at_any_step_of_restore_leaves_the_old_file_or_the_backup(tmp_path: Path) -> None:
    backup = tmp_path / "chosen.json"
    source = tmp_path / "source"
    backup.write_bytes(filled(source, "From the backup"))
    kills = 0
    for at in range(1, 60):
        folder = tmp_path / f"run{at}"
        old = filled(folder, "Current")
        code = run_child("restore", folder, at, str(backup))
        now = (folder / STORE_FILE).read_bytes()  # never absent
        assert now in (old, backup.read_bytes()), f"kill {at}: kith.json is neither"
        kept = [p.read_bytes() for p in folder.glob("kith.before-restore*.json")]
        assert now == old or old in kept, f"kill {at}: the current data was lost"
        assert names_in(folder) in ({"Current"}, {"From the backup"})
        if code == 0:
            assert now == backup.read_bytes()
            break
        kills += 1
    else:  # pragma: no cover
        pytest.fail("restore never finished")
    assert kills >= 4  # link, fsync of the folder, write, fsync, replace...


def test_a_kill_at_any_step_of_recovery_leaves_the_file_or_the_backup(tmp_path: Path) -> None:
    kills = 0
    for at in range(1, 60):
        folder = tmp_path / f"run{at}"
        good = filled(folder, "Backed up")
        backups = backups_dir(folder)
        (backups / "kith-2026-11-19.json").write_bytes(good)
        broken = b'{"contacts": {"1": {"name": "half'
        (folder / STORE_FILE).write_bytes(broken)
        code = run_child("recover", folder, at)
        now = (folder / STORE_FILE).read_bytes()  # never absent
        assert now in (broken, good), f"kill {at}: kith.json is neither"
        if now == good:
            kept = [p.read_bytes() for p in folder.glob("kith.corrupt-*.json")]
            assert broken in kept, f"kill {at}: the unreadable file was not kept"
        if code == 0:
            assert now == good and names_in(folder) == {"Backed up"}
            break
        kills += 1
    else:  # pragma: no cover
        pytest.fail("recovery never finished")
    assert kills >= 4


def test_recovery_without_a_backup_keeps_the_file_and_starts_empty(tmp_path: Path) -> None:
    folder = tmp_path / "kith"
    folder.mkdir()
    (folder / STORE_FILE).write_bytes(b"{not json")
    from kith.data.clock import SystemClock
    from kith.data.recovery import recover

    outcome = recover(folder, folder / STORE_FILE, SystemClock())
    assert outcome.restored_from is None
    assert outcome.moved_to is not None and outcome.moved_to.read_bytes() == b"{not json"
    assert names_in(folder) == set()


# -- 2. recovery holds the lock ----------------------------------------------------------
def test_while_the_recovery_screen_is_open_other_commands_are_told_kith_is_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "kith"
    good = filled(folder, "Sam")
    (backups_dir(folder) / "kith-2026-11-19.json").write_bytes(good)
    (folder / STORE_FILE).write_bytes(b"{broken")
    from kith.app.recovery import RecoveryApp
    from tests.apprun import open_as_run_does

    seen: list[subprocess.CompletedProcess[str]] = []

    def kith_run(self: Any) -> None:
        open_as_run_does(self)
        if self.opened_store is not None:  # the second start, after recovery
            self.opened_store.close()

    def recovery_run(self: Any) -> bool:
        # A real second process, while the person reads the recovery screen.
        seen.append(kith("--data-dir", str(folder), "log", "Sam", "--new"))
        seen.append(kith("--data-dir", str(folder), "restore", "1", "--yes"))
        return True  # then the person presses r

    monkeypatch.setattr("kith.app.app.KithApp.run", kith_run)
    monkeypatch.setattr(RecoveryApp, "run", recovery_run)
    code, _, err = run_kith(capsys, "--data-dir", str(folder))
    assert code == 0, err
    for other in seen:
        assert other.returncode == 1, other
        assert "Kith is open in another terminal" in other.stderr
    assert names_in(folder) == {"Sam"}
    assert (folder / STORE_FILE).read_bytes() == good  # nobody else's write was set aside


# -- 3. aliasing record numbers -----------------------------------------------------------
@pytest.mark.parametrize("keys", [["1", "01"], ["1", "1_0"], ["10", "+10"], [" 2"], ["0"]])
def test_record_numbers_that_are_not_canonical_are_refused_never_rewritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], keys: list[str]
) -> None:
    folder = tmp_path / "kith"
    filled(folder)
    raw = json.loads((folder / STORE_FILE).read_text())
    raw["contacts"] = {
        key: Contact(name=f"P{n}").model_dump(mode="json") for n, key in enumerate(keys)
    }
    text = json.dumps(raw).encode()
    (folder / STORE_FILE).write_bytes(text)
    with pytest.raises(StoreCorrupt, match="plain whole number"):
        Store.open(folder)
    code, _, err = run_kith(capsys, "--data-dir", str(folder), "log", "P0")
    assert code == 1 and "plain whole number" in err
    assert (folder / STORE_FILE).read_bytes() == text
    export = tmp_path / "store-shaped.json"
    export.write_bytes(text)
    other = tmp_path / "other"
    filled(other, "Here")
    code, _, err = run_kith(capsys, "--data-dir", str(other), "import", str(export))
    assert code == 1 and "plain whole number" in err, err
    assert names_in(other) == {"Here"}


# -- 4. backups/ ---------------------------------------------------------------------------
def test_a_backups_folder_that_is_a_link_is_never_followed(tmp_path: Path) -> None:
    folder = tmp_path / "kith"
    filled(folder, "Sam")
    mine = tmp_path / "my-photos"
    mine.mkdir(mode=0o755)
    for day in range(1, 11):  # the person's own files, named as pruning would match
        (mine / f"kith-2020-01-{day:02d}.json").write_text(f"mine {day}")
    (folder / "backups").symlink_to(mine)
    before = {p.name: p.read_bytes() for p in mine.iterdir()}
    with Store.open(folder) as store:
        assert store.backup_problem is not None and "link" in store.backup_problem
        store.contacts.add(Contact(name="Saved anyway"))
    assert {p.name: p.read_bytes() for p in mine.iterdir()} == before
    assert oct(mine.stat().st_mode & 0o777) == oct(0o755)
    assert "Saved anyway" in names_in(folder)


def test_temporary_files_left_in_backups_by_a_killed_backup_are_cleaned(tmp_path: Path) -> None:
    folder = tmp_path / "kith"
    filled(folder, "Sam")
    for at in range(1, 6):  # killed inside the daily backup's write
        for old in (folder / "backups").glob("kith-*.json"):
            old.unlink()
        run_child("backup", folder, at)
    backups = folder / "backups"
    (backups / f"{TEMP_PREFIX}left.json").write_bytes(b"x" * 1000)
    with Store.open(folder) as store:
        assert store.backup_problem is None
    assert list(backups.glob(f"{TEMP_PREFIX}*")) == []
    assert names_in(folder) == {"Sam"}


# -- 5. a full disk --------------------------------------------------------------------------
@contextmanager
def full_disk() -> Iterator[None]:
    """Every ``os.write`` fails with ENOSPC, as on a full disk."""
    real = os.write

    def write(fd: int, data: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    os.write = write  # type: ignore[assignment]
    try:
        yield
    finally:
        os.write = real


def test_a_full_disk_still_opens_the_data_and_says_so_calmly(tmp_path: Path) -> None:
    folder = tmp_path / "kith"
    filled(folder, "Sam")
    with full_disk():
        store = Store.open(folder)
        try:
            assert {c.name for c in store.contacts.list()} == {"Sam"}
            assert store.backup_problem is not None
            assert "the disk is full" in store.backup_problem
            with pytest.raises(StoreWriteError, match="the disk is full"):
                store.contacts.add(Contact(name="Not saved"))
            assert {c.name for c in store.contacts.list()} == {"Sam"}
        finally:
            store.close()
    assert list((folder / "backups").glob(f"{TEMP_PREFIX}*")) == []
    assert names_in(folder) == {"Sam"}


async def test_the_app_opens_on_a_full_disk_and_tells_of_the_missing_backup(
    tmp_path: Path,
) -> None:
    from kith.app.app import KithApp

    folder = tmp_path / "kith"
    with Store.open(folder, backups=False) as store:
        store.contacts.add(Contact(name="Sam"))
        store.settings.change(welcome_seen=True)
    with full_disk():
        store = Store.open(folder)
    app = KithApp(store, show_welcome=False)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            said = [str(n.message) for n in app._notifications]
            assert any("the disk is full" in text for text in said), said
            assert app.screen.id is not None or app.screen is not None
    finally:
        store.close()


# -- 6. output never fails after a save ------------------------------------------------------
def test_kith_log_under_a_latin1_terminal_saves_once_and_exits_0(tmp_path: Path) -> None:
    folder = tmp_path / "kith"
    done = kith(
        "--data-dir",
        str(folder),
        "log",
        "Zoë 漢字 😀",
        "--new",
        env={"PYTHONIOENCODING": "iso-8859-1", "LC_ALL": "C"},
        encoding="iso-8859-1",
    )
    assert done.returncode == 0, done.stderr
    assert "Logged: in person with Zoë ?? ?" in done.stdout
    assert "Traceback" not in done.stderr
    with Store.open(folder, readonly=True) as store:
        assert len(store.interactions) == 1
        assert [c.name for c in store.contacts.list()] == ["Zoë 漢字 😀"]


def test_kith_log_with_its_output_closed_saves_and_exits_0(tmp_path: Path) -> None:
    folder = tmp_path / "kith"
    filled(folder, "Sam")
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody reads: the first print meets a broken pipe
    try:
        done = subprocess.run(
            [sys.executable, "-m", "kith.app.main", "--data-dir", str(folder), "log", "Sam"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert done.returncode == 0, done.stderr
    with Store.open(folder, readonly=True) as store:
        assert len(store.interactions) == 1
