"""Showing user text safely (DESIGN.md: user text is never markup).

In Textual 8 a plain ``str`` handed to most widgets is parsed as markup, so a
contact named ``[@click=app.quit]Bob[/]`` would become a button. Everything
that came from the user or the store goes through these helpers.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content


def plain(value: str) -> Content:
    """User text as Content, verbatim, never parsed as markup."""
    return Content(value)


def cell(value: str, style: str = "") -> Text:
    """User text for a DataTable cell, verbatim."""
    return Text(value, style=style, no_wrap=True, overflow="ellipsis")


def markup(template: str, **values: str) -> Content:
    """Kith's own markup with user values substituted safely: ``$name``."""
    return Content.from_markup(template, **values)


def one_line(value: str, limit: int = 60) -> str:
    """First line of ``value`` shortened to ``limit`` characters (for tables)."""
    first = value.strip().splitlines()[0] if value.strip() else ""
    return first if len(first) <= limit else first[: limit - 1] + "…"
