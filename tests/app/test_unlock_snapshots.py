"""Snapshots of the unlock screen at 80x24: empty, after a wrong try, unlocking."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kith.app.app import KithApp
from kith.data.errors import WrongPassphrase
from kith.data.store import Store
from kith.screens.unlock import UnlockScreen


def _never_opens() -> Store:
    raise AssertionError("the store is not opened in these snapshots")


def _app(unlock: Callable[[str], None]) -> KithApp:
    return KithApp(opener=_never_opens, unlock=unlock, show_welcome=False, cursor_blink=False)


def _wrong(_passphrase: str) -> None:
    raise WrongPassphrase(Path("/home/you/.local/share/kith/kith.json"))


async def _until(test: Callable[[], bool]) -> None:
    for _ in range(6000):  # a bound only; the state is what is waited for
        if test():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("never happened")


def _screen(pilot: Any) -> UnlockScreen:
    screen = pilot.app.screen
    assert isinstance(screen, UnlockScreen)
    return screen


def test_unlock_empty(snap_compare: Any) -> None:
    async def shown(pilot: Any) -> None:
        await _until(lambda: isinstance(pilot.app.screen, UnlockScreen))

    assert snap_compare(_app(_wrong), run_before=shown, terminal_size=(80, 24))


def test_unlock_after_a_wrong_try(snap_compare: Any) -> None:
    async def one_wrong(pilot: Any) -> None:
        await _until(lambda: isinstance(pilot.app.screen, UnlockScreen))
        await pilot.press(*"not it", "enter")
        await _until(lambda: _screen(pilot).tried == 1)
        await pilot.pause()

    assert snap_compare(_app(_wrong), run_before=one_wrong, terminal_size=(80, 24))


def test_unlock_three_wrong(snap_compare: Any) -> None:
    async def three_wrong(pilot: Any) -> None:
        await _until(lambda: isinstance(pilot.app.screen, UnlockScreen))
        for n in range(3):
            await pilot.press(*f"try {n}", "enter")
            await _until(lambda n=n: _screen(pilot).tried == n + 1)  # type: ignore[misc]
        await pilot.pause()

    assert snap_compare(_app(_wrong), run_before=three_wrong, terminal_size=(80, 24))


def test_unlock_unlocking(snap_compare: Any) -> None:
    go = threading.Event()

    def slow(_passphrase: str) -> None:
        go.wait(60)
        _wrong(_passphrase)

    async def unlocking(pilot: Any) -> None:
        await _until(lambda: isinstance(pilot.app.screen, UnlockScreen))
        await pilot.press(*"correct horse", "enter")
        await _until(lambda: _screen(pilot).busy)
        await pilot.pause()

    try:
        assert snap_compare(_app(slow), run_before=unlocking, terminal_size=(80, 24))
    finally:
        go.set()
