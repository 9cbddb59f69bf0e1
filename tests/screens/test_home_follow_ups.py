"""Named dates and follow-ups on Home, by keys: typed in the form, shown on their day,
gone when done (x) or when time with them is logged."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from textual.pilot import Pilot
from textual.widgets import TextArea

from kith.data.models import Contact, FollowUp, NamedDate
from kith.data.store import Store
from kith.screens.contact_form import ContactForm
from kith.screens.home import HomeScreen
from kith.screens.interaction_form import InteractionForm
from kith.widgets.home_item import HomeItem

TODAY = date(2026, 11, 20)  # the fixed clock's Friday
MakeApp = Callable[..., Any]
KEYS = {" ": "space", ",": "comma", ":": "colon"}


def text_of(app: Any, item_id: str) -> str:
    return app.screen.query_one(f"#{item_id}", HomeItem).render().plain


async def go_to(pilot: Pilot[Any], item_id: str) -> None:
    for _ in range(20):
        focused = pilot.app.focused
        if focused is not None and focused.id == item_id:
            return
        await pilot.press("down")
        await pilot.pause()
    raise AssertionError(f"{item_id} never got focus")


async def test_an_anniversary_and_a_follow_up_typed_in_the_form_show_on_home(
    store: Store, make_app: MakeApp
) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactForm)
        await pilot.press(*"Sam")
        await pilot.press(*["tab"] * 12)  # ... addresses, people, then dates
        assert form.focused is form.query_one("#field-dates TextArea", TextArea)
        await pilot.press(*[KEYS.get(c, c) for c in "anniversary: 25 November 2015"])
        await pilot.press("tab")
        await pilot.press(*[KEYS.get(c, c) for c in "Ask how the interview went, today"])
        await pilot.press("ctrl+s")
        await pilot.pause()
        [sam] = store.contacts.list()
        assert sam.dates == [NamedDate(name="anniversary", month=11, day=25, year=2015)]
        assert sam.follow_ups == [FollowUp(text="Ask how the interview went", due=TODAY)]

        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert text_of(app, "reach-0").startswith("Sam: Ask how the interview")
        assert text_of(app, "reach-0").endswith("today")
        assert text_of(app, "birthday-0").startswith("Sam: annivers")  # cut to fit at 80
        assert text_of(app, "birthday-0").endswith("Wed 25 Nov, 11 years")
        panel = app.screen.query_one("#panel-birthdays")
        assert panel.border_title == "Coming up, next two weeks"

        await go_to(pilot, "reach-0")
        await pilot.press("x")
        await pilot.pause()
        assert store.contacts.require(sam.id).follow_ups == []
        assert not text_of(app, "reach-0").startswith("Sam: Ask")


async def test_a_follow_up_waits_for_its_day_and_leaves_when_time_is_logged(
    store: Store, make_app: MakeApp, clock: Any
) -> None:
    sam = store.contacts.add(
        Contact(
            name="Sam",
            follow_ups=[
                FollowUp(text="Ask how the interview went", due=TODAY - timedelta(days=2)),
                FollowUp(text="Send the photos", due=TODAY + timedelta(days=1)),
            ],
        )
    )
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert text_of(app, "reach-0").startswith("Sam: Ask how the")
        assert text_of(app, "reach-0").endswith("since 18 Nov")
        assert "Send the photos" not in text_of(app, "reach-1")  # tomorrow's waits
        await go_to(pilot, "reach-0")
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, InteractionForm)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert [i.contact_ids for i in store.interactions.list()] == [[sam.id]]
        assert "Ask how the interview went" not in text_of(app, "reach-0")
        # Logged, it leaves Home; it is still among the things to remember until removed.
        assert len(store.contacts.require(sam.id).follow_ups) == 2
