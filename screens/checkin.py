"""The Check-in section: take a self-check, see the trend, browse the history.

``c`` starts the quick check, ``i`` the in-depth one, ``r`` sets the
check-in rhythm; in the history ``enter`` opens a result and ``d`` deletes
one (asking first). The app's ``start_checkin(id)`` runs ``start`` here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from textual import on
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import DataTable, Select, Static

from kith.data.checkins import (
    RHYTHM_CHOICES,
    checkin_due,
    latest,
    next_checkin_date,
    rhythm_label,
    trend_series,
)
from kith.data.clock import local, today
from kith.data.instruments import find_instrument
from kith.data.models import CheckIn, Settings
from kith.data.store import Store
from kith.screens.base import SectionScreen
from kith.screens.checkin_result import CheckinResultScreen
from kith.screens.checkin_take import CheckinTakeScreen
from kith.screens.confirm import ConfirmScreen
from kith.screens.form import FormScreen
from kith.screens.saving import NOT_DELETED, done_or_say
from kith.widgets.checkin_history import CheckinHistory
from kith.widgets.text import markup
from kith.widgets.trend_chart import TrendChart, legend


def day_text(day: date) -> str:
    return f"{day.day} {day:%b}"


class RhythmForm(FormScreen[Settings]):
    """How often Kith suggests a check-in."""

    FORM_TITLE = "Check-in rhythm"

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store

    def compose_fields(self) -> Iterable[Widget]:
        current = self.store.settings.get().checkin_rhythm_days
        choices = list(RHYTHM_CHOICES)
        if current not in dict(choices):
            choices.append((current, rhythm_label(current)))
        yield self.field(
            "checkin_rhythm_days",
            "How often would you like to check in?",
            Select([(label, days) for days, label in choices], value=current, allow_blank=False),
            hint="Home shows when a check-in is due. Weekly suits most people.",
        )

    def submit(self, values: dict[str, Any]) -> Settings:
        return self.store.settings.change(checkin_rhythm_days=values["checkin_rhythm_days"])


class CheckinScreen(SectionScreen):
    SECTION = "checkin"
    TITLE_TEXT = "How connected you feel"
    CSS_PATH = "checkin.tcss"

    BINDINGS = [
        Binding("c", "start('quick')", "Quick check", id="checkin.quick"),
        Binding("i", "start('djg6')", "In-depth", id="checkin.in-depth"),
        Binding("r", "rhythm", "Check-in rhythm", show=False, id="checkin.rhythm"),
        Binding("enter", "open", "Open", show=False, id="checkin.open"),
        Binding("d", "delete", "Delete", id="checkin.delete"),
    ]

    def compose_body(self) -> Iterable[Widget]:
        with Vertical(id="checkin-body"):
            yield Static("", id="checkin-status")
            yield Static(
                legend("Quick-check score over time", "3-5 not lonely", "6-9 lonely"),
                id="trend-title",
            )
            yield TrendChart(
                low=3,
                high=9,
                high_from=6,
                empty_text="Your quick-check scores will be drawn here, once you have some.",
                id="trend",
            )
            yield CheckinHistory(id="history")
            yield Static(
                Content(
                    "No check-ins yet. Press c for the quick check: four questions, about a "
                    "minute. Press i for the in-depth one: six statements on emotional and "
                    "social loneliness."
                ),
                id="history-empty",
            )

    def on_mount(self) -> None:
        # SectionScreen.on_mount runs too (Textual calls each class's handler).
        self.query_one(CheckinHistory).focus()

    # -- showing -----------------------------------------------------------------
    def refresh_data(self) -> None:
        checkins = self.store.checkins.list()
        self.query_one("#checkin-status", Static).update(self.status_text(checkins))
        points = trend_series(checkins, "quick", self.clock.tz)
        self.query_one(TrendChart).points = points
        self.query_one("#trend-title", Static).display = bool(points)
        history = self.query_one(CheckinHistory)
        history.show(checkins, self.clock.tz)
        history.display = bool(checkins)
        self.query_one("#history-empty", Static).display = not checkins

    def status_text(self, checkins: list[CheckIn]) -> Content:
        rhythm = self.store.settings.get().checkin_rhythm_days
        now = today(self.clock)
        last = latest(checkins)
        keys = Content.from_markup(
            "[b]c[/] quick check · [b]i[/] in-depth · [b]r[/] rhythm ($rhythm)",
            rhythm=rhythm_label(rhythm).lower(),
        )
        if last is None:
            first = Content.from_markup("[b]A first check-in is a good place to start.[/]  ")
            return Content("\n").join([first, keys])
        inst = find_instrument(last.instrument_id)
        taken = local(self.clock, last.taken_at).date()
        due = next_checkin_date(checkins, rhythm, self.clock.tz)
        if checkin_due(checkins, rhythm, now, self.clock.tz):
            when = "A check-in is due today."
        elif due is not None:
            when = f"Next due {day_text(due)}."
        else:  # pragma: no cover - a last check-in always gives a due date
            when = ""
        line = markup(
            "Last: [b]$day[/], $name [b]$score[/] · $band.  $when",
            day=day_text(taken),
            name=inst.short_name.lower() if inst else last.instrument_id,
            score=f"{last.total}/{inst.scoring.max}" if inst else str(last.total),
            band=last.band_label,
            when=when,
        )
        return Content("\n").join([line, keys])

    # -- actions -------------------------------------------------------------------
    def action_start(self, instrument_id: str = "quick") -> None:
        inst = find_instrument(instrument_id)
        if inst is None:
            self.notify(f"There is no check called {instrument_id}.", markup=False)
            return

        def done(checkin: CheckIn | None) -> None:
            if checkin is not None:
                self.app.push_screen(CheckinResultScreen(self.store, self.clock, checkin))

        self.app.push_screen(CheckinTakeScreen(self.store, self.clock, inst), done)

    def action_open(self, checkin_id: str = "") -> None:
        """Open one check-in's result: the given one, or the highlighted one."""
        checkin_id = checkin_id or (self.query_one(CheckinHistory).current_id or "")
        checkin = self.store.checkins.get(checkin_id)
        if checkin is not None:
            self.app.push_screen(CheckinResultScreen(self.store, self.clock, checkin))

    @on(DataTable.RowSelected, "#history")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.action_open(str(event.row_key.value))

    def action_delete(self) -> None:
        checkin_id = self.query_one(CheckinHistory).current_id
        checkin = self.store.checkins.get(checkin_id or "")
        if checkin is None:
            return
        inst = find_instrument(checkin.instrument_id)
        taken = local(self.clock, checkin.taken_at)

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            if not done_or_say(
                self, lambda: self.store.checkins.delete(checkin.id), title=NOT_DELETED
            ):
                return
            self.notify("Check-in deleted.", timeout=3)

        self.app.push_screen(
            ConfirmScreen(
                f"Delete the {inst.name if inst else 'check'} from {taken.day} {taken:%b %Y}?",
                detail="Its answers, score and note will be gone for good.",
                yes="Delete",
                no="Keep it",
                danger=True,
            ),
            answered,
        )

    def action_rhythm(self) -> None:
        self.app.push_screen(RhythmForm(self.store), lambda _: self.refresh_data())
