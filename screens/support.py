"""Support and crisis resources on ``!`` from anywhere, with the user's own list."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import DataTable, Static

from kith.data.models import SupportEntry
from kith.data.store import Store
from kith.screens.confirm import ConfirmScreen
from kith.screens.safety_plan import SafetyPlanScreen
from kith.screens.saving import NOT_REMOVED, done_or_say
from kith.screens.support_form import SupportEntryForm
from kith.widgets.crisis import CrisisPanel, crisis_content
from kith.widgets.safety_plan import SafetyPlanSummary
from kith.widgets.support_table import SupportTable
from kith.widgets.text import cell, one_line


class SupportScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="support.close"),
        Binding("n", "new", "Add to my list", id="support.new"),
        Binding("e", "edit", "Edit", id="support.edit"),
        Binding("d", "delete", "Delete", id="support.delete"),
        Binding("p", "safety_plan", "My safety plan", id="support.safety-plan"),
        # Over the list's own keys: each move also brings the list into view, which
        # at 80x24 sits below the helplines (issue 14).
        Binding("down,j", "move(1)", "Down", show=False, priority=True, id="support.down"),
        Binding("up,k", "move(-1)", "Up", show=False, priority=True, id="support.up"),
        Binding("end", "last", "Last", show=False, priority=True, id="support.end"),
        Binding("home", "first", "First", show=False, priority=True, id="support.home"),
        Binding("pagedown", "page(1)", "Page down", show=False, priority=True, id="support.pgdn"),
        Binding("pageup", "page(-1)", "Page up", show=False, priority=True, id="support.pgup"),
    ]

    def __init__(self, store: Store | None) -> None:
        super().__init__(classes="support")
        self.store = store

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content.from_markup("[b]You are not alone[/]"), classes="title")
            # The person's own safety plan first, once it has content (issue 19); its
            # height is capped so the helplines below stay in view.
            yield SafetyPlanSummary(id="plan-summary")
            with VerticalScroll(id="support-body"):
                yield CrisisPanel()
                yield Static(
                    Content.from_markup(
                        "[b]My support list[/]  people I can reach, professionals, what helps"
                    ),
                    classes="subtitle",
                    id="own-heading",
                )
                yield SupportTable(id="own-list")
                yield Static("", id="own-empty")
            yield Static(
                Content.from_markup(
                    "[b]p[/] my safety plan · [b]↓[/] my list · [b]n[/] add · [b]e[/] edit · "
                    "[b]d[/] delete · [b]esc[/] close"
                ),
                classes="hint",
            )

    def on_mount(self) -> None:
        table = self.query_one("#own-list", DataTable)
        self.refresh_list()
        self.refresh_plan()
        # Focus the list without scrolling: the emergency numbers stay in view.
        table.focus(scroll_visible=False)

    def store_opened(self, store: Store) -> None:
        """Kith opened while this was showing: show the person's own list too."""
        self.store = store
        self.refresh_list()
        self.refresh_plan()

    def refresh_plan(self) -> None:
        plan = self.store.safety_plan.get() if self.store is not None else None
        self.query_one(SafetyPlanSummary).show(plan)
        # With the plan shown, the resources leave out their opening and closing words,
        # so more of the helplines fit beside it at 80x24.
        shown = plan is not None and plan.has_content()
        self.query_one(CrisisPanel).update(crisis_content(compact=shown))

    def action_safety_plan(self) -> None:
        if self.store is not None:
            self.app.push_screen(SafetyPlanScreen(self.store), lambda _: self.refresh_plan())

    def entries(self) -> list[SupportEntry]:
        if self.store is None:
            return []
        return sorted(self.store.support.list(), key=lambda e: (e.kind.value, e.name.casefold()))

    def refresh_list(self) -> None:
        table = self.query_one("#own-list", SupportTable)
        entries = self.entries()
        # cell(): one line, cut with an ellipsis where the column ends.
        table.set_rows(
            [
                (e.id, (cell(e.name), cell(e.reach), cell(one_line(e.note, 200) or e.kind.label)))
                for e in entries
            ],
            keep=table.current_id,
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
        """The highlighted entry, scrolled into view so the person sees what e or d
        acts on."""
        table = self.query_one("#own-list", DataTable)
        if self.store is None or not table.row_count:
            return None
        self.reveal_list()
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

    # -- moving: the highlighted row is always one the person can see ------------
    def _list(self) -> Widget:
        """The list, or the words shown while it is empty."""
        table = self.query_one("#own-list", DataTable)
        return table if table.display else self.query_one("#own-empty", Static)

    def list_in_view(self) -> bool:
        """Is the list's top (and, where it fits, all of it) inside the scrolled body?"""
        body = self.query_one("#support-body", VerticalScroll)
        view, shown = body.scrollable_content_region, self._list().region
        if not shown.height or shown.y < view.y:
            return False
        return shown.bottom <= view.bottom or shown.height > view.height

    def reveal_list(self) -> None:
        """Scroll the body so the list and its heading are in view."""
        body = self.query_one("#support-body", VerticalScroll)
        heading = self.query_one("#own-heading", Static)
        region = heading.virtual_region_with_margin.union(self._list().virtual_region_with_margin)
        body.scroll_to_region(region, animate=False, immediate=True)

    def action_move(self, step: int) -> None:
        table = self.query_one("#own-list", DataTable)
        if not self.list_in_view():
            self.reveal_list()  # the first press shows the list, at the row kept
            return
        if step < 0 and table.cursor_row <= 0:
            # Above the first row: back up to the helplines.
            self.query_one("#support-body", VerticalScroll).scroll_home(animate=False)
            return
        if table.row_count:
            table.move_cursor(row=table.cursor_row + step)

    def action_last(self) -> None:
        table = self.query_one("#own-list", DataTable)
        if table.row_count:
            table.move_cursor(row=table.row_count - 1)
        self.reveal_list()

    def action_first(self) -> None:
        table = self.query_one("#own-list", DataTable)
        if table.row_count:
            table.move_cursor(row=0)
        self.query_one("#support-body", VerticalScroll).scroll_home(animate=False)

    def action_page(self, pages: int) -> None:
        body = self.query_one("#support-body", VerticalScroll)
        if pages > 0:
            body.scroll_page_down(animate=False)
        else:
            body.scroll_page_up(animate=False)
