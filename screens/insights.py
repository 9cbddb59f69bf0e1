"""The Insights section."""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from screens.base import SectionScreen


class InsightsScreen(SectionScreen):
    SECTION = "insights"
    TITLE_TEXT = "Connection and wellbeing"

    def compose_body(self) -> Iterable[Widget]:
        yield Static(Content("Insights will live here."), classes="placeholder")
