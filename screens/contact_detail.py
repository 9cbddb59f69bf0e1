"""One person: their profile, things to remember, and your time together, newest first."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from kith.data.clock import Clock, today
from kith.data.dates import day_label
from kith.data.models import Contact
from kith.data.people import contact_stats, summarize, timeline
from kith.data.relations import relations
from kith.data.store import Store
from kith.screens.base import SectionScreen
from kith.screens.confirm import ConfirmScreen
from kith.screens.people_actions import (
    confirm_delete_contact,
    open_contact_form,
    open_log_form,
    toggle_archived,
)
from kith.screens.saving import NOT_DELETED, done_or_say
from kith.widgets.people_profile import ContactProfile
from kith.widgets.people_timeline import TimelineTable
from kith.widgets.scroll_pane import ScrollPane
from kith.widgets.text import markup


class ContactDetailScreen(SectionScreen):
    SECTION = "people"
    TITLE_TEXT = "A person"
    CSS_PATH = "people.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    BINDINGS = [
        Binding("escape", "back", "Back", id="person.back"),
        Binding("l", "log_interaction", "Log", id="person.log"),
        Binding("e", "edit", "Edit", id="person.edit"),
        Binding("d", "delete", "Delete", id="person.delete"),
        Binding("x", "archive", "Archive or bring back", show=False, id="person.archive"),
        Binding(
            "delete",
            "delete_interaction",
            "Delete interaction",
            show=False,
            id="person.delete-interaction",
        ),
        Binding("n", "new_contact", "New person", show=False, id="person.new"),
        Binding("m", "merge", "Merge with…", show=False, id="person.merge"),
    ]

    def __init__(self, store: Store, clock: Clock, contact_id: str) -> None:
        super().__init__(store, clock)
        self.contact_id = contact_id

    def compose_body(self) -> Iterable[Widget]:
        with Horizontal(id="detail-body"):
            with ScrollPane(id="detail-profile", more_keys="tab, then ↓"):
                yield ContactProfile(id="profile")
            with Vertical(id="detail-timeline"):
                yield Static("", id="timeline-title")
                yield TimelineTable(id="timeline")
                yield Static("", id="timeline-empty")

    @property
    def contact(self) -> Contact | None:
        return self.store.contacts.get(self.contact_id)

    def on_mount(self) -> None:
        # Textual also runs SectionScreen.on_mount (handlers run for every class).
        self.query_one(TimelineTable).focus()

    def _store_changed(self, collection: str) -> None:
        if collection in ("contacts", "interactions"):
            super()._store_changed(collection)

    def refresh_data(self) -> None:
        contact = self.contact
        if contact is None:  # deleted (from here, Home or the command line): nothing to show
            self.call_later(self._leave)
            return
        now = today(self.clock)
        items = timeline(contact.id, self.store.interactions.list())
        summary = summarize([contact], items, now, tz=self.clock.tz)[contact.id]
        self.sub_title = contact.name
        stats = contact_stats(items, now)
        people = relations(contact, self.store.contacts.list())
        self.query_one(ContactProfile).show(summary, stats, now, people)
        names = {}
        for item in items:
            for cid in item.contact_ids:
                if cid not in names and (other := self.store.contacts.get(cid)):
                    names[cid] = other.name
        table = self.query_one(TimelineTable)
        table.show(items, now, contact.id, names, keep=table.current_id)
        title = Content.from_markup("[b]Time together[/]")
        if items:
            title += Content(
                f" · {stats.total} logged · 30 days: {stats.last_30} · 90 days: {stats.last_90}"
            )
        self.query_one("#timeline-title", Static).update(title)
        empty = self.query_one("#timeline-empty", Static)
        table.display = bool(items)
        empty.display = not items
        empty.update(
            markup(
                "Nothing logged with $name yet. Press l after you next call, message or meet.",
                name=contact.name,
            )
        )

    # -- actions -------------------------------------------------------------------
    def action_back(self) -> None:
        self.dismiss()

    def _leave(self) -> None:
        """Back to where this page was opened from, if it is still showing."""
        if self.is_current:
            self.dismiss()

    def action_log_interaction(self) -> None:
        contact = self.contact
        if contact is not None:
            open_log_form(self, self.store, self.clock, people=[contact])

    def action_new_contact(self) -> None:
        open_contact_form(self, self.store)

    def action_edit(self) -> None:
        contact = self.contact
        if contact is not None:
            open_contact_form(self, self.store, contact)

    def action_archive(self) -> None:
        contact = self.contact
        if contact is not None:
            toggle_archived(self, self.store, contact)

    def action_delete(self) -> None:
        contact = self.contact
        if contact is not None:
            # Once deleted, refresh_data finds no one and goes back.
            confirm_delete_contact(self, self.store, contact)

    def action_merge(self) -> None:
        """Merge this person into another; this page then leaves (they are gone)."""
        contact = self.contact
        if contact is not None:
            from kith.screens.merge_people import start_merge

            start_merge(self, self.store, contact)

    @on(TimelineTable.Chosen)
    def _edit_interaction(self, event: TimelineTable.Chosen) -> None:
        item = self.store.interactions.get(event.interaction_id)
        if item is not None:
            open_log_form(self, self.store, self.clock, interaction=item)

    def action_delete_interaction(self) -> None:
        table = self.query_one(TimelineTable)
        item_id = table.current_id if self.focused is table else None
        item = self.store.interactions.get(item_id) if item_id else None
        if item is None:
            return
        when = day_label(item.date, today(self.clock)).lower()
        others = len(item.contact_ids) - 1
        detail = "It is gone for everyone in it." if others else ""

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            said = f"The {item.mode.label.lower()} from {when} is back."

            def delete() -> None:
                with self.store.undo.recording(self.store, said):
                    self.store.interactions.delete(item.id)

            if not done_or_say(self, delete, title=NOT_DELETED):
                return
            self.notify("Interaction deleted. Press u to undo.")

        self.app.push_screen(
            ConfirmScreen(
                Content(f"Delete the {item.mode.label.lower()} from {when}?"),
                detail=Content(detail),
                yes="Delete",
                danger=True,
            ),
            answered,
        )
