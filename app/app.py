"""KithApp: five sections as Textual modes, global keys, welcome, support, help."""

from __future__ import annotations

import contextlib
import importlib
import threading
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import ModalScreen, Screen

from kith.app.commands import PALETTE_ACTIONS
from kith.app.sync_watch import DEFAULT_INTERVAL, SyncProbed, SyncWatch
from kith.data.clock import Clock
from kith.data.keymap import read_keys_file, unknown_ids, unknown_ids_problem
from kith.screens.help import HelpScreen, key_words
from kith.screens.loading import LoadingScreen
from kith.screens.saving import done_or_say

if TYPE_CHECKING:
    from rich.console import RenderableType

    from kith.data.reminders import Snapshot
    from kith.data.store import Store
    from kith.screens.base import SectionScreen

# The section screens, imported when first needed: at start-up Kith draws its first
# frame before it imports them (and pydantic, and the store) off the UI thread.
SECTION_MODULES: dict[str, tuple[str, str]] = {
    "home": ("kith.screens.home", "HomeScreen"),
    "checkin": ("kith.screens.checkin", "CheckinScreen"),
    "strategies": ("kith.screens.strategies", "StrategiesScreen"),
    "people": ("kith.screens.people", "PeopleScreen"),
    "insights": ("kith.screens.insights", "InsightsScreen"),
}


def section_screen(name: str) -> type[SectionScreen]:
    """One section's screen class (imports its module the first time)."""
    module, class_name = SECTION_MODULES[name]
    screen_class: type[SectionScreen] = getattr(importlib.import_module(module), class_name)
    return screen_class


def section_screens() -> dict[str, type[SectionScreen]]:
    """Every section's screen class, by section name (imports them)."""
    return {name: section_screen(name) for name in SECTION_MODULES}


def _import_quietly(*modules: str) -> None:
    """Import ``modules`` ahead of need, off the UI thread. A module that fails to
    import fails again, and is reported, when the UI thread needs it."""
    for module in modules:
        with contextlib.suppress(Exception):
            importlib.import_module(module)


# Needed to show Home; imported with the store, before Home is shown.
_FOR_HOME = ("kith.screens.home",)
# Everything else a key may open next; imported once Home is showing.
_FOR_LATER = (
    *(module for module, _ in SECTION_MODULES.values()),
    "kith.screens.support",
    "kith.screens.welcome",
    "kith.screens.contact_detail",
    "kith.screens.interaction_form",
    "kith.screens.checkin_take",
)


_HIDDEN_IN_HELP = {"focus_next", "focus_previous", "copy_text"}

# Actions that only make sense on a section screen, not inside a dialog.
_SECTION_ONLY = {
    "section",
    "new_contact",
    "log_interaction",
    "start_checkin",
    "settings",
    "quit_app",
}


def _is_wrong_passphrase(error: Exception) -> bool:
    from kith.data.errors import WrongPassphrase

    return isinstance(error, WrongPassphrase)


