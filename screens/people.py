"""The People section."""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from screens.base import SectionScreen


class PeopleScreen(SectionScreen):
    SECTION = "people"
    TITLE_TEXT = "The people who matter"

    def compose_body(self) -> Iterable[Widget]:
        yield Static(Content("People will live here."), classes="placeholder")
