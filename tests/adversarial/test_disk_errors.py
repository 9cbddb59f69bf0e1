"""Disk errors through the UI: a save that fails leaves the file as it was, says so
clearly, keeps what was typed, and the next save works once the cause is gone.

Each scenario opens a real form with real key presses, then saves four times with
the disk failing in four ways (no space while writing, permission refused at the
rename, an I/O error at fsync, a read-only file system when the temporary file is
made), then once more with the disk healthy.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

import kith.data.storage as storage_module
from kith.data.models import Contact, PlanItem, SupportEntry
from kith.data.store import STORE_FILE, Store
from kith.screens.form import FormScreen
from tests.adversarial.ui import notes_said, screen_text, type_into, value_of

MakeApp = Callable[..., Any]

FAILURES = [
    (errno.ENOSPC, "write"),
    (errno.EACCES, "replace"),
    (errno.EIO, "fsync"),
    (errno.EROFS, "mkstemp"),
]


@contextmanager
def failing_disk(code: int, where: str) -> Iterator[list[str]]:
    """Make the store's next writes fail with ``code`` at ``where``; yields the calls seen."""
    seen: list[str] = []

    def fail(*args: Any, **kwargs: Any) -> Any:
        seen.append(where)
        raise OSError(code, os.strerror(code))

    with pytest.MonkeyPatch.context() as patch:
        if where == "mkstemp":
            patch.setattr(storage_module.tempfile, "mkstemp", fail)
        else:
            patch.setattr(storage_module.os, where, fail)
        yield seen


@dataclass
class Scenario:
    """How to reach a form and fill it, which fields to watch, how to save, and how to
    recognise the saved record."""

    name: str
    prepare: Callable[[Store], None]
    open_and_type: Callable[[Any], Awaitable[None]]
    watched: dict[str, str]  # selector -> the text typed there
    saved: Callable[[Store], bool]
    on_disk: bytes
    save_key: str = "ctrl+s"
    error_selector: str = "#form-error"


def _nothing(store: Store) -> None:
    pass


async def _support(pilot: Any) -> None:
    await pilot.press("f2")
    await pilot.pause()
    await pilot.press("n")
    await pilot.pause()
    await type_into(pilot, "#field-name Input", "Disk Full Friend")
    await type_into(pilot, "#field-reach Input", "555 0199 after six")


async def _contact(pilot: Any) -> None:
    await pilot.press("4")
    await pilot.pause()
    await pilot.press("n")
    await pilot.pause()
    await type_into(pilot, "#field-name Input", "Disk Full Person")
    await type_into(pilot, "#field-how_met Input", "the night the disk filled")
    await type_into(pilot, "#field-notes TextArea", "first line\nsecond line")


def _with_ana(store: Store) -> None:
    store.contacts.add(Contact(name="Ana Example"))


async def _interaction(pilot: Any) -> None:
    await pilot.press("4")
    await pilot.pause()
    await pilot.press("l")
    await pilot.pause()
    await type_into(pilot, "#field-notes TextArea", "we talked until the disk was full")


async def _plan(pilot: Any) -> None:
    await pilot.press("3")
    await pilot.pause()
    await pilot.press("n")
    await pilot.pause()
    await type_into(pilot, "#plan-text", "Call my brother on Sunday")


async def _checkin(pilot: Any) -> None:
    await pilot.app.run_action("start_checkin('quick')")
    await pilot.pause()
    for _ in range(4):
        await pilot.press("1")
        await pilot.pause()
    await type_into(pilot, "#note", "a heavy week, the disk too")


def _with_plan_item(store: Store) -> None:
    store.plan.add(PlanItem(week_start=date(2026, 11, 16), text="Write to Lee"))


