"""The trend chart: readable date ticks, same-day points kept apart and in order."""

from __future__ import annotations

import itertools
from datetime import date

from textual.app import App, ComposeResult

from kith.widgets.trend_chart import TrendChart, date_ticks, spread_same_day


def test_a_year_gets_a_tick_per_month_with_the_year_at_january() -> None:
    ticks = date_ticks(date(2025, 11, 24), date(2026, 11, 20), 74)
    labels = [label for _, label in ticks]
    assert labels == ["Dec", "2026", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
                      "Oct", "Nov"]  # fmt: skip
    assert all(day.day == 1 for day, _ in ticks)


def test_narrow_axes_thin_the_months_so_labels_never_touch() -> None:
    ticks = date_ticks(date(2024, 1, 1), date(2026, 12, 31), 74)
    assert len(ticks) <= 74 // 5
    positions = [(day - date(2024, 1, 1)).days / (365 * 3) * 74 for day, _ in ticks]
    gaps = [b - a for a, b in itertools.pairwise(positions)]
    assert min(gaps) >= 4


def test_short_spans_get_day_ticks() -> None:
    assert date_ticks(date(2026, 11, 20), date(2026, 11, 20), 74) == [
        (date(2026, 11, 20), "20 Nov")
    ]
    labels = [label for _, label in date_ticks(date(2026, 11, 1), date(2026, 11, 21), 74)]
    assert labels[0] == "1 Nov" and labels[-1] == "21 Nov" and len(labels) <= 6


def test_same_day_points_are_spread_in_order() -> None:
    assert spread_same_day([0, 0, 3]) == [0.0, 0.5, 3.0]
    assert spread_same_day([]) == []


class ChartApp(App[None]):
    def compose(self) -> ComposeResult:
        yield TrendChart(low=3, high=9, high_from=6, empty_text="Nothing yet.")


async def test_points_keep_their_order_within_a_day_and_the_empty_text_shows() -> None:
    app = ChartApp()
    async with app.run_test(size=(80, 12)) as pilot:
        chart = app.query_one(TrendChart)
        assert "Nothing yet." in str(chart.render())
        day = date(2026, 11, 20)
        chart.points = [(day, 9), (day, 3), (date(2026, 11, 1), 5)]
        await pilot.pause()
        assert chart.points == [(date(2026, 11, 1), 5), (day, 9), (day, 3)]
        drawn = str(chart.render())
        assert "9┤" in drawn and "3┤" in drawn and "20 Nov" in drawn
