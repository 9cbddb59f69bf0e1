"""The person's own support list at 80x24 (issue 14): below the helplines, it comes
into view with arrows, j, End and PgDn, and e/d act on a row the person can see."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Input

from kith.app.app import KithApp
from kith.data.models import SupportEntry, SupportKind
from kith.data.store import Store
from kith.screens.confirm import ConfirmScreen
from kith.screens.support import SupportScreen
from kith.screens.support_form import SupportEntryForm

MakeApp = Callable[..., KithApp]
NAMES = ["Ana", "Bea", "Cal", "Dee", "Eli"]  # shown in this order (all people)


@pytest.fixture
def listed(store: Store) -> Store:
    for name in NAMES:
        store.support.add(SupportEntry(kind=SupportKind.PERSON, name=name, reach="555 0100"))
    return store


async def open_support(pilot: Any) -> SupportScreen:
    await pilot.press("exclamation_mark")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SupportScreen)
    return screen


def cursor(screen: SupportScreen) -> int:
    return screen.query_one("#own-list", DataTable).cursor_row


@pytest.mark.parametrize("key", ["down", "j", "end", "pagedown"])
async def test_a_key_brings_the_list_into_view(listed: Store, make_app: MakeApp, key: str) -> None:
    async with make_app(listed).run_test(size=(80, 24)) as pilot:
        screen = await open_support(pilot)
        assert not screen.list_in_view()  # at 80x24 the helplines come first
        await pilot.press(key)
        await pilot.pause()
        if key == "pagedown" and not screen.list_in_view():
            await pilot.press(key)  # a page at a time: two pages at most
            await pilot.pause()
        assert screen.list_in_view()


async def test_arrows_move_the_visible_row_and_e_edits_it(listed: Store, make_app: MakeApp) -> None:
    async with make_app(listed).run_test(size=(80, 24)) as pilot:
        screen = await open_support(pilot)
        await pilot.press("down")  # shows the list, on the first row
        await pilot.pause()
        assert cursor(screen) == 0
        await pilot.press("j", "down")
        await pilot.pause()
        assert cursor(screen) == 2
        assert screen.list_in_view()
        await pilot.press("k")
        await pilot.pause()
        assert cursor(screen) == 1
        await pilot.press("e")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, SupportEntryForm)
        assert form.query_one("#field-name Input", Input).value == "Bea"


async def test_end_then_d_removes_the_last_row_shown(listed: Store, make_app: MakeApp) -> None:
    async with make_app(listed).run_test(size=(80, 24)) as pilot:
        screen = await open_support(pilot)
        await pilot.press("end")
        await pilot.pause()
        assert cursor(screen) == len(NAMES) - 1
        assert screen.list_in_view()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert sorted(e.name for e in listed.support.list()) == NAMES[:-1]


async def test_e_on_a_hidden_list_shows_it_first(listed: Store, make_app: MakeApp) -> None:
    async with make_app(listed).run_test(size=(80, 24)) as pilot:
        screen = await open_support(pilot)
        assert not screen.list_in_view()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(pilot.app.screen, SupportEntryForm)
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert screen.list_in_view()


async def test_home_and_up_go_back_to_the_helplines(listed: Store, make_app: MakeApp) -> None:
    async with make_app(listed).run_test(size=(80, 24)) as pilot:
        screen = await open_support(pilot)
        body = screen.query_one("#support-body", VerticalScroll)
        await pilot.press("end")
        await pilot.pause()
        assert body.scroll_y > 0
        await pilot.press("home")
        await pilot.pause()
        assert body.scroll_y == 0
        assert cursor(screen) == 0
        await pilot.press("down")  # the list again, still on the first row
        await pilot.pause()
        assert screen.list_in_view() and cursor(screen) == 0
        await pilot.press("up")  # above the first row: the helplines
        await pilot.pause()
        assert body.scroll_y == 0


async def test_an_empty_list_comes_into_view_too(store: Store, make_app: MakeApp) -> None:
    async with make_app(store).run_test(size=(80, 24)) as pilot:
        screen = await open_support(pilot)
        await pilot.press("down")
        await pilot.pause()
        assert screen.list_in_view()
