"""The Check-in section."""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from screens.base import SectionScreen


class CheckinScreen(SectionScreen):
    SECTION = "checkin"
    TITLE_TEXT = "How connected you feel"

    def compose_body(self) -> Iterable[Widget]:
        yield Static(Content("Check-in will live here."), classes="placeholder")
