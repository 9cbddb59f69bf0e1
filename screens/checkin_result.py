"""One check-in's result: straight after taking it, or opened from the history."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from kith.data.checkins import change_since_last, safety_rule_met
from kith.data.clock import Clock, local
from kith.data.instruments import find_instrument, instrument_set, suggested_strategies
from kith.data.models import CheckIn
from kith.data.store import Store
from kith.widgets.checkin_result import CheckinResultView, Result


def build_result(store: Store, clock: Clock, checkin: CheckIn) -> Result:
    """Everything the result view shows, from the stored check-in and the content."""
    inst = find_instrument(checkin.instrument_id)
    content = instrument_set()
    change = change_since_last(store.checkins.list(), checkin)
    safety = safety_rule_met(checkin)
    strategies = []
    if inst is not None:
        ids = suggested_strategies(inst, checkin.band, checkin.subscales, safety=safety)
        strategies = [(i, content.strategies[i]) for i in ids]
    change_when = ""
    if change is not None:
        before = local(clock, change.previous.taken_at)
        if before.date() == local(clock, checkin.taken_at).date():
            change_when = "earlier the same day"
        else:
            change_when = f"on {before.day} {before:%b %Y}"
    return Result(
        checkin=checkin,
        instrument=inst,
        texts=content.texts,
        taken_local=local(clock, checkin.taken_at),
        change=change,
        change_when=change_when,
        safety=safety,
        strategies=strategies,
    )


class CheckinResultScreen(ModalScreen[None]):
    CSS_PATH = "checkin.tcss"

    BINDINGS = [
        Binding("escape,enter", "close", "Close", id="checkin-result.close"),
        Binding("s", "strategies", "Strategies", id="checkin-result.strategies"),
        # A modal screen hides the app's keys: support and help stay one key away.
        Binding("exclamation_mark,f2", "app.support", "Support", id="app.support"),
        Binding("question_mark,f1", "app.help", "Help", id="app.help"),
        Binding("j", "scroll(1)", "Scroll down", show=False, id="checkin-result.down"),
        Binding("k", "scroll(-1)", "Scroll up", show=False, id="checkin-result.up"),
    ]

    def __init__(self, store: Store, clock: Clock, checkin: CheckIn) -> None:
        super().__init__(classes="checkin-result")
        self.store = store
        self.clock = clock
        self.checkin = checkin
        self.result = build_result(store, clock, checkin)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield CheckinResultView(self.result, id="result")
            yield Static(
                Content.from_markup(
                    "[b]↑↓[/] read on · [b]s[/] strategies · [b]![/] support · [b]esc[/] close"
                ),
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one(CheckinResultView).focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, lines: int) -> None:
        view = self.query_one(CheckinResultView)
        view.scroll_relative(y=lines, animate=False)

    def action_strategies(self) -> None:
        self.dismiss(None)
        # The dialog is off the stack now, so the section switch is allowed.
        self.app.call_later(self.app.run_action, "section('strategies')")
