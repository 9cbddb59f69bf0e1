"""Sync in the running app (issue 17): two data folders with their own copies of a
sync folder (``tests.syncsim``); the app runs on the laptop's, the desktop's store is
edited directly, and files are copied between the two by hand. Every test triggers a
look with ``app.sync_watch.poll()`` and waits for a state, never for a time."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from textual.widgets import Input, Static

from kith.data import sync
from kith.data.journal import encode_line
from kith.data.store import Store
from kith.screens.settings import SettingsScreen
from kith.screens.sync_changes import ChangedElsewhereScreen, CollisionScreen
from kith.screens.sync_settings import SyncSection
from tests.adversarial.ui import screen_text, squeezed
from tests.notes import record_notifications
from tests.syncsim import Machine, add_person, copy_all, make_machines

MakeApp = Callable[..., Any]
STEPS = 3000  # a state is waited for up to this many short pauses (30 s, a loaded machine)


@pytest.fixture(autouse=True)
def _steady_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every save a millisecond after the one before, on whichever machine."""
    moment = iter(range(1_790_000_000_000, 1_800_000_000_000))
    monkeypatch.setattr(sync, "wall_ms", lambda: next(moment))


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[list[Machine]]:
    machines = make_machines(tmp_path, ["laptop", "desktop"])
    yield machines
    for machine in machines:
        machine.close()


async def until(pilot: Any, done: Callable[[], bool]) -> None:
    for _ in range(STEPS):
        if done():
            return
        await pilot.pause(0.01)
    assert done()


async def look(pilot: Any) -> None:
    """One look at the sync folder, and the merge it leads to, finished."""
    watch = pilot.app.sync_watch
    await until(pilot, lambda: not watch.looking)
    looks = watch.looks
    assert watch.poll()
    await until(pilot, lambda: watch.looks > looks)
    await pilot.pause()


def make_collision(laptop: Machine, desktop: Machine) -> str:
    """Sam edited on both machines before either saw the other's edit; the desktop
    has merged already. Returns Sam's id."""
    sam = add_person(laptop.s, "Sam [/bold]")
    copy_all([laptop, desktop])
    sync.merge_now(laptop.s)
    sync.merge_now(desktop.s)
    laptop.s.contacts.update(sam.model_copy(update={"notes": "from the laptop"}))
    desktop.s.contacts.update(
        desktop.s.contacts.require(sam.id).model_copy(update={"notes": "from the desktop"})
    )
    copy_all([laptop, desktop])
    sync.merge_now(desktop.s)
    return sam.id


async def test_an_edit_on_the_other_machine_arrives_and_the_screen_shows_it(
    pair: list[Machine], make_app: MakeApp
) -> None:
    laptop, desktop = pair
    app = make_app(laptop.s, sync_interval=None)
    async with app.run_test(size=(80, 24)) as pilot:
        told = record_notifications(app)
        await look(pilot)  # the first look after Home: nothing there yet
        await pilot.press("4")
        await pilot.pause()
        assert "Ana" not in screen_text(app)
        add_person(desktop.s, "Ana")
        add_person(desktop.s, "Robin")
        copy_all(pair)
        await look(pilot)
        await until(pilot, lambda: "Ana" in screen_text(app))
        assert "Robin" in screen_text(app)
        assert ("2 changes arrived from desktop.", "information") in told
        assert sorted(c.name for c in laptop.s.contacts.list()) == ["Ana", "Robin"]
        said = len(told)
        await look(pilot)  # nothing new: nothing said
        assert len(told) == said


