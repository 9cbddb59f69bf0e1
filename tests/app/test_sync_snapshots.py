"""Snapshots of sync in the app at 80x24 (issue 17): "Changed on another machine",
one collision's two versions, and Settings with sync on."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from kith.data import schedule, sync
from kith.data.sync import Collision, MachineInfo, SyncConfig, SyncStatus
from tests.app.test_sync_app import STEPS, focus, make_collision
from tests.syncsim import Machine, make_machines

MakeApp = Callable[..., Any]


@pytest.fixture(autouse=True)
def _steady(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    moment = iter(range(1_790_000_000_000, 1_800_000_000_000))
    monkeypatch.setattr(sync, "wall_ms", lambda: next(moment))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setattr(schedule, "default_kind", lambda platform=None: "systemd")


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[list[Machine]]:
    machines = make_machines(tmp_path, ["laptop", "desktop"])
    yield machines
    for machine in machines:
        machine.close()


async def _after_first_look(pilot: Any) -> None:
    for _ in range(STEPS):
        if pilot.app.sync_watch.looks and not pilot.app.sync_watch.looking:
            break
        await pilot.pause(0.01)
    pilot.app.clear_notifications()
    await pilot.pause()


def _open_list(pilot: Any) -> Any:
    async def run() -> None:
        await _after_first_look(pilot)
        await pilot.app.run_action("changed_elsewhere")
        await pilot.pause()

    return run()


def test_changed_elsewhere_list(snap_compare: Any, pair: list[Machine], make_app: MakeApp) -> None:
    laptop, desktop = pair
    make_collision(laptop, desktop)
    app = make_app(laptop.s, sync_interval=None)
    assert snap_compare(app, run_before=_open_list, terminal_size=(80, 24))


def test_collision_detail(snap_compare: Any, pair: list[Machine], make_app: MakeApp) -> None:
    laptop, desktop = pair
    make_collision(laptop, desktop)
    app = make_app(laptop.s, sync_interval=None)

    async def run_before(pilot: Any) -> None:
        await _open_list(pilot)
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=(80, 24))


def test_settings_with_sync_on(
    snap_compare: Any, store: Any, make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What Settings shows with sync on (a stable folder and machines: the real ones
    live in a temporary folder and write at the clock's time)."""
    cfg = SyncConfig(Path("/home/you/Sync/kith"), "laptop", "0123456789abcdef")
    wrote = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    me = MachineInfo("laptop", cfg.id, wrote, 12)
    other = MachineInfo("desktop", "fedcba9876543210", wrote, 7)
    waiting = Collision("c1", "contacts", "sam", "Sam", {}, {}, "desktop", wrote)
    found = SyncStatus(cfg.folder, me, [other], [waiting])
    monkeypatch.setattr(sync, "config", lambda _store: cfg)
    monkeypatch.setattr(sync, "status", lambda _store: found)
    app = make_app(store, sync_interval=None)

    async def run_before(pilot: Any) -> None:
        await pilot.press("comma")
        await pilot.pause()
        await focus(pilot, "sync-off")  # tab to the last button: the sync section in view
        for _ in range(STEPS):
            if "desktop" in str(pilot.app.screen.query_one("#sync-machines").render()):
                break
            await pilot.pause(0.01)
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=(80, 24))
