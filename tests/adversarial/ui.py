"""Helpers for the Pilot-driven adversarial tests: what the screen shows, what was said."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.keys import _character_to_key
from textual.widgets import Input, TextArea


def screen_lines(app: App[Any]) -> list[str]:
    """The cells of the current screen, line by line, as the terminal would get them."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def screen_text(app: App[Any]) -> str:
    return "\n".join(screen_lines(app))


def squeezed(text: str) -> str:
    """Without spaces and line breaks: text that wrapped still matches."""
    return "".join(text.split())


def notes_said(app: App[Any]) -> list[tuple[str, str]]:
    """Every notification still on record: (message, severity)."""
    return [(str(n.message), n.severity) for n in app._notifications]


def value_of(app: App[Any], selector: str) -> str:
    widget = app.screen.query_one(selector)
    if isinstance(widget, TextArea):
        return widget.text
    assert isinstance(widget, Input), widget
    return widget.value


async def type_into(pilot: Any, selector: str, text: str) -> None:
    """Focus the field and type ``text`` key by key (printable characters only)."""
    pilot.app.screen.query_one(selector).focus()
    await pilot.pause()
    await pilot.press(*[key_for(ch) for ch in text])


def key_for(char: str) -> str:
    """The Pilot key name for one character (Textual's own mapping)."""
    if char == "\n":
        return "enter"
    return _character_to_key(char)
