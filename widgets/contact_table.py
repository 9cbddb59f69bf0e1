"""The People table: name, circle, last contact, keep-in-touch and count.

Built for thousands of rows. A filter keystroke replaces every row at once
with ``set_rows`` (no per-row ``add_row``, no width measuring: the columns
have fixed widths and the first one takes whatever the table's width
leaves), and the cells of each person are built once by ``row_cells`` and
reused until their data changes. Long names are cut with an ellipsis, so no
name can push the other columns away.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import ClassVar, NamedTuple

from rich.text import Text
from textual import events, on
from textual._two_way_dict import TwoWayDict
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets._data_table import ColumnKey, Row, RowKey

from kith.data.people import ContactSummary, SortKey, due_label, since_label
from kith.widgets.text import cell

SCROLLBAR = 2


class PreparedRow(NamedTuple):
    """A row ready to show: built once, reused on every filter keystroke."""

    key: RowKey
    row: Row
    cells: dict[ColumnKey, Text]


class FittedTable(DataTable[Text]):
    """A row-cursor DataTable whose columns always fit its width.

    ``FIT_COLUMNS`` lists (key, header, width); the column with width None
    (one of them) takes what the others leave, at least ``FLEX_MIN``.
    """

    FIT_COLUMNS: ClassVar[tuple[tuple[str, str, int | None], ...]] = ()
    FLEX_MIN: ClassVar[int] = 14

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="people-table.down"),
        Binding("k", "cursor_up", "Up", show=False, id="people-table.up"),
        Binding("g", "scroll_top", "First", show=False, id="people-table.first"),
        Binding("G", "scroll_bottom", "Last", show=False, id="people-table.last"),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(
            id=id,
            classes=classes,
            cursor_type="row",
            zebra_stripes=True,
            cursor_foreground_priority="css",
        )

    _fitted_width = 0

    def on_mount(self) -> None:
        self._ensure_columns()
        self.call_after_refresh(self._fit_columns)

    def _ensure_columns(self) -> None:
        if self.columns:
            return
        for key, label, width in self.FIT_COLUMNS:
            self.add_column(label, key=key, width=width or self.FLEX_MIN)
        self._fit_columns()

    def _on_resize(self, event: events.Resize) -> None:
        # DataTable's own _on_resize runs too (Textual calls each class's handler).
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Give the flexible column what the fixed ones leave of the table's width."""
        width = self.size.width
        if not self.columns or not width or width == self._fitted_width:
            return  # no size yet (a Resize will come), or already fitted to it
        self._fitted_width = width
        fixed = sum(width or 0 for _, _, width in self.FIT_COLUMNS)
        padding = 2 * self.cell_padding * len(self.FIT_COLUMNS)
        flex = max(self.FLEX_MIN, width - SCROLLBAR - fixed - padding)
        for key, _, fixed_width in self.FIT_COLUMNS:
            if fixed_width is None:
                column = self.columns.get(ColumnKey(key))
                if column is not None and column.width != flex:
                    column.width = flex
                    self._changed()

    def _changed(self) -> None:
        """Everything cached about the rows is out of date."""
        self._clear_caches()
        self._update_count += 1
        self._require_update_dimensions = True
        self.check_idle()
        self.refresh()

    # -- rows ---------------------------------------------------------------------
    def prepare(self, row_id: str, cells: Sequence[Text]) -> PreparedRow:
        """One row made ready for ``set_prepared``; keep it while its cells stay the same."""
        self._ensure_columns()
        key = RowKey(row_id)
        column_keys = [column.key for column in self.ordered_columns]
        return PreparedRow(key, Row(key, 1), dict(zip(column_keys, cells, strict=True)))

    def set_rows(
        self, rows: Sequence[tuple[str, Sequence[Text]]], *, keep: str | None = None
    ) -> None:
        """Show exactly ``rows`` (key, cells), in order, replacing all rows at once."""
        self.set_prepared([self.prepare(row_id, cells) for row_id, cells in rows], keep=keep)

    def set_prepared(self, rows: Sequence[PreparedRow], *, keep: str | None = None) -> None:
        """Show exactly ``rows``, in order, replacing all rows at once.

        The cursor stays on the row ``keep`` if it is still shown, else goes to
        the first row. No cell is measured and no row object is built here, so
        this costs a few dictionary inserts per row.
        """
        self._ensure_columns()
        self._data = {row.key: row.cells for row in rows}
        self.rows = {row.key: row.row for row in rows}
        self._row_locations = TwoWayDict({row.key: index for index, row in enumerate(rows)})
        self._new_rows.clear()
        self._updated_cells.clear()
        self._changed()
        # DataTable would rebuild this list by looking every row up again; we have it.
        self._ordered_row_cache[(len(rows), self._update_count)] = [row.row for row in rows]
        self._offset_cache[self._update_count] = [(row.key, 0) for row in rows]
        row = 0
        if keep is not None:
            found = self._row_locations.get(RowKey(keep))
            row = found if found is not None else 0
        previous = self.cursor_coordinate
        self.cursor_coordinate = Coordinate(row, 0)
        if row == 0:
            self.scroll_to(y=0, animate=False, immediate=True)
        else:
            self.call_after_refresh(self._scroll_cursor_into_view)
        if rows and previous == self.cursor_coordinate:
            # The cursor did not move, so DataTable will not say what is highlighted now.
            self._highlight_row(row)

    @property
    def current_id(self) -> str | None:
        """The key of the highlighted row, if any."""
        if not self.row_count:
            return None
        key = self._row_locations.get_key(self.cursor_row)
        return None if key is None else key.value

    def row_ids(self) -> list[str]:
        """The row keys in the order shown."""
        ids: list[str] = []
        for index in range(self.row_count):
            key = self._row_locations.get_key(index)
            if key is not None and key.value is not None:
                ids.append(key.value)
        return ids


