"""The ``kith`` entry point: version, help, demo, a second instance, a corrupt store."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import kith.app.main as main_module
from kith.app.main import main
from kith.app.recovery import RecoveryApp
from kith.data.errors import StoreCorrupt
from kith.data.store import STORE_FILE, Store
from kith.screens.recovery import RecoveryScreen
from tests.apprun import open_as_run_does

ROOT = Path(__file__).resolve().parents[2]


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith("kith 0.")
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "--data-dir" in out and "--demo" in out


def test_wrong_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--no-such-flag"])
    assert info.value.code == 2


def test_data_dir_flag_beats_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(main_module, "run_app", lambda d, **_: opened.append(d) or 0)
    monkeypatch.setenv("KITH_DATA_DIR", str(tmp_path / "env"))
    assert main([]) == 0
    assert main(["--data-dir", str(tmp_path / "flag")]) == 0
    assert opened == [tmp_path / "env", tmp_path / "flag"]


def test_demo_opens_a_throwaway_store_with_sample_data(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def fake_run(self: Any) -> None:
        open_as_run_does(self)
        seen["people"] = len(self.store.contacts)
        seen["interactions"] = len(self.store.interactions)
        seen["checkins"] = len(self.store.checkins)
        seen["folder"] = self.store.data_dir
        seen["demo"] = self.demo

    monkeypatch.setattr("kith.app.app.KithApp.run", fake_run)
    assert main(["--demo"]) == 0
    assert seen["demo"] is True
    assert seen["people"] >= 10 and seen["interactions"] >= 100 and seen["checkins"] >= 30
    assert not seen["folder"].exists()  # thrown away afterwards


def test_second_instance_is_refused_with_a_message(tmp_path: Path) -> None:
    data_dir = tmp_path / "kith"
    holder = Store.open(data_dir)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "kith.app.main", "--data-dir", str(data_dir)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=60,
        )
    finally:
        holder.close()
    assert result.returncode == 1
    assert "Kith is open in another terminal" in result.stderr
    assert "Traceback" not in result.stderr


def test_corrupt_store_quit_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "kith"
    data_dir.mkdir(mode=0o700)
    (data_dir / STORE_FILE).write_bytes(b"{nope")
    monkeypatch.setattr(RecoveryApp, "run", lambda self: False)
    monkeypatch.setattr("kith.app.app.KithApp.run", open_as_run_does)
    assert main(["--data-dir", str(data_dir)]) == 1
    assert (data_dir / STORE_FILE).read_bytes() == b"{nope"
    assert "Nothing was changed" in capsys.readouterr().out


def test_corrupt_store_recovered_from_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kith.data.models import Contact

    data_dir = tmp_path / "kith"
    with Store.open(data_dir) as store:
        store.contacts.add(Contact(name="Kept"))
    Store.open(data_dir).close()  # makes today's backup
    (data_dir / STORE_FILE).write_bytes(b"{nope")
    monkeypatch.setattr(RecoveryApp, "run", lambda self: True)
    names: list[str] = []

    def fake_run(self: Any) -> None:
        open_as_run_does(self)
        if self.opened_store is not None:
            names.extend(c.name for c in self.store.contacts.list())

    monkeypatch.setattr("kith.app.app.KithApp.run", fake_run)
    assert main(["--data-dir", str(data_dir)]) == 0
    assert names == ["Kept"]
    moved = list(data_dir.glob("kith.corrupt-*.json"))
    assert len(moved) == 1 and moved[0].read_bytes() == b"{nope"


async def test_recovery_screen_keys(tmp_path: Path) -> None:
    problem = StoreCorrupt(tmp_path / STORE_FILE, "it is not valid JSON.")
    app = RecoveryApp(problem, "kith-2026-11-19.json")
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, RecoveryScreen)
        text = "\n".join(str(w.render()) for w in app.screen.query("Static"))
        assert "not valid JSON" in text and "kith-2026-11-19.json" in text
        await pilot.press("r")
        await pilot.pause()
    assert app.return_value is True


def test_real_console_script_runs_from_another_folder(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("kith")
    if not script.exists():
        pytest.skip("the kith console script is not installed in this environment")
    result = subprocess.run(
        [str(script), "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        env={**os.environ, "PYTHONPATH": ""},
    )
    assert result.returncode == 0
    assert result.stdout.startswith("kith ")
