"""Shown instead of Kith when the data file cannot be read. Nothing is overwritten
until the user chooses."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from kith.data.errors import StoreError


class RecoveryScreen(Screen[bool]):
    """Dismissed with True to move the file aside and restore, False to quit."""

    BINDINGS = [
        Binding("r", "choose(True)", "Move it aside and continue", id="recovery.move-aside"),
        Binding(
            "q,escape", "choose(False)", "Quit and leave everything as it is", id="recovery.quit"
        ),
    ]

    def __init__(self, problem: StoreError, backup_name: str | None) -> None:
        super().__init__(classes="recovery")
        self.problem = problem
        self.backup_name = backup_name

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(
                Content.from_markup("[b]Kith could not open your data[/]"), classes="title"
            )
            yield Static(Content(str(self.problem)))
            yield Static(
                Content(
                    "Your file has not been changed. You can quit now and look at it, or "
                    "let Kith move it aside (it is kept, with the time in its name) and "
                    + (
                        f"start again from your newest backup, {self.backup_name}."
                        if self.backup_name
                        else "start with an empty store (no backup was found)."
                    )
                )
            )
            yield Static(
                Content.from_markup(
                    "[b]r[/] move it aside and continue · [b]q[/] quit and change nothing"
                ),
                classes="hint",
            )
        yield Footer()

    def action_choose(self, restore: bool) -> None:
        self.dismiss(restore)