async def test_a_collision_is_listed_and_resolved_by_keys(
    pair: list[Machine], make_app: MakeApp
) -> None:
    laptop, desktop = pair
    sam_id = make_collision(laptop, desktop)
    app = make_app(laptop.s, sync_interval=None)
    async with app.run_test(size=(80, 24)) as pilot:
        told = record_notifications(app)
        await look(pilot)
        home = app.screen.query_one("#home-sync", Static)
        await until(pilot, lambda: home.has_class("-shown"))
        assert "Changed on another machine: 1 record" in squeezed_text(app, spaced=True)
        assert any("changed on two machines at once" in text for text, _ in told)
        # From the command palette.
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Changed on another")
        await until(pilot, lambda: "Changedonanothermachine" in squeezed(screen_text(app)))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ChangedElsewhereScreen))
        text = screen_text(app)
        assert "Person Sam [/bold] · also changed on desktop" in text
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CollisionScreen))
        text = screen_text(app)
        assert "from the laptop" in text and "from the desktop" in text
        assert "On desktop:" in text and "On this machine:" in text
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, ChangedElsewhereScreen))
        assert laptop.s.contacts.require(sam_id).notes == "from the desktop"
        assert sync.collisions(laptop.s) == []
        assert "Nothing is waiting" in screen_text(app)
        assert any("Took desktop's version of Sam [/bold]" in text for text, _ in told)
        await pilot.press("escape")
        await until(pilot, lambda: not app.screen.query("#home-sync.-shown"))
    # The choice is a new version: the desktop takes it and its collision goes.
    copy_all(pair)
    sync.merge_now(desktop.s)
    assert desktop.s.contacts.require(sam_id).notes == "from the desktop"
    assert sync.collisions(desktop.s) == []


async def test_keeping_this_machines_version_from_settings(
    pair: list[Machine], make_app: MakeApp
) -> None:
    laptop, desktop = pair
    sam_id = make_collision(laptop, desktop)
    app = make_app(laptop.s, sync_interval=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await look(pilot)
        await pilot.press("comma")
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen))
        await until(pilot, lambda: "Changed on another machine (1)" in screen_text_all(app))
        await focus(pilot, "sync-changes")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ChangedElsewhereScreen))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CollisionScreen))
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, ChangedElsewhereScreen))
        assert laptop.s.contacts.require(sam_id).notes == "from the laptop"
        assert sync.collisions(laptop.s) == []
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen))
        await until(pilot, lambda: "Nothing is waiting to be chosen." in screen_text_all(app))


async def test_a_hostile_log_is_said_calmly_once_and_the_app_goes_on(
    pair: list[Machine], make_app: MakeApp
) -> None:
    laptop, desktop = pair
    add_person(desktop.s, "Ana")
    copy_all(pair)
    cfg = sync.config(desktop.s)
    assert cfg is not None
    target = laptop.log_dir / f"{cfg.id}.log"
    good = orjson.loads(target.read_bytes().split(b" ", 2)[2])
    bad = {
        **good,
        "seq": 2,
        "hlc": [good["hlc"][0] + 1, 0],
        "ops": [{"t": "contacts", "k": "../../etc/passwd", "v": {"name": "\x1b[31mred"}}],
    }
    target.write_bytes(target.read_bytes() + encode_line(bad))
    app = make_app(laptop.s, sync_interval=None)
    async with app.run_test(size=(80, 24)) as pilot:
        told = record_notifications(app)
        await look(pilot)
        warnings = [text for text, severity in told if severity == "warning"]
        assert len(warnings) == 1
        assert "desktop" in warnings[0] and "not merged" in warnings[0]
        assert "\x1b" not in warnings[0] and "Traceback" not in warnings[0]
        assert laptop.s.contacts.list() == []  # never half-applied
        await look(pilot)  # still refused: not said again
        assert len([1 for _, severity in told if severity == "warning"]) == 1
        await pilot.press("4")  # the app goes on
        await until(pilot, lambda: getattr(app.screen, "SECTION", "") == "people")
        assert app.is_running


