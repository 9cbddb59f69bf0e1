"""A ``DataTable`` with a row cursor that every key moves as it says.

Textual's ``DataTable`` binds ``home``/``end`` to scroll sideways to the first or
last column, which with a row cursor does nothing you can see, so ``End x``
acted on the top row. Here ``home``/``end`` (and ``g``/``G``) move the cursor to
the first and last row, ``pageup``/``pagedown`` a page, ``j``/``k`` one row.
"""

from __future__ import annotations

from typing import TypeVar

from textual.binding import Binding
from textual.widgets import DataTable

CellType = TypeVar("CellType")


class RowTable(DataTable[CellType]):
    """A row-cursor table whose home/end go to the first and last row."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="table.down"),
        Binding("k", "cursor_up", "Up", show=False, id="table.up"),
        Binding("home,g", "scroll_top", "First row", show=False, id="table.first"),
        Binding("end,G", "scroll_bottom", "Last row", show=False, id="table.last"),
    ]
