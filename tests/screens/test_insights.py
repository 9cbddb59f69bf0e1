"""Insights by keys: the range switches and is saved, the link panel says what it rests on."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from kith.data.errors import StoreWriteError
from kith.data.insights import week_starts
from kith.data.models import CheckIn, Contact, Interaction, Mode
from kith.data.store import Store
from kith.screens.insights import InsightsScreen
from kith.widgets.insight_breakdown import BreakdownBars
from kith.widgets.insight_link import LinkPanel
from kith.widgets.weekly_chart import WeeklyChart
from tests.notes import record_notifications

TODAY = date(2026, 11, 20)
MakeApp = Callable[..., Any]


async def open_insights(pilot: Pilot[Any]) -> InsightsScreen:
    await pilot.press("5")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, InsightsScreen)
    return screen


def text_of(widget: Static) -> str:
    return str(widget.render().plain if hasattr(widget.render(), "plain") else widget.render())


def quick(day: date, total: int) -> CheckIn:
    return CheckIn(
        instrument_id="quick",
        instrument_version=1,
        taken_at=datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=9),
        answers=[],
        total=total,
        band="x",
        band_label="X",
    )


def fill_weeks(store: Store, counts: list[int], scores: list[int]) -> Contact:
    """Weeks ending this week: counts[k] calls on week k's Tuesday, scores[k] on its Wednesday."""
    sam = store.contacts.add(Contact(name="Sam"))
    starts = week_starts(TODAY, len(counts))
    store.interactions.add_many(
        [
            Interaction(date=start + timedelta(days=1), contact_ids=[sam.id], mode=Mode.CALL)
            for start, n in zip(starts, counts, strict=True)
            for _ in range(n)
            if start + timedelta(days=1) <= TODAY
        ]
    )
    store.checkins.add_many(
        [quick(start + timedelta(days=2), s) for start, s in zip(starts, scores, strict=True)]
    )
    return sam


async def test_w_cycles_the_range_and_saves_it(store: Store, make_app: MakeApp) -> None:
    fill_weeks(store, [1, 2, 3], [5, 6, 7])
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_insights(pilot)
        chart = screen.query_one("#chart-interactions", WeeklyChart)
        assert store.settings.get().insights_weeks == 26
        assert len(chart.weeks) == 26
        assert "Last 26 weeks" in text_of(screen.query_one("#insights-range", Static))
        for expected in (52, 12, 26):
            await pilot.press("w")
            await pilot.pause()
            assert store.settings.get().insights_weeks == expected
            assert len(chart.weeks) == expected
            assert f"Last {expected} weeks" in text_of(screen.query_one("#insights-range", Static))
            assert screen.has_class("-year") == (expected == 52)
        assert chart.weeks[-1] == date(2026, 11, 16)
        assert chart.series[0].values[-3:] == [1, 2, 3]


async def test_range_is_read_back_from_settings(store: Store, make_app: MakeApp) -> None:
    store.settings.change(insights_weeks=12)
    fill_weeks(store, [1], [5])
    async with make_app(store).run_test(size=(80, 24)) as pilot:
        screen = await open_insights(pilot)
        assert len(screen.query_one("#chart-quick", WeeklyChart).weeks) == 12