async def test_a_folder_that_does_not_answer_never_holds_up_the_screen(
    pair: list[Machine], make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder on a gone network mount: the look waits in its thread; Home shows, keys
    work, no second look starts; when the folder answers, the merge comes."""
    laptop, desktop = pair
    answer = threading.Event()
    real = sync.needs_merge

    def hung(store: Store) -> bool:
        answer.wait(60)
        return real(store)

    monkeypatch.setattr(sync, "needs_merge", hung)
    add_person(desktop.s, "Ana")
    copy_all(pair)
    app = make_app(laptop.s, sync_interval=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.sync_watch.looking)
        await pilot.press("4")
        await until(pilot, lambda: getattr(app.screen, "SECTION", "") == "people")
        assert not app.sync_watch.poll()  # one look at a time: none pile up
        answer.set()
        await until(pilot, lambda: app.sync_watch.merges == 1)
        await until(pilot, lambda: "Ana" in screen_text(app))


async def test_settings_turns_sync_on_after_a_bad_folder_then_off(
    store: Store, make_app: MakeApp, tmp_path: Path
) -> None:
    folder = tmp_path / "Sync"
    folder.mkdir()
    app = make_app(store, sync_interval=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("comma")
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen))
        section = app.screen.query_one(SyncSection)
        assert "Sync is off." in screen_text_all(app)
        await focus(pilot, "sync-folder")
        missing = str(tmp_path / "not-there")
        await pilot.press(*missing, "enter")
        field = section.query_one("#field-sync_folder")
        await until(pilot, lambda: field.has_class("-invalid"))
        assert "does not exist" in str(field.query_one(".field-error", Static).render())
        assert section.query_one("#sync-folder", Input).value == missing  # kept
        # Beside the field, and in view (the section sits below the fold at 80x24).
        await until(pilot, lambda: "doesnotexist" in squeezed(screen_text(app)))
        assert sync.config(store) is None
        await pilot.press(*["backspace"] * len(missing), *str(folder))
        await focus(pilot, "sync-name")
        await pilot.press(*"laptop", "enter")
        await until(pilot, lambda: section.has_class("-on"))
        cfg = sync.config(store)
        assert cfg is not None and cfg.name == "laptop" and cfg.folder == folder.resolve()
        await until(
            pilot, lambda: "No other machine has written there yet." in screen_text_all(app)
        )
        assert "This machine is called laptop" in screen_text_all(app)
        await until(pilot, lambda: app.focused is not None and app.focused.id == "sync-off")
        await pilot.press("enter")
        await until(pilot, lambda: section.has_class("-off"))
        assert sync.config(store) is None
        assert "Sync is off for this data folder." in screen_text_all(app)


async def test_the_demo_cannot_turn_sync_on(store: Store, make_app: MakeApp) -> None:
    app = make_app(store, demo=True, sync_interval=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("comma")
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen))
        assert "sync cannot be turned on here" in screen_text_all(app)
        folder = app.screen.query_one("#sync-folder", Input)
        assert folder not in app.screen.focus_chain  # nothing to type a folder into
        assert not app.sync_watch.poll()


def screen_text_all(app: Any) -> str:
    """Every Static and Button on the screen, scrolled out of view or not."""
    parts = [str(w.render()) for w in app.screen.query(Static)]
    parts += [str(b.label) for b in app.screen.query("Button")]
    return "\n".join(parts)


def squeezed_text(app: Any, *, spaced: bool = False) -> str:
    return screen_text_all(app) if spaced else squeezed(screen_text_all(app))


async def focus(pilot: Any, widget_id: str) -> None:
    """Move focus to ``widget_id`` with tab presses, as a person would."""
    for _ in range(80):
        focused = pilot.app.focused
        if focused is not None and focused.id == widget_id:
            return
        await pilot.press("tab")
    assert pilot.app.focused is not None and pilot.app.focused.id == widget_id


async def test_a_choice_made_on_the_other_machine_clears_homes_line(
    pair: list[Machine], make_app: MakeApp
) -> None:
    """The desktop keeps its own version (the one both machines hold already): no
    record changes here, yet the collision goes, and Home's quiet line with it."""
    laptop, desktop = pair
    make_collision(laptop, desktop)
    app = make_app(laptop.s, sync_interval=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await look(pilot)
        home = app.screen.query_one("#home-sync", Static)
        await until(pilot, lambda: home.has_class("-shown"))
        (seen,) = sync.collisions(desktop.s)
        sync.resolve(desktop.s, seen.id, "mine")
        copy_all(pair)
        await look(pilot)
        assert app.sync_watch.last_report is not None
        assert app.sync_watch.last_report.arrived == {}
        await until(pilot, lambda: not home.has_class("-shown"))
        assert sync.collisions(laptop.s) == []


async def test_support_is_one_key_away_from_both_sync_screens(
    pair: list[Machine], make_app: MakeApp
) -> None:
    from kith.screens.support import SupportScreen

    laptop, desktop = pair
    make_collision(laptop, desktop)
    app = make_app(laptop.s, sync_interval=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await look(pilot)
        await app.run_action("changed_elsewhere")
        await until(pilot, lambda: isinstance(app.screen, ChangedElsewhereScreen))
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, SupportScreen))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ChangedElsewhereScreen))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CollisionScreen))
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, SupportScreen))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, CollisionScreen))
        assert sync.collisions(laptop.s)  # nothing was chosen on the way
