"""A person's page is kept between visits and redrawn when the store changed (issue 15)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from textual.pilot import Pilot

from kith.data.models import Contact, Interaction
from kith.data.store import Store
from kith.screens.contact_detail import ContactDetailScreen
from kith.screens.contact_pages import KEPT_PAGES, kept_pages
from kith.widgets.contact_table import ContactTable
from kith.widgets.people_timeline import TimelineTable
from tests.screens.test_people import open_people

MakeApp = Callable[..., Any]


async def open_row(pilot: Pilot[Any], row: int) -> ContactDetailScreen:
    """From People, open the person on ``row`` with the keys a person would press."""
    screen = await open_people(pilot)
    table = screen.query_one(ContactTable)
    table.focus()
    table.move_cursor(row=row)
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    detail = pilot.app.screen
    assert isinstance(detail, ContactDetailScreen)
    return detail


async def test_going_back_to_a_person_reuses_the_page_and_shows_changes(
    store: Store, make_app: MakeApp
) -> None:
    sam = store.contacts.add(Contact(name="Sam"))
    store.interactions.add_many(
        [Interaction(date=date(2026, 11, day), contact_ids=[sam.id]) for day in range(1, 6)]
    )
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        first = await open_row(pilot, 0)
        assert first.query_one(TimelineTable).row_count == 5
        await pilot.press("escape")
        await pilot.pause()
        again = await open_row(pilot, 0)
        assert again is first  # kept: not built again
        assert again.query_one(TimelineTable).row_count == 5
        await pilot.press("escape")
        await pilot.pause()
        # A change while the page is away (here through the store, as kith log would):
        store.interactions.add(Interaction(date=date(2026, 11, 19), contact_ids=[sam.id]))
        third = await open_row(pilot, 0)
        assert third is first
        await pilot.pause()
        assert third.query_one(TimelineTable).row_count == 6
        assert len(store.interactions) == 6


async def test_only_the_last_few_pages_are_kept(store: Store, make_app: MakeApp) -> None:
    for number in range(KEPT_PAGES + 2):
        store.contacts.add(Contact(name=f"Person {number}"))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        opened = []
        for row in range(KEPT_PAGES + 2):
            detail = await open_row(pilot, row)
            opened.append(detail.contact_id)
            await pilot.press("escape")
            await pilot.pause()
        assert len(set(opened)) == len(opened), opened
        assert kept_pages(app) == opened[-KEPT_PAGES:]
