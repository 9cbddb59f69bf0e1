"""The Strategies section."""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from screens.base import SectionScreen


class StrategiesScreen(SectionScreen):
    SECTION = "strategies"
    TITLE_TEXT = "Ways to build connection"

    def compose_body(self) -> Iterable[Widget]:
        yield Static(Content("Strategies will live here."), classes="placeholder")
