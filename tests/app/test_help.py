"""The help screen (issue 14): Kith's keys in words, grouped; it scrolls by keys and
the way to close it is always in view, at 80x24 too."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Static

from kith.data.store import Store
from kith.screens.help import HelpScreen, key_words

MakeApp = Callable[..., Any]

RAW_WIDGET_WORDS = ("Scroll Left", "Scroll Right", "Page Left", "Page Right", "^pgup", "Scroll End")


def help_text(screen: HelpScreen) -> str:
    return "\n".join(str(static.render()) for static in screen.query(Static))


@pytest.mark.parametrize("section", ["1", "2", "3", "4", "5"])
async def test_help_lists_kiths_keys_in_words_not_widget_keys(
    demo_store: Store, make_app: MakeApp, section: str
) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(section)
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        text = help_text(screen)
        for raw in RAW_WIDGET_WORDS:
            assert raw not in text
        assert "Everywhere" in text and "In lists" in text and "In forms" in text
        assert "left_square_bracket" not in text and "slash" not in text


async def test_help_on_people_names_the_filter_key_and_the_row_keys(
    demo_store: Store, make_app: MakeApp
) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "question_mark")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        assert ("/", "Filter") in screen.screen_keys
        assert ("home / g", "First row") in screen.focus_keys
        assert ("end / G", "Last row") in screen.focus_keys


async def test_help_scrolls_by_keys_and_always_says_how_to_close(
    demo_store: Store, make_app: MakeApp
) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "question_mark")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        body = screen.query_one("#help-body", VerticalScroll)
        hint = screen.query_one("#help-hint", Static)
        assert "escape" in str(hint.render())
        assert hint.region.bottom <= 24 and hint.region.height > 0  # on screen
        assert body.max_scroll_y > 0  # more than fits at 80x24
        await pilot.press("j", "j", "j")
        await pilot.pause()
        assert body.scroll_y == 3
        await pilot.press("k")
        await pilot.pause()
        assert body.scroll_y == 2
        await pilot.press("pagedown")
        await pilot.pause()
        assert body.scroll_y > 3
        await pilot.press("end")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("home")
        await pilot.pause()
        assert body.scroll_y == 0
        assert hint.region.bottom <= 24 and hint.region.height > 0
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


def test_key_words() -> None:
    assert key_words("slash") == "/"
    assert key_words("left_square_bracket") == "["
    assert key_words("pagedown") == "page down"
    assert key_words("ctrl+s") == "ctrl+s"
    assert key_words("x") == "x"
