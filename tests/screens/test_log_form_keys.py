"""The log form by letters (issue 14): the mode is picked by a letter or a number,
how it felt by 1 to 5, who reached out by i/t, and logging a call with someone from
Home takes fewer than 9 keys."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from typing import Any

import pytest
from textual.widgets import Input

from kith.data.models import Mode
from kith.data.store import Store
from kith.screens.home import HomeScreen
from kith.screens.interaction_form import MODE_KEYS, InteractionForm
from kith.widgets.home_item import HomeItem
from kith.widgets.keyed_select import KeyedSelect

MakeApp = Callable[..., Any]


class Counter:
    """Presses keys and counts them."""

    def __init__(self, pilot: Any) -> None:
        self.pilot = pilot
        self.count = 0

    async def press(self, *keys: str) -> None:
        for key in keys:
            self.count += 1
            await self.pilot.press(key)
            await self.pilot.pause()


def focused_contact(app: Any) -> str | None:
    focused = app.screen.focused
    if isinstance(focused, HomeItem) and focused.target and focused.target.kind == "contact":
        return str(focused.target.key)
    return None


async def test_log_a_call_from_home_in_fewer_than_nine_keys(
    demo_store: Store, make_app: MakeApp
) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        keys = Counter(pilot)
        while focused_contact(app) is None:  # down to the first person to reach out to
            await keys.press("down")
            assert keys.count < 9
        person = focused_contact(app)
        before = {i.id for i in demo_store.interactions.list()}
        await keys.press("l")
        assert isinstance(app.screen, InteractionForm)
        assert isinstance(app.screen.focused, KeyedSelect)  # "How", the person filled in
        await keys.press("c", "ctrl+s")
        assert isinstance(app.screen, HomeScreen)
        [latest] = [i for i in demo_store.interactions.list() if i.id not in before]
        assert latest.mode is Mode.CALL and latest.contact_ids == [person]
        print(f"keys to log a call from Home: {keys.count}")
        assert keys.count < 9


@pytest.mark.parametrize(("key", "mode"), sorted(MODE_KEYS.items()))
async def test_each_mode_by_its_key(
    demo_store: Store, make_app: MakeApp, key: str, mode: str
) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        before = {i.id for i in demo_store.interactions.list()}
        await pilot.press("l")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, InteractionForm)
        await pilot.press(key)
        assert form.query_one("#log-mode", KeyedSelect).value == mode
        await pilot.press("ctrl+s")
        await pilot.pause()
        [latest] = [i for i in demo_store.interactions.list() if i.id not in before]
        assert latest.mode.value == mode


async def test_the_whole_form_by_keys(demo_store: Store, make_app: MakeApp) -> None:
    """Every field, as the hints say: letters and digits pick, tab moves on."""
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        before = {i.id for i in demo_store.interactions.list()}
        app.screen.action_log_interaction()
        await pilot.pause()
        form = app.screen
        assert isinstance(form, InteractionForm)
        assert form.focused is form.query_one("#field-who Input", Input)
        await pilot.press("O", "t", "t", "o", "tab")  # With
        await pilot.press("v", "tab")  # How: video
        await pilot.press("tab")  # When: today
        await pilot.press("9", ":", "3", "0", "tab")  # at 09:30
        await pilot.press("5", "tab")  # felt 5
        await pilot.press("t", "tab")  # they reached out
        await pilot.press("2", "0", "tab")  # 20 minutes
        await pilot.press("H", "i", "ctrl+s")  # notes
        await pilot.pause()
        assert not isinstance(app.screen, InteractionForm)
        [latest] = [i for i in demo_store.interactions.list() if i.id not in before]
        otto = next(c for c in demo_store.contacts.list() if c.name == "Otto Sample")
        assert latest.contact_ids == [otto.id]
        assert latest.mode is Mode.VIDEO
        assert latest.felt == 5
        assert latest.initiated_by == "them"
        assert latest.duration_minutes == 20
        assert latest.notes == "Hi"
        assert latest.time == time(9, 30)


async def test_support_and_help_keys_still_reach_the_app_from_a_select(
    demo_store: Store, make_app: MakeApp
) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen.focused, KeyedSelect)
        select = app.screen.focused
        assert not select.check_consume_key("exclamation_mark", "!")
        assert not select.check_consume_key("question_mark", "?")
        assert select.check_consume_key("c", "c")
