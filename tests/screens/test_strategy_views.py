"""Strategies (issue 14, and issue 12's "the plan gets its own view"): each view
has its own keys and focus decides which apply; enter on a strategy shows its
steps; the first down moves one step."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from textual.widgets import Tabs

from kith.data.models import PlanItem
from kith.data.store import Store
from kith.screens.plan_form import PlanItemForm
from kith.screens.strategies import StrategiesScreen
from kith.widgets.plan_list import PlanList
from kith.widgets.plan_view import PlanView, StrategyBrowser
from kith.widgets.strategy_list import StrategyList

MONDAY = date(2026, 11, 16)
MakeApp = Callable[..., Any]


def keys_of(cls: type) -> dict[str, str]:
    return {b.key: b.action for b in cls.BINDINGS}


def test_each_key_is_bound_once_per_view() -> None:
    browser, plan = keys_of(StrategyBrowser), keys_of(PlanView)
    assert browser["w"] == "screen.show_plan" and plan["w"] == "screen.show_browser"
    assert browser["n"] == "screen.new_action" and plan["n"] == "screen.new_plan_item"
    for cls in (StrategyBrowser, PlanView, StrategiesScreen):
        keys = [b.key for b in cls.BINDINGS]
        assert len(keys) == len(set(keys)), cls


def footer_keys(screen: StrategiesScreen) -> set[str]:
    return {b.binding.description for b in screen.active_bindings.values() if b.binding.show}


async def test_focus_decides_which_keys_apply(store: Store, make_app: MakeApp) -> None:
    store.plan.add(PlanItem(week_start=MONDAY, text="Call Gran"))
    async with make_app(store).run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, StrategiesScreen)
        assert isinstance(screen.focused, StrategyList)
        shown = footer_keys(screen)
        assert {"This week", "Add to plan", "Own action"} <= shown
        assert "Done" not in shown and "Skip" not in shown
        await pilot.press("w")
        await pilot.pause()
        assert screen.view == "plan" and isinstance(screen.focused, PlanList)
        shown = footer_keys(screen)
        assert {"Strategies", "Done", "Skip", "Carry over", "Remove"} <= shown
        assert "Add to plan" not in shown
        await pilot.press("n")  # the plan's n: add your own to this week
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, PlanItemForm) and form.strategy_id is None
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        assert screen.view == "browse"


async def test_an_empty_plan_still_answers_its_keys(store: Store, make_app: MakeApp) -> None:
    async with make_app(store).run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "w")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, StrategiesScreen)
        assert screen.view == "plan"
        assert isinstance(screen.focused, PlanView)  # the list is hidden: the view has focus
        shown = footer_keys(screen)
        assert "Strategies" in shown and "Done" not in shown  # nothing to mark done
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.week == date(2026, 11, 9)
        await pilot.press("t", "n")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PlanItemForm)
        await pilot.press(*"Tea", "ctrl+s")
        await pilot.pause()
        assert [item.text for item in store.plan.list()] == ["Tea"]
        assert isinstance(screen.focused, PlanList)  # now there is a list to be in
        assert "Done" in footer_keys(screen)
        await pilot.press("x")
        await pilot.pause()
        assert pilot.app.screen is not screen  # the reflection opened


async def test_the_tab_bar_never_holds_focus(store: Store, make_app: MakeApp) -> None:
    async with make_app(store).run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        screen = pilot.app.screen
        for _ in range(5):
            await pilot.press("tab")
            assert not isinstance(screen.focused, Tabs)


async def test_keys_typed_while_strategies_is_built_reach_the_browser(
    store: Store, make_app: MakeApp
) -> None:
    from textual import events

    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.post_message(events.Key("3", "3"))
        app.post_message(events.Key("w", "w"))
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StrategiesScreen)
        assert screen.view == "plan"


async def test_a_long_strategy_says_there_is_more_below(store: Store, make_app: MakeApp) -> None:
    from kith.widgets.strategy_detail import StrategyDetail

    async with make_app(store).run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        screen = pilot.app.screen
        screen.query_one(StrategyList).select_id("professional")
        await pilot.pause()
        await pilot.pause()
        detail = screen.query_one(StrategyDetail)
        marker = detail.query_one(".more-below")
        assert detail.has_class("-more")
        assert "more below · enter, then ↓" in str(marker.render())
        await pilot.press("enter")
        await pilot.pause()
        assert "more below · ↓ or j" in str(marker.render())  # the steps have focus
