"""Shared fixtures: every test gets its own data folder and a fixed clock.

- ``clock``: a FixedClock at 2026-11-20 12:00 UTC (a Friday), the demo's "now".
- ``store``: an empty Store on a temporary folder, closed after the test.
- ``demo_store``: the same, filled with the deterministic demo data.
- ``make_app``: builds a KithApp for Pilot and snapshot tests (no welcome,
  no cursor blink, the fixed clock).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from kith.data.clock import FixedClock
from kith.data.demo import DEMO_NOW, populate
from kith.data.store import Store

FIXED_NOW = DEMO_NOW  # 2026-11-20 12:00 UTC


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may touch the real user data folder."""
    monkeypatch.setenv("KITH_DATA_DIR", str(tmp_path / "env-data"))


@pytest.fixture(autouse=True)
def _no_real_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reaches the machine's own keyring (where ``keyring`` is installed, it
    sees only its "fail" backend unless a test hands it a fake)."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(FIXED_NOW, tz=UTC)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "kith"


@pytest.fixture
def store(data_dir: Path, clock: FixedClock) -> Iterator[Store]:
    opened = Store.open(data_dir, clock=clock)
    yield opened
    opened.close()


@pytest.fixture
def demo_store(store: Store) -> Store:
    populate(store)
    return store


@pytest.fixture
def make_app(clock: FixedClock) -> Callable[..., Any]:
    from kith.app.app import KithApp

    def make(store: Store, **kwargs: Any) -> KithApp:
        kwargs.setdefault("show_welcome", False)
        kwargs.setdefault("cursor_blink", False)
        return KithApp(store, clock=clock, **kwargs)

    return make


def moment(*args: int) -> datetime:
    """A UTC datetime, for building test data."""
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


@pytest.fixture(autouse=True, scope="session")
def _no_former_top_level_packages() -> Iterator[None]:
    """Fail the run if anything loaded a bare ``app``/``screens``/``widgets``/``data``."""
    yield
    import sys

    loaded = sorted(
        m for m in sys.modules if m.split(".")[0] in ("app", "screens", "widgets", "data")
    )
    assert loaded == [], f"top-level modules outside the kith package were loaded: {loaded}"
