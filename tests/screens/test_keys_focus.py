"""Keys and focus that lose nothing (issue 14, part B): a key typed while a screen is
built reaches its bindings, and home/end/pageup/pagedown move every table's cursor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events

from kith.data.store import Store
from kith.screens.checkin import CheckinScreen
from kith.screens.insights import InsightsScreen
from kith.screens.people import PeopleScreen
from kith.widgets.checkin_history import CheckinHistory
from kith.widgets.contact_table import ContactTable

MakeApp = Callable[..., Any]


async def test_a_key_typed_while_people_is_built_goes_to_the_next_section(
    demo_store: Store, make_app: MakeApp
) -> None:
    """``4`` then ``5`` in one read of the terminal (both queued before People exists)."""
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.post_message(events.Key("4", "4"))
        app.post_message(events.Key("5", "5"))
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, InsightsScreen)
        people = app.get_screen_stack("people")[0]
        assert isinstance(people, PeopleScreen)
        assert people.filter_input.value == ""
        assert people.focused is not people.filter_input


async def test_both_keys_pressed_at_once(demo_store: Store, make_app: MakeApp) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "5")
        await pilot.pause()
        assert isinstance(app.screen, InsightsScreen)


async def test_the_hidden_filter_never_takes_focus(demo_store: Store, make_app: MakeApp) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PeopleScreen)
        assert not screen.filter_input.display
        assert not screen.filter_input.focusable
        await pilot.press("tab", "tab", "tab")
        assert screen.focused is not screen.filter_input
        await pilot.press("slash")
        assert screen.focused is screen.filter_input


async def test_end_then_x_archives_the_last_person(demo_store: Store, make_app: MakeApp) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PeopleScreen)
        table = screen.query_one(ContactTable)
        ids = table.row_ids()
        await pilot.press("end")
        assert table.current_id == ids[-1]
        await pilot.press("home")
        assert table.current_id == ids[0]
        await pilot.press("pagedown")
        assert table.cursor_row > 1
        await pilot.press("pageup")
        assert table.cursor_row == 0
        await pilot.press("end", "x")
        await pilot.pause()
        last = demo_store.contacts.get(ids[-1])
        first = demo_store.contacts.get(ids[0])
        assert last is not None and last.archived
        assert first is not None and not first.archived


async def test_home_and_end_in_the_check_in_history(demo_store: Store, make_app: MakeApp) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckinScreen)
        history = screen.query_one(CheckinHistory)
        history.focus()
        await pilot.pause()
        assert history.row_count > 2
        await pilot.press("end")
        assert history.cursor_row == history.row_count - 1
        await pilot.press("home")
        assert history.cursor_row == 0
        await pilot.press("G")
        assert history.cursor_row == history.row_count - 1
        await pilot.press("g")
        assert history.cursor_row == 0
