"""The first-run welcome: what Kith is and is not, where data lives, support."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from kith.widgets.crisis import CrisisPanel

WELCOME = (
    "Kith helps you look after the relationships that hold you up. Check in on how "
    "connected you feel, try small, concrete ways to reach out, and keep track of the "
    "people who matter and when you last spoke."
)
NOT_THERAPY = (
    "Kith is a self-help companion, not therapy and not a diagnosis. Its check-in is a "
    "screening signal you can learn from; if you are struggling, a doctor, therapist or "
    "counsellor can help, and the lines below are open now."
)


class WelcomeScreen(ModalScreen[None]):
    BINDINGS = [Binding("enter,escape", "dismiss", "Start using Kith", id="welcome.start")]

    def __init__(self, data_dir: Path) -> None:
        super().__init__(classes="welcome")
        self.data_dir = data_dir

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content.from_markup("[b]Welcome to Kith[/]"), classes="title")
            with VerticalScroll():
                yield Static(Content(WELCOME))
                yield Static(Content(NOT_THERAPY), classes="note")
                yield Static(
                    Content.from_markup(
                        "[b]Private by design.[/] Everything stays on this computer, in "
                        "$path. Kith never uses the network.",
                        path=str(self.data_dir),
                    )
                )
                yield CrisisPanel(compact=True)
            yield Static(
                Content.from_markup(
                    "Press [b]enter[/] to begin · [b]?[/] shows every key · "
                    "[b]![/] brings back the support lines"
                ),
                classes="hint",
            )