SCENARIOS = [
    Scenario(
        "support list entry",
        _nothing,
        _support,
        {"#field-name Input": "Disk Full Friend", "#field-reach Input": "555 0199 after six"},
        lambda s: any(e.name == "Disk Full Friend" for e in s.support.list()),
        b"Disk Full Friend",
    ),
    Scenario(
        "new person",
        _nothing,
        _contact,
        {
            "#field-name Input": "Disk Full Person",
            "#field-how_met Input": "the night the disk filled",
            "#field-notes TextArea": "first line\nsecond line",
        },
        lambda s: any(c.name == "Disk Full Person" for c in s.contacts.list()),
        b"Disk Full Person",
    ),
    Scenario(
        "logged interaction",
        _with_ana,
        _interaction,
        {"#field-notes TextArea": "we talked until the disk was full"},
        lambda s: any("until the disk" in i.notes for i in s.interactions.list()),
        b"until the disk was full",
    ),
    Scenario(
        "own plan action",
        _nothing,
        _plan,
        {"#plan-text": "Call my brother on Sunday"},
        lambda s: any(p.text == "Call my brother on Sunday" for p in s.plan.list()),
        b"Call my brother on Sunday",
    ),
    Scenario(
        "check-in with a note",
        _nothing,
        _checkin,
        {"#note": "a heavy week, the disk too"},
        lambda s: any(c.note == "a heavy week, the disk too" for c in s.checkins.list()),
        b"a heavy week, the disk too",
        save_key="enter",
        error_selector="#note-error",
    ),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
async def test_a_failed_save_keeps_the_file_the_form_and_the_typing(
    store: Store, make_app: MakeApp, scenario: Scenario
) -> None:
    scenario.prepare(store)
    store.settings.change(welcome_seen=True)
    path = store.data_dir / STORE_FILE
    app = make_app(store)
    async with app.run_test(size=(100, 34)) as pilot:
        await scenario.open_and_type(pilot)
        await pilot.pause()
        form = app.screen
        for selector, typed in scenario.watched.items():
            assert value_of(app, selector) == typed, f"typing did not reach {selector}"
        before = path.read_bytes()
        for code, where in FAILURES:
            with failing_disk(code, where) as seen:
                await pilot.press(scenario.save_key)
                await pilot.pause()
            assert seen, f"the save never reached {where}"
            # A full disk is said in plain words (issue 13, item 5); others by the OS's.
            reason = "the disk is full" if code == errno.ENOSPC else os.strerror(code)
            assert app.screen is form, f"{scenario.name}: the form closed after a failed save"
            for selector, typed in scenario.watched.items():
                assert value_of(app, selector) == typed, f"{selector} lost what was typed"
            shown = screen_text(app)
            error = str(form.query_one(scenario.error_selector).render())
            assert "could not save" in error and reason in error, error
            assert any(
                "could not save" in message and reason in message and severity == "error"
                for message, severity in notes_said(app)
            ), notes_said(app)
            assert "Nothing was lost" in error
            assert "could not save" in shown  # on screen, not only in a widget
            assert path.read_bytes() == before, f"{where} failure changed the file"
            assert not list(store.data_dir.glob(".kith-tmp-*"))
            assert not scenario.saved(store), "memory kept a save the disk refused"
        # The cause is gone: the same form saves.
        await pilot.press(scenario.save_key)
        await pilot.pause()
        assert app.screen is not form, "the form stayed open after a good save"
        assert scenario.saved(store)
        assert scenario.on_disk in path.read_bytes()
        assert app.is_running
    with Store.open(store.data_dir, readonly=True) as again:
        assert scenario.saved(again)
    print(f"\ndisk errors: {scenario.name}: {len(FAILURES)} failed saves, then saved")


async def test_a_failed_delete_keeps_the_entry_and_says_so(store: Store, make_app: MakeApp) -> None:
    entry = store.support.add(SupportEntry(name="Keep Me"))
    path = store.data_dir / STORE_FILE
    before = path.read_bytes()
    app = make_app(store)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        support = app.screen
        await pilot.press("d")
        await pilot.pause()
        with failing_disk(errno.ENOSPC, "write"):
            await pilot.press("y")  # Remove
            await pilot.pause()
        assert app.screen is support
        assert store.support.get(entry.id) is not None
        assert "Keep Me" in screen_text(app)
        assert any("could not save" in m for m, _ in notes_said(app))
        assert path.read_bytes() == before


async def test_a_failed_setting_says_so_and_the_app_goes_on(
    store: Store, make_app: MakeApp
) -> None:
    path = store.data_dir / STORE_FILE
    before = path.read_bytes()
    app = make_app(store)
    async with app.run_test(size=(100, 34)) as pilot:
        with failing_disk(errno.ENOSPC, "write"):
            app.theme = "nord"
            await pilot.pause()
        assert any("could not save" in m for m, _ in notes_said(app))
        assert path.read_bytes() == before
        assert store.settings.get().theme != "nord"
        await pilot.press("4")
        await pilot.pause()
        assert app.is_running


def test_every_form_is_a_form_screen() -> None:
    """The scenarios above lean on FormScreen's handling; the forms use it."""
    from kith.screens.contact_form import ContactForm
    from kith.screens.interaction_form import InteractionForm
    from kith.screens.plan_form import PlanItemForm
    from kith.screens.plan_reflection import ReflectionForm
    from kith.screens.support_form import SupportEntryForm

    for form in (ContactForm, InteractionForm, PlanItemForm, ReflectionForm, SupportEntryForm):
        assert issubclass(form, FormScreen), form
