"""The Home section."""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from screens.base import SectionScreen


class HomeScreen(SectionScreen):
    SECTION = "home"
    TITLE_TEXT = "Today at a glance"

    def compose_body(self) -> Iterable[Widget]:
        yield Static(Content("Home will live here."), classes="placeholder")
