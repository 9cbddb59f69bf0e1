"""The optional OS keyring for an encrypted store's passphrase (issue 16):
``kith passphrase --remember`` / ``--forget``; ``kith status`` and ``kith log`` use it.

The first test runs without the ``keyring`` package (the calm "not installed"
line); the others need it (``pip install 'kith[keyring]'``) and are skipped
cleanly without it. They use an in-memory backend, never the machine's keyring."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest

import kith.app.cli
from kith.app.main import main
from kith.data import crypto
from tests.conftest import FIXED_NOW

Run = Callable[..., tuple[int, str, str]]
NAME = "Zebulon Quark"
PASSPHRASE = "correct horse battery"


@pytest.fixture(autouse=True)
def _setup(monkeypatch: pytest.MonkeyPatch) -> None:
    from kith.data.clock import FixedClock

    monkeypatch.setenv(crypto.TEST_KNOB, "1")  # tests only
    monkeypatch.delenv("KITH_PASSPHRASE_FILE", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)  # nothing is asked
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
    path.write_text(PASSPHRASE + "\n")
    return path


@pytest.fixture
def encrypted(run: Run, data_dir: Path, secret: Path) -> Path:
    assert run("log", NAME, "--new")[0] == 0
    code, _, err = run("encrypt", "--new-passphrase-file", str(secret))
    assert code == 0, err
    return data_dir


def test_without_the_keyring_package_remember_says_so_in_one_line(
    run: Run, encrypted: Path, secret: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "keyring", None)  # "import keyring" fails
    code, _, err = run("passphrase", "--remember", "--passphrase-file", str(secret))
    assert code == 1
    assert "not installed" in err and "kith[keyring]" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    code, _, err = run("passphrase", "--forget")
    assert code == 1 and "not installed" in err
    # status and log go on as before: the keyring is simply not there
    assert run("status", "--passphrase-file", str(secret))[0] == 0
    code, _, err = run("status")
    assert code == 1 and "KITH_PASSPHRASE_FILE" in err and "Traceback" not in err


# -- with the keyring package --------------------------------------------------------------
@pytest.fixture
def memory_keyring() -> Iterator[dict[tuple[str, str], str]]:
    keyring = pytest.importorskip("keyring")
    from keyring.backend import KeyringBackend
    from keyring.errors import PasswordDeleteError

    kept: dict[tuple[str, str], str] = {}

    class Memory(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            return kept.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            kept[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            if kept.pop((service, username), None) is None:
                raise PasswordDeleteError("not kept")

    before = keyring.get_keyring()
    keyring.set_keyring(Memory())
    yield kept
    keyring.set_keyring(before)


def test_remember_then_status_and_log_need_no_passphrase_then_forget(
    run: Run, encrypted: Path, secret: Path, memory_keyring: dict[Any, str]
) -> None:
    code, _, err = run("status")
    assert code == 1 and "encrypted" in err  # off by default: nothing kept
    assert memory_keyring == {}
    code, out, err = run("passphrase", "--remember", "--passphrase-file", str(secret))
    assert code == 0, err
    assert "kith passphrase --forget" in out
    assert list(memory_keyring.values()) == [PASSPHRASE]
    account = next(iter(memory_keyring))
    assert account == ("kith", str(encrypted.resolve()))
    code, out, err = run("status")
    assert code == 0 and "Reach out" in out, err
    assert run("log", "zeb", "--note", "from the keyring")[0] == 0
    assert PASSPHRASE.encode() not in b"".join(
        p.read_bytes() for p in encrypted.rglob("*") if p.is_file()
    )
    code, out, _ = run("passphrase", "--forget")
    assert code == 0 and "no longer kept" in out
    assert memory_keyring == {}
    assert run("status")[0] == 1
    code, out, _ = run("passphrase", "--forget")
    assert code == 0 and "nothing to do" in out


def test_other_commands_never_use_the_keyring(
    run: Run, encrypted: Path, secret: Path, memory_keyring: dict[Any, str], tmp_path: Path
) -> None:
    assert run("passphrase", "--remember", "--passphrase-file", str(secret))[0] == 0
    code, _, err = run("export", "--output", str(tmp_path / "e.json"))
    assert code == 1 and "encrypted" in err


def test_a_kept_passphrase_that_no_longer_opens_is_said_calmly(
    run: Run, encrypted: Path, secret: Path, memory_keyring: dict[Any, str]
) -> None:
    assert run("passphrase", "--remember", "--passphrase-file", str(secret))[0] == 0
    for account in memory_keyring:
        memory_keyring[account] = "an old one"
    code, _, err = run("status")
    assert code == 1 and "no longer opens" in err and "Traceback" not in err


def test_a_new_passphrase_replaces_the_kept_one_and_decrypt_removes_it(
    run: Run, encrypted: Path, secret: Path, memory_keyring: dict[Any, str], tmp_path: Path
) -> None:
    assert run("passphrase", "--remember", "--passphrase-file", str(secret))[0] == 0
    new = tmp_path / "new.txt"
    new.write_text("a brand new one\n")
    code, out, err = run(
        "passphrase", "--passphrase-file", str(secret), "--new-passphrase-file", str(new)
    )
    assert code == 0, err
    assert list(memory_keyring.values()) == ["a brand new one"]
    assert run("status")[0] == 0
    code, out, _ = run("decrypt", "--passphrase-file", str(new))
    assert code == 0 and "removed too" in out
    assert memory_keyring == {}


def test_no_keyring_service_here_is_one_calm_line(run: Run, encrypted: Path, secret: Path) -> None:
    keyring = pytest.importorskip("keyring")
    from keyring.backends import fail

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        code, _, err = run("passphrase", "--remember", "--passphrase-file", str(secret))
        assert code == 1 and "No system keyring" in err and "Traceback" not in err
        assert len(err.strip().splitlines()) == 1
        code, _, err = run("status", "--passphrase-file", str(secret))
        assert code == 0 and "Traceback" not in err
    finally:
        keyring.set_keyring(before)


def test_a_backend_that_breaks_is_one_calm_line(
    run: Run, encrypted: Path, secret: Path, memory_keyring: dict[Any, str]
) -> None:
    import keyring

    backend = keyring.get_keyring()

    def broken(*_args: Any) -> None:
        raise RuntimeError("the collection is locked\nmore detail")

    backend.set_password = broken  # type: ignore[method-assign]
    code, _, err = run("passphrase", "--remember", "--passphrase-file", str(secret))
    assert code == 1 and "collection is locked" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
