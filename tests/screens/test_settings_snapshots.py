"""Snapshots of the Settings screen at 80x24 and 120x36 (no timer installed)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kith.data import schedule
from kith.data.store import Store

SIZES = [(80, 24), (120, 36)]


@pytest.fixture(autouse=True)
def _no_timer_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setattr(schedule, "default_kind", lambda platform=None: "systemd")


@pytest.mark.parametrize("size", SIZES)
def test_settings_snapshot(
    snap_compare: Any, store: Store, make_app: Callable[..., Any], size: Any
) -> None:
    assert snap_compare(make_app(store), press=["comma"], terminal_size=size)
