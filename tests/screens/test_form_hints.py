"""Every keystroke a form's hint suggests does what it says, and typed text always
lands somewhere (issue 14): the reflection after ``3 w x``, the plan form's
"type the first letters of a name", and the log form's letters."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from textual.widgets import Select, TextArea

from kith.data.models import Contact, PlanItem, PlanState
from kith.data.store import Store
from kith.screens.plan_form import PlanItemForm
from kith.screens.plan_reflection import ReflectionForm
from kith.screens.strategies import StrategiesScreen
from kith.widgets.keyed_select import KeyedSelect

MONDAY = date(2026, 11, 16)
MakeApp = Callable[..., Any]


def plan_one(store: Store) -> PlanItem:
    return store.plan.add(PlanItem(week_start=MONDAY, text="Call Gran", strategy_id="listen"))


async def open_reflection(pilot: Any) -> ReflectionForm:
    await pilot.press("3", "w", "x")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, ReflectionForm)
    return form


async def test_reflection_as_the_hint_says_feeling_tab_then_write(
    store: Store, make_app: MakeApp
) -> None:
    item = plan_one(store)
    async with make_app(store).run_test(size=(80, 24)) as pilot:
        form = await open_reflection(pilot)
        hint = str(form.query_one("#field-felt .field-hint").render())
        assert "tab" in hint
        await pilot.press("4")
        assert form.query_one("#felt", Select).value == 4
        await pilot.press("tab")
        note = form.query_one("#reflection-note", TextArea)
        assert form.focused is note
        await pilot.press(*"She laughed")
        assert note.text == "She laughed"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, StrategiesScreen)
        saved = store.plan.require(item.id)
        assert saved.state is PlanState.DONE
        assert (saved.felt, saved.reflection) == (4, "She laughed")


async def test_reflection_text_typed_on_the_feeling_goes_into_the_note(
    store: Store, make_app: MakeApp
) -> None:
    item = plan_one(store)
    async with make_app(store).run_test(size=(80, 24)) as pilot:
        form = await open_reflection(pilot)
        await pilot.press("2", *"hard 1 day")
        assert form.query_one("#reflection-note", TextArea).text == "hard 1 day"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, ReflectionForm)
        saved = store.plan.require(item.id)
        assert (saved.felt, saved.reflection) == (2, "hard 1 day")


async def test_reflection_tab_twice_comes_back_and_text_still_lands(
    store: Store, make_app: MakeApp
) -> None:
    item = plan_one(store)
    async with make_app(store).run_test(size=(80, 24)) as pilot:
        await open_reflection(pilot)
        await pilot.press("5", "tab", "tab")  # past the note, round to the feeling
        await pilot.press(*"ok", "ctrl+s")
        await pilot.pause()
        saved = store.plan.require(item.id)
        assert (saved.felt, saved.reflection) == (5, "ok")


async def test_plan_form_typing_a_name_picks_that_person(store: Store, make_app: MakeApp) -> None:
    for name in ("Ann Early", "Otto Sample", "Olive Tree", "Zed Last"):
        store.contacts.add(Contact(name=name))
    otto = next(c for c in store.contacts.list() if c.name == "Otto Sample")
    olive = next(c for c in store.contacts.list() if c.name == "Olive Tree")
    async with make_app(store).run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "n")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, PlanItemForm)
        await pilot.press(*"Tea", "tab", "tab")
        person = form.query_one("#plan-person", KeyedSelect)
        assert form.focused is person
        hint = str(form.query_one("#field-person .field-hint").render())
        assert "first letters of a name" in hint
        await pilot.press("o")
        assert person.value == olive.id  # the first name starting with "o"
        await pilot.press("t")
        assert person.value == otto.id  # "ot"
        await pilot.press("tab", "w")  # the day: Wednesday
        assert form.query_one("#plan-day", KeyedSelect).value == "2026-11-18"
        await pilot.press("ctrl+s")
        await pilot.pause()
        [item] = store.plan.list()
        assert (item.text, item.contact_id, item.day) == ("Tea", otto.id, date(2026, 11, 18))


async def test_jump_starts_again_when_the_letters_stop_matching(
    store: Store, make_app: MakeApp
) -> None:
    for name in ("Ann Early", "Otto Sample", "Zed Last"):
        store.contacts.add(Contact(name=name))
    async with make_app(store).run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "n")
        await pilot.pause()
        form = pilot.app.screen
        await pilot.press("tab", "tab")
        person = form.query_one("#plan-person", KeyedSelect)
        await pilot.press("o", "z")  # no "oz": start again from "z"
        chosen = store.contacts.get(str(person.value))
        assert chosen is not None and chosen.name == "Zed Last"
        await pilot.press("a")  # "za" matches no one: "a"
        chosen = store.contacts.get(str(person.value))
        assert chosen is not None and chosen.name == "Ann Early"


async def test_tab_in_every_form_only_visits_fields(demo_store: Store, make_app: MakeApp) -> None:
    """No form's tab stops where typed text goes nowhere (its scroll area, say)."""
    from kith.screens.form import FormField, FormScreen

    openers = {
        "new person": ["4", "n"],
        "log": ["4", "l"],
        "plan": ["3", "n"],
        "reflection": ["3", "w", "x"],
        "support entry": ["exclamation_mark", "n"],
        "check-in rhythm": ["2", "r"],
    }
    for name, keys in openers.items():
        app = make_app(demo_store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press(*keys)
            await pilot.pause()
            form = app.screen
            assert isinstance(form, FormScreen), name
            for _ in range(12):
                focused = form.focused
                assert focused is not None, name
                assert any(isinstance(a, FormField) for a in focused.ancestors), (name, focused)
                await pilot.press("tab")
