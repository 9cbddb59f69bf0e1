"""Insights on a repeat visit redraws only what changed (issue 15)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from kith.data.models import Contact, Interaction, Mode
from kith.data.store import Store
from kith.widgets.insight_breakdown import BreakdownBars
from kith.widgets.insight_link import LinkPanel
from kith.widgets.weekly_chart import WeeklyChart
from tests.screens.test_insights import fill_weeks, open_insights

MakeApp = Callable[..., Any]


def redraws(screen: Any) -> dict[str, int]:
    found = {f"#{w.id}": w.redraws for w in screen.query(WeeklyChart)}
    found |= {f"#{w.id}": w.redraws for w in screen.query(BreakdownBars)}
    found["link"] = screen.query_one(LinkPanel).redraws
    return found


async def test_a_repeat_visit_redraws_only_what_changed(store: Store, make_app: MakeApp) -> None:
    sam = fill_weeks(store, [1, 2, 0, 3], [10, 12, 14, 16])
    app = make_app(store)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_insights(pilot)
        first = redraws(screen)
        assert all(count == 1 for count in first.values()), first
        # A change Insights does not show (a note on a person): nothing is redrawn.
        await pilot.press("1")
        await pilot.pause()
        store.contacts.update(sam.model_copy(update={"notes": "likes tea"}))
        screen = await open_insights(pilot)
        assert redraws(screen) == first
        # A new video call this week: the interactions chart and the mode breakdown
        # change; the check-in charts do not.
        await pilot.press("1")
        await pilot.pause()
        store.interactions.add(
            Interaction(date=date(2026, 11, 19), contact_ids=[sam.id], mode=Mode.VIDEO)
        )
        screen = await open_insights(pilot)
        after = redraws(screen)
        assert after["#chart-interactions"] == 2
        assert after["#breakdown-mode"] == 2
        assert after["#chart-quick"] == first["#chart-quick"]
        assert after["#chart-felt"] == first["#chart-felt"]
        assert store.interactions.index().latest(1)[0].mode is Mode.VIDEO


async def test_the_same_figures_shown_again_are_not_redrawn(
    store: Store, make_app: MakeApp
) -> None:
    store.contacts.add(Contact(name="Ana"))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_insights(pilot)
        chart = screen.query_one("#chart-interactions", WeeklyChart)
        before = chart.redraws
        chart.show(chart.weeks, list(chart.series))
        assert chart.redraws == before
        chart.show(chart.weeks, [])
        assert chart.redraws == before + 1
