"""Settings' read-only "Encryption" lines (issue 16): whether the data is encrypted,
and the commands that change it. Nothing to edit here: turning encryption on or off,
or a new passphrase, happens in a shell, where the passphrase is asked twice."""

from __future__ import annotations

from collections.abc import Iterator

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from kith.data.words import words


def encryption_section(encrypted: bool) -> Iterator[Widget]:
    """The heading and two lines: on or off, then how to change it."""
    said = words().encryption.settings
    yield Static(Content(said.heading), classes="settings-heading")
    yield Static(Content(said.on if encrypted else said.off), id="encryption-status")
    yield Static(
        Content(said.how_on if encrypted else said.how_off),
        id="encryption-how",
        classes="field-hint",
    )
