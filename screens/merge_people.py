"""Merge two people (``m`` on People and on a person's page): choose who to merge into,
see what differs and choose which to keep, confirm; ``u`` undoes it in the session.

The pure part (what differs, what is combined, what moves) is ``kith.data.merge_people``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from kith.data.merge_people import (
    GONE,
    KEEP,
    Difference,
    Side,
    combined_words,
    differences,
    merge_in_store,
    plan_merge,
)
from kith.data.models import Contact
from kith.data.store import Store
from kith.data.vcard import name_key
from kith.screens.saving import done_or_say
from kith.widgets.text import markup

PICK_SHOWN = 200  # people listed at once in the picker (the filter finds the rest)


class MergePickScreen(ModalScreen[str | None]):
    """Whom to merge ``contact`` into: a filterable list of everyone else."""

    CSS_PATH = "people.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="merge-pick.cancel"),
        Binding("down", "to_list", "To the list", show=False, id="merge-pick.to-list"),
    ]

    def __init__(self, contact: Contact, others: Sequence[Contact]) -> None:
        super().__init__(classes="merge")
        self.contact = contact
        self.others = sorted(
            (c for c in others if c.id != contact.id), key=lambda c: (c.name.casefold(), c.id)
        )

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(markup("Merge [b]$name[/] into…", name=self.contact.name), classes="title")
            yield Input(placeholder="type to filter by name", id="merge-filter", compact=True)
            yield OptionList(id="merge-list")
            yield Static(
                Content.from_markup("[b]enter[/] choose · [b]esc[/] cancel"), classes="hint"
            )

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    def _fill(self, typed: str) -> None:
        key = name_key(typed)
        words = key.split()
        found = [c for c in self.others if all(word in name_key(c.name) for word in words)]
        # Names like this person's first: the likely duplicate.
        first = name_key(self.contact.name).split()[:1]
        found.sort(key=lambda c: not (first and name_key(c.name).startswith(first[0])))
        listing = self.query_one(OptionList)
        listing.clear_options()
        listing.add_options(
            Option(
                markup(
                    "$name [dim]$circle[/]",
                    name=c.name,
                    circle=c.circle.label + (" · archived" if c.archived else ""),
                ),
                id=c.id,
            )
            for c in found[:PICK_SHOWN]
        )
        if found:
            listing.highlighted = 0
        else:
            listing.add_option(
                Option(Content("No one else by that name: type less of it."), disabled=True)
            )

    @on(Input.Changed, "#merge-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#merge-filter")
    def _submitted(self) -> None:
        listing = self.query_one(OptionList)
        if listing.highlighted is not None and listing.option_count:
            self.dismiss(listing.get_option_at_index(listing.highlighted).id)

    @on(OptionList.OptionSelected, "#merge-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_to_list(self) -> None:
        self.query_one(OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)


class MergePreviewScreen(ModalScreen[dict[str, Side] | None]):
    """What differs, each with the value that stays (enter or space switches it), and
    what is brought over; ``ctrl+s``/``y`` merges, ``escape`` cancels."""

    CSS_PATH = "people.tcss"
    BINDINGS = [
        Binding("ctrl+s,y", "merge", "Merge", id="merge-preview.merge"),
        Binding("escape,n", "cancel", "Cancel", id="merge-preview.cancel"),
        Binding("space", "switch", "Switch", show=False, id="merge-preview.switch"),
    ]

    def __init__(self, keep: Contact, gone: Contact, brought: str) -> None:
        super().__init__(classes="merge")
        self.keep = keep
        self.gone = gone
        self.brought = brought
        self.diffs: list[Difference] = differences(keep, gone)
        self.choices: dict[str, Side] = {d.field: d.default for d in self.diffs}

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(
                markup(
                    "Merge [b]$gone[/] into [b]$keep[/]?", gone=self.gone.name, keep=self.keep.name
                ),
                classes="title",
            )
            if self.diffs:
                yield Static(
                    Content("Where they differ, ● is kept (enter or space switches):"),
                    classes="note",
                )
                yield OptionList(*self._options(), id="merge-differences")
            else:
                yield Static(Content("Nothing differs between them."), classes="note")
            yield Static(Content(self.brought), id="merge-brought", classes="note")
            yield Static(
                Content("One person stays. u undoes the merge until you close Kith."),
                classes="note",
            )
            with Horizontal(id="buttons"):
                yield Button(Content("Merge (ctrl+s)"), id="merge", variant="primary")
                yield Button(Content("Cancel (esc)"), id="cancel")

    def _options(self) -> list[Option]:
        options = []
        for diff in self.diffs:
            kept = self.choices[diff.field]
            mine = "●" if kept == KEEP else "○"
            theirs = "●" if kept == GONE else "○"
            options.append(
                Option(
                    markup(
                        "[b]$label[/]  $mine $keep   $theirs $gone",
                        label=diff.label,
                        mine=mine,
                        keep=diff.keep,
                        theirs=theirs,
                        gone=diff.gone,
                    ),
                    id=diff.field,
                )
            )
        return options

    def on_mount(self) -> None:
        if self.diffs:
            listing = self.query_one(OptionList)
            listing.highlighted = 0
            listing.focus()
        else:
            self.query_one("#merge", Button).focus()

    def _refresh_options(self) -> None:
        listing = self.query_one(OptionList)
        at = listing.highlighted
        listing.clear_options()
        listing.add_options(self._options())
        listing.highlighted = at

    @on(OptionList.OptionSelected, "#merge-differences")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._switch(event.option.id)

    def action_switch(self) -> None:
        if not self.diffs:
            return
        listing = self.query_one(OptionList)
        if listing.highlighted is not None:
            self._switch(listing.get_option_at_index(listing.highlighted).id)

    def _switch(self, field: str | None) -> None:
        if field in self.choices:
            self.choices[field] = GONE if self.choices[field] == KEEP else KEEP
            self._refresh_options()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "merge":
            self.action_merge()
        else:
            self.action_cancel()

    def action_merge(self) -> None:
        self.dismiss(dict(self.choices))

    def action_cancel(self) -> None:
        self.dismiss(None)


def start_merge(
    screen: Screen[Any],
    store: Store,
    contact: Contact,
    then: Callable[[Contact], None] | None = None,
) -> None:
    """``m``: choose whom to merge ``contact`` into, preview, merge (undoable with u);
    ``then`` gets the person who stays."""
    others = [c for c in store.contacts.list() if c.id != contact.id]
    if not others:
        screen.notify("There is no one else in People to merge with.", markup=False)
        return

    def picked(keep_id: str | None) -> None:
        keep = store.contacts.get(keep_id) if keep_id else None
        gone = store.contacts.get(contact.id)
        if keep is None or gone is None:
            return
        try:
            changes = plan_merge(
                keep,
                gone,
                contacts=store.contacts.list(),
                interactions=store.interactions.list(),
            )
        except ValidationError as error:  # e.g. their notes together are too long
            screen.notify(
                f"These two cannot be merged as they are: {error.errors()[0]['msg']}",
                title="Not merged",
                severity="warning",
                markup=False,
            )
            return
        brought = combined_words(keep, gone, changes)

        def confirmed(choices: dict[str, Side] | None) -> None:
            if choices is None:
                return
            said = f"{gone.name} and {keep.name} are two people again."

            def run() -> None:
                with store.undo.recording(store, said):
                    merge_in_store(store, keep.id, gone.id, choices)

            if not done_or_say(screen, run, title="Not merged"):
                return
            kept = store.contacts.require(keep.id)
            screen.notify(
                f"{gone.name} and {keep.name} are one person now: {kept.name}. Press u to undo.",
                markup=False,
            )
            if then is not None:
                then(kept)

        screen.app.push_screen(MergePreviewScreen(keep, gone, brought), confirmed)

    screen.app.push_screen(MergePickScreen(contact, others), picked)
