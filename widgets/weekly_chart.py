"""A plot of one or two weekly series with dates along the bottom (textual-plotext).

The chart takes plain values: the Mondays of the weeks and, per series, one
value per week (``None`` where a week has no data). It redraws itself to its
current size, choosing how many date labels fit, so it reads well from 80
columns up. With nothing to show it says so in words instead of an empty frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from textual.app import RenderResult
from textual.color import Color
from textual.content import Content
from textual_plotext import PlotextPlot

ChartKind = Literal["bar", "line"]

BAR_WIDTH = 0.4  # of a week, when there is room
LABEL_WIDTH = 9  # room for one "25 May" date label and a gap


@dataclass(frozen=True)
class ChartSeries:
    """One series: a label for the legend, a value per week, and a theme colour name."""

    label: str
    values: Sequence[float | None]
    color: str = "primary"  # a Textual theme variable: primary, success, accent, ...


def _figures(series: Sequence[ChartSeries]) -> list[tuple[str, tuple[float | None, ...], str]]:
    return [(item.label, tuple(item.values), item.color) for item in series]


def week_label(day: date) -> str:
    """A week as its Monday's date: ``25 May``."""
    return f"{day.day} {day.strftime('%b')}"


def tick_positions(count: int, width: int) -> list[int]:
    """Evenly spaced indices (always the last) so that date labels do not collide."""
    if count <= 0:
        return []
    room = max(1, (width - 6) // LABEL_WIDTH)
    step = 1 if count <= room else -(-count // room)  # ceiling
    last = count - 1
    positions = list(range(last, -1, -step))
    return sorted(positions)


def nice_ceiling(value: float) -> int:
    """A round top for a count axis: at least 2, so one lone event is not a full bar."""
    if value <= 4:
        return max(2, int(-(-value // 1)))
    for step in (2, 5, 10, 20, 50, 100):
        if value <= step * 4:
            return int(-(-value // step) * step)
    return int(value)


class WeeklyChart(PlotextPlot):
    """Bars or lines over weeks. Call ``show(...)`` with new data; it redraws."""

    DEFAULT_CSS = """
    WeeklyChart {
        height: 12;
        border: round $primary 40%;
        border-title-color: $text;
        border-subtitle-color: $text-muted;
        padding: 0 1 0 0;
    }
    """

    def __init__(
        self,
        title: str,
        *,
        kind: ChartKind = "bar",
        y_range: tuple[float, float] | None = None,
        y_ticks: Sequence[float] | None = None,
        empty: str = "Nothing in these weeks yet.",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.kind: ChartKind = kind
        self.y_range = y_range
        self.y_ticks = list(y_ticks) if y_ticks is not None else None
        self.empty = empty
        self.weeks: list[date] = []
        self.series: list[ChartSeries] = []
        self.redraws = 0  # how many times ``show`` drew new figures
        self.border_title = title
        self._version = 0
        self._cached: tuple[object, RenderResult] | None = None

    def show(self, weeks: Sequence[date], series: Sequence[ChartSeries]) -> None:
        """Show ``series`` over ``weeks``; the same figures as shown already are not
        drawn again (a repeat visit to Insights redraws only what changed)."""
        same = (
            self.redraws and self.weeks == list(weeks) and _figures(self.series) == _figures(series)
        )
        if same:
            return
        self.redraws += 1
        self.weeks = list(weeks)
        self.series = list(series)
        self._version += 1
        if len(self.series) > 1:
            self.border_subtitle = Content(" ").join(
                Content.assemble(("■ ", f"${item.color}"), item.label) for item in self.series
            )
        else:
            self.border_subtitle = ""
        self.refresh()

    @property
    def has_data(self) -> bool:
        return any(value for item in self.series for value in item.values if value is not None)

    def _rgb(self, name: str) -> tuple[int, int, int]:
        value = self.app.theme_variables.get(name) or self.app.theme_variables["primary"]
        red, green, blue = Color.parse(value).rgb
        return (red, green, blue)

    def _draw(self) -> None:
        plt = self.plt
        plt.clear_figure()
        count = len(self.weeks)
        xs = list(range(count))
        top = 0.0
        # Bars need about two columns a week to stay apart; on a narrower chart (a year in
        # half a screen) counts are drawn as lines instead, which stay readable.
        bars = self.kind == "bar" and self._columns_per_week() >= 1.5
        for item in self.series:
            points = [(x, v) for x, v in zip(xs, item.values, strict=True) if v is not None]
            if not points:
                continue
            px = [x for x, _ in points]
            py = [float(v) for _, v in points]
            top = max(top, *py)
            color = self._rgb(item.color)
            if bars:
                self._bars(px, py, color)
            elif self.kind == "bar":
                plt.plot(px, py, color=color, marker="braille")
            else:
                if len(points) > 1:
                    plt.plot(px, py, color=color, marker="braille")
                plt.scatter(px, py, color=color, marker="dot")
        plt.xlim(-0.6, count - 0.4)
        positions = tick_positions(count, self.size.width)
        plt.xticks([float(p) for p in positions], [week_label(self.weeks[i]) for i in positions])
        if self.y_range is not None:
            plt.ylim(*self.y_range)
        else:
            # Just above zero, so that a week of zero draws no stub in the bottom row.
            plt.ylim(0, nice_ceiling(top))
        if self.y_ticks is not None:
            plt.yticks(self.y_ticks)
        else:
            ceiling = nice_ceiling(top)
            if ceiling <= 4:
                plt.yticks(list(range(ceiling + 1)))
            else:
                plt.yticks(sorted({0, ceiling // 2, ceiling}))
        plt.frame(False)
        plt.xaxes(True, False)
        plt.yaxes(True, False)

    def _columns_per_week(self) -> float:
        return (self.size.width - 5) / max(1, len(self.weeks))

    def _bars(self, xs: list[int], ys: list[float], color: tuple[int, int, int]) -> None:
        # Plotext paints a zero bar as blanks (which would erase a bar drawn under it),
        # so zeros are left out; it also sizes bars by the mean gap between the x
        # values given, so the width is scaled back to half a week.
        bars = [(x, y) for x, y in zip(xs, ys, strict=True) if y > 0]
        if not bars:
            return
        bx = [x for x, _ in bars]
        # Wide enough weeks get solid bars; narrow ones one column each, so bars of
        # neighbouring weeks stay apart.
        width = BAR_WIDTH if self._columns_per_week() >= 4 else 0.0
        if len(bx) > 1:
            width *= (len(bx) - 1) / (max(bx) - min(bx))
        self.plt.bar(bx, [y for _, y in bars], color=color, width=width, marker="sd")

    def render(self) -> RenderResult:
        if not self.weeks or not self.has_data:
            return Content(f" {self.empty}").stylize("dim")
        # Building a plot and reading its ANSI back is the slow part: do it once per
        # size, theme and data, not on every repaint.
        key = (self.size, self.app.theme, self._version)
        if self._cached is None or self._cached[0] != key:
            self._draw()
            self._cached = (key, super().render())
        return self._cached[1]
