"""Helpers for the Pilot-driven adversarial tests: what the screen shows, what was said."""

from __future__ import annotations

from typing import Any

from textual import events
from textual._wait import wait_for_idle
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
    """Focus the field and type ``text`` key by key."""
    pilot.app.screen.query_one(selector).focus()
    await pilot.pause()
    await send_keys(pilot, text)


async def send_keys(pilot: Any, text: str) -> None:
    """One key event per character, as a terminal sends them: the key's name and the
    character. (``Pilot.press`` cannot type some characters, e.g. ``§``, emoji or
    combining marks; this sends what the driver would.) A character that is not
    printable, like the zero-width joiner inside an emoji, arrives as a paste: Textual's
    inputs ignore it as a key, and a terminal sends such text with bracketed paste."""
    app = pilot.app
    for char in text:
        event: events.Event
        if not char.isprintable() and char != "\n":
            event = events.Paste(char)
        elif char == "\n":
            event = events.Key("enter", "\r")
        elif char.isalnum() and char.isascii():
            event = events.Key(char, char)
        else:
            event = events.Key(_character_to_key(char), char)
        event.set_sender(app)
        app._driver.send_message(event)  # queued in order, handled one by one
    await wait_for_idle(0)
    await pilot.pause()
