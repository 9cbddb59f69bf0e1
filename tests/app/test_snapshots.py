"""Snapshots of the shell: welcome, help and support at 80x24 and 120x36."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kith.data.models import SupportEntry
from kith.data.store import Store

SIZES = [(80, 24), (120, 36)]


@pytest.mark.parametrize("size", SIZES)
def test_welcome(snap_compare: Any, store: Store, make_app: Callable[..., Any], size: Any) -> None:
    # The welcome names the data folder; show a stable one (the real one is a temp dir).
    store.data_dir = Path("/home/you/.local/share/kith")
    assert snap_compare(make_app(store, show_welcome=True), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare: Any, store: Store, make_app: Callable[..., Any], size: Any) -> None:
    assert snap_compare(make_app(store), press=["f1"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_support_with_own_list(
    snap_compare: Any, store: Store, make_app: Callable[..., Any], size: Any
) -> None:
    store.support.add(SupportEntry(name="Ann [/bold]", reach="07700 900123", note="[b]sister"))
    assert snap_compare(make_app(store), press=["exclamation_mark"], terminal_size=size)


def test_support_list_in_view_at_80x24(
    snap_compare: Any, store: Store, make_app: Callable[..., Any]
) -> None:
    """At 80x24 the person's own list sits below the helplines: down shows it."""
    for name, reach in [("Ana", "07700 900123"), ("Dr Lee", "surgery, weekdays"), ("A walk", "")]:
        store.support.add(SupportEntry(name=name, reach=reach))
    assert snap_compare(
        make_app(store), press=["exclamation_mark", "down", "j"], terminal_size=(80, 24)
    )


@pytest.mark.parametrize("size", SIZES)
def test_opening(snap_compare: Any, data_dir: Path, clock: Any, size: Any) -> None:
    """The first frame ``kith`` draws, while the store is still opening."""
    from kith.app.app import KithApp

    go = threading.Event()

    def opener() -> Store:
        go.wait(10)
        return Store.open(data_dir, clock=clock)

    app = KithApp(opener=opener, show_welcome=False, cursor_blink=False)
    try:
        assert snap_compare(app, terminal_size=size)
    finally:
        go.set()  # the thread opens the store, sees the app gone and closes it


@pytest.mark.parametrize("backup", ["kith-2026-11-19.json", None])
def test_recovery(snap_compare: Any, backup: str | None) -> None:
    """What ``kith`` shows when its data file cannot be read: with a backup, and without."""
    from kith.app.recovery import RecoveryApp
    from kith.data.errors import StoreCorrupt

    problem = StoreCorrupt(
        Path("/home/you/.local/share/kith/kith.json"),
        "it is not valid JSON (unexpected character: line 1 column 2 (char 1)).",
    )
    assert snap_compare(RecoveryApp(problem, backup), terminal_size=(80, 24))
