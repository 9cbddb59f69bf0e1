"""The app shell: sections by key, help, support, welcome once, quitting, odd names."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from kith.app.app import KithApp, section_screens
from kith.data.clock import FixedClock
from kith.data.models import Contact, SupportEntry
from kith.data.store import Store
from kith.screens.confirm import ConfirmScreen
from kith.screens.help import HelpScreen
from kith.screens.support import SupportScreen
from kith.screens.support_form import SupportEntryForm
from kith.screens.welcome import WelcomeScreen
from kith.widgets.section_bar import SectionBar

MakeApp = Callable[..., KithApp]


def screen_text(app: KithApp) -> str:
    """Everything the current screen shows, as plain text."""
    parts = []
    for widget in app.screen.query(Static):
        parts.append(str(widget.render()))
    return "\n".join(parts)


@pytest.mark.parametrize(
    ("key", "section"),
    [("1", "home"), ("2", "checkin"), ("3", "strategies"), ("4", "people"), ("5", "insights")],
)
async def test_every_section_answers_its_key(
    store: Store, make_app: MakeApp, key: str, section: str
) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        start = "2" if key == "1" else "1"
        await pilot.press(start)
        await pilot.press(key)
        await pilot.pause()
        assert app.current_mode == section
        assert isinstance(app.screen, section_screens()[section])
        assert app.screen.query_one(SectionBar).current == section


async def test_starts_on_home(store: Store, make_app: MakeApp) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)):
        assert app.current_mode == "home"


async def test_help_opens_on_question_mark_and_f1_and_closes_on_escape(
    store: Store, make_app: MakeApp
) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        for key in ("question_mark", "f1"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            text = screen_text(app)
            assert "Support and crisis resources" in text
            assert "ctrl+q" in text
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, HelpScreen)


async def test_support_opens_from_every_section_with_the_verified_numbers(
    store: Store, make_app: MakeApp
) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        for key in "12345":
            await pilot.press(key)
            await pilot.press("exclamation_mark")
            await pilot.pause()
            assert isinstance(app.screen, SupportScreen)
            text = screen_text(app)
            for fact in ("988", "116 123", "13 11 14", "findahelpline.com", "999", "112"):
                assert fact in text
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, SupportScreen)


async def test_support_list_add_and_delete_by_keys(store: Store, make_app: MakeApp) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2", "n")
        await pilot.pause()
        assert isinstance(app.screen, SupportEntryForm)
        await pilot.press("tab")
        await pilot.press(*"[@click=app.quit]Bob[/]")
        await pilot.press("tab", *"0123", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SupportScreen)
        entries = store.support.list()
        assert [(e.name, e.reach) for e in entries] == [("[@click=app.quit]Bob[/]", "0123")]
        table = app.screen.query_one("#own-list", DataTable)
        assert table.row_count == 1
        assert str(table.get_row_at(0)[0]) == "[@click=app.quit]Bob[/]"
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert store.support.list() == []


async def test_form_keeps_input_and_explains_errors(store: Store, make_app: MakeApp) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2", "n", "tab")
        await pilot.press("A", "n", "n")
        form = app.screen
        assert isinstance(form, SupportEntryForm)
        name_input = form.query_one("#field-name Input", Input)
        name_input.value = "Ann\x1b[31m"  # pasted text with an escape sequence
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # still open
        error = form.query_one("#field-name .field-error", Static)
        assert "control character" in str(error.render())
        assert name_input.value == "Ann\x1b[31m"  # nothing typed is lost
        assert store.support.list() == []


async def test_cancelling_a_dirty_form_asks_first(store: Store, make_app: MakeApp) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2", "n", "tab", "A", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert isinstance(app.screen, SupportEntryForm)
        assert app.screen.query_one("#field-name Input", Input).value == "A"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SupportScreen)


async def test_welcome_shows_once(store: Store, make_app: MakeApp) -> None:
    app = make_app(store, show_welcome=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert "not therapy" in screen_text(app)
        assert str(store.data_dir) in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, WelcomeScreen)
    assert store.settings.get().welcome_seen is True
    again = make_app(store, show_welcome=True)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not isinstance(again.screen, WelcomeScreen)


async def test_q_quits_but_not_while_typing(store: Store, make_app: MakeApp) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2", "n", "tab", "q")
        await pilot.pause()
        assert app.is_running
        assert app.screen.query_one("#field-name Input", Input).value == "q"
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_section_keys_do_nothing_inside_a_dialog(store: Store, make_app: MakeApp) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1", "4")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.current_mode == "home"


async def test_theme_choice_is_kept(store: Store, make_app: MakeApp) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "nord"
        await pilot.pause()
    assert store.settings.get().theme == "nord"
    again = make_app(store)
    async with again.run_test(size=(80, 24)):
        assert again.theme == "nord"


async def test_palette_offers_sections_and_actions(store: Store, make_app: MakeApp) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for title in ("People", "New contact", "Log an interaction", "Start a quick check-in"):
            assert title in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Insights")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "insights"


@pytest.mark.parametrize("name", ["Ann [/bold]", "[@click=app.quit]Bob[/]", "[b]x", "C:\\"])
async def test_hostile_names_render_verbatim_in_the_support_list(
    store: Store, make_app: MakeApp, name: str
) -> None:
    store.support.add(SupportEntry(name=name, note="[link=http://x]y[/link]"))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        table = app.screen.query_one("#own-list", DataTable)
        row = table.get_row_at(0)
        assert str(row[0]) == name
        assert str(row[2]) == "[link=http://x]y[/link]"
        await pilot.press("j", "k", "e")
        await pilot.pause()
        assert str(app.screen.query_one("#field-name Input", Input).value) == name
        assert app.is_running


async def test_two_apps_on_two_stores_share_nothing(
    tmp_path: Path, clock: FixedClock, make_app: MakeApp
) -> None:
    """No module-level state: both apps are built before either runs, and each shows
    and changes only its own store."""
    with (
        Store.open(tmp_path / "one", clock=clock) as one,
        Store.open(tmp_path / "two", clock=clock) as two,
    ):
        one.contacts.add(Contact(name="Ana"))
        two.contacts.add(Contact(name="Bo"))
        first, second = make_app(one), make_app(two)
        async with second.run_test(size=(80, 24)) as pilot:
            await pilot.press("4")
            await pilot.pause()
            assert people_shown(second) == ["Bo"]
            await pilot.press("x")  # archive Bo, in the second store only
            await pilot.pause()
        async with first.run_test(size=(80, 24)) as pilot:
            await pilot.press("4")
            await pilot.pause()
            assert people_shown(first) == ["Ana"]
        assert [c.archived for c in one.contacts.list()] == [False]
        assert [c.archived for c in two.contacts.list()] == [True]


def people_shown(app: KithApp) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def test_help_lists_the_screens_own_keys_first_without_repeats(
    store: Store, make_app: MakeApp
) -> None:
    from kith.screens.people import PeopleScreen

    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        keys = app.screen_keys()
        shown = [description for _, description in keys]
        own = {binding.description for binding in PeopleScreen.BINDINGS}  # type: ignore[union-attr]
        own_shown = [description for description in shown if description in own]
        assert ("n", "New") in keys  # People's own n, with its key
        assert shown[: len(own_shown)] == own_shown  # the screen's own keys come first
        assert "Last" in shown[len(own_shown) :]  # then the focused table's (G)
        assert len(shown) == len(set(shown))
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "On this screen (" in text
        assert text.index("New") < text.index("Everywhere")


async def test_each_section_subscribes_to_the_store_once(store: Store, make_app: MakeApp) -> None:
    """Textual runs every class's on_mount: a screen calling super().on_mount()
    again would subscribe twice and refresh twice on every change."""
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        for key in "12345":
            await pilot.press(key)
            await pilot.pause()
        owners = [getattr(listener, "__self__", None) for listener in store._listeners]
        classes = tuple(section_screens().values())
        sections = [owner for owner in owners if isinstance(owner, classes)]
        assert len(sections) == 5
        assert len(set(map(id, sections))) == 5
