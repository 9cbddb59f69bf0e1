""" "Changed on another machine" (sync, issue 17): the records changed here and on
another machine before either saw the other's change, and, for one of them, both
versions field by field with a key to keep each side. The choice is saved as a new
version (``sync.resolve``), which every machine then takes.

Reached from Settings, from the command palette, and from Home's quiet line."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

import orjson
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kith.data import sync
from kith.data.collections import COLLECTION_WORDS
from kith.data.errors import StoreError
from kith.data.store import Store
from kith.data.sync import Collision
from kith.data.text import printable
from kith.data.words import words
from kith.screens.saving import say_not_saved

HIDDEN_FIELDS = frozenset({"id", "created", "updated"})  # bookkeeping, not the person's words
VALUE_MAX = 200  # characters of one value shown


def kind_words(collection: str) -> str:
    return COLLECTION_WORDS.get(collection, (collection, collection))[0]


def when_words(moment: datetime | None, tz: tzinfo | None = None) -> str:
    """A moment in the clock's time zone (the local one by default)."""
    if moment is None:
        return words().sync.never
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def value_words(value: Any) -> str:
    """A stored value in plain words: text as it is, the rest as compact JSON."""
    if value is None or value == "" or value == [] or value == {}:
        return words().sync.empty_value
    text = value if isinstance(value, str) else orjson.dumps(value).decode()
    return printable(text, VALUE_MAX)


