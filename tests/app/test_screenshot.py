"""The palette's "Screenshot" saves into the data folder's screenshots/ and says where,
with no ~/Downloads (issue 14)."""

from __future__ import annotations

import stat
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from kith.data.errors import StoreWriteError
from kith.data.screenshots import FOLDER, save_screenshot, screenshot_path
from kith.data.store import Store

MakeApp = Callable[..., Any]
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def recording(app: Any) -> list[str]:
    told: list[str] = []
    real = app.notify

    def notify(message: str, **kwargs: Any) -> None:
        told.append(str(message))
        real(message, **kwargs)

    app.notify = notify
    return told


async def test_screenshot_from_the_palette_goes_to_the_data_folder(
    store: Store, make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "no-home"))  # no ~/Downloads anywhere
    app = make_app(store)
    told = recording(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Screenshot")
        await pilot.pause()
        await pilot.press("enter")
        folder = store.data_dir / FOLDER
        for _ in range(200):  # wait for the state: a picture in the folder
            if folder.is_dir() and list(folder.glob("*.svg")):
                break
            await pilot.pause(0.05)
        [picture] = list(folder.glob("*.svg"))
        assert picture.read_text(encoding="utf-8").startswith("<svg")
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert stat.S_IMODE(picture.stat().st_mode) == 0o600
        assert any(str(picture) in message for message in told)
    assert not (tmp_path / "no-home" / "Downloads").exists()


def test_two_pictures_in_the_same_second_keep_both(tmp_path: Path) -> None:
    first = save_screenshot(tmp_path, "<svg>1</svg>", NOW)
    second = save_screenshot(tmp_path, "<svg>2</svg>", NOW)
    assert first != second
    assert first.read_text() == "<svg>1</svg>" and second.read_text() == "<svg>2</svg>"
    assert first.name == "kith-2026-11-20-120000.svg"
    assert screenshot_path(tmp_path, NOW).name == "kith-2026-11-20-120000-3.svg"


def test_a_file_where_the_folder_should_be_is_a_plain_error(tmp_path: Path) -> None:
    (tmp_path / FOLDER).write_text("not a folder")
    with pytest.raises(StoreWriteError):
        save_screenshot(tmp_path, "<svg/>", NOW)
    assert (tmp_path / FOLDER).read_text() == "not a folder"  # untouched


async def test_a_failed_screenshot_says_so_and_keeps_the_app(
    store: Store, make_app: MakeApp
) -> None:
    (store.data_dir / FOLDER).write_text("not a folder")
    app = make_app(store)
    told = recording(app)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.deliver_screenshot() is None
        await pilot.pause()
        assert app.is_running
        assert any("could not save the picture" in message for message in told)
