"""ContactTable swaps all its rows at once (for speed); DataTable's own API must still agree."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.coordinate import Coordinate

from kith.data.models import Contact
from kith.data.people import SortKey, summarize
from kith.widgets.contact_table import ContactTable, row_cells

TODAY = date(2026, 11, 20)


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ContactTable()


def rows(count: int, prefix: str = "P") -> list[tuple[str, tuple[Text, ...]]]:
    people = [Contact(name=f"{prefix}{i:04d}", rhythm_days=7) for i in range(count)]
    summaries = summarize(people, [], TODAY)
    return [(c.id, row_cells(summaries[c.id], TODAY)) for c in people]


async def test_set_rows_agrees_with_the_datatable_api() -> None:
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(ContactTable)
        many = rows(5000)
        table.set_rows(many)
        await pilot.pause()
        assert table.row_count == 5000
        assert table.row_ids() == [row_id for row_id, _ in many]
        assert str(table.get_row_at(4321)[0].plain) == "P4321"
        assert str(table.get_row(many[7][0])[0].plain) == "P0007"
        assert table.current_id == many[0][0]
        await pilot.press("j", "j", "down")
        assert table.current_id == many[3][0]
        assert table.coordinate_to_cell_key(Coordinate(3, 0)).row_key.value == many[3][0]
        await pilot.press("G")
        await pilot.pause()
        assert table.current_id == many[-1][0]
        assert table.virtual_size.height == 5000 + 1  # rows and the header

        # Narrow to a few rows, keeping the cursor on one still shown.
        few = [many[10], many[20], many[30]]
        table.set_rows(few, keep=many[20][0])
        await pilot.pause()
        assert table.row_count == 3
        assert table.cursor_coordinate == Coordinate(1, 0)
        assert table.current_id == many[20][0]
        # The kept row is gone: back to the first.
        table.set_rows(few[:1], keep=many[30][0])
        await pilot.pause()
        assert table.current_id == many[10][0]
        table.set_rows([])
        await pilot.pause()
        assert table.row_count == 0 and table.current_id is None


async def test_enter_posts_opened_with_the_contact_id() -> None:
    opened: list[str] = []

    class Listening(TableApp):
        def on_contact_table_opened(self, event: ContactTable.Opened) -> None:
            opened.append(event.contact_id)

    app = Listening()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(ContactTable)
        data = rows(3)
        table.set_rows(data)
        table.focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert opened == [data[1][0]]


async def test_columns_fit_the_width_at_any_size() -> None:
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(ContactTable)
        table.set_rows(rows(5, prefix="X" * 196))
        await pilot.pause()
        assert table.virtual_size.width <= table.size.width
        narrow = table.columns[table.ordered_columns[0].key].width
        await pilot.resize_terminal(120, 36)
        await pilot.pause()
        assert table.virtual_size.width <= table.size.width
        assert table.columns[table.ordered_columns[0].key].width == narrow + 40
        rendered = [strip.text for strip in table.render_lines(table.region.reset_offset)]
        assert any("…" in line for line in rendered)  # the long name is cut, not wrapped


async def test_sorted_column_is_marked_where_it_fits() -> None:
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(ContactTable)
        table.show_sort(SortKey.DUE, True)
        await pilot.pause()
        labels: list[Any] = [str(column.label) for column in table.ordered_columns]
        assert labels == ["Name", "Circle", "Last contact", "Keep in touch ↓", "Times"]
        table.show_sort(SortKey.LAST, False)  # "Last contact ↑" would not fit in 12
        labels = [str(column.label) for column in table.ordered_columns]
        assert labels == ["Name", "Circle", "Last contact", "Keep in touch", "Times"]
