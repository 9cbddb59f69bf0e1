"""Snooze ("not now"): choose how long someone stays out of Reach out, their rhythm kept."""

from __future__ import annotations

from datetime import date, timedelta

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from kith.data.dates import day_label
from kith.data.followups import parse_when
from kith.data.models import Contact
from kith.data.store import Store
from kith.screens.saving import save_or_say
from kith.widgets.text import markup

CHOICES = (("1 week", 7), ("2 weeks", 14), ("A month", 30))


class SnoozeScreen(ModalScreen[date | None]):
    """Dismissed with the day the snooze ends, or None (cancelled)."""

    DEFAULT_CSS = """
    SnoozeScreen #dialog { width: 50; height: auto; }
    SnoozeScreen OptionList { height: auto; }
    SnoozeScreen #snooze-error { color: $error; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="snooze.cancel")]

    def __init__(self, contact: Contact, today: date) -> None:
        super().__init__()
        self.contact = contact
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(markup("Not now: snooze [b]$name[/] for", name=self.contact.name))
            yield OptionList(
                *(Option(Content(label), id=str(days)) for label, days in CHOICES),
                Option(Content("Until a day I choose…"), id="date"),
                id="snooze-choices",
            )
            yield Input(placeholder="e.g. 24 December, in 10 days", id="snooze-date")
            yield Static("", id="snooze-error")
            yield Static(Content("Their keep-in-touch rhythm stays as it is."), classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).display = False
        choices = self.query_one(OptionList)
        choices.highlighted = 0
        choices.focus()

    @on(OptionList.OptionSelected, "#snooze-choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == "date":
            field = self.query_one(Input)
            field.display = True
            field.focus()
            return
        self.dismiss(self.today + timedelta(days=int(event.option.id or 7)))

    @on(Input.Submitted, "#snooze-date")
    def _typed(self, event: Input.Submitted) -> None:
        try:
            until = parse_when(event.value, self.today)
        except ValueError as error:
            self.query_one("#snooze-error", Static).update(Content(str(error)))
            return
        if until <= self.today:
            self.query_one("#snooze-error", Static).update(Content("Please choose a later day."))
            return
        self.dismiss(until)

    def action_cancel(self) -> None:
        self.dismiss(None)


def snooze(screen: Screen[object], store: Store, contact: Contact, today: date) -> None:
    """Ask how long, then save the snooze and say until when."""

    def chosen(until: date | None) -> None:
        if until is None:
            return
        changed = contact.model_copy(update={"snoozed_until": until})
        if save_or_say(screen, lambda: store.contacts.update(changed)) is not None:
            when = day_label(until, today)
            screen.notify(f"{contact.name} is snoozed until {when}.", markup=False)

    screen.app.push_screen(SnoozeScreen(contact, today), chosen)
