"""``kith encrypt`` / ``decrypt`` / ``passphrase`` and every subcommand on an encrypted
store, with a passphrase file (issue 16)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from pathlib import Path

import pytest

import kith.app.cli
from kith.app.main import main
from kith.data import crypto
from tests.conftest import FIXED_NOW

Run = Callable[..., tuple[int, str, str]]
NAME = "Zebulon Quark"


@pytest.fixture(autouse=True)
def _setup(monkeypatch: pytest.MonkeyPatch) -> None:
    from kith.data.clock import FixedClock

    monkeypatch.setenv(crypto.TEST_KNOB, "1")  # tests only
    monkeypatch.delenv("KITH_PASSPHRASE_FILE", raising=False)
    clock = FixedClock(FIXED_NOW, tz=UTC)
    monkeypatch.setattr(kith.app.cli, "make_clock", lambda: clock)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Run:
    def invoke(*argv: str) -> tuple[int, str, str]:
        code = main([*argv, "--data-dir", str(data_dir)])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return invoke


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "pass.txt"
    path.write_text("correct horse battery\n")
    return path


def _everything(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def encrypted(run: Run, data_dir: Path, secret: Path) -> Path:
    assert run("log", NAME, "--new", "--note", "private words")[0] == 0
    assert run("backup")[0] == 0
    code, out, err = run("encrypt", "--new-passphrase-file", str(secret), "--recovery-key")
    assert code == 0, err
    assert "nobody can recover" in out and "KITH-R-" in out
    return data_dir


def test_encrypt_then_every_command_with_a_passphrase_file(
    run: Run, encrypted: Path, secret: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert NAME.encode() not in _everything(encrypted)
    code, _, err = run("status")
    assert code == 1 and "encrypted" in err and "Traceback" not in err
    code, out, _ = run("status", "--passphrase-file", str(secret))
    assert code == 0 and "Reach out" in out
    monkeypatch.setenv("KITH_PASSPHRASE_FILE", str(secret))
    assert run("log", "zeb", "--note", "second time")[0] == 0
    assert run("safety-plan")[0] == 0
    assert run("calendar", "--output", str(tmp_path / "feed.ics"))[0] == 0
    export = tmp_path / "export.json"
    assert run("export", "--output", str(export))[0] == 0
    assert export.read_bytes().startswith(crypto.MAGIC)
    code, _, err = run("export", "--format", "csv", "--output", str(tmp_path / "x.zip"))
    assert code == 1 and "--plain" in err
    plain = tmp_path / "plain.json"
    code, _, err = run("export", "--plain", "--output", str(plain))
    assert code == 0 and "NOT encrypted" in err and NAME.encode() in plain.read_bytes()
    assert run("restore", "1", "--yes")[0] == 0
    assert crypto.is_encrypted(encrypted)
    assert NAME.encode() not in _everything(encrypted)
    code, out, _ = run("import", str(export), "--dry-run")
    assert code == 0, out


def test_a_wrong_passphrase_file_changes_nothing(run: Run, encrypted: Path, tmp_path: Path) -> None:
    before = _everything(encrypted)
    bad = tmp_path / "bad.txt"
    bad.write_text("not it\n")
    for command in (["status"], ["log", "zeb"], ["export", "--output", str(tmp_path / "e")]):
        code, _, err = run(*command, "--passphrase-file", str(bad))
        assert code == 1 and "does not open" in err and "Traceback" not in err
    assert _everything(encrypted) == before


def test_passphrase_then_decrypt(run: Run, encrypted: Path, secret: Path, tmp_path: Path) -> None:
    new = tmp_path / "new.txt"
    new.write_text("a brand new one\n")
    args = ("--passphrase-file", str(secret), "--new-passphrase-file", str(new))
    assert run("passphrase", *args)[0] == 0
    assert run("status", "--passphrase-file", str(secret))[0] == 1
    assert run("decrypt", "--passphrase-file", str(new))[0] == 0
    assert not crypto.is_encrypted(encrypted)
    assert run("status")[0] == 0


def test_encrypt_without_a_terminal_or_a_file_says_how(run: Run, data_dir: Path) -> None:
    assert run("log", NAME, "--new")[0] == 0
    code, _, err = run("encrypt")
    assert code == 1 and "--new-passphrase-file" in err
    assert not crypto.is_encrypted(data_dir)
