"""KithApp: five sections as Textual modes, global keys, welcome, support, help."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import ModalScreen, Screen

from app.commands import PALETTE_ACTIONS
from data.clock import Clock
from data.errors import StoreError
from data.store import Store
from screens.base import SectionScreen
from screens.checkin import CheckinScreen
from screens.help import HelpScreen
from screens.home import HomeScreen
from screens.insights import InsightsScreen
from screens.people import PeopleScreen
from screens.strategies import StrategiesScreen
from screens.support import SupportScreen
from screens.welcome import WelcomeScreen

SECTION_SCREENS: dict[str, type[SectionScreen]] = {
    "home": HomeScreen,
    "checkin": CheckinScreen,
    "strategies": StrategiesScreen,
    "people": PeopleScreen,
    "insights": InsightsScreen,
}

_HIDDEN_IN_HELP = {"focus_next", "focus_previous", "copy_text"}

# Actions that only make sense on a section screen, not inside a dialog.
_SECTION_ONLY = {"section", "new_contact", "log_interaction", "start_checkin", "quit_app"}


class KithApp(App[None]):
    TITLE = "Kith"
    SUB_TITLE = "social connection, one small step at a time"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        Binding("1", "section('home')", "Home", show=False, id="section-home"),
        Binding("2", "section('checkin')", "Check-in", show=False, id="section-checkin"),
        Binding("3", "section('strategies')", "Strategies", show=False, id="section-strategies"),
        Binding("4", "section('people')", "People", show=False, id="section-people"),
        Binding("5", "section('insights')", "Insights", show=False, id="section-insights"),
        Binding("question_mark,f1", "help", "Help", id="help"),
        Binding("exclamation_mark,f2", "support", "Support", id="support"),
        Binding("q", "quit_app", "Quit", id="quit"),
    ]

    def __init__(
        self,
        store: Store,
        *,
        clock: Clock | None = None,
        demo: bool = False,
        show_welcome: bool = True,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        self.store = store
        self.clock: Clock = clock if clock is not None else store.clock
        self.demo = demo
        self.show_welcome = show_welcome
        self.cursor_blink = cursor_blink
        if demo:
            self.sub_title = "demo: a throwaway copy with made-up people"
        for name, screen_class in SECTION_SCREENS.items():
            self.add_mode(name, self._section_factory(screen_class))

    def _section_factory(self, screen_class: type[SectionScreen]) -> Callable[[], Screen[None]]:
        return lambda: screen_class(self.store, self.clock)

    # -- start -------------------------------------------------------------------
    def on_mount(self) -> None:
        settings = self.store.settings.get()
        if settings.theme in self.available_themes:
            self.theme = settings.theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.switch_mode("home")
        if self.show_welcome and not settings.welcome_seen:
            self.push_screen(WelcomeScreen(self.store.data_dir), self._welcome_done)

    def _welcome_done(self, _: None) -> None:
        self._save_setting(welcome_seen=True)

    def _theme_changed(self, _theme: object) -> None:
        if self.store.settings.get().theme != self.theme:
            self._save_setting(theme=self.theme)

    def _save_setting(self, **changes: object) -> None:
        try:
            self.store.settings.change(**changes)
        except StoreError as error:
            self.notify(str(error), title="Not saved", severity="error", markup=False)

    @on(events.DescendantFocus)
    def _steady_cursor(self, event: events.DescendantFocus) -> None:
        # Snapshots turn the blink off so every screenshot is the same.
        if not self.cursor_blink and hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False

    # -- actions -------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in _SECTION_ONLY and isinstance(self.screen, ModalScreen))

    def action_section(self, name: str) -> None:
        if name not in SECTION_SCREENS:
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
            if isinstance(screen, SectionScreen) and name == screen.SECTION:
                await self.run_action(action, screen)

        self.call_after_refresh(run)

    def action_new_contact(self) -> None:
        self._run_in_section("people", "new_contact")

    def action_log_interaction(self) -> None:
        self._run_in_section("people", "log_interaction")

    def action_start_checkin(self, instrument: str = "quick") -> None:
        self._run_in_section("checkin", f"start('{instrument}')")

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        name = getattr(self.screen, "TITLE_TEXT", "") or type(self.screen).__name__
        self.push_screen(HelpScreen(self.screen_keys(), name))

    def screen_keys(self) -> list[tuple[str, str]]:
        """The current screen's keys for the help: the screen's own first, then the
        focused widget's; keys that do the same thing are shown together."""
        grouped: dict[tuple[int, str], list[str]] = {}
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if active.node is self or not binding.description or binding.system:
                continue
            if binding.action.rpartition(".")[2] in _HIDDEN_IN_HELP:
                continue
            rank = 0 if active.node is self.screen else 1
            label = binding.key_display or self.get_key_display(binding)
            labels = grouped.setdefault((rank, binding.description), [])
            if label not in labels:
                labels.append(label)
        ordered = sorted(grouped.items(), key=lambda item: item[0][0])
        return [(" / ".join(labels), description) for (_, description), labels in ordered]

    def action_support(self) -> None:
        if isinstance(self.screen, SupportScreen):
            return
        self.push_screen(SupportScreen(self.store))

    def action_quit_app(self) -> None:
        self.exit()

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