def field_label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def differences(mine: dict[str, Any], theirs: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(field, this machine's value, the other's) for each field that differs; a
    deleted side reads "(deleted)"."""
    deleted = words().sync.deleted
    if not mine or not theirs:
        here = deleted if not mine else _summary(mine)
        there = deleted if not theirs else _summary(theirs)
        return [("Record", here, there)]
    out = []
    for name in sorted(set(mine) | set(theirs)):
        if name in HIDDEN_FIELDS or mine.get(name) == theirs.get(name):
            continue
        out.append((field_label(name), value_words(mine.get(name)), value_words(theirs.get(name))))
    return out


def _summary(doc: dict[str, Any]) -> str:
    return value_words(doc.get("name") or doc.get("notes") or doc.get("title") or "")


class ChangedElsewhereScreen(ModalScreen[None]):
    """Every collision waiting: kind, who or what, which machine, when."""

    CSS_PATH = "sync_changes.tcss"
    BINDINGS = [
        Binding("escape", "dismiss", "Back", id="changed-elsewhere.back"),
        Binding("j", "cursor(1)", "Down", show=False, id="changed-elsewhere.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="changed-elsewhere.up"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__(classes="changed-elsewhere")
        self.store = store
        self.items: list[Collision] = []

    def compose(self) -> ComposeResult:
        said = words().sync
        with Vertical(id="dialog"):
            yield Static(Content(said.list_title), classes="title")
            yield Static(Content(said.list_intro), id="changed-intro")
            yield OptionList(id="changed-list")
            yield Static(
                Content.from_markup(
                    "[b]enter[/] look and choose · [b]f2[/] support · [b]esc[/] back"
                ),
                classes="hint",
            )

    def on_mount(self) -> None:
        self.refill()
        self.query_one(OptionList).focus()

    def refill(self) -> None:
        said = words().sync
        try:
            self.items = sync.collisions(self.store)
        except (sync.SyncError, StoreError, OSError):
            self.items = []
        listing = self.query_one(OptionList)
        at = listing.highlighted
        listing.clear_options()
        if not self.items:
            listing.add_option(Option(Content(said.list_empty), disabled=True))
            return
        listing.add_options(
            Option(
                Content(
                    said.list_row.format(
                        kind=kind_words(item.collection).capitalize(),
                        label=item.label,
                        machine=item.their_machine,
                        when=when_words(item.when, self.store.clock.tz),
                    )
                ),
                id=item.id,
            )
            for item in self.items
        )
        listing.highlighted = min(at or 0, len(self.items) - 1)

    def action_cursor(self, step: int) -> None:
        listing = self.query_one(OptionList)
        if step > 0:
            listing.action_cursor_down()
        else:
            listing.action_cursor_up()

    @on(OptionList.OptionSelected, "#changed-list")
    def _open(self, event: OptionList.OptionSelected) -> None:
        chosen = next((c for c in self.items if c.id == event.option.id), None)
        if chosen is not None:
            self.app.push_screen(CollisionScreen(self.store, chosen), self._detail_closed)

    def _detail_closed(self, _: str | None) -> None:
        self.refill()


class CollisionScreen(ModalScreen[str | None]):
    """Both versions of one record, field by field; ``m`` keeps this machine's,
    ``t`` takes the other's. Dismissed with the collision's id once chosen."""

    CSS_PATH = "sync_changes.tcss"
    BINDINGS = [
        Binding("m", "keep('mine')", "Keep this machine's", id="collision.mine"),
        Binding("t", "keep('theirs')", "Take the other's", id="collision.theirs"),
        Binding("escape", "back", "Back", id="collision.back"),
        Binding("j,down", "scroll(1)", "Down", show=False, id="collision.down"),
        Binding("k,up", "scroll(-1)", "Up", show=False, id="collision.up"),
    ]

    def __init__(self, store: Store, collision: Collision) -> None:
        super().__init__(classes="collision")
        self.store = store
        self.collision = collision

    def compose(self) -> ComposeResult:
        said = words().sync
        item = self.collision
        machine = item.their_machine
        with Vertical(id="dialog"):
            yield Static(
                Content(f"{kind_words(item.collection).capitalize()}: {item.label}"),
                classes="title",
            )
            yield Static(
                Content(
                    said.detail_intro.format(
                        machine=machine, when=when_words(item.when, self.store.clock.tz)
                    )
                ),
                id="collision-intro",
            )
            with VerticalScroll(id="collision-fields", can_focus=False):
                found = differences(item.mine, item.theirs)
                if not found:
                    yield Static(Content(said.detail_same), classes="collision-same")
                theirs = said.theirs_heading.format(machine=machine)
                width = max(len(said.mine_heading), len(theirs)) + 2
                for label, here, there in found:
                    yield Static(
                        Content.assemble(
                            (label, "bold"),
                            "\n",
                            (f"  {said.mine_heading}:".ljust(width + 3), "$text-muted"),
                            here,
                            "\n",
                            (f"  {theirs}:".ljust(width + 3), "$text-muted"),
                            there,
                        ),
                        classes="collision-field",
                    )
            yield Static(
                Content.from_markup(
                    "[b]m[/] keep this machine's · [b]t[/] take $machine's · "
                    "[b]f2[/] support · [b]esc[/] back",
                    machine=machine,
                ),
                classes="hint",
            )

    def action_scroll(self, step: int) -> None:
        pane = self.query_one("#collision-fields", VerticalScroll)
        pane.scroll_relative(y=step * 2, animate=False)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_keep(self, side: str) -> None:
        item = self.collision
        said = words().sync
        try:
            sync.resolve(self.store, item.id, "mine" if side == "mine" else "theirs")
        except sync.SyncError as error:
            self.notify(str(error), title=said.list_title, markup=False)
            self.dismiss(None)
            return
        except (StoreError, OSError) as error:
            if isinstance(error, StoreError):
                say_not_saved(self, error)
            else:
                self.notify(str(error.strerror or error), title="Not saved", markup=False)
            return
        self.store.notify_changed("sync")  # Home's quiet line and Settings follow
        text = (
            said.kept_mine.format(label=item.label)
            if side == "mine"
            else said.took_theirs.format(machine=item.their_machine, label=item.label)
        )
        self.app.notify(text, title=said.list_title, markup=False)
        self.dismiss(item.id)
