"""Rows for the strategy and plan lists: a mark on the left and lines that wrap
under each other (a hanging indent), as a Rich grid that an ``OptionList`` can show.

Every piece is ``rich.text.Text`` built from plain strings, so user text is never
parsed as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import StringIO

from rich.console import Console
from rich.style import Style
from rich.table import Table
from rich.text import Text

Piece = tuple[str, Style | str]


def foreground(style: Style) -> Style:
    """Only the colour and emphasis of ``style``: rows sit on the list's own
    background, which changes with the highlight."""
    return Style(color=style.color, bold=style.bold, italic=style.italic, dim=style.dim)


def line(*pieces: Piece | str) -> Text:
    """One line from plain strings and (string, style) pairs."""
    text = Text()
    for piece in pieces:
        if isinstance(piece, str):
            text.append(piece)
        else:
            text.append(piece[0], style=piece[1])
    return text


def hanging(mark: Text, lines: Sequence[Text]) -> Table:
    """``mark`` in a narrow column, ``lines`` beside it, wrapping under themselves."""
    grid = Table.grid(padding=0, expand=True)
    grid.add_column(width=max(2, mark.cell_len + 1), no_wrap=True)
    grid.add_column(ratio=1)
    for index, text in enumerate(lines):
        grid.add_row(mark if index == 0 else Text(""), text)
    return grid


def plain_text(prompt: object, width: int = 200) -> str:
    """What a row shows, as plain text (for tests and search)."""
    if isinstance(prompt, Text):
        return prompt.plain
    console = Console(width=width, color_system=None, file=StringIO())
    with console.capture() as capture:
        console.print(prompt)
    return "\n".join(row.rstrip() for row in capture.get().splitlines())
