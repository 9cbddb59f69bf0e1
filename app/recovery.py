"""A tiny app shown before Kith when its data file cannot be read."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from kith.data.errors import StoreError
from kith.screens.recovery import RecoveryScreen


class RecoveryApp(App[bool]):
    CSS_PATH = "app.tcss"
    TITLE = "Kith"
    BINDINGS = [
        Binding("exclamation_mark,f2", "support", "Support", priority=True, id="recovery.support"),
    ]

    def __init__(self, problem: StoreError, backup_name: str | None) -> None:
        super().__init__()
        self.problem = problem
        self.backup_name = backup_name

    def on_mount(self) -> None:
        self.push_screen(RecoveryScreen(self.problem, self.backup_name), self.exit)

    def action_support(self) -> None:
        from kith.screens.support import SupportScreen

        if not isinstance(self.screen, SupportScreen):
            self.push_screen(SupportScreen(None))
