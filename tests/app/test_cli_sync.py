"""``kith sync`` (issue 17): on, merge, status, off, in plain words; a store open in
the app is named calmly."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC
from pathlib import Path

import pytest

import kith.app.cli
from kith.app.main import main
from kith.data.clock import FixedClock
from kith.data.lock import StoreLock
from kith.data.store import LOCK_FILE
from tests.conftest import FIXED_NOW

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kith.app.cli, "make_clock", lambda: FixedClock(FIXED_NOW, tz=UTC))


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def invoke(data: Path, *argv: str) -> tuple[int, str, str]:
        code = main([*argv, "--data-dir", str(data)])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return invoke


def copy_over(source: Path, target: Path) -> None:
    for path in (source / "kith-sync").iterdir():
        shutil.copy2(path, target / "kith-sync" / path.name)


def test_two_machines_from_a_clean_install(tmp_path: Path, run: Run) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    fa, fb = tmp_path / "a-sync", tmp_path / "b-sync"
    fa.mkdir()
    fb.mkdir()
    code, out, err = run(a, "sync", "--status")
    assert (code, err) == (0, "") and "Sync is off" in out
    code, out, _ = run(a, "sync", "--folder", str(fa), "--name", "laptop")
    assert code == 0 and "This machine is 'laptop'" in out
    assert run(b, "sync", "--folder", str(fb), "--name", "desktop")[0] == 0
    assert run(a, "log", "Sam", "--new")[0] == 0
    copy_over(fa, fb)
    code, out, _ = run(b, "sync")
    assert code == 0
    assert out.strip() == "Came in from your other machines: 1 person, 1 interaction."
    code, out, _ = run(b, "sync")
    assert out.strip() == "Nothing new from your other machines."
    code, out, _ = run(b, "sync", "--status")
    assert code == 0
    assert "This machine: desktop" in out and "laptop: 2 changes, last wrote" in out
    code, out, _ = run(b, "sync", "--off")
    assert code == 0 and "Sync is off for this data folder" in out
    assert run(b, "sync", "--off")[1].startswith("Sync was already off")


def test_a_missing_folder_is_said_in_one_line(tmp_path: Path, run: Run) -> None:
    code, out, err = run(tmp_path / "a", "sync", "--folder", str(tmp_path / "nowhere"))
    assert code == 1 and out == ""
    assert err.startswith("kith: The folder") and "does not exist" in err
    assert len(err.splitlines()) == 1


def test_name_without_folder_is_refused(tmp_path: Path, run: Run) -> None:
    code, _, err = run(tmp_path / "a", "sync", "--name", "x")
    assert code == 1 and "--name goes with --folder" in err


def test_the_app_holding_the_store_is_named_calmly(tmp_path: Path, run: Run) -> None:
    data, folder = tmp_path / "a", tmp_path / "a-sync"
    folder.mkdir()
    assert run(data, "sync", "--folder", str(folder))[0] == 0
    lock = StoreLock(data / LOCK_FILE)
    lock.acquire()
    try:
        code, out, err = run(data, "sync")
        assert code == 1 and out == ""
        assert "Kith is open" in err and "while it runs" in err
        assert "Traceback" not in err
        code, out, _ = run(data, "sync", "--status")  # read-only: still answers
        assert code == 0 and "Sync folder:" in out
    finally:
        lock.release()


async def test_the_app_merges_what_arrived_at_its_first_look_after_home(
    tmp_path: Path, run: Run
) -> None:
    """The store opens without reading the sync folder; the first look, once Home
    shows, brings in what the other machine wrote (``kith.app.sync_watch``)."""
    from functools import partial

    from kith.app.app import KithApp
    from kith.app.main import open_store

    a, b = tmp_path / "a", tmp_path / "b"
    fa, fb = tmp_path / "a-sync", tmp_path / "b-sync"
    fa.mkdir()
    fb.mkdir()
    assert run(a, "sync", "--folder", str(fa), "--name", "laptop")[0] == 0
    assert run(b, "sync", "--folder", str(fb), "--name", "desktop")[0] == 0
    assert run(a, "log", "Sam", "--new")[0] == 0
    copy_over(fa, fb)
    opened = open_store(b)
    assert [c.name for c in opened.contacts.list()] == []  # the opener never merges
    opened.close()
    app = KithApp(opener=partial(open_store, b), show_welcome=False, sync_interval=None)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3000):  # a state, waited for: up to 30 s on a loaded machine
            if app.opened_store is not None and app.sync_watch.merges:
                break
            await pilot.pause(0.01)
        assert [c.name for c in app.store.contacts.list()] == ["Sam"]
    app.store.close()
    assert run(b, "sync")[1].strip() == "Nothing new from your other machines."


def test_an_unreachable_sync_folder_never_keeps_the_app_from_the_data(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typing import Any

    from tests.apprun import open_as_run_does

    a, fa = tmp_path / "a", tmp_path / "a-sync"
    fa.mkdir()
    assert run(a, "sync", "--folder", str(fa), "--name", "laptop")[0] == 0
    assert run(a, "log", "Sam", "--new")[0] == 0
    shutil.rmtree(fa)  # a USB disk away
    names: list[str] = []

    def fake_run(self: Any) -> None:
        open_as_run_does(self)
        if self.opened_store is not None:
            names.extend(c.name for c in self.store.contacts.list())

    monkeypatch.setattr("kith.app.app.KithApp.run", fake_run)
    assert main(["--data-dir", str(a)]) == 0
    assert names == ["Sam"]
