"""Settings' sync section (issue 17): whether sync is on, the folder, this machine's
name, the other machines and when each last wrote, the collisions waiting; a folder
(checked beside the field) and a name to turn it on, a button to turn it off, and
one to "Changed on another machine".

Whatever touches the sync folder (turning on writes every record there; the status
reads this machine's log once) runs in a daemon thread: a folder on a gone network
mount keeps that thread waiting, never the screen. The section is its own widget, so
that Settings itself only places it."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from datetime import tzinfo
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from kith.data import sync
from kith.data.errors import StoreError
from kith.data.store import Store
from kith.data.sync import SyncStatus
from kith.data.words import words
from kith.screens.form import FormField
from kith.screens.sync_changes import when_words


def status_lines(found: SyncStatus, tz: tzinfo | None = None) -> list[str]:
    """The other machines and the collisions, in words."""
    said = words().sync
    lines = [
        said.machine.format(name=m.name, when=when_words(m.last_write, tz)) for m in found.machines
    ]
    if not lines:
        lines.append(said.no_others)
    count = len(found.collisions)
    lines.append(
        said.collisions_some.format(records=_records(count)) if count else said.collisions_none
    )
    lines.extend(found.problems)
    return lines


def _records(count: int) -> str:
    return "1 record" if count == 1 else f"{count} records"


class SyncSection(Vertical):
    """Sync in Settings. ``can_enable``: False in the demo."""

    DEFAULT_CSS = """
    SyncSection { height: auto; }
    SyncSection .sync-heading { text-style: bold; color: $accent; margin-top: 1; }
    SyncSection #sync-status, SyncSection #sync-machines { height: auto; }
    SyncSection #sync-machines { color: $text-muted; }
    SyncSection #sync-off-part, SyncSection #sync-on-part { height: auto; }
    SyncSection .sync-row { height: auto; }
    SyncSection .sync-row > FormField { width: 1fr; margin-right: 1; }
    SyncSection #field-sync_folder { width: 3fr; }
    SyncSection .sync-buttons { height: auto; margin-bottom: 1; }
    SyncSection .sync-buttons > Button { margin-right: 2; }
    SyncSection.-on #sync-off-part { display: none; }
    SyncSection.-off #sync-on-part { display: none; }
    SyncSection.-demo #sync-off-part, SyncSection.-demo #sync-on-part { display: none; }
    SyncSection #sync-outcome { display: none; }
    SyncSection #sync-outcome.-shown { display: block; margin-bottom: 1; }
    """

    class _Done(Message):
        """A thread has finished: ``apply`` runs on the UI thread."""

        def __init__(self, apply: Callable[[], None]) -> None:
            super().__init__()
            self.apply = apply

    def __init__(self, store: Store, *, can_enable: bool = True) -> None:
        super().__init__(id="sync-section")
        self.store = store
        self.can_enable = can_enable
        self.busy = False
        self._unsubscribe: Callable[[], None] | None = None

    def compose(self) -> ComposeResult:
        said = words().sync
        yield Static(Content("Sync with your other machines"), classes="sync-heading")
        yield Static("", id="sync-status")
        yield Static("", id="sync-machines")
        yield Static("", id="sync-outcome")
        with Vertical(id="sync-off-part"):
            with Horizontal(classes="sync-row"):
                yield FormField(
                    "sync_folder",
                    "Sync folder",
                    Input(placeholder="~/Sync/kith", id="sync-folder"),
                )
                yield FormField(
                    "sync_name",
                    "Machine name",
                    Input(placeholder=sync.default_name(), id="sync-name"),
                )
            with Horizontal(classes="sync-buttons"):
                yield Button(Content("Turn sync on"), id="sync-on", compact=True)
        with Vertical(id="sync-on-part"), Horizontal(classes="sync-buttons"):
            yield Button(Content(said.list_title), id="sync-changes", compact=True)
            yield Button(Content("Turn sync off"), id="sync-off", compact=True)

    def on_mount(self) -> None:
        self._unsubscribe = self.store.subscribe(self._store_changed)
        self.show()

    def on_unmount(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()

    def _store_changed(self, _collection: str) -> None:
        # Saves and merges run on the UI thread; a section that is gone hears nothing.
        if self.is_attached:
            self.call_later(self.show)

    # -- what it shows ----------------------------------------------------------------
    def show(self) -> None:
        said = words().sync
        status = self.query_one("#sync-status", Static)
        machines = self.query_one("#sync-machines", Static)
        cfg = sync.config(self.store) if self.can_enable else None
        self.set_class(not self.can_enable, "-demo")
        self.set_class(cfg is not None, "-on")
        self.set_class(cfg is None and self.can_enable, "-off")
        if not self.can_enable:
            status.update(Content(said.demo))
            machines.update("")
            return
        if cfg is None:
            status.update(Content(said.off))
            machines.update("")
            return
        status.update(Content(said.on.format(folder=cfg.folder, name=cfg.name)))
        self._in_thread(self._read_status)

    def _read_status(self) -> Callable[[], None]:
        """In a thread: the machines and collisions (reads this machine's log once)."""
        try:
            found = sync.status(self.store)
        except Exception:  # a merge changed the state meanwhile, or the folder is gone
            return lambda: None
        if found is None:
            return lambda: None
        lines = status_lines(found, self.store.clock.tz)
        count = len(found.collisions)

        def apply() -> None:
            self.query_one("#sync-machines", Static).update(Content("\n".join(lines)))
            label = words().sync.list_title + (f" ({count})" if count else "")
            self.query_one("#sync-changes", Button).label = Content(label)

        return apply

    def _in_thread(self, work: Callable[[], Callable[[], None]]) -> None:
        def run() -> None:
            apply = work()
            with contextlib.suppress(RuntimeError):  # the app has ended
                self.post_message(self._Done(apply))

        threading.Thread(target=run, name="kith-sync-settings", daemon=True).start()

    @on(_Done)
    def _done(self, message: _Done) -> None:
        message.stop()
        if self.is_attached:
            message.apply()

    def _say(self, text: str) -> None:
        outcome = self.query_one("#sync-outcome", Static)
        outcome.update(Content(text))
        outcome.set_class(bool(text), "-shown")

    def _focus_later(self, selector: str, shown: Widget) -> None:
        """Focus ``selector`` and bring ``shown`` into view, once the part that was
        hidden until now has been laid out."""

        def focus() -> None:
            self.query_one(selector).focus(scroll_visible=False)
            shown.scroll_visible(animate=False)

        self.call_after_refresh(focus)

    # -- turning it on and off ------------------------------------------------------------
    @on(Input.Submitted, "#sync-folder, #sync-name")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.turn_on()

    @on(Button.Pressed, "#sync-on")
    def _on_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.turn_on()

    def turn_on(self) -> None:
        if self.busy or not self.can_enable:
            return
        folder_field = self.query_one("#field-sync_folder", FormField)
        folder_field.clear_error()
        typed = self.query_one("#sync-folder", Input).value.strip()
        name = self.query_one("#sync-name", Input).value.strip() or None
        if not typed:
            folder_field.show_error("Choose a folder that your sync app copies between machines.")
            self.query_one("#sync-folder", Input).focus()
            return
        self.busy = True
        self._say(words().sync.turning_on)
        store = self.store

        def work() -> Callable[[], None]:
            try:
                sync.enable(store, Path(typed), name)
            except sync.SyncError as error:
                problem = str(error)
            except (StoreError, OSError) as error:
                problem = (
                    f"Kith could not turn sync on: {getattr(error, 'strerror', None) or error}"
                )
            else:
                problem = ""

            def apply() -> None:
                self.busy = False
                if problem:
                    self._say("")
                    folder_field.show_error(problem)
                    self._focus_later("#sync-folder", folder_field)
                    return
                self._say(words().sync.turned_on)
                self.show()
                self._focus_later("#sync-off", self)
                self.app.call_later(
                    self.app.run_action, "sync_now"
                )  # what the other machines wrote comes in

            return apply

        self._in_thread(work)

    @on(Button.Pressed, "#sync-off")
    def _off_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        try:
            sync.disable(self.store)
        except OSError as error:
            self._say(f"Kith could not turn sync off: {error.strerror or error}")
            return
        self._say(words().sync.turned_off)
        self.show()
        self._focus_later("#sync-folder", self)

    @on(Button.Pressed, "#sync-changes")
    def _changes_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.app.call_later(self.app.run_action, "changed_elsewhere")