def row_cells(summary: ContactSummary, today: date) -> tuple[Text, ...]:
    """The five cells of one person's row (user text verbatim, never markup)."""
    contact = summary.contact
    if contact.archived:
        due = Text("archived", style="dim italic")
    else:
        label = due_label(summary, today)
        style = "bold" if summary.days_overdue > 0 else ("dim" if label == "—" else "")
        due = cell(label, style)
    return (
        cell(contact.name, "dim" if contact.archived else ""),
        cell(contact.circle.label),
        cell(since_label(summary.last_contact, today)),
        due,
        Text(str(summary.interaction_count), justify="right"),
    )


class ContactTable(FittedTable):
    """The people, one row each; ``enter`` posts ``ContactTable.Opened``."""

    DEFAULT_CSS = """
    ContactTable { height: 1fr; }
    """

    FIT_COLUMNS = (
        (SortKey.NAME.value, "Name", None),
        (SortKey.CIRCLE.value, "Circle", 12),
        (SortKey.LAST.value, "Last contact", 12),
        (SortKey.DUE.value, "Keep in touch", 20),
        (SortKey.COUNT.value, "Times", 5),
    )

    _sort_shown: tuple[SortKey, bool] | None = None

    @dataclass
    class Opened(Message):
        """The user chose a person (enter or a click)."""

        contact_id: str

    @dataclass
    class SortRequested(Message):
        """A column header was clicked."""

        key: SortKey

    def show_sort(self, key: SortKey, reverse: bool) -> None:
        """Mark the sorted column's header with an arrow."""
        if self._sort_shown == (key, reverse):
            return
        self._sort_shown = (key, reverse)
        for column_key, label, width in self.FIT_COLUMNS:
            column = self.columns.get(ColumnKey(column_key))
            if column is None:
                continue
            text = label
            if column_key == key.value:
                marked = label + (" ↓" if reverse else " ↑")
                # The arrow only where it fits; the status line always names the order.
                text = marked if width is None or len(marked) <= width else label
            column.label = Text(text)
        self._changed()

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.Opened(event.row_key.value))

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        if event.column_key.value is not None:
            self.post_message(self.SortRequested(SortKey(event.column_key.value)))
