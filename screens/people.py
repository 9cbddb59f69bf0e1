"""The People section: everyone who matters, and who is due for a call.

The list is a ``ContactTable``. What it shows is computed in stages, each
kept until its inputs change, so a filter keystroke only does the last,
cheap one even with thousands of people:

1. summaries (last contact, next due, count): one pass over the
   interactions, redone only when contacts or interactions change;
2. each person's cells and lowered search text, rebuilt only for people
   whose summary changed;
3. the order for the current view (everyone or Reach out, archived or not,
   sorted by a column);
4. the filter: a substring test per person, then one ``set_rows``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import cast

from textual import on
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static

from kith.data.clock import today
from kith.data.models import Contact, Interaction
from kith.data.people import (
    ContactSummary,
    SortKey,
    is_snoozed,
    keep_in_touch,
    matches,
    query_words,
    reach_out,
    sort_summaries,
    summarize,
    upcoming_birthdays,
)
from kith.data.search import (
    joined_notes,
    noted_by_contact,
    person_search_text,
    same_items,
    where_matched,
)
from kith.screens.base import SectionScreen
from kith.screens.contact_pages import show_contact
from kith.screens.people_actions import (
    confirm_delete_contact,
    open_contact_form,
    open_log_form,
    toggle_archived,
)
from kith.widgets.contact_table import ContactTable, PreparedRow, row_cells
from kith.widgets.filter_input import FilterInput
from kith.widgets.text import markup

SORT_NAMES = {
    SortKey.NAME: "name",
    SortKey.CIRCLE: "circle",
    SortKey.LAST: "last contact",
    SortKey.DUE: "keep in touch",
    SortKey.COUNT: "times",
}
SORT_CYCLE = list(SortKey)
PEOPLE_COLLECTIONS = {"contacts", "interactions"}


class PeopleScreen(SectionScreen):
    SECTION = "people"
    TITLE_TEXT = "The people who matter"
    CSS_PATH = "people.tcss"
    # A key typed while the screen is being built goes to the list's bindings.
    AUTO_FOCUS = "#people-table"

    BINDINGS = [
        Binding("n", "new_contact", "New", id="people.new"),
        Binding("l", "log_highlighted", "Log", id="people.log"),
        Binding("e", "edit", "Edit", id="people.edit"),
        Binding("d", "delete", "Delete", id="people.delete"),
        Binding("slash", "filter", "Filter", key_display="/", id="people.filter"),
        Binding("r", "toggle_reach_out", "Reach out", id="people.reach-out"),
        Binding("z", "snooze", "Snooze (not now)", show=False, id="people.snooze"),
        Binding("a", "toggle_archived", "Archived", id="people.archived"),
        Binding("s", "sort_next", "Sort", id="people.sort"),
        Binding("S", "sort_reverse", "Reverse order", show=False, id="people.reverse"),
        Binding("x", "archive", "Archive or bring back", show=False, id="people.archive"),
        Binding("m", "merge", "Merge with…", show=False, id="people.merge"),
        Binding("escape", "back", "Clear filter / back", show=False, id="people.back"),
        Binding("down", "to_table", "To the list", show=False, id="people.to-list"),
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.reach_out_view = False
        self.show_archived = False
        self.sort_key = SortKey.NAME
        self.sort_reverse = False
        self._list_sort = (SortKey.NAME, False)
        self.query_text = ""
        self._dirty = True
        self._today: date | None = None
        self.summaries: dict[str, ContactSummary] = {}
        self._rows: dict[str, PreparedRow] = {}
        self._search: dict[str, str] = {}
        self._noted: dict[str, list[Interaction]] = {}  # their interactions with a note
        self._due_count = 0
        self._active_count = 0
        self._birthday: tuple[Contact, date] | None = None
        # The current view in order: (id, lowered search text, row).
        self._ordered: list[tuple[str, str, PreparedRow]] | None = None
        self._shown: list[str] = []
        # The last filter and what it kept, to narrow from while the query grows.
        self._last_filter: tuple[str, list[tuple[str, str, PreparedRow]]] | None = None

    # -- layout ----------------------------------------------------------------------
    def compose_body(self) -> Iterable[Widget]:
        yield Static("", id="people-status")
        filter_input = FilterInput(
            placeholder="/ type to find people by name, tags, notes or what you talked about",
            id="people-filter",
            compact=True,
        )
        filter_input.display = False
        yield filter_input
        yield ContactTable(id="people-table")
        yield Static("", id="people-empty")

    @property
    def table(self) -> ContactTable:
        return self.query_one("#people-table", ContactTable)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#people-filter", Input)

    def on_mount(self) -> None:
        # Textual also runs SectionScreen.on_mount (handlers run for every class).
        self.table.focus()

    # -- data ------------------------------------------------------------------------
    def _store_changed(self, collection: str) -> None:
        if collection in PEOPLE_COLLECTIONS:
            self._dirty = True
            super()._store_changed(collection)

    def refresh_data(self) -> None:
        now = today(self.clock)
        if self._dirty or now != self._today:
            self._recompute(now)
        self._show_rows(keep=self.table.current_id)

    def _recompute(self, now: date) -> None:
        """Stages 1 and 2: summaries, then rows and search text for what changed."""
        new_day = now != self._today
        old = self.summaries
        index = self.store.interactions.index()  # each person's last contact, kept by the store
        summaries = summarize(
            self.store.contacts.list(),
            (),
            now,
            tz=self.clock.tz,
            known=(index.last_dates(), index.counts()),
        )
        table = self.table
        rows: dict[str, PreparedRow] = {}
        search: dict[str, str] = {}
        # Interaction notes are searched too (issue 18); redone only when they change.
        # Each person's notes are joined only into their search text (not kept a second
        # time: 3 MB at ten years), and only when their noted interactions changed.
        old_noted = self._noted
        self._noted = noted = noted_by_contact(self.store.interactions.list())
        for contact_id, summary in summaries.items():
            before = old.get(contact_id)
            same_contact = before is not None and before.contact is summary.contact
            if before is not None and same_contact and not new_day and _same(before, summary):
                rows[contact_id] = self._rows[contact_id]
            else:
                rows[contact_id] = table.prepare(contact_id, row_cells(summary, now))
            theirs = noted.get(contact_id, ())
            search[contact_id] = (
                self._search[contact_id]
                if same_contact and same_items(theirs, old_noted.get(contact_id, ()))
                else person_search_text(summary.contact, joined_notes(theirs))
            )
        self.summaries = summaries
        self._rows = rows
        self._search = search
        self._due_count = len(reach_out(summaries.values(), now))
        self._active_count = sum(1 for s in summaries.values() if not s.contact.archived)
        birthdays = upcoming_birthdays((s.contact for s in summaries.values()), now, days=14)
        self._birthday = birthdays[0] if birthdays else None
        self._today = now
        self._dirty = False
        self._forget_order()

    def _forget_order(self) -> None:
        self._ordered = None
        self._last_filter = None
        self._last_filter = None

    def _order(self) -> list[tuple[str, str, PreparedRow]]:
        """Stage 3: who is in this view, in which order."""
        if self._ordered is None:
            everyone = self.summaries.values()
            if self.reach_out_view:
                base = keep_in_touch(everyone, include_archived=self.show_archived)
                if self._today is not None:  # snoozed people leave Reach out until then
                    base = [s for s in base if not is_snoozed(s.contact, self._today)]
            elif self.show_archived:
                base = list(everyone)
            else:
                base = [s for s in everyone if not s.contact.archived]
            ordered = sort_summaries(base, self.sort_key, reverse=self.sort_reverse)
            search, rows = self._search, self._rows
            self._ordered = [
                (s.contact.id, search[s.contact.id], rows[s.contact.id]) for s in ordered
            ]
        return self._ordered

    def _filtered(self) -> list[tuple[str, str, PreparedRow]]:
        """Stage 4: who matches the filter. While the query only grows, narrow
        the last result instead of searching everyone again."""
        query = self.query_text.casefold()
        words = query_words(query)
        if not words:
            self._last_filter = None
            return self._order()
        candidates = self._order()
        if self._last_filter is not None and query.startswith(self._last_filter[0]):
            candidates = self._last_filter[1]
        if len(words) == 1:
            word = words[0]
            kept = [entry for entry in candidates if word in entry[1]]
        else:
            kept = [entry for entry in candidates if matches(entry[1], words)]
        self._last_filter = (query, kept)
        return kept

    def _show_rows(self, keep: str | None = None) -> None:
        """Filter and hand the rows to the table."""
        kept = self._filtered()
        self._shown = [entry[0] for entry in kept]
        self.table.set_prepared([entry[2] for entry in kept], keep=keep)
        self._update_status()

    def _update_status(self) -> None:
        parts: list[Content] = []
        due = self._due_count
        if self.reach_out_view:
            if due:
                parts.append(Content.from_markup(f"[b]Reach out[/] · {due} due now"))
            else:
                parts.append(Content.from_markup("[b]Reach out[/] · no one is due"))
        else:
            active = self._active_count
            people = "1 person" if active == 1 else f"{active:,} people"
            text = f"[b]{people}[/]"
            if due:
                text += f" · {due:,} to reach out ([b]r[/])"
            parts.append(Content.from_markup(text))
        if self.query_text:
            parts.append(
                markup("“$query”: $count", query=self.query_text, count=f"{len(self._shown):,}")
            )
            where = self._where_matched()
            if where:
                parts.append(where)
        if self.show_archived:
            parts.append(Content("archived shown"))
        arrow = "↓" if self.sort_reverse else "↑"
        parts.append(Content(f"by {SORT_NAMES[self.sort_key]} {arrow}"))
        if self._birthday is not None and self._today is not None:
            contact, when = self._birthday
            days = (when - self._today).days
            soon = "today" if days == 0 else ("tomorrow" if days == 1 else f"in {days} days")
            parts.append(markup("🎂 $name $soon", name=contact.name, soon=soon))
        # One line, fixed height: no layout pass needed for a new status.
        self.query_one("#people-status", Static).update(Content(" · ").join(parts), layout=False)
        self.table.show_sort(self.sort_key, self.sort_reverse)
        self._update_empty()

    def _update_empty(self) -> None:
        empty = self.query_one("#people-empty", Static)
        has_rows = bool(self._shown)
        # While filtering, the (empty) table stays so focus stays on it.
        show_table = has_rows or bool(self.query_text)
        if self.table.display != show_table:
            self.table.display = show_table
        if empty.display == has_rows:
            empty.display = not has_rows
        if has_rows:
            return
        if self.query_text:
            message = markup(
                "No one matches “$query”. Press escape to clear the filter.",
                query=self.query_text,
            )
        elif self.reach_out_view:
            message = Content(
                "No one with a keep-in-touch rhythm yet. Give someone a rhythm (e, then "
                "Keep in touch) and Kith will tell you when it's time to reach out. "
                "Press r to see everyone."
            )
        elif self.summaries:
            message = Content("Everyone here is archived. Press a to show archived people.")
        else:
            message = Content(
                "No one here yet. Press n to add someone who matters to you: family, a "
                "friend, a neighbour, someone from a club. Then press l to log time together."
            )
        empty.update(message)

    def _where_matched(self) -> Content | None:
        """For the highlighted person, where the filter's words were found when it is not
        in what the row shows: "Sam: in a note, 12 March"."""
        contact = self.current_contact()
        if contact is None:
            return None
        words = query_words(self.query_text)
        where = where_matched(contact, self._noted.get(contact.id, ()), words)
        if not where:
            return None
        return markup("$name: $where", name=contact.name.split()[0], where=where)

    @on(DataTable.RowHighlighted)
    def _highlighted(self, _: DataTable.RowHighlighted) -> None:
        if self.query_text:
            self._update_status()

    # -- the highlighted person ----------------------------------------------------------
    def action_snooze(self) -> None:
        """Not now, from Reach out (in the full list, z does nothing)."""
        if not self.reach_out_view:
            return
        contact = self.current_contact()
        if contact is not None:
            from kith.screens.snooze import snooze

            snooze(cast("Screen[object]", self), self.store, contact, today(self.clock))

    def current_contact(self) -> Contact | None:
        contact_id = self.table.current_id if self._shown else None
        return self.store.contacts.get(contact_id) if contact_id else None

    # -- actions -------------------------------------------------------------------
    def action_new_contact(self) -> None:
        open_contact_form(self, self.store, then=self._select)

    def action_log_interaction(self) -> None:
        """Log an interaction, starting from an empty "with" field."""
        open_log_form(self, self.store, self.clock)

    def action_log_highlighted(self) -> None:
        """``l`` on the list: log with the highlighted person."""
        contact = self.current_contact()
        open_log_form(self, self.store, self.clock, people=[contact] if contact else [])

    def action_edit(self) -> None:
        contact = self.current_contact()
        if contact is not None:
            open_contact_form(self, self.store, contact, then=self._select)

    def action_delete(self) -> None:
        contact = self.current_contact()
        if contact is not None:
            confirm_delete_contact(self, self.store, contact)

    def action_merge(self) -> None:
        contact = self.current_contact()
        if contact is not None:
            from kith.screens.merge_people import start_merge

            start_merge(cast("Screen[object]", self), self.store, contact, then=self._select)

    def action_archive(self) -> None:
        contact = self.current_contact()
        if contact is not None:
            toggle_archived(self, self.store, contact)

    def _select(self, contact: Contact) -> None:
        """After a save: show that person, even if the filter or view hid them."""
        if contact.id not in self._shown and (self.query_text or self.reach_out_view):
            self.query_text = ""
            self.filter_input.value = ""
            self.filter_input.display = False
        if contact.archived and not self.show_archived:
            return
        self._forget_order()
        if self._dirty:
            self._recompute(today(self.clock))
        self._show_rows(keep=contact.id)

    @on(ContactTable.Opened)
    def _open(self, event: ContactTable.Opened) -> None:
        if event.contact_id in self.store.contacts:
            show_contact(self.app, self.store, self.clock, event.contact_id)

    # -- views and order -------------------------------------------------------------------
    def action_toggle_reach_out(self) -> None:
        self.reach_out_view = not self.reach_out_view
        if self.reach_out_view:
            self._list_sort = (self.sort_key, self.sort_reverse)
            self.sort_key, self.sort_reverse = SortKey.DUE, False
        else:
            self.sort_key, self.sort_reverse = self._list_sort
        self._forget_order()
        self._show_rows()  # from the top: the most overdue first
        self.table.focus()

    def action_toggle_archived(self) -> None:
        self.show_archived = not self.show_archived
        self._forget_order()
        self._show_rows(keep=self.table.current_id)
        shown = "Showing archived people too." if self.show_archived else "Archived people hidden."
        self.notify(shown, timeout=2)

    def action_sort_next(self) -> None:
        index = SORT_CYCLE.index(self.sort_key)
        self._sort_by(SORT_CYCLE[(index + 1) % len(SORT_CYCLE)], reverse=False)

    def action_sort_reverse(self) -> None:
        self._sort_by(self.sort_key, reverse=not self.sort_reverse)

    @on(ContactTable.SortRequested)
    def _header_clicked(self, event: ContactTable.SortRequested) -> None:
        same = event.key is self.sort_key
        self._sort_by(event.key, reverse=not self.sort_reverse if same else False)

    def _sort_by(self, key: SortKey, *, reverse: bool) -> None:
        self.sort_key, self.sort_reverse = key, reverse
        self._forget_order()
        self._show_rows(keep=self.table.current_id)

    # -- filter ----------------------------------------------------------------------
    def action_filter(self) -> None:
        self.filter_input.display = True
        self.filter_input.focus()

    @on(Input.Changed, "#people-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value.strip()
        self._show_rows()

    @on(Input.Submitted, "#people-filter")
    def _filter_done(self, _: Input.Submitted) -> None:
        self._leave_filter()

    def _leave_filter(self) -> None:
        """Back to the list, keeping the filter (its box stays while it filters)."""
        if not self.query_text:
            self.filter_input.display = False
        self.table.focus()

    def action_to_table(self) -> None:
        if self.focused is self.filter_input:
            self._leave_filter()

    def action_back(self) -> None:
        """escape: clear the filter, then leave Reach out."""
        if self.query_text or self.focused is self.filter_input:
            self.filter_input.value = ""
            self.query_text = ""
            self.filter_input.display = False
            self._show_rows(keep=self.table.current_id)
            self.table.focus()
        elif self.reach_out_view:
            self.action_toggle_reach_out()


def _same(a: ContactSummary, b: ContactSummary) -> bool:
    return (
        a.last_contact == b.last_contact
        and a.next_due == b.next_due
        and a.interaction_count == b.interaction_count
    )
