"""Support and crisis resources on ``!`` from anywhere, with the user's own list."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from kith.data.models import SupportEntry
from kith.data.store import Store
from kith.screens.confirm import ConfirmScreen
from kith.screens.saving import NOT_REMOVED, done_or_say
from kith.screens.support_form import SupportEntryForm
from kith.widgets.crisis import CrisisPanel


class SupportScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="support.close"),
        Binding("n", "new", "Add to my list", id="support.new"),
        Binding("e", "edit", "Edit", id="support.edit"),
        Binding("d", "delete", "Delete", id="support.delete"),
        Binding("j", "cursor_down", "Down", show=False, id="support.down"),
        Binding("k", "cursor_up", "Up", show=False, id="support.up"),
    ]

    def __init__(self, store: Store | None) -> None:
        super().__init__(classes="support")
        self.store = store

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content.from_markup("[b]You are not alone[/]"), classes="title")
            with VerticalScroll(id="support-body"):
                yield CrisisPanel()
                yield Static(
                    Content.from_markup(
                        "[b]My support list[/]  people I can reach, professionals, what helps"
                    ),
                    classes="subtitle",
                )
                yield DataTable(id="own-list", cursor_type="row", zebra_stripes=True)
                yield Static("", id="own-empty")
            yield Static(
                Content.from_markup(
                    "[b]n[/] add · [b]e[/] edit · [b]d[/] delete · [b]esc[/] close"
                ),
                classes="hint",
            )

    def on_mount(self) -> None:
        table = self.query_one("#own-list", DataTable)
        table.add_columns("Who or what", "How to reach", "Note")
        self.refresh_list()
        # Focus the list without scrolling: the emergency numbers stay in view.
        table.focus(scroll_visible=False)

    def store_opened(self, store: Store) -> None:
        """Kith opened while this was showing: show the person's own list too."""
        self.store = store
        self.refresh_list()

    def entries(self) -> list[SupportEntry]:
        if self.store is None:
            return []
        return sorted(self.store.support.list(), key=lambda e: (e.kind.value, e.name.casefold()))

    def refresh_list(self) -> None:
        table = self.query_one("#own-list", DataTable)
        table.clear()
        entries = self.entries()
        for entry in entries:
            table.add_row(
                Text(entry.name),
                Text(entry.reach),
                Text(entry.note or entry.kind.label),
                key=entry.id,
            )
        empty = self.query_one("#own-empty", Static)
        empty.display = not entries
        table.display = bool(entries)
        empty.update(
            Content(
                "Nothing here yet. Press n to add someone you trust, your therapist or "
                "doctor, or something that helps you feel steadier."
            )
        )

    def _current(self) -> SupportEntry | None:
        table = self.query_one("#own-list", DataTable)
        if self.store is None or not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.store.support.get(str(key)) if key else None

    def action_new(self) -> None:
        if self.store is not None:
            self.app.push_screen(SupportEntryForm(self.store), lambda _: self.refresh_list())

    def action_edit(self) -> None:
        entry = self._current()
        if entry is not None and self.store is not None:
            self.app.push_screen(SupportEntryForm(self.store, entry), lambda _: self.refresh_list())

    def action_delete(self) -> None:
        entry = self._current()
        if entry is None or self.store is None:
            return
        store = self.store

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            done_or_say(self, lambda: store.support.delete(entry.id), title=NOT_REMOVED)
            self.refresh_list()

        self.app.push_screen(
            ConfirmScreen(
                Content.from_markup("Remove [b]$name[/] from your support list?", name=entry.name),
                yes="Remove",
                danger=True,
            ),
            answered,
        )

    def action_cursor_down(self) -> None:
        self.query_one("#own-list", DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#own-list", DataTable).action_cursor_up()
