"""How ``kith`` starts: Home's frame at once, the store opened off the UI thread.

The app is given an opener instead of a store: the first frame (the loading screen,
Home's header and bar) is drawn before the store is read; keys that need the store
wait for it; support is one key away even then; a store that cannot be opened ends
the app with the reason kept for the caller.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.widgets import Static

from kith.app.app import KithApp
from kith.app.main import run_app
from kith.data.clock import FixedClock
from kith.data.errors import StoreCorrupt
from kith.data.models import Contact, SupportEntry
from kith.data.store import STORE_FILE, Store
from kith.screens.home import HomeScreen
from kith.screens.loading import LoadingScreen
from kith.screens.support import SupportScreen


class Gate:
    """An opener that waits until the test lets it through."""

    def __init__(self, data_dir: Path, clock: FixedClock) -> None:
        self.data_dir = data_dir
        self.clock = clock
        self.go = threading.Event()
        self.threads: list[str] = []
        self.opened: list[Store] = []

    def __call__(self) -> Store:
        self.threads.append(threading.current_thread().name)
        assert self.go.wait(10), "the test never let the store open"
        store = Store.open(self.data_dir, clock=self.clock)
        self.opened.append(store)
        return store


@pytest.fixture
def gate(data_dir: Path, clock: FixedClock) -> Iterator[Gate]:
    with Store.open(data_dir, clock=clock) as store:
        store.contacts.add(Contact(name="Sam [b]Bold[/b]"))
        store.support.add(SupportEntry(name="My sister", reach="07700 900123"))
    opener = Gate(data_dir, clock)
    yield opener
    opener.go.set()
    for store in opener.opened:
        store.close()


def text_of(app: KithApp) -> str:
    return "\n".join(str(widget.render()) for widget in app.screen.query(Static))


def home_with_data(app: KithApp) -> bool:
    """Home shown with its data: the state a person waits for (and a test may end on)."""
    return isinstance(app.screen, HomeScreen) and app.screen.data is not None


async def wait_until(pilot: object, test: Callable[[], bool], seconds: float = 120) -> None:
    """Wait for a state; the bound is only there so a broken app cannot hang the run."""
    import asyncio

    for _ in range(int(seconds / 0.02)):
        if test():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("never happened")


async def test_the_first_frame_comes_before_the_store_and_home_after(gate: Gate) -> None:
    app = KithApp(opener=gate, show_welcome=False, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoadingScreen)
        assert "Opening your data" in text_of(app)
        assert app.opened_store is None
        await pilot.press("4")  # People needs the store: nothing yet, and no error
        await pilot.pause()
        assert isinstance(app.screen, LoadingScreen)
        gate.go.set()
        await wait_until(pilot, lambda: home_with_data(app))
        assert app.opened_store is gate.opened[0]
        assert gate.threads and gate.threads[0] != threading.main_thread().name
        await pilot.press("4")
        await pilot.pause()
        assert app.current_mode == "people"
        assert "Sam [b]Bold[/b]" in "".join(
            str(cell) for cell in app.screen.query_one("#people-table").get_row_at(0)
        )


async def test_support_opened_while_opening_gets_the_list_and_home_follows(gate: Gate) -> None:
    app = KithApp(opener=gate, show_welcome=False, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        support = app.screen
        assert isinstance(support, SupportScreen)
        assert support.query_one("#own-list").row_count == 0  # no store yet
        assert "You are not alone" in text_of(app)  # the crisis lines need none
        gate.go.set()
        await wait_until(pilot, lambda: app.opened_store is not None)
        await pilot.pause()
        assert app.screen is support  # not swept away by Home arriving
        assert support.query_one("#own-list").row_count == 1
        assert "My sister" in str(support.query_one("#own-list").get_row_at(0)[0])
        await pilot.press("escape")
        await wait_until(pilot, lambda: home_with_data(app))


async def test_a_store_that_cannot_be_read_ends_the_app_with_the_reason(
    data_dir: Path, clock: FixedClock
) -> None:
    data_dir.mkdir(mode=0o700)
    (data_dir / STORE_FILE).write_bytes(b"{nope")
    app = KithApp(opener=lambda: Store.open(data_dir, clock=clock), show_welcome=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.open_error is not None)
    assert isinstance(app.open_error, StoreCorrupt)
    assert app.return_code == 1
    assert (data_dir / STORE_FILE).read_bytes() == b"{nope"  # never written


async def test_quitting_while_the_store_opens_releases_it(gate: Gate, data_dir: Path) -> None:
    app = KithApp(opener=gate, show_welcome=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    gate.go.set()
    for _ in range(500):
        if gate.opened and not gate.opened[0]._lock.held:
            break
        threading.Event().wait(0.02)
    assert gate.opened, "the opener never finished"
    assert not gate.opened[0]._lock.held  # closed by the thread, the app being gone
    Store.open(data_dir).close()  # and the next start can have it


def test_a_store_open_elsewhere_is_said_before_the_screen_is_taken(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ran: list[str] = []
    monkeypatch.setattr(KithApp, "run", lambda self: ran.append("app"))
    with Store.open(data_dir):
        assert run_app(data_dir) == 1
    assert ran == []  # the full-screen app never started
    error = capsys.readouterr().err
    assert error.startswith("kith: Kith is open in another terminal (process ")
    assert "Traceback" not in error


async def test_an_exit_just_after_the_store_opened_builds_no_home(gate: Gate) -> None:
    """SIGTERM's handler calls ``exit`` from the loop; the store's hand-over may be
    queued already: no Home is built during shutdown, and the store is left for the
    caller (``kith``) to close."""
    import asyncio
    import time

    app = KithApp(opener=gate, show_welcome=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        gate.go.set()
        time.sleep(0.5)  # the store opens; its hand-over waits on the loop
        asyncio.get_running_loop().call_soon_threadsafe(app.exit, None, 143)
        await asyncio.sleep(0.5)
    assert app.return_code == 143
    assert not any(isinstance(screen, HomeScreen) for screen in app.screen_stack)
    assert app.opened_store is gate.opened[0]  # kept, for run_app's close


async def test_a_theme_chosen_while_opening_is_kept_and_saved(gate: Gate) -> None:
    app = KithApp(opener=gate, show_welcome=False, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.theme = "nord"  # what ctrl+p > "Change theme" does
        await pilot.pause()
        gate.go.set()
        # Home with its data, not just Home switched to: ending the test while Home is
        # still being built tore it down under its first refresh.
        await wait_until(
            pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.data is not None
        )
        assert app.theme == "nord"
        assert app.store.settings.get().theme == "nord"


def test_a_lock_file_that_is_not_a_file_never_hangs_the_start(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A FIFO in the lock file's place: the lock probe must not block on it (opening
    a FIFO to read waits for a writer); the store, opening, says what is wrong."""
    import os

    from kith.data.lock import held_elsewhere

    data_dir.mkdir(mode=0o700)
    os.mkfifo(data_dir / "kith.lock", 0o600)
    assert held_elsewhere(data_dir / "kith.lock") is None  # at once, not blocked
    ran: list[str] = []
    monkeypatch.setattr(KithApp, "run", lambda self: ran.append("app"))
    assert run_app(data_dir) == 0
    assert ran == ["app"]  # on to the app, whose opener reports the odd lock file
