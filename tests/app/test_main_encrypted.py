"""``kith`` (the app) on an encrypted store without its unlock screen: with
KITH_PASSPHRASE_FILE the key comes from the file before the screen is taken over (a
wrong one opens nothing and changes nothing); with no terminal and no file, one line
says how to give it. The unlock screen itself: tests/app/test_unlock.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kith.app.main import main
from kith.data import crypto
from kith.data.models import Contact
from kith.data.store import Store
from tests.apprun import open_as_run_does

NAME = "Zebulon Quark"


def _everything(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def encrypted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(crypto.TEST_KNOB, "1")  # tests only: a weak, fast KDF
    monkeypatch.delenv("KITH_PASSPHRASE_FILE", raising=False)
    data_dir = tmp_path / "kith"
    with Store.open(data_dir) as store:
        store.contacts.add(Contact(name=NAME))
    secret = tmp_path / "pass.txt"
    secret.write_text("correct horse battery\n")
    assert main(["encrypt", "--data-dir", str(data_dir), "--new-passphrase-file", str(secret)]) == 0
    assert NAME.encode() not in b"".join(_everything(data_dir).values())
    return data_dir


def test_the_app_opens_an_encrypted_store_with_its_passphrase(
    encrypted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KITH_PASSPHRASE_FILE", str(tmp_path / "pass.txt"))
    names: list[str] = []

    def fake_run(self: Any) -> None:
        open_as_run_does(self)
        if self.opened_store is not None:
            names.extend(c.name for c in self.store.contacts.list())

    monkeypatch.setattr("kith.app.app.KithApp.run", fake_run)
    assert main(["--data-dir", str(encrypted)]) == 0
    assert names == [NAME]
    assert NAME.encode() not in b"".join(_everything(encrypted).values())


def test_a_wrong_passphrase_opens_nothing_and_changes_nothing(
    encrypted: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not it\n")
    monkeypatch.setenv("KITH_PASSPHRASE_FILE", str(wrong))
    started: list[bool] = []
    monkeypatch.setattr("kith.app.app.KithApp.run", lambda self: started.append(True))
    before = _everything(encrypted)
    assert main(["--data-dir", str(encrypted)]) == 1
    err = capsys.readouterr().err
    assert "Nothing was changed" in err and "Traceback" not in err
    assert started == []
    assert _everything(encrypted) == before


def test_no_passphrase_at_all_says_how_to_give_one(
    encrypted: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    monkeypatch.setattr("kith.app.app.KithApp.run", lambda self: pytest.fail("opened"))
    assert main(["--data-dir", str(encrypted)]) == 1
    err = capsys.readouterr().err
    assert "KITH_PASSPHRASE_FILE" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_passphrase_file_opens_with_one_key_derivation_and_one_decrypt(
    encrypted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unlock then open: Argon2id once, the snapshot decrypted once (issue 16; before,
    ``unlock`` decrypted the whole snapshot to check it and the store again)."""
    monkeypatch.setenv("KITH_PASSPHRASE_FILE", str(tmp_path / "pass.txt"))
    counts = {"derive": 0, "open_file": 0}
    derive, open_file = crypto.derive, crypto.StoreKey.open_file

    def counted_derive(*args: Any) -> bytes:
        counts["derive"] += 1
        return derive(*args)

    def counted_open(self: crypto.StoreKey, *args: Any) -> bytes:
        if args[1].name == "kith.json":
            counts["open_file"] += 1
        return open_file(self, *args)

    monkeypatch.setattr(crypto, "derive", counted_derive)
    monkeypatch.setattr(crypto.StoreKey, "open_file", counted_open)
    monkeypatch.setattr("kith.app.app.KithApp.run", open_as_run_does)
    assert main(["--data-dir", str(encrypted)]) == 0
    assert counts == {"derive": 1, "open_file": 1}


def test_the_demo_never_asks(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[Path] = []
    monkeypatch.setattr("kith.app.main.how_to_unlock", lambda d: asked.append(d))
    monkeypatch.setattr("kith.app.app.KithApp.run", open_as_run_does)
    assert main(["--demo"]) == 0
    assert asked == []
