"""The Insights section: the last 12, 26 or 52 weeks in plots, breakdowns, and the
link between the user's connection and their wellbeing.

Everything shown is computed by the pure functions in ``data.insights``; this
screen only reads the store, hands plain values to widgets, and saves the chosen
range in ``Settings.insights_weeks``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from kith.data.clock import today
from kith.data.insights import (
    LINK_CAVEAT,
    MEANINGFUL_DEFINITION,
    QUICK_MAX,
    QUICK_MIN,
    WEEK_CHOICES,
    by_circle,
    by_mode,
    by_strategy,
    connection_link,
    in_person_share,
    in_window,
    link_sentences,
    mean,
    next_weeks_choice,
    week_starts,
    weekly_series,
)
from kith.data.models import Interaction, Mode
from kith.data.strategies import find_strategy
from kith.data.words import plural
from kith.screens.base import SectionScreen
from kith.screens.saving import done_or_say
from kith.widgets.insight_breakdown import BreakdownBars, BreakdownRow
from kith.widgets.insight_link import LinkPanel
from kith.widgets.weekly_chart import ChartSeries, WeeklyChart


def strategy_name(strategy_id: str) -> str:
    """A strategy's short title from Kith's content, or a tidy version of an unknown id."""
    found = find_strategy(strategy_id)
    return found.short_title if found else strategy_id.replace("_", " ").capitalize()


def percent(share: float) -> str:
    return f"{round(share * 100)}%"


class InsightsScreen(SectionScreen):
    SECTION = "insights"
    TITLE_TEXT = "Connection and wellbeing"
    CSS_PATH = "insights.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    BINDINGS = [
        Binding("w", "cycle_weeks", "12/26/52 weeks", id="insights.weeks"),
        Binding("j", "scroll_body(1)", "Scroll down", show=False, id="insights.down"),
        Binding("k", "scroll_body(-1)", "Scroll up", show=False, id="insights.up"),
    ]

    def compose_body(self) -> Iterable[Widget]:
        with VerticalScroll(id="insights-body"):
            yield Static(id="insights-range")
            yield Static(
                Content(
                    "Your insights grow from what you log. Log time with people (People, "
                    "then l), take a quick check-in once a week, and plan a small action or "
                    "two in Strategies. Your first charts appear here as soon as there is "
                    "something to draw, and the link between your connection and your "
                    "wellbeing after eight weeks."
                ),
                id="insights-empty",
            )
            with Grid(id="insights-charts"):
                yield WeeklyChart(
                    "Interactions per week",
                    id="chart-interactions",
                    empty="No interactions logged in these weeks yet.",
                )
                yield WeeklyChart(
                    "Quick check-in score (3-9, lower is less lonely)",
                    kind="line",
                    y_range=(QUICK_MIN - 0.2, QUICK_MAX + 0.2),
                    y_ticks=(3, 5, 7, 9),
                    id="chart-quick",
                    empty="No quick check-ins in these weeks yet.",
                )
                yield WeeklyChart(
                    "How it felt, on average (1 hard - 5 lovely)",
                    kind="line",
                    y_range=(0.8, 5.2),
                    y_ticks=(1, 3, 5),
                    id="chart-felt",
                    empty="No interactions with 'how it felt' in these weeks yet.",
                )
                yield WeeklyChart(
                    "Planned actions done",
                    id="chart-plan",
                    empty="No planned actions done in these weeks yet.",
                )
            yield LinkPanel(id="insights-link")
            with Grid(id="insights-breakdowns"):
                yield BreakdownBars("By mode", id="breakdown-mode")
                yield BreakdownBars("By circle", id="breakdown-circle")
                yield BreakdownBars(
                    "Strategies practised",
                    id="breakdown-strategy",
                    empty="No strategies practised in these weeks yet: tag an interaction "
                    "with one, or plan one in Strategies.",
                )

    @property
    def weeks(self) -> int:
        return self.store.settings.get().insights_weeks

    def action_cycle_weeks(self) -> None:
        choice = next_weeks_choice(self.weeks)
        done_or_say(self, lambda: self.store.settings.change(insights_weeks=choice))
        # A settings change refreshes the screen through the store subscription.

    def action_scroll_body(self, direction: int) -> None:
        body = self.query_one("#insights-body", VerticalScroll)
        if direction > 0:
            body.scroll_down(animate=False)
        else:
            body.scroll_up(animate=False)

    def refresh_data(self) -> None:
        weeks = self.weeks
        day = today(self.clock)
        tz = self.clock.tz
        # Only the weeks shown are read (the store's index by date, issue 9).
        index = self.store.interactions.index()
        interactions = index.since(week_starts(day, weeks)[0])
        checkins = self.store.checkins.list()
        plan_items = self.store.plan.list()
        contacts = self.store.contacts.list()

        series = weekly_series(interactions, checkins, plan_items, today=day, tz=tz, weeks=weeks)
        window = in_window(interactions, day, weeks)
        self.set_class(not series.has_any, "-nodata")
        self.set_class(weeks > 26, "-year")  # a year needs the full width for its bars

        self._show_range(weeks, series.weeks[0], day, window, series.total_plan_done)
        self.query_one("#chart-interactions", WeeklyChart).show(
            series.weeks,
            [
                ChartSeries("all", series.interactions, "primary"),
                ChartSeries("in person", series.in_person, "success"),
            ],
        )
        self.query_one("#chart-quick", WeeklyChart).show(
            series.weeks, [ChartSeries("quick check", series.quick, "accent")]
        )
        self.query_one("#chart-felt", WeeklyChart).show(
            series.weeks, [ChartSeries("felt", series.felt, "success")]
        )
        self.query_one("#chart-plan", WeeklyChart).show(
            series.weeks, [ChartSeries("done", series.plan_done, "primary")]
        )

        link = connection_link(
            interactions,
            checkins,
            today=day,
            tz=tz,
            weeks=weeks,
            first_logged=index.first_date(),
        )
        self.query_one(LinkPanel).show(
            link_sentences(link, weeks),
            definition=MEANINGFUL_DEFINITION,
            caveat=LINK_CAVEAT,
            progress=None if link.ready else (link.count, link.needed),
        )

        modes = by_mode(window)
        self.query_one("#breakdown-mode", BreakdownBars).show(
            [
                BreakdownRow(
                    row.label,
                    row.count,
                    f"{row.count:>3} {percent(row.share):>4}",
                    highlight=row.key == Mode.IN_PERSON,
                )
                for row in modes
            ],
            note=self._in_person_note(window),
        )
        circles = by_circle(window, contacts)
        self.query_one("#breakdown-circle", BreakdownBars).show(
            [
                BreakdownRow(row.label, row.count, f"{row.count:>3} {percent(row.share):>4}")
                for row in circles
            ]
        )
        practice = by_strategy(interactions, plan_items, today=day, tz=tz, weeks=weeks)
        self.query_one("#breakdown-strategy", BreakdownBars).show(
            [
                BreakdownRow(
                    strategy_name(row.strategy_id),
                    row.total,
                    f"{row.interactions:>2} + {row.plan_done:>2}",
                )
                for row in practice
            ],
            note="Interactions logged with the strategy + planned actions done."
            if practice
            else "",
        )

    def _show_range(
        self, weeks: int, first: date, day: date, window: list[Interaction], plan_done: int
    ) -> None:
        choices = Content(" · ").join(
            Content.styled(str(choice), "reverse bold" if choice == weeks else "")
            for choice in WEEK_CHOICES
        )
        span = f"{first.day} {first:%b %Y} to {day.day} {day:%b %Y}"
        figures = [plural(len(window), "interaction")]
        share = in_person_share(window)
        if share is not None:
            figures.append(f"{percent(share)} in person")
        average = mean([item.felt for item in window if item.felt is not None])
        if average is not None:
            figures.append(f"felt {average:.1f} of 5 on average")
        figures.append(f"{plural(plan_done, 'planned action')} done")
        line = Content.assemble(
            (f"Last {weeks} weeks", "bold"), " ", (span, "dim"), "   weeks ", choices, " (w)"
        )
        self.query_one("#insights-range", Static).update(
            Content("\n").join([line, Content(" · ".join(figures))])
        )

    @staticmethod
    def _in_person_note(window: list[Interaction]) -> str:
        share = in_person_share(window)
        if share is None:
            return ""
        return "Time face to face is a strong antidote to loneliness."
