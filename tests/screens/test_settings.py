"""The Settings screen: reached with ',' and from the palette, shows whether the daily
reminder is installed, saves the reminder time, quiet hours, what counts and the
calendar feed; the feed file then follows every save."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from textual.widgets import Checkbox, Input, Static

from kith.data import schedule
from kith.data.models import Birthday, Contact
from kith.data.store import Store
from kith.screens.settings import SettingsScreen

MakeApp = Callable[..., Any]


@pytest.fixture(autouse=True)
def _no_timer_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    config = tmp_path / "xdg-config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setattr(schedule, "default_kind", lambda platform=None: "systemd")
    return config


def screen_text(app: Any) -> str:
    return "\n".join(str(widget.render()) for widget in app.screen.query(Static))


async def until(pilot: Any, done: Callable[[], bool]) -> None:
    """Wait for a state: the app settles, its workers finish, until ``done()``."""
    for _ in range(100):
        if done():
            return
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    assert done()


async def open_settings(pilot: Any) -> SettingsScreen:
    await pilot.press("comma")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


async def retype(pilot: Any, widget_id: str, text: str) -> None:
    """Focus an input with tab presses, clear it and type ``text``."""
    for _ in range(30):
        focused = pilot.app.focused
        if focused is not None and focused.id == widget_id:
            break
        await pilot.press("tab")
    assert pilot.app.focused.id == widget_id
    await pilot.press("end", *["backspace"] * 12, *list(text))


async def test_comma_opens_settings_and_saves_the_reminder(store: Store, make_app: MakeApp) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        assert "The daily reminder is not installed" in screen_text(app)
        assert "kith remind --install" in screen_text(app)
        assert screen.query_one("#at", Input).value == "09:00"
        await retype(pilot, "at", "10:30")
        await retype(pilot, "quiet-start", "23:00")
        await retype(pilot, "plan", "")
        await pilot.press("space")  # plan off
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, SettingsScreen)
        reminders = store.settings.get().reminders
        assert (reminders.at_minute, reminders.quiet_start, reminders.quiet_end) == (630, 1380, 480)
        assert reminders.plan is False and reminders.birthdays is True


async def test_mistakes_are_said_beside_the_field_and_nothing_is_saved(
    store: Store, make_app: MakeApp
) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        await retype(pilot, "at", "25:00")
        await retype(pilot, "quiet-end", "")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        text = screen_text(app)
        assert "'25:00' is not a time of day" in text
        assert store.settings.get().reminders.at_minute == 540
        await retype(pilot, "at", "9:15")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Please give both times, or leave both empty." in screen_text(app)
        await retype(pilot, "feed-enabled", "")
        await pilot.press("space")
        await retype(pilot, "quiet-end", "7:00")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Choose a folder for the calendar file." in screen_text(app)
        assert store.settings.get().reminders.at_minute == 540


async def test_shows_an_installed_timer(
    store: Store, make_app: MakeApp, _no_timer_here: Path
) -> None:
    written = schedule.write_files("systemd", ["/usr/bin/python3", "-m", "kith.app.main"])
    app = make_app(store)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_settings(pilot)
        text = screen_text(app)
        assert "The daily reminder is installed (a systemd user timer:" in text
        assert str(written[1]) in text.replace("\n", "")


async def test_the_palette_opens_settings(store: Store, make_app: MakeApp) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*list("Settings"))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, SettingsScreen)


async def test_the_feed_file_follows_every_save(
    store: Store, make_app: MakeApp, tmp_path: Path
) -> None:
    folder = tmp_path / "calendars"
    folder.mkdir()
    feed = folder / "kith.ics"
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        await retype(pilot, "feed-enabled", "")
        await pilot.press("space")
        await retype(pilot, "feed-folder", "")
        await pilot.press(*list(str(folder)))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, SettingsScreen)
        assert store.settings.get().feed.enabled
        await until(pilot, feed.exists)
        assert stat.S_IMODE(feed.stat().st_mode) == 0o600
        events = list(Calendar.from_ical(feed.read_bytes()).walk("VEVENT"))
        assert [str(e["summary"]) for e in events] == ["Kith check-in"]
        store.contacts.add(Contact(name="Sam Okafor", birthday=Birthday(month=3, day=14)))
        await until(pilot, lambda: b"Birthday" in feed.read_bytes())
        summaries = {
            str(e["summary"]) for e in Calendar.from_ical(feed.read_bytes()).walk("VEVENT")
        }
        assert summaries == {"Kith check-in", "Birthday: S. O."}


async def test_a_feed_that_cannot_be_written_is_said(
    store: Store, make_app: MakeApp, tmp_path: Path
) -> None:
    folder = tmp_path / "gone"
    folder.mkdir()
    store.settings.change(feed={"enabled": True, "folder": str(folder)})
    folder.rmdir()
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app._feed_written >= 1)
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("The calendar file was not updated" in m for m in messages), messages
        store.contacts.add(Contact(name="Another save"))
        await until(pilot, lambda: app._feed_written >= 2)
        again = [n.message for n in app._notifications if "calendar file" in n.message]
        assert len(again) == 1  # said once, not after every save


async def test_checkboxes_show_what_is_saved(store: Store, make_app: MakeApp) -> None:
    store.settings.change(reminders={"checkin": False}, feed={"full_names": True})
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        assert screen.query_one("#checkin", Checkbox).value is False
        assert screen.query_one("#birthdays", Checkbox).value is True
        assert screen.query_one("#feed-full-names", Checkbox).value is True


async def test_a_save_on_another_thread_updates_the_feed_without_waiting(
    store: Store, make_app: MakeApp, tmp_path: Path
) -> None:
    import asyncio

    store.settings.change(feed={"enabled": True, "folder": str(tmp_path)})
    feed = tmp_path / "kith.ics"
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, feed.exists)
        assert b"Birthday" not in feed.read_bytes()
        ana = Contact(name="Ana Lopez", birthday=Birthday(month=6, day=1))
        await asyncio.to_thread(store.contacts.add, ana)
        for _ in range(50):  # the message from the thread, then the worker it starts
            await pilot.pause()
            await app.workers.wait_for_complete()
            if b"Birthday: A. L." in feed.read_bytes():
                break
        assert b"Birthday: A. L." in feed.read_bytes()


async def test_turn_the_reminder_on_and_off_from_settings(
    store: Store, make_app: MakeApp, _no_timer_here: Path
) -> None:
    from textual.widgets import Button

    ran: list[list[str]] = []

    def runner(command: Any) -> bool:
        ran.append(list(command))
        return True

    units = _no_timer_here / "systemd" / "user"
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        screen.runner = runner  # systemctl is not asked for real
        button = screen.query_one("#reminder-install", Button)
        assert str(button.label) == "Turn the daily reminder on"
        # A button ignores a press for 0.2 s after the last (its "pressed" look): off,
        # so the second press below does not depend on how fast the machine is.
        button.active_effect_duration = 0
        button.focus()
        await pilot.press("enter")
        await until(pilot, lambda: str(button.label) == "Turn the daily reminder off")
        service, timer = units / schedule.SERVICE, units / schedule.TIMER
        assert sorted(units.iterdir()) == [service, timer]
        text = screen_text(app)
        assert f"Wrote {service} and {timer}. The daily reminder is on." in text.replace("\n", "")
        assert "The daily reminder is installed (a systemd user timer" in text
        assert ran[-1] == ["systemctl", "--user", "enable", "--now", "kith-remind.timer"]
        assert str(button.label) == "Turn the daily reminder off"
        assert app.focused is button
        await pilot.press("enter")
        await until(pilot, lambda: str(button.label) == "Turn the daily reminder on")
        assert list(units.iterdir()) == []
        assert f"Removed {service} and {timer}." in screen_text(app).replace("\n", "")
        assert isinstance(app.screen, SettingsScreen)  # nothing else was saved or closed


async def test_the_demo_installs_nothing(store: Store, make_app: MakeApp) -> None:
    app = make_app(store, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        assert not screen.query("#reminder-install")
        assert "This is the demo" in screen_text(app)
