"""Snapshots of the Strategies section (demo data, fixed clock) at 80x24 and 120x36."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from kith.data.models import PlanItem, PlanState
from kith.data.plan import carry_over
from kith.data.store import Store
from tests.conftest import moment

SIZES = [(80, 24), (120, 36)]
MONDAY = date(2026, 11, 16)


def richer_week(store: Store) -> None:
    """This week of the demo, plus a done action with a reflection tied to a person,
    a custom one, and one carried over from last week."""
    juniper = next(c for c in store.contacts.list() if c.name == "Juniper Example")
    store.plan.add(
        PlanItem(
            week_start=MONDAY,
            text="Ask two follow-up questions before sharing your own story",
            strategy_id="listen",
            action_id="follow_up",
            contact_id=juniper.id,
            day=date(2026, 11, 18),
            state=PlanState.DONE,
            done_at=moment(2026, 11, 18, 20, 0),
            felt=4,
            reflection="She told me all about the new job. I listened more than usual.",
        )
    )
    store.plan.add(PlanItem(week_start=MONDAY, text="Bake [b]bread[/b] for the neighbours"))
    last_week = store.plan.add(
        PlanItem(week_start=date(2026, 11, 9), text="Look up one local choir", strategy_id="widen")
    )
    store.plan.add(carry_over(last_week))


@pytest.mark.parametrize("size", SIZES)
def test_strategy_browser(
    snap_compare: Any, demo_store: Store, make_app: Callable[..., Any], size: Any
) -> None:
    assert snap_compare(make_app(demo_store), press=["3"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_strategy_browser_actions(
    snap_compare: Any, demo_store: Store, make_app: Callable[..., Any], size: Any
) -> None:
    """Listen actively, with the focus in its actions."""
    keys = ["3", "down", "down", "down", "down", "enter", "down"]
    assert snap_compare(make_app(demo_store), press=keys, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_weekly_plan(
    snap_compare: Any, demo_store: Store, make_app: Callable[..., Any], size: Any
) -> None:
    richer_week(demo_store)
    assert snap_compare(make_app(demo_store), press=["3", "w"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_reflection_form(
    snap_compare: Any, demo_store: Store, make_app: Callable[..., Any], size: Any
) -> None:
    assert snap_compare(make_app(demo_store), press=["3", "w", "space", "4"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_add_to_plan_form(
    snap_compare: Any, demo_store: Store, make_app: Callable[..., Any], size: Any
) -> None:
    assert snap_compare(make_app(demo_store), press=["3", "p"], terminal_size=size)
