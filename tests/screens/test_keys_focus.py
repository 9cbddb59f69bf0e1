"""Keys, focus and layout that lose nothing (issue 14, part B): a key typed while a
screen is built reaches its bindings, home/end move every table's cursor, panes say
when there is more, long notes end with an ellipsis, the welcome's panel has room."""

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


async def test_a_profile_longer_than_its_pane_says_so_and_scrolls_by_keys(
    demo_store: Store, make_app: MakeApp
) -> None:
    from kith.screens.contact_detail import ContactDetailScreen
    from kith.widgets.scroll_pane import ScrollPane

    otto = next(c for c in demo_store.contacts.list() if c.name == "Otto Sample")
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        app.push_screen(ContactDetailScreen(demo_store, app.clock, otto.id))
        await pilot.pause()
        await pilot.pause()
        pane = app.screen.query_one("#detail-profile", ScrollPane)
        assert pane.max_scroll_y > 0  # more than fits at 80x24
        assert pane.has_class("-more")
        marker = pane.query_one(".more-below")
        assert "more below" in str(marker.render()) and marker.region.height == 1
        while app.screen.focused is not pane:
            await pilot.press("tab")
        for _ in range(pane.max_scroll_y):
            await pilot.press("j")
        await pilot.pause()
        assert pane.scroll_y == pane.max_scroll_y
        assert not pane.has_class("-more")  # nothing more below now
        assert "more below" not in str(marker.render())
        await pilot.press("k")
        await pilot.pause()
        assert pane.scroll_y == pane.max_scroll_y - 1 and pane.has_class("-more")


async def test_a_profile_that_fits_says_nothing_more(store: Store, make_app: MakeApp) -> None:
    from kith.data.models import Contact
    from kith.screens.contact_detail import ContactDetailScreen
    from kith.widgets.scroll_pane import ScrollPane

    sam = store.contacts.add(Contact(name="Sam"))
    app = make_app(store)
    async with app.run_test(size=(120, 36)) as pilot:
        app.push_screen(ContactDetailScreen(store, app.clock, sam.id))
        await pilot.pause()
        await pilot.pause()
        pane = app.screen.query_one("#detail-profile", ScrollPane)
        assert pane.max_scroll_y == 0 and not pane.has_class("-more")
        assert not pane.query_one(".more-below").display or not pane.has_class("-scrolls")


async def test_a_long_support_note_ends_with_an_ellipsis(store: Store, make_app: MakeApp) -> None:
    from kith.data.models import SupportEntry
    from kith.screens.support import SupportScreen
    from kith.widgets.support_table import SupportTable

    note = "Talk about the garden, the dog, the new job and what helped last winter " * 2
    entry = store.support.add(SupportEntry(name="Aunt May", reach="07700 900123", note=note))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("exclamation_mark")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SupportScreen)
        table = app.screen.query_one(SupportTable)
        assert table.current_id == entry.id
        column = table.ordered_columns[2]
        assert column.width + 2 * table.cell_padding + 6 < 80  # it fits the dialog
        drawn = table.render_line(1).text.rstrip()  # the first row, as drawn
        assert "Aunt May" in drawn and "Talk about the garden" in drawn
        assert drawn.endswith("…")
        assert table.region.right <= 80


async def test_the_welcomes_crisis_panel_has_room_inside(store: Store, make_app: MakeApp) -> None:
    from kith.screens.welcome import WelcomeScreen
    from kith.widgets.crisis import CrisisPanel

    app = make_app(store, show_welcome=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        padding = app.screen.query_one(CrisisPanel).styles.padding
        assert padding.left >= 1 and padding.right >= 1 and padding.top >= 1
