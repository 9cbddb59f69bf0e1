"""u in this week's plan: the last skip or done comes back, with a message saying
what came back (issue 18); by real keys, asserting on the plan shown and the store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from kith.data.models import PlanItem, PlanState
from kith.data.store import Store
from kith.screens.plan_reflection import ReflectionForm
from kith.screens.strategies import StrategiesScreen
from kith.widgets.plan_list import PlanList
from kith.widgets.strategy_rows import plain_text

MONDAY = date(2026, 11, 16)  # the week of the fixed clock (Friday 20 Nov 2026)
MakeApp = Callable[..., Any]


def messages(app: Any) -> list[str]:
    return [str(note.message) for note in app._notifications]


def first_row(app: Any) -> str:
    return plain_text(app.screen.query_one(PlanList).options[0].prompt).splitlines()[0]


async def open_plan(pilot: Any) -> None:
    await pilot.press("3")
    await pilot.pause()
    assert isinstance(pilot.app.screen, StrategiesScreen)
    await pilot.press("w")
    await pilot.pause()


async def test_u_brings_back_a_skip(store: Store, make_app: MakeApp) -> None:
    item = store.plan.add(PlanItem(week_start=MONDAY, text="Call Gran on Sunday"))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert store.plan.require(item.id).state is PlanState.SKIPPED
        assert first_row(app).startswith("–")
        await pilot.press("u")
        await pilot.pause()
        assert store.plan.require(item.id) == item
        assert not first_row(app).startswith("–")
        assert "“Call Gran on Sunday” is back to planned." in messages(app)
        await pilot.press("u")
        await pilot.pause()
        assert "Nothing to undo in this session." in messages(app)


async def test_u_brings_back_a_done_with_its_reflection_form_left(
    store: Store, make_app: MakeApp
) -> None:
    item = store.plan.add(PlanItem(week_start=MONDAY, text="Send a voice note"))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ReflectionForm)
        await pilot.press("escape")  # no reflection: it stays done
        await pilot.pause()
        assert store.plan.require(item.id).state is PlanState.DONE
        assert first_row(app).startswith("✓")
        await pilot.press("u")
        await pilot.pause()
        assert store.plan.require(item.id) == item
        assert not first_row(app).startswith("✓")
        assert "“Send a voice note” is back to planned." in messages(app)


async def test_u_after_done_of_a_skipped_one_brings_back_the_skip(
    store: Store, make_app: MakeApp
) -> None:
    item = store.plan.add(PlanItem(week_start=MONDAY, text="Walk with Ana"))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot)
        await pilot.press("s")
        await pilot.pause()
        skipped = store.plan.require(item.id)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert store.plan.require(item.id).state is PlanState.DONE
        await pilot.press("u")
        await pilot.pause()
        assert store.plan.require(item.id) == skipped
        assert "“Walk with Ana” is back to skipped." in messages(app)
        await pilot.press("u")
        await pilot.pause()
        assert store.plan.require(item.id) == item


async def test_u_after_done_from_logging_brings_it_back(store: Store, make_app: MakeApp) -> None:
    from kith.data.models import Contact
    from kith.screens.confirm import ConfirmScreen

    sam = store.contacts.add(Contact(name="Sam"))
    item = store.plan.add(PlanItem(week_start=MONDAY, text="Call Sam", contact_id=sam.id))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("c", "ctrl+s")  # a call with Sam, logged
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # "You planned “Call Sam” this week."
        await pilot.press("y")
        await pilot.pause()
        assert store.plan.require(item.id).state is PlanState.DONE
        assert len(store.interactions) == 1
        await pilot.press("u")
        await pilot.pause()
        assert store.plan.require(item.id) == item
        assert len(store.interactions) == 1  # the interaction stays: only the done came back
        assert "“Call Sam” is back to planned." in messages(app)
