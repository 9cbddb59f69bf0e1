"""A section screen refreshes after a store change in a step of its own (issue 9).

The key press that saved returns as soon as the save is durable; the screen then
refreshes once, however many changes came in a row.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from kith.data.models import Contact, Interaction
from kith.data.store import Store
from kith.screens.home import HomeScreen


async def test_refresh_follows_the_save_once(store: Store, make_app: Callable[..., Any]) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        refreshes: list[int] = []
        original = home.refresh_data

        def counting() -> None:
            refreshes.append(len(store.interactions))
            original()

        home.refresh_data = counting  # type: ignore[method-assign]
        sam = store.contacts.add(Contact(name="Sam"))
        for day in (1, 2, 3):
            store.interactions.add(Interaction(date=date(2026, 11, day), contact_ids=[sam.id]))
        assert refreshes == []  # not inside the saves
        await pilot.pause()
        assert refreshes == [3]  # once, with everything saved
