"""The safety plan by keys: from support, people chosen from People, lines typed,
edited and removed; shown first in support with the helplines still there."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.widgets import Input, OptionList, Static

from kith.data.models import Contact, PlanStep, SafetyLine
from kith.data.store import Store
from kith.screens.confirm import ConfirmScreen
from kith.screens.form import FormScreen
from kith.screens.safety_plan import SafetyPlanScreen
from kith.screens.safety_plan_forms import PersonPicker, SafetyLineForm
from kith.screens.support import SupportScreen
from kith.widgets.safety_plan import SafetyPlanSummary

MakeApp = Callable[..., Any]


def highlighted_id(screen: SafetyPlanScreen) -> str | None:
    option = screen.query_one("#plan-lines", OptionList).highlighted_option
    return option.id if option is not None else None


async def go_to(pilot: Any, screen: SafetyPlanScreen, option: str) -> None:
    """Move with j/k (as a person would) until ``option`` is highlighted."""
    option_list = screen.query_one("#plan-lines", OptionList)
    target = option_list.get_option_index(option)
    while option_list.highlighted is not None and option_list.highlighted < target:
        await pilot.press("j")
    while option_list.highlighted is not None and option_list.highlighted > target:
        await pilot.press("k")
    assert highlighted_id(screen) == option


async def test_a_plan_made_by_keys_with_two_people_from_people(
    store: Store, make_app: MakeApp
) -> None:
    ana = store.contacts.add(Contact(name="Ana Lopez"))
    store.contacts.add(Contact(name="Sam Okafor"))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("exclamation_mark")
        assert isinstance(app.screen, SupportScreen)
        assert not app.screen.query_one(SafetyPlanSummary).display  # empty: not shown
        await pilot.press("p")
        plan_screen = app.screen
        assert isinstance(plan_screen, SafetyPlanScreen)
        assert highlighted_id(plan_screen) == "warning_signs:add"

        # Step 1, typed: n, the words, ctrl+s.
        await pilot.press("n")
        assert isinstance(app.screen, SafetyLineForm)
        await pilot.press(*"I stop answering", "ctrl+s")
        await pilot.pause()
        assert app.screen is plan_screen
        assert [line.text for line in store.safety_plan.get().warning_signs] == ["I stop answering"]

        # Step 4, Ana chosen from People, with how to reach her.
        await go_to(pilot, plan_screen, "ask_for_help:add")
        await pilot.press("p")
        assert isinstance(app.screen, PersonPicker)
        await pilot.press(*"ana", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SafetyLineForm)
        assert app.screen.query_one("#field-text Input", Input).value == "Ana Lopez"
        await pilot.press("tab", *"0700 900 123", "ctrl+s")
        await pilot.pause()
        # Step 3, Sam chosen by moving in the list.
        await go_to(pilot, plan_screen, "people_and_places:add")
        await pilot.press("p", "down", "enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        plan = store.safety_plan.get()
        assert [(x.text, x.reach, x.contact_id) for x in plan.ask_for_help] == [
            ("Ana Lopez", "0700 900 123", ana.id)
        ]
        assert [x.text for x in plan.people_and_places] == ["Sam Okafor"]
        lines = plan_screen.query_one("#plan-lines", OptionList)
        shown = str(lines.get_option("ask_for_help:0").prompt)
        assert "Ana Lopez · 0700 900 123" in shown

        # Back in support: the plan first, the helplines still on the same screen.
        await pilot.press("escape")
        await pilot.pause()
        support = app.screen
        assert isinstance(support, SupportScreen)
        summary = support.query_one(SafetyPlanSummary)
        assert summary.display
        assert "Ana Lopez" in str(summary.render())
        assert summary.region.y < support.query_one("CrisisPanel").region.y
        text = "\n".join(str(w.render()) for w in support.query(Static))
        assert "988" in text and "116 123" in text


async def test_editing_and_removing_a_line(store: Store, make_app: MakeApp) -> None:
    store.safety_plan.save(
        store.safety_plan.get().with_lines(
            PlanStep.REASONS, [SafetyLine(text="My niece"), SafetyLine(text="Spring")]
        )
    )
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2", "p")
        screen = app.screen
        assert isinstance(screen, SafetyPlanScreen)
        await go_to(pilot, screen, "reasons:1")
        await pilot.press("e")
        assert isinstance(app.screen, SafetyLineForm)
        await pilot.press("end", *" in the garden", "ctrl+s")
        await pilot.pause()
        assert [x.text for x in store.safety_plan.get().reasons] == [
            "My niece",
            "Spring in the garden",
        ]
        await go_to(pilot, screen, "reasons:0")
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert [x.text for x in store.safety_plan.get().reasons] == ["Spring in the garden"]


async def test_a_line_form_keeps_what_was_typed(store: Store, make_app: MakeApp) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2", "p", "n")
        form = app.screen
        assert isinstance(form, FormScreen)
        await pilot.press("ctrl+s")  # nothing typed: the line needs words
        await pilot.pause()
        assert app.screen is form
        assert "-invalid" in form.query_one("#field-text").classes
        await pilot.press(*"a walk", "escape")
        assert isinstance(app.screen, ConfirmScreen)  # asks before losing it
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#field-text Input", Input).value == "a walk"
        assert not store.safety_plan.get().has_content()


async def test_people_only_for_steps_3_to_5(store: Store, make_app: MakeApp) -> None:
    store.contacts.add(Contact(name="Ana"))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2", "p", "p")  # on step 1
        await pilot.pause()
        assert isinstance(app.screen, SafetyPlanScreen)
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, (SafetyPlanScreen, SupportScreen))
