"""z, by keys: snooze someone due from Home and from People's Reach out; they leave the
list until the day chosen, their rhythm kept, and their page says until when."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from textual.widgets import Input

from kith.data.models import Contact
from kith.data.people import is_snoozed
from kith.data.store import Store
from kith.screens.home import HomeScreen
from kith.screens.people import PeopleScreen
from kith.screens.snooze import SnoozeScreen
from kith.widgets.contact_table import ContactTable
from kith.widgets.home_item import HomeItem
from kith.widgets.people_profile import ContactProfile

TODAY = date(2026, 11, 20)
MakeApp = Callable[..., Any]


def due_person(store: Store) -> Contact:
    long_ago = datetime(2026, 9, 1, tzinfo=UTC)
    return store.contacts.put(
        Contact(name="Sam", rhythm_days=7, created=long_ago, updated=long_ago)
    )


async def test_z_on_home_snoozes_for_two_weeks(store: Store, make_app: MakeApp) -> None:
    sam = due_person(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        for _ in range(20):
            if app.focused is not None and app.focused.id == "reach-0":
                break
            await pilot.press("down")
        assert app.screen.query_one("#reach-0", HomeItem).render().plain.startswith("Sam")
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(app.screen, SnoozeScreen)
        await pilot.press("down", "enter")  # 2 weeks
        await pilot.pause()
        saved = store.contacts.require(sam.id)
        assert saved.snoozed_until == TODAY + timedelta(days=14)
        assert saved.rhythm_days == 7
        assert is_snoozed(saved, TODAY)
        assert app.screen.query_one("#reach-0", HomeItem).has_class("-unused")
        assert any("Sam is snoozed until Fri 4 Dec." in str(n.message) for n in app._notifications)
        await pilot.press("4", "enter")
        await pilot.pause()
        assert "snoozed until Fri 4 Dec" in str(app.screen.query_one(ContactProfile).render())


async def test_z_in_reach_out_with_a_chosen_day(store: Store, make_app: MakeApp) -> None:
    sam = due_person(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PeopleScreen)
        assert screen.query_one(ContactTable).row_count == 1
        await pilot.press("z")
        await pilot.pause()
        await pilot.press("down", "down", "down", "enter")  # until a day I choose
        await pilot.pause()
        field = app.screen.query_one("#snooze-date", Input)
        assert app.focused is field
        await pilot.press(*"24", "space", *"december", "enter")
        await pilot.pause()
        assert store.contacts.require(sam.id).snoozed_until == date(2026, 12, 24)
        reach = [
            s.contact.id for s in screen.summaries.values() if not is_snoozed(s.contact, TODAY)
        ]
        assert sam.id not in reach
        assert "Reach out · no one is due" in str(screen.query_one("#people-status").render())
