"""Settings' read-only Encryption lines (issue 16): on or off, and which command
changes it; and the snapshot with the lines in view."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from kith.data import crypto, schedule
from kith.data.clock import FixedClock
from kith.data.encryption import encrypt_store
from kith.data.store import Store
from kith.screens.settings import SettingsScreen


@pytest.fixture(autouse=True)
def _no_timer_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setattr(schedule, "default_kind", lambda platform=None: "systemd")


@pytest.fixture
def sealed_store(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Store]:
    monkeypatch.setenv(crypto.TEST_KNOB, "1")
    folder = tmp_path / "sealed"
    Store.open(folder, clock=clock).close()
    encrypt_store(folder, crypto.new_key("pass phrase")[0])
    with Store.open(folder, clock=clock, key=crypto.unlock(folder, "pass phrase")) as store:
        yield store


async def _lines(app: Any) -> tuple[str, str]:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("comma")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        status = str(screen.query_one("#encryption-status", Static).render())
        how = str(screen.query_one("#encryption-how", Static).render())
        return status, how


async def test_a_plain_store_says_off_and_how_to_turn_it_on(
    store: Store, make_app: Callable[..., Any]
) -> None:
    status, how = await _lines(make_app(store))
    assert status.startswith("Off")
    assert "kith encrypt" in how and "kith decrypt" not in how


async def test_an_encrypted_store_says_on_and_how_to_change_it(
    sealed_store: Store, make_app: Callable[..., Any]
) -> None:
    status, how = await _lines(make_app(sealed_store))
    assert status.startswith("On")
    assert "kith passphrase" in how and "kith decrypt" in how


def test_settings_with_encryption_on_snapshot(
    snap_compare: Any, sealed_store: Store, make_app: Callable[..., Any]
) -> None:
    async def to_the_encryption_lines(pilot: Any) -> None:
        await pilot.press("comma")
        await pilot.pause()
        pilot.app.screen.query_one("#encryption-how").scroll_visible(animate=False)
        await pilot.pause()

    sealed_store.data_dir = Path("/home/you/.local/share/kith")
    assert snap_compare(
        make_app(sealed_store), run_before=to_the_encryption_lines, terminal_size=(80, 24)
    )
