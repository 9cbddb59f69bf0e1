"""What Kith shows for the moment it takes to open the store: Home's frame, no data yet.

Light on purpose: it imports Textual and nothing else of Kith's but the section
bar, so the first frame is drawn before the store and the other screens are
imported and read (off the UI thread, see ``KithApp``).
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from kith.widgets.section_bar import SectionBar


class LoadingScreen(Screen[None]):
    TITLE_TEXT = "Today at a glance"

    def __init__(self, on_resume: Callable[[], None] | None = None) -> None:
        """``on_resume`` is called each time this screen is showing again (a dialog
        opened while the store was opening has closed)."""
        super().__init__(classes="section")
        self._on_resume = on_resume

    def compose(self) -> ComposeResult:
        yield Header(icon="◍")
        yield SectionBar("home")
        yield Static("Opening your data…", id="loading", classes="placeholder")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.TITLE_TEXT

    def on_screen_resume(self) -> None:
        if self._on_resume is not None:
            self._on_resume()
