"""The app's unlock screen on an encrypted store (issue 16): real keys pressed.

The store is encrypted with ``KITH_TEST_WEAK_KDF=1`` (a fast KDF, tests only); the
app is built as ``kith`` builds it (``Unlocking`` as its unlock and its opener).
Every test waits for a state, never for a time.
"""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from kith.app.app import KithApp
from kith.app.main import Unlocking, main
from kith.app.recovery import RecoveryApp
from kith.data import crypto
from kith.data.encryption import encrypt_store
from kith.data.errors import StoreCorrupt
from kith.data.models import Contact
from kith.data.store import Store
from kith.screens.home import HomeScreen
from kith.screens.support import SupportScreen
from kith.screens.unlock import UnlockScreen

NAME = "Zebulon Quark"
PASSPHRASE = "correct horse battery"
WRONG = "not the one"


def _everything(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def weak_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(crypto.TEST_KNOB, "1")
    monkeypatch.delenv("KITH_PASSPHRASE_FILE", raising=False)


@pytest.fixture
def sealed(data_dir: Path, weak_kdf: None) -> Iterator[str]:
    """An encrypted store with one contact and a backup; yields its recovery key."""
    with Store.open(data_dir) as store:
        store.contacts.add(Contact(name=NAME))
    Store.open(data_dir).close()  # today's backup
    key, words = crypto.new_key(PASSPHRASE, recovery=True)
    encrypt_store(data_dir, key)
    assert words is not None
    assert NAME.encode() not in _everything(data_dir)
    yield words


def _app(data_dir: Path) -> tuple[KithApp, Unlocking]:
    unlocking = Unlocking(data_dir)
    app = KithApp(opener=unlocking.open, unlock=unlocking, show_welcome=False, cursor_blink=False)
    return app, unlocking


async def wait_until(test: Callable[[], bool], seconds: float = 120) -> None:
    """Wait for a state; the bound only keeps a broken app from hanging the run."""
    for _ in range(int(seconds / 0.02)):
        if test():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("never happened")


def _field(app: KithApp) -> Input:
    return app.screen.query_one("#passphrase", Input)


def _unlock_screen(app: KithApp) -> UnlockScreen:
    screen = app.screen
    assert isinstance(screen, UnlockScreen)
    return screen


async def _try(pilot: Any, app: KithApp, text: str) -> None:
    screen = _unlock_screen(app)
    before = screen.tried
    await pilot.press(*text, "enter")
    await wait_until(lambda: app.screen is not screen or screen.tried > before)


def _shown(app: KithApp) -> str:
    """The text on the screen now (from the screenshot, tags and escapes removed)."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


async def test_wrong_wrong_right_opens_home_with_the_data(sealed: str, data_dir: Path) -> None:
    app, unlocking = _app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(lambda: isinstance(app.screen, UnlockScreen))
        assert app.opened_store is None  # nothing is read before the passphrase
        await _try(pilot, app, WRONG)
        screen = _unlock_screen(app)
        assert "does not open it" in screen.message
        assert "try 2 more times" in screen.message
        assert _field(app).value == ""  # cleared for the next try
        await _try(pilot, app, "still not it")
        assert "try once more" in screen.message
        await _try(pilot, app, PASSPHRASE)
        await wait_until(lambda: isinstance(app.screen, HomeScreen) and app.screen.data is not None)
        assert [c.name for c in app.store.contacts.list()] == [NAME]
        assert unlocking.key is not None
        for secret in (PASSPHRASE, WRONG):
            assert secret not in _shown(app)
    assert app.return_code in (0, None)
    everything = _everything(data_dir)
    for secret in (PASSPHRASE, WRONG, NAME):
        assert secret.encode() not in everything


async def test_the_passphrase_is_masked_while_typed(sealed: str, data_dir: Path) -> None:
    app, _ = _app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(lambda: isinstance(app.screen, UnlockScreen))
        await pilot.press(*"horse")
        await wait_until(lambda: _field(app).value == "horse")
        assert "horse" not in _shown(app)


async def test_three_wrong_say_nothing_changed_and_end_with_code_1(
    sealed: str, data_dir: Path
) -> None:
    before = _files(data_dir)
    app, unlocking = _app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(lambda: isinstance(app.screen, UnlockScreen))
        screen = _unlock_screen(app)
        for n in range(3):
            await _try(pilot, app, f"{WRONG} {n}")
        assert screen.refused
        assert "Nothing was changed" in screen.message
        assert "KITH-R-" in screen.message  # how to get in: the recovery key
        assert _field(app).disabled
        await pilot.press("q")
        await wait_until(lambda: not app.is_running)
    assert app.return_code == 1
    assert app.unlock_refused
    assert unlocking.key is None
    assert _files(data_dir) == before


async def test_f2_opens_support_before_any_data_and_keeps_the_typing(
    sealed: str, data_dir: Path
) -> None:
    app, _ = _app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(lambda: isinstance(app.screen, UnlockScreen))
        await pilot.press(*"horse!")  # "!" is a character of the passphrase here
        await wait_until(lambda: _field(app).value == "horse!")
        assert isinstance(app.screen, UnlockScreen)
        await pilot.press("f2")
        await wait_until(lambda: isinstance(app.screen, SupportScreen))
        support = app.screen
        assert isinstance(support, SupportScreen) and support.store is None
        shown = _shown(app)
        assert "You are not alone" in shown and "emergency number" in shown
        await pilot.press("escape")
        await wait_until(lambda: isinstance(app.screen, UnlockScreen))
        assert _field(app).value == "horse!"
        assert app.opened_store is None


async def test_the_recovery_key_unlocks(sealed: str, data_dir: Path) -> None:
    app, _ = _app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(lambda: isinstance(app.screen, UnlockScreen))
        await _try(pilot, app, sealed.lower())  # typed as it comes, any case
        await wait_until(lambda: isinstance(app.screen, HomeScreen) and app.screen.data is not None)
        assert [c.name for c in app.store.contacts.list()] == [NAME]


async def test_escape_leaves_calmly_with_nothing_opened(sealed: str, data_dir: Path) -> None:
    app, unlocking = _app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(lambda: isinstance(app.screen, UnlockScreen))
        await pilot.press("escape")
        await wait_until(lambda: not app.is_running)
    assert app.return_code == 0 and not app.unlock_refused
    assert app.opened_store is None and unlocking.key is None


async def test_a_tampered_file_ends_with_the_reason_not_a_retry(
    sealed: str, data_dir: Path
) -> None:
    path = data_dir / "kith.json"
    flipped = bytearray(path.read_bytes())
    flipped[-3] ^= 0x40
    path.write_bytes(bytes(flipped))
    app, unlocking = _app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(lambda: isinstance(app.screen, UnlockScreen))
        await pilot.press(*PASSPHRASE, "enter")
        await wait_until(lambda: app.open_error is not None)
    assert isinstance(app.open_error, StoreCorrupt)
    assert "changed or damaged" in str(app.open_error)
    assert unlocking.key is not None  # recovery can open the sealed backups with it
    assert path.read_bytes() == bytes(flipped)


# -- through ``kith`` itself (main), the app driven by keys --------------------------------
def _drive(keys: list[str]) -> Callable[[KithApp], None]:
    """A stand-in for ``KithApp.run``: the app headless, these keys pressed on the
    unlock screen (each try waited for), then left once Home shows or it ends."""

    def run(app: KithApp) -> None:
        async def go() -> None:
            async with app.run_test(size=(80, 24)) as pilot:
                await wait_until(lambda: isinstance(app.screen, UnlockScreen))
                for text in keys:
                    if not isinstance(app.screen, UnlockScreen):
                        break
                    await _try(pilot, app, text)
                await wait_until(
                    lambda: (
                        not app.is_running
                        or app.open_error is not None
                        or app._started
                        or (isinstance(app.screen, UnlockScreen) and app.screen.refused)
                    )
                )
                if isinstance(app.screen, UnlockScreen) and app.screen.refused:
                    await pilot.press("enter")
                elif app._started:  # Home (and the first-run welcome over it)
                    app.names = [c.name for c in app.store.contacts.list()]  # type: ignore[attr-defined]
                    app.exit()

        asyncio.run(go())

    return run


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> list[KithApp]:
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    made: list[KithApp] = []
    original = KithApp.__init__

    def init(self: KithApp, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(KithApp, "__init__", init)
    return made


def test_kith_unlocks_on_its_screen_and_opens_the_data(
    sealed: str, data_dir: Path, terminal: list[KithApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(KithApp, "run", _drive([WRONG, PASSPHRASE]))
    assert main(["--data-dir", str(data_dir)]) == 0
    assert getattr(terminal[0], "names", None) == [NAME]


def test_kith_after_three_wrong_says_so_and_ends_with_1(
    sealed: str,
    data_dir: Path,
    terminal: list[KithApp],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = _files(data_dir)
    monkeypatch.setattr(KithApp, "run", _drive(["a", "b", "c"]))
    assert main(["--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert "Nothing was changed" in err and "Traceback" not in err
    assert _files(data_dir) == before


def test_kith_offers_recovery_for_a_tampered_file_and_never_overwrites_it(
    sealed: str,
    data_dir: Path,
    terminal: list[KithApp],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = data_dir / "kith.json"
    flipped = bytearray(path.read_bytes())
    flipped[-3] ^= 0x40
    path.write_bytes(bytes(flipped))
    offered: list[tuple[str, str | None]] = []

    def recovery_run(self: RecoveryApp) -> bool:
        offered.append((str(self.problem), self.backup_name))
        return False  # the person keeps everything as it is

    monkeypatch.setattr(RecoveryApp, "run", recovery_run)
    monkeypatch.setattr(KithApp, "run", _drive([PASSPHRASE]))
    assert main(["--data-dir", str(data_dir)]) == 1
    assert len(offered) == 1
    problem, backup = offered[0]
    assert "changed or damaged" in problem
    assert backup is not None  # the sealed backup opens with the key from the header
    assert path.read_bytes() == bytes(flipped)
    assert "Nothing was changed" in capsys.readouterr().out


def test_kith_recovers_a_tampered_file_from_the_sealed_backup(
    sealed: str, data_dir: Path, terminal: list[KithApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = data_dir / "kith.json"
    flipped = bytearray(path.read_bytes())
    flipped[-3] ^= 0x40
    path.write_bytes(bytes(flipped))
    monkeypatch.setattr(RecoveryApp, "run", lambda self: True)
    runs = iter([_drive([PASSPHRASE]), _drive([])])
    seen: list[list[str]] = []

    def run(app: KithApp) -> None:
        if app._unlock is not None:
            next(runs)(app)
            return
        from tests.apprun import open_as_run_does

        open_as_run_does(app)  # after recovery: opened with the key, no second unlock
        if app.opened_store is not None:
            seen.append([c.name for c in app.store.contacts.list()])

    monkeypatch.setattr(KithApp, "run", run)
    assert main(["--data-dir", str(data_dir)]) == 0
    assert seen == [[NAME]]
    kept = list(data_dir.glob("kith.corrupt-*.json"))
    assert kept and kept[0].read_bytes() == bytes(flipped)  # kept aside, as it was
    assert NAME.encode() not in _everything(data_dir)  # still encrypted throughout


# -- the key when the data file's own header is damaged -------------------------------------
def _break_header(data_dir: Path) -> bytes:
    path = data_dir / "kith.json"
    raw = path.read_bytes()
    broken = crypto.MAGIC + b"{not json" + raw[raw.index(b"\n", len(crypto.MAGIC)) :]
    path.write_bytes(broken)
    return broken


def test_a_damaged_header_takes_the_key_from_a_sealed_backup(sealed: str, data_dir: Path) -> None:
    from kith.app.main import unlock_key
    from kith.data.errors import WrongPassphrase

    broken = _break_header(data_dir)
    key = unlock_key(data_dir, PASSPHRASE)
    with pytest.raises(StoreCorrupt, match="changed or damaged"):
        Store.open(data_dir, key=key)
    with pytest.raises(WrongPassphrase):
        unlock_key(data_dir, WRONG)
    for backup in (data_dir / "backups").glob("*.json"):
        backup.unlink()
    with pytest.raises(StoreCorrupt, match="changed or damaged"):
        unlock_key(data_dir, PASSPHRASE)
    assert (data_dir / "kith.json").read_bytes() == broken


def test_no_readable_header_anywhere_changes_nothing(
    sealed: str,
    data_dir: Path,
    terminal: list[KithApp],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    broken = _break_header(data_dir)
    for backup in (data_dir / "backups").glob("*.json"):
        backup.unlink()
    monkeypatch.setattr(RecoveryApp, "run", lambda self: pytest.fail("no recovery without a key"))
    monkeypatch.setattr(KithApp, "run", _drive([PASSPHRASE]))
    assert main(["--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert "changed or damaged" in err and "Nothing was changed" in err
    assert (data_dir / "kith.json").read_bytes() == broken


@pytest.mark.parametrize("damage", ["the first byte", "emptied"])
def test_a_file_whose_magic_is_damaged_is_still_unlocked_and_recovered_from_a_sealed_backup(
    sealed: str,
    data_dir: Path,
    terminal: list[KithApp],
    monkeypatch: pytest.MonkeyPatch,
    damage: str,
) -> None:
    """Its first bytes no longer say KITHENC1: before, Kith took it for a damaged plain
    file, found no backup it could read, and offered an empty plain store."""
    path = data_dir / "kith.json"
    raw = path.read_bytes()
    broken = b"X" + raw[1:] if damage == "the first byte" else b""
    path.write_bytes(broken)
    assert crypto.is_encrypted(data_dir)
    offered: list[str | None] = []

    def recovery_run(self: RecoveryApp) -> bool:
        offered.append(self.backup_name)
        return True

    monkeypatch.setattr(RecoveryApp, "run", recovery_run)
    runs = iter([_drive([PASSPHRASE]), _drive([])])
    seen: list[list[str]] = []

    def run(app: KithApp) -> None:
        if app._unlock is not None:
            next(runs)(app)
            return
        from tests.apprun import open_as_run_does

        open_as_run_does(app)
        if app.opened_store is not None:
            seen.append([c.name for c in app.store.contacts.list()])

    monkeypatch.setattr(KithApp, "run", run)
    assert main(["--data-dir", str(data_dir)]) == 0
    assert offered and offered[0] is not None  # the sealed backup, opened with the key
    assert seen == [[NAME]]
    kept = list(data_dir.glob("kith.corrupt-*.json"))
    assert kept and kept[0].read_bytes() == broken  # kept aside, as it was
    assert NAME.encode() not in _everything(data_dir)  # still encrypted throughout


def test_a_plain_store_is_never_taken_for_an_encrypted_one(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        store.contacts.add(Contact(name="Plain Person"))
    assert not crypto.is_encrypted(data_dir)
    (data_dir / "kith.json").write_bytes(b"")  # a plain store emptied: its backups are plain
    assert not crypto.is_encrypted(data_dir)
    (data_dir / "kith.json").write_bytes(b"  {not json")
    assert not crypto.is_encrypted(data_dir)


FIRST_FRAME = """
import asyncio, sys
from kith.app.app import KithApp
from kith.screens.unlock import UnlockScreen

def never():
    raise AssertionError("opened")

app = KithApp(opener=never, unlock=lambda passphrase: None, show_welcome=False)

async def go():
    async with app.run_test(size=(80, 24)):
        for _ in range(30000):  # a bound only: the state is what is waited for
            if isinstance(app.screen, UnlockScreen):
                break
            await asyncio.sleep(0.01)
        heavy = ("pydantic", "tinydb", "cryptography")
        print(isinstance(app.screen, UnlockScreen))
        print(sorted(m for m in sys.modules if m.split(".")[0] in heavy or m == "kith.data.store"))

asyncio.run(go())
"""


def test_the_unlock_screen_is_drawn_before_pydantic_and_the_store(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["True", "[]"]