async def test_a_failed_save_keeps_the_range_and_says_so(
    store: Store, make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill_weeks(store, [1], [5])

    def broken(**_: object) -> None:
        raise StoreWriteError(store.path, OSError(28, "No space left on device"))

    app = make_app(store)
    told = record_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_insights(pilot)
        monkeypatch.setattr(store.settings, "change", broken)
        await pilot.press("w")
        await pilot.pause()
        assert store.settings.get().insights_weeks == 26
        assert len(screen.query_one("#chart-interactions", WeeklyChart).weeks) == 26
        assert any("No space left" in message and severity == "error" for message, severity in told)


async def test_link_says_what_is_missing_before_eight_weeks(
    store: Store, make_app: MakeApp
) -> None:
    # 4 weeks of calls, each followed by a check-in: 3 pairs (this week has no "next").
    fill_weeks(store, [1, 2, 3, 4], [5, 6, 7, 8])
    async with make_app(store).run_test(size=(80, 24)) as pilot:
        screen = await open_insights(pilot)
        text = text_of(screen.query_one(LinkPanel))
        assert "3 of 8 weeks so far" in text
        assert "●●●○○○○○" in text
        assert "r =" not in text
        assert "not proof of cause" in text
        assert "in person, by call or by video" in text


async def test_link_shows_r_with_its_weeks_and_caveat(store: Store, make_app: MakeApp) -> None:
    # 10 weeks; next week's score = 10 - this week's calls: a perfect negative link.
    counts = [1, 2, 3, 4, 5, 1, 2, 3, 4, 5]
    scores = [5, 9, 8, 7, 6, 5, 9, 8, 7, 6]
    fill_weeks(store, counts, scores)
    async with make_app(store).run_test(size=(120, 36)) as pilot:
        screen = await open_insights(pilot)
        text = text_of(screen.query_one(LinkPanel))
        assert "r = -1.00, based on 9 paired weeks" in text
        assert "lower loneliness scores" in text
        assert "not proof of cause" in text
        assert "A negative number means more contact went with less loneliness" in text


async def test_empty_store_explains_instead_of_drawing(store: Store, make_app: MakeApp) -> None:
    async with make_app(store).run_test(size=(80, 24)) as pilot:
        screen = await open_insights(pilot)
        assert screen.has_class("-nodata")
        assert screen.query_one("#insights-empty").display
        assert not screen.query_one("#insights-charts").display
        assert "0 of 8 weeks so far" in text_of(screen.query_one(LinkPanel))


async def test_breakdowns_and_live_refresh(store: Store, make_app: MakeApp) -> None:
    sam = store.contacts.add(Contact(name="Sam"))
    store.interactions.add(Interaction(date=TODAY, contact_ids=[sam.id], mode=Mode.IN_PERSON))
    async with make_app(store).run_test(size=(120, 36)) as pilot:
        screen = await open_insights(pilot)
        modes = screen.query_one("#breakdown-mode", BreakdownBars)
        assert [(r.label, r.detail) for r in modes.rows] == [("In person", "  1 100%")]
        assert "strong antidote to loneliness" in modes.note
        circles = screen.query_one("#breakdown-circle", BreakdownBars)
        assert [r.label for r in circles.rows] == ["Friend"]
        # A new interaction tagged with a strategy shows at once.
        store.interactions.add(
            Interaction(date=TODAY, contact_ids=[sam.id], mode=Mode.CALL, strategy_id="listen")
        )
        await pilot.pause()
        assert [r.label for r in modes.rows] == ["In person", "Call"]
        strategies = screen.query_one("#breakdown-strategy", BreakdownBars)
        assert [(r.label, r.value) for r in strategies.rows] == [("Listen actively", 1)]
        chart = screen.query_one("#chart-interactions", WeeklyChart)
        assert chart.series[0].values[-1] == 2 and chart.series[1].values[-1] == 1


async def test_j_and_k_scroll_the_page(demo_store: Store, make_app: MakeApp) -> None:
    async with make_app(demo_store).run_test(size=(80, 24)) as pilot:
        screen = await open_insights(pilot)
        body = screen.query_one("#insights-body")
        assert body.scroll_y == 0
        await pilot.press("j", "j", "j")
        await pilot.pause()
        assert body.scroll_y == 3
        await pilot.press("k")
        await pilot.pause()
        assert body.scroll_y == 2


def test_chart_ticks_and_scales() -> None:
    from kith.widgets.insight_breakdown import bar
    from kith.widgets.weekly_chart import nice_ceiling, tick_positions, week_label

    # Labels need 9 columns each; the last week always has one.
    assert tick_positions(12, 120) == list(range(12))
    assert tick_positions(26, 73) == [1, 5, 9, 13, 17, 21, 25]
    assert tick_positions(0, 80) == []
    assert all(b - a >= 2 for a, b in itertools.pairwise(tick_positions(52, 55)))
    assert [nice_ceiling(v) for v in (0, 1, 3, 4.5, 7, 9, 19, 41)] == [2, 2, 3, 6, 8, 10, 20, 60]
    assert week_label(date(2026, 5, 25)) == "25 May"
    assert bar(1, 10, 10) == ("█", "░" * 9)
    assert bar(0.1, 10, 10) == ("█", "░" * 9)  # anything above zero shows
    assert bar(0, 10, 4) == ("", "░░░░")
    assert bar(10, 10, 4) == ("████", "")