class KithApp(App[None]):
    TITLE = "Kith"
    SUB_TITLE = "social connection, one small step at a time"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        Binding("1", "section('home')", "Home", show=False, id="app.home"),
        Binding("2", "section('checkin')", "Check-in", show=False, id="app.checkin"),
        Binding("3", "section('strategies')", "Strategies", show=False, id="app.strategies"),
        Binding("4", "section('people')", "People", show=False, id="app.people"),
        Binding("5", "section('insights')", "Insights", show=False, id="app.insights"),
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        # Support is one key away from every screen, form and dialog (issue 14): a
        # priority binding reaches past a modal; Textual drops "!" from it while a
        # text field that types "!" has focus, so "!" there is a character.
        Binding("exclamation_mark,f2", "support", "Support", priority=True, id="app.support"),
        Binding("comma", "settings", "Settings", show=False, id="app.settings"),
        Binding("q", "quit_app", "Quit", id="app.quit"),
        Binding("u", "undo", "Undo", show=False, id="app.undo"),
    ]

    def __init__(
        self,
        store: Store | None = None,
        *,
        opener: Callable[[], Store] | None = None,
        clock: Clock | None = None,
        demo: bool = False,
        show_welcome: bool = True,
        cursor_blink: bool = True,
        unlock: Callable[[str], None] | None = None,
        sync_interval: float | None = DEFAULT_INTERVAL,
    ) -> None:
        """Give the open ``store``, or an ``opener`` that opens it: then the first
        frame is drawn at once and the store is opened off the UI thread (what the
        ``kith`` command does; if opening fails, the app exits with ``open_error``).

        ``unlock`` (an encrypted store, issue 16): the unlock screen comes first and
        calls ``unlock(passphrase)`` in a thread until it does not raise; then the
        store is opened with ``opener``. Three wrong passphrases end the app with
        ``unlock_refused`` set and exit code 1.
        ``sync_interval``: seconds between looks at the sync folder (None: only the
        first look after Home, and ``sync_watch.poll()``, as tests do)."""
        super().__init__()
        if (store is None) == (opener is None):
            raise ValueError("give either a store or an opener")
        self._store = store
        self._opener = opener
        self._unlock = unlock
        self.unlock_refused = False
        self._clock = clock
        self.open_error: Exception | None = None
        self._started = False
        self._exiting = False
        # Between the thread that opens the store and the UI thread.
        self._handover = threading.Lock()
        self._outcome: Store | Exception | None = None
        self._ended = False
        # The calendar feed: saves asked for, and the newest written (under the lock).
        self._feed_lock = threading.Lock()
        self._feed_wanted = 0
        self._feed_written = 0
        self._feed_queued = False
        self._feed_problem: str | None = None  # the last problem said, until a write works
        self.demo = demo
        self.show_welcome = show_welcome
        self.cursor_blink = cursor_blink
        # What keys.toml asked for (binding id -> keys), once the store is open.
        self.keys_wanted: dict[str, str] = {}
        self.sync_watch = SyncWatch(self, sync_interval)
        if demo:
            self.sub_title = "demo: a throwaway copy with made-up people"

    @property
    def store(self) -> Store:
        if self._store is None:
            raise RuntimeError("the store is not open yet")
        return self._store

    @property
    def opened_store(self) -> Store | None:
        """The store once it is open (None while opening, or if opening failed)."""
        return self._store

    @property
    def clock(self) -> Clock:
        return self._clock if self._clock is not None else self.store.clock

    def _section_factory(self, name: str) -> Callable[[], Screen[None]]:
        return lambda: section_screen(name)(self.store, self.clock)

    # -- start -------------------------------------------------------------------
    def on_mount(self) -> None:
        self._theme_at_start = self.theme
        if self._store is not None:
            self._start()
            return
        if self._unlock is not None:
            from kith.screens.unlock import UnlockScreen

            self.push_screen(
                UnlockScreen(self._unlock, is_wrong=_is_wrong_passphrase), self._unlock_done
            )
            return
        self._open_now()

    def _open_now(self) -> None:
        self.push_screen(LoadingScreen(on_resume=self._loading_showing))
        self.call_after_refresh(self._open_in_background)

    def _unlock_done(self, outcome: Exception | str | None) -> None:
        if outcome is None:
            self._open_now()  # unlocked: open the store with the key, as for a plain one
        elif isinstance(outcome, Exception):
            self._open_failed(outcome)  # truncated or tampered: the caller offers recovery
        else:
            self.unlock_refused = outcome == "refused"
            self.exit(return_code=1 if self.unlock_refused else 0)

    def _open_in_background(self) -> None:
        self.run_worker(self._open_store, thread=True, name="open the store", exit_on_error=False)

    class _OpenDone(Message):
        """The thread opening the store has finished (``KithApp._outcome`` says how)."""

    def _open_store(self) -> None:
        """In a thread: open the store and import Home's screen, then hand over.

        Never waits on the UI thread: if the app has ended meanwhile, the store is
        closed here (or by ``on_unmount``, whichever comes second)."""
        assert self._opener is not None
        outcome: Store | Exception
        try:
            outcome = self._opener()
        except Exception as error:  # handed to the UI thread, then to the caller
            outcome = error
        else:
            _import_quietly(*_FOR_HOME)
        with self._handover:
            kept = not self._ended
            if kept:
                self._outcome = outcome
        if kept:
            with contextlib.suppress(RuntimeError):  # the event loop has closed
                self.post_message(self._OpenDone())
        elif not isinstance(outcome, Exception):
            outcome.close()  # the app ended while the store was opening

    @on(_OpenDone)
    def _open_done(self) -> None:
        with self._handover:
            outcome, self._outcome = self._outcome, None
        if outcome is None:
            return
        if self._exiting:
            # Ending already (a signal, or q): no Home to build; the caller closes it.
            if not isinstance(outcome, Exception):
                self._store = outcome
            return
        if isinstance(outcome, Exception):
            self._open_failed(outcome)
        else:
            self._opened(outcome)

    def exit(
        self,
        result: None = None,
        return_code: int = 0,
        message: RenderableType | None = None,
    ) -> None:
        self._exiting = True
        super().exit(result, return_code, message)

    def on_unmount(self) -> None:
        with self._handover:
            self._ended = True
            outcome, self._outcome = self._outcome, None
        if outcome is not None and not isinstance(outcome, Exception):
            outcome.close()  # opened, never shown: the app ended first

    def _opened(self, store: Store) -> None:
        self._store = store
        # Support opened while the store was opening: it can show the person's list now.
        for screen in self.screen_stack:
            store_opened = getattr(screen, "store_opened", None)
            if callable(store_opened):
                store_opened(store)
        if isinstance(self.screen, LoadingScreen):
            self._start()
        # Otherwise a dialog is open over the loading screen: Home comes when it closes.

    def _loading_showing(self) -> None:
        if self._store is not None and not self._started:
            self._start()

    def _open_failed(self, error: Exception) -> None:
        self.open_error = error
        self.exit(return_code=1)

    def _start(self) -> None:
        self._started = True
        for name in SECTION_MODULES:
            self.add_mode(name, self._section_factory(name))
        settings = self.store.settings.get()
        if self.theme != self._theme_at_start:
            self._save_setting(theme=self.theme)  # chosen while the store was opening
        elif settings.theme in self.available_themes:
            self.theme = settings.theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.store.subscribe(self._store_changed)
        self._queue_feed()  # the feed's dates move with the day
        self._apply_keys_file()  # before the first section is drawn: its bar shows the keys
        self.switch_mode("home")
        self.sync_watch.start()  # the first look at the sync folder once Home shows
        if self.store.backup_problem:  # e.g. a full disk: the data is open all the same
            self.notify(
                self.store.backup_problem, title="No backup today", markup=False, timeout=12
            )
        if self._opener is not None:
            # Home first; what the next key may open is imported off the UI thread.
            self.call_after_refresh(
                self.run_worker,
                partial(_import_quietly, *_FOR_LATER),
                thread=True,
                name="import the other screens",
                exit_on_error=False,
            )
        if self.show_welcome and not settings.welcome_seen:
            from kith.screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen(self.store.data_dir), self._welcome_done)

    # -- your own keys (keys.toml) -------------------------------------------------
    def _apply_keys_file(self) -> None:
        """Use the keys ``keys.toml`` in the data folder asks for; say what was left out."""
        wanted = read_keys_file(self.store.data_dir)
        for problem in wanted.problems:
            self._say_about_keys(problem)
        if not wanted.keys:
            return
        self.keys_wanted = dict(wanted.keys)
        self.set_keymap(wanted.keys)
        # Finding which ids exist imports every screen: off the UI thread.
        self.run_worker(
            partial(self._check_keys, dict(wanted.keys)),
            thread=True,
            name="check keys.toml",
            exit_on_error=False,
        )

    def _check_keys(self, keys: dict[str, str]) -> None:
        """In a thread: say which ids name no binding, and which keys hide another."""
        from kith.app.keys import key_clashes, known_ids

        unknown = unknown_ids_problem(unknown_ids(keys, known_ids()))
        for problem in [*([unknown] if unknown else []), *key_clashes(keys)]:
            with contextlib.suppress(RuntimeError):  # the app has ended
                self.call_from_thread(self._say_about_keys, problem)

    def shown_key(self, action: str) -> str | None:
        """The first key of the app-wide binding that runs ``action`` (keys.toml
        applied), as the footer shows keys: ``"?"``, ``"f1"``, ``"ctrl+n"``."""
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.action == action:
                keys = self.keys_wanted.get(binding.id or "", binding.key)
                first = keys.split(",")[0].strip()
                return self.get_key_display(binding.with_key(key=first, key_display=None))
        return None

    def _say_about_keys(self, message: str) -> None:
        self.notify(message, title="Your keys", timeout=12, markup=False)

    def _welcome_done(self, _: None) -> None:
        self._save_setting(welcome_seen=True)

    def _theme_changed(self, _theme: object) -> None:
        if self.store.settings.get().theme != self.theme:
            self._save_setting(theme=self.theme)

    def _save_setting(self, **changes: object) -> None:
        done_or_say(self, lambda: self.store.settings.change(**changes))

    # -- the calendar feed, kept up to date after every save (Settings) --------------
    class _FeedStale(Message):
        """The store changed on another thread: the feed may need rewriting."""

    def _store_changed(self, _collection: str) -> None:
        if threading.get_ident() != self._thread_id:
            self.post_message(self._FeedStale())  # never waits on the UI thread
            return
        self._queue_feed()

    @on(_FeedStale)
    def _feed_stale(self) -> None:
        self._queue_feed()

    def _queue_feed(self) -> None:
        # After the save's own step, once for changes in a row (as the screens refresh).
        if not self._feed_queued:
            self._feed_queued = True
            self.call_later(self._update_feed)

    def _update_feed(self) -> None:
        self._feed_queued = False
        if self._store is None or not self._store.settings.get().feed.enabled:
            return
        from kith.data.reminders import snapshot_from_store

        self._feed_wanted += 1
        snapshot = snapshot_from_store(self._store)  # copies, on the UI thread
        self.run_worker(
            partial(self._write_feed, snapshot, self._feed_wanted),
            thread=True,
            group="calendar-feed",
            name="update the calendar feed",
            exit_on_error=False,
        )

    def _write_feed(self, snapshot: Snapshot, wanted: int) -> None:
        """In a thread: write the feed, unless a newer one was written already."""
        from kith.data.calendar_feed import refresh_feed
        from kith.data.errors import StoreError

        with self._feed_lock:
            if wanted < self._feed_written:
                return
            try:
                refresh_feed(snapshot)
            except (ValueError, StoreError) as error:
                message = f"The calendar file was not updated: {error}"
                if message != self._feed_problem:  # said once, not after every save
                    self._feed_problem = message
                    self.call_from_thread(
                        self.notify,
                        message,
                        title="Calendar feed",
                        severity="warning",
                        markup=False,
                    )
            else:
                self._feed_problem = None
            self._feed_written = wanted

    @on(SyncProbed)
    def _sync_probed(self, message: SyncProbed) -> None:
        self.sync_watch.probed(message)

    @on(events.DescendantFocus)
    def _steady_cursor(self, event: events.DescendantFocus) -> None:
        # Snapshots turn the blink off so every screenshot is the same.
        if not self.cursor_blink and hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False

    # -- actions -------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _SECTION_ONLY and self._store is None:
            return action == "quit_app"  # still opening: only leaving makes sense
        return not (action in _SECTION_ONLY and isinstance(self.screen, ModalScreen))

    def action_section(self, name: str) -> None:
        if name not in SECTION_MODULES or self._store is None:
            return
        if self.current_mode == name:
            # Pressing the section's key again goes back to its first screen.
            while len(self.screen_stack) > 1 and not isinstance(self.screen, ModalScreen):
                self.pop_screen()
            return
        self.switch_mode(name)

    def _run_in_section(self, name: str, action: str) -> None:
        self.action_section(name)

        async def run() -> None:
            screen = self.screen
            if getattr(screen, "SECTION", None) == name:
                await self.run_action(action, screen)

        self.call_after_refresh(run)

    def action_new_contact(self) -> None:
        self._run_in_section("people", "new_contact")

    def action_log_interaction(self) -> None:
        self._run_in_section("people", "log_interaction")

    def action_safety_plan(self) -> None:
        from kith.screens.safety_plan import SafetyPlanScreen

        store = self.opened_store
        if store is not None and not isinstance(self.screen, SafetyPlanScreen):
            self.push_screen(SafetyPlanScreen(store))

    def action_rethink(self) -> None:
        self._run_in_section("strategies", "rethink")

    def action_start_checkin(self, instrument: str = "quick") -> None:
        self._run_in_section("checkin", f"start('{instrument}')")

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        name = getattr(self.screen, "TITLE_TEXT", "") or type(self.screen).__name__
        groups = self.key_groups()
        self.push_screen(HelpScreen(groups[0], name, groups[1]))

    def screen_keys(self) -> list[tuple[str, str]]:
        """The current screen's keys for the help: the screen's own first, then the
        focused widget's; keys that do the same thing are shown together."""
        own, focused = self.key_groups()
        return own + focused

    def key_groups(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """Kith's keys that work now, in words: the screen's own, then those of the
        focused widget and its containers. Textual's own widget keys (which have no
        binding id) are left out; keys that do the same thing are shown together."""
        grouped: dict[tuple[int, str], list[str]] = {}
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if active.node is self or not binding.description or binding.system:
                continue
            if not binding.id or binding.action.rpartition(".")[2] in _HIDDEN_IN_HELP:
                continue
            rank = 0 if active.node is self.screen else 1
            labels = grouped.setdefault((rank, binding.description), [])
            label = key_words(key)
            if label not in labels:
                labels.append(label)
        rows: tuple[list[tuple[str, str]], list[tuple[str, str]]] = ([], [])
        for (rank, description), labels in grouped.items():
            if (0, description) in grouped and rank == 1:
                continue  # the screen already says it
            rows[rank].append((" / ".join(labels), description))
        return rows

    def action_support(self) -> None:
        from kith.screens.support import SupportScreen

        if isinstance(self.screen, SupportScreen):
            return
        self.push_screen(SupportScreen(self._store))

    def action_settings(self) -> None:
        from kith.data.schedule import installed
        from kith.screens.settings import SettingsScreen

        if self._store is None or isinstance(self.screen, SettingsScreen):
            return
        self.push_screen(SettingsScreen(self.store, installed(), can_install=not self.demo))

    def action_changed_elsewhere(self) -> None:
        """The records changed on two machines at once (sync, issue 17)."""
        from kith.screens.sync_changes import ChangedElsewhereScreen

        if self._store is not None and not isinstance(self.screen, ChangedElsewhereScreen):
            self.push_screen(ChangedElsewhereScreen(self._store))

    def action_sync_now(self) -> None:
        """Look at the sync folder now (after turning sync on in Settings)."""
        self.sync_watch.poll()

    def action_quit_app(self) -> None:
        self.exit()

    def action_search_everything(self) -> None:
        from kith.screens.search import SearchScreen

        if self._store is not None:
            self.push_screen(SearchScreen(self._store, self.clock))

    def action_undo(self) -> None:
        """Undo the session's last delete, archive or done, saying what came back."""
        from kith.data.errors import StoreError

        store = self._store
        if store is None:
            return
        try:
            said = store.undo.undo(store)
        except StoreError as error:
            self.notify(str(error), title="Not undone", severity="error", markup=False)
            return
        self.notify(said or "Nothing to undo in this session.", title="Undo", markup=False)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for entry in PALETTE_ACTIONS:
            yield SystemCommand(entry.title, entry.help, self._palette_callback(entry.action))
        yield from super().get_system_commands(screen)

    def _palette_callback(self, action: str) -> Callable[[], object]:
        async def run() -> None:
            await self.run_action(action)

        return run

    @property
    def data_dir(self) -> Path:
        return self.store.data_dir

    def deliver_screenshot(
        self,
        filename: str | None = None,
        path: str | None = None,
        time_format: str | None = None,
    ) -> str | None:
        """The palette's "Screenshot": into the data folder's ``screenshots/``, and
        say where (Textual's own saves into ~/Downloads, and fails without it)."""
        from kith.data.errors import StoreWriteError
        from kith.data.screenshots import save_screenshot

        if self._store is None:
            self.notify("Kith is still opening; try again in a moment.", markup=False)
            return None
        try:
            now = self.clock.now().astimezone(self.clock.tz)
            saved = save_screenshot(self.store.data_dir, self.export_screenshot(), now)
        except StoreWriteError as error:
            reason = error.cause.strerror or str(error.cause)
            self.notify(
                f"Kith could not save the picture ({reason}) in {error.path}.",
                title="Screenshot not saved",
                severity="error",
                markup=False,
            )
            return None
        message = f"Saved a picture of this screen: {saved}"
        if self.demo:
            message += " (the demo's folder goes when Kith closes: copy it first)"
        self.notify(message, title="Screenshot", markup=False)
        return str(saved)
