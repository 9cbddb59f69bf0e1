"""A yes/no question in a modal: ``ConfirmScreen(ModalScreen[bool])``."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmScreen(ModalScreen[bool]):
    """Asks one question. ``y``/``enter`` on Yes confirms, ``n``/``escape`` declines."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
        Binding("left,right", "toggle_focus", "Move", show=False, id="confirm.move"),
    ]

    def __init__(
        self,
        question: str | Content,
        *,
        detail: str | Content = "",
        yes: str = "Yes",
        no: str = "No",
        danger: bool = False,
    ) -> None:
        super().__init__(classes="confirm")
        # Callers build questions with user text through Content; a str here is Kith's own.
        self.question = question if isinstance(question, Content) else Content(question)
        self.detail = detail if isinstance(detail, Content) else Content(detail)
        self.yes_label = yes
        self.no_label = no
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.question, id="question")
            if self.detail:
                yield Static(self.detail, id="detail")
            with Horizontal(id="buttons"):
                yield Button(
                    Content(f"{self.yes_label} (y)"),
                    id="yes",
                    variant="error" if self.danger else "primary",
                )
                yield Button(Content(f"{self.no_label} (n)"), id="no")

    def on_mount(self) -> None:
        self.query_one("#no" if self.danger else "#yes", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    def action_toggle_focus(self) -> None:
        self.focus_next()
