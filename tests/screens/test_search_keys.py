"""Search by keys: / in People finds a word from an interaction note and says where;
the palette's "Search everything" lists it and opens the person."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from textual.widgets import OptionList, Static

from kith.data.models import Contact, Interaction
from kith.data.store import Store
from kith.screens.contact_detail import ContactDetailScreen
from kith.screens.people import PeopleScreen
from kith.screens.search import SearchScreen
from kith.widgets.contact_table import ContactTable

MakeApp = Callable[..., Any]


def names_shown(screen: PeopleScreen) -> list[str]:
    table = screen.query_one(ContactTable)
    return [str(table.get_row_at(i)[0].plain) for i in range(table.row_count)]


def world(store: Store) -> Contact:
    sam = store.contacts.add(Contact(name="Sam Rivera"))
    store.contacts.add(Contact(name="Ana Lopez", remember=["Mila starts school"]))
    store.interactions.add(
        Interaction(
            date=date(2026, 3, 12), contact_ids=[sam.id], notes="Nervous about the interview"
        )
    )
    return sam


async def test_slash_finds_a_word_from_an_interaction_note(store: Store, make_app: MakeApp) -> None:
    world(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "slash", *"interview")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PeopleScreen)
        assert names_shown(screen) == ["Sam Rivera"]
        status = str(screen.query_one("#people-status", Static).render())
        assert "Sam: in a note, 12 March" in status
        await pilot.press("ctrl+a", "ctrl+k", *"mila")
        await pilot.pause()
        assert names_shown(screen) == ["Ana Lopez"]
        assert "Ana: in a thing to remember" in str(
            screen.query_one("#people-status", Static).render()
        )


async def test_search_everything_from_the_palette(store: Store, make_app: MakeApp) -> None:
    sam = world(store)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"search everything")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"nervous")
        await pilot.pause()
        results = app.screen.query_one(OptionList)
        assert results.option_count == 1
        prompt = str(results.get_option_at_index(0).prompt)
        assert "In person with Sam Rivera, 12 March 2026" in prompt
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactDetailScreen)
        assert app.screen.contact_id == sam.id
