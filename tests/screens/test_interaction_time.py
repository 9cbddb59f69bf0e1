"""A time of day on an interaction, by keys (issue 18): typed in the log form (an
error beside the field, the text kept), saved, shown on the person's page, where it
orders the day; shown again when the interaction is opened."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from typing import Any

from textual.widgets import Input

from kith.data.models import Contact, Interaction
from kith.data.store import Store
from kith.screens.contact_detail import ContactDetailScreen
from kith.screens.interaction_form import InteractionForm
from kith.widgets.people_timeline import TimelineTable
from tests.screens.test_contact_pages import open_row
from tests.screens.test_people import field_error

TODAY = date(2026, 11, 20)
MakeApp = Callable[..., Any]


def when_column(table: TimelineTable) -> list[str]:
    return [str(table.get_row_at(row)[0].plain) for row in range(table.row_count)]


async def test_log_with_a_time_then_see_it_on_the_page(store: Store, make_app: MakeApp) -> None:
    sam = store.contacts.add(Contact(name="Sam"))
    store.interactions.add(Interaction(date=TODAY, contact_ids=[sam.id], time=time(9, 0)))
    untimed = store.interactions.add(Interaction(date=TODAY, contact_ids=[sam.id], notes="x"))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        page = await open_row(pilot, 0)
        await pilot.press("l")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, InteractionForm)
        await pilot.press("c", "tab", "tab")  # a call; past "When" to the time
        field = form.query_one("#field-time Input", Input)
        assert form.focused is field
        await pilot.press(*"25:00")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "not a time of day" in field_error(form, "time")
        assert field.value == "25:00"  # kept, to be put right
        assert len(store.interactions) == 2
        for _ in "25:00":
            await pilot.press("backspace")
        await pilot.press(*"2pm", "ctrl+s")  # the clock says 12:00
        await pilot.pause()
        assert app.screen is form
        assert "later than now (12:00)" in field_error(form, "time")
        assert field.value == "2pm" and len(store.interactions) == 2
        for _ in "2pm":
            await pilot.press("backspace")
        await pilot.press(*"11.30", "ctrl+s")
        await pilot.pause()
        assert app.screen is page
        [logged] = [i for i in store.interactions.list() if i.mode.value == "call"]
        assert logged.time == time(11, 30) and logged.date == TODAY

        # Same day: the latest time first, then 09:00, the untimed one last.
        table = page.query_one(TimelineTable)
        assert when_column(table) == ["Today 11:30", "Today 09:00", "Today"]

        # Opened again, the form shows the time as saved.
        table.focus()
        table.move_cursor(row=0)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        again = app.screen
        assert isinstance(again, InteractionForm) and again.interaction == logged
        assert again.query_one("#field-time Input", Input).value == "11:30"
        # Emptied, the interaction has no time any more.
        again.query_one("#field-time Input", Input).value = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ContactDetailScreen)
        assert store.interactions.require(logged.id).time is None
        assert store.interactions.require(untimed.id).time is None
