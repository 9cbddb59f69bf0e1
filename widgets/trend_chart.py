"""A score-over-time chart (textual-plotext) with readable date and score axes.

Give it plain values: ``TrendChart(low=3, high=9, high_from=6)`` then
``chart.points = [(date, score), ...]`` (oldest first). Points from
``high_from`` up are drawn in a warmer colour, so the higher band stands out
without a legend to read. With no points it shows a short message instead of
empty axes.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import RenderResult
from textual.content import Content
from textual_plotext import PlotextPlot

LINE_COLOUR = (90, 140, 170)
LOW_COLOUR = (110, 200, 240)  # points below ``high_from``
HIGH_COLOUR = (240, 170, 90)  # points from ``high_from`` up


def _hex(colour: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)


def legend(title: str, low_text: str, high_text: str) -> Content:
    """A title with the two point colours explained: ``Score  ● 3-5 …  ● 6-9 …``."""
    return Content.from_markup(
        f"[b]$title[/]  [{_hex(LOW_COLOUR)}]●[/] $low  [{_hex(HIGH_COLOUR)}]●[/] $high",
        title=title,
        low=low_text,
        high=high_text,
    )


def _month_starts(first: date, last: date) -> list[date]:
    months: list[date] = []
    current = date(first.year, first.month, 1)
    while current <= last:
        if current >= first:
            months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def date_ticks(first: date, last: date, width: int) -> list[tuple[date, str]]:
    """Tick dates and labels for an x axis ``width`` cells wide: months for long
    spans, days for short ones, thinned so the labels never touch. January is
    labelled with its year, and the first tick gets the year when there is room."""
    span = (last - first).days
    if span >= 60:
        months = _month_starts(first, last)
        room = max(2, width // 5)  # "Dec" and a gap
        step = max(1, -(-len(months) // room))
        chosen = months[::step]
        cells = width * 30.4 * step / span  # cells between two ticks
        ticks: list[tuple[date, str]] = []
        for index, day in enumerate(chosen):
            if day.month == 1:
                label = str(day.year)  # a new year is marked by the year itself
            elif index == 0 and cells >= 10:
                label = day.strftime("%b %Y")
            else:
                label = day.strftime("%b")
            ticks.append((day, label))
        return ticks
    if span == 0:
        return [(first, f"{first.day} {first:%b}")]
    room = max(2, width // 8)  # "20 Nov" and a gap
    count = min(room, span + 1, 6)
    offsets = sorted({round(i * span / (count - 1)) for i in range(count)})
    days = [date.fromordinal(first.toordinal() + offset) for offset in offsets]
    return [(day, f"{day.day} {day:%b}") for day in days]


def spread_same_day(days: list[int]) -> list[float]:
    """X positions for points given as day offsets (sorted): several points on
    one day are spread across that day, in order, so each stays visible."""
    positions: list[float] = []
    index = 0
    while index < len(days):
        end = index
        while end < len(days) and days[end] == days[index]:
            end += 1
        count = end - index
        positions += [days[index] + i / count for i in range(count)]
        index = end
    return positions


class TrendChart(PlotextPlot):
    """Scores over time: a line through the points, with an optional mark line."""

    DEFAULT_CSS = """
    TrendChart {
        height: 1fr;
        min-height: 6;
        width: 1fr;
    }
    TrendChart.-empty {
        color: $text-muted;
        padding: 1 2;
    }
    """

    def __init__(
        self,
        *,
        low: int,
        high: int,
        high_from: int | None = None,
        empty_text: str = "No scores yet.",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.low = low
        self.high = high
        self.high_from = high_from
        self.empty_text = empty_text
        self._points: list[tuple[date, int]] = []
        self.add_class("-empty")

    @property
    def points(self) -> list[tuple[date, int]]:
        return list(self._points)

    @points.setter
    def points(self, points: list[tuple[date, int]]) -> None:
        self._points = sorted(points, key=lambda point: point[0])  # stable: same-day order kept
        self.set_class(not self._points, "-empty")
        self.refresh()

    def render(self) -> RenderResult:
        if not self._points:
            return Content(self.empty_text)
        self._draw(self.size.width, self.size.height)
        rendered = super().render()
        if isinstance(rendered, Text):
            rendered.no_wrap = True
            rendered.overflow = "crop"
        return rendered

    def _draw(self, width: int, height: int) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        first, last = self._points[0][0], self._points[-1][0]
        xs = spread_same_day([(day - first).days for day, _ in self._points])
        ys = [score for _, score in self._points]
        span = xs[-1]
        pad = 0.5 if span < 2 else max(1.0, span / 40)
        plt.xlim(-pad, span + pad)
        plt.ylim(self.low - 0.5, self.high + 0.5)
        rows = height - 3  # the frame and the date labels take three
        values = list(range(self.low, self.high + 1))
        if rows < len(values):
            values = [self.low, (self.low + self.high) // 2, self.high]
        plt.yticks([float(v) for v in values], [str(v) for v in values])
        ticks = date_ticks(first, last, max(10, width - 6))
        plt.xticks([(day - first).days for day, _ in ticks], [label for _, label in ticks])
        if len(xs) > 1:
            plt.plot(xs, ys, marker="braille", color=LINE_COLOUR)
        cut = self.high_from if self.high_from is not None else self.high + 1
        low = [(x, y) for x, y in zip(xs, ys, strict=True) if y < cut]
        high = [(x, y) for x, y in zip(xs, ys, strict=True) if y >= cut]
        for colour, chosen in ((LOW_COLOUR, low), (HIGH_COLOUR, high)):
            if chosen:
                plt.scatter(
                    [x for x, _ in chosen], [y for _, y in chosen], marker="●", color=colour
                )
        plt.frame(True)
